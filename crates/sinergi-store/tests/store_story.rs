//! The store contract: every public store function, on SQLite and (with
//! `SINERGI_TEST_DATABASE_URL`) on PostgreSQL. A module of `store.rs`, the crate's one test binary.

use sinergi_domain::access::{Role, User};
use sinergi_domain::org::{Agency, AgencyKind, AgencyName};
use sinergi_store::StoreError;
use sinergi_store::people::PersonRow;
use sinergi_store::sessions::SessionRow;
use sinergi_store::testing::TestDatabase;
use sinergi_store::trust::{
    ApiClientRow, BreachMark, BreachRow, BreakGlassRow, ConsentRow, StatisticRow,
};
use sinergi_store::users::StoredUser;
use time::macros::date;

fn agency() -> Agency {
    Agency {
        code: "kanim-malang".into(),
        kind: AgencyKind::Imigrasi,
        region_code: Some("35.73".into()),
        names: vec![
            AgencyName {
                name: "Kantor Imigrasi Malang (lama)".into(),
                parent_code: Some("kemenkumham".into()),
                valid_from: date!(2010 - 01 - 01),
                valid_to: Some(date!(2024 - 10 - 20)),
            },
            AgencyName {
                name: "Kantor Imigrasi Kelas I TPI Malang".into(),
                parent_code: Some("kemenimipas".into()),
                valid_from: date!(2024 - 10 - 21),
                valid_to: None,
            },
        ],
    }
}

fn user(id: &str, username: &str) -> StoredUser {
    StoredUser {
        user: User {
            id: id.into(),
            username: username.into(),
            display_name: "Petugas Uji".into(),
            agency_code: "kanim-malang".into(),
            role: Role::ImmigrationOfficer,
            active: true,
        },
        password_hash: "$argon2id$stub".into(),
    }
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let db = TestDatabase::new().await.expect("test database");
    assert!(db.store.migrate().await.expect("first") >= 2);
    assert_eq!(db.store.migrate().await.expect("second"), 0);
    db.store.ping().await.expect("ping");
    db.cleanup().await;
}

#[tokio::test]
async fn agencies_keep_their_name_history() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.upsert_agency(&agency()).await.expect("insert");
    s.upsert_agency(&agency()).await.expect("upsert again");
    let all = s.agencies().await.expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0], agency());
    assert_eq!(s.agency("kanim-malang").await.expect("one"), agency());
    assert!(matches!(s.agency("nope").await, Err(StoreError::NotFound)));
    db.cleanup().await;
}

#[tokio::test]
async fn users_sessions_and_login_attempts() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.upsert_agency(&agency()).await.expect("agency");
    s.insert_user(&user("u1", "budi"), 1).await.expect("user");
    let dup = s.insert_user(&user("u2", "budi"), 1).await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    let mut orphan = user("u3", "siti");
    orphan.user.agency_code = "no-such-agency".into();
    assert!(matches!(
        s.insert_user(&orphan, 1).await,
        Err(StoreError::Conflict(_))
    ));
    let got = s
        .user_by_username("budi")
        .await
        .expect("get")
        .expect("some");
    assert_eq!(got.user, user("u1", "budi").user);
    assert!(s.user_by_username("nobody").await.expect("get").is_none());
    assert_eq!(
        s.user_by_id("u1").await.expect("by id").user.username,
        "budi"
    );
    s.set_password_hash("u1", "$argon2id$new")
        .await
        .expect("set");
    assert_eq!(
        s.user_by_id("u1").await.expect("by id").password_hash,
        "$argon2id$new"
    );
    assert!(matches!(
        s.set_password_hash("zz", "x").await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.users().await.expect("users").len(), 1);

    let session = SessionRow {
        token_hash: "h1".into(),
        user_id: "u1".into(),
        csrf_token: "c1".into(),
        created_at: 10,
        expires_at: 100,
    };
    s.insert_session(&session).await.expect("session");
    assert_eq!(s.session("h1").await.expect("get"), Some(session.clone()));
    s.touch_session("h1", 200).await.expect("touch");
    assert_eq!(
        s.session("h1").await.expect("get").map(|x| x.expires_at),
        Some(200)
    );
    assert_eq!(s.purge_expired_sessions(150).await.expect("purge"), 0);
    assert_eq!(s.purge_expired_sessions(250).await.expect("purge"), 1);
    s.insert_session(&session).await.expect("again");
    s.delete_session("h1").await.expect("delete");
    assert_eq!(s.session("h1").await.expect("get"), None);
    s.insert_session(&session).await.expect("again");
    assert_eq!(s.delete_user_sessions("u1").await.expect("all"), 1);

    for (i, ok) in [false, false, true, false].into_iter().enumerate() {
        s.record_login_attempt(&format!("a{i}"), "budi", "127.0.0.1", 100 + i as i64, ok)
            .await
            .expect("attempt");
    }
    // The pair counts failures since its last success; the address counts all of them.
    let f = s
        .login_throttle_facts("budi", "127.0.0.1", 0, 0)
        .await
        .expect("facts");
    assert_eq!(
        (f.pair_fails, f.pair_last_fail, f.client_fails),
        (1, 103, 3)
    );
    let other = s
        .login_throttle_facts("budi", "10.0.0.1", 0, 0)
        .await
        .expect("facts");
    assert_eq!((other.pair_fails, other.client_fails), (0, 0));
    db.cleanup().await;
}

