//! Dashboards on a seeded database (SQLite, and PostgreSQL with `SINERGI_TEST_DATABASE_URL`):
//! every figure of a known fixture for Jawa Timur, a kabupaten and a kecamatan, small cells
//! masked at kecamatan level, and who may see and export them.

use sinergi_app::audit::Origin;
use sinergi_app::auth::{Actor, Caller, NewUser};
use sinergi_app::cases::{
    NewAssistance, NewCase, NewCasePerson, NewLegalStep, NewMeeting, NewReferral, NewTip,
    PURPOSE_VICTIM_ASSISTANCE,
};
use sinergi_app::dashboard::{Area, Cell, Dashboard, DashboardQuery, FunnelStage, Median};
use sinergi_app::portal::outreach::NewOutreach;
use sinergi_app::prevention::{ApplicationInput, DecisionInput};
use sinergi_app::{App, AppConfig, AppError};
use sinergi_domain::access::Role;
use sinergi_domain::cases::CaseKind;
use sinergi_domain::cases::assistance::Service;
use sinergi_domain::cases::legal::Stage;
use sinergi_domain::clock::ManualClock;
use sinergi_domain::prevention::ApplicationStatus;
use sinergi_domain::region::RegionCode;
use sinergi_store::testing::TestDatabase;
use std::sync::Arc;
use time::OffsetDateTime;
use time::macros::{date, datetime};

const PW: &str = "dasbor-uji-2026-x";

use Cell::{Count, Small};

async fn actor(app: &App, username: &str, agency: &str, role: Role) -> Actor {
    app.add_user(
        Caller::Operator,
        NewUser {
            username: username.into(),
            display_name: username.into(),
            agency_code: agency.into(),
            role,
            password: PW.into(),
        },
    )
    .await
    .expect("user");
    app.login(username, PW, "t").await.expect("login").actor
}

/// 10:00 WIB on a day.
fn at(clock: &ManualClock, day: time::Date) {
    clock.set(OffsetDateTime::new_utc(day, time::macros::time!(03:00)));
}

fn applicant(name: &str, nik: &str, birth: &str, sex: &str) -> ApplicationInput {
    ApplicationInput {
        full_name: name.into(),
        nik: nik.into(),
        birth_date: birth.into(),
        sex: sex.into(),
        purpose: "tourism".into(),
        destination: "MY".into(),
        documents: "ktp,kartu_keluarga".into(),
        ..ApplicationInput::default()
    }
}

fn decision(code: &str, days: i64) -> DecisionInput {
    DecisionInput {
        decision: code.into(),
        reason: "Alasan keputusan untuk pengujian dasbor".into(),
        days: Some(days),
        ..DecisionInput::default()
    }
}

fn tip(kind: &str, region: Option<&str>, suspect: &str) -> NewTip {
    NewTip {
        channel: "portal".into(),
        kind: kind.into(),
        consent: true,
        region_code: region.map(str::to_string),
        suspect_name: Some(suspect.into()).filter(|s: &String| !s.is_empty()),
        narrative: "Ditawari kerja ke luar negeri tanpa dokumen (uji)".into(),
        ..Default::default()
    }
}

