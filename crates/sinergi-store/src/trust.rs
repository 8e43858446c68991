//! Storage of the trust layer: API clients, second factor, break-glass grants, consent,
//! the breach register and statistics kept when personal records are purged.

use crate::query::{binds, exec_on, int, opt_text};
use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A machine client of another agency's system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClientRow {
    /// Id.
    pub id: String,
    /// Human name of the client system.
    pub name: String,
    /// Agency it acts for.
    pub agency_code: String,
    /// Space-separated permission codes it may use.
    pub scopes: String,
    /// SHA-256 of its token.
    pub token_hash: String,
    /// Who created it.
    pub created_by: String,
    /// When (epoch ms).
    pub created_at: i64,
    /// When revoked, if it was.
    pub revoked_at: Option<i64>,
}

/// A break-glass grant: access outside one's scope, with a reason, reviewed later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakGlassRow {
    /// Id.
    pub id: String,
    /// Who.
    pub user_id: String,
    /// The user's agency.
    pub agency_code: String,
    /// Kind of record (e.g. `case`).
    pub subject_kind: String,
    /// Record id.
    pub subject_id: String,
    /// The stated reason.
    pub reason: String,
    /// Granted (epoch ms).
    pub granted_at: i64,
    /// Ends (epoch ms).
    pub expires_at: i64,
    /// Reviewer, once reviewed.
    pub reviewed_by: Option<String>,
    /// Review instant.
    pub reviewed_at: Option<i64>,
    /// `justified` or `unjustified`.
    pub review_verdict: Option<String>,
}

/// Consent of a data subject for one purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRow {
    /// Id.
    pub id: String,
    /// Blind index of the subject's NIK (or another stable identifier).
    pub subject_idx: String,
    /// Purpose code.
    pub purpose: String,
    /// Legal basis code (e.g. `consent`, `legal_obligation`, `vital_interest`).
    pub basis: String,
    /// Given (epoch ms).
    pub given_at: i64,
    /// Recorded by (user id).
    pub recorded_by: String,
    /// Withdrawn (epoch ms).
    pub withdrawn_at: Option<i64>,
    /// Withdrawal recorded by.
    pub withdrawn_by: Option<String>,
}

/// One personal-data breach in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachRow {
    /// Id.
    pub id: String,
    /// When discovered (epoch ms): the 3×24-hour clock starts here.
    pub discovered_at: i64,
    /// Recorded by.
    pub recorded_by: String,
    /// What happened.
    pub description: String,
    /// Which kinds of data were exposed.
    pub data_kinds: String,
    /// Estimated number of people affected.
    pub subjects_estimate: i64,
    /// Handling and recovery measures.
    pub measures: String,
    /// When data subjects were notified.
    pub notified_subjects_at: Option<i64>,
    /// When the supervisory agency was notified.
    pub notified_agency_at: Option<i64>,
    /// When closed.
    pub closed_at: Option<i64>,
}

/// An aggregate kept after records are purged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatisticRow {
    /// Record type (e.g. `people`).
    pub record_type: String,
    /// Period `yyyy-mm`.
    pub period: String,
    /// Dimension (e.g. `region`, `sex`).
    pub dimension: String,
    /// Value of the dimension.
    pub value: String,
    /// Count.
    pub count: i64,
}

/// Minimal facts of a person record for purging with statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeCandidate {
    /// Record id.
    pub id: String,
    /// Creation instant.
    pub created_at: i64,
    /// `L`/`P`.
    pub sex: Option<String>,
    /// Region code.
    pub region_code: Option<String>,
}

const API_INSERT: &str = "INSERT INTO api_clients (id, name, agency_code, scopes, token_hash, created_by, created_at, revoked_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)";
const API_BY_HASH: &str = "SELECT id, name, agency_code, scopes, token_hash, created_by, created_at, revoked_at FROM api_clients WHERE token_hash = $1";
const API_ALL: &str = "SELECT id, name, agency_code, scopes, token_hash, created_by, created_at, revoked_at FROM api_clients ORDER BY created_at";
const API_REVOKE: &str =
    "UPDATE api_clients SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";

