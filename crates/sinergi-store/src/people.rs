//! Person records as agencies submit them (one row per source record; linking happens in the
//! matching engine, not here).

use crate::query::{binds, exec_on, int};
use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

const INSERT: &str = "INSERT INTO people (id, source, source_ref, full_name, birth_date, sex, birth_place, nik_enc, nik_idx, phone_enc, phone_idx, address, region_code, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (source, source_ref) DO NOTHING";
const COUNT: &str = "SELECT n FROM row_counts WHERE name = 'people'";
const SEARCH: &str = "SELECT id, source, source_ref, full_name, birth_date, sex, birth_place, nik_enc, nik_idx, phone_enc, phone_idx, address, region_code \
     FROM people WHERE LOWER(full_name) LIKE LOWER($1) ORDER BY full_name, id LIMIT $2";
const BY_NIK_IDX: &str = "SELECT id, source, source_ref, full_name, birth_date, sex, birth_place, nik_enc, nik_idx, phone_enc, phone_idx, address, region_code \
     FROM people WHERE nik_idx = $1 ORDER BY id LIMIT 100";
const BY_PHONE_IDX: &str = "SELECT id, source, source_ref, full_name, birth_date, sex, birth_place, nik_enc, nik_idx, phone_enc, phone_idx, address, region_code \
     FROM people WHERE phone_idx = $1 ORDER BY id LIMIT 100";
const PAGE: &str = "SELECT id, source, source_ref, full_name, birth_date, sex, birth_place, nik_enc, nik_idx, phone_enc, phone_idx, address, region_code \
     FROM people WHERE id > $1 ORDER BY id LIMIT $2";
const BY_ID: &str = "SELECT id, source, source_ref, full_name, birth_date, sex, birth_place, nik_enc, nik_idx, phone_enc, phone_idx, address, region_code \
     FROM people WHERE id = $1";

/// One person record from one source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonRow {
    /// Sinergi id.
    pub id: String,
    /// Where it came from (e.g. `synth`, `kanim-malang`, an import file's label).
    pub source: String,
    /// The record's id in its source; (source, source_ref) is unique, so re-imports add nothing.
    pub source_ref: String,
    /// Name as written.
    pub full_name: String,
    /// Birth date `yyyy-mm-dd`.
    pub birth_date: Option<String>,
    /// `L` or `P`.
    pub sex: Option<String>,
    /// Place of birth as written.
    pub birth_place: Option<String>,
    /// NIK, sealed by the application.
    pub nik_enc: Option<Vec<u8>>,
    /// Blind index of the NIK.
    pub nik_idx: Option<String>,
    /// Phone (E.164), sealed by the application.
    pub phone_enc: Option<Vec<u8>>,
    /// Blind index of the phone.
    pub phone_idx: Option<String>,
    /// Address as written.
    pub address: Option<String>,
    /// Kemendagri region code.
    pub region_code: Option<String>,
}

pub(crate) fn person_from_row(r: &AnyRow) -> Result<PersonRow> {
    Ok(PersonRow {
        id: r.try_get("id")?,
        source: r.try_get("source")?,
        source_ref: r.try_get("source_ref")?,
        full_name: r.try_get("full_name")?,
        birth_date: r.try_get("birth_date")?,
        sex: r.try_get("sex")?,
        birth_place: r.try_get("birth_place")?,
        nik_enc: r.try_get("nik_enc")?,
        nik_idx: r.try_get("nik_idx")?,
        phone_enc: r.try_get("phone_enc")?,
        phone_idx: r.try_get("phone_idx")?,
        address: r.try_get("address")?,
        region_code: r.try_get("region_code")?,
    })
}

impl Store {
    /// Inserts a batch in one transaction; rows whose (source, source_ref) exists are skipped.
    /// Returns how many were new.
    pub async fn insert_people(&self, rows: &[PersonRow], created_at: i64) -> Result<u64> {
        let mut conn = self.conn().await?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        let mut added = 0;
        for p in rows {
            added += exec_on(
                &mut *tx,
                INSERT,
                binds![
                    p.id.as_str(),
                    p.source.as_str(),
                    p.source_ref.as_str(),
                    p.full_name.as_str(),
                    p.birth_date.as_deref(),
                    p.sex.as_deref(),
                    p.birth_place.as_deref(),
                    p.nik_enc.clone(),
                    p.nik_idx.as_deref(),
                    p.phone_enc.clone(),
                    p.phone_idx.as_deref(),
                    p.address.as_deref(),
                    p.region_code.as_deref(),
                    created_at
                ],
            )
            .await?;
        }
        crate::counts::bump(&mut tx, crate::counts::PEOPLE, added as i64).await?;
        tx.commit().await?;
        Ok(added)
    }

    /// How many person records are stored.
    pub async fn count_people(&self) -> Result<i64> {
        self.one(COUNT, binds![], int).await
    }

    /// Records whose name contains `fragment` (case-insensitive), at most `limit`.
    pub async fn search_people(&self, fragment: &str, limit: i64) -> Result<Vec<PersonRow>> {
        let escaped: String = fragment
            .chars()
            .filter(|c| !matches!(c, '%' | '_' | '\\'))
            .collect();
        self.rows(
            SEARCH,
            binds![format!("%{escaped}%"), limit],
            person_from_row,
        )
        .await
    }

    /// One record by id.
    pub async fn person(&self, id: &str) -> Result<Option<PersonRow>> {
        self.row(BY_ID, binds![id], person_from_row).await
    }

    /// All records in id order, a page at a time (for building in-memory indexes).
    pub async fn people_page(&self, after_id: &str, limit: i64) -> Result<Vec<PersonRow>> {
        self.rows(PAGE, binds![after_id, limit], person_from_row)
            .await
    }

    /// Records whose NIK has this blind index.
    pub async fn people_by_nik_index(&self, idx: &str) -> Result<Vec<PersonRow>> {
        self.rows(BY_NIK_IDX, binds![idx], person_from_row).await
    }

    /// Records whose phone has this blind index.
    pub async fn people_by_phone_index(&self, idx: &str) -> Result<Vec<PersonRow>> {
        self.rows(BY_PHONE_IDX, binds![idx], person_from_row).await
    }
}
