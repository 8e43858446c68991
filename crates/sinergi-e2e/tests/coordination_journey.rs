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
    // A field inside a closed <details> form box is shown first, as a person would open it.
    let js = "const e = document.querySelector(arguments[0]); \
              const d = e.closest('details'); if (d) { d.open = true; } \
              e.value = arguments[1]; return true;";
    b.client
        .execute(js, vec![Value::from(css), Value::from(value)])
        .await
        .unwrap_or_else(|e| panic!("fill {css}: {e}"));
}

async fn click(b: &Browser, css: &str) {
    let open = "const e = document.querySelector(arguments[0]); \
                const d = e && e.closest('details'); if (d) { d.open = true; } return true;";
    let _ = b.client.execute(open, vec![Value::from(css)]).await;
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

    // 3. A victim, her consent, and the referral to IOM, all picked from lists.
    fill(&b, "#person-role", "victim").await;
    fill(&b, "#person-name", "Sri Wahyuni").await;
    click(&b, "#person-submit").await;
    let victim = js(
        &b,
        "return document.querySelector('#people tr[data-role=victim]').dataset.id;",
    )
    .await;
    fill(&b, "#consent-person", victim.as_str().unwrap()).await;
    fill(&b, "#consent-date", "2026-03-01").await;
    click(&b, "#consent-submit").await;
    fill(&b, "#refer-to", "iom-indonesia").await;
    fill(&b, "#refer-reason", "Shelter dan pendampingan korban").await;
    fill(&b, "#refer-due", "2026-12-31").await;
    click(&b, "#refer-submit").await;
    let referrals = text(&b, "#referrals").await;
    assert!(referrals.contains("menunggu tindakan"), "{referrals}");
    assert!(referrals.contains("International Organization for Migration"));
    sign_out(&b).await;

    // 4. IOM accepts in its inbox.
    sign_in(&b, &server, "pendamping").await;
    b.client.goto(&server.url("/kasus/rujukan")).await.unwrap();
    click(&b, "#inbox .accept").await;
    assert_eq!(text(&b, "#inbox .state").await, "diterima");
    sign_out(&b).await;

    // 5. The suspect from the tip moves from penyelidikan to P-21, with charges and the
    // verdict; each stage is picked from the stages allowed next.
    sign_in(&b, &server, "penyidik").await;
    b.client.goto(&case_url).await.unwrap();
    for (stage, on, label) in [
        ("penyelidikan", "2026-02-10", "Penyelidikan"),
        ("penyidikan", "2026-02-20", "Penyidikan"),
        ("spdp", "2026-02-21", "SPDP dikirim ke jaksa"),
        ("tahap_1", "2026-03-02", "Tahap I: berkas diserahkan"),
        (
            "p19",
            "2026-03-09",
            "P-19: berkas dikembalikan dengan petunjuk",
        ),
        ("tahap_1", "2026-03-16", "Tahap I: berkas diserahkan"),
        ("p21", "2026-03-23", "P-21: berkas lengkap"),
    ] {
        let offered = js(
            &b,
            &format!(
                "return [...document.querySelectorAll('#step-stage-1 option')].some(o => o.value === '{stage}');"
            ),
        )
        .await;
        assert_eq!(offered, Value::Bool(true), "{stage} offered next");
        fill(&b, "#step-stage-1", stage).await;
        fill(&b, "#step-on-1", on).await;
        fill(&b, "#step-doc-1", &format!("B/{stage}/2026/Satreskrim")).await;
        fill(&b, "#step-office-1", "Polres Malang").await;
        click(&b, "#step-submit-1").await;
        assert_eq!(
            text(&b, "#legal .stage strong").await,
            label,
            "after {stage}"
        );
    }
    fill(
        &b,
        "#charges-text-1",
        "Primair: Pasal 4 jo Pasal 10 UU 21/2007; Subsidair: Pasal 81 UU 18/2017",
    )
    .await;
    fill(&b, "#charges-date-1", "2026-01-20").await;
    click(&b, "#charges-submit-1").await;
    assert!(
        text(&b, "#legal .charges")
            .await
            .contains("Primair: Pasal 4 jo Pasal 10 UU 21/2007; Subsidair: Pasal 81 UU 18/2017")
    );
    fill(&b, "#verdict-no-1", "12/Pid.Sus/2026/PN Kpn").await;
    fill(&b, "#verdict-months-1", "48").await;
    fill(&b, "#verdict-fine-1", "120.000.000").await;
    fill(&b, "#verdict-restitution-1", "15.000.000").await;
    click(&b, "#verdict-submit-1").await;
    let verdict = text(&b, "#legal .verdict").await;
    assert!(
        verdict.contains("12/Pid.Sus/2026/PN Kpn") && verdict.contains("Rp120.000.000"),
        "{verdict}"
    );
    // A refused form keeps what was typed and says why beside it.
    fill(&b, "#refer-to", "iom-indonesia").await;
    fill(&b, "#refer-reason", "Alasan yang harus tetap ada").await;
    fill(&b, "#refer-due", "").await;
    js(
        &b,
        "document.querySelector('#refer-due').removeAttribute('required'); return true;",
    )
    .await;
    click(&b, "#refer-submit").await;
    assert!(!text(&b, "#refer-error").await.is_empty());
    assert_eq!(
        js(&b, "return document.querySelector('#refer-reason').value;").await,
        Value::from("Alasan yang harus tetap ada")
    );
    assert!(
        !text(&b, "header nav").await.is_empty(),
        "the menu stays after a refused form"
    );
    sign_out(&b).await;

    // 6. The coordinator holds a meeting and assigns an action item to Polres (already due).
    sign_in(&b, &server, "koordinator").await;
    b.client.goto(&server.url("/kasus/rapat")).await.unwrap();
    fill(&b, "#meeting-date", "2026-03-20").await;
    fill(&b, "#meeting-title", "Rapat koordinasi Gugus Tugas PP-TPPO").await;
    js(
        &b,
        "for (const v of ['polres-malang', 'iom-indonesia']) { \
           document.querySelector(`#meeting-attendees input[value='${v}']`).checked = true; } \
         return true;",
    )
    .await;
    click(&b, "#meeting-submit").await;
    let meeting = text(&b, ".meeting").await;
    assert!(meeting.contains("Kepolisian Resor Malang"), "{meeting}");
    fill(&b, ".action-agency", "polres-malang").await;
    fill(
        &b,
        ".action-desc",
        "Profil perekrut aktif di Kec. Sumbermanjing",
    )
    .await;
    fill(&b, ".action-due", "2026-04-01").await;
    click(&b, ".action-submit").await;
    assert_eq!(text(&b, ".action-item .state").await, "terbuka");
    sign_out(&b).await;

    // 7. Polres sees it overdue on its work home and its case list, and closes it.
    sign_in(&b, &server, "penyidik").await;
    assert!(text(&b, "#home-todo").await.contains("Sumbermanjing"));
    b.client.goto(&server.url("/kasus")).await.unwrap();
    assert!(text(&b, "#overdue-actions").await.contains("Sumbermanjing"));
    b.client.goto(&server.url("/kasus/rapat")).await.unwrap();
    click(&b, ".close-action").await;
    assert_eq!(text(&b, ".action-item .state").await, "selesai");

    // 8. Every state change is in the case history, told in words with who and the agency.
    b.client.goto(&case_url).await.unwrap();
    let timeline = text(&b, "#timeline").await;
    for sentence in [
        "membuka perkara",
        "menautkan laporan masyarakat",
        "menautkan skrining paspor",
        "mencatat persetujuan korban",
        "merujuk perkara",
        "menerima rujukan",
        "mencatat tahap hukum",
        "menetapkan pasal",
        "mencatat putusan",
    ] {
        assert!(
            timeline.contains(sentence),
            "history lacks {sentence}: {timeline}"
        );
    }
    assert!(
        timeline.contains("Kepolisian Resor Malang"),
        "agency name in the timeline"
    );
    assert!(
        timeline.contains("International Organization for Migration") || timeline.contains("IOM"),
        "IOM in the timeline"
    );
    assert!(
        !timeline.contains("legal.step"),
        "no event codes: {timeline}"
    );

    b.close().await.expect("close browser");
    server.stop().await.expect("stop server");
    db.cleanup().await;
}
