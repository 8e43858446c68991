//! Every sealed column of the database, for key rotation.
//!
//! Sealed values live in `*_enc` BYTEA columns of many tables (people, applicants, case people,
//! tips, watchlist, second-factor secrets, and whatever later migrations add). Rotation finds
//! them in the catalogue rather than in a list that could fall behind, and rewrites each value
//! by its own old ciphertext (nonces make every ciphertext unique), so no table needs a known
//! key column. The first byte of a sealed value is the key version; values below the current
//! version sort before `[version]`, so "what is left to rotate" is a range query and an
//! interrupted rotation resumes where it stopped.

use crate::query::binds;
use crate::{Backend, Result, Store, StoreError};
use sqlx::Row;

const SQLITE_COLUMNS: &str = "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p \
     WHERE m.type = 'table' AND p.name LIKE '%_enc' ORDER BY m.name, p.name";
const PG_COLUMNS: &str = "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c FROM information_schema.columns \
     WHERE table_schema = current_schema() AND column_name LIKE '%\\_enc' AND data_type = 'bytea' \
     ORDER BY table_name, column_name";

/// One sealed column: `(table, column)`.
pub type SealedColumn = (String, String);

fn plain_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Store {
    /// Every `*_enc` column of every table, from the database's catalogue.
    pub async fn sealed_columns(&self) -> Result<Vec<SealedColumn>> {
        let sql = match self.backend() {
            Backend::Sqlite => SQLITE_COLUMNS,
            Backend::Postgres => PG_COLUMNS,
        };
        let columns = self
            .rows(sql, binds![], |r| {
                Ok((r.try_get::<String, _>("t")?, r.try_get::<String, _>("c")?))
            })
            .await?;
        Ok(columns
            .into_iter()
            .filter(|(t, c)| plain_identifier(t) && plain_identifier(c) && c.ends_with("_enc"))
            .collect())
    }

    /// Up to `limit` values of a sealed column whose key version is below `version`, in byte
    /// order after `after` (a cursor: start with an empty slice).
    pub async fn sealed_values_below(
        &self,
        column: &SealedColumn,
        version: u8,
        after: &[u8],
        limit: i64,
    ) -> Result<Vec<Vec<u8>>> {
        let (t, c) = column;
        if !plain_identifier(t) || !plain_identifier(c) {
            return Err(StoreError::Corrupt(format!(
                "not a plain column name: {t}.{c}"
            )));
        }
        let sql = format!(
            "SELECT {c} AS v FROM {t} WHERE {c} IS NOT NULL AND {c} > $1 AND {c} < $2 ORDER BY {c} LIMIT $3"
        );
        self.rows(
            sqlx::AssertSqlSafe(sql),
            binds![after.to_vec(), vec![version], limit],
            |r| r.try_get::<Vec<u8>, _>("v").map_err(StoreError::from),
        )
        .await
    }

    /// Replaces one sealed value by another (the old value identifies its row); returns how many
    /// rows changed.
    pub async fn replace_sealed_value(
        &self,
        column: &SealedColumn,
        old: &[u8],
        new: &[u8],
    ) -> Result<u64> {
        let (t, c) = column;
        if !plain_identifier(t) || !plain_identifier(c) {
            return Err(StoreError::Corrupt(format!(
                "not a plain column name: {t}.{c}"
            )));
        }
        let sql = format!("UPDATE {t} SET {c} = $1 WHERE {c} = $2");
        self.exec(sqlx::AssertSqlSafe(sql), binds![new.to_vec(), old.to_vec()])
            .await
    }
}
