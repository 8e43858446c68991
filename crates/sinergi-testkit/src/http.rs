//! The real router called in-process, with the helpers web tests share.

use crate::{START, TestEnv};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use serde_json::Value;
use sinergi_web::{WebSettings, router};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use time::OffsetDateTime;
use tower::ServiceExt;

/// The application behind its router; counts 5xx answers for [`TestWeb::finish`].
pub struct TestWeb {
    /// The application, database and clock.
    pub env: TestEnv,
    /// The router with the 5xx counter.
    pub router: Router,
    server_errors: Arc<AtomicUsize>,
}

/// A response read into memory.
#[derive(Debug)]
pub struct Resp {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body as text.
    pub body: String,
    /// Body as sent (downloads: PDF, XLSX).
    pub bytes: Vec<u8>,
}

impl Resp {
    /// The value a `Set-Cookie` gives to `name`, with the whole header line.
    pub fn set_cookie(&self, name: &str) -> Option<(String, String)> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(|line| {
                let value = line[name.len() + 1..]
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .to_string();
                (value, line.to_string())
            })
    }

    /// A header's value as text (empty when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The value of the hidden `csrf_token` field in the page.
    pub fn csrf_field(&self) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        let start = self.body.find(marker).expect("a csrf_token field") + marker.len();
        let rest = &self.body[start..];
        rest[..rest.find('"').expect("end of the csrf value")].to_string()
    }
}

/// `application/x-www-form-urlencoded` of `pairs`.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
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

impl TestWeb {
    /// A fresh application behind the router with default settings.
    pub async fn new() -> TestWeb {
        Self::with_settings(WebSettings::default()).await
    }

    /// A fresh application behind the router with `settings`.
    pub async fn with_settings(settings: WebSettings) -> TestWeb {
        Self::at(START, settings).await
    }

    /// A fresh application whose clock stands at `now`, behind the router with `settings`.
    pub async fn at(now: OffsetDateTime, settings: WebSettings) -> TestWeb {
        let env = TestEnv::at(now).await;
        let server_errors = Arc::new(AtomicUsize::new(0));
        let counter = server_errors.clone();
        let router = router(env.app.clone(), settings).layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let counter = counter.clone();
                async move {
                    let res = next.run(req).await;
                    if res.status().is_server_error() {
                        counter.fetch_add(1, Ordering::SeqCst);
                    }
                    res
                }
            },
        ));
        TestWeb {
            env,
            router,
            server_errors,
        }
    }

    /// Sends one request through the router.
    pub async fn send(&self, req: Request<Body>) -> Resp {
        let res = self.router.clone().oneshot(req).await.expect("router");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 24)
            .await
            .expect("body");
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// `GET path` with a `Cookie` header (empty: none).
    pub async fn get(&self, path: &str, cookies: &str) -> Resp {
        let mut req = Request::get(path);
        if !cookies.is_empty() {
            req = req.header("cookie", cookies);
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }

    /// `POST path` of a form.
    pub async fn post_form(&self, path: &str, cookies: &str, pairs: &[(&str, &str)]) -> Resp {
        let mut req =
            Request::post(path).header("content-type", "application/x-www-form-urlencoded");
        if !cookies.is_empty() {
            req = req.header("cookie", cookies);
        }
        self.send(req.body(Body::from(form_encode(pairs))).expect("request"))
            .await
    }

    /// A JSON API call with an optional bearer token and body.
    pub async fn api(
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
        self.send(req.body(body).expect("request")).await
    }

    /// Opens the login page and returns (the CSRF `Cookie` header, the form's CSRF field), after
    /// checking that the two agree.
    pub async fn login_form(&self) -> (String, String) {
        let page = self.get("/login", "").await;
        let (value, _) = page
            .set_cookie("sinergi_login_csrf")
            .expect("login csrf cookie");
        assert_eq!(page.csrf_field(), value);
        (format!("sinergi_login_csrf={value}"), value)
    }

    /// Posts the login form with `username` and `password` and returns the answer.
    pub async fn try_login(&self, username: &str, password: &str) -> Resp {
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

    /// Signs `username` in through the login form and returns the session's `Cookie` header.
    pub async fn login(&self, username: &str) -> String {
        let res = self.try_login(username, crate::PASSWORD).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let (token, _) = res.set_cookie("sinergi_session").expect("session cookie");
        format!("sinergi_session={token}")
    }

    /// End-of-test invariants: no response was a 5xx, and the audit chain still verifies.
    /// Then the database goes.
    pub async fn finish(self) {
        let errors = self.server_errors.load(Ordering::SeqCst);
        assert_eq!(errors, 0, "unexpected 5xx responses");
        self.env.cleanup().await;
    }
}
