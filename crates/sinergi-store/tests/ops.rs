//! Operations in the store: the people counter stays equal to the real count through inserts,
//! re-inserts and purges; a snapshot restores into a fresh database with identical tables.

use sinergi_store::people::PersonRow;
use sinergi_store::testing::TestDatabase;

fn person(i: usize) -> PersonRow {
    PersonRow {
        nik_enc: Some(vec![1, 2, 3, (i % 256) as u8]),
        ..crate::fixtures::person(&format!("p{i}"))
    }
}

#[tokio::test]
async fn the_people_counter_follows_inserts_and_purges() {
    let db = TestDatabase::new().await.expect("db");
    db.store.migrate().await.expect("migrate");
    let rows: Vec<PersonRow> = (0..50).map(person).collect();
    assert_eq!(db.store.insert_people(&rows, 1).await.expect("insert"), 50);
    assert_eq!(
        db.store.insert_people(&rows[..10], 2).await.expect("again"),
        0
    );
    assert_eq!(db.store.count_people().await.expect("count"), 50);
    let gone: Vec<String> = (0..7).map(|i| format!("p{i}")).collect();
    assert_eq!(db.store.purge_people(&gone, &[]).await.expect("purge"), 7);
    assert_eq!(db.store.count_people().await.expect("count"), 43);
    let real = db
        .store
        .table_counts()
        .await
        .expect("counts")
        .into_iter()
        .find(|(t, _)| t == "people")
        .expect("people")
        .1;
    assert_eq!(real, 43);
    db.cleanup().await;
}

#[tokio::test]
async fn a_snapshot_restores_into_a_fresh_database_with_identical_tables() {
    let src = TestDatabase::new().await.expect("db");
    src.store.migrate().await.expect("migrate");
    let rows: Vec<PersonRow> = (0..1200).map(person).collect();
    src.store.insert_people(&rows, 1).await.expect("insert");
    let dir = std::env::temp_dir().join(format!("sinergi-store-snap-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let snap = src
        .store
        .export_snapshot(&dir.join("a"))
        .await
        .expect("export");
    let people = snap
        .tables
        .iter()
        .find(|t| t.name == "people")
        .expect("people");
    assert_eq!(people.rows, 1200);

    let dst = TestDatabase::new().await.expect("db");
    dst.store.migrate().await.expect("migrate");
    let files: Vec<_> = snap
        .tables
        .iter()
        .map(|t| dir.join("a").join(&t.file))
        .collect();
    dst.store.import_snapshot(&files).await.expect("import");
    assert_eq!(dst.store.count_people().await.expect("count"), 1200);
    let again = dst
        .store
        .export_snapshot(&dir.join("b"))
        .await
        .expect("export");
    for (x, y) in snap.tables.iter().zip(&again.tables) {
        let a = std::fs::read(dir.join("a").join(&x.file)).expect("a");
        let b = std::fs::read(dir.join("b").join(&y.file)).expect("b");
        assert!(a == b, "table {} differs after the round trip", x.name);
    }
    // A second import into the now filled database is refused.
    assert!(dst.store.import_snapshot(&files).await.is_err());
    let _ = std::fs::remove_dir_all(&dir);
    src.cleanup().await;
    dst.cleanup().await;
}
