//! The trust pages through the real router: sign-in with a second factor, API-client tokens,
//! the privacy page's subject export (NIK in the body, never the URL) and XSS in free text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::totp::{base32_decode, code_at};
use sinergi_app::{App, AppConfig};
use sinergi_domain::access::Role;
use sinergi_domain::clock::{Clock, ManualClock};
use sinergi_store::testing::TestDatabase;
use sinergi_web::{WebSettings, router};
use std::sync::Arc;
use time::macros::datetime;
use tower::ServiceExt;

use sinergi_testkit::{PASSWORD, TestEnv, add_named_user};

struct T {
    app: App,
    web: Router,
    db: TestDatabase,
    clock: Arc<ManualClock>,
}

struct Resp {
    status: StatusCode,
    location: String,
    cookies: Vec<String>,
    body: String,
}

impl T {
    async fn new() -> T {
        let TestEnv { db, app, clock } = TestEnv::at(datetime!(2026-11-28 08:00 UTC)).await;
        let web = router(app.clone(), WebSettings::default());
        T {
            app,
            web,
            db,
            clock,
        }
    }

    async fn user(&self, username: &str, display: &str, agency: &str, role: Role) {
        add_named_user(&self.app, username, display, agency, role).await;
    }

    async fn send(&self, req: Request<Body>) -> Resp {
        let res = self.web.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let cookies = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        let body = String::from_utf8(
            axum::body::to_bytes(res.into_body(), 1 << 22)
                .await
                .unwrap()
                .to_vec(),
        )
        .unwrap();
        Resp {
            status,
            location,
            cookies,
            body,
        }
    }

