//! The agency registry with dated names and parents.

use crate::query::{binds, exec_on};
use crate::{Result, Store, StoreError};
use sinergi_domain::org::{Agency, AgencyKind, AgencyName};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::Date;
use time::macros::format_description;

const UPSERT_AGENCY: &str = "INSERT INTO agencies (code, kind, region_code) VALUES ($1, $2, $3) \
     ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, region_code = excluded.region_code";
const DELETE_NAMES: &str = "DELETE FROM agency_names WHERE agency_code = $1";
const INSERT_NAME: &str = "INSERT INTO agency_names (agency_code, valid_from, valid_to, name, parent_code) \
     VALUES ($1, $2, $3, $4, $5)";
const ALL_AGENCIES: &str = "SELECT code, kind, region_code FROM agencies ORDER BY code";
const ONE_AGENCY: &str = "SELECT code, kind, region_code FROM agencies WHERE code = $1";
const ONE_AGENCY_NAMES: &str = "SELECT agency_code, valid_from, valid_to, name, parent_code FROM agency_names \
     WHERE agency_code = $1 ORDER BY valid_from";
const ALL_NAMES: &str = "SELECT agency_code, valid_from, valid_to, name, parent_code FROM agency_names \
     ORDER BY agency_code, valid_from";

/// Storage form of a date: `yyyy-mm-dd`.
pub(crate) fn date_to_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Reads a stored `yyyy-mm-dd` date.
pub(crate) fn text_to_date(s: &str) -> Result<Date> {
    Date::parse(s, format_description!("[year]-[month]-[day]"))
        .map_err(|_| StoreError::Corrupt(format!("date `{s}`")))
}

impl Store {
    /// Inserts or replaces an agency and its whole name history, in one transaction.
    pub async fn upsert_agency(&self, agency: &Agency) -> Result<()> {
        let mut conn = self.conn().await?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        exec_on(
            &mut *tx,
            UPSERT_AGENCY,
            binds![
                agency.code.as_str(),
                agency.kind.code(),
                agency.region_code.as_deref()
            ],
        )
        .await?;
        exec_on(&mut *tx, DELETE_NAMES, binds![agency.code.as_str()]).await?;
        for n in &agency.names {
            exec_on(
                &mut *tx,
                INSERT_NAME,
                binds![
                    agency.code.as_str(),
                    date_to_text(n.valid_from),
                    n.valid_to.map(date_to_text),
                    n.name.as_str(),
                    n.parent_code.as_deref()
                ],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every agency with its name history, ordered by code.
    pub async fn agencies(&self) -> Result<Vec<Agency>> {
        let agencies = self.rows(ALL_AGENCIES, binds![], agency_from_row).await?;
        let names = self.rows(ALL_NAMES, binds![], name_from_row).await?;
        Ok(assemble(agencies, names))
    }

    /// One agency by code (two indexed look-ups, not the whole registry).
    pub async fn agency(&self, code: &str) -> Result<Agency> {
        let agencies = self.rows(ONE_AGENCY, binds![code], agency_from_row).await?;
        let names = self
            .rows(ONE_AGENCY_NAMES, binds![code], name_from_row)
            .await?;
        assemble(agencies, names)
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound)
    }
}

/// An agency without its names.
fn agency_from_row(r: &AnyRow) -> Result<Agency> {
    let kind: String = r.try_get("kind")?;
    Ok(Agency {
        code: r.try_get("code")?,
        kind: kind
            .parse::<AgencyKind>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        region_code: r.try_get("region_code")?,
        names: Vec::new(),
    })
}

/// One dated name, with the code of its agency.
fn name_from_row(r: &AnyRow) -> Result<(String, AgencyName)> {
    let from: String = r.try_get("valid_from")?;
    let to: Option<String> = r.try_get("valid_to")?;
    Ok((
        r.try_get("agency_code")?,
        AgencyName {
            name: r.try_get("name")?,
            parent_code: r.try_get("parent_code")?,
            valid_from: text_to_date(&from)?,
            valid_to: to.as_deref().map(text_to_date).transpose()?,
        },
    ))
}

/// Gives each agency its names (in the order read).
fn assemble(mut agencies: Vec<Agency>, names: Vec<(String, AgencyName)>) -> Vec<Agency> {
    for (code, name) in names {
        if let Some(a) = agencies.iter_mut().find(|a| a.code == code) {
            a.names.push(name);
        }
    }
    agencies
}
