//! Background jobs under a lease row: never twice at once, the schedule survives a restart, and
//! a dead holder's lease expires.

use sinergi_app::ops::{Job, JobSchedule};
use sinergi_app::{App, AppConfig};
use sinergi_domain::clock::Clock;
use sinergi_store::testing::TestDatabase;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;
use time::macros::datetime;

/// A clock the test moves forward.
struct StepClock(Mutex<OffsetDateTime>);

impl Clock for StepClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().expect("clock")
    }
}

impl StepClock {
    fn advance(&self, d: Duration) {
        let mut t = self.0.lock().expect("clock");
        *t += d;
    }
}

async fn process(db: &TestDatabase, clock: &Arc<StepClock>) -> App {
    let config = AppConfig {
        argon2_memory_kib: 64,
        ..AppConfig::new("unused")
    };
    App::from_store(db.store.clone(), config, clock.clone())
        .await
        .expect("app")
}

#[tokio::test]
async fn two_processes_never_run_a_job_twice_and_a_restart_keeps_the_schedule() {
    let db = TestDatabase::new().await.expect("db");
    let clock = Arc::new(StepClock(Mutex::new(datetime!(2026-03-02 03:00 UTC))));
    let schedule = JobSchedule::default();
    let a = process(&db, &clock).await;
    let b = process(&db, &clock).await;

    // First call registers the jobs, due one period later: nothing runs yet.
    assert!(
        a.run_due_jobs("a", &schedule)
            .await
            .expect("jobs")
            .is_empty()
    );
    clock.advance(Duration::from_secs(301));
    let (ra, rb) = tokio::join!(
        a.run_due_jobs("a", &schedule),
        b.run_due_jobs("b", &schedule)
    );
    let (ra, rb) = (ra.expect("a"), rb.expect("b"));
    let mut all: Vec<&str> = ra.iter().chain(&rb).copied().collect();
    all.sort_unstable();
    assert_eq!(
        all,
        vec!["deferral_sweep", "reminders"],
        "each due job ran exactly once: a {ra:?}, b {rb:?}"
    );

    // A restart (a new process over the same database) does not run them again before due.
    let c = process(&db, &clock).await;
    assert!(c.run_due_jobs("c", &schedule).await.expect("c").is_empty());

    // A holder that dies keeps its lease until it expires; then another process runs the job.
    clock.advance(Duration::from_secs(24 * 3600));
    let now = (clock.now().unix_timestamp_nanos() / 1_000_000) as i64;
    assert!(
        db.store
            .take_job_lease(Job::RetentionPurge.name(), "dead", now, now + 900_000)
            .await
            .expect("lease")
    );
    let ran = c.run_due_jobs("c", &schedule).await.expect("c");
    assert!(!ran.contains(&"retention_purge"), "{ran:?}");
    clock.advance(Duration::from_secs(901));
    let ran = c.run_due_jobs("c", &schedule).await.expect("c");
    assert!(ran.contains(&"retention_purge"), "{ran:?}");
    let states = c.job_states().await.expect("states");
    let purge = states
        .iter()
        .find(|s| s.0 == "retention_purge")
        .expect("purge row");
    assert_eq!((purge.2, purge.3.as_deref()), (1, Some("ok")));
    db.cleanup().await;
}

/// The standby of the test primary, e.g. `postgres://postgres@127.0.0.1:5433/test`; `.ci/run`
/// creates the standby and sets this.
const STANDBY_ENV: &str = "SINERGI_TEST_STANDBY_URL";

#[tokio::test]
async fn dashboards_and_searches_are_served_from_a_streaming_hot_standby() {
    use sinergi_app::audit::Origin;
    use sinergi_app::auth::{Caller, NewUser};
    use sinergi_domain::access::Role;
    use sinergi_store::{ConnectOptions, Store};
    let Some(standby) = std::env::var(STANDBY_ENV).ok().filter(|u| !u.is_empty()) else {
        println!("SKIPPED: {STANDBY_ENV} is not set (no PostgreSQL standby configured)");
        return;
    };
    let db = TestDatabase::new().await.expect("db");
    let Some(schema) = db.pg_schema().map(str::to_string) else {
        panic!(
            "{STANDBY_ENV} is set but the primary is not PostgreSQL: set SINERGI_TEST_DATABASE_URL"
        );
    };
    let clock = Arc::new(StepClock(Mutex::new(datetime!(2026-03-02 03:00 UTC))));
    let app = process(&db, &clock).await;
    let read = Store::connect_with(
        &standby,
        ConnectOptions {
            pg_schema: Some(schema),
            max_connections: Some(2),
        },
    )
    .await
    .expect("standby");
    let app = app.with_read_store(read);
    assert!(
        app.reads_from_standby().await.expect("recovery"),
        "the read URL is not a standby"
    );

    app.add_user(
        Caller::Operator,
        NewUser {
            username: "analis".into(),
            display_name: "Analis".into(),
            agency_code: "kanim-malang".into(),
            role: Role::ImmigrationOfficer,
            password: "kata-sandi-analis-2026".into(),
        },
    )
    .await
    .expect("user");
    let actor = app
        .login("analis", "kata-sandi-analis-2026", "t")
        .await
        .expect("login")
        .actor;
    let mut csv = String::from("id,full_name\n");
    for i in 0..300 {
        csv.push_str(&format!("{i},Standby Orang {i}\n"));
    }
    let started = std::time::Instant::now();
    let r = app
        .import_people_csv(&Origin::cli(), "standby", csv.as_bytes())
        .await
        .expect("import on the primary");
    assert_eq!(r.added, 300);
    // The standby catches up: the count and the search read there.
    let mut seen = 0;
    for _ in 0..200 {
        seen = app.count_people().await.expect("count on the standby");
        if seen == 300 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(seen, 300, "the standby never showed the import");
    println!("standby visible after {:?}", started.elapsed());
    let hits = app
        .search_people(&actor, "standby orang 29")
        .await
        .expect("search");
    assert!(!hits.is_empty(), "search on the standby found nothing");
    // The search was audited on the primary, although it read from the standby.
    let audit = app.verify_audit().await.expect("audit");
    assert!(audit.broken.is_none());
    db.cleanup().await;
}
