//! The coordination journey in headless Chromium: a public tip becomes a case at Polres,
//! Imigrasi's screening record is linked, the case is referred to IOM (consent recorded) and
//! accepted, a suspect moves from penyelidikan to P-21 with charges, and a meeting's action item
//! is assigned by Pemkot Batu and closed by Polres; every change is on the case timeline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use serde_json::Value;
use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::domain::access::Role;
use sinergi_app::{App, AppConfig};
use sinergi_e2e::{Browser, STEP_TIMEOUT, TestServer};
use sinergi_store::testing::TestDatabase;
use sinergi_web::WebSettings;
use std::sync::Arc;

const PASSWORD: &str = "kata-sandi-rahasia-42";

/// Sets a form field by CSS selector (works for date inputs whatever the browser locale).
async fn fill(b: &Browser, css: &str, value: &str) {
    let js = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; return true;";
    b.client
        .execute(js, vec![Value::from(css), Value::from(value)])
        .await
        .unwrap_or_else(|e| panic!("fill {css}: {e}"));
}

async fn click(b: &Browser, css: &str) {
    b.client
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("find {css}: {e}"));
    // Mark the page, click, and wait for the next page (every button here submits a form).
    let marked = "window.__sinergiOld = true; return true;";
    b.client.execute(marked, vec![]).await.unwrap();
    b.client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let probe = "return !window.__sinergiOld && document.readyState === 'complete';";
    let start = std::time::Instant::now();
    loop {
        if let Ok(Value::Bool(true)) = b.client.execute(probe, vec![]).await {
            return;
        }
        if start.elapsed() > STEP_TIMEOUT {
            panic!("no new page after clicking {css}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Ticks a checkbox (no navigation).
async fn tick(b: &Browser, css: &str) {
    b.client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn text(b: &Browser, css: &str) -> String {
    b.client
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("find {css}: {e}"))
        .text()
        .await
        .unwrap()
}

async fn js(b: &Browser, script: &str) -> Value {
    b.client.execute(script, vec![]).await.unwrap()
}

async fn sign_in(b: &Browser, s: &TestServer, username: &str) {
    b.client.goto(&s.url("/login")).await.unwrap();
    fill(b, "#username", username).await;
    fill(b, "#password", PASSWORD).await;
    click(b, "#login-submit").await;
    b.client
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Id("logout-submit"))
        .await
        .unwrap();
}

async fn sign_out(b: &Browser) {
    click(b, "#logout-submit").await;
    b.client
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Id("login-heading"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tip_to_case_referral_legal_process_and_meeting() {
    let db = TestDatabase::new().await.expect("test database");
    let config = AppConfig {
        argon2_memory_kib: 64,
        ..AppConfig::new("unused")
    };
    let app = App::from_store(
        db.store.clone(),
        config,
        Arc::new(sinergi_app::domain::clock::SystemClock),
    )
    .await
    .expect("app");
    for (u, agency, role) in [
        ("penyidik", "polres-malang", Role::Investigator),
        ("pendamping", "iom-indonesia", Role::Caseworker),
        ("koordinator", "pemkot-batu", Role::Coordinator),
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
    let server = TestServer::start(app, WebSettings::default())
        .await
        .expect("server");
    let b = Browser::launch().await.expect("browser");

    // 1. A member of the public reports; the receipt code shows the status only.
    b.client.goto(&server.url("/lapor")).await.unwrap();
    fill(&b, "#tip-kind", "tppo").await;
    tick(&b, "#tip-consent").await;
    fill(&b, "#tip-suspect", "Mochamad Soetrisno").await;
    fill(
        &b,
        "#tip-narrative",
        "Tetangga ditawari kerja di Malaysia tanpa dokumen",
    )
    .await;
    click(&b, "#tip-submit").await;
    let receipt = text(&b, "#tip-receipt").await;
    assert_eq!(receipt.len(), 11);
    b.client
        .goto(&server.url(&format!("/lapor/status?kode={receipt}")))
        .await
        .unwrap();
    assert_eq!(text(&b, "#tip-status").await, "Diterima");

    // 2. Polres opens a case from the tip and links Imigrasi's screening record.
    sign_in(&b, &server, "penyidik").await;
    b.client.goto(&server.url("/kasus/laporan")).await.unwrap();
    fill(&b, ".case-title", "Perekrutan non-prosedural ke Malaysia").await;
    fill(&b, ".case-start", "2026-02-10").await;
    click(&b, ".open-case-submit").await;
    let number = text(&b, "#case-number").await;
    assert!(number.starts_with("SNG/"), "{number}");
    let case_url = b.client.current_url().await.unwrap().to_string();
    fill(&b, "#screening-id", "SKR-KANIM-MALANG-2026-0001").await;
    click(&b, "#screening-submit").await;
    assert!(
        text(&b, "#links")
            .await
            .contains("SKR-KANIM-MALANG-2026-0001")
    );

    // 3. A victim, her consent, and the referral to IOM.
    fill(&b, "#person-role", "victim").await;
    fill(&b, "#person-name", "Sri Wahyuni").await;
    click(&b, "#person-submit").await;
    let victim = js(
        &b,
        "return document.querySelector('#people li[data-role=victim]').dataset.id;",
    )
    .await;
    fill(&b, "#consent-person", victim.as_str().unwrap()).await;
    fill(&b, "#consent-date", "2026-03-01").await;
    click(&b, "#consent-submit").await;
    fill(&b, "#refer-to", "iom-indonesia").await;
    fill(&b, "#refer-reason", "Shelter dan pendampingan korban").await;
    fill(&b, "#refer-due", "2026-12-31").await;
    click(&b, "#refer-submit").await;
    assert!(text(&b, "#referrals").await.contains("in_progress"));
    sign_out(&b).await;

    // 4. IOM accepts in its inbox.
    sign_in(&b, &server, "pendamping").await;
    b.client.goto(&server.url("/kasus/rujukan")).await.unwrap();
    click(&b, "#inbox .accept").await;
    assert_eq!(text(&b, "#inbox .state").await, "accepted");
    sign_out(&b).await;

    // 5. The suspect from the tip moves from penyelidikan to P-21, with charges.
    sign_in(&b, &server, "penyidik").await;
    b.client.goto(&case_url).await.unwrap();
    let suspect = js(
        &b,
        "return document.querySelector('#people li[data-role=suspect]').dataset.id;",
    )
    .await;
    let suspect = suspect.as_str().unwrap().to_string();
    for (stage, on) in [
        ("penyelidikan", "2026-02-10"),
        ("penyidikan", "2026-02-20"),
        ("spdp", "2026-02-21"),
        ("tahap_1", "2026-03-02"),
        ("p19", "2026-03-09"),
        ("tahap_1", "2026-03-16"),
        ("p21", "2026-03-23"),
    ] {
        fill(&b, "#step-person", &suspect).await;
        fill(&b, "#step-stage", stage).await;
        fill(&b, "#step-on", on).await;
        fill(&b, "#step-doc", &format!("B/{stage}/2026/Satreskrim")).await;
        fill(&b, "#step-office", "Polres Malang").await;
        click(&b, "#step-submit").await;
        assert!(
            text(&b, "#legal .stage").await.starts_with(stage),
            "after {stage}"
        );
    }
    fill(&b, "#charges-person", &suspect).await;
    fill(
        &b,
        "#charges-text",
        "Primair: Pasal 4 jo Pasal 10 UU 21/2007; Subsidair: Pasal 81 UU 18/2017",
    )
    .await;
    fill(&b, "#charges-date", "2026-01-20").await;
    click(&b, "#charges-submit").await;
    assert_eq!(
        text(&b, "#legal .charges").await,
        "Primair: Pasal 4 jo Pasal 10 UU 21/2007; Subsidair: Pasal 81 UU 18/2017"
    );
    assert!(text(&b, "#legal .stage").await.starts_with("p21"));
    sign_out(&b).await;

    // 6. Pemkot Batu holds a meeting and assigns an action item to Polres (already due).
    sign_in(&b, &server, "koordinator").await;
    b.client.goto(&server.url("/kasus/rapat")).await.unwrap();
    fill(&b, "#meeting-date", "2026-03-20").await;
    fill(&b, "#meeting-title", "Rapat koordinasi Gugus Tugas PP-TPPO").await;
    fill(&b, "#meeting-attendees", "polres-malang, iom-indonesia").await;
    click(&b, "#meeting-submit").await;
    fill(&b, ".action-agency", "polres-malang").await;
    fill(
        &b,
        ".action-desc",
        "Profil perekrut aktif di Kec. Sumbermanjing",
    )
    .await;
    fill(&b, ".action-due", "2026-04-01").await;
    click(&b, ".action-submit").await;
    assert_eq!(text(&b, ".action-item .state").await, "open");
    sign_out(&b).await;

    // 7. Polres sees it overdue on its case home and closes it.
    sign_in(&b, &server, "penyidik").await;
    b.client.goto(&server.url("/kasus")).await.unwrap();
    assert!(text(&b, "#overdue-actions").await.contains("Sumbermanjing"));
    b.client.goto(&server.url("/kasus/rapat")).await.unwrap();
    click(&b, ".close-action").await;
    assert_eq!(text(&b, ".action-item .state").await, "done");

    // 8. Every state change is in the case timeline, with who and the agency name.
    b.client.goto(&case_url).await.unwrap();
    let timeline = text(&b, "#timeline").await;
    for kind in [
        "case.open",
        "case.link_tip",
        "case.link_screening",
        "case.consent",
        "case.refer",
        "referral.accept",
        "legal.step",
        "legal.charges",
    ] {
        assert!(timeline.contains(kind), "timeline lacks {kind}");
    }
    assert!(
        timeline.contains("Kepolisian Resor Malang"),
        "agency name in the timeline"
    );
    assert!(
        timeline.contains("International Organization for Migration") || timeline.contains("IOM"),
        "IOM in the timeline"
    );

    b.close().await.expect("close browser");
    server.stop().await.expect("stop server");
    db.cleanup().await;
}
