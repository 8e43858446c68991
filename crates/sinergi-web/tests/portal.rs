//! The public portal over HTTP: every public page is light (< 50 KB), carries the quick exit and
//! the report links, loads no third-party script; the licence check answers "registered" or "not
//! registered"; officers enter outreach events that the portal then shows near a kecamatan.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use sinergi_app::App;
use sinergi_app::audit::Origin;
use sinergi_app::auth::{Caller, NewUser};
use sinergi_domain::access::Role;
use sinergi_store::testing::TestDatabase;
use sinergi_testkit::TestEnv;
use sinergi_web::{WebSettings, router};
use tower::ServiceExt;

const REGISTRY: &str = include_str!("../../../data/portal/registry-demo.csv");

async fn setup() -> (TestDatabase, App, axum::Router) {
    let TestEnv { db, app, .. } = TestEnv::new().await;
    app.import_licence_registry(&Origin::cli(), "demo", REGISTRY.as_bytes())
        .await
        .unwrap();
    let web = router(app.clone(), WebSettings::default());
    (db, app, web)
}

async fn get(web: &axum::Router, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut r = Request::builder().uri(path);
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    let res = web
        .clone()
        .oneshot(r.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn every_public_page_is_light_with_quick_exit_and_report_links() {
    let (db, _app, web) = setup().await;
    for path in [
        "/informasi",
        "/informasi?lang=en",
        "/informasi/izin",
        "/informasi/izin?nama=sinar+jaya+abadi+pt",
        "/informasi/larangan",
        "/informasi/sosialisasi?kecamatan=35.07.04",
        "/lapor",
        "/lapor/status?kode=X",
    ] {
        let (status, html) = get(&web, path, None).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(html.len() < 50 * 1024, "{path}: {} bytes", html.len());
        assert!(html.contains("id=\"quick-exit\""), "{path}: quick exit");
        assert!(html.contains("href=\"/lapor\""), "{path}: report link");
        assert!(
            html.contains("href=\"/lapor/status\""),
            "{path}: status link"
        );
        assert!(html.contains("<script src=\"/static/portal.js\""), "{path}");
        assert!(!html.contains("src=\"http"), "{path}: third-party resource");
        assert!(!html.contains("portal_"), "{path}: untranslated key");
    }
    let (status, js) = get(&web, "/static/portal.js", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(js.contains("location.replace") && js.contains("Escape"));
    let (_, en) = get(&web, "/informasi?lang=en", None).await;
    assert!(en.contains("Working abroad safely") && en.contains("Quick exit"));
    db.cleanup().await;
}

#[tokio::test]
async fn licence_check_says_registered_or_not_and_what_to_do() {
    let (db, _app, web) = setup().await;
    let (_, found) = get(&web, "/informasi/izin?nama=Sinar+Djaja", None).await;
    assert!(found.contains("PT Sinar Jaya Abadi"));
    assert!(found.contains("SIP3MI-DEMO-0001"));
    assert!(found.contains("01/03/2023") && found.contains("28/02/2028"));
    assert!(found.contains("Malaysia") && found.contains("licence-valid"));
    assert!(!found.contains("licence-none"));
    let (_, none) = get(
        &web,
        "/informasi/izin?nama=PT+Berkah+Sentosa+Abadi+Jaya",
        None,
    )
    .await;
    assert!(none.contains("id=\"licence-none\""));
    assert!(none.contains("Tidak terdaftar"));
    let (_, expired) = get(
        &web,
        "/informasi/izin?nama=contoh+karya+migran&jenis=p3mi",
        None,
    )
    .await;
    assert!(expired.contains("licence-expired"));
    db.cleanup().await;
}

#[tokio::test]
async fn bans_and_law_come_from_the_dated_tables() {
    let (db, _app, web) = setup().await;
    let (_, html) = get(&web, "/informasi/larangan", None).await;
    assert!(html.contains("Kepmenaker 260/2015"));
    assert!(html.contains("Arab Saudi"));
    assert!(html.contains("01/07/2015"));
    assert!(html.contains("UU 18/2017 Pasal 81"));
    assert!(html.contains("Rp15 miliar"));
    assert!(html.contains("UU 6/2011 Pasal 120"));
    db.cleanup().await;
}

#[tokio::test]
async fn officers_enter_outreach_events_that_the_portal_shows() {
    let (db, app, web) = setup().await;
    app.add_user(
        Caller::Operator,
        NewUser {
            username: "disnaker".into(),
            display_name: "Disnaker".into(),
            agency_code: "disnaker-kab-malang".into(),
            role: Role::LabourOfficer,
            password: "kata-sandi-uji-2026".into(),
        },
    )
    .await
    .unwrap();
    let s = app
        .login("disnaker", "kata-sandi-uji-2026", "t")
        .await
        .unwrap();
    let cookie = format!("sinergi_session={}", s.token);
    let (status, form) = get(&web, "/sosialisasi", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("id=\"outreach-form\""));
    assert!(
        !form.contains("id=\"quick-exit\""),
        "signed-in pages have their menu"
    );
    let body = format!(
        "csrf_token={}&title=Sosialisasi+migrasi+aman&held_on=10%2F12%2F2026&start_time=09%3A00\
         &kecamatan_code=35.07.04&place=Balai+Desa&agencies=disnaker-kab-malang\
         &agencies=kanim-malang&audience=Calon+PMI&expected_audience=60&materials=Leaflet",
        s.actor.csrf_token
    );
    let post = |body: String| {
        Request::builder()
            .method("POST")
            .uri("/sosialisasi")
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let res = web.clone().oneshot(post(body.clone())).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A bad day is answered on the form, not as an error page.
    let res = web
        .clone()
        .oneshot(post(body.replace("10%2F12%2F2026", "31%2F02%2F2026")))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("Tanggal tidak valid"));
    // Without the CSRF token nothing is saved.
    let res = web
        .clone()
        .oneshot(post(body.replace(&s.actor.csrf_token, "salah")))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, public) = get(&web, "/informasi/sosialisasi?kecamatan=35.07.04", None).await;
    assert_eq!(public.matches("class=\"card event").count(), 1);
    assert!(public.contains("10/12/2026, 09:00 WIB"));
    assert!(public.contains("di kecamatan Anda"));
    assert!(
        !public.contains("disnaker-kab-malang"),
        "agency names, not codes"
    );
    // Anonymous visitors cannot reach the officers' page.
    let (status, _) = get(&web, "/sosialisasi", None).await;
    assert!(status.is_redirection());
    db.cleanup().await;
}
