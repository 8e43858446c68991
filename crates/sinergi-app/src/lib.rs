//! Sinergi use cases: one function per action, each checking authorisation, writing the audit
//! trail and running inside the store's transactions.
//!
//! `web` and the CLI call this crate and nothing below it, so every rule is enforced once, here.
//! [`App`] is the seam: `App::open` builds the whole application from an [`AppConfig`].
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod api_clients;
pub mod audit;
pub mod audit_checkpoint;
pub mod auth;
pub mod backup;
pub mod breakglass;
pub mod cases;
pub mod dashboard;
pub mod demo;
pub mod entities;
mod error;
pub mod import;
pub mod imports;
pub mod key_rotation;
pub mod letters;
pub mod ops;
pub mod people;
pub mod portal;
pub mod prevention;
pub mod privacy;
pub mod registry;
pub mod reports;
pub mod retention;
pub mod statistics;
pub mod totp;
pub mod vault;

pub use error::AppError;
pub use sinergi_domain as domain;

use sinergi_domain::clock::{Clock, SystemClock};
use sinergi_store::Store;
use std::sync::Arc;

/// Settings of the application layer.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Database URL: `sqlite://path/to/file.db`, `sqlite::memory:` or `postgres://…`.
    pub database_url: String,
    /// How long a session lives without activity, in minutes.
    pub session_minutes: i64,
    /// Argon2 memory cost in KiB (tests use a small value; production the default 19 MiB).
    pub argon2_memory_kib: u32,
    /// Master key protecting identifiers at rest. [`AppConfig::new`] makes a random one, which
    /// suits tests; the binary loads a persistent key from outside the database.
    pub master_key: vault::MasterKey,
    /// File outside the database holding the audit checkpoint (row count and head hash, MACed);
    /// `None` keeps none (tests). The binary uses `<data-dir>/audit.checkpoint`.
    pub audit_checkpoint: Option<std::path::PathBuf>,
    /// The screening index's snapshot file (sealed; see `prevention::index_sync`); `None` keeps
    /// none and rebuilds the index at every start. The binary uses `<data-dir>/screening.index`.
    pub index_snapshot: Option<std::path::PathBuf>,
}

impl AppConfig {
    /// Defaults for a database URL: 60-minute sessions, OWASP-recommended Argon2id cost and a
    /// fresh random master key (data sealed with it cannot be read after a restart: give the
    /// persistent key with [`AppConfig::with_master_key`] for real use).
    pub fn new(database_url: impl Into<String>) -> Self {
        let master_key = match vault::MasterKey::generate() {
            Ok(k) => k,
            // The OS random source failing is unrecoverable for any crypto; App::open reports it.
            Err(_) => vault::MasterKey::zero_for_failed_rng(),
        };
        AppConfig {
            database_url: database_url.into(),
            session_minutes: 60,
            argon2_memory_kib: 19 * 1024,
            master_key,
            audit_checkpoint: None,
            index_snapshot: None,
        }
    }

    /// The same configuration with a given master key.
    pub fn with_master_key(mut self, key: vault::MasterKey) -> Self {
        self.master_key = key;
        self
    }
}

/// The application: shared by every request handler and CLI command. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub(crate) store: Store,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: Arc<AppConfig>,
    pub(crate) vault: Arc<vault::Vault>,
    pub(crate) prevention: Arc<prevention::PreventionState>,
    pub(crate) checkpoint: Option<Arc<audit_checkpoint::Checkpointer>>,
    pub(crate) public_limits: Arc<cases::public_tip::Limiter>,
    pub(crate) ops: Arc<ops::OpsStats>,
    /// Where dashboards and searches read when a replica is configured
    /// ([`App::with_read_replica`]); `None`: the primary (see [`App::reader`]).
    pub(crate) read: Option<Store>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("backend", &self.store.backend())
            .finish()
    }
}

impl App {
    /// Connects to the database, applies pending migrations and seeds the agency registry.
    pub async fn open(config: AppConfig) -> Result<App, AppError> {
        Self::open_with_clock(config, Arc::new(SystemClock)).await
    }

    /// Like [`App::open`] with a given clock (tests use a fixed one).
    pub async fn open_with_clock(
        config: AppConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<App, AppError> {
        let store = Store::connect(&config.database_url).await?;
        Self::from_store(store, config, clock).await
    }

    /// Builds the application over an already connected store (used by tests with isolated
    /// databases): migrates and seeds the agency registry.
    pub async fn from_store(
        store: Store,
        config: AppConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<App, AppError> {
        if config.master_key.is_zero() {
            return Err(AppError::Internal(
                "no random source for the master key".into(),
            ));
        }
        store.migrate().await?;
        let vault = Arc::new(vault::Vault::new(&config.master_key)?);
        let checkpoint = config
            .audit_checkpoint
            .clone()
            .map(audit_checkpoint::Checkpointer::new);
        let app = App {
            read: None,
            store,
            clock,
            config: Arc::new(config),
            vault,
            prevention: Arc::new(prevention::PreventionState::default()),
            checkpoint,
            public_limits: Arc::new(cases::public_tip::Limiter::default()),
            ops: Arc::new(ops::OpsStats::default()),
        };
        if let Some(c) = &app.checkpoint {
            c.spawn_refresher(app.clone());
        }
        registry::seed_agencies(&app).await?;
        Ok(app)
    }

    /// The clock every rule of this application reads.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// Which database engine is behind the store: `sqlite` or `postgres`.
    pub fn backend_name(&self) -> &'static str {
        self.store.backend().name()
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn healthy(&self) -> bool {
        self.store.ping().await.is_ok()
    }

    /// Refreshes the audit checkpoint and closes the database pool (graceful shutdown).
    pub async fn close(&self) {
        if let Err(e) = self.save_index_snapshot().await {
            tracing::error!(error = %e, "screening index snapshot not written at shutdown");
        }
        if let Some(c) = &self.checkpoint {
            if let Err(e) = c.refresh_inner(self, false).await {
                tracing::error!(error = %e, "audit checkpoint not refreshed at shutdown");
            }
            c.stop();
        }
        self.store.close().await;
        if let Some(read) = &self.read {
            read.close().await;
        }
    }

    /// Runs one use case in one database transaction: `body` gets an `App` whose every query
    /// (the records written and their audit rows alike) runs inside the transaction, which
    /// commits when `body` returns `Ok` and rolls back otherwise. Nested calls join the outer
    /// transaction, so use cases may call each other.
    pub(crate) async fn atomically<T>(
        &self,
        body: impl AsyncFnOnce(&App) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut app = self.clone();
        app.store = self.store.begin().await?;
        let out = body(&app).await?;
        app.store.commit().await?;
        if let Some(c) = &self.checkpoint {
            c.mark_dirty();
        }
        Ok(out)
    }
}
