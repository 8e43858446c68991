//! Dashboards on a seeded database (SQLite, and PostgreSQL with `SINERGI_TEST_DATABASE_URL`):
//! every figure of a known fixture for Jawa Timur, a kabupaten and a kecamatan, small cells
//! masked at kecamatan level, and who may see and export them.

#[path = "dashboard_support/mod.rs"]
mod support;

use sinergi_app::AppError;
use sinergi_app::dashboard::{Area, Cell, Dashboard, DashboardQuery, FunnelStage, Median};
use sinergi_domain::access::Role;
use sinergi_domain::cases::CaseKind;
use sinergi_domain::cases::assistance::Service;
use sinergi_domain::cases::legal::Stage;
use sinergi_domain::prevention::ApplicationStatus;
use sinergi_domain::region::RegionCode;
use support::{actor, seed};
use time::macros::{date, datetime};

use Cell::{Count, Small};
use sinergi_testkit::TestEnv;

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
    let TestEnv { db, app, clock } = TestEnv::at(datetime!(2026-01-05 03:00 UTC)).await;
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
    let TestEnv { db, app, clock: _ } = TestEnv::at(datetime!(2026-03-01 03:00 UTC)).await;
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
    let TestEnv { db, app, clock: _ } = TestEnv::at(datetime!(2026-12-06 03:00 UTC)).await;
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
