//! The public licence registry (P3MI and LPK) and outreach events (sosialisasi).

use crate::query::{binds, int};
use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

/// One row of the licence registry, as stored. Lists are `;`-separated text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenceRow {
    /// `<kind>:<folded licence number>`.
    pub id: String,
    /// `p3mi` or `lpk`.
    pub kind: String,
    /// Registered name.
    pub name: String,
    /// Licence number (SIP3MI for a P3MI, the training permit for an LPK).
    pub licence_no: String,
    /// First day valid, `yyyy-mm-dd`.
    pub valid_from: Option<String>,
    /// Last day valid, `yyyy-mm-dd`.
    pub valid_until: Option<String>,
    /// Head-office address.
    pub address: String,
    /// Branch offices, `;`-separated.
    pub branches: String,
    /// Job orders (SIP2MI) as `country|sector|quota`, `;`-separated.
    pub job_orders: String,
    /// Where the row came from (file name).
    pub source: String,
    /// When it was imported (epoch ms).
    pub imported_at: i64,
}

/// One outreach event, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutreachRow {
    /// Id.
    pub id: String,
    /// Day, `yyyy-mm-dd`.
    pub held_on: String,
    /// Start time `hh:mm` (WIB).
    pub start_time: String,
    /// Kecamatan code `35.07.04`.
    pub kecamatan_code: String,
    /// Venue.
    pub place: String,
    /// Title.
    pub title: String,
    /// Agencies taking part, `;`-separated codes.
    pub agencies: String,
    /// Intended audience.
    pub audience: String,
    /// Expected number of people.
    pub expected_audience: i64,
    /// Materials handed out.
    pub materials: String,
    /// User id of the officer who entered it.
    pub created_by: String,
    /// Epoch ms.
    pub created_at: i64,
}

const UPSERT_LICENCE: &str = "INSERT INTO licence_registry (id, kind, name, licence_no, valid_from, \
     valid_until, address, branches, job_orders, source, imported_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, \
     licence_no = excluded.licence_no, valid_from = excluded.valid_from, \
     valid_until = excluded.valid_until, address = excluded.address, branches = excluded.branches, \
     job_orders = excluded.job_orders, source = excluded.source, imported_at = excluded.imported_at";
const ONE_LICENCE: &str = "SELECT id, kind, name, licence_no, valid_from, valid_until, address, \
     branches, job_orders, source, imported_at FROM licence_registry WHERE id = $1";
const ALL_LICENCES: &str = "SELECT id, kind, name, licence_no, valid_from, valid_until, address, \
     branches, job_orders, source, imported_at FROM licence_registry ORDER BY name, id";
const COUNT_LICENCES: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM licence_registry";
const INSERT_OUTREACH: &str = "INSERT INTO outreach_events (id, held_on, start_time, kecamatan_code, \
     place, title, agencies, audience, expected_audience, materials, created_by, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
const OUTREACH_FROM: &str = "SELECT id, held_on, start_time, kecamatan_code, place, title, agencies, \
     audience, expected_audience, materials, created_by, created_at FROM outreach_events \
     WHERE held_on >= $1 ORDER BY held_on, start_time, id";

fn licence_of(r: &AnyRow) -> Result<LicenceRow> {
    Ok(LicenceRow {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        name: r.try_get(2)?,
        licence_no: r.try_get(3)?,
        valid_from: r.try_get(4)?,
        valid_until: r.try_get(5)?,
        address: r.try_get(6)?,
        branches: r.try_get(7)?,
        job_orders: r.try_get(8)?,
        source: r.try_get(9)?,
        imported_at: r.try_get(10)?,
    })
}

fn outreach_of(r: &AnyRow) -> Result<OutreachRow> {
    Ok(OutreachRow {
        id: r.try_get(0)?,
        held_on: r.try_get(1)?,
        start_time: r.try_get(2)?,
        kecamatan_code: r.try_get(3)?,
        place: r.try_get(4)?,
        title: r.try_get(5)?,
        agencies: r.try_get(6)?,
        audience: r.try_get(7)?,
        expected_audience: r.try_get(8)?,
        materials: r.try_get(9)?,
        created_by: r.try_get(10)?,
        created_at: r.try_get(11)?,
    })
}

impl Store {
    /// Inserts or replaces a registry row (by id). Returns true when the row was new.
    pub async fn upsert_licence(&self, row: &LicenceRow) -> Result<bool> {
        let existed = self.licence(&row.id).await?.is_some();
        self.exec(
            UPSERT_LICENCE,
            binds![
                row.id.as_str(),
                row.kind.as_str(),
                row.name.as_str(),
                row.licence_no.as_str(),
                row.valid_from.as_deref(),
                row.valid_until.as_deref(),
                row.address.as_str(),
                row.branches.as_str(),
                row.job_orders.as_str(),
                row.source.as_str(),
                row.imported_at
            ],
        )
        .await?;
        Ok(!existed)
    }

    /// One registry row by id.
    pub async fn licence(&self, id: &str) -> Result<Option<LicenceRow>> {
        self.row(ONE_LICENCE, binds![id], licence_of).await
    }

    /// The whole registry, ordered by name (a few thousand rows at most).
    pub async fn licences(&self) -> Result<Vec<LicenceRow>> {
        self.rows(ALL_LICENCES, binds![], licence_of).await
    }

    /// Number of registry rows.
    pub async fn licence_count(&self) -> Result<i64> {
        self.one(COUNT_LICENCES, binds![], int).await
    }

    /// Records an outreach event.
    pub async fn insert_outreach(&self, e: &OutreachRow) -> Result<()> {
        self.exec(
            INSERT_OUTREACH,
            binds![
                e.id.as_str(),
                e.held_on.as_str(),
                e.start_time.as_str(),
                e.kecamatan_code.as_str(),
                e.place.as_str(),
                e.title.as_str(),
                e.agencies.as_str(),
                e.audience.as_str(),
                e.expected_audience,
                e.materials.as_str(),
                e.created_by.as_str(),
                e.created_at
            ],
        )
        .await?;
        Ok(())
    }

    /// Outreach events on or after a day (`yyyy-mm-dd`), soonest first.
    pub async fn outreach_from(&self, day: &str) -> Result<Vec<OutreachRow>> {
        self.rows(OUTREACH_FROM, binds![day], outreach_of).await
    }
}
