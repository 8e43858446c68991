//! The whole story of issue 10 in headless Chromium, with clicks, pickers and real-world values
//! only, once in Indonesian and once in English:
//! 1. Imigrasi defers an applicant, refers her to Disnaker and reports her to the police;
//! 2. Disnaker records the counselling;
//! 3. Polres opens a case from Imigrasi's report (the screening and the applicant come with it),
//!    adds the recruiter with his alias, uploads the police report and downloads it again, runs
//!    the legal process to the verdict and refers the victim to IOM with her consent;
//! 4. IOM accepts and records the shelter;
//! 5. the Kanwil coordinator holds a meeting; Polres links it to the case;
//! 6. a prosecutor of another office is refused the case, asks for break-glass access from the
//!    refusal page and gets it for four hours; the office's supervisor reviews the grant.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::domain::access::Role;
use sinergi_app::prevention::ApplicationInput;
use sinergi_app::{App, AppConfig};
use sinergi_e2e::{Browser, TestServer};
use sinergi_store::testing::TestDatabase;
use sinergi_web::WebSettings;
use std::sync::Arc;

const PASSWORD: &str = "kata-sandi-rahasia-42";

/// What the journey reads on pages, per language.
struct Words {
    /// The language link pressed on the sign-in page (none: the Indonesian default).
    switch_to: Option<&'static str>,
    reported: &'static str,
    reported_by: &'static str,
    screening: &'static str,
    referral_waiting: &'static str,
    accepted: &'static str,
    p21: &'static str,
    history: &'static [&'static str],
    meeting: &'static str,
    break_glass_banner: &'static str,
}

const ID: Words = Words {
    switch_to: None,
    reported: "Sudah dilaporkan",
    reported_by: "Kantor Imigrasi",
    screening: "Skrining paspor",
    referral_waiting: "menunggu tindakan",
    accepted: "diterima",
    p21: "P-21: berkas lengkap",
    history: &[
        "membuka perkara",
        "menautkan laporan masyarakat",
        "menautkan skrining paspor",
        "menambahkan orang",
        "mencatat tahap hukum",
        "menetapkan pasal",
        "mencatat putusan",
        "menautkan rapat koordinasi",
    ],
    meeting: "Rapat koordinasi",
    break_glass_banner: "akses darurat",
};

const EN: Words = Words {
    switch_to: Some("#lang-en"),
    reported: "Reported with receipt code",
    // Agency names are proper names, the same in both languages.
    reported_by: "Kantor Imigrasi",
    screening: "Passport screening",
    referral_waiting: "awaiting action",
    accepted: "accepted",
    p21: "P-21: file complete",
    history: &[
        "opened the case",
        "linked a public report",
        "linked a passport screening",
        "added a person",
        "recorded a legal step",
        "set the charges",
        "recorded the verdict",
        "linked a coordination meeting",
    ],
    meeting: "Coordination meeting",
    break_glass_banner: "break-glass access",
};

async fn setup() -> (TestDatabase, TestServer, String, std::path::PathBuf) {
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
    for (u, name, agency, role) in [
        (
            "petugas",
            "Dewi Lestari",
            "kanim-malang",
            Role::ImmigrationOfficer,
        ),
        (
            "disnaker",
            "Wahyu Pratama",
            "disnaker-kab-malang",
            Role::LabourOfficer,
        ),
        (
            "penyidik",
            "Bambang Sutejo",
            "polres-malang",
            Role::Investigator,
        ),
        ("pendamping", "Maya Sari", "iom-indonesia", Role::Caseworker),
        (
            "koordinator",
            "Rina Wati",
            "kanwil-jatim",
            Role::Coordinator,
        ),
        (
            "jaksa",
            "Lestari Ningsih",
            "kejari-kab-malang",
            Role::Prosecutor,
        ),
        (
            "kajari",
            "Hadi Purnomo",
            "kejari-kab-malang",
            Role::Supervisor,
        ),
    ] {
        app.add_user(
            Caller::Operator,
            NewUser {
                username: u.into(),
                display_name: name.into(),
                agency_code: agency.into(),
                role,
                password: PASSWORD.into(),
            },
        )
        .await
        .expect("user");
    }
    // The applicant arrives at the counter (the intake form has its own journey).
    let petugas = app
        .login("petugas", PASSWORD, "127.0.0.1")
        .await
        .expect("login")
        .actor;
    let applicant = app
        .record_application(
            &petugas,
            &ApplicationInput {
                full_name: "Sari Wulandari".into(),
                nik: "3507045203950002".into(),
                birth_date: "12/03/1995".into(),
                sex: "P".into(),
                purpose: "tourism".into(),
                destination: "MY".into(),
                phone: "0812-3456-7010".into(),
                sponsor_name: "Darto Sugiharto".into(),
                sponsor_phone: "0812-3456-7001".into(),
                documents: "ktp,kartu_keluarga".into(),
                ..ApplicationInput::default()
            },
        )
        .await
        .expect("application")
        .id;
    let files = std::env::temp_dir().join(format!("sinergi-story-{applicant}"));
    std::fs::create_dir_all(&files).expect("dir");
    let settings = WebSettings {
        data_dir: Some(files.join("attachments")),
        ..WebSettings::default()
    };
    let server = TestServer::start(app, settings).await.expect("server");
    (db, server, applicant, files)
}

