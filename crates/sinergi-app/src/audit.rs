//! The audit trail: append-only, hash-chained, verifiable.
//!
//! Each row's hash is SHA-256 over the previous row's hash and this row's fields, so changing,
//! deleting or inserting any row breaks the chain from that row on; [`App::verify_audit`] names
//! the first row that does not fit. Rows carry ids and action codes, never names or NIKs.

use crate::{App, AppError};
use sha2::{Digest, Sha256};
use sinergi_domain::clock::to_millis;
use sinergi_store::audit::AuditRow;

/// Hash of "no previous row".
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did something and from where, as the audit trail records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// User id, or `cli` / `system`.
    pub actor: String,
    /// Client address, or `cli`.
    pub client: String,
}

impl Origin {
    /// The operator at the command line.
    pub fn cli() -> Self {
        Origin {
            actor: "cli".into(),
            client: "cli".into(),
        }
    }
}

/// The chain hash of a row given its predecessor's hash.
pub fn chain_hash(row: &AuditRow) -> String {
    let mut h = Sha256::new();
    for part in [
        row.prev_hash.as_str(),
        &row.seq.to_string(),
        &row.at.to_string(),
        &row.actor,
        &row.action,
        &row.subject,
        &row.detail,
        &row.client,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex(&h.finalize())
}

/// Lower-case hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// The outcome of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    /// Rows checked.
    pub rows: u64,
    /// The first row that breaks the chain and why, if any.
    pub broken: Option<(i64, String)>,
}

impl App {
    /// Appends an audit row inside the current transaction (or a short one of its own). The
    /// chain's writers are serialised by [`sinergi_store::Store::lock_audit_chain`] until the
    /// transaction ends, so the row read as "last" is still last when this one is inserted, and
    /// a use case's record and its audit row commit together.
    pub async fn audit(
        &self,
        origin: &Origin,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> Result<(), AppError> {
        let tx = self.store.begin().await?;
        tx.lock_audit_chain().await?;
        let (seq, prev_hash) = match tx.last_audit().await? {
            Some(r) => (r.seq + 1, r.hash),
            None => (1, GENESIS_HASH.to_string()),
        };
        let mut row = AuditRow {
            seq,
            at: to_millis(self.clock.now()),
            actor: origin.actor.clone(),
            action: action.to_string(),
            subject: subject.to_string(),
            detail: detail.to_string(),
            client: origin.client.clone(),
            prev_hash,
            hash: String::new(),
        };
        row.hash = chain_hash(&row);
        tx.insert_audit(&row).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks every row of the chain in order.
    pub async fn verify_audit(&self) -> Result<AuditVerification, AppError> {
        let mut prev_hash = GENESIS_HASH.to_string();
        let mut expected_seq = 1;
        let mut rows = 0;
        let mut after = 0;
        loop {
            let page = self.store.audit_after(after, 1000).await?;
            if page.is_empty() {
                break;
            }
            for row in &page {
                rows += 1;
                let problem = if row.seq != expected_seq {
                    Some(format!("sequence {} follows {}", row.seq, expected_seq - 1))
                } else if row.prev_hash != prev_hash {
                    Some("previous-hash link does not match the row before".to_string())
                } else if chain_hash(row) != row.hash {
                    Some("content does not match its hash (row was changed)".to_string())
                } else {
                    None
                };
                if let Some(why) = problem {
                    return Ok(AuditVerification {
                        rows,
                        broken: Some((row.seq, why)),
                    });
                }
                prev_hash = row.hash.clone();
                expected_seq += 1;
                after = row.seq;
            }
        }
        Ok(AuditVerification { rows, broken: None })
    }

    /// The newest audit rows, newest first (callers must hold `ViewAudit`).
    pub async fn recent_audit(
        &self,
        actor: &crate::auth::Actor,
        limit: i64,
    ) -> Result<Vec<AuditRow>, AppError> {
        actor.require(sinergi_domain::access::Permission::ViewAudit)?;
        Ok(self.store.recent_audit(limit.clamp(1, 500)).await?)
    }
}
