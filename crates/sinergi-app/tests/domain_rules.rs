//! Rules of the field in the application layer (issue #12): NIKs with historical region codes,
//! origin never scored, the umrah rule's end date, shared sponsor phones, minimum work age.

use sinergi_app::App;
use sinergi_app::audit::Origin;
use sinergi_app::auth::Actor;
use sinergi_app::prevention::ApplicationInput;
use sinergi_app::prevention::decide::Interview;
use sinergi_domain::access::Role;
use sinergi_store::testing::TestDatabase;

use sinergi_testkit::PASSWORD as PW;
use sinergi_testkit::{TestEnv, add_user};

async fn setup() -> (TestDatabase, App, Actor) {
    let TestEnv { db, app, clock: _ } = TestEnv::new().await;
    add_user(&app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let dewi = app.login("dewi", PW, "t").await.expect("login").actor;
    (db, app, dewi)
}

fn tourist(name: &str, nik: &str, birth: &str) -> ApplicationInput {
    ApplicationInput {
        full_name: name.into(),
        nik: nik.into(),
        birth_date: birth.into(),
        sex: "L".into(),
        purpose: "tourism".into(),
        destination: "JP".into(),
        documents: "ktp,kartu_keluarga".into(),
        ..ApplicationInput::default()
    }
}

#[tokio::test]
async fn an_applicant_from_another_province_gets_no_points_for_it() {
    let (db, app, dewi) = setup().await;
    let home = app
        .record_application(
            &dewi,
            &tourist("Budi Santoso", "3507131203900001", "12/03/1990"),
        )
        .await
        .expect("record")
        .id;
    let away = app
        .record_application(
            &dewi,
            &tourist("Yohanes Lake", "6472011204910001", "12/04/1991"),
        )
        .await
        .expect("record")
        .id;
    let a = app.screen_applicant(&dewi, &home).await.expect("screen");
    let b = app.screen_applicant(&dewi, &away).await.expect("screen");
    assert_eq!((a.score.total, b.score.total), (0, 0), "{b:?}");
    assert!(b.score.contributions.is_empty());
    db.cleanup().await;
}

#[tokio::test]
async fn an_umrah_applicant_since_2023_has_no_missing_document_points() {
    let (db, app, dewi) = setup().await;
    let id = app
        .record_application(
            &dewi,
            &ApplicationInput {
                purpose: "umrah_hajj".into(),
                destination: "SA".into(),
                sex: "P".into(),
                ..tourist("Siti Aminah", "3507135203850002", "12/03/1985")
            },
        )
        .await
        .expect("record")
        .id;
    let s = app.screen_applicant(&dewi, &id).await.expect("screen");
    assert!(s.missing_documents.is_empty(), "{s:?}");
    assert_eq!(
        s.advisory_documents,
        vec![sinergi_domain::prevention::Document::SuratPpiu]
    );
    assert_eq!(s.score.total, 0);
    db.cleanup().await;
}

#[tokio::test]
async fn a_sponsor_phone_shared_by_pending_applicants_is_flagged() {
    let (db, app, dewi) = setup().await;
    let mut ids = Vec::new();
    for (i, (name, nik)) in [
        ("Ani Lestari", "3507135203950001"),
        ("Rina Wati", "3507135304950001"),
        ("Tini Sari", "3507135405950001"),
    ]
    .into_iter()
    .enumerate()
    {
        let input = ApplicationInput {
            sponsor_phone: "0812-3456-7100".into(),
            sex: "P".into(),
            birth_date: format!("1{}/0{}/1995", 2 + i, 3 + i),
            ..tourist(name, nik, "")
        };
        ids.push(
            app.record_application(&dewi, &input)
                .await
                .expect("record")
                .id,
        );
    }
    let first = app.screen_applicant(&dewi, &ids[0]).await.expect("screen");
    let codes: Vec<&str> = first
        .score
        .contributions
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    assert!(codes.contains(&"sponsor_phone_shared"), "{codes:?}");
    assert!(
        !codes.contains(&"recruiter_link"),
        "no adverse decision yet"
    );
    db.cleanup().await;
}

#[tokio::test]
async fn work_intent_under_18_is_flagged_and_the_work_intent_fact_counts_once() {
    let (db, app, dewi) = setup().await;
    let id = app
        .record_application(
            &dewi,
            &tourist("Dimas Putra", "3507130505100003", "05/05/2010"),
        )
        .await
        .expect("record")
        .id;
    let s = app
        .record_interview(
            &dewi,
            &id,
            &Interview {
                work_intent: true,
                documents: Some("ktp,kartu_keluarga".into()),
                ..Interview::default()
            },
        )
        .await
        .expect("interview")
        .screening
        .expect("screened");
    let weight = |code: &str| {
        s.score
            .contributions
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.weight)
    };
    assert_eq!(weight("under_work_age"), Some(30));
    assert_eq!(weight("work_intent_non_work_purpose"), Some(25));
    assert_eq!(
        weight("no_licensed_p3mi"),
        Some(0),
        "same fact: listed, not counted"
    );
    assert_eq!(
        weight("missing_documents"),
        Some(0),
        "same fact: listed, not counted"
    );
    assert_eq!(s.score.total, 55);
    db.cleanup().await;
}

