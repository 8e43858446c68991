//! The append-only audit trail. Hashing is the application's job; the store keeps rows in
//! sequence and refuses a second row with the same sequence number (so two concurrent writers
//! cannot fork the chain: one of them gets a conflict and retries).

use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

const INSERT: &str = "INSERT INTO audit_log (seq, at, actor, action, subject, detail, client, prev_hash, hash) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
const LAST: &str = "SELECT seq, at, actor, action, subject, detail, client, prev_hash, hash FROM audit_log \
     ORDER BY seq DESC LIMIT 1";
const RANGE: &str = "SELECT seq, at, actor, action, subject, detail, client, prev_hash, hash FROM audit_log \
     WHERE seq > $1 ORDER BY seq LIMIT $2";
const RECENT: &str = "SELECT seq, at, actor, action, subject, detail, client, prev_hash, hash FROM audit_log \
     ORDER BY seq DESC LIMIT $1";

/// One audit record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// Instant (epoch ms).
    pub at: i64,
    /// Who: a user id, `cli` or `system`.
    pub actor: String,
    /// What: a stable action code such as `login`, `user.add`, `people.import`.
    pub action: String,
    /// Which record (an id, never a name or NIK).
    pub subject: String,
    /// Extra facts (a reason, counts), no personal data.
    pub detail: String,
    /// From where (client address or `cli`).
    pub client: String,
    /// Hash of the previous row (`0…0` for the first).
    pub prev_hash: String,
    /// Hash of this row's content and `prev_hash`.
    pub hash: String,
}

fn audit_from_row(r: &AnyRow) -> Result<AuditRow> {
    Ok(AuditRow {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        action: r.try_get("action")?,
        subject: r.try_get("subject")?,
        detail: r.try_get("detail")?,
        client: r.try_get("client")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

impl Store {
    /// Appends a row; [`crate::StoreError::Conflict`] when `seq` is taken.
    pub async fn insert_audit(&self, a: &AuditRow) -> Result<()> {
        sqlx::query(INSERT)
            .bind(a.seq)
            .bind(a.at)
            .bind(a.actor.as_str())
            .bind(a.action.as_str())
            .bind(a.subject.as_str())
            .bind(a.detail.as_str())
            .bind(a.client.as_str())
            .bind(a.prev_hash.as_str())
            .bind(a.hash.as_str())
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// The newest row, if any.
    pub async fn last_audit(&self) -> Result<Option<AuditRow>> {
        sqlx::query(LAST)
            .fetch_optional(&mut *self.conn().await?)
            .await?
            .as_ref()
            .map(audit_from_row)
            .transpose()
    }

    /// Up to `limit` rows after sequence `after`, in order (for verification in pages).
    pub async fn audit_after(&self, after: i64, limit: i64) -> Result<Vec<AuditRow>> {
        sqlx::query(RANGE)
            .bind(after)
            .bind(limit)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(audit_from_row)
            .collect()
    }

    /// The newest `limit` rows, newest first.
    pub async fn recent_audit(&self, limit: i64) -> Result<Vec<AuditRow>> {
        sqlx::query(RECENT)
            .bind(limit)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(audit_from_row)
            .collect()
    }
}