/// The fixture (see the module doc of each figure below for what it yields).
async fn seed(db: &TestDatabase, app: &App, clock: &ManualClock) {
    let dewi = actor(app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let polres = actor(app, "polres", "polres-malang", Role::Investigator).await;
    let iom = actor(app, "iom", "iom-indonesia", Role::Caseworker).await;
    let batu = actor(app, "batu", "pemkot-batu", Role::Coordinator).await;
    let public = Origin {
        actor: "public".into(),
        client: "1.2.3.4".into(),
    };

    // 05/01/2026: three applicants (two deferred, one issued) and four tips.
    at(clock, date!(2026 - 01 - 05));
    let a1 = app
        .record_application(
            &dewi,
            &applicant("Siti Aminah", "3507045203950002", "12/03/1995", "P"),
        )
        .await
        .expect("a1");
    app.decide_applicant(&dewi, &a1.id, &decision("defer", 30))
        .await
        .expect("defer a1");
    let a2 = app
        .record_application(
            &dewi,
            &applicant("Sri Lestari", "3507044506900003", "05/06/1990", "P"),
        )
        .await
        .expect("a2");
    app.decide_applicant(&dewi, &a2.id, &decision("issue", 0))
        .await
        .expect("issue a2");
    let a3 = app
        .record_application(
            &dewi,
            &applicant("Budi Santoso", "3573011203950004", "12/03/1995", "L"),
        )
        .await
        .expect("a3");
    app.decide_applicant(&dewi, &a3.id, &decision("defer", 60))
        .await
        .expect("defer a3");
    let mut receipts = Vec::new();
    for t in [
        tip("tppo", Some("35.07.04"), "Darto Calo"),
        tip("pmi_np", Some("35.07.04"), ""),
        tip("smuggling", Some("35.73.01"), "Joko Sopir"),
        tip("tppo", None, ""),
    ] {
        receipts.push(app.submit_tip(&public, t).await.expect("tip"));
    }
    let mut tip_ids = Vec::new();
    for r in &receipts {
        tip_ids.push(
            db.store
                .tip_by_receipt(r)
                .await
                .expect("read")
                .expect("tip")
                .id,
        );
    }

    // Cases: two from tips (10/01 and 12/01), one without a tip (lead agency's region only).
    let open = |kind: &str, on: &str, tip: Option<String>| NewCase {
        kind: kind.into(),
        title: "Perkara uji dasbor".into(),
        started_on: on.into(),
        tip_id: tip,
    };
    at(clock, date!(2026 - 01 - 10));
    let c1 = app
        .open_case(
            &polres,
            open("tppo", "2026-01-10", Some(tip_ids[0].clone())),
        )
        .await
        .expect("c1");
    at(clock, date!(2026 - 01 - 12));
    let c2 = app
        .open_case(
            &polres,
            open("smuggling", "2026-01-12", Some(tip_ids[2].clone())),
        )
        .await
        .expect("c2");
    at(clock, date!(2026 - 02 - 10));
    app.open_case(&polres, open("pmi_np", "2026-02-01", None))
        .await
        .expect("c3");
    app.record_application(
        &dewi,
        &applicant("Agus Salim", "3579010101900005", "01/01/1990", "L"),
    )
    .await
    .expect("a4");

    // Later work, recorded on 01/03/2026.
    at(clock, date!(2026 - 03 - 01));
    let suspect_of = |case_id: String| {
        let app = app.clone();
        let polres = polres.clone();
        async move {
            app.case_detail(&polres, &case_id)
                .await
                .expect("detail")
                .people
                .iter()
                .find(|p| p.role == sinergi_domain::cases::PersonRole::Suspect)
                .expect("suspect from the tip")
                .id
                .clone()
        }
    };
    let s1 = suspect_of(c1.id.clone()).await;
    let s2 = suspect_of(c2.id.clone()).await;
    let step = |stage: &str, on: &str| NewLegalStep {
        stage: stage.into(),
        on: on.into(),
        document_no: format!("B/{stage}/2026"),
        office: "Polres Malang".into(),
    };
    for (stage, on) in [
        ("penyelidikan", "2026-01-12"),
        ("penyidikan", "2026-01-20"),
        ("spdp", "2026-01-21"),
        ("tahap_1", "2026-01-25"),
        ("p21", "2026-01-28"),
        ("tahap_2", "2026-02-01"),
        ("dakwaan", "2026-02-05"),
        ("tuntutan", "2026-02-10"),
        ("putusan", "2026-02-20"),
    ] {
        app.record_legal_step(&polres, &s1, step(stage, on))
            .await
            .expect(stage);
    }
    app.record_legal_step(&polres, &s2, step("penyelidikan", "2026-01-15"))
        .await
        .expect("s2");
    for (case, due) in [(&c1.id, "2026-01-20"), (&c2.id, "2026-12-31")] {
        let victim = app
            .add_case_person(
                &polres,
                case,
                NewCasePerson {
                    role: "victim".into(),
                    name: "Korban Uji".into(),
                    ..Default::default()
                },
            )
            .await
            .expect("victim");
        let r = app
            .refer_case(
                &polres,
                case,
                NewReferral {
                    to_agency: "iom-indonesia".into(),
                    purpose: PURPOSE_VICTIM_ASSISTANCE.into(),
                    reason: "Pendampingan korban".into(),
                    due_on: due.into(),
                    override_reason: Some("Kebutuhan shelter mendesak (uji)".into()),
                },
            )
            .await
            .expect("refer");
        app.referral_action(&iom, &r, "accept", "")
            .await
            .expect("accept");
        let services: &[(&str, &str)] = if case == &c1.id {
            &[("shelter", "2026-01-15"), ("medical", "2026-01-16")]
        } else {
            &[("shelter", "2026-01-20")]
        };
        for (service, on) in services {
            app.record_assistance(
                &iom,
                case,
                NewAssistance {
                    person_id: Some(victim.clone()),
                    service: (*service).into(),
                    started_on: (*on).into(),
                    outcome: "ongoing".into(),
                    ..Default::default()
                },
            )
            .await
            .expect("assistance");
        }
    }
    let m = app
        .create_meeting(
            &batu,
            NewMeeting {
                held_on: "2026-02-01".into(),
                title: "Rapat Gugus Tugas (uji)".into(),
                attendees: vec!["polres-malang".into()],
                agenda: "Agenda".into(),
                minutes: "Notulen".into(),
                decisions: "Keputusan".into(),
            },
        )
        .await
        .expect("meeting");
    app.add_action_item(&batu, &m, "polres-malang", "Profil perekrut", "2026-02-15")
        .await
        .expect("action");
    for (day, kec, expected) in [
        ("14/02/2026", "35.07.04", 100),
        ("20/02/2026", "35.79.01", 50),
    ] {
        app.record_outreach(
            &batu,
            NewOutreach {
                held_on: day.into(),
                start_time: "09:00".into(),
                kecamatan_code: kec.into(),
                place: "Balai desa".into(),
                title: "Sosialisasi migrasi aman".into(),
                agencies: vec!["pemkot-batu".into()],
                audience: "Warga".into(),
                expected_audience: expected,
                materials: String::new(),
            },
        )
        .await
        .expect("outreach");
    }
}

fn query(region: &str) -> DashboardQuery {
    DashboardQuery {
        region: RegionCode::parse(region).expect("region"),
        from: date!(2026 - 01 - 01),
        to: date!(2026 - 03 - 01),
    }
}

fn region_row(d: &Dashboard, area: Area) -> [Cell; 5] {
    let r = d
        .regions
        .iter()
        .find(|r| r.area == area)
        .unwrap_or_else(|| panic!("no row {area:?} in {:?}", d.regions));
    [r.applicants, r.deferred, r.tips, r.cases, r.assisted]
}

#[tokio::test]
async fn figures_of_a_known_fixture_by_region_with_small_cells_masked() {
    let db = TestDatabase::new().await.expect("db");
    let clock = Arc::new(ManualClock::new(datetime!(2026-01-05 03:00 UTC)));
    let app = App::from_store(
        db.store.clone(),
        AppConfig {
            argon2_memory_kib: 32,
            ..AppConfig::new("unused")
        },
        clock.clone(),
    )
    .await
    .expect("app");
    seed(&db, &app, &clock).await;
    let rina = actor(&app, "rina", "kanwil-jatim", Role::Coordinator).await;
    let code = |s: &str| RegionCode::parse(s).expect("code");

    // Jawa Timur as a whole.
    let d = app.dashboard(&rina, query("35")).await.expect("jatim");
    assert!(!d.small_cells);
    assert_eq!(
        (d.applicants, d.screened, d.deferred),
        (Count(4), Count(4), Count(2))
    );
    assert_eq!(
        d.deferral_outcomes,
        vec![
            (ApplicationStatus::Deferred, Count(1)),
            (ApplicationStatus::Issued, Count(0)),
            (ApplicationStatus::Refused, Count(0)),
            (ApplicationStatus::Lapsed, Count(1)),
        ]
    );
    assert_eq!(d.tips, Count(4));
    assert_eq!(
        d.tips_by_kind,
        vec![
            (Some(CaseKind::Tppo), Count(2)),
            (Some(CaseKind::PmiNp), Count(1)),
            (Some(CaseKind::Smuggling), Count(1)),
        ]
    );
    let by_status: i64 = d.tips_by_status.iter().filter_map(|(_, c)| c.value()).sum();
    assert_eq!(by_status, 4);
    assert_eq!(d.cases, Count(3));
    assert!(d.cases_by_kind.iter().all(|(_, c)| *c == Count(1)));
    assert_eq!(d.suspects, Count(2));
    assert_eq!(
        d.suspects_by_stage,
        vec![
            (Some(Stage::Penyelidikan), Count(1)),
            (Some(Stage::Putusan), Count(1))
        ]
    );
    assert_eq!(d.assisted, Count(2));
    let service = |s: Service| d.assisted_by_service.iter().find(|x| x.0 == s).map(|x| x.1);
    assert_eq!(service(Service::Shelter), Some(Count(2)));
    assert_eq!(service(Service::Medical), Some(Count(1)));
    assert_eq!(service(Service::LegalAid), Some(Count(0)));
    assert_eq!(d.overdue_referrals, Count(1));
    assert_eq!(d.overdue_referrals_by_agency.len(), 1);
    assert_eq!(d.overdue_actions, Count(1));
    assert_eq!((d.outreach_events, d.outreach_audience), (2, 150));
    let funnel: Vec<_> = d.funnel.iter().map(|s| (s.stage, s.count)).collect();
    assert_eq!(
        funnel,
        vec![
            (FunnelStage::Tip, Count(4)),
            (FunnelStage::Case, Count(2)),
            (FunnelStage::Charged, Count(1)),
            (FunnelStage::Verdict, Count(1)),
        ]
    );
    assert_eq!(d.funnel[1].median_days, Median::Days { value: 6.0, of: 2 });
    assert_eq!(d.funnel[2].median_days, Median::Days { value: 10.0, of: 1 });
    assert_eq!(d.funnel[3].median_days, Median::Days { value: 31.0, of: 1 });
    let months: Vec<_> = d
        .months
        .iter()
        .map(|m| (m.month, m.applicants, m.tips, m.cases, m.outreach_events))
        .collect();
    assert_eq!(
        months,
        vec![
            (1, Count(3), Count(4), Count(2), 0),
            (2, Count(1), Count(0), Count(1), 2),
            (3, Count(0), Count(0), Count(0), 0),
        ]
    );
    assert_eq!(
        region_row(&d, Area::Region(code("35.07"))),
        [Count(2), Count(1), Count(2), Count(2), Count(1)]
    );
    assert_eq!(
        region_row(&d, Area::Region(code("35.73"))),
        [Count(1), Count(1), Count(1), Count(1), Count(1)]
    );
    assert_eq!(
        region_row(&d, Area::Region(code("35.79"))),
        [Count(1), Count(0), Count(0), Count(0), Count(0)]
    );
    assert_eq!(
        region_row(&d, Area::Unrecorded),
        [Count(0), Count(0), Count(1), Count(0), Count(0)]
    );

    // Kabupaten Malang: kecamatan rows are masked when small, the kabupaten totals are not.
    let d = app.dashboard(&rina, query("35.07")).await.expect("kab");
    assert_eq!(
        (d.applicants, d.tips, d.cases),
        (Count(2), Count(2), Count(2))
    );
    assert_eq!(
        (d.overdue_referrals, d.overdue_actions),
        (Count(1), Count(1))
    );
    assert_eq!(
        region_row(&d, Area::Region(code("35.07.04"))),
        [Small, Small, Small, Small, Small]
    );
    let sumbermanjing = d
        .regions
        .iter()
        .find(|r| r.area == Area::Region(code("35.07.04")));
    assert_eq!(
        sumbermanjing.map(|r| r.outreach_events),
        Some(1),
        "outreach is public"
    );
    assert_eq!(
        region_row(&d, Area::Region(code("35.07.01"))),
        [Count(0); 5]
    );
    assert_eq!(region_row(&d, Area::Above(code("35.07")))[3], Small);
    assert_eq!(
        d.regions.len(),
        34,
        "33 kecamatan and the kabupaten-only row"
    );

    // One kecamatan: every count about people 1..4 is masked, medians too.
    let d = app.dashboard(&rina, query("35.07.04")).await.expect("kec");
    assert!(d.small_cells && d.breakdown.is_none() && d.regions.is_empty());
    assert_eq!(
        (d.applicants, d.tips, d.cases, d.assisted),
        (Small, Small, Small, Small)
    );
    assert_eq!(
        d.overdue_actions,
        Count(0),
        "the agency is known only by kabupaten"
    );
    assert_eq!(d.funnel[1].count, Small);
    assert_eq!(d.funnel[1].median_days, Median::Small);
    assert_eq!(d.outreach_events, 1);
    assert!(d.months.iter().all(|m| m.applicants != Count(1)));

    // A period before everything is empty.
    let empty = DashboardQuery {
        from: date!(2025 - 01 - 01),
        to: date!(2025 - 12 - 31),
        ..query("35")
    };
    let d = app.dashboard(&rina, empty).await.expect("2025");
    assert_eq!(
        (d.applicants, d.tips, d.cases),
        (Count(0), Count(0), Count(0))
    );
    assert_eq!(d.months.len(), 12);
    db.cleanup().await;
}

#[tokio::test]
async fn who_may_see_and_export_and_what_is_refused() {
    let db = TestDatabase::new().await.expect("db");
    let clock = Arc::new(ManualClock::new(datetime!(2026-03-01 03:00 UTC)));
    let app = App::from_store(
        db.store.clone(),
        AppConfig {
            argon2_memory_kib: 32,
            ..AppConfig::new("unused")
        },
        clock,
    )
    .await
    .expect("app");
    let admin = actor(&app, "admin", "kanwil-jatim", Role::Admin).await;
    let polres = actor(&app, "polres", "polres-malang", Role::Investigator).await;
    let rina = actor(&app, "rina", "kanwil-jatim", Role::Coordinator).await;
    assert!(matches!(
        app.dashboard(&admin, query("35")).await,
        Err(AppError::Forbidden)
    ));
    assert!(app.dashboard(&polres, query("35")).await.is_ok());
    assert!(matches!(
        app.dashboard_export(&polres, query("35"), "trend").await,
        Err(AppError::Forbidden)
    ));
    assert!(
        app.dashboard_export(&rina, query("35"), "trend")
            .await
            .is_ok()
    );
    for bad in ["35.78", "33"] {
        match app.dashboard(&rina, query(bad)).await {
            Err(AppError::Invalid { key, .. }) => assert_eq!(key, "dashboard_region"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    let reversed = DashboardQuery {
        from: date!(2026 - 03 - 01),
        to: date!(2026 - 01 - 01),
        ..query("35")
    };
    assert!(matches!(
        app.dashboard(&rina, reversed).await,
        Err(AppError::Invalid {
            key: "dashboard_period",
            ..
        })
    ));
    let v = app.verify_audit().await.expect("verify");
    assert_eq!(v.broken, None);
    db.cleanup().await;
}

#[tokio::test]
async fn the_demo_history_fills_every_figure_once() {
    let db = TestDatabase::new().await.expect("db");
    let clock = Arc::new(ManualClock::new(datetime!(2026-12-06 03:00 UTC)));
    let app = App::from_store(
        db.store.clone(),
        AppConfig {
            argon2_memory_kib: 32,
            ..AppConfig::new("unused")
        },
        clock,
    )
    .await
    .expect("app");
    sinergi_app::dashboard::demo::seed_demo_dashboard(&app)
        .await
        .expect("seed");
    sinergi_app::dashboard::demo::seed_demo_dashboard(&app)
        .await
        .expect("seed again");
    let rina = actor(&app, "rina", "kanwil-jatim", Role::Coordinator).await;
    let year = DashboardQuery {
        from: date!(2025 - 12 - 07),
        to: date!(2026 - 12 - 06),
        ..query("35")
    };
    let d = app.dashboard(&rina, year).await.expect("dashboard");
    let n = |c: Cell| c.value().unwrap_or(0);
    assert!(
        n(d.applicants) > 100 && n(d.screened) == n(d.applicants),
        "{:?}",
        d.applicants
    );
    assert!(n(d.deferred) > 10 && n(d.tips) > 30 && n(d.cases) > 5);
    assert!(n(d.assisted) > 0 && d.outreach_events == 24);
    assert!(d.funnel.iter().all(|s| n(s.count) > 0), "{:?}", d.funnel);
    assert_eq!(d.months.len(), 13);
    let again = app.dashboard(&rina, year).await.expect("dashboard");
    assert_eq!(
        again.applicants, d.applicants,
        "the second seed added nothing"
    );
    db.cleanup().await;
}
