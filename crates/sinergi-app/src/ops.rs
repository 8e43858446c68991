//! Operations: the figures `/metrics` shows (screening latency, index size, background jobs,
//! database pool) and the background jobs themselves.
//!
//! Jobs that act on shared data (reminders, deferral sweep, retention purge) run under a lease
//! row in the database (`job_leases`): the schedule survives restarts, and with several server
//! processes on one database only the holder of the lease runs a job. The screening index is
//! per process, so its refresh is local and never overlaps itself.

use crate::{App, AppError};
use sinergi_store::Store;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Upper bounds (seconds) of the latency histograms.
pub const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// A lock-free latency histogram with the [`BUCKETS`] bounds (plus `+Inf`).
#[derive(Debug, Default)]
pub struct Histogram {
    counts: [AtomicU64; BUCKETS.len() + 1],
    sum_micros: AtomicU64,
}

/// A copy of a [`Histogram`]: non-cumulative counts per bucket (the last is `+Inf`) and the sum.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistogramSnapshot {
    /// Observations per bucket, `BUCKETS.len() + 1` entries.
    pub counts: Vec<u64>,
    /// Sum of observations in seconds.
    pub sum_seconds: f64,
}

impl HistogramSnapshot {
    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }
}

impl Histogram {
    /// Records one observation.
    pub fn observe(&self, d: Duration) {
        let s = d.as_secs_f64();
        let i = BUCKETS
            .iter()
            .position(|b| s <= *b)
            .unwrap_or(BUCKETS.len());
        self.counts[i].fetch_add(1, Ordering::Relaxed);
        self.sum_micros.fetch_add(
            u64::try_from(d.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }

    /// The current figures.
    pub fn snapshot(&self) -> HistogramSnapshot {
        HistogramSnapshot {
            counts: self
                .counts
                .iter()
                .map(|c| c.load(Ordering::Relaxed))
                .collect(),
            sum_seconds: self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6,
        }
    }
}

/// Records the time from its creation to its drop into a histogram.
#[derive(Debug)]
pub struct Timer<'a> {
    histogram: &'a Histogram,
    started: Instant,
}

impl Drop for Timer<'_> {
    fn drop(&mut self) {
        self.histogram.observe(self.started.elapsed());
    }
}

/// Counters kept by the application for `/metrics`.
#[derive(Debug, Default)]
pub struct OpsStats {
    /// Latency of one applicant screening (index search and every check).
    pub screening: Histogram,
    jobs: Mutex<Vec<JobFigures>>,
}

impl OpsStats {
    /// Starts timing a screening.
    pub fn time_screening(&self) -> Timer<'_> {
        Timer {
            histogram: &self.screening,
            started: Instant::now(),
        }
    }

    fn record_job(&self, name: &str, ok: bool, took: Duration, at_ms: i64) {
        let Ok(mut jobs) = self.jobs.lock() else {
            return;
        };
        let pos = match jobs.iter().position(|j| j.name == name) {
            Some(p) => p,
            None => {
                jobs.push(JobFigures {
                    name: name.to_string(),
                    ..JobFigures::default()
                });
                jobs.len() - 1
            }
        };
        let j = &mut jobs[pos];
        if ok {
            j.ok += 1;
            j.last_success_ms = at_ms;
        } else {
            j.failed += 1;
        }
        j.last_seconds = took.as_secs_f64();
    }
}

/// Runs of one job by this process.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobFigures {
    /// Job name.
    pub name: String,
    /// Successful runs.
    pub ok: u64,
    /// Failed runs.
    pub failed: u64,
    /// Duration of the last run, seconds.
    pub last_seconds: f64,
    /// End of the last successful run (epoch ms), 0 if none.
    pub last_success_ms: i64,
}

/// Everything `/metrics` shows from the application.
#[derive(Debug, Clone)]
pub struct OpsSnapshot {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// Screening latency.
    pub screening: HistogramSnapshot,
    /// Entries of the screening index, `None` while it is not built.
    pub index_entries: Option<usize>,
    /// Open connections of the pool.
    pub pool_size: u32,
    /// Idle connections of the pool.
    pub pool_idle: u32,
    /// The pool's limit.
    pub pool_max: u32,
    /// Job runs by this process.
    pub jobs: Vec<JobFigures>,
}

/// A background job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Escalate untouched tips, remind of overdue referrals.
    Reminders,
    /// Expire deferrals whose time is up.
    DeferralSweep,
    /// Delete records past their retention period (statistics kept).
    RetentionPurge,
}

impl Job {
    /// Every leased job.
    pub const ALL: [Job; 3] = [Job::Reminders, Job::DeferralSweep, Job::RetentionPurge];

    /// Stable name (lease row, metrics label).
    pub fn name(self) -> &'static str {
        match self {
            Job::Reminders => "reminders",
            Job::DeferralSweep => "deferral_sweep",
            Job::RetentionPurge => "retention_purge",
        }
    }
}

/// How often each job runs, and how long a lease lasts.
#[derive(Debug, Clone, Copy)]
pub struct JobSchedule {
    /// Reminders and deferral sweep.
    pub reminders: Duration,
    /// Retention purge.
    pub retention_purge: Duration,
    /// A holder that died frees its job after this long.
    pub lease: Duration,
}

