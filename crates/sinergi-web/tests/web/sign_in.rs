//! Signing in and out over the pages: language, session and CSRF cookies, throttling, logout.

use super::support::{app, app_with, officer};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use sinergi_testkit::PASSWORD;
use sinergi_web::{Lang, WebSettings};

#[tokio::test]
async fn login_page_is_indonesian_by_default_and_english_on_request() {
    let t = app().await;
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
    let t = app().await;
    officer(&t, "dewi", "Dewi Petugas").await;
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
            .contains(&t.env.app.agency_name_today("kanim-malang").await)
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
    let t = app_with(WebSettings {
        secure_cookies: true,
        default_lang: Lang::En,
        ..WebSettings::default()
    })
    .await;
    officer(&t, "dewi", "Dewi Petugas").await;
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
    let t = app().await;
    officer(&t, "dewi", "Dewi Petugas").await;
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
    let t = app().await;
    officer(&t, "dewi", "Dewi Petugas").await;
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
    let t = app().await;
    officer(&t, "dewi", "Dewi Petugas").await;

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
    let t = app().await;
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
    let t = app().await;
    officer(&t, "dewi", "Dewi Petugas").await;
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
