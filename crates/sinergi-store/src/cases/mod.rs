//! Coordination storage: tips, cases (people, entities, timeline, links, attachments, consents),
//! referrals, legal steps and charges, assistance, meetings with action items, bulletins with
//! read receipts and notifications. Need-to-know is enforced by the application; this module only
//! offers the filtered queries it needs (e.g. cases visible to an agency).

mod legal;
mod meetings;
mod records;
mod referrals;
mod tips;

use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A value bound to one placeholder (each placeholder keeps one Rust type).
#[derive(Debug, Clone)]
enum Val {
    T(Option<String>),
    I(Option<i64>),
    B(Option<Vec<u8>>),
}

fn t(s: &str) -> Val {
    Val::T(Some(s.to_string()))
}
fn ot(s: &Option<String>) -> Val {
    Val::T(s.clone())
}
fn i(n: i64) -> Val {
    Val::I(Some(n))
}
fn oi(n: Option<i64>) -> Val {
    Val::I(n)
}
fn ob(b: &Option<Vec<u8>>) -> Val {
    Val::B(b.clone())
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    vals: Vec<Val>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for v in vals {
        q = match v {
            Val::T(s) => q.bind(s),
            Val::I(n) => q.bind(n),
            Val::B(b) => q.bind(b),
        };
    }
    q
}

impl Store {
    async fn exec(&self, sql: &'static str, vals: Vec<Val>) -> Result<u64> {
        Ok(bind_all(sqlx::query(sql), vals)
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected())
    }

    async fn rows<T>(
        &self,
        sql: &'static str,
        vals: Vec<Val>,
        f: fn(&AnyRow) -> Result<T>,
    ) -> Result<Vec<T>> {
        bind_all(sqlx::query(sql), vals)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(f)
            .collect()
    }

    async fn row<T>(
        &self,
        sql: &'static str,
        vals: Vec<Val>,
        f: fn(&AnyRow) -> Result<T>,
    ) -> Result<Option<T>> {
        bind_all(sqlx::query(sql), vals)
            .fetch_optional(&mut *self.conn().await?)
            .await?
            .as_ref()
            .map(f)
            .transpose()
    }
}

/// Reads a stored code column into its domain enum; an unknown value is [`crate::StoreError::Corrupt`].
fn code<T: std::str::FromStr>(r: &AnyRow, column: &str) -> Result<T> {
    let s: String = r.try_get(column)?;
    s.parse()
        .map_err(|_| crate::StoreError::Corrupt(format!("unknown code in {column}")))
}

/// Reads an optional stored code column.
fn opt_code<T: std::str::FromStr>(r: &AnyRow, column: &str) -> Result<Option<T>> {
    let s: Option<String> = r.try_get(column)?;
    s.map(|s| {
        s.parse()
            .map_err(|_| crate::StoreError::Corrupt(format!("unknown code in {column}")))
    })
    .transpose()
}

/// Reads a stored `yyyy-mm-dd` date column.
fn date(r: &AnyRow, column: &str) -> Result<time::Date> {
    let s: String = r.try_get(column)?;
    parse_date(column, &s)
}

/// Reads an optional stored `yyyy-mm-dd` date column.
fn opt_date(r: &AnyRow, column: &str) -> Result<Option<time::Date>> {
    let s: Option<String> = r.try_get(column)?;
    s.map(|s| parse_date(column, &s)).transpose()
}

fn parse_date(column: &str, s: &str) -> Result<time::Date> {
    time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| crate::StoreError::Corrupt(format!("date in {column}")))
}

/// A date as stored: `yyyy-mm-dd`.
fn date_text(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}