#[tokio::test]
async fn people_import_is_idempotent_and_searchable() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    let rows: Vec<PersonRow> = ["Siti Aminah", "SITI NURHALIZA", "Budi Santoso"]
        .iter()
        .enumerate()
        .map(|(i, n)| PersonRow {
            id: format!("p{i}"),
            source: "test".into(),
            source_ref: format!("r{i}"),
            full_name: (*n).into(),
            nik_enc: Some(vec![1, 2, 3, i as u8]),
            nik_idx: Some(format!("idx{}", i % 2)),
            ..PersonRow::default()
        })
        .collect();
    assert_eq!(s.insert_people(&rows, 1).await.expect("insert"), 3);
    let mut again = rows.clone();
    for r in &mut again {
        r.id.push('x');
    }
    assert_eq!(s.insert_people(&again, 2).await.expect("re-run"), 0);
    assert_eq!(s.count_people().await.expect("count"), 3);
    let hits = s.search_people("siti", 10).await.expect("search");
    assert_eq!(hits.len(), 2);
    let injected = s.search_people("' OR 1=1 --", 10).await.expect("search");
    assert!(injected.is_empty());
    let wild = s.search_people("%", 10).await.expect("search");
    assert_eq!(
        wild.len(),
        3,
        "a lone % is stripped, so it matches everything like ''"
    );
    assert_eq!(
        s.person("p2").await.expect("get").map(|p| p.full_name),
        Some("Budi Santoso".into())
    );
    db.cleanup().await;
}

