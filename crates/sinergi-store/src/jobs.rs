//! Leases of background jobs (see `migrations/0010_jobs.sql`) and the pool's figures for
//! `/metrics`.

use crate::query::{binds, text};
use crate::{Result, Store};
use sqlx::Row;

const ENSURE: &str = "INSERT INTO job_leases (name, holder, lease_until, next_due_at, runs) \
     VALUES ($1, NULL, 0, $2, 0) ON CONFLICT (name) DO NOTHING";
const TAKE: &str = "UPDATE job_leases SET holder = $1, lease_until = $2, last_started_at = $3 \
     WHERE name = $4 AND next_due_at <= $3 AND (holder IS NULL OR lease_until < $3)";
const FINISH: &str = "UPDATE job_leases SET holder = NULL, lease_until = 0, last_finished_at = $1, \
     last_outcome = $2, next_due_at = $3, runs = runs + 1 WHERE name = $4 AND holder = $5";
const ALL: &str = "SELECT name, holder, lease_until, next_due_at, last_started_at, \
     last_finished_at, last_outcome, runs FROM job_leases ORDER BY name";

/// The stored state of one background job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobLease {
    /// Job name, e.g. `reminders`.
    pub name: String,
    /// Who holds the lease now (a process id string), if anyone.
    pub holder: Option<String>,
    /// Until when the holder's lease is valid (epoch ms).
    pub lease_until: i64,
    /// When the job is next due (epoch ms).
    pub next_due_at: i64,
    /// When the last run started (epoch ms).
    pub last_started_at: Option<i64>,
    /// When the last run finished (epoch ms).
    pub last_finished_at: Option<i64>,
    /// `ok` or `failed` for the last run.
    pub last_outcome: Option<String>,
    /// Finished runs so far.
    pub runs: i64,
}

/// Connections of the pool, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Open connections.
    pub size: u32,
    /// Open and idle.
    pub idle: u32,
    /// The pool's limit.
    pub max: u32,
}

impl Store {
    /// Creates the job's row (due at `first_due`) unless it exists.
    pub async fn ensure_job(&self, name: &str, first_due: i64) -> Result<()> {
        self.exec(ENSURE, binds![name, first_due]).await?;
        Ok(())
    }

    /// Takes the lease of a due job until `until`; `false` when it is not due or another
    /// holder's lease is still valid. One UPDATE: two processes can never both get it.
    pub async fn take_job_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        until: i64,
    ) -> Result<bool> {
        let done = self.exec(TAKE, binds![holder, until, now, name]).await?;
        Ok(done == 1)
    }

    /// Ends a run: frees the lease and sets the next due time. `false` when `holder` had lost
    /// the lease (it expired and someone else took it).
    pub async fn finish_job(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        outcome: &str,
        next_due: i64,
    ) -> Result<bool> {
        let done = self
            .exec(FINISH, binds![now, outcome, next_due, name, holder])
            .await?;
        Ok(done == 1)
    }

    /// Every job's stored state.
    pub async fn job_leases(&self) -> Result<Vec<JobLease>> {
        self.rows(ALL, binds![], |r| {
            Ok(JobLease {
                name: r.try_get("name")?,
                holder: r.try_get("holder")?,
                lease_until: r.try_get("lease_until")?,
                next_due_at: r.try_get("next_due_at")?,
                last_started_at: r.try_get("last_started_at")?,
                last_finished_at: r.try_get("last_finished_at")?,
                last_outcome: r.try_get("last_outcome")?,
                runs: r.try_get("runs")?,
            })
        })
        .await
    }

    /// Whether this database is a standby in recovery (PostgreSQL hot standby); always `false`
    /// on SQLite.
    pub async fn in_recovery(&self) -> Result<bool> {
        match self.backend() {
            crate::Backend::Sqlite => Ok(false),
            crate::Backend::Postgres => {
                let v = self
                    .one("SELECT CAST(pg_is_in_recovery() AS TEXT)", binds![], text)
                    .await?;
                Ok(v == "true")
            }
        }
    }

    /// Open, idle and maximum connections of the pool.
    pub fn pool_stats(&self) -> PoolStats {
        PoolStats {
            size: self.pool().size(),
            idle: u32::try_from(self.pool().num_idle()).unwrap_or(u32::MAX),
            max: self.pool().options().get_max_connections(),
        }
    }
}
