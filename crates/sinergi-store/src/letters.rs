//! Numbers of official letters: a series per office and year. A subject (one deferral, one
//! referral) gets its number once; printing it again shows the same number.

use crate::{Result, Store};
use sqlx::Row;

const EXISTING: &str = "SELECT seq FROM letter_numbers WHERE kind = $1 AND subject_id = $2";
const NEXT: &str = "SELECT CAST(COALESCE(MAX(seq), 0) + 1 AS BIGINT) FROM letter_numbers WHERE office_code = $1 AND year = $2";
const INSERT: &str = "INSERT INTO letter_numbers (office_code, year, seq, kind, subject_id, issued_at) VALUES ($1, $2, $3, $4, $5, $6)";

impl Store {
    /// The number in `office`'s series of `year` for the letter about `subject_id`: the one it
    /// already has, or the next free one. Runs in a transaction; two letters issued at once by
    /// the same office can collide on the next number, then the loser takes the one after.
    pub async fn letter_number(
        &self,
        office: &str,
        year: i32,
        kind: &str,
        subject_id: &str,
        now_ms: i64,
    ) -> Result<i64> {
        for _ in 0..5 {
            let tx = self.begin().await?;
            let existing = sqlx::query(EXISTING)
                .bind(kind)
                .bind(subject_id)
                .fetch_optional(&mut *tx.conn().await?)
                .await?;
            if let Some(row) = existing {
                let seq: i64 = row.try_get(0)?;
                tx.commit().await?;
                return Ok(seq);
            }
            let next: i64 = sqlx::query(NEXT)
                .bind(office)
                .bind(i64::from(year))
                .fetch_one(&mut *tx.conn().await?)
                .await?
                .try_get(0)?;
            let inserted = sqlx::query(INSERT)
                .bind(office)
                .bind(i64::from(year))
                .bind(next)
                .bind(kind)
                .bind(subject_id)
                .bind(now_ms)
                .execute(&mut *tx.conn().await?)
                .await;
            match inserted {
                Ok(_) => {
                    tx.commit().await?;
                    return Ok(next);
                }
                // A concurrent letter took this number (or this subject): try again.
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(crate::StoreError::Backend(
            "letter number: too many collisions".into(),
        ))
    }
}