    async fn post_form(&self, path: &str, cookie: &str, body: &str) -> Resp {
        self.send(
            Request::post(path)
                .header("cookie", cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    async fn get(&self, path: &str, cookie: &str) -> Resp {
        self.send(
            Request::get(path)
                .header("cookie", cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }
}

fn cookie_value(r: &Resp, name: &str) -> Option<String> {
    r.cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c[name.len() + 1..].split(';').next().unwrap().to_string())
}

fn csrf_field(body: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = body.find(marker).unwrap() + marker.len();
    body[start..start + body[start..].find('"').unwrap()].to_string()
}

const LOGIN_CSRF: &str = "00112233445566778899aabbccddeeff";

async fn password_step(t: &T, username: &str) -> Resp {
    t.post_form(
        "/login",
        &format!("sinergi_login_csrf={LOGIN_CSRF}"),
        &format!("csrf_token={LOGIN_CSRF}&username={username}&password={PASSWORD}"),
    )
    .await
}

#[tokio::test]
async fn sign_in_with_a_second_factor() {
    let t = T::new().await;
    t.user("hendra", "Hendra", "kanim-malang", Role::Supervisor)
        .await;
    let first = password_step(&t, "hendra").await;
    assert_eq!(first.location, "/");
    let session = format!(
        "sinergi_session={}",
        cookie_value(&first, "sinergi_session").unwrap()
    );

    // Enrol through the security page and confirm with a code computed from the secret.
    let page = t.get("/account/security", &session).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = csrf_field(&page.body);
    let enrol = t
        .post_form(
            "/account/totp/enrol",
            &session,
            &format!("csrf_token={csrf}&password={PASSWORD}"),
        )
        .await;
    let start = enrol.body.find("id=\"totp-secret\">").unwrap() + 17;
    let secret_b32 = &enrol.body[start..start + enrol.body[start..].find('<').unwrap()];
    let secret = base32_decode(secret_b32).unwrap();
    let code = |t: &T| {
        format!(
            "{:06}",
            code_at(&secret, t.clock.now().unix_timestamp() / 30).unwrap()
        )
    };
    let confirmed = t
        .post_form(
            "/account/totp/confirm",
            &session,
            &format!("csrf_token={csrf}&code={}", code(&t)),
        )
        .await;
    assert!(
        confirmed.body.contains("id=\"notice\""),
        "{}",
        confirmed.body
    );

    // Now the password leads to the code page, and only a right code signs in.
    t.clock.advance(time::Duration::seconds(30));
    let second = password_step(&t, "hendra").await;
    assert_eq!(second.location, "/login/code");
    assert!(cookie_value(&second, "sinergi_session").is_none());
    let pending = format!(
        "sinergi_pending={}",
        cookie_value(&second, "sinergi_pending").unwrap()
    );
    let wrong = t.post_form("/login/code", &pending, "code=000000").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    // The pending sign-in is spent: even the right code needs the password again.
    let spent = t
        .post_form("/login/code", &pending, &format!("code={}", code(&t)))
        .await;
    assert_eq!(spent.status, StatusCode::UNAUTHORIZED);
    t.clock.advance(time::Duration::seconds(30));
    let again = password_step(&t, "hendra").await;
    let pending = format!(
        "sinergi_pending={}",
        cookie_value(&again, "sinergi_pending").unwrap()
    );
    let ok = t
        .post_form("/login/code", &pending, &format!("code={}", code(&t)))
        .await;
    assert_eq!(ok.location, "/");
    assert!(cookie_value(&ok, "sinergi_session").is_some());

    // The probe's attack: posting the enrolment form again (password, no code) neither resets
    // nor switches off the second factor; the password alone still leads to the code page.
    let reset = t
        .post_form(
            "/account/totp/enrol",
            &session,
            &format!("csrf_token={csrf}&password={PASSWORD}"),
        )
        .await;
    assert!(
        reset.body.contains("id=\"error-message\""),
        "{}",
        reset.body
    );
    assert!(!reset.body.contains("id=\"totp-secret\""));
    let off = t
        .post_form(
            "/account/totp/disable",
            &session,
            &format!("csrf_token={csrf}&code=000000"),
        )
        .await;
    assert!(off.body.contains("id=\"error-message\""), "{}", off.body);
    t.clock.advance(time::Duration::minutes(20));
    let still = password_step(&t, "hendra").await;
    assert_eq!(still.location, "/login/code");
    t.db.cleanup().await;
}

#[tokio::test]
async fn api_clients_use_their_token_within_scope() {
    let t = T::new().await;
    t.user("admin", "Admin", "kanwil-jatim", Role::Admin).await;
    let login = password_step(&t, "admin").await;
    let session = format!(
        "sinergi_session={}",
        cookie_value(&login, "sinergi_session").unwrap()
    );
    let page = t.get("/admin/api-clients", &session).await;
    let csrf = csrf_field(&page.body);
    let created = t
        .post_form(
            "/admin/api-clients",
            &session,
            &format!(
                "csrf_token={csrf}&name=SIMKIM+Malang&agency=kanim-malang&scopes=view_dashboard"
            ),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let start = created.body.find("id=\"new-token\">").unwrap() + 15;
    let token = &created.body[start..start + created.body[start..].find('<').unwrap()];
    assert!(token.starts_with("snrg_"));
    let me = t
        .send(
            Request::get("/api/v1/me")
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert!(me.body.contains("SIMKIM"));

    // A read scope never writes: a police client holding `view_cases` (which the bulletin
    // route happens to check) cannot post a bulletin.
    let created = t
        .post_form(
            "/admin/api-clients",
            &session,
            &format!("csrf_token={csrf}&name=Polres&agency=polres-malang&scopes=view_cases"),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let start = created.body.find("id=\"new-token\">").unwrap() + 15;
    let reader = &created.body[start..start + created.body[start..].find('<').unwrap()];
    let post = t
        .send(
            Request::post("/api/v1/bulletins")
                .header("authorization", format!("Bearer {reader}"))
                .header("content-type", "application/json")
                .body(Body::from(
                    r#"{"title":"x","body":"y","region_code":"35.07"}"#,
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN, "{}", post.body);
    let read = t
        .send(
            Request::get("/api/v1/cases")
                .header("authorization", format!("Bearer {reader}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    // A village client cannot be given deciding, audit or personal-data scopes.
    for scope in ["decide_applicants", "view_audit", "manage_privacy"] {
        let refused = t
            .post_form(
                "/admin/api-clients",
                &session,
                &format!("csrf_token={csrf}&name=Desa&agency=desa-sitiarjo&scopes={scope}"),
            )
            .await;
        assert!(!refused.body.contains("id=\"new-token\""), "{scope}");
    }
    t.db.cleanup().await;
}

#[tokio::test]
async fn subject_export_takes_the_nik_in_the_body_and_escapes_free_text() {
    let t = T::new().await;
    t.user("hendra", "Hendra", "kanim-malang", Role::Supervisor)
        .await;
    t.app
        .import_people_csv(
            &sinergi_app::audit::Origin::cli(),
            "uji",
            "id,full_name,nik\n1,<script>alert(1)</script> Siti,3507044101900001\n".as_bytes(),
        )
        .await
        .unwrap();
    let login = password_step(&t, "hendra").await;
    let session = format!(
        "sinergi_session={}",
        cookie_value(&login, "sinergi_session").unwrap()
    );
    let page = t.get("/privacy", &session).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = csrf_field(&page.body);
    let export = t
        .post_form(
            "/privacy/export",
            &session,
            &format!("csrf_token={csrf}&nik=3507044101900001"),
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&export.body).unwrap();
    assert_eq!(v["records"][0]["nik"], "3507044101900001");
    // A breach description with markup is shown escaped.
    let breach = t
        .post_form(
            "/privacy/breaches",
            &session,
            &format!(
                "csrf_token={csrf}&description=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E&measures=diganti&subjects_estimate=3&discovered_hours_ago=1"
            ),
        )
        .await;
    assert_eq!(breach.status, StatusCode::SEE_OTHER, "{}", breach.body);
    let list = t.get("/privacy", &session).await;
    assert!(!list.body.contains("<img src=x"), "markup is escaped");
    assert!(list.body.contains("&#60;img") || list.body.contains("&lt;img"));
    assert!(list.body.contains("71 j 00 m"), "72h minus 1h left");
    t.db.cleanup().await;
}

#[tokio::test]
async fn attachments_refuse_oversized_and_malformed_files_and_other_agencies() {
    let db = TestDatabase::new().await.unwrap();
    let config = AppConfig {
        argon2_memory_kib: 32,
        ..AppConfig::new("unused")
    };
    let app = App::from_store(
        db.store.clone(),
        config,
        Arc::new(sinergi_domain::clock::SystemClock),
    )
    .await
    .unwrap();
    sinergi_app::cases::seed_demo_cases(&app).await.unwrap();
    let dir = std::env::temp_dir().join(format!("sinergi-att-{}", std::process::id()));
    let web = router(
        app.clone(),
        WebSettings {
            data_dir: Some(dir.clone()),
            ..WebSettings::default()
        },
    );
    for (u, agency) in [("bambang", "polres-malang"), ("rudi", "polres-batu")] {
        app.add_user(
            Caller::Operator,
            NewUser {
                username: u.into(),
                display_name: u.into(),
                agency_code: agency.into(),
                role: Role::Investigator,
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap();
    }
    let polres = app.login("bambang", PASSWORD, "t").await.unwrap();
    let batu = app.login("rudi", PASSWORD, "t").await.unwrap();
    let case_id = app.cases(&polres.actor, "").await.unwrap()[0].id.clone();
    let send = |token: String, body: Vec<u8>| {
        let web = web.clone();
        let uri = format!("/api/v1/cases/{case_id}/attachments?name=bukti.pdf");
        async move {
            web.oneshot(
                Request::post(uri)
                    .header("authorization", format!("Bearer {token}"))
                    .header("content-type", "application/octet-stream")
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await
            .unwrap()
            .status()
        }
    };
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    assert_eq!(
        send(polres.token.clone(), pdf.clone()).await,
        StatusCode::OK
    );
    // Another agency's investigator cannot even learn that the case exists.
    assert_eq!(send(batu.token.clone(), pdf).await, StatusCode::NOT_FOUND);
    // A PDF/HTML polyglot is refused: its content is not only a PDF.
    assert_eq!(
        send(
            polres.token.clone(),
            b"%PDF-1.4\n<html><body onload=alert(1)>x</body></html>\n%%EOF\n".to_vec()
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A script renamed to .pdf is refused by its content.
    assert_eq!(
        send(polres.token.clone(), b"<script>alert(1)</script>".to_vec()).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Larger than the limit: refused before it reaches the case.
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(11 * 1024 * 1024, b'0');
    assert_eq!(
        send(polres.token.clone(), big).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let _ = std::fs::remove_dir_all(&dir);
    db.cleanup().await;
}