const BG_INSERT: &str = "INSERT INTO break_glass (id, user_id, agency_code, subject_kind, subject_id, reason, granted_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const BG_ACTIVE: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM break_glass \
     WHERE user_id = $1 AND subject_kind = $2 AND subject_id = $3 AND expires_at > $4";
const BG_COLS_UNREVIEWED: &str = "SELECT id, user_id, agency_code, subject_kind, subject_id, reason, granted_at, expires_at, reviewed_by, reviewed_at, review_verdict \
     FROM break_glass WHERE reviewed_at IS NULL ORDER BY granted_at";
const BG_ALL: &str = "SELECT id, user_id, agency_code, subject_kind, subject_id, reason, granted_at, expires_at, reviewed_by, reviewed_at, review_verdict \
     FROM break_glass ORDER BY granted_at DESC LIMIT $1";
const BG_REVIEW: &str = "UPDATE break_glass SET reviewed_by = $1, reviewed_at = $2, review_verdict = $3 \
     WHERE id = $4 AND reviewed_at IS NULL";

const CONSENT_INSERT: &str = "INSERT INTO consents (id, subject_idx, purpose, basis, given_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)";
const CONSENT_FOR: &str = "SELECT id, subject_idx, purpose, basis, given_at, recorded_by, withdrawn_at, withdrawn_by \
     FROM consents WHERE subject_idx = $1 ORDER BY given_at";
const CONSENT_WITHDRAW: &str = "UPDATE consents SET withdrawn_at = $1, withdrawn_by = $2 \
     WHERE subject_idx = $3 AND purpose = $4 AND withdrawn_at IS NULL";

const BREACH_INSERT: &str = "INSERT INTO breaches (id, discovered_at, recorded_by, description, data_kinds, subjects_estimate, measures) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";
const BREACH_ALL: &str = "SELECT id, discovered_at, recorded_by, description, data_kinds, subjects_estimate, measures, notified_subjects_at, notified_agency_at, closed_at \
     FROM breaches ORDER BY discovered_at DESC";
const BREACH_NOTIFY_SUBJECTS: &str =
    "UPDATE breaches SET notified_subjects_at = $1 WHERE id = $2 AND notified_subjects_at IS NULL";
const BREACH_NOTIFY_AGENCY: &str =
    "UPDATE breaches SET notified_agency_at = $1 WHERE id = $2 AND notified_agency_at IS NULL";
const BREACH_CLOSE: &str = "UPDATE breaches SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL";

const PURGE_CANDIDATES: &str = "SELECT id, created_at, sex, region_code FROM people \
     WHERE created_at < $1 ORDER BY created_at, id LIMIT $2";
const PURGE_ONE: &str = "DELETE FROM people WHERE id = $1";
const STAT_ALL: &str = "SELECT record_type, period, dimension, value, count FROM retained_statistics \
     WHERE record_type = $1 ORDER BY period, dimension, value";

