//! Numbers of official letters: a series per office and year. A subject (one deferral, one
//! referral) gets its number once; printing it again shows the same number.

use crate::query::{binds, int, one_on, row_on, try_exec_on};
use crate::{Result, Store};

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
            let existing = row_on(
                &mut *tx.conn().await?,
                EXISTING,
                binds![kind, subject_id],
                int,
            )
            .await?;
            if let Some(seq) = existing {
                tx.commit().await?;
                return Ok(seq);
            }
            let next: i64 = one_on(
                &mut *tx.conn().await?,
                NEXT,
                binds![office, i64::from(year)],
                int,
            )
            .await?;
            let vals = binds![office, i64::from(year), next, kind, subject_id, now_ms];
            let inserted = try_exec_on(&mut *tx.conn().await?, INSERT, vals).await;
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
