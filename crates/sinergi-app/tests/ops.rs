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
