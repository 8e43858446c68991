//! Every sealed column of the database, for key rotation.
//!
//! Sealed values live in `*_enc` BYTEA columns of many tables (people, applicants, case people,
//! tips, watchlist, second-factor secrets, and whatever later migrations add). Rotation finds
//! them in the catalogue rather than in a list that could fall behind, and rewrites each value
//! by its own old ciphertext (nonces make every ciphertext unique), so no table needs a known
//! key column. The first byte of a sealed value is the key version; values below the current
//! version sort before `[version]`, so "what is left to rotate" is a range query and an
//! interrupted rotation resumes where it stopped.

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
        let rows = sqlx::query(sql).fetch_all(&mut *self.conn().await?).await?;
        let mut out = Vec::new();
        for r in rows {
            let t: String = r.try_get("t")?;
            let c: String = r.try_get("c")?;
            if plain_identifier(&t) && plain_identifier(&c) && c.ends_with("_enc") {
                out.push((t, c));
            }
        }
        Ok(out)
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
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after.to_vec())
            .bind(vec![version])
            .bind(limit)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(|r| r.try_get::<Vec<u8>, _>("v").map_err(StoreError::from))
            .collect()
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
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(new.to_vec())
            .bind(old.to_vec())
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected())
    }
}
