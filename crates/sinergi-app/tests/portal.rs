//! The public portal's application layer: registry import (re-runs add nothing, bad rows by
//! line and column), the fuzzy licence check through the matching engine, outreach events.

use sinergi_app::audit::Origin;
use sinergi_app::auth::Actor;
use sinergi_app::portal::licence::LicenceKind;
use sinergi_app::portal::outreach::NewOutreach;
use sinergi_app::{App, AppError};
use sinergi_domain::access::Role;
use sinergi_store::testing::TestDatabase;

use sinergi_testkit::PASSWORD as PW;
use sinergi_testkit::{TestEnv, add_user};
const DEMO_CSV: &str = include_str!("../../../data/portal/registry-demo.csv");

async fn setup() -> (TestDatabase, App) {
    let TestEnv { db, app, clock: _ } = TestEnv::new().await;
    (db, app)
}

async fn actor(app: &App, username: &str, agency: &str, role: Role) -> Actor {
    add_user(app, username, agency, role).await;
    app.login(username, PW, "t").await.expect("login").actor
}

#[tokio::test]
async fn registry_import_is_idempotent_and_names_bad_rows() {
    let (db, app) = setup().await;
    let r = app
        .import_licence_registry(&Origin::cli(), "demo.csv", DEMO_CSV.as_bytes())
        .await
        .unwrap();
    assert_eq!((r.rows_read, r.added, r.errors.len()), (6, 6, 0), "{r:?}");
    let again = app
        .import_licence_registry(&Origin::cli(), "demo.csv", DEMO_CSV.as_bytes())
        .await
        .unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 6));
    assert_eq!(app.licence_registry_size().await.unwrap(), 6);

    // Same licence number written differently, new validity: an update, not a new row.
    let changed = "jenis,nama,nomor_izin,berlaku_dari,berlaku_sampai,alamat,cabang,job_order\n\
                   p3mi,PT Sinar Jaya Abadi,sip3mi demo 0001,01/03/2023,28/02/2029\n\
                   pabrik,PT Salah Jenis,X-1,,01/01/2030\n\
                   p3mi,PT Tanggal Salah,X-2,,31/02/2030\n\
                   p3mi,PT Job Order Salah,X-3,,01/01/2030,,,Malaysia|pabrik|10\n\
                   p3mi,,X-4,,01/01/2030\n";
    let r = app
        .import_licence_registry(&Origin::cli(), "fix.csv", changed.as_bytes())
        .await
        .unwrap();
    assert_eq!((r.added, r.updated), (0, 1), "{r:?}");
    let at: Vec<(u64, &str)> = r
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert_eq!(
        at,
        vec![
            (3, "kind"),
            (4, "valid_until"),
            (5, "job_orders"),
            (6, "name")
        ]
    );
    assert_eq!(app.licence_registry_size().await.unwrap(), 6);

    // A file without the required columns is refused as a whole.
    let bad = app
        .import_licence_registry(&Origin::cli(), "x.csv", "a,b\n1,2\n".as_bytes())
        .await;
    assert!(matches!(bad, Err(AppError::Invalid { .. })));
    db.cleanup().await;
}

