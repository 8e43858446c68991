//! Integration tests of the web layer: the real router over an isolated database, in-process
//! through `oneshot`, plus one journey over real HTTP on a bound `127.0.0.1:0` listener.
//! One test binary for the crate (style.md §3 rule 9b).

// Helpers here are test code too: a panic is a failed test (clippy's allow-unwrap-in-tests
// covers only `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use serde_json::Value;
use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::{App, AppConfig};
use sinergi_domain::access::Role;
use sinergi_domain::clock::FixedClock;
use sinergi_store::testing::TestDatabase;
use sinergi_web::{Lang, WebSettings, router};
use std::sync::Arc;
use time::macros::datetime;
use tower::ServiceExt;

const PASSWORD: &str = "kata-sandi-rahasia-42";

/// The application, its router and its database; `finish` checks the audit chain and drops
/// the database.
struct TestApp {
    app: App,
    router: Router,
    db: TestDatabase,
    /// Responses with a 5xx status; `finish` requires none.
    server_errors: Arc<std::sync::atomic::AtomicUsize>,
}

/// A response read into memory.
#[derive(Debug)]
struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Resp {
    /// The value a `Set-Cookie` gives to `name`, with the whole header line.
    fn set_cookie(&self, name: &str) -> Option<(String, String)> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(|line| {
                let value = line[name.len() + 1..]
                    .split(';')
                    .next()
                    .unwrap()
                    .to_string();
                (value, line.to_string())
            })
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The value of the hidden `csrf_token` field in the page.
    fn csrf_field(&self) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        let start = self.body.find(marker).expect("a csrf_token field") + marker.len();
        let rest = &self.body[start..];
        rest[..rest.find('"').unwrap()].to_string()
    }
}

