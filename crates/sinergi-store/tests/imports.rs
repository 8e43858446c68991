//! Contract tests of imports (migrations 0020-0022) and the task-force report's coordination
//! counts, on SQLite and (with `SINERGI_TEST_DATABASE_URL`) on PostgreSQL.

use sinergi_store::dashboard::Scope;
use sinergi_store::imports::{ImportJobRow, ImportProgress};
use sinergi_store::testing::TestDatabase;

fn job(id: &str, agency: &str, at: i64) -> ImportJobRow {
    ImportJobRow {
        id: id.into(),
        kind: "people".into(),
        source: "dukcapil".into(),
        file_name: "warga.xlsx".into(),
        agency_code: agency.into(),
        created_by: "u1".into(),
        created_at: at,
        state: "staged".into(),
        total_rows: 3,
        done_rows: 0,
        added: 0,
        present: 0,
        refused: 0,
        problems: "[]".into(),
        finished_at: None,
    }
}

#[tokio::test]
async fn import_jobs_mappings_and_keys_round_trip() {
    let db = TestDatabase::new().await.expect("test database");
    db.store.migrate().await.expect("migrate");
    let s = &db.store;
    assert_eq!(s.import_mapping("people", "dukcapil").await.unwrap(), None);
    s.put_import_mapping("people", "dukcapil", "{\"id\":\"No\"}", "u1", 1)
        .await
        .unwrap();
    s.put_import_mapping("people", "dukcapil", "{\"id\":\"NIK\"}", "u2", 2)
        .await
        .unwrap();
    assert_eq!(
        s.import_mapping("people", "dukcapil")
            .await
            .unwrap()
            .as_deref(),
        Some("{\"id\":\"NIK\"}")
    );

    s.insert_import_job(&job("j1", "kanim-malang", 10), b"sealed")
        .await
        .unwrap();
    s.insert_import_job(&job("j2", "kanim-malang", 20), b"other")
        .await
        .unwrap();
    s.insert_import_job(&job("j3", "polres-malang", 30), b"x")
        .await
        .unwrap();
    let mine = s.import_jobs("kanim-malang", 10).await.unwrap();
    assert_eq!(
        mine.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
        ["j2", "j1"],
        "newest first, own agency only"
    );
    assert_eq!(
        s.import_job_content("j1").await.unwrap().as_deref(),
        Some(&b"sealed"[..])
    );
    assert!(s.start_import_job("j1", "dukcapil-2").await.unwrap());
    assert!(!s.start_import_job("j1", "again").await.unwrap(), "once");
    let p = ImportProgress {
        total_rows: 3,
        done_rows: 3,
        added: 2,
        present: 0,
        refused: 1,
    };
    s.import_job_progress("j1", p).await.unwrap();
    s.finish_import_job("j1", "done", "[{\"row\":2}]", 99)
        .await
        .unwrap();
    let j = s.import_job("j1").await.unwrap().unwrap();
    assert_eq!(
        (j.state.as_str(), j.source.as_str(), j.added, j.refused),
        ("done", "dukcapil-2", 2, 1)
    );
    assert_eq!(j.finished_at, Some(99));
    assert_eq!(j.problems, "[{\"row\":2}]");
    assert_eq!(
        s.import_job_content("j1").await.unwrap(),
        None,
        "file dropped"
    );
    assert!(s.import_job("nope").await.unwrap().is_none());

    assert!(s.put_import_key("tips", "k1", "r1", 5).await.unwrap());
    assert!(!s.put_import_key("tips", "k1", "r2", 6).await.unwrap());
    assert!(s.put_import_key("outreach", "k1", "r3", 6).await.unwrap());
    assert_eq!(
        s.import_key("tips", "k1").await.unwrap().as_deref(),
        Some("r1")
    );
    assert_eq!(s.import_key("tips", "k2").await.unwrap(), None);
    db.cleanup().await;
}

#[tokio::test]
async fn coordination_counts_of_an_empty_period_are_zero() {
    let db = TestDatabase::new().await.expect("test database");
    db.store.migrate().await.expect("migrate");
    let scope = Scope {
        from_ms: 0,
        to_ms: 1,
        from_day: "2026-01-01".into(),
        to_day: "2026-12-31".into(),
        region_eq: "35.07".into(),
        region_like: "35.07.%".into(),
    };
    let c = db
        .store
        .report_coordination(&scope, "2026-12-07")
        .await
        .unwrap();
    assert_eq!(c, Default::default());
    db.cleanup().await;
}
