//! The entities part of the store contract (migration 23), on SQLite and (with
//! `SINERGI_TEST_DATABASE_URL`) PostgreSQL.

use sinergi_domain::entities::{MergeRecord, MergeState, RecordKey, RecordKind};
use sinergi_domain::prevention::Evidence;
use sinergi_store::testing::TestDatabase;

fn key(kind: RecordKind, id: &str) -> RecordKey {
    RecordKey::new(kind, id)
}

#[tokio::test]
async fn members_merges_moves_and_undo_round_trip() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    let a = key(RecordKind::CasePerson, "p1");
    let b = key(RecordKind::Watchlist, "w1");
    // A record never merged is its own entity.
    assert_eq!(s.entity_of(&a).await.expect("of a"), "k:p1");
    assert_eq!(
        s.entity_members("k:p1").await.expect("alone"),
        vec![a.clone()]
    );
    assert!(s.entity_members("k:none").await.is_ok());

    let m = MergeRecord {
        id: "m1".into(),
        record_a: a.clone(),
        record_b: b.clone(),
        into_entity: "k:p1".into(),
        from_entity: "w:w1".into(),
        probability: 0.41,
        evidence: vec![
            Evidence {
                field: "full_name".into(),
                level: "subset".into(),
                bits: Some(4.7),
            },
            Evidence {
                field: "phone".into(),
                level: "exact".into(),
                bits: Some(19.3),
            },
        ],
        state: MergeState::Merged,
        decided_by: "u1".into(),
        decided_at: 10,
        undone_by: None,
        undone_at: None,
    };
    s.insert_merge(&m).await.expect("merge");
    s.set_entity(&a, "k:p1", 10).await.expect("a");
    s.set_entity(&b, "k:p1", 10).await.expect("b");
    s.insert_merge_move("m1", &b, "w:w1").await.expect("move");
    assert_eq!(s.entity_of(&b).await.expect("of b"), "k:p1");
    assert_eq!(
        s.entity_members("k:p1").await.expect("two"),
        vec![a.clone(), b.clone()]
    );
    // The merged-away entity id has no members left.
    assert!(s.entity_members("w:w1").await.expect("gone").is_empty());
    assert_eq!(
        s.merge_moves("m1").await.expect("moves"),
        vec![(b.clone(), "w:w1".to_string())]
    );
    assert_eq!(s.merge_record("m1").await.expect("read"), Some(m.clone()));
    assert_eq!(s.merges_of_record(&b).await.expect("of b"), vec![m.clone()]);
    assert_eq!(s.recent_merges(5).await.expect("recent"), vec![m.clone()]);

    assert!(s.mark_merge_undone("m1", "u2", 20).await.expect("undo"));
    assert!(!s.mark_merge_undone("m1", "u2", 21).await.expect("twice"));
    let undone = s.merge_record("m1").await.expect("read").expect("there");
    assert_eq!(
        (undone.state, undone.undone_by.as_deref(), undone.undone_at),
        (MergeState::Undone, Some("u2"), Some(20))
    );

    let d = MergeRecord {
        id: "m2".into(),
        state: MergeState::Dismissed,
        decided_at: 30,
        ..m
    };
    s.insert_merge(&d).await.expect("dismiss");
    assert_eq!(s.dismissed_pairs().await.expect("dismissed"), vec![(a, b)]);
    assert!(s.merge_record("m9").await.expect("none").is_none());
}
