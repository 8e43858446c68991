//! The coordination journey in headless Chromium: a public tip becomes a case at Polres,
//! the case is referred to IOM (consent recorded) and
//! accepted, a suspect moves from penyelidikan to P-21 with charges, and a meeting's action item
//! is assigned by Pemkot Batu and closed by Polres; every change is on the case timeline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use sinergi_app::domain::access::Role;
use sinergi_e2e::{Browser, TestServer};
use sinergi_web::WebSettings;

use sinergi_testkit::PASSWORD;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tip_to_case_referral_legal_process_and_meeting() {
    let (db, app) = sinergi_testkit::app_on_real_clock().await;
    for (u, agency, role) in [
        ("penyidik", "polres-malang", Role::Investigator),
        ("pendamping", "iom-indonesia", Role::Caseworker),
        ("koordinator", "pemkot-batu", Role::Coordinator),
    ] {
        sinergi_testkit::add_user(&app, u, agency, role).await;
    }
    let server = TestServer::start(app, WebSettings::default())
        .await
        .expect("server");
    let b = Browser::launch().await.expect("browser");

    // 1. A member of the public reports; the receipt code shows the status only.
    b.client.goto(&server.url("/lapor")).await.unwrap();
    b.fill("#tip-kind", "tppo").await;
    b.tick("#tip-consent").await;
    b.fill("#tip-suspect", "Mochamad Soetrisno").await;
    b.fill(
        "#tip-narrative",
        "Tetangga ditawari kerja di Malaysia tanpa dokumen",
    )
    .await;
    b.click("#tip-submit").await;
    let receipt = b.text("#tip-receipt").await;
    assert_eq!(receipt.len(), 11);
    b.client
        .goto(&server.url(&format!("/lapor/status?kode={receipt}")))
        .await
        .unwrap();
    assert_eq!(b.text("#tip-status").await, "Diterima");

    // 2. Polres opens a case from the tip and links Imigrasi's screening record.
    b.sign_in(&server, "penyidik", PASSWORD).await;
    b.client.goto(&server.url("/kasus/laporan")).await.unwrap();
    b.fill(".case-title", "Perekrutan non-prosedural ke Malaysia")
        .await;
    b.fill(".case-start", "2026-02-10").await;
    b.click(".open-case-submit").await;
    let number = b.text("#case-number").await;
    assert!(number.starts_with("SNG/"), "{number}");
    let case_url = b.client.current_url().await.unwrap().to_string();
    // No applicant was reported to Polres: the screening picker says so instead of asking for
    // a typed reference (the case from a deferral is in story_journey).
    b.js("document.querySelector('#links-form').open = true; return true;")
        .await;
    assert!(!b.text("#screening-none").await.is_empty());

    // 3. A victim, her consent, and the referral to IOM, all picked from lists.
    b.fill("#person-role", "victim").await;
    b.fill("#person-name", "Sri Wahyuni").await;
    b.click("#person-submit").await;
    let victim = b
        .js("return document.querySelector('#people tr[data-role=victim]').dataset.id;")
        .await;
    b.fill("#consent-person", victim.as_str().unwrap()).await;
    b.fill("#consent-date", "2026-03-01").await;
    b.click("#consent-submit").await;
    b.fill("#refer-to", "iom-indonesia").await;
    b.fill("#refer-reason", "Shelter dan pendampingan korban")
        .await;
    b.fill("#refer-due", "2026-12-31").await;
    b.click("#refer-submit").await;
    let referrals = b.text("#referrals").await;
    assert!(referrals.contains("menunggu tindakan"), "{referrals}");
    assert!(referrals.contains("International Organization for Migration"));
    b.sign_out().await;

    // 4. IOM accepts in its inbox.
    b.sign_in(&server, "pendamping", PASSWORD).await;
    b.client.goto(&server.url("/kasus/rujukan")).await.unwrap();
    b.click("#inbox .accept").await;
    assert_eq!(b.text("#inbox .state").await, "diterima");
    b.sign_out().await;

    // 5. The suspect from the tip moves from penyelidikan to P-21, with charges and the
    // verdict; each stage is picked from the stages allowed next.
    b.sign_in(&server, "penyidik", PASSWORD).await;
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
        let offered = b.js(&format!(
                "return [...document.querySelectorAll('#step-stage-1 option')].some(o => o.value === '{stage}');"
            ),
        )
        .await;
        assert_eq!(offered, Value::Bool(true), "{stage} offered next");
        b.fill("#step-stage-1", stage).await;
        b.fill("#step-on-1", on).await;
        b.fill("#step-doc-1", &format!("B/{stage}/2026/Satreskrim"))
            .await;
        b.fill("#step-office-1", "Polres Malang").await;
        b.click("#step-submit-1").await;
        assert_eq!(b.text("#legal .stage strong").await, label, "after {stage}");
    }
    b.fill(
        "#charges-text-1",
        "Primair: Pasal 4 jo Pasal 10 UU 21/2007; Subsidair: Pasal 81 UU 18/2017",
    )
    .await;
    b.fill("#charges-date-1", "2026-01-20").await;
    b.click("#charges-submit-1").await;
    assert!(
        b.text("#legal .charges")
            .await
            .contains("Primair: Pasal 4 jo Pasal 10 UU 21/2007; Subsidair: Pasal 81 UU 18/2017")
    );
    b.fill("#verdict-no-1", "12/Pid.Sus/2026/PN Kpn").await;
    b.fill("#verdict-months-1", "48").await;
    b.fill("#verdict-fine-1", "120.000.000").await;
    b.fill("#verdict-restitution-1", "15.000.000").await;
    b.click("#verdict-submit-1").await;
    let verdict = b.text("#legal .verdict").await;
    assert!(
        verdict.contains("12/Pid.Sus/2026/PN Kpn") && verdict.contains("Rp120.000.000"),
        "{verdict}"
    );
    // A refused form keeps what was typed and says why beside it.
    b.fill("#refer-to", "iom-indonesia").await;
    b.fill("#refer-reason", "Alasan yang harus tetap ada").await;
    b.fill("#refer-due", "").await;
    b.js("document.querySelector('#refer-due').removeAttribute('required'); return true;")
        .await;
    b.click("#refer-submit").await;
    assert!(!b.text("#refer-error").await.is_empty());
    assert_eq!(
        b.js("return document.querySelector('#refer-reason').value;")
            .await,
        Value::from("Alasan yang harus tetap ada")
    );
    assert!(
        !b.text("header nav").await.is_empty(),
        "the menu stays after a refused form"
    );
    b.sign_out().await;

    // 6. The coordinator holds a meeting and assigns an action item to Polres (already due).
    b.sign_in(&server, "koordinator", PASSWORD).await;
    b.client.goto(&server.url("/kasus/rapat")).await.unwrap();
    b.fill("#meeting-date", "2026-03-20").await;
    b.fill("#meeting-title", "Rapat koordinasi Gugus Tugas PP-TPPO")
        .await;
    b.js("for (const v of ['polres-malang', 'iom-indonesia']) { \
           document.querySelector(`#meeting-attendees input[value='${v}']`).checked = true; } \
         return true;")
        .await;
    b.click("#meeting-submit").await;
    let meeting = b.text(".meeting").await;
    assert!(meeting.contains("Kepolisian Resor Malang"), "{meeting}");
    b.fill(".action-agency", "polres-malang").await;
    b.fill(
        ".action-desc",
        "Profil perekrut aktif di Kec. Sumbermanjing",
    )
    .await;
    b.fill(".action-due", "2026-04-01").await;
    b.click(".action-submit").await;
    assert_eq!(b.text(".action-item .state").await, "terbuka");
    b.sign_out().await;

    // 7. Polres sees it overdue on its work home and its case list, and closes it.
    b.sign_in(&server, "penyidik", PASSWORD).await;
    assert!(b.text("#home-todo").await.contains("Sumbermanjing"));
    b.client.goto(&server.url("/kasus")).await.unwrap();
    assert!(b.text("#overdue-actions").await.contains("Sumbermanjing"));
    b.client.goto(&server.url("/kasus/rapat")).await.unwrap();
    b.click(".close-action").await;
    assert_eq!(b.text(".action-item .state").await, "selesai");

    // 8. Every state change is in the case history, told in words with who and the agency.
    b.client.goto(&case_url).await.unwrap();
    let timeline = b.text("#timeline").await;
    for sentence in [
        "membuka perkara",
        "menautkan laporan masyarakat",
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
