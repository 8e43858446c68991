//! The audit trail: append-only, keyed hash chain, checkpointed outside the database.
//!
//! Each row's hash is an HMAC-SHA-256, under a key derived from the master key (which lives
//! outside the database), over the previous row's hash and this row's fields. Changing, deleting
//! or inserting a row breaks the chain from that row on, and whoever holds only the database
//! cannot recompute it. Truncation (deleting the newest rows) leaves a valid chain, so a
//! checkpoint of (row count, head hash), itself MACed, is kept outside the database and refreshed
//! after commits ([`crate::audit_checkpoint`]); [`App::verify_audit`] checks both.
//!
//! Rows written before the keyed chain (chain version 1: plain SHA-256) stay verifiable: they may
//! only form a prefix, and the first keyed row's MAC covers the last plain row's hash, so they
//! cannot be rewritten either once a keyed row follows them. Rows carry ids and action codes,
//! never names or NIKs.

use crate::auth::Actor;
use crate::{App, AppError};
use sha2::{Digest, Sha256};
use sinergi_domain::access::{Permission, Role};
use sinergi_domain::clock::to_millis;
use sinergi_store::audit::AuditRow;

/// Hash of "no previous row".
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Chain version of rows hashed with plain SHA-256 (before the keyed chain).
pub const CHAIN_PLAIN: i64 = 1;
/// Chain version of rows hashed with HMAC-SHA-256 under the audit key.
pub const CHAIN_KEYED: i64 = 2;

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

fn row_parts(row: &AuditRow) -> [String; 8] {
    [
        row.prev_hash.clone(),
        row.seq.to_string(),
        row.at.to_string(),
        row.actor.clone(),
        row.action.clone(),
        row.subject.clone(),
        row.detail.clone(),
        row.client.clone(),
    ]
}

/// The plain SHA-256 chain hash of a row (chain version 1, kept to verify older rows).
pub fn chain_hash(row: &AuditRow) -> String {
    let mut h = Sha256::new();
    for part in row_parts(row) {
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

/// Why the audit trail does not verify. `code()` is a stable key the web layer translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// A sequence number is missing or repeated.
    Sequence,
    /// The previous-hash link does not match the row before.
    Link,
    /// The row's content does not match its hash (changed, or re-hashed without the key).
    Content,
    /// A plain-hash row follows a keyed row (a rewrite that dropped the key).
    Downgrade,
    /// The checkpoint outside the database says there were more rows: the newest were deleted.
    Truncated {
        /// Rows the checkpoint vouches for.
        expected: i64,
        /// Rows found.
        found: i64,
    },
    /// The row the checkpoint vouches for has another hash: the trail was rewritten.
    CheckpointMismatch,
    /// The checkpoint file was changed (its MAC does not verify) or cannot be read.
    CheckpointForged,
    /// The checkpoint file is missing although the trail has rows.
    CheckpointMissing,
}

impl ChainBreak {
    /// Stable key, e.g. `audit_break_truncated`.
    pub fn code(&self) -> &'static str {
        match self {
            ChainBreak::Sequence => "audit_break_sequence",
            ChainBreak::Link => "audit_break_link",
            ChainBreak::Content => "audit_break_content",
            ChainBreak::Downgrade => "audit_break_downgrade",
            ChainBreak::Truncated { .. } => "audit_break_truncated",
            ChainBreak::CheckpointMismatch => "audit_break_checkpoint_mismatch",
            ChainBreak::CheckpointForged => "audit_break_checkpoint_forged",
            ChainBreak::CheckpointMissing => "audit_break_checkpoint_missing",
        }
    }
}

impl std::fmt::Display for ChainBreak {
    /// An English sentence for the command line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::Sequence => f.write_str("sequence number missing or repeated"),
            ChainBreak::Link => f.write_str("previous-hash link does not match the row before"),
            ChainBreak::Content => {
                f.write_str("content does not match its keyed hash (row was changed)")
            }
            ChainBreak::Downgrade => f.write_str("an unkeyed row follows keyed rows (rewritten)"),
            ChainBreak::Truncated { expected, found } => write!(
                f,
                "the checkpoint vouches for {expected} rows, the database has {found} (rows were deleted)"
            ),
            ChainBreak::CheckpointMismatch => {
                f.write_str("the row the checkpoint vouches for has another hash (rewritten)")
            }
            ChainBreak::CheckpointForged => {
                f.write_str("the checkpoint file was changed or cannot be read")
            }
            ChainBreak::CheckpointMissing => {
                f.write_str("the checkpoint file is missing (cannot rule out truncation)")
            }
        }
    }
}

/// The outcome of checking the whole chain and its checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    /// Rows checked.
    pub rows: u64,
    /// The first row that breaks the chain and why, if any (row 0: the trail as a whole).
    pub broken: Option<(i64, ChainBreak)>,
    /// Whether a checkpoint outside the database was checked.
    pub checkpoint_checked: bool,
}