async fn story(w: &Words) {
    let (db, server, applicant, files) = setup().await;
    let b = Browser::launch().await.expect("browser");
    if let Some(link) = w.switch_to {
        b.open(&server, "/login").await;
        b.click(link).await;
    }

    // 1. Imigrasi defers, refers to Disnaker and reports to the police.
    b.sign_in(&server, "petugas", PASSWORD).await;
    b.open(&server, &format!("/prevention/{applicant}")).await;
    b.choose("#decision", "defer").await;
    b.fill(
        "#reason",
        "Tujuan wisata, tetapi mengaku akan bekerja di kebun sawit Malaysia",
    )
    .await;
    b.choose("#refer_to", "disnaker-kab-malang").await;
    b.click("#decision-submit").await;
    b.find("#decision-made").await;
    b.fill(
        "#police-note",
        "Sponsor Darto menjanjikan kerja di kebun sawit; tiket dibayar sponsor",
    )
    .await;
    b.click("#police-report-submit").await;
    let status = b.text("#police-report-status").await;
    assert!(status.contains(w.reported), "{status}");
    b.sign_out().await;

    // 2. Disnaker records the counselling.
    b.sign_in(&server, "disnaker", PASSWORD).await;
    b.open(&server, "/prevention/inbox").await;
    b.fill("#c-on-1", "2026-11-20").await;
    b.fill("#c-notes-1", "Dijelaskan jalur resmi melalui P3MI berizin")
        .await;
    b.click(".counselled-submit").await;
    b.sign_out().await;

    // 3. Polres opens the case from Imigrasi's report.
    b.sign_in(&server, "penyidik", PASSWORD).await;
    b.open(&server, "/kasus/laporan").await;
    let source = b.text(".tip-source").await;
    assert!(
        source.contains(w.reported_by) && source.contains("Sari Wulandari"),
        "{source}"
    );
    b.fill(".case-title", "Calon PMI non-prosedural ke Malaysia")
        .await;
    b.fill(".case-start", "2026-11-21").await;
    b.click(".open-case-submit").await;
    let number = b.text("#case-number").await;
    assert!(number.starts_with("SNG/"), "{number}");
    let case_path = b.path().await;
    let links = b.text("#links").await;
    assert!(
        links.contains(w.screening) && links.contains("Sari Wulandari"),
        "{links}"
    );
    let people = b.text("#people").await;
    assert!(
        people.contains("Sari Wulandari") && people.contains("Darto Sugiharto"),
        "{people}"
    );
    // The recruiter with the name he goes by.
    b.choose("#person-role", "recruiter").await;
    b.fill("#person-name", "Joko Prasetyo").await;
    b.fill("#person-alias", "Pak Jek").await;
    b.fill("#person-phone", "0813-3000-4455").await;
    b.click("#person-submit").await;
    assert!(b.text("#people").await.contains("Pak Jek"));

    // The police report as an attachment: uploaded, then downloaded as a file.
    let pdf = files.join("laporan-polisi.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    )
    .expect("pdf");
    b.js("document.querySelector('#attachments-form').open = true; return true;")
        .await;
    b.find("#attachment-file")
        .await
        .send_keys(&pdf.to_string_lossy())
        .await
        .expect("choose file");
    b.click("#attachment-submit").await;
    assert!(b.text("#attachments").await.contains("laporan-polisi.pdf"));
    let download = b
        .js(
            "return fetch(document.querySelector('#attachments a').href).then(r => r.text() \
             .then(t => [r.status, r.headers.get('content-disposition') || '', t.slice(0, 8)]));",
        )
        .await;
    assert_eq!(download[0], Value::from(200), "{download}");
    assert!(
        download[1].as_str().unwrap_or("").starts_with("attachment"),
        "{download}"
    );
    assert_eq!(download[2], Value::from("%PDF-1.4"));

    // The legal process of the suspect to P-21 and the verdict.
    for (stage, on) in [
        ("penyelidikan", "2026-11-21"),
        ("penyidikan", "2026-11-23"),
        ("spdp", "2026-11-24"),
        ("tahap_1", "2026-11-26"),
        ("p21", "2026-11-30"),
    ] {
        b.choose("#step-stage-1", stage).await;
        b.fill("#step-on-1", on).await;
        b.fill("#step-doc-1", &format!("B/{stage}/XI/2026/Satreskrim"))
            .await;
        b.fill("#step-office-1", "Polres Malang").await;
        b.click("#step-submit-1").await;
    }
    assert_eq!(b.text("#legal .stage strong").await, w.p21);
    b.fill(
        "#charges-text-1",
        "Primair: Pasal 81 jo Pasal 69 UU 18/2017; Subsidair: Pasal 4 UU 21/2007",
    )
    .await;
    b.fill("#charges-date-1", "2026-11-15").await;
    b.click("#charges-submit-1").await;
    b.fill("#verdict-no-1", "301/Pid.Sus/2026/PN Kpn").await;
    b.fill("#verdict-months-1", "36").await;
    b.fill("#verdict-fine-1", "120.000.000").await;
    b.fill("#verdict-restitution-1", "15.000.000").await;
    b.click("#verdict-submit-1").await;
    let verdict = b.text("#legal .verdict").await;
    assert!(
        verdict.contains("301/Pid.Sus/2026/PN Kpn") && verdict.contains("Rp120.000.000"),
        "{verdict}"
    );

    // The victim's consent and the referral to IOM, picked from lists.
    let victim = b
        .js("return document.querySelector('#people tr[data-role=victim]').dataset.id;")
        .await;
    b.choose("#consent-person", victim.as_str().unwrap()).await;
    b.fill("#consent-date", "2026-11-22").await;
    b.click("#consent-submit").await;
    b.choose("#refer-to", "iom-indonesia").await;
    b.fill("#refer-reason", "Shelter dan pendampingan korban")
        .await;
    b.fill("#refer-due", "2026-12-31").await;
    b.click("#refer-submit").await;
    assert!(b.text("#referrals").await.contains(w.referral_waiting));
    b.sign_out().await;

    // 4. IOM accepts and records the shelter.
    b.sign_in(&server, "pendamping", PASSWORD).await;
    b.open(&server, "/kasus/rujukan").await;
    b.click("#inbox .accept").await;
    assert_eq!(b.text("#inbox .state").await, w.accepted);
    b.open(&server, &case_path).await;
    b.choose("#assist-service", "shelter").await;
    b.fill("#assist-start", "2026-11-25").await;
    b.click("#assist-submit").await;
    assert!(!b.text("#assistance").await.is_empty());
    b.sign_out().await;

    // 5. The Kanwil coordinator holds the task force's meeting with Polres; Polres links it.
    b.sign_in(&server, "koordinator", PASSWORD).await;
    b.open(&server, "/kasus/rapat").await;
    b.fill("#meeting-date", "2026-12-01").await;
    b.fill("#meeting-title", "Rapat Gugus Tugas PP-TPPO Desember")
        .await;
    b.tick("#meeting-attendees input[value='polres-malang']")
        .await;
    b.click("#meeting-submit").await;
    b.sign_out().await;
    b.sign_in(&server, "penyidik", PASSWORD).await;
    b.open(&server, &case_path).await;
    b.click("#meeting-link-submit").await;
    let links = b.text("#links").await;
    assert!(
        links.contains(w.meeting) && links.contains("Rapat Gugus Tugas PP-TPPO Desember"),
        "{links}"
    );
    let history = b.text("#timeline").await;
    for sentence in w.history {
        assert!(
            history.contains(sentence),
            "history lacks {sentence}: {history}"
        );
    }
    b.sign_out().await;

    // 6. Break-glass: refused, asked for from the refusal page, granted, reviewed.
    b.sign_in(&server, "jaksa", PASSWORD).await;
    b.open(&server, &case_path).await;
    b.find("#break-glass-offer").await;
    b.fill(
        "#break-glass-reason",
        "Sidang praperadilan besok; berkas perlu diperiksa segera",
    )
    .await;
    b.click("#break-glass-submit").await;
    assert_eq!(b.text("#case-number").await, number);
    let banner = b.text("#break-glass-banner").await.to_lowercase();
    assert!(banner.contains(w.break_glass_banner), "{banner}");
    b.sign_out().await;
    b.sign_in(&server, "kajari", PASSWORD).await;
    b.open(&server, "/break-glass").await;
    assert_eq!(b.text(".grant-who").await, "Lestari Ningsih");
    assert!(b.text(".grant-subject").await.contains(&number));
    b.click(".grant-justified").await;
    b.find("#no-grants").await;

    b.close().await.expect("close browser");
    server.stop().await.expect("stop server");
    let _ = std::fs::remove_dir_all(&files);
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_story_in_indonesian() {
    story(&ID).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_story_in_english() {
    story(&EN).await;
}