fn form_encode(pairs: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl TestApp {
    async fn new() -> TestApp {
        Self::with_settings(WebSettings::default()).await
    }

    async fn with_settings(settings: WebSettings) -> TestApp {
        let db = TestDatabase::new().await.expect("test database");
        let config = AppConfig {
            argon2_memory_kib: 64,
            ..AppConfig::new("unused")
        };
        let clock = Arc::new(FixedClock(datetime!(2026-11-28 20:30 UTC)));
        let app = App::from_store(db.store.clone(), config, clock)
            .await
            .expect("app");
        let server_errors = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = server_errors.clone();
        let router = router(app.clone(), settings).layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let counter = counter.clone();
                async move {
                    let res = next.run(req).await;
                    if res.status().is_server_error() {
                        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    res
                }
            },
        ));
        TestApp {
            app,
            router,
            db,
            server_errors,
        }
    }

    async fn add_user(&self, username: &str, display_name: &str) {
        self.app
            .add_user(
                Caller::Operator,
                NewUser {
                    username: username.into(),
                    display_name: display_name.into(),
                    agency_code: "kanim-malang".into(),
                    role: Role::ImmigrationOfficer,
                    password: PASSWORD.into(),
                },
            )
            .await
            .expect("add user");
    }

    async fn send(&self, req: Request<Body>) -> Resp {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        Resp {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    async fn get(&self, path: &str, cookies: &str) -> Resp {
        let mut req = Request::get(path);
        if !cookies.is_empty() {
            req = req.header("cookie", cookies);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    async fn post_form(&self, path: &str, cookies: &str, pairs: &[(&str, &str)]) -> Resp {
        let mut req =
            Request::post(path).header("content-type", "application/x-www-form-urlencoded");
        if !cookies.is_empty() {
            req = req.header("cookie", cookies);
        }
        self.send(req.body(Body::from(form_encode(pairs))).unwrap())
            .await
    }

    async fn api(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Resp {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                req = req.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(req.body(body).unwrap()).await
    }

    /// Opens the login page and returns (csrf cookie header, csrf field value).
    async fn login_form(&self) -> (String, String) {
        let page = self.get("/login", "").await;
        let (value, _) = page
            .set_cookie("sinergi_login_csrf")
            .expect("login csrf cookie");
        assert_eq!(page.csrf_field(), value);
        (format!("sinergi_login_csrf={value}"), value)
    }

    async fn try_login(&self, username: &str, password: &str) -> Resp {
        let (cookie, csrf) = self.login_form().await;
        self.post_form(
            "/login",
            &cookie,
            &[
                ("username", username),
                ("password", password),
                ("csrf_token", &csrf),
            ],
        )
        .await
    }

    /// Signs in and returns the `Cookie` header of the session.
    async fn login(&self, username: &str) -> String {
        let res = self.try_login(username, PASSWORD).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let (token, _) = res.set_cookie("sinergi_session").expect("session cookie");
        format!("sinergi_session={token}")
    }

    /// End-of-test invariants: no response was a 5xx, and the audit chain still verifies.
    /// Then the database goes.
    async fn finish(self) {
        let errors = self.server_errors.load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(errors, 0, "unexpected 5xx responses");
        let v = self.app.verify_audit().await.expect("verify audit");
        assert_eq!(v.broken, None, "audit chain broken");
        self.db.cleanup().await;
    }
}

#[tokio::test]
async fn login_page_is_indonesian_by_default_and_english_on_request() {
    let t = TestApp::new().await;
    let id = t.get("/login", "").await;
    assert_eq!(id.status, StatusCode::OK);
    assert!(id.header("content-type").starts_with("text/html"));
    for s in [
        "<html lang=\"id\">",
        "Masuk",
        "Nama pengguna",
        "Kata sandi",
        "id=\"username\"",
        "id=\"password\"",
        "id=\"login-submit\"",
        ">English</a>",
    ] {
        assert!(id.body.contains(s), "missing {s}");
    }
    assert!(id.set_cookie("sinergi_lang").is_none());

    let en = t.get("/login?lang=en", "").await;
    assert!(en.body.contains("<html lang=\"en\">") && en.body.contains("Sign in"));
    assert!(en.body.contains("Username") && en.body.contains(">Bahasa Indonesia</a>"));
    let (value, line) = en.set_cookie("sinergi_lang").expect("language cookie");
    assert_eq!(value, "en");
    assert!(line.contains("Path=/") && line.contains("Max-Age="));

    // The cookie keeps the choice; ?lang=id switches back.
    assert!(
        t.get("/login", "sinergi_lang=en")
            .await
            .body
            .contains("Sign in")
    );
    let back = t.get("/login?lang=id", "sinergi_lang=en").await;
    assert!(back.body.contains("Nama pengguna"));
    assert_eq!(back.set_cookie("sinergi_lang").unwrap().0, "id");

    // Pages stay Indonesian whatever the browser's Accept-Language; English only on request.
    let req = |cookie: Option<&str>| {
        let mut r = Request::get("/login").header("accept-language", "en-GB,en;q=0.9,id;q=0.5");
        if let Some(c) = cookie {
            r = r.header("cookie", c);
        }
        r.body(Body::empty()).unwrap()
    };
    assert!(t.send(req(None)).await.body.contains("Nama pengguna"));
    assert!(
        t.send(req(Some("sinergi_lang=en")))
            .await
            .body
            .contains("Username")
    );
    assert!(
        t.send(req(Some("sinergi_lang=id")))
            .await
            .body
            .contains("Nama pengguna")
    );
    t.finish().await;
}

#[tokio::test]
async fn login_sets_a_session_cookie_and_home_greets_the_user() {
    let t = TestApp::new().await;
    t.add_user("dewi", "Dewi Petugas").await;
    let res = t.try_login("dewi", PASSWORD).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), "/");
    let (_, line) = res.set_cookie("sinergi_session").unwrap();
    assert!(line.contains("HttpOnly") && line.contains("SameSite=Lax") && line.contains("Path=/"));
    assert!(!line.contains("Secure"), "no Secure flag unless configured");
    let cookie = format!(
        "sinergi_session={}",
        res.set_cookie("sinergi_session").unwrap().0
    );

    let home = t.get("/", &cookie).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body
            .contains("<h1 id=\"welcome\">Selamat datang, Dewi Petugas</h1>"),
        "{}",
        home.body
    );
    assert!(
        home.body
            .contains(&t.app.agency_name_today("kanim-malang").await)
    );
    assert!(home.body.contains("Petugas imigrasi"));
    // 20:30 UTC on 28/11 is 03:30 WIB on 29/11.
    assert!(home.body.contains("29/11/2026 03:30 WIB"));
    assert!(home.body.contains("id=\"people-count\">0<"));

    let en = t.get("/?lang=en", &cookie).await;
    assert!(en.body.contains("Welcome, Dewi Petugas") && en.body.contains("Immigration officer"));

    // Signed in, the login page sends the user home.
    let again = t.get("/login", &cookie).await;
    assert_eq!(
        (again.status, again.header("location")),
        (StatusCode::SEE_OTHER, "/")
    );
    t.finish().await;
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let t = TestApp::with_settings(WebSettings {
        secure_cookies: true,
        default_lang: Lang::En,
        ..WebSettings::default()
    })
    .await;
    t.add_user("dewi", "Dewi Petugas").await;
    let page = t.get("/login", "").await;
    assert!(page.body.contains("Username"), "default language English");
    assert!(
        page.set_cookie("sinergi_login_csrf")
            .unwrap()
            .1
            .contains("; Secure")
    );
    let res = t.try_login("dewi", PASSWORD).await;
    assert!(
        res.set_cookie("sinergi_session")
            .unwrap()
            .1
            .contains("; Secure")
    );
    t.finish().await;
}

#[tokio::test]
async fn wrong_password_rerenders_the_form_with_401_and_escapes_input() {
    let t = TestApp::new().await;
    t.add_user("dewi", "Dewi Petugas").await;
    let res = t.try_login("dewi", "salah-sekali-123").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.body.contains("Nama pengguna atau kata sandi salah."));
    assert!(res.body.contains("value=\"dewi\""), "username kept");
    assert!(res.set_cookie("sinergi_session").is_none());

    let (cookie, csrf) = t.login_form().await;
    let res = t
        .post_form(
            "/login?lang=en",
            &cookie,
            &[
                ("username", "\"><script>x</script>"),
                ("password", "x"),
                ("csrf_token", &csrf),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.body.contains("Wrong username or password."));
    assert!(!res.body.contains("<script>x"), "input is escaped");
    t.finish().await;
}

#[tokio::test]
async fn repeated_failures_are_throttled_with_429() {
    let t = TestApp::new().await;
    t.add_user("dewi", "Dewi Petugas").await;
    for _ in 0..sinergi_app::auth::PAIR_FREE_FAILS {
        assert_eq!(
            t.try_login("dewi", "salah-sekali-123").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let res = t.try_login("dewi", PASSWORD).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        res.body
            .contains("Terlalu banyak percobaan masuk yang gagal")
    );
    assert_eq!(res.header("retry-after"), "900");
    assert!(res.set_cookie("sinergi_session").is_none());

    let api = t
        .api(
            Method::POST,
            "/api/v1/session",
            None,
            Some(serde_json::json!({"username": "dewi", "password": PASSWORD})),
        )
        .await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(api.json()["error"], "auth_throttled");
    t.finish().await;
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_rejected() {
    let t = TestApp::new().await;
    t.add_user("dewi", "Dewi Petugas").await;

    // Login: no cookie, or a field that differs from the cookie.
    let no_cookie = t
        .post_form(
            "/login",
            "",
            &[
                ("username", "dewi"),
                ("password", PASSWORD),
                ("csrf_token", "0123456789abcdef0123456789abcdef"),
            ],
        )
        .await;
    assert_eq!(no_cookie.status, StatusCode::FORBIDDEN);
    assert!(
        no_cookie
            .body
            .contains("Formulir kedaluwarsa atau tidak sah")
    );
    assert!(
        no_cookie.body.contains(no_cookie.header("x-request-id")),
        "request id shown"
    );
    assert!(no_cookie.set_cookie("sinergi_session").is_none());
    let (cookie, _) = t.login_form().await;
    let mismatch = t
        .post_form(
            "/login",
            &cookie,
            &[
                ("username", "dewi"),
                ("password", PASSWORD),
                ("csrf_token", "0123456789abcdef0123456789abcdef"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::FORBIDDEN);

    // Signed-in forms: the session's token only.
    let session = t.login("dewi").await;
    let bad = t
        .post_form("/logout?lang=en", &session, &[("csrf_token", "forged")])
        .await;
    assert_eq!(bad.status, StatusCode::FORBIDDEN);
    assert!(bad.body.contains("The form has expired or is not valid."));
    let missing = t.post_form("/logout/everywhere", &session, &[]).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert_eq!(
        t.get("/", &session).await.status,
        StatusCode::OK,
        "still signed in"
    );
    t.finish().await;
}

#[tokio::test]
async fn home_requires_a_session() {
    let t = TestApp::new().await;
    let res = t.get("/", "").await;
    assert_eq!(
        (res.status, res.header("location")),
        (StatusCode::SEE_OTHER, "/login")
    );
    let res = t.get("/", "sinergi_session=not-a-real-token").await;
    assert_eq!(
        (res.status, res.header("location")),
        (StatusCode::SEE_OTHER, "/login")
    );
    let res = t.post_form("/logout", "", &[("csrf_token", "x")]).await;
    assert_eq!(
        (res.status, res.header("location")),
        (StatusCode::SEE_OTHER, "/login")
    );
    t.finish().await;
}

#[tokio::test]
async fn logout_ends_the_session_and_everywhere_ends_all() {
    let t = TestApp::new().await;
    t.add_user("dewi", "Dewi Petugas").await;
    let session = t.login("dewi").await;
    let home = t.get("/", &session).await;
    let res = t
        .post_form("/logout", &session, &[("csrf_token", &home.csrf_field())])
        .await;
    assert_eq!(
        (res.status, res.header("location")),
        (StatusCode::SEE_OTHER, "/login?signed_out=1")
    );
    assert!(
        res.set_cookie("sinergi_session")
            .unwrap()
            .1
            .contains("Max-Age=0")
    );
    assert_eq!(t.get("/", &session).await.status, StatusCode::SEE_OTHER);
    assert!(
        t.get("/login?signed_out=1", "")
            .await
            .body
            .contains("Anda telah keluar.")
    );

    let first = t.login("dewi").await;
    let second = t.login("dewi").await;
    let home = t.get("/", &first).await;
    let res = t
        .post_form(
            "/logout/everywhere",
            &first,
            &[("csrf_token", &home.csrf_field())],
        )
        .await;
    assert_eq!(res.header("location"), "/login?signed_out=everywhere");
    assert_eq!(t.get("/", &first).await.status, StatusCode::SEE_OTHER);
    assert_eq!(t.get("/", &second).await.status, StatusCode::SEE_OTHER);
    t.finish().await;
}

#[tokio::test]
async fn healthz_reports_the_database_and_503_when_it_is_gone() {
    let t = TestApp::new().await;
    let res = t.get("/healthz", "").await;
    assert_eq!(res.status, StatusCode::OK);
    let v = res.json();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["database"], t.app.backend_name());
    assert!(["sqlite", "postgres"].contains(&t.app.backend_name()));
    t.app.close().await;
    let res = t.get("/healthz", "").await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.json()["status"], "unavailable");
    t.db.cleanup().await;
}

#[tokio::test]
async fn api_token_flow() {
    let t = TestApp::new().await;
    t.add_user("dewi", "Dewi Petugas").await;
    let creds = serde_json::json!({"username": "dewi", "password": PASSWORD});
    let res = t
        .api(Method::POST, "/api/v1/session", None, Some(creds))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let v = res.json();
    let token = v["token"].as_str().unwrap().to_string();
    assert_eq!(v["user"]["username"], "dewi");
    assert_eq!(v["user"]["role"], "immigration_officer");

    let me = t.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["display_name"], "Dewi Petugas");
    assert!(me.json()["permissions"].as_array().unwrap().len() > 1);

    let agencies = t
        .api(Method::GET, "/api/v1/agencies", Some(&token), None)
        .await
        .json();
    let p2mi = agencies
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "p2mi")
        .unwrap();
    assert!(
        p2mi["name"].as_str().unwrap().contains("KP2MI"),
        "name in force on 29/11/2026"
    );
    assert!(p2mi["names"].as_array().unwrap().len() >= 2, "name history");
    assert!(p2mi["names"][0]["valid_from"].as_str().unwrap().len() == 10);

    let count = t
        .api(Method::GET, "/api/v1/people/count", Some(&token), None)
        .await;
    assert_eq!(count.json()["count"], 0);

    let nik = t
        .api(
            Method::POST,
            "/api/v1/nik/check",
            Some(&token),
            Some(serde_json::json!({"nik": "12345"})),
        )
        .await;
    assert_eq!(nik.status, StatusCode::OK);
    assert_eq!(nik.json()["valid"], false);
    assert_eq!(nik.json()["error"], "nik_wrong_length");

    let bad_json = t
        .send(
            Request::post("/api/v1/session")
                .header("content-type", "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(bad_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_json.json()["error"], "bad_request");

    let out = t
        .api(Method::DELETE, "/api/v1/session", Some(&token), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let gone = t.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    let v = gone.json();
    assert_eq!(v["error"], "auth_required");
    assert_eq!(v["message"], "Silakan masuk terlebih dahulu.");
    assert_eq!(v["request_id"], gone.header("x-request-id"));

    let en = t
        .send(
            Request::get("/api/v1/me")
                .header("accept-language", "en")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(en.json()["message"], "Please sign in first.");

    let wrong = t
        .api(
            Method::POST,
            "/api/v1/session",
            None,
            Some(serde_json::json!({"username": "dewi", "password": "salah-sekali-123"})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json()["error"], "auth_bad_credentials");
    t.finish().await;
}

#[tokio::test]
async fn openapi_documents_every_api_route() {
    let t = TestApp::new().await;
    let res = t.get("/api/openapi.json", "").await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (method, path) in sinergi_web::api::API_V1_ROUTES {
        assert!(
            paths.get(*path).and_then(|p| p.get(*method)).is_some(),
            "{method} {path} is routed but not documented"
        );
        // And it is really routed: no 404/405 (unauthenticated calls get 401 or 400).
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let res = t.api(m, path, None, Some(serde_json::json!({}))).await;
        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&res.status),
            "{method} {path}: {}",
            res.status
        );
    }
    // Every documented operation is routed somewhere in the crate (the cases area routes its
    // API in its own module).
    let routed = sinergi_testkit::routes_in_sources(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        sinergi_web::api::API_V1_ROUTES,
    );
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            assert!(
                routed.contains(&(method.to_uppercase(), path.clone())),
                "{method} {path} is documented but not routed"
            );
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    t.finish().await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let t = TestApp::new().await;
    let responses = [
        t.get("/login", "").await,
        t.get("/", "").await,
        t.get("/static/sinergi.css", "").await,
        t.get("/healthz", "").await,
        t.get("/api/v1/me", "").await,
        t.get("/no/such/page", "").await,
        t.post_form("/login", "", &[]).await,
    ];
    for res in &responses {
        let csp = res.header("content-security-policy");
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{res:?}"
        );
        assert_eq!(res.header("x-content-type-options"), "nosniff");
        assert_eq!(res.header("referrer-policy"), "same-origin");
        assert_eq!(res.header("x-frame-options"), "DENY");
        assert_eq!(res.header("x-request-id").len(), 16);
    }
    assert_eq!(responses[0].header("cache-control"), "no-store");
    let css = &responses[2];
    assert!(css.header("content-type").starts_with("text/css"));
    assert!(css.header("cache-control").contains("max-age="));
    let missing = &responses[5];
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Data atau halaman tidak ditemukan."));
    assert!(missing.body.contains(missing.header("x-request-id")));
    t.finish().await;
}

#[tokio::test]
async fn a_script_in_a_display_name_is_escaped_on_the_home_page() {
    let t = TestApp::new().await;
    t.add_user("mallory", "<script>alert(1)</script>").await;
    let session = t.login("mallory").await;
    let home = t.get("/", &session).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(!home.body.contains("<script>alert(1)</script>"));
    assert!(
        home.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || home.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        home.body
    );
    t.finish().await;
}

/// Sends one HTTP/1.1 request over a fresh TCP connection and reads the whole answer.
async fn raw_http(addr: std::net::SocketAddr, request: String) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_string())
}

#[tokio::test]
async fn real_http_sign_in_and_graceful_shutdown() {
    let t = TestApp::new().await;
    t.add_user("dewi", "Dewi Petugas").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sinergi_web::serve(
        t.app.clone(),
        listener,
        WebSettings::default(),
        async move {
            let _ = stopped.await;
        },
    ));

    let (status, head, body) = raw_http(
        addr,
        format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(head.contains("x-frame-options: deny"));
    assert!(body.contains("\"status\":\"ok\""));

    let (status, head, body) = raw_http(
        addr,
        format!("GET /login HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("Nama pengguna"));
    let csrf = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: sinergi_login_csrf="))
        .map(|v| v.split(';').next().unwrap().to_string())
        .unwrap();
    let form = form_encode(&[
        ("username", "dewi"),
        ("password", PASSWORD),
        ("csrf_token", &csrf),
    ]);
    let (status, head, _) = raw_http(
        addr,
        format!(
            "POST /login HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: sinergi_login_csrf={csrf}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        ),
    )
    .await;
    assert_eq!(status, 303);
    let session = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: sinergi_session="))
        .map(|v| v.split(';').next().unwrap().to_string())
        .unwrap();
    let (status, _, body) = raw_http(
        addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: sinergi_session={session}\r\n\r\n"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("Selamat datang, Dewi Petugas"));

    // The audit trail saw the real peer address.
    let audit = t
        .app
        .recent_audit(&admin_actor(&t).await, 20)
        .await
        .unwrap();
    assert!(format!("{audit:?}").contains("127.0.0.1"), "{audit:?}");

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    t.db.cleanup().await;
}

/// An admin actor (signed in through the application) to read the audit trail.
async fn admin_actor(t: &TestApp) -> sinergi_app::auth::Actor {
    t.app
        .add_user(
            Caller::Operator,
            NewUser {
                username: "admin".into(),
                display_name: "Admin".into(),
                agency_code: "kanwil-jatim".into(),
                role: Role::Admin,
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap();
    t.app.login("admin", PASSWORD, "test").await.unwrap().actor
}

/// Captured log output.
#[derive(Clone, Default)]
struct LogBuffer(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogBuffer {
    type Writer = LogBuffer;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Every log line of this test binary, from the moment the first test asks for it. A global
/// subscriber, because scoped ones miss events when other tests' threads cache callsite
/// interest first.
fn captured_logs() -> LogBuffer {
    static LOGS: std::sync::OnceLock<LogBuffer> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = LogBuffer::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(logs.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::TRACE)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        logs
    })
    .clone()
}

#[tokio::test]
async fn the_log_names_routes_and_never_personal_data() {
    let logs = captured_logs();
    let t = TestApp::new().await;
    t.add_user("dewi", "Dewi Petugas").await;
    let nik = "3573011205050123";
    let page = t.get("/login?lang=en&q=Siti+Aminah", "").await;
    assert_eq!(page.status, StatusCode::OK);
    let session = t.login("dewi").await;
    let token = session.trim_start_matches("sinergi_session=").to_string();
    let creds = serde_json::json!({"username": "dewi", "password": PASSWORD});
    let api = t
        .api(Method::POST, "/api/v1/session", None, Some(creds))
        .await
        .json();
    let bearer = api["token"].as_str().unwrap().to_string();
    let res = t
        .api(
            Method::POST,
            "/api/v1/nik/check",
            Some(&bearer),
            Some(serde_json::json!({ "nik": nik })),
        )
        .await;
    let v = res.json();
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["masked"], "357301******0123");
    assert!(!res.body.contains(nik), "the answer masks the NIK");

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("/api/v1/nik/check") && text.contains("status=200"),
        "{text}"
    );
    assert!(text.contains("request_id="));
    for secret in [
        nik,
        "Siti",
        PASSWORD,
        token.as_str(),
        bearer.as_str(),
        "lang=en",
    ] {
        assert!(
            !text.contains(secret),
            "the log contains {secret:?}:\n{text}"
        );
    }
    t.finish().await;
}

#[tokio::test]
async fn wrong_method_gets_a_translated_405() {
    let t = TestApp::new().await;
    let res = t.get("/logout", "").await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.body.contains("Metode permintaan tidak didukung"));
    let res = t.api(Method::PUT, "/api/v1/me", None, None).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.json()["error"], "method_not_allowed");
    t.finish().await;
}

#[path = "web/prevention.rs"]
mod prevention;

#[path = "web/crawl.rs"]
mod crawl;

#[path = "web/workspace.rs"]
mod workspace;

// The other test files of the crate, modules of this one binary (issue #9): a test is named
// `cargo test -p sinergi-web --test web <file>::<test>`.

#[path = "access_matrix.rs"]
mod access_matrix;

#[path = "cases.rs"]
mod cases;

#[path = "dashboard.rs"]
mod dashboard;

#[path = "openapi.rs"]
mod openapi;

#[path = "ops.rs"]
mod ops;

#[path = "portal.rs"]
mod portal;

#[path = "trust_pages.rs"]
mod trust_pages;

#[path = "reports.rs"]
mod reports;

#[path = "imports.rs"]
mod imports;
