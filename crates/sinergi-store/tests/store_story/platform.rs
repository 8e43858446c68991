//! The platform part of the store contract: connecting, backends, transactions, job leases,
//! letter numbers, pending second factors, schema versions and the test database itself, on
//! SQLite and (with `SINERGI_TEST_DATABASE_URL`) PostgreSQL.

use super::{agency, user};
use sinergi_store::testing::{TEST_DATABASE_ENV, TestDatabase};
use sinergi_store::{Backend, ConnectOptions, Store};

/// The URL the suite runs against (in-memory SQLite unless the variable is set).
fn suite_url() -> String {
    std::env::var(TEST_DATABASE_ENV)
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "sqlite::memory:".into())
}

#[tokio::test]
async fn connecting_names_the_backend_and_closes() {
    let db = TestDatabase::new().await.expect("test database");
    let url = suite_url();
    let backend = Backend::from_url(&url);
    assert_eq!(db.store.backend(), backend);
    assert_eq!(db.describe(), backend.name());
    assert_eq!(
        db.pg_schema().is_some(),
        backend == Backend::Postgres,
        "a schema of its own on PostgreSQL only"
    );
    assert_eq!(Backend::from_url("postgres://h/db"), Backend::Postgres);
    assert_eq!(Backend::from_url("sqlite::memory:"), Backend::Sqlite);
    assert_eq!(Backend::Sqlite.name(), "sqlite");
    assert_eq!(Backend::Postgres.name(), "postgres");

    let plain = Store::connect(&url).await.expect("connect");
    plain.ping().await.expect("ping");
    plain.close().await;
    assert!(
        plain.ping().await.is_err(),
        "a closed store answers no more"
    );

    // The test database's own schema, through the options (as the standby test opens it); one
    // connection, because every connection to `sqlite::memory:` is a database of its own.
    let same = Store::connect_with(
        &url,
        ConnectOptions {
            pg_schema: db.pg_schema().map(str::to_string),
            max_connections: Some(1),
        },
    )
    .await
    .expect("connect with options");
    same.migrate().await.expect("migrate");
    let stats = same.pool_stats();
    assert_eq!(stats.max, 1);
    assert!(
        stats.idle <= stats.size && stats.size <= stats.max,
        "{stats:?}"
    );
    assert!(!same.in_recovery().await.expect("recovery"), "a primary");
    same.close().await;
    db.cleanup().await;
}

#[tokio::test]
async fn a_transaction_commits_together_or_not_at_all() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.upsert_agency(&agency()).await.expect("agency");
    assert!(!s.in_transaction());

    let tx = s.begin().await.expect("begin");
    assert!(tx.in_transaction());
    tx.lock_audit_chain().await.expect("lock");
    tx.insert_user(&user("u1", "dewi"), 1).await.expect("user");
    let joined = tx.begin().await.expect("nested begin joins");
    joined
        .insert_user(&user("u2", "agus"), 1)
        .await
        .expect("user");
    joined
        .commit()
        .await
        .expect("a joined store commits nothing");
    tx.commit().await.expect("commit");
    assert_eq!(s.users().await.expect("users").len(), 2);

    let dropped = s.begin().await.expect("begin");
    dropped
        .insert_user(&user("u3", "budi"), 1)
        .await
        .expect("user");
    drop(dropped);
    assert_eq!(
        s.users().await.expect("users").len(),
        2,
        "an uncommitted transaction leaves nothing"
    );
    db.cleanup().await;
}

#[tokio::test]
async fn job_leases_go_to_one_holder_at_a_time() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.ensure_job("retention", 100).await.expect("ensure");
    s.ensure_job("retention", 999)
        .await
        .expect("ensure again keeps the row");
    assert!(
        !s.take_job_lease("retention", "a", 99, 150)
            .await
            .expect("not due")
    );
    assert!(
        s.take_job_lease("retention", "a", 100, 150)
            .await
            .expect("due")
    );
    assert!(
        !s.take_job_lease("retention", "b", 120, 170)
            .await
            .expect("held"),
        "a valid lease keeps others out"
    );
    assert!(
        !s.finish_job("retention", "b", 130, "ok", 500)
            .await
            .expect("not b's")
    );
    assert!(
        s.finish_job("retention", "a", 130, "ok", 500)
            .await
            .expect("a finishes")
    );
    let leases = s.job_leases().await.expect("leases");
    assert_eq!(leases.len(), 1);
    let l = &leases[0];
    assert_eq!(
        (l.name.as_str(), l.holder.as_deref(), l.next_due_at, l.runs),
        ("retention", None, 500, 1)
    );
    assert_eq!(
        (
            l.last_started_at,
            l.last_finished_at,
            l.last_outcome.as_deref()
        ),
        (Some(100), Some(130), Some("ok"))
    );
    db.cleanup().await;
}

#[tokio::test]
async fn letter_numbers_run_per_office_and_year_and_stay_on_reprint() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.upsert_agency(&agency()).await.expect("agency");
    let n = |kind: &'static str, subject: &'static str, year: i32| {
        s.letter_number("kanim-malang", year, kind, subject, 1)
    };
    assert_eq!(n("deferral", "a1", 2026).await.expect("first"), 1);
    assert_eq!(n("deferral", "a2", 2026).await.expect("second"), 2);
    assert_eq!(n("deferral", "a1", 2026).await.expect("reprint"), 1);
    assert_eq!(n("referral", "a1", 2026).await.expect("other kind"), 3);
    assert_eq!(n("deferral", "a3", 2027).await.expect("new year"), 1);
    db.cleanup().await;
}

#[tokio::test]
async fn a_pending_second_factor_replaces_the_old_one_only_when_promoted() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.upsert_agency(&agency()).await.expect("agency");
    s.insert_user(&user("u1", "dewi"), 1).await.expect("user");
    assert!(!s.promote_totp_pending("u1").await.expect("nothing pending"));
    s.upsert_totp("u1", &[1, 1], 1).await.expect("totp");
    s.confirm_totp("u1").await.expect("confirm");
    s.set_totp_pending("u1", &[2, 2]).await.expect("pending");
    let t = s.totp("u1").await.expect("get").expect("some");
    assert_eq!(
        (t.secret_enc, t.pending_enc),
        (vec![1, 1], Some(vec![2, 2]))
    );
    assert!(s.promote_totp_pending("u1").await.expect("promote"));
    let t = s.totp("u1").await.expect("get").expect("some");
    assert_eq!((t.secret_enc, t.pending_enc), (vec![2, 2], None));
    assert!(!s.promote_totp_pending("u1").await.expect("once"));
    db.cleanup().await;
}

#[tokio::test]
async fn schema_versions_list_every_migration_and_raw_sql_reaches_the_test_database() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    let ran = s.migrate().await.expect("migrate");
    let versions = s.schema_versions().await.expect("versions");
    assert_eq!(versions.len(), ran);
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    s.upsert_agency(&agency()).await.expect("agency");
    assert_eq!(
        db.execute("UPDATE agencies SET region_code = '35.07' WHERE code = 'kanim-malang'")
            .await
            .expect("raw sql"),
        1
    );
    let a = s.agency("kanim-malang").await.expect("agency");
    assert_eq!(a.region_code.as_deref(), Some("35.07"));
    db.cleanup().await;
}
