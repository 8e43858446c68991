//! The append-only audit trail. Hashing is the application's job; the store keeps rows in
//! sequence and refuses a second row with the same sequence number (so two concurrent writers
//! cannot fork the chain: one of them gets a conflict and retries).

use crate::query::binds;
use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

const INSERT: &str = "INSERT INTO audit_log (seq, at, actor, action, subject, detail, client, prev_hash, hash, chain) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const LAST: &str = "SELECT seq, at, actor, action, subject, detail, client, prev_hash, hash, chain FROM audit_log \
     ORDER BY seq DESC LIMIT 1";
const RANGE: &str = "SELECT seq, at, actor, action, subject, detail, client, prev_hash, hash, chain FROM audit_log \
     WHERE seq > $1 ORDER BY seq LIMIT $2";
const RECENT: &str = "SELECT seq, at, actor, action, subject, detail, client, prev_hash, hash, chain FROM audit_log \
     ORDER BY seq DESC LIMIT $1";

const RECENT_OF_AGENCY: &str = "SELECT a.seq, a.at, a.actor, a.action, a.subject, a.detail, a.client, a.prev_hash, a.hash, a.chain \
     FROM audit_log a WHERE a.actor IN (SELECT u.id FROM users u WHERE u.agency_code = $1) \
     OR a.actor IN (SELECT 'api:' || c.id FROM api_clients c WHERE c.agency_code = $2) \
     ORDER BY a.seq DESC LIMIT $3";

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
    /// How `hash` was made: 1 = plain SHA-256 (older rows), 2 = keyed HMAC-SHA-256.
    pub chain: i64,
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
        chain: r.try_get("chain")?,
    })
}

impl Store {
    /// Appends a row; [`crate::StoreError::Conflict`] when `seq` is taken.
    pub async fn insert_audit(&self, a: &AuditRow) -> Result<()> {
        self.exec(
            INSERT,
            binds![
                a.seq,
                a.at,
                a.actor.as_str(),
                a.action.as_str(),
                a.subject.as_str(),
                a.detail.as_str(),
                a.client.as_str(),
                a.prev_hash.as_str(),
                a.hash.as_str(),
                a.chain
            ],
        )
        .await?;
        Ok(())
    }

    /// The newest row, if any.
    pub async fn last_audit(&self) -> Result<Option<AuditRow>> {
        self.row(LAST, binds![], audit_from_row).await
    }

    /// Up to `limit` rows after sequence `after`, in order (for verification in pages).
    pub async fn audit_after(&self, after: i64, limit: i64) -> Result<Vec<AuditRow>> {
        self.rows(RANGE, binds![after, limit], audit_from_row).await
    }

    /// The newest `limit` rows, newest first.
    pub async fn recent_audit(&self, limit: i64) -> Result<Vec<AuditRow>> {
        self.rows(RECENT, binds![limit], audit_from_row).await
    }

    /// The newest `limit` rows written by the accounts and API clients of one agency, newest
    /// first (a supervisor's view of their own agency's trail).
    pub async fn recent_audit_of_agency(
        &self,
        agency_code: &str,
        limit: i64,
    ) -> Result<Vec<AuditRow>> {
        self.rows(
            RECENT_OF_AGENCY,
            binds![agency_code, agency_code, limit],
            audit_from_row,
        )
        .await
    }
}
