//! The screening index across restarts and crashes, on SQLite and PostgreSQL: a restart loads
//! the snapshot instead of rebuilding, a snapshot older than the database is caught up, a damaged
//! one is rebuilt, and a person deleted from the database never comes back from a snapshot.
//!
//! A "restart" is a new `App` over the same database, master key and data folder; a "crash" is
//! dropping an `App` without writing its snapshot.

use sinergi_app::audit::Origin;
use sinergi_app::prevention::index::IndexFields;
use sinergi_app::prevention::index_sync::{OpenPath, RebuildReason};
use sinergi_app::vault::MasterKey;
use sinergi_app::{App, AppConfig};
use sinergi_domain::clock::ManualClock;
use sinergi_store::testing::TestDatabase;
use std::path::PathBuf;
use std::sync::Arc;
use time::macros::datetime;

struct Env {
    db: TestDatabase,
    key: MasterKey,
    snapshot: PathBuf,
    clock: Arc<ManualClock>,
}

impl Env {
    async fn new() -> Env {
        let dir = std::env::temp_dir().join(format!("sinergi-index-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Env {
            db: TestDatabase::new().await.expect("test database"),
            key: MasterKey::generate().expect("key"),
            snapshot: dir.join("screening.index"),
            clock: Arc::new(ManualClock::new(datetime!(2026-11-28 03:00 UTC))),
        }
    }

    /// A process start: a fresh `App` (nothing in memory) over the same database and folder.
    async fn start(&self) -> App {
        let config = AppConfig {
            argon2_memory_kib: 64,
            index_snapshot: Some(self.snapshot.clone()),
            ..AppConfig::new("unused").with_master_key(self.key.clone())
        };
        App::from_store(self.db.store.clone(), config, self.clock.clone())
            .await
            .expect("app")
    }

    async fn person_id(&self, name: &str) -> String {
        let page = self.db.store.people_page("", 1000).await.expect("people");
        let p = page.iter().find(|p| p.full_name == name).expect("stored");
        format!("p:{}", p.id)
    }
}

async fn import(app: &App, rows: &str) {
    let csv = format!("id,full_name,birth_date,sex,nik,phone\n{rows}");
    let r = app
        .import_people_csv(&Origin::cli(), "uji", csv.as_bytes())
        .await
        .expect("import");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

async fn found(app: &App, name: &str, nik: &str) -> Vec<String> {
    app.index_entry_ids(
        &IndexFields {
            full_name: name.into(),
            nik: Some(nik.into()),
            ..IndexFields::default()
        },
        3,
    )
    .await
    .expect("search")
}

const SITI: &str = "1,Siti Nurhalizah,12/03/1995,P,3507045203950002,081234567890\n";
const BUDI: &str = "2,Budi Santoso,01/01/1980,L,3573010101800003,\n";
const DEWI: &str = "3,Dewi Lestari,05/05/1990,P,3579014505900004,\n";

#[tokio::test]
async fn a_restart_loads_the_snapshot_instead_of_rebuilding() {
    let env = Env::new().await;
    let first = env.start().await;
    import(&first, &format!("{SITI}{BUDI}")).await;
    first.ensure_prevention_index().await.expect("open");
    let r = first.index_report();
    assert_eq!((r.rebuilds, r.snapshot_loads), (1, 0));
    assert_eq!(
        r.last_open.map(|o| o.path),
        Some(OpenPath::Rebuilt(RebuildReason::Missing))
    );
    assert_eq!(r.snapshot_saves, 1, "a rebuild writes its snapshot");
    // Recorded after the snapshot: indexed at once in this process, then a clean shutdown.
    import(&first, DEWI).await;
    let dewi = env.person_id("Dewi Lestari").await;
    assert_eq!(
        found(&first, "Dewi Lestari", "3579014505900004")
            .await
            .first(),
        Some(&dewi)
    );
    assert!(first.save_index_snapshot().await.expect("save").is_some());
    drop(first);

    let second = env.start().await;
    let n = second.ensure_prevention_index().await.expect("open");
    let r = second.index_report();
    assert_eq!((r.rebuilds, r.snapshot_loads), (0, 1), "{r:?}");
    let open = r.last_open.expect("opened");
    assert_eq!(open.path, OpenPath::Snapshot);
    assert_eq!(
        open.sync.indexed, 0,
        "nothing to replay after a clean shutdown"
    );
    assert_eq!(n, 3);
    let siti = env.person_id("Siti Nurhalizah").await;
    assert_eq!(
        found(&second, "St. Nurhaliza", "3507045203950002")
            .await
            .first(),
        Some(&siti)
    );
    assert_eq!(
        found(&second, "Dewi Lestari", "3579014505900004")
            .await
            .first(),
        Some(&dewi)
    );
    env.db.cleanup().await;
}

#[tokio::test]
async fn a_snapshot_older_than_the_database_is_caught_up() {
    let env = Env::new().await;
    let first = env.start().await;
    import(&first, SITI).await;
    first.ensure_prevention_index().await.expect("open");
    // Written after the snapshot, then the process dies without writing it again.
    import(&first, BUDI).await;
    drop(first);
    // And one more written by another process (a CLI import) while none was running.
    let cli = env.start().await;
    import(&cli, DEWI).await;
    drop(cli);

    let second = env.start().await;
    second.ensure_prevention_index().await.expect("open");
    let r = second.index_report();
    assert_eq!((r.rebuilds, r.snapshot_loads), (0, 1), "{r:?}");
    assert_eq!(r.last_open.map(|o| o.sync.indexed), Some(2), "{r:?}");
    for (name, nik) in [
        ("Budi Santoso", "3573010101800003"),
        ("Dewi Lestari", "3579014505900004"),
    ] {
        let id = env.person_id(name).await;
        assert_eq!(found(&second, name, nik).await.first(), Some(&id), "{name}");
    }
    env.db.cleanup().await;
}

#[tokio::test]
async fn a_truncated_or_foreign_snapshot_is_rebuilt_and_finds_the_latest_record() {
    let env = Env::new().await;
    let first = env.start().await;
    import(&first, SITI).await;
    first.ensure_prevention_index().await.expect("open");
    import(&first, BUDI).await;
    assert!(first.save_index_snapshot().await.expect("save").is_some());
    drop(first);
    let whole = std::fs::read(&env.snapshot).expect("snapshot");
    let budi = env.person_id("Budi Santoso").await;
    for (damage, bytes) in [
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("a flipped byte", {
            let mut b = whole.clone();
            let at = b.len() - 100;
            b[at] ^= 1;
            b
        }),
        ("empty", Vec::new()),
    ] {
        std::fs::write(&env.snapshot, &bytes).expect("damage");
        let app = env.start().await;
        app.ensure_prevention_index().await.expect("open");
        let r = app.index_report();
        assert_eq!(
            r.last_open.map(|o| o.path),
            Some(OpenPath::Rebuilt(RebuildReason::Sealed)),
            "{damage}"
        );
        assert_eq!(
            found(&app, "Budi Santoso", "3573010101800003")
                .await
                .first(),
            Some(&budi),
            "{damage}"
        );
        assert_eq!(
            r.snapshot_saves, 1,
            "{damage}: the rebuild rewrote the snapshot"
        );
    }
    // A snapshot of another installation (another master key) is never read.
    let other = Env::new().await;
    let stranger = other.start().await;
    import(&stranger, DEWI).await;
    stranger.ensure_prevention_index().await.expect("open");
    std::fs::copy(&other.snapshot, &env.snapshot).expect("copy");
    let app = env.start().await;
    app.ensure_prevention_index().await.expect("open");
    assert_eq!(
        app.index_report().last_open.map(|o| o.path),
        Some(OpenPath::Rebuilt(RebuildReason::Sealed))
    );
    let strangers_dewi = other.person_id("Dewi Lestari").await;
    assert!(
        !found(&app, "Dewi Lestari", "3579014505900004")
            .await
            .contains(&strangers_dewi)
    );
    // The rewritten snapshot loads on the next start.
    let app = env.start().await;
    app.ensure_prevention_index().await.expect("open");
    assert_eq!(
        app.index_report().last_open.map(|o| o.path),
        Some(OpenPath::Snapshot)
    );
    other.db.cleanup().await;
    env.db.cleanup().await;
}

#[tokio::test]
async fn a_person_purged_or_deleted_does_not_survive_a_restart() {
    let env = Env::new().await;
    let first = env.start().await;
    import(&first, &format!("{SITI}{BUDI}")).await;
    let siti = env.person_id("Siti Nurhalizah").await;
    let budi = env.person_id("Budi Santoso").await;
    first.ensure_prevention_index().await.expect("open");
    assert!(env.snapshot.exists());
    // Past the retention period the purge deletes both; the live index drops them at once.
    env.clock.advance(time::Duration::days(6 * 366));
    import(&first, DEWI).await;
    let report = first.purge_expired().await.expect("purge");
    assert_eq!(report.people_deleted, 2);
    assert!(
        !found(&first, "Siti Nurhalizah", "3507045203950002")
            .await
            .contains(&siti)
    );
    // The process dies: the snapshot on disk still holds both.
    drop(first);

    let second = env.start().await;
    second.ensure_prevention_index().await.expect("open");
    let open = second.index_report().last_open.expect("opened");
    assert_eq!(open.path, OpenPath::Snapshot);
    assert!(open.sync.reconciled, "{open:?}");
    assert_eq!(open.sync.removed, 2, "{open:?}");
    for (name, nik, id) in [
        ("Siti Nurhalizah", "3507045203950002", &siti),
        ("Budi Santoso", "3573010101800003", &budi),
    ] {
        assert!(!found(&second, name, nik).await.contains(id), "{name}");
    }
    let dewi = env.person_id("Dewi Lestari").await;
    assert_eq!(
        found(&second, "Dewi Lestari", "3579014505900004")
            .await
            .first(),
        Some(&dewi)
    );
    drop(second);

    // Deleted by hand behind every process's back: also gone after the next start.
    let dewi_row = dewi.trim_start_matches("p:").to_string();
    env.db
        .execute(&format!("DELETE FROM people WHERE id = '{dewi_row}'"))
        .await
        .expect("delete");
    let third = env.start().await;
    third.ensure_prevention_index().await.expect("open");
    assert_eq!(
        third.index_report().last_open.map(|o| o.sync.removed),
        Some(1)
    );
    assert!(
        found(&third, "Dewi Lestari", "3579014505900004")
            .await
            .is_empty()
    );
    env.db.cleanup().await;
}