#[tokio::test]
async fn audit_rows_keep_their_order_and_refuse_forks() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    assert!(s.last_audit().await.expect("last").is_none());
    let row = |seq: i64| crate::fixtures::audit_row(seq, "cli");
    for i in 1..=3 {
        s.insert_audit(&row(i)).await.expect("append");
    }
    assert!(matches!(
        s.insert_audit(&row(2)).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(s.last_audit().await.expect("last").map(|r| r.seq), Some(3));
    let page = s.audit_after(1, 10).await.expect("page");
    assert_eq!(page.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![2, 3]);
    let recent = s.recent_audit(2).await.expect("recent");
    assert_eq!(recent.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![3, 2]);
    db.cleanup().await;
}

#[tokio::test]
async fn trust_tables_round_trip() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.upsert_agency(&agency()).await.expect("agency");
    s.insert_user(&user("u1", "budi"), 1).await.expect("user");

    let client = ApiClientRow {
        id: "c1".into(),
        name: "SIMKIM".into(),
        agency_code: "kanim-malang".into(),
        scopes: "view_people".into(),
        token_hash: "th".into(),
        created_by: "u1".into(),
        created_at: 5,
        revoked_at: None,
    };
    s.insert_api_client(&client).await.expect("client");
    assert_eq!(
        s.api_client_by_token_hash("th").await.expect("get"),
        Some(client.clone())
    );
    assert!(s.revoke_api_client("c1", 9).await.expect("revoke"));
    assert!(!s.revoke_api_client("c1", 10).await.expect("again"));
    assert_eq!(s.api_clients().await.expect("all")[0].revoked_at, Some(9));

    s.upsert_totp("u1", &[9, 9], 1).await.expect("totp");
    let t = s.totp("u1").await.expect("get").expect("some");
    assert!(!t.confirmed);
    s.confirm_totp("u1").await.expect("confirm");
    assert!(s.use_totp_step("u1", 100).await.expect("step"));
    assert!(
        !s.use_totp_step("u1", 100).await.expect("replay"),
        "a step is used once"
    );
    assert!(s.totp("u1").await.expect("get").expect("some").confirmed);
    s.delete_totp("u1").await.expect("delete");
    assert!(s.totp("u1").await.expect("get").is_none());

    s.insert_pending_login("p", "u1", "127.0.0.1", 50)
        .await
        .expect("pending");
    assert_eq!(
        s.take_pending_login("p").await.expect("take"),
        Some(("u1".into(), "127.0.0.1".into(), 50))
    );
    assert_eq!(s.take_pending_login("p").await.expect("take"), None);

    let bg = BreakGlassRow {
        id: "b1".into(),
        user_id: "u1".into(),
        agency_code: "kanim-malang".into(),
        subject_kind: "case".into(),
        subject_id: "k1".into(),
        reason: "urgent".into(),
        granted_at: 10,
        expires_at: 20,
        reviewed_by: None,
        reviewed_at: None,
        review_verdict: None,
    };
    s.insert_break_glass(&bg).await.expect("bg");
    assert!(
        s.has_break_glass("u1", "case", "k1", 15)
            .await
            .expect("has")
    );
    assert!(
        !s.has_break_glass("u1", "case", "k1", 25)
            .await
            .expect("expired")
    );
    assert_eq!(s.unreviewed_break_glass().await.expect("list").len(), 1);
    assert!(
        s.review_break_glass("b1", "u1", "justified", 30)
            .await
            .expect("review")
    );
    assert!(s.unreviewed_break_glass().await.expect("list").is_empty());
    assert_eq!(s.break_glass_log(10).await.expect("log").len(), 1);

    let consent = ConsentRow {
        id: "k1".into(),
        subject_idx: "subj".into(),
        purpose: "victim_assistance".into(),
        basis: "consent".into(),
        given_at: 1,
        recorded_by: "u1".into(),
        withdrawn_at: None,
        withdrawn_by: None,
    };
    s.insert_consent(&consent).await.expect("consent");
    assert_eq!(
        s.withdraw_consent("subj", "victim_assistance", "u1", 7)
            .await
            .expect("w"),
        1
    );
    assert_eq!(
        s.consents_for("subj").await.expect("list")[0].withdrawn_at,
        Some(7)
    );

    let breach = BreachRow {
        id: "x1".into(),
        discovered_at: 100,
        recorded_by: "u1".into(),
        description: "laptop lost".into(),
        data_kinds: "nik".into(),
        subjects_estimate: 12,
        measures: "keys rotated".into(),
        notified_subjects_at: None,
        notified_agency_at: None,
        closed_at: None,
    };
    s.insert_breach(&breach).await.expect("breach");
    assert!(
        s.mark_breach("x1", BreachMark::AgencyNotified, 150)
            .await
            .expect("mark")
    );
    assert!(
        !s.mark_breach("x1", BreachMark::AgencyNotified, 160)
            .await
            .expect("mark")
    );
    assert_eq!(
        s.breaches().await.expect("list")[0].notified_agency_at,
        Some(150)
    );

    let rows: Vec<PersonRow> = (0..3)
        .map(|i| PersonRow {
            id: format!("p{i}"),
            source: "t".into(),
            source_ref: format!("r{i}"),
            full_name: "X".into(),
            ..PersonRow::default()
        })
        .collect();
    s.insert_people(&rows, 10).await.expect("people");
    let old = s.people_created_before(11, 10).await.expect("old");
    assert_eq!(old.len(), 3);
    let stat = StatisticRow {
        record_type: "people".into(),
        period: "1970-01".into(),
        dimension: "all".into(),
        value: "all".into(),
        count: 3,
    };
    let ids: Vec<String> = old.iter().map(|c| c.id.clone()).collect();
    assert_eq!(
        s.purge_people(&ids, std::slice::from_ref(&stat))
            .await
            .expect("purge"),
        3
    );
    assert_eq!(
        s.purge_people(&[], std::slice::from_ref(&stat))
            .await
            .expect("purge"),
        0
    );
    assert_eq!(s.count_people().await.expect("count"), 0);
    assert_eq!(
        s.retained_statistics("people").await.expect("stats")[0].count,
        6
    );
    db.cleanup().await;
}

#[path = "store_story/prevention.rs"]
mod prevention;

#[path = "store_story/platform.rs"]
mod platform;

#[path = "store_story/records.rs"]
mod records;

#[path = "store_story/retention.rs"]
mod retention;

#[path = "store_story/entities.rs"]
mod entities;
