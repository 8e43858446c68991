//! How Sinergi keeps its data, on two databases with one SQL code path.
//!
//! Every SQL string of the project lives in this crate, next to the function that runs it. The
//! same text runs on SQLite (the embedded default: one file in the data folder, WAL mode) and on
//! PostgreSQL, through sqlx's `Any` driver, by following the portability rules written at the top
//! of `migrations/0001_foundation.sql` (and in ARCHITECTURE.md). Rows are plain strings and
//! integers; conversion into domain types happens here, at the edge, so the domain never learns
//! about sqlx. Where a feature has no portable form, the branch on [`Backend`] stays inside this
//! crate.
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod agencies;
pub mod audit;
pub mod backup;
pub mod cases;
mod counselling;
mod counts;
pub mod dashboard;
pub mod entities;
mod error;
pub mod imports;
pub mod index_feed;
pub mod information;
pub mod jobs;
pub mod letters;
mod migrate;
pub mod people;
pub mod prevention;
mod prevention_rows;
mod query;
pub mod reports;
pub mod retention;
pub mod sealed;
pub mod sessions;
pub mod statistics;
pub mod subject;
pub mod testing;
pub mod totp;
pub mod trust;
pub mod users;

pub use error::StoreError;

mod conn;

pub use conn::Conn;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

/// Result of every store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Which database engine a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite (file or memory).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Reads the engine from a database URL. A bare path is taken as an SQLite file.
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// Lower-case name: `sqlite` or `postgres`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Options for opening a store beyond its URL.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// PostgreSQL schema to use as `search_path` (tests isolate themselves this way).
    pub pg_schema: Option<String>,
    /// Pool size; defaults to 1 for in-memory SQLite and 8 otherwise.
    pub max_connections: Option<u32>,
}

/// The storage of Sinergi. Cheap to clone (a pool handle).
///
/// A store is either over the pool (each query takes a connection of its own) or over one open
/// transaction ([`Store::begin`]): then every query of every method runs inside that transaction
/// until [`Store::commit`]. A use case therefore writes its record and its audit row through the
/// same methods and commits them together; dropping an uncommitted transaction store rolls back.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    tx: Option<conn::SharedTx>,
}

/// Turns a bare file path into an SQLite URL that creates the file when missing.
fn normalise_url(url: &str) -> String {
    match Backend::from_url(url) {
        Backend::Postgres => url.to_string(),
        Backend::Sqlite => {
            let body = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .unwrap_or(url);
            if body.starts_with(":memory:") {
                return "sqlite::memory:".to_string();
            }
            if body.contains("mode=") {
                format!("sqlite://{body}")
            } else if body.contains('?') {
                format!("sqlite://{body}&mode=rwc")
            } else {
                format!("sqlite://{body}?mode=rwc")
            }
        }
    }
}

impl Store {
    /// Opens a store at `url` (`sqlite://file.db`, a bare path, `sqlite::memory:` or `postgres://…`).
    pub async fn connect(url: &str) -> Result<Store> {
        Self::connect_with(url, ConnectOptions::default()).await
    }

    /// Opens a store with explicit [`ConnectOptions`].
    pub async fn connect_with(url: &str, options: ConnectOptions) -> Result<Store> {
        install_default_drivers();
        let backend = Backend::from_url(url);
        let url = normalise_url(url);
        let memory = url.starts_with("sqlite::memory:");
        let max = options
            .max_connections
            .unwrap_or(if memory { 1 } else { 8 });
        let schema = options.pg_schema.clone();
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                let schema = schema.clone();
                Box::pin(async move {
                    match backend {
                        Backend::Sqlite => {
                            conn.execute(sqlx::raw_sql(
                                "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                            ))
                            .await?;
                        }
                        Backend::Postgres => {
                            if let Some(s) = schema {
                                let sql = format!("SET search_path TO {s}");
                                conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(sql)))
                                    .await?;
                            }
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(StoreError::from)?;
        Ok(Store {
            pool,
            backend,
            tx: None,
        })
    }

    /// The engine behind this store.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies every migration not yet applied; returns how many ran.
    pub async fn migrate(&self) -> Result<usize> {
        migrate::run(&self.pool).await
    }

    /// A trivial round trip, for health checks.
    pub async fn ping(&self) -> Result<()> {
        query::exec_on(&self.pool, "SELECT 1", query::binds![])
            .await
            .map(|_| ())
    }

    /// Closes every connection of the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether this store runs its queries inside an open transaction.
    pub fn in_transaction(&self) -> bool {
        self.tx.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_normalised() {
        assert_eq!(normalise_url("data/s.db"), "sqlite://data/s.db?mode=rwc");
        assert_eq!(
            normalise_url("sqlite://data/s.db"),
            "sqlite://data/s.db?mode=rwc"
        );
        assert_eq!(normalise_url("sqlite::memory:"), "sqlite::memory:");
        assert_eq!(
            normalise_url("postgres://u@h/db"),
            "postgres://u@h/db".to_string()
        );
        assert_eq!(Backend::from_url("postgresql://x"), Backend::Postgres);
    }
}