/// Whose rows a reader of the audit trail sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditScope {
    /// The whole trail (the system administrator, who answers for the whole installation).
    All,
    /// Rows written by the accounts and API clients of one agency (a supervisor).
    Agency(String),
}

/// Checks one row against its predecessor; `None` when it fits.
pub(crate) fn check_row(
    app: &App,
    row: &AuditRow,
    expected_seq: i64,
    prev_hash: &str,
    seen_keyed: bool,
) -> Option<ChainBreak> {
    if row.seq != expected_seq {
        Some(ChainBreak::Sequence)
    } else if row.prev_hash != prev_hash {
        Some(ChainBreak::Link)
    } else if row.chain == CHAIN_PLAIN && seen_keyed {
        Some(ChainBreak::Downgrade)
    } else if row.hash != app.row_hash(row) {
        Some(ChainBreak::Content)
    } else {
        None
    }
}

impl App {
    /// The hash a row should carry under its chain version.
    pub(crate) fn row_hash(&self, row: &AuditRow) -> String {
        match row.chain {
            CHAIN_PLAIN => chain_hash(row),
            CHAIN_KEYED => {
                let parts = row_parts(row);
                let refs: Vec<&str> = std::iter::once("sinergi-audit/2")
                    .chain(parts.iter().map(String::as_str))
                    .collect();
                self.vault.audit_mac(&refs)
            }
            _ => String::new(),
        }
    }

    /// Appends an audit row inside the current transaction (or a short one of its own). The
    /// chain's writers are serialised by [`sinergi_store::Store::lock_audit_chain`] until the
    /// transaction ends, so the row read as "last" is still last when this one is inserted, and
    /// a use case's record and its audit row commit together. The checkpoint outside the
    /// database is refreshed shortly after (batched).
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
            chain: CHAIN_KEYED,
        };
        row.hash = self.row_hash(&row);
        tx.insert_audit(&row).await?;
        tx.commit().await?;
        if let Some(c) = &self.checkpoint {
            c.mark_dirty();
        }
        Ok(())
    }

    /// Checks every row of the chain in order, then the checkpoint kept outside the database.
    pub async fn verify_audit(&self) -> Result<AuditVerification, AppError> {
        let mut prev_hash = GENESIS_HASH.to_string();
        let mut expected_seq = 1;
        let mut rows = 0;
        let mut after = 0;
        let mut seen_keyed = false;
        loop {
            let page = self.store.audit_after(after, 1000).await?;
            if page.is_empty() {
                break;
            }
            for row in &page {
                rows += 1;
                if let Some(why) = check_row(self, row, expected_seq, &prev_hash, seen_keyed) {
                    return Ok(AuditVerification {
                        rows,
                        broken: Some((row.seq, why)),
                        checkpoint_checked: false,
                    });
                }
                seen_keyed |= row.chain == CHAIN_KEYED;
                prev_hash = row.hash.clone();
                expected_seq += 1;
                after = row.seq;
            }
        }
        let Some(cp) = &self.checkpoint else {
            return Ok(AuditVerification {
                rows,
                broken: None,
                checkpoint_checked: false,
            });
        };
        let broken = match cp.read(self) {
            Err(why) => Some((0, why)),
            Ok(None) if rows > 0 => Some((0, ChainBreak::CheckpointMissing)),
            Ok(None) => None,
            Ok(Some(mark)) => {
                let found = i64::try_from(rows).unwrap_or(i64::MAX);
                if mark.seq > found {
                    Some((
                        found + 1,
                        ChainBreak::Truncated {
                            expected: mark.seq,
                            found,
                        },
                    ))
                } else if mark.seq > 0 {
                    let at = self.store.audit_after(mark.seq - 1, 1).await?;
                    match at.first() {
                        Some(r) if r.hash == mark.head => None,
                        _ => Some((mark.seq, ChainBreak::CheckpointMismatch)),
                    }
                } else {
                    None
                }
            }
        };
        Ok(AuditVerification {
            rows,
            broken,
            checkpoint_checked: true,
        })
    }

    /// Whose rows this actor may read: the administrator the whole trail, a supervisor their
    /// own agency's (`ViewAudit` needed in either case).
    pub fn audit_scope(&self, actor: &Actor) -> Result<AuditScope, AppError> {
        actor.require(Permission::ViewAudit)?;
        if actor.user.role == Role::Admin && actor.scopes.is_none() {
            Ok(AuditScope::All)
        } else {
            Ok(AuditScope::Agency(actor.user.agency_code.clone()))
        }
    }

    /// The newest audit rows the actor may read, newest first (see [`App::audit_scope`]).
    pub async fn recent_audit(&self, actor: &Actor, limit: i64) -> Result<Vec<AuditRow>, AppError> {
        let limit = limit.clamp(1, 500);
        Ok(match self.audit_scope(actor)? {
            AuditScope::All => self.store.recent_audit(limit).await?,
            AuditScope::Agency(code) => self.store.recent_audit_of_agency(&code, limit).await?,
        })
    }
}
