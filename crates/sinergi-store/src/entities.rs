//! Entities (migration 23): which entity each merged record belongs to, the decisions on
//! proposed pairs, and what each merge moved so an undo restores it exactly.

use crate::query::{binds, text};
use crate::{Result, Store, StoreError};
use sinergi_domain::entities::{MergeRecord, MergeState, RecordKey};
use sinergi_domain::prevention::Evidence;
use sqlx::Row;

const ENTITY_OF: &str = "SELECT entity_id FROM entity_members WHERE record_key = $1";
const MEMBERS: &str =
    "SELECT record_key FROM entity_members WHERE entity_id = $1 ORDER BY joined_at, record_key";
const SET_ENTITY: &str = "INSERT INTO entity_members (record_key, entity_id, joined_at) VALUES ($1, $2, $3) \
     ON CONFLICT (record_key) DO UPDATE SET entity_id = excluded.entity_id, joined_at = excluded.joined_at";
const MERGE_COLS: &str = "id, record_a, record_b, into_entity, from_entity, probability, evidence, state, decided_by, decided_at, undone_by, undone_at";
const INSERT_MERGE: &str = "INSERT INTO entity_merges (id, record_a, record_b, into_entity, from_entity, probability, evidence, state, decided_by, decided_at, undone_by, undone_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
const INSERT_MOVE: &str =
    "INSERT INTO entity_merge_moves (merge_id, record_key, prev_entity) VALUES ($1, $2, $3)";
const MOVES: &str = "SELECT record_key, prev_entity FROM entity_merge_moves WHERE merge_id = $1 ORDER BY record_key";
const MARK_UNDONE: &str = "UPDATE entity_merges SET state = 'undone', undone_by = $1, undone_at = $2 WHERE id = $3 AND state = 'merged'";

