//! The store's one query helper and its one row-mapping style.
//!
//! Every query of an aggregate module has the same shape: an SQL `const`, its binds as a
//! [`binds!`] list of owned [`Val`]s, and (for reads) a mapper `fn x_from_row(r: &AnyRow) ->
//! Result<X>` that reads columns by name with `r.try_get("column")?` and parses stored codes
//! into domain types. The helpers run it on the store's connection (the pool, or the open
//! transaction of [`Store::begin`]); the `*_on` forms run it on a connection the caller holds
//! (a nested transaction, or a loop of writes on one connection).
//!
//! A [`Val`] keeps one Rust type per placeholder (TEXT, BIGINT, DOUBLE PRECISION, BYTEA), as the
//! portable SQL rules require: binding through it sends exactly what a direct `.bind(x)` of the
//! same type sends, on SQLite and on PostgreSQL. There is deliberately no `bool` or `i32`: stored
//! booleans are `0`/`1` BIGINTs (`i64::from(b)`), and every integer column is BIGINT.
//!
//! What stays outside: migrations, the backup/restore copier (its columns are only known at run
//! time) and the few statements that only the connection layer issues (`conn.rs`).

use crate::{Result, Store};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, Executor, Row, SqlSafeStr};

/// A value bound to one placeholder.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    /// TEXT (NULL when `None`).
    T(Option<String>),
    /// BIGINT.
    I(Option<i64>),
    /// DOUBLE PRECISION.
    F(Option<f64>),
    /// BYTEA / BLOB.
    B(Option<Vec<u8>>),
}

/// The bind list of one query: `binds![id, at, note.as_deref()]`, each value through
/// [`Val::from`].
macro_rules! binds {
    ($($v:expr),* $(,)?) => {
        vec![$($crate::query::Val::from($v)),*]
    };
}
pub(crate) use binds;

impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::T(Some(v.to_string()))
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::T(Some(v))
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Val {
        Val::T(Some(v.clone()))
    }
}
impl From<Option<&str>> for Val {
    fn from(v: Option<&str>) -> Val {
        Val::T(v.map(str::to_string))
    }
}
impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Val {
        Val::T(v)
    }
}
impl From<&Option<String>> for Val {
    fn from(v: &Option<String>) -> Val {
        Val::T(v.clone())
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I(Some(v))
    }
}
impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Val {
        Val::I(v)
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F(Some(v))
    }
}
impl From<Option<f64>> for Val {
    fn from(v: Option<f64>) -> Val {
        Val::F(v)
    }
}
impl From<Vec<u8>> for Val {
    fn from(v: Vec<u8>) -> Val {
        Val::B(Some(v))
    }
}
impl From<&[u8]> for Val {
    fn from(v: &[u8]) -> Val {
        Val::B(Some(v.to_vec()))
    }
}
impl From<Option<Vec<u8>>> for Val {
    fn from(v: Option<Vec<u8>>) -> Val {
        Val::B(v)
    }
}
impl From<&Option<Vec<u8>>> for Val {
    fn from(v: &Option<Vec<u8>>) -> Val {
        Val::B(v.clone())
    }
}

/// The query with its values bound in order.
fn bound(sql: impl SqlSafeStr, vals: Vec<Val>) -> sqlx::query::Query<'static, Any, AnyArguments> {
    let mut q = sqlx::query(sql);
    for v in vals {
        q = match v {
            Val::T(s) => q.bind(s),
            Val::I(n) => q.bind(n),
            Val::F(x) => q.bind(x),
            Val::B(b) => q.bind(b),
        };
    }
    q
}

/// Runs a write on `conn` (a connection, a transaction or the pool); returns the rows it affected.
pub(crate) async fn exec_on<'c>(
    conn: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    vals: Vec<Val>,
) -> Result<u64> {
    Ok(try_exec_on(conn, sql, vals).await?)
}

/// [`exec_on`] keeping the driver's error, for the caller that branches on its kind (a unique
/// violation retried, a foreign-key violation not).
pub(crate) async fn try_exec_on<'c>(
    conn: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    vals: Vec<Val>,
) -> std::result::Result<u64, sqlx::Error> {
    Ok(bound(sql, vals).execute(conn).await?.rows_affected())
}

/// Runs a read on `conn`; every row through `f`.
pub(crate) async fn rows_on<'c, T>(
    conn: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    vals: Vec<Val>,
    f: impl Fn(&AnyRow) -> Result<T>,
) -> Result<Vec<T>> {
    bound(sql, vals)
        .fetch_all(conn)
        .await?
        .iter()
        .map(f)
        .collect()
}

/// Runs a read of at most one row on `conn`.
pub(crate) async fn row_on<'c, T>(
    conn: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    vals: Vec<Val>,
    f: impl Fn(&AnyRow) -> Result<T>,
) -> Result<Option<T>> {
    bound(sql, vals)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(f)
        .transpose()
}

/// Runs a read of exactly one row on `conn` (an aggregate, `RETURNING`); no row is an error.
pub(crate) async fn one_on<'c, T>(
    conn: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    vals: Vec<Val>,
    f: impl Fn(&AnyRow) -> Result<T>,
) -> Result<T> {
    f(&bound(sql, vals).fetch_one(conn).await?)
}

/// Mapper of a one-column BIGINT answer (`CAST(COUNT(*) AS BIGINT)`, `MAX(..)`).
pub(crate) fn int(r: &AnyRow) -> Result<i64> {
    Ok(r.try_get(0)?)
}

/// Mapper of a one-column TEXT answer.
pub(crate) fn text(r: &AnyRow) -> Result<String> {
    Ok(r.try_get(0)?)
}

/// Mapper of a one-column nullable TEXT answer.
pub(crate) fn opt_text(r: &AnyRow) -> Result<Option<String>> {
    Ok(r.try_get(0)?)
}

impl Store {
    /// Runs a write; returns the rows it affected.
    pub(crate) async fn exec(&self, sql: impl SqlSafeStr, vals: Vec<Val>) -> Result<u64> {
        exec_on(&mut *self.conn().await?, sql, vals).await
    }

    /// Runs a read; every row through `f`.
    pub(crate) async fn rows<T>(
        &self,
        sql: impl SqlSafeStr,
        vals: Vec<Val>,
        f: impl Fn(&AnyRow) -> Result<T>,
    ) -> Result<Vec<T>> {
        rows_on(&mut *self.conn().await?, sql, vals, f).await
    }

    /// Runs a read of at most one row.
    pub(crate) async fn row<T>(
        &self,
        sql: impl SqlSafeStr,
        vals: Vec<Val>,
        f: impl Fn(&AnyRow) -> Result<T>,
    ) -> Result<Option<T>> {
        row_on(&mut *self.conn().await?, sql, vals, f).await
    }

    /// Runs a read of exactly one row; no row is an error.
    pub(crate) async fn one<T>(
        &self,
        sql: impl SqlSafeStr,
        vals: Vec<Val>,
        f: impl Fn(&AnyRow) -> Result<T>,
    ) -> Result<T> {
        one_on(&mut *self.conn().await?, sql, vals, f).await
    }
}
