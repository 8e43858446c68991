//! Coordination storage: tips, cases (people, entities, timeline, links, attachments, consents),
//! referrals, legal steps and charges, assistance, meetings with action items, bulletins with
//! read receipts and notifications. Need-to-know is enforced by the application; this module only
//! offers the filtered queries it needs (e.g. cases visible to an agency).

mod legal;
mod meetings;
mod records;
mod referrals;
mod tips;

use crate::query::{binds, int};
use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

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
