//! The retention purge beyond people and sessions: decided passport applications, tips closed
//! without a case, victim identity and attachments of closed cases. Each purge adds its
//! statistics and deletes (or erases) in one transaction. Statuses and periods come from the
//! caller (`data/retention.toml` read by the application).

use crate::query::{binds, exec_on, rows_on};
use crate::trust::StatisticRow;
use crate::{Result, Store};
use sqlx::Row;

const STAT_ADD: &str = "INSERT INTO retained_statistics (record_type, period, dimension, value, count) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (record_type, period, dimension, value) DO UPDATE SET count = retained_statistics.count + excluded.count";
const OLD_APPLICANTS: &str = "SELECT id, created_at, status, destination, sex FROM applicants \
     WHERE created_at < $1 AND status IN ('issued', 'refused', 'lapsed') ORDER BY created_at LIMIT $2";
const DEL_APPLICANT_REFERRALS: &str = "DELETE FROM applicant_referrals WHERE applicant_id = $1";
const DEL_APPLICANT: &str = "DELETE FROM applicants WHERE id = $1";
const OLD_TIPS: &str = "SELECT id, received_at, kind, severity FROM tips \
     WHERE received_at < $1 AND status IN ('closed', 'duplicate') AND case_id IS NULL \
     ORDER BY received_at LIMIT $2";
const DEL_TIP: &str = "DELETE FROM tips WHERE id = $1";
/// Closed cases whose last recorded event is older than the cutoff.
const CLOSED_BEFORE: &str = "SELECT c.id FROM cases c WHERE c.status = 'closed' \
     AND COALESCE((SELECT MAX(e.at) FROM case_events e WHERE e.case_id = c.id), c.created_at) < $1";
const ERASE_IDENTITY: &str = "UPDATE case_people SET name_enc = NULL, nik_enc = NULL, nik_idx = NULL, \
     phone_enc = NULL, phone_idx = NULL, address_enc = NULL, birth_date = NULL, alias_enc = NULL \
     WHERE case_id = $1 AND role IN ('victim', 'family', 'witness') \
     AND (name_enc IS NOT NULL OR nik_enc IS NOT NULL OR phone_enc IS NOT NULL OR address_enc IS NOT NULL OR alias_enc IS NOT NULL)";
const ATTACHMENTS_OF: &str = "SELECT id, path FROM case_attachments WHERE case_id = $1";
const DEL_ATTACHMENT: &str = "DELETE FROM case_attachments WHERE id = $1";

/// A decided application past its period, with what its statistics need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldApplicant {
    /// Id.
    pub id: String,
    /// Recorded at (epoch ms).
    pub created_at: i64,
    /// `issued`, `refused` or `lapsed`.
    pub status: String,
    /// Destination country.
    pub destination: String,
    /// Sex code, if recorded.
    pub sex: Option<String>,
}

/// A closed tip past its period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldTip {
    /// Id.
    pub id: String,
    /// Received at (epoch ms).
    pub received_at: i64,
    /// Case kind.
    pub kind: String,
    /// Severity.
    pub severity: String,
}

impl Store {
    /// Adds retained statistics on the caller's transaction (every purge does, before it
    /// deletes the records they count).
    pub(crate) async fn add_stats(
        tx: &mut sqlx::AnyConnection,
        stats: &[StatisticRow],
    ) -> Result<()> {
        for s in stats {
            exec_on(
                &mut *tx,
                STAT_ADD,
                binds![
                    s.record_type.as_str(),
                    s.period.as_str(),
                    s.dimension.as_str(),
                    s.value.as_str(),
                    s.count
                ],
            )
            .await?;
        }
        Ok(())
    }

    /// Decided applications recorded before `cutoff`, oldest first, at most `limit`.
    pub async fn applicants_decided_before(
        &self,
        cutoff: i64,
        limit: i64,
    ) -> Result<Vec<OldApplicant>> {
        rows_on(self.pool(), OLD_APPLICANTS, binds![cutoff, limit], |r| {
            Ok(OldApplicant {
                id: r.try_get("id")?,
                created_at: r.try_get("created_at")?,
                status: r.try_get("status")?,
                destination: r.try_get("destination")?,
                sex: r.try_get("sex")?,
            })
        })
        .await
    }

    /// In one transaction: adds the statistics and deletes the applications (and their
    /// referrals).
    pub async fn purge_applicants(&self, ids: &[String], stats: &[StatisticRow]) -> Result<u64> {
        let mut tx = self.pool().begin().await?;
        Self::add_stats(&mut tx, stats).await?;
        let mut deleted = 0;
        for id in ids {
            exec_on(&mut *tx, DEL_APPLICANT_REFERRALS, binds![id.as_str()]).await?;
            deleted += exec_on(&mut *tx, DEL_APPLICANT, binds![id.as_str()]).await?;
        }
        tx.commit().await?;
        Ok(deleted)
    }

    /// Tips closed or merged without a case, received before `cutoff`, at most `limit`.
    pub async fn tips_closed_before(&self, cutoff: i64, limit: i64) -> Result<Vec<OldTip>> {
        rows_on(self.pool(), OLD_TIPS, binds![cutoff, limit], |r| {
            Ok(OldTip {
                id: r.try_get("id")?,
                received_at: r.try_get("received_at")?,
                kind: r.try_get("kind")?,
                severity: r.try_get("severity")?,
            })
        })
        .await
    }

    /// In one transaction: adds the statistics and deletes the tips.
    pub async fn purge_tips(&self, ids: &[String], stats: &[StatisticRow]) -> Result<u64> {
        let mut tx = self.pool().begin().await?;
        Self::add_stats(&mut tx, stats).await?;
        let mut deleted = 0;
        for id in ids {
            deleted += exec_on(&mut *tx, DEL_TIP, binds![id.as_str()]).await?;
        }
        tx.commit().await?;
        Ok(deleted)
    }

    /// Closed cases whose last event is older than `cutoff`.
    pub async fn cases_closed_before(&self, cutoff: i64) -> Result<Vec<String>> {
        rows_on(self.pool(), CLOSED_BEFORE, binds![cutoff], |r| {
            Ok(r.try_get("id")?)
        })
        .await
    }

    /// Erases the identity of the victims, family and witnesses of a case; returns how many
    /// people were erased.
    pub async fn erase_protected_identities(&self, case_id: &str) -> Result<u64> {
        exec_on(self.pool(), ERASE_IDENTITY, binds![case_id]).await
    }

    /// Deletes the attachment rows of a case; returns their stored relative paths so the
    /// caller removes the files.
    pub async fn purge_case_attachments(&self, case_id: &str) -> Result<Vec<String>> {
        let rows = rows_on(self.pool(), ATTACHMENTS_OF, binds![case_id], |r| {
            Ok((
                r.try_get::<String, _>("id")?,
                r.try_get::<String, _>("path")?,
            ))
        })
        .await?;
        let mut tx = self.pool().begin().await?;
        let mut paths = Vec::with_capacity(rows.len());
        for (id, path) in rows {
            exec_on(&mut *tx, DEL_ATTACHMENT, binds![id.as_str()]).await?;
            paths.push(path);
        }
        tx.commit().await?;
        Ok(paths)
    }
}