#[tokio::test]
async fn historical_region_codes_are_valid_and_unknown_ones_are_an_accepted_warning() {
    let (db, app, dewi) = setup().await;
    // Merauke before Papua Selatan (2022), Tarakan before Kalimantan Utara (2012).
    for (name, nik) in [
        ("Maria Gebze", "9101014101900001"),
        ("Hasan Basri", "6473011201850003"),
    ] {
        app.record_application(&dewi, &tourist(name, nik, ""))
            .await
            .expect("a historical code is valid");
    }
    let unknown = tourist("Anton Wijaya", "9901011201850003", "");
    let refused = app
        .record_application(&dewi, &unknown)
        .await
        .expect_err("warning");
    assert_eq!(refused.key(), "nik_region_unknown");
    app.record_application(
        &dewi,
        &ApplicationInput {
            nik_region_accepted: true,
            ..unknown
        },
    )
    .await
    .expect("accepted by the officer");
    let bad_date = ApplicationInput {
        nik_region_accepted: true,
        ..tourist("Anton Wijaya", "9901013201850003", "")
    };
    assert_eq!(
        app.record_application(&dewi, &bad_date)
            .await
            .expect_err("still invalid")
            .key(),
        "nik_invalid"
    );

    let csv =
        "id,full_name,nik\np1,Maria Gebze,9101014101900001\np2,Anton Wijaya,9901011201850003\n";
    let report = app
        .import_people_csv(&Origin::cli(), "uji", csv.as_bytes())
        .await
        .expect("import");
    assert_eq!(report.added, 2, "{report:?}");
    assert!(report.errors.is_empty());
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.warnings[0].line, 3);
    db.cleanup().await;
}

#[tokio::test]
async fn a_case_holds_suspects_under_both_kuhap_regimes_and_prosecutors_charges() {
    use sinergi_app::cases::{NewCase, NewCasePerson, NewLegalStep};
    use sinergi_domain::cases::legal::Regime;
    let (db, app, _dewi) = setup().await;
    add_user(&app, "bayu", "polres-malang", Role::Investigator).await;
    let bayu = app.login("bayu", PW, "t").await.expect("login").actor;
    let case = app
        .open_case(
            &bayu,
            NewCase {
                kind: "tppo".into(),
                title: "Jaringan perekrut ke Malaysia".into(),
                started_on: "2025-11-01".into(),
                tip_id: None,
            },
        )
        .await
        .expect("case");
    let mut suspects = Vec::new();
    for name in ["Darto Calo", "Joko Sponsor"] {
        suspects.push(
            app.add_case_person(
                &bayu,
                &case.id,
                NewCasePerson {
                    role: "suspect".into(),
                    name: name.into(),
                    investigator: Some("polri".into()),
                    ..Default::default()
                },
            )
            .await
            .expect("suspect"),
        );
    }
    let steps = [
        vec![
            ("laporan_polisi", "2025-11-01"),
            ("penyidikan", "2025-11-10"),
        ],
        vec![
            ("laporan_polisi", "2026-02-01"),
            ("penyidikan", "2026-02-03"),
        ],
    ];
    for (s, list) in suspects.iter().zip(steps) {
        for (stage, on) in list {
            app.record_legal_step(
                &bayu,
                s,
                NewLegalStep {
                    stage: stage.into(),
                    on: on.into(),
                    document_no: format!("B/{stage}/{on}"),
                    office: "Polres Malang".into(),
                },
            )
            .await
            .expect(stage);
        }
    }
    let text = "Primair: Pasal 4 jo Pasal 10 UU 21/2007 jo Pasal 55 ayat (1) ke-1 KUHP; Subsidair: Pasal 81 UU 18/2017";
    let printed = app
        .set_charges_text(&bayu, &suspects[0], text, "2025-10-20")
        .await
        .expect("charges as written");
    assert_eq!(printed, text);
    // The old KUHP's participation article is not in force for a 2026 offence.
    assert_eq!(
        app.set_charges_text(&bayu, &suspects[1], text, "2026-01-20")
            .await
            .expect_err("KUHP 1946 replaced")
            .key(),
        "invalid_charges"
    );
    let detail = app.case_detail(&bayu, &case.id).await.expect("detail");
    let of = |id: &str| {
        detail
            .legal
            .iter()
            .find(|p| p.person_id == id)
            .expect("suspect")
    };
    assert_eq!(of(&suspects[0]).regime, Regime::Kuhap1981);
    assert_eq!(of(&suspects[1]).regime, Regime::Kuhap2025);
    assert_eq!(of(&suspects[0]).charges.as_deref(), Some(text));
    // The SPDP is overdue for the second suspect (7 days after penyidikan, MK 130/PUU-XIII/2015).
    assert!(
        of(&suspects[1])
            .deadlines
            .iter()
            .any(|(code, _, overdue)| *code == "deadline_spdp" && *overdue)
    );
    db.cleanup().await;
}