#[tokio::test]
async fn licence_check_finds_names_however_written() {
    let (db, app) = setup().await;
    app.import_licence_registry(&Origin::cli(), "demo.csv", DEMO_CSV.as_bytes())
        .await
        .unwrap();
    for typed in [
        "PT Sinar Jaya Abadi",
        "sinar jaya abadi pt",
        "Sinar Djaja",
        "SINAR JAYA ABADI",
    ] {
        let hits = app.check_licence(typed, None).await.unwrap();
        let first = hits.first().unwrap_or_else(|| panic!("{typed}: no hit"));
        assert_eq!(first.entry.name, "PT Sinar Jaya Abadi", "{typed}");
        assert!(first.entry.valid_now);
        assert_eq!(first.entry.branches, vec!["Malang", "Blitar"]);
        assert_eq!(first.entry.job_orders.len(), 3);
        assert_eq!(first.entry.job_orders[0].country_name.id, "Malaysia");
    }
    for typed in ["PT Maju Terus Pantang Mundur", "Berkah Sentosa", "", "pt"] {
        let hits = app.check_licence(typed, None).await.unwrap();
        assert!(
            hits.is_empty(),
            "{typed}: {:?}",
            hits.first().map(|h| &h.entry.name)
        );
    }
    // An expired licence is found but not valid.
    let hits = app
        .check_licence("Contoh Karya Migran Sejahtera", Some(LicenceKind::P3mi))
        .await
        .unwrap();
    assert!(!hits[0].entry.valid_now);
    // The kind filter keeps training institutes apart.
    let lpk = app
        .check_licence("contoh terampil mandiri", Some(LicenceKind::Lpk))
        .await
        .unwrap();
    assert_eq!(lpk[0].entry.kind, LicenceKind::Lpk);
    assert!(
        app.check_licence("contoh terampil mandiri", Some(LicenceKind::P3mi))
            .await
            .unwrap()
            .iter()
            .all(|h| h.entry.kind == LicenceKind::P3mi)
    );
    db.cleanup().await;
}

fn event(kec: &str, day: &str) -> NewOutreach {
    NewOutreach {
        held_on: day.into(),
        start_time: "09:00".into(),
        kecamatan_code: kec.into(),
        place: "Balai Desa".into(),
        title: "Sosialisasi migrasi aman".into(),
        agencies: vec!["disnaker-kab-malang".into(), "kanim-malang".into()],
        audience: "Calon PMI dan perangkat desa".into(),
        expected_audience: 80,
        materials: "Leaflet alur resmi".into(),
    }
}

#[tokio::test]
async fn outreach_events_are_recorded_by_officers_and_listed_nearest_first() {
    let (db, app) = setup().await;
    let officer = actor(&app, "disnaker", "disnaker-kab-malang", Role::LabourOfficer).await;
    let admin = actor(&app, "admin", "kanwil-jatim", Role::Admin).await;
    assert!(matches!(
        app.record_outreach(&admin, event("35.07.04", "10/12/2026"))
            .await,
        Err(AppError::Forbidden)
    ));
    let kabs: Vec<_> = sinergi_app::portal::outreach::kecamatan_choices();
    assert!(kabs.len() > 30, "Malang Raya has more than 30 kecamatan");
    let (other_kec, _, _) = kabs
        .iter()
        .find(|(c, _, _)| c.starts_with("35.07") && c != "35.07.04")
        .unwrap()
        .clone();
    app.record_outreach(&officer, event("35.79.01", "05/12/2026"))
        .await
        .unwrap();
    app.record_outreach(&officer, event(&other_kec, "06/12/2026"))
        .await
        .unwrap();
    app.record_outreach(&officer, event("35.07.04", "20/12/2026"))
        .await
        .unwrap();
    // Past events are not listed.
    app.record_outreach(&officer, event("35.07.04", "01/11/2026"))
        .await
        .unwrap();
    for (bad, field) in [
        (event("35.15.01", "10/12/2026"), "kecamatan_code"),
        (event("35.07", "10/12/2026"), "kecamatan_code"),
        (event("35.07.04", "31/02/2026"), "held_on"),
        (
            NewOutreach {
                start_time: "25:00".into(),
                ..event("35.07.04", "10/12/2026")
            },
            "start_time",
        ),
        (
            NewOutreach {
                agencies: vec!["tidak-ada".into()],
                ..event("35.07.04", "10/12/2026")
            },
            "agencies",
        ),
    ] {
        match app.record_outreach(&officer, bad).await {
            Err(AppError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let near = app.upcoming_outreach(Some("35.07.04")).await.unwrap();
    let order: Vec<&str> = near.iter().map(|e| e.kecamatan_code.as_str()).collect();
    assert_eq!(order, vec!["35.07.04", other_kec.as_str(), "35.79.01"]);
    assert!(near[0].nearby && !near[1].nearby);
    assert!(
        near[0].agencies.iter().all(|a| !a.contains('-')),
        "agency names, not codes"
    );
    let all = app.upcoming_outreach(None).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        all[0].kecamatan_code, "35.79.01",
        "by date without a kecamatan"
    );
    db.cleanup().await;
}
