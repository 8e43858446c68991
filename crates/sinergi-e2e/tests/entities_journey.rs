//! People across the system in headless Chromium (issue #13): the second office sees the first
//! office's deferral of the same person whose NIK it typed with one wrong digit; a recruiter's
//! network spans two cases and an applicant's sponsor phone; a proposed merge of "Pak Darto" and
//! "Darto Sugiharto" is confirmed and undone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::domain::access::Role;
use sinergi_app::entities::RecordAbout;
use sinergi_app::entities::demo::{DEMO_CASE_ONE, DEMO_CASE_TWO, DEMO_SPONSORED_APPLICANT};
use sinergi_app::{App, AppConfig};
use sinergi_e2e::{Browser, TestServer};
use sinergi_store::testing::TestDatabase;
use sinergi_web::WebSettings;
use std::sync::Arc;

const PASSWORD: &str = "kata-sandi-rahasia-42";

async fn app_with_users(db: &TestDatabase) -> App {
    let app = App::from_store(
        db.store.clone(),
        AppConfig {
            argon2_memory_kib: 64,
            ..AppConfig::new("unused")
        },
        Arc::new(sinergi_app::domain::clock::SystemClock),
    )
    .await
    .expect("app");
    for (u, agency, role) in [
        ("dewi", "kanim-malang", Role::ImmigrationOfficer),
        ("agus", "kanim-blitar", Role::ImmigrationOfficer),
        ("bambang", "polres-malang", Role::Investigator),
    ] {
        app.add_user(
            Caller::Operator,
            NewUser {
                username: u.into(),
                display_name: u.into(),
                agency_code: agency.into(),
                role,
                password: PASSWORD.into(),
            },
        )
        .await
        .expect("user");
    }
    app
}

/// Records an application through the intake form and waits for its page.
async fn record(b: &Browser, server: &TestServer, name: &str, nik: &str) {
    b.open(server, "/prevention/new").await;
    b.fill("#full_name", name).await;
    b.fill("#nik", nik).await;
    b.fill("#birth_date", "15/04/1997").await;
    b.choose("#sex", "P").await;
    b.choose("#purpose", "visit_family").await;
    b.fill("#destination", "MY").await;
    b.click("#applicant-submit").await;
    assert_eq!(b.text("#applicant-name").await, name);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_second_office_sees_the_first_offices_deferral_despite_a_nik_typo() {
    let db = TestDatabase::new().await.expect("test database");
    let app = app_with_users(&db).await;
    let server = TestServer::start(app, WebSettings::default())
        .await
        .expect("server");
    let b = Browser::launch().await.expect("browser");

    // Kanim Malang defers Wulan Sari.
    b.sign_in(&server, "dewi", PASSWORD).await;
    record(&b, &server, "Wulan Sari", "3507045504970001").await;
    b.choose("#decision", "defer").await;
    b.fill(
        "#reason",
        "Mengaku kunjungan keluarga, tetapi akan bekerja di Malaysia tanpa prosedur",
    )
    .await;
    b.click("#decision-submit").await;
    assert_eq!(b.text("#deadline").await.len(), 10, "dd/mm/yyyy");
    b.sign_out().await;

    // Kanim Blitar types the NIK with one wrong digit: the deferral is still found.
    b.sign_in(&server, "agus", PASSWORD).await;
    record(&b, &server, "Wulan Sari", "3507045504970007").await;
    b.find("tr.indicator[data-code='earlier_deferral']").await;
    b.find("article.hit[data-kind='applicant']").await;
    let hits = b.text("article.hit[data-kind='applicant']").await;
    assert!(hits.contains("Wulan Sari"), "{hits}");

    b.close().await.expect("close browser");
    server.stop().await.expect("stop server");
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recruiters_network_spans_two_cases_and_a_merge_is_confirmed_and_undone() {
    let db = TestDatabase::new().await.expect("test database");
    let app = app_with_users(&db).await;
    sinergi_app::prevention::demo::seed_demo_prevention(&app)
        .await
        .expect("prevention demo");
    sinergi_app::cases::seed_demo_cases(&app)
        .await
        .expect("cases demo");
    // The records and case numbers the journeys look for, as the police see them.
    let police = app
        .login("bambang", PASSWORD, "setup")
        .await
        .expect("login");
    let overview = app.entity_overview(&police.actor).await.expect("overview");
    let cases = app.cases(&police.actor, "").await.expect("cases");
    let number = |t: &str| {
        cases
            .iter()
            .find(|c| c.title == t)
            .map(|c| c.number.clone())
            .expect("demo case")
    };
    let (one, two) = (number(DEMO_CASE_ONE), number(DEMO_CASE_TWO));
    let find = |name: &str, case: &str| {
        overview
            .proposals
            .iter()
            .flat_map(|p| [&p.a, &p.b])
            .find(|r| {
                r.name == name
                    && matches!(&r.about, RecordAbout::CasePerson { case_number, .. } if *case_number == case)
            })
            .map(|r| r.key.to_string())
            .expect("record in a proposal")
    };
    let (pak, darto, recruiter) = (
        find("Pak Darto", &one),
        find("Darto Sugiharto", &one),
        find("Darto Sugiharto", &two),
    );
    let server = TestServer::start(app, WebSettings::default())
        .await
        .expect("server");
    let b = Browser::launch().await.expect("browser");

    // (b) Immigration (the cases are shared with it; it reads applications and the watchlist):
    // from the menu to the recruiter's network.
    b.sign_in(&server, "dewi", PASSWORD).await;
    b.click("nav a[href='/orang']").await;
    b.click(&format!("li.proposal a[href='/orang/{recruiter}']"))
        .await;
    assert_eq!(b.text("#entity-name").await, "Darto Sugiharto");
    b.click("#entity-network").await;
    b.find("#network-svg svg").await;
    let list = b.text("#network-list").await;
    for want in [
        one.as_str(),
        two.as_str(),
        DEMO_SPONSORED_APPLICANT,
        "PT Sumber Rezeki Abadi",
        "Darto Sugiharto (contoh)",
    ] {
        assert!(list.contains(want), "{want} in the network: {list}");
    }
    assert!(!list.contains("Yuliana"), "victims never appear: {list}");
    // The applicant is a link to the application.
    b.click("#network-list a[href^='/prevention/']:not([href='/prevention/watchlist'])")
        .await;
    b.find("#applicant-name").await;
    b.sign_out().await;

    // (c) The police confirm the proposed merge, then undo it.
    b.sign_in(&server, "bambang", PASSWORD).await;
    b.open(&server, &format!("/orang/{pak}")).await;
    let proposal = format!("li.proposal[data-b='{darto}']");
    let why = b.text(&proposal).await;
    assert!(
        why.contains("Nomor telepon: sama persis"),
        "evidence in words: {why}"
    );
    b.click(&format!("{proposal} button.merge")).await;
    assert_eq!(b.path().await, format!("/orang/{pak}"));
    assert_eq!(b.text("#entity-name").await, "Darto Sugiharto");
    let records = b.text("#entity-records").await;
    assert!(records.contains("Pak Darto") && records.contains("Darto Sugiharto"));
    let decision = b.text("#merges").await;
    assert!(decision.contains("Digabung"), "{decision}");
    b.click("#merges button.undo").await;
    let records = b.text("#entity-records").await;
    assert!(!records.contains("Darto Sugiharto"), "undone: {records}");
    assert!(b.text("#merges").await.contains("Penggabungan dibatalkan"));
    b.find(&proposal).await;

    b.close().await.expect("close browser");
    server.stop().await.expect("stop server");
    db.cleanup().await;
}
