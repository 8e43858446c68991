//! The anonymised HTCDS export: on the demo data and on a larger synthetic set, no combination of
//! exported values is rarer than k, direct identifiers never appear, and the report names what
//! was generalised and suppressed.

use sinergi_app::App;
use sinergi_app::audit::Origin;
use sinergi_app::auth::Actor;
use sinergi_app::cases::{NewCase, NewCasePerson};
use sinergi_app::statistics::{COLUMNS, DEFAULT_K};
use sinergi_domain::access::Role;
use sinergi_store::testing::TestDatabase;
use std::collections::HashMap;

use sinergi_testkit::PASSWORD as PW;
use sinergi_testkit::{TestEnv, add_user};

async fn setup() -> (TestDatabase, App) {
    let TestEnv { db, app, clock: _ } = TestEnv::new().await;
    (db, app)
}

async fn investigator(app: &App, username: &str, agency: &str) -> Actor {
    add_user(app, username, agency, Role::Investigator).await;
    app.login(username, PW, "t").await.expect("login").actor
}

/// Every row's full combination of values occurs at least k times.
fn assert_k_anonymous(csv: &str, k: usize) -> usize {
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(COLUMNS.join(",").as_str()));
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in lines {
        *counts.entry(l).or_default() += 1;
    }
    for (combo, c) in &counts {
        assert!(*c >= k, "{combo} occurs {c} times, fewer than k = {k}");
    }
    counts.values().sum()
}

#[tokio::test]
async fn demo_data_export_is_k_anonymous_and_says_what_it_dropped() {
    let (db, app) = setup().await;
    sinergi_app::cases::seed_demo_cases(&app).await.unwrap();
    let e = app.export_htcds(&Origin::cli(), DEFAULT_K).await.unwrap();
    let rows = assert_k_anonymous(&e.csv, DEFAULT_K);
    let r = &e.report;
    assert!(r.records_in >= 1, "the demo has a victim");
    assert_eq!(rows, r.records_out);
    assert_eq!(r.records_in, r.records_out + r.suppressed_records);
    assert!(
        r.suppressed_records >= 1,
        "one victim alone is rarer than 11"
    );
    assert!(!r.suppressed_combinations.is_empty());
    assert!(r.generalised.iter().any(|g| g.starts_with("prs_AgeBroad")));
    assert!(r.removed.iter().any(|g| g == "NIK"));
    assert!(!e.csv.contains("Sri Wahyuni") && !e.csv.contains("Soetrisno"));
    db.cleanup().await;
}

#[tokio::test]
async fn larger_set_keeps_common_records_and_suppresses_the_rare_ones() {
    let (db, app) = setup().await;
    let polres = investigator(&app, "penyidik", "polres-malang").await;
    let polresta = investigator(&app, "penyidik.kota", "polresta-malang-kota").await;
    // Two cases of 14 adult victims each, and one case of a child: the child stays rare.
    let mut victims = 0;
    for (actor, kind, started, births) in [
        (
            &polres,
            "tppo",
            "2026-02-10",
            (1990..2004).collect::<Vec<_>>(),
        ),
        (&polresta, "tppo", "2026-03-02", (1992..2006).collect()),
        (&polres, "pmi_np", "2026-05-20", vec![2012]),
    ] {
        let case = app
            .open_case(
                actor,
                NewCase {
                    kind: kind.into(),
                    title: "Kasus sintetis".into(),
                    started_on: started.into(),
                    tip_id: None,
                },
            )
            .await
            .unwrap();
        for (i, year) in births.iter().enumerate() {
            app.add_case_person(
                actor,
                &case.id,
                NewCasePerson {
                    role: "victim".into(),
                    name: format!("Korban Sintetis {year} {i}"),
                    nik: None,
                    birth_date: Some(format!("{year}-06-0{}", 1 + i % 9)),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            victims += 1;
        }
    }
    for k in [DEFAULT_K, 5] {
        let e = app.export_htcds(&Origin::cli(), k).await.unwrap();
        let rows = assert_k_anonymous(&e.csv, k);
        let r = &e.report;
        assert_eq!(r.records_in, victims);
        assert_eq!(rows, r.records_out);
        assert_eq!(r.records_in, r.records_out + r.suppressed_records);
        assert!(r.records_out >= 20, "k {k}: common adults are kept ({r:?})");
        assert!(
            r.suppressed_combinations
                .iter()
                .any(|c| c.starts_with("0-")),
            "k {k}: the child's record is named as dropped: {:?}",
            r.suppressed_combinations
        );
        assert!(!e.csv.contains("Korban Sintetis"));
        assert!(
            e.csv.lines().all(|l| !l.starts_with("0-")),
            "no child row survives"
        );
    }
    db.cleanup().await;
}
