//! What the screening index reads to catch up with the database without a full scan: rows
//! added since a time (by their creation time, indexed by migration 0014), the ids alone (to
//! find rows deleted behind the index's back) and the row counts that tell when that is needed.

use crate::people::PersonRow;
use crate::query::{binds, int};
use crate::{Result, Store};
use sinergi_domain::prevention::Applicant;
use sqlx::Row;

const PEOPLE_SINCE: &str = "SELECT id, source, source_ref, full_name, birth_date, sex, birth_place, nik_enc, nik_idx, phone_enc, phone_idx, address, region_code \
     FROM people WHERE created_at >= $1 AND id > $2 ORDER BY id LIMIT $3";
const PEOPLE_IDS: &str = "SELECT id FROM people WHERE id > $1 ORDER BY id LIMIT $2";
const APPLICANT_IDS: &str = "SELECT id FROM applicants WHERE id > $1 ORDER BY id LIMIT $2";
const APPLICANT_COUNT: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM applicants";
/// A real count, not `row_counts`: a row deleted by hand or a restored file must show.
const PEOPLE_COUNT: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM people";

impl Store {
    /// Person records created at or after `since` (epoch ms), in id order, a page at a time.
    pub async fn people_since(
        &self,
        since: i64,
        after_id: &str,
        limit: i64,
    ) -> Result<Vec<PersonRow>> {
        self.rows(
            PEOPLE_SINCE,
            binds![since, after_id, limit],
            crate::people::person_from_row,
        )
        .await
    }

    /// Applications recorded at or after `since` (epoch ms), in id order, a page at a time.
    pub async fn applicants_since(
        &self,
        since: i64,
        after_id: &str,
        limit: i64,
    ) -> Result<Vec<Applicant>> {
        let sql = format!(
            "SELECT {} FROM applicants WHERE created_at >= $1 AND id > $2 ORDER BY id LIMIT $3",
            crate::prevention::APPLICANT_COLS
        );
        self.rows(
            sqlx::AssertSqlSafe(sql),
            binds![since, after_id, limit],
            crate::prevention_rows::applicant_from_row,
        )
        .await
    }

    /// Person record ids in order, a page at a time.
    pub async fn people_ids(&self, after_id: &str, limit: i64) -> Result<Vec<String>> {
        self.ids(PEOPLE_IDS, after_id, limit).await
    }

    /// Application ids in order, a page at a time.
    pub async fn applicant_ids(&self, after_id: &str, limit: i64) -> Result<Vec<String>> {
        self.ids(APPLICANT_IDS, after_id, limit).await
    }

    /// How many applications are stored.
    pub async fn count_applicants(&self) -> Result<i64> {
        self.count_of(APPLICANT_COUNT).await
    }

    /// How many person records are stored, counted row by row (a full index scan).
    pub async fn count_people_rows(&self) -> Result<i64> {
        self.count_of(PEOPLE_COUNT).await
    }

    async fn count_of(&self, sql: &'static str) -> Result<i64> {
        self.one(sql, binds![], int).await
    }

    async fn ids(&self, sql: &'static str, after_id: &str, limit: i64) -> Result<Vec<String>> {
        self.rows(sql, binds![after_id, limit], |r| {
            r.try_get(0).map_err(Into::into)
        })
        .await
    }
}
