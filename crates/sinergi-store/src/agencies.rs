//! The agency registry with dated names and parents.

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
        sqlx::query(UPSERT_AGENCY)
            .bind(agency.code.as_str())
            .bind(agency.kind.code())
            .bind(agency.region_code.as_deref())
            .execute(&mut *tx)
            .await?;
        sqlx::query(DELETE_NAMES)
            .bind(agency.code.as_str())
            .execute(&mut *tx)
            .await?;
        for n in &agency.names {
            sqlx::query(INSERT_NAME)
                .bind(agency.code.as_str())
                .bind(date_to_text(n.valid_from))
                .bind(n.valid_to.map(date_to_text))
                .bind(n.name.as_str())
                .bind(n.parent_code.as_deref())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every agency with its name history, ordered by code.
    pub async fn agencies(&self) -> Result<Vec<Agency>> {
        let agencies = sqlx::query(ALL_AGENCIES)
            .fetch_all(&mut *self.conn().await?)
            .await?;
        let names = sqlx::query(ALL_NAMES)
            .fetch_all(&mut *self.conn().await?)
            .await?;
        assemble(&agencies, &names)
    }

    /// One agency by code (two indexed look-ups, not the whole registry).
    pub async fn agency(&self, code: &str) -> Result<Agency> {
        let agencies = sqlx::query(ONE_AGENCY)
            .bind(code)
            .fetch_all(&mut *self.conn().await?)
            .await?;
        let names = sqlx::query(ONE_AGENCY_NAMES)
            .bind(code)
            .fetch_all(&mut *self.conn().await?)
            .await?;
        assemble(&agencies, &names)?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound)
    }
}

/// Builds agencies from their rows and their name rows.
fn assemble(agencies: &[AnyRow], names: &[AnyRow]) -> Result<Vec<Agency>> {
    let mut out = Vec::with_capacity(agencies.len());
    for r in agencies {
        let kind: String = r.try_get("kind")?;
        out.push(Agency {
            code: r.try_get("code")?,
            kind: kind
                .parse::<AgencyKind>()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            region_code: r.try_get("region_code")?,
            names: Vec::new(),
        });
    }
    for r in names {
        let code: String = r.try_get("agency_code")?;
        let from: String = r.try_get("valid_from")?;
        let to: Option<String> = r.try_get("valid_to")?;
        let name = AgencyName {
            name: r.try_get("name")?,
            parent_code: r.try_get("parent_code")?,
            valid_from: text_to_date(&from)?,
            valid_to: to.as_deref().map(text_to_date).transpose()?,
        };
        if let Some(a) = out.iter_mut().find(|a| a.code == code) {
            a.names.push(name);
        }
    }
    Ok(out)
}