impl Default for JobSchedule {
    /// Reminders every 5 minutes, purge daily, leases of 15 minutes.
    fn default() -> Self {
        JobSchedule {
            reminders: Duration::from_secs(300),
            retention_purge: Duration::from_secs(24 * 3600),
            lease: Duration::from_secs(900),
        }
    }
}

impl JobSchedule {
    fn every(&self, job: Job) -> Duration {
        match job {
            Job::Reminders | Job::DeferralSweep => self.reminders,
            Job::RetentionPurge => self.retention_purge,
        }
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl App {
    /// Sends dashboards and searches (people count and search, screening figures) to a read
    /// replica, e.g. a PostgreSQL streaming hot standby. Writes and everything that must see its
    /// own writes stay on the primary. A standby lags by its replication delay (usually
    /// milliseconds): a record added a moment ago may be missing from a search.
    pub fn with_read_store(mut self, read: Store) -> App {
        self.read = Some(read);
        self
    }

    /// The store dashboards and searches read from: the replica if any, else the primary.
    pub(crate) fn reader(&self) -> &Store {
        self.read.as_ref().unwrap_or(&self.store)
    }

    /// Connects to a read replica by URL (see [`App::with_read_store`]); the replica must hold
    /// the same schema (a standby of the primary).
    pub async fn with_read_replica(self, url: &str) -> Result<App, AppError> {
        let read = Store::connect(url).await?;
        Ok(self.with_read_store(read))
    }

    /// Whether reads go to a replica that is in recovery (a hot standby).
    pub async fn reads_from_standby(&self) -> Result<bool, AppError> {
        Ok(self.reader().in_recovery().await?)
    }

    /// The application's counters (the web layer adds its request figures).
    pub fn ops_stats(&self) -> &OpsStats {
        &self.ops
    }

    /// Everything `/metrics` shows from the application.
    pub fn ops_snapshot(&self) -> OpsSnapshot {
        let pool = self.store.pool_stats();
        let index_entries = self
            .prevention
            .index
            .read()
            .ok()
            .and_then(|g| g.as_ref().map(|i| i.len()));
        OpsSnapshot {
            backend: self.backend_name(),
            screening: self.ops.screening.snapshot(),
            index_entries,
            pool_size: pool.size,
            pool_idle: pool.idle,
            pool_max: pool.max,
            jobs: self.ops.jobs.lock().map(|j| j.clone()).unwrap_or_default(),
        }
    }

    /// Whether the screening index is built (for `/readyz`).
    pub fn index_ready(&self) -> bool {
        self.prevention
            .index
            .read()
            .map(|g| g.is_some())
            .unwrap_or(false)
    }

    /// Runs every leased job that is due and whose lease this `holder` gets; returns the names
    /// of the jobs it ran. Call it every minute or so from each server process.
    pub async fn run_due_jobs(
        &self,
        holder: &str,
        schedule: &JobSchedule,
    ) -> Result<Vec<&'static str>, AppError> {
        let mut ran = Vec::new();
        for job in Job::ALL {
            let now = self.ops_now_ms();
            // A new job is first due one period from now; a restart keeps the stored time.
            self.store
                .ensure_job(job.name(), now + ms(schedule.every(job)))
                .await?;
            if !self
                .store
                .take_job_lease(job.name(), holder, now, now + ms(schedule.lease))
                .await?
            {
                continue;
            }
            let started = Instant::now();
            let result = self.run_job(job).await;
            let ok = result.is_ok();
            if let Err(e) = &result {
                tracing::warn!(job = job.name(), error = %e, "background job failed");
            }
            let end = self.ops_now_ms();
            self.ops.record_job(job.name(), ok, started.elapsed(), end);
            let outcome = if ok { "ok" } else { "failed" };
            let next = end + ms(schedule.every(job));
            if !self
                .store
                .finish_job(job.name(), holder, end, outcome, next)
                .await?
            {
                tracing::warn!(job = job.name(), "job lease expired before the job ended");
            }
            ran.push(job.name());
        }
        Ok(ran)
    }

    fn ops_now_ms(&self) -> i64 {
        (self.clock.now().unix_timestamp_nanos() / 1_000_000) as i64
    }

    async fn run_job(&self, job: Job) -> Result<(), AppError> {
        match job {
            Job::Reminders => self.run_coordination_timers().await.map(|_| ()),
            Job::DeferralSweep => self.sweep_deferrals().await.map(|_| ()),
            Job::RetentionPurge => self.purge_expired().await.map(|_| ()),
        }
    }

    /// Builds the screening index if needed (local to this process), timing it as a job.
    pub async fn warm_index(&self) -> Result<usize, AppError> {
        let started = Instant::now();
        let r = self.ensure_prevention_index().await;
        self.ops.record_job(
            "index_build",
            r.is_ok(),
            started.elapsed(),
            self.ops_now_ms(),
        );
        r
    }

    /// The stored state of every leased job: (name, next due epoch ms, runs, last outcome).
    pub async fn job_states(&self) -> Result<Vec<(String, i64, i64, Option<String>)>, AppError> {
        Ok(self
            .store
            .job_leases()
            .await?
            .into_iter()
            .map(|j| (j.name, j.next_due_at, j.runs, j.last_outcome))
            .collect())
    }
}
