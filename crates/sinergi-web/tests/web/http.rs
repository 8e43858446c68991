//! What every answer carries (security headers, escaping, translated errors), one journey over
//! real HTTP with graceful shutdown, and a log that names routes but never personal data.

use super::support::{app, officer};
use axum::http::{Method, StatusCode};
use sinergi_domain::access::Role;
use sinergi_testkit::{PASSWORD, form_encode};
use sinergi_web::WebSettings;
use std::sync::Arc;

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let t = app().await;
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
    let t = app().await;
    officer(&t, "mallory", "<script>alert(1)</script>").await;
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
    let t = app().await;
    officer(&t, "dewi", "Dewi Petugas").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sinergi_web::serve(
        t.env.app.clone(),
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
        .env
        .app
        .recent_audit(&t.env.actor("admin", "kanwil-jatim", Role::Admin).await, 20)
        .await
        .unwrap();
    assert!(format!("{audit:?}").contains("127.0.0.1"), "{audit:?}");

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    t.env.db.cleanup().await;
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
    let t = app().await;
    officer(&t, "dewi", "Dewi Petugas").await;
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
    let t = app().await;
    let res = t.get("/logout", "").await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.body.contains("Metode permintaan tidak didukung"));
    let res = t.api(Method::PUT, "/api/v1/me", None, None).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.json()["error"], "method_not_allowed");
    t.finish().await;
}
