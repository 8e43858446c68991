//! Connections and transactions: the one place where a query finds the connection it runs on.
//!
//! Every store method runs its queries on `&mut *self.conn().await?`. Over the pool that is a
//! pooled connection; inside [`Store::begin`] it is the transaction shared by every clone of the
//! transaction store, so one use case's writes and its audit row commit together or not at all.
//! Nested `begin` joins the outer transaction (only the outermost commit commits), which lets
//! use cases call each other.

use crate::{Backend, Result, Store, StoreError};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};

/// The open transaction behind a transaction store, shared by its clones.
#[derive(Clone)]
pub(crate) struct SharedTx {
    inner: Arc<Mutex<Option<Transaction<'static, Any>>>>,
    /// Only the store returned by the outermost `begin` commits.
    owner: bool,
}

impl std::fmt::Debug for SharedTx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedTx")
            .field("owner", &self.owner)
            .finish()
    }
}

/// A connection for one query: pooled, or the store's open transaction.
pub enum Conn {
    /// A connection taken from the pool for this query.
    Pooled(PoolConnection<Any>),
    /// The transaction of a transaction store (locked while the query runs).
    Tx(OwnedMappedMutexGuard<Option<Transaction<'static, Any>>, Transaction<'static, Any>>),
}

impl Deref for Conn {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match self {
            Conn::Pooled(c) => c,
            Conn::Tx(t) => t,
        }
    }
}

impl DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            Conn::Pooled(c) => c,
            Conn::Tx(t) => t,
        }
    }
}

impl Store {
    /// The connection the next query runs on.
    pub(crate) async fn conn(&self) -> Result<Conn> {
        match &self.tx {
            None => Ok(Conn::Pooled(self.pool.acquire().await?)),
            Some(shared) => {
                let guard: OwnedMutexGuard<_> = shared.inner.clone().lock_owned().await;
                OwnedMutexGuard::try_map(guard, |t| t.as_mut())
                    .map(Conn::Tx)
                    .map_err(|_| StoreError::Unavailable("transaction already ended".into()))
            }
        }
    }

    /// Opens a transaction: the returned store runs every query inside it until
    /// [`Store::commit`]. On SQLite the write lock is taken at once (`BEGIN IMMEDIATE`), so two
    /// use cases never deadlock upgrading a read to a write. Called on a transaction store, it
    /// joins that transaction.
    pub async fn begin(&self) -> Result<Store> {
        if let Some(shared) = &self.tx {
            return Ok(Store {
                pool: self.pool.clone(),
                backend: self.backend,
                tx: Some(SharedTx {
                    inner: shared.inner.clone(),
                    owner: false,
                }),
            });
        }
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(Store {
            pool: self.pool.clone(),
            backend: self.backend,
            tx: Some(SharedTx {
                inner: Arc::new(Mutex::new(Some(tx))),
                owner: true,
            }),
        })
    }

    /// Commits the transaction opened by [`Store::begin`]. A joined (nested) store or a pool
    /// store commits nothing: the outermost owner decides.
    pub async fn commit(self) -> Result<()> {
        if let Some(shared) = self.tx
            && shared.owner
        {
            let tx = shared.inner.lock().await.take();
            if let Some(tx) = tx {
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Serialises writers of the audit chain until the end of the current transaction: on
    /// PostgreSQL a transaction-scoped advisory lock; on SQLite `BEGIN IMMEDIATE` already holds
    /// the database's single write lock. Call only on a transaction store.
    pub async fn lock_audit_chain(&self) -> Result<()> {
        if self.backend == Backend::Postgres {
            const LOCK: &str =
                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(7355608)) AS audit_lock";
            self.exec(LOCK, crate::query::binds![]).await?;
        }
        Ok(())
    }
}