#[test]
fn agencies_are_dated_by_their_decrees() {
    use time::macros::date;
    let text = include_str!("../../../data/agencies.toml");
    let all = sinergi_app::registry::parse_registry(text).expect("registry parses");
    let by = |code: &str| all.iter().find(|a| a.code == code).expect(code);
    let p2mi = by("p2mi");
    assert!(
        p2mi.name_on(date!(2018 - 06 - 01)).contains("BNP2TKI"),
        "before Perpres 90/2019"
    );
    assert!(p2mi.name_on(date!(2021 - 06 - 01)).contains("BP2MI"));
    assert!(p2mi.name_on(date!(2025 - 06 - 01)).contains("KP2MI"));
    assert_eq!(
        by("desa-sitiarjo").region_code.as_deref(),
        Some("35.07.04.2007")
    );
    assert!(
        by("polresta-malang-kota")
            .names
            .iter()
            .all(|n| n.valid_from.year() > 1980),
        "not back-dated to 1980"
    );
    for code in [
        "pn-kepanjen",
        "pn-malang",
        "dp3a-kab-malang",
        "uptd-ppa-kab-malang",
        "dukcapil-kota-malang",
        "kemenag-batu",
        "lpsk",
        "gugus-tugas-tppo-jatim",
        "gugus-tugas-tppo-kab-malang",
    ] {
        by(code);
    }
    // Every name period names its source.
    let raw: toml::Value = toml::from_str(text).expect("toml");
    for a in raw["agency"].as_array().expect("agencies") {
        for n in a["names"].as_array().expect("names") {
            assert!(
                n.get("source")
                    .and_then(|s| s.as_str())
                    .is_some_and(|s| !s.is_empty()),
                "{a:?} has a name without a source"
            );
        }
    }
}

#[tokio::test]
async fn the_purge_job_applies_retention_to_applications_and_closed_tips() {
    use sinergi_app::cases::NewTip;
    use sinergi_app::prevention::decide::DecisionInput;
    let TestEnv { db, app, clock } = TestEnv::new().await;
    for (u, agency, role) in [
        ("dewi", "kanim-malang", Role::ImmigrationOfficer),
        ("bayu", "polres-malang", Role::Investigator),
    ] {
        add_user(&app, u, agency, role).await;
    }
    let dewi = app.login("dewi", PW, "t").await.expect("login").actor;
    let bayu = app.login("bayu", PW, "t").await.expect("login").actor;
    let decided = app
        .record_application(
            &dewi,
            &tourist("Budi Santoso", "3507131203900001", "12/03/1990"),
        )
        .await
        .expect("record");
    app.decide_applicant(
        &dewi,
        &decided.id,
        &DecisionInput {
            decision: "issue".into(),
            reason: "Dokumen lengkap".into(),
            ..DecisionInput::default()
        },
    )
    .await
    .expect("decide");
    let pending = app
        .record_application(
            &dewi,
            &tourist("Yohanes Lake", "6472011204910001", "12/04/1991"),
        )
        .await
        .expect("record");
    let tip = |n: &str| NewTip {
        channel: "portal".into(),
        kind: "pmi_np".into(),
        narrative: n.into(),
        ..NewTip::default()
    };
    let origin = sinergi_app::audit::Origin::cli();
    app.submit_tip(&origin, tip("Tetangga ditawari kerja ke Malaysia"))
        .await
        .expect("tip");
    app.submit_tip(&origin, tip("Tetangga ditawari kerja ke Malaysia (lagi)"))
        .await
        .expect("tip");
    let queue = app.tip_queue(&bayu).await.expect("queue");
    let (first, second) = (queue[1].id.clone(), queue[0].id.clone());
    app.mark_tip_duplicate(&bayu, &second, &first)
        .await
        .expect("duplicate");

    let early = app.purge_expired().await.expect("purge");
    assert_eq!((early.applicants_deleted, early.tips_deleted), (0, 0));
    clock.advance(time::Duration::days(3 * 365));
    let mid = app.purge_expired().await.expect("purge");
    assert_eq!(
        (mid.applicants_deleted, mid.tips_deleted),
        (0, 1),
        "tips: 2 years"
    );
    clock.advance(time::Duration::days(3 * 365));
    let late = app.purge_expired().await.expect("purge");
    assert_eq!(late.applicants_deleted, 1, "decided applications: 5 years");
    assert!(app.applicant_for(&dewi, &decided.id).await.is_err());
    assert!(
        app.applicant_for(&dewi, &pending.id).await.is_ok(),
        "undecided are kept"
    );
    db.cleanup().await;
}