fn api_from_row(r: &AnyRow) -> Result<ApiClientRow> {
    Ok(ApiClientRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        agency_code: r.try_get("agency_code")?,
        scopes: r.try_get("scopes")?,
        token_hash: r.try_get("token_hash")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

fn bg_from_row(r: &AnyRow) -> Result<BreakGlassRow> {
    Ok(BreakGlassRow {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        agency_code: r.try_get("agency_code")?,
        subject_kind: r.try_get("subject_kind")?,
        subject_id: r.try_get("subject_id")?,
        reason: r.try_get("reason")?,
        granted_at: r.try_get("granted_at")?,
        expires_at: r.try_get("expires_at")?,
        reviewed_by: r.try_get("reviewed_by")?,
        reviewed_at: r.try_get("reviewed_at")?,
        review_verdict: r.try_get("review_verdict")?,
    })
}

fn breach_from_row(r: &AnyRow) -> Result<BreachRow> {
    Ok(BreachRow {
        id: r.try_get("id")?,
        discovered_at: r.try_get("discovered_at")?,
        recorded_by: r.try_get("recorded_by")?,
        description: r.try_get("description")?,
        data_kinds: r.try_get("data_kinds")?,
        subjects_estimate: r.try_get("subjects_estimate")?,
        measures: r.try_get("measures")?,
        notified_subjects_at: r.try_get("notified_subjects_at")?,
        notified_agency_at: r.try_get("notified_agency_at")?,
        closed_at: r.try_get("closed_at")?,
    })
}

impl Store {
    /// Registers an API client.
    pub async fn insert_api_client(&self, c: &ApiClientRow) -> Result<()> {
        self.exec(
            API_INSERT,
            binds![
                c.id.as_str(),
                c.name.as_str(),
                c.agency_code.as_str(),
                c.scopes.as_str(),
                c.token_hash.as_str(),
                c.created_by.as_str(),
                c.created_at
            ],
        )
        .await?;
        Ok(())
    }

    /// The API client with this token hash (revoked ones included: the caller checks).
    pub async fn api_client_by_token_hash(&self, hash: &str) -> Result<Option<ApiClientRow>> {
        self.row(API_BY_HASH, binds![hash], api_from_row).await
    }

    /// Every API client.
    pub async fn api_clients(&self) -> Result<Vec<ApiClientRow>> {
        self.rows(API_ALL, binds![], api_from_row).await
    }

    /// Revokes a client; false when unknown or already revoked.
    pub async fn revoke_api_client(&self, id: &str, at: i64) -> Result<bool> {
        Ok(self.exec(API_REVOKE, binds![at, id]).await? == 1)
    }

    /// Stores a break-glass grant.
    pub async fn insert_break_glass(&self, b: &BreakGlassRow) -> Result<()> {
        self.exec(
            BG_INSERT,
            binds![
                b.id.as_str(),
                b.user_id.as_str(),
                b.agency_code.as_str(),
                b.subject_kind.as_str(),
                b.subject_id.as_str(),
                b.reason.as_str(),
                b.granted_at,
                b.expires_at
            ],
        )
        .await?;
        Ok(())
    }

    /// Whether the user holds an unexpired grant for this record at `now`.
    pub async fn has_break_glass(
        &self,
        user_id: &str,
        kind: &str,
        id: &str,
        now: i64,
    ) -> Result<bool> {
        let n: i64 = self
            .one(BG_ACTIVE, binds![user_id, kind, id, now], int)
            .await?;
        Ok(n > 0)
    }

    /// Grants not yet reviewed, oldest first.
    pub async fn unreviewed_break_glass(&self) -> Result<Vec<BreakGlassRow>> {
        self.rows(BG_COLS_UNREVIEWED, binds![], bg_from_row).await
    }

    /// The newest grants.
    pub async fn break_glass_log(&self, limit: i64) -> Result<Vec<BreakGlassRow>> {
        self.rows(BG_ALL, binds![limit], bg_from_row).await
    }

    /// Records a review; false when unknown or already reviewed.
    pub async fn review_break_glass(
        &self,
        id: &str,
        reviewer: &str,
        verdict: &str,
        at: i64,
    ) -> Result<bool> {
        Ok(self
            .exec(BG_REVIEW, binds![reviewer, at, verdict, id])
            .await?
            == 1)
    }

    /// Records a consent.
    pub async fn insert_consent(&self, c: &ConsentRow) -> Result<()> {
        self.exec(
            CONSENT_INSERT,
            binds![
                c.id.as_str(),
                c.subject_idx.as_str(),
                c.purpose.as_str(),
                c.basis.as_str(),
                c.given_at,
                c.recorded_by.as_str()
            ],
        )
        .await?;
        Ok(())
    }

    /// Every consent of a subject, oldest first.
    pub async fn consents_for(&self, subject_idx: &str) -> Result<Vec<ConsentRow>> {
        self.rows(CONSENT_FOR, binds![subject_idx], |r| {
            Ok(ConsentRow {
                id: r.try_get("id")?,
                subject_idx: r.try_get("subject_idx")?,
                purpose: r.try_get("purpose")?,
                basis: r.try_get("basis")?,
                given_at: r.try_get("given_at")?,
                recorded_by: r.try_get("recorded_by")?,
                withdrawn_at: r.try_get("withdrawn_at")?,
                withdrawn_by: r.try_get("withdrawn_by")?,
            })
        })
        .await
    }

    /// Withdraws every active consent of a subject for a purpose; returns how many.
    pub async fn withdraw_consent(
        &self,
        subject_idx: &str,
        purpose: &str,
        by: &str,
        at: i64,
    ) -> Result<u64> {
        self.exec(CONSENT_WITHDRAW, binds![at, by, subject_idx, purpose])
            .await
    }

    /// Records a breach.
    pub async fn insert_breach(&self, b: &BreachRow) -> Result<()> {
        self.exec(
            BREACH_INSERT,
            binds![
                b.id.as_str(),
                b.discovered_at,
                b.recorded_by.as_str(),
                b.description.as_str(),
                b.data_kinds.as_str(),
                b.subjects_estimate,
                b.measures.as_str()
            ],
        )
        .await?;
        Ok(())
    }

    /// The breach register, newest first.
    pub async fn breaches(&self) -> Result<Vec<BreachRow>> {
        self.rows(BREACH_ALL, binds![], breach_from_row).await
    }

    /// Marks a notification (`subjects` or `agency`) or closure (`close`); false if already set.
    pub async fn mark_breach(&self, id: &str, what: BreachMark, at: i64) -> Result<bool> {
        let sql = match what {
            BreachMark::SubjectsNotified => BREACH_NOTIFY_SUBJECTS,
            BreachMark::AgencyNotified => BREACH_NOTIFY_AGENCY,
            BreachMark::Closed => BREACH_CLOSE,
        };
        Ok(self.exec(sql, binds![at, id]).await? == 1)
    }

    /// Person records created before `cutoff`, oldest first, at most `limit`.
    pub async fn people_created_before(
        &self,
        cutoff: i64,
        limit: i64,
    ) -> Result<Vec<PurgeCandidate>> {
        self.rows(PURGE_CANDIDATES, binds![cutoff, limit], |r| {
            Ok(PurgeCandidate {
                id: r.try_get("id")?,
                created_at: r.try_get("created_at")?,
                sex: r.try_get("sex")?,
                region_code: r.try_get("region_code")?,
            })
        })
        .await
    }

    /// In one transaction: adds the statistics and deletes the person records.
    pub async fn purge_people(&self, ids: &[String], stats: &[StatisticRow]) -> Result<u64> {
        let mut conn = self.conn().await?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        Self::add_stats(&mut tx, stats).await?;
        let mut deleted = 0;
        for id in ids {
            deleted += exec_on(&mut *tx, PURGE_ONE, binds![id.as_str()]).await?;
        }
        crate::counts::bump(&mut tx, crate::counts::PEOPLE, -(deleted as i64)).await?;
        tx.commit().await?;
        Ok(deleted)
    }

    /// Statistics retained for a record type.
    pub async fn retained_statistics(&self, record_type: &str) -> Result<Vec<StatisticRow>> {
        self.rows(STAT_ALL, binds![record_type], |r| {
            Ok(StatisticRow {
                record_type: r.try_get("record_type")?,
                period: r.try_get("period")?,
                dimension: r.try_get("dimension")?,
                value: r.try_get("value")?,
                count: r.try_get("count")?,
            })
        })
        .await
    }
}

/// What to mark on a breach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreachMark {
    /// Data subjects were notified.
    SubjectsNotified,
    /// The supervisory agency was notified.
    AgencyNotified,
    /// Handling finished.
    Closed,
}

const TIP_SET_REPORTED: &str = "UPDATE tips SET reported_severity = $1 WHERE id = $2";
const TIP_REPORTED: &str = "SELECT reported_severity FROM tips WHERE id = $1";

impl Store {
    /// Records what an anonymous reporter said about a tip's urgency (a severity code).
    pub async fn set_tip_reported_severity(&self, tip_id: &str, severity: &str) -> Result<()> {
        self.exec(TIP_SET_REPORTED, binds![severity, tip_id])
            .await?;
        Ok(())
    }

    /// What the reporter said about a tip's urgency, if anything.
    pub async fn tip_reported_severity(&self, tip_id: &str) -> Result<Option<String>> {
        Ok(self
            .row(TIP_REPORTED, binds![tip_id], opt_text)
            .await?
            .flatten())
    }
}