/// Evidence as stored: `field|level|bits` joined by `;` (bits empty when none).
fn evidence_text(e: &[Evidence]) -> String {
    e.iter()
        .map(|x| {
            let bits = x.bits.map_or_else(String::new, |b| format!("{b:.3}"));
            format!("{}|{}|{bits}", x.field, x.level)
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn evidence_of(s: &str) -> Result<Vec<Evidence>> {
    s.split(';')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut it = p.split('|');
            let (Some(field), Some(level), Some(bits), None) =
                (it.next(), it.next(), it.next(), it.next())
            else {
                return Err(StoreError::Corrupt("merge evidence".into()));
            };
            let bits = if bits.is_empty() {
                None
            } else {
                Some(
                    bits.parse::<f64>()
                        .map_err(|_| StoreError::Corrupt("merge evidence bits".into()))?,
                )
            };
            Ok(Evidence {
                field: field.into(),
                level: level.into(),
                bits,
            })
        })
        .collect()
}

fn key_of(s: String) -> Result<RecordKey> {
    RecordKey::parse(&s).ok_or_else(|| StoreError::Corrupt("record key".into()))
}

fn merge_from_row(r: &sqlx::any::AnyRow) -> Result<MergeRecord> {
    let state: String = r.try_get("state")?;
    let evidence: String = r.try_get("evidence")?;
    Ok(MergeRecord {
        id: r.try_get("id")?,
        record_a: key_of(r.try_get("record_a")?)?,
        record_b: key_of(r.try_get("record_b")?)?,
        into_entity: r.try_get("into_entity")?,
        from_entity: r.try_get("from_entity")?,
        probability: r.try_get("probability")?,
        evidence: evidence_of(&evidence)?,
        state: MergeState::from_code(&state)
            .ok_or_else(|| StoreError::Corrupt("merge state".into()))?,
        decided_by: r.try_get("decided_by")?,
        decided_at: r.try_get("decided_at")?,
        undone_by: r.try_get("undone_by")?,
        undone_at: r.try_get("undone_at")?,
    })
}

impl Store {
    /// The entity a record belongs to: the stored one, or the record's own key.
    pub async fn entity_of(&self, key: &RecordKey) -> Result<String> {
        let k = key.to_string();
        let stored = self.row(ENTITY_OF, binds![&k], text).await?;
        Ok(stored.unwrap_or(k))
    }

    /// The records of an entity (its own key included when it has no row yet).
    pub async fn entity_members(&self, entity_id: &str) -> Result<Vec<RecordKey>> {
        let mut keys = self
            .rows(MEMBERS, binds![entity_id], |r| key_of(r.try_get(0)?))
            .await?;
        if keys.is_empty()
            && let Some(own) = RecordKey::parse(entity_id)
        {
            // An entity of one record that was never merged.
            if self.entity_of(&own).await? == entity_id {
                keys.push(own);
            }
        }
        Ok(keys)
    }

    /// Puts a record in an entity.
    pub async fn set_entity(&self, key: &RecordKey, entity_id: &str, at: i64) -> Result<()> {
        self.exec(SET_ENTITY, binds![key.to_string(), entity_id, at])
            .await?;
        Ok(())
    }

    /// Records a decision on a pair.
    pub async fn insert_merge(&self, m: &MergeRecord) -> Result<()> {
        self.exec(
            INSERT_MERGE,
            binds![
                &m.id,
                m.record_a.to_string(),
                m.record_b.to_string(),
                &m.into_entity,
                &m.from_entity,
                m.probability,
                evidence_text(&m.evidence),
                m.state.code(),
                &m.decided_by,
                m.decided_at,
                m.undone_by.clone(),
                m.undone_at
            ],
        )
        .await?;
        Ok(())
    }

    /// Notes that a merge moved `key` out of entity `prev`.
    pub async fn insert_merge_move(
        &self,
        merge_id: &str,
        key: &RecordKey,
        prev: &str,
    ) -> Result<()> {
        self.exec(INSERT_MOVE, binds![merge_id, key.to_string(), prev])
            .await?;
        Ok(())
    }

    /// What a merge moved: (record, its entity before).
    pub async fn merge_moves(&self, merge_id: &str) -> Result<Vec<(RecordKey, String)>> {
        self.rows(MOVES, binds![merge_id], |r| {
            Ok((key_of(r.try_get(0)?)?, r.try_get(1)?))
        })
        .await
    }

    /// Marks a merge undone; `false` when it is not (or no longer) merged.
    pub async fn mark_merge_undone(&self, merge_id: &str, by: &str, at: i64) -> Result<bool> {
        Ok(self.exec(MARK_UNDONE, binds![by, at, merge_id]).await? == 1)
    }

    /// One decision.
    pub async fn merge_record(&self, id: &str) -> Result<Option<MergeRecord>> {
        let sql = format!("SELECT {MERGE_COLS} FROM entity_merges WHERE id = $1");
        self.row(sqlx::AssertSqlSafe(sql), binds![id], merge_from_row)
            .await
    }

    /// The decisions that name `key` on either side, newest first.
    pub async fn merges_of_record(&self, key: &RecordKey) -> Result<Vec<MergeRecord>> {
        let sql = format!(
            "SELECT {MERGE_COLS} FROM entity_merges WHERE record_a = $1 OR record_b = $2 ORDER BY decided_at DESC, id"
        );
        let k = key.to_string();
        self.rows(sqlx::AssertSqlSafe(sql), binds![&k, &k], merge_from_row)
            .await
    }

    /// The newest decisions.
    pub async fn recent_merges(&self, limit: i64) -> Result<Vec<MergeRecord>> {
        let sql =
            format!("SELECT {MERGE_COLS} FROM entity_merges ORDER BY decided_at DESC, id LIMIT $1");
        self.rows(sqlx::AssertSqlSafe(sql), binds![limit], merge_from_row)
            .await
    }

    /// Pairs a person dismissed as two people.
    pub async fn dismissed_pairs(&self) -> Result<Vec<(RecordKey, RecordKey)>> {
        self.rows(
            "SELECT record_a, record_b FROM entity_merges WHERE state = 'dismissed'",
            binds![],
            |r| Ok((key_of(r.try_get(0)?)?, key_of(r.try_get(1)?)?)),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_round_trips_through_its_text() {
        let e = vec![
            Evidence {
                field: "full_name".into(),
                level: "one typo".into(),
                bits: Some(4.7),
            },
            Evidence {
                field: "phone".into(),
                level: "exact".into(),
                bits: None,
            },
        ];
        assert_eq!(evidence_of(&evidence_text(&e)).expect("reads"), e);
        assert!(evidence_of("full_name|exact").is_err());
        assert!(evidence_of("full_name|exact|x").is_err());
    }
}
