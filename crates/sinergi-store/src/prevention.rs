//! Storage of passport screening: applicants, indicator versions, the watchlist, hit verdicts
//! and referrals of applicants to Disnaker/BP3MI. Rows become domain aggregates here
//! ([`Applicant`], [`WatchlistEntry`], [`ApplicantReferral`]) and back; an unknown stored code
//! is [`StoreError::Corrupt`], never a default.

use crate::prevention_rows::{applicant_from_row, referral_from_row, watchlist_from_row};
use crate::{Result, Store, StoreError};
use sinergi_domain::dates::format_iso;
use sinergi_domain::prevention::{
    Applicant, ApplicantReferral, ApplicationStatus, DecisionRecord, Document, HitTarget,
    IndicatorSet, InterviewRecord, ReferralStatus, Screening, Verdict, WatchlistEntry,
    WatchlistStatus,
};
use sqlx::Row;
use time::Date;

pub(crate) const APPLICANT_COLS: &str = "id, office_code, source_ref, created_at, created_by, full_name, birth_date, sex, birth_place, address, region_code, nik_enc, nik_idx, passport_enc, passport_idx, phone_enc, phone_idx, passport_type, purpose, destination, departure_date, sponsor_name, sponsor_phone_enc, sponsor_phone_idx, agency_name, documents, previous_passports, work_type, work_intent, job_offer, interview_notes, status, score, score_json, hits_json, indicator_version, rules_version, decision, decision_reason, decided_by, decided_at, deadline, missing_documents";

const INSERT_APPLICANT: &str = "INSERT INTO applicants (id, office_code, source_ref, created_at, created_by, full_name, birth_date, sex, birth_place, address, region_code, nik_enc, nik_idx, passport_enc, passport_idx, phone_enc, phone_idx, passport_type, purpose, destination, departure_date, sponsor_name, sponsor_phone_enc, sponsor_phone_idx, agency_name, documents, previous_passports, work_type, work_intent, job_offer, interview_notes, status) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32) \
     ON CONFLICT (office_code, source_ref) DO NOTHING";
const SAVE_SCREENING: &str = "UPDATE applicants SET score = $1, score_json = $2, hits_json = $3, indicator_version = $4, rules_version = $5 WHERE id = $6";
const SAVE_INTERVIEW: &str = "UPDATE applicants SET work_type = $1, work_intent = $2, job_offer = $3, interview_notes = $4, documents = $5, agency_name = $6 WHERE id = $7";
const SAVE_DECISION: &str = "UPDATE applicants SET status = $1, decision = $2, decision_reason = $3, decided_by = $4, decided_at = $5, deadline = $6, missing_documents = $7 WHERE id = $8";
const SET_STATUS: &str = "UPDATE applicants SET status = $1 WHERE id = $2";
const LAPSE: &str = "UPDATE applicants SET status = $1 WHERE status = $2 AND deadline < $3";

const INSERT_VERSION: &str = "INSERT INTO indicator_versions (version, body, created_at, created_by) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (version) DO NOTHING";
const LATEST_VERSION: &str =
    "SELECT version, body FROM indicator_versions ORDER BY version DESC LIMIT 1";
const VERSION_BY: &str = "SELECT version, body FROM indicator_versions WHERE version = $1";

const WL_INSERT: &str = "INSERT INTO watchlist (id, kind, full_name, nik_enc, nik_idx, phone_enc, phone_idx, reason, legal_basis, review_date, status, proposed_by, proposed_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
const WL_ALL: &str = "SELECT id, kind, full_name, nik_enc, nik_idx, phone_enc, phone_idx, reason, legal_basis, review_date, status, proposed_by, proposed_at, approved_by, approved_at, removal_by, removal_reason FROM watchlist ORDER BY proposed_at";
const WL_ONE: &str = "SELECT id, kind, full_name, nik_enc, nik_idx, phone_enc, phone_idx, reason, legal_basis, review_date, status, proposed_by, proposed_at, approved_by, approved_at, removal_by, removal_reason FROM watchlist WHERE id = $1";
/// Moves an entry from one status to the next, recording who approved and when.
const WL_APPROVED: &str = "UPDATE watchlist SET status = $1, approved_by = $2, approved_at = $3 WHERE id = $4 AND status = $5";
const WL_PROPOSE_REMOVAL: &str = "UPDATE watchlist SET status = $1, removal_by = $2, removal_reason = $3 WHERE id = $4 AND status = $5";

const VERDICT_UPSERT: &str = "INSERT INTO hit_verdicts (subject_key, entry_ref, verdict, by_user, at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (subject_key, entry_ref) DO UPDATE SET verdict = excluded.verdict, by_user = excluded.by_user, at = excluded.at";
const VERDICTS_FOR: &str = "SELECT entry_ref, verdict FROM hit_verdicts WHERE subject_key = $1";

const REF_INSERT: &str = "INSERT INTO applicant_referrals (id, applicant_id, from_agency, to_agency, reason, created_at, created_by, status) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const REF_INBOX: &str = "SELECT id, applicant_id, from_agency, to_agency, reason, created_at, created_by, status, done_at, done_by FROM applicant_referrals WHERE to_agency = $1 ORDER BY created_at DESC LIMIT 200";
const REF_FOR: &str = "SELECT id, applicant_id, from_agency, to_agency, reason, created_at, created_by, status, done_at, done_by FROM applicant_referrals WHERE applicant_id = $1 ORDER BY created_at";
const REF_DONE: &str = "UPDATE applicant_referrals SET status = $1, done_at = $2, done_by = $3 WHERE id = $4 AND to_agency = $5 AND status = $6";

/// The newest stored indicator set as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredIndicators {
    /// The set (retired checks dropped).
    pub set: IndicatorSet,
    /// Whether the stored text held indicators with retired checks (then a new version is due).
    pub dropped_retired: bool,
}

/// Which blind index to look applicants up by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicantKey {
    /// NIK.
    Nik,
    /// Passport number.
    Passport,
    /// The applicant's phone.
    Phone,
    /// The sponsor's phone.
    SponsorPhone,
}

fn sealed_parts(s: Option<&sinergi_domain::prevention::Sealed>) -> (Option<Vec<u8>>, Option<&str>) {
    s.map_or((None, None), |s| {
        (Some(s.sealed.clone()), Some(s.index.as_str()))
    })
}

fn iso(d: Option<Date>) -> Option<String> {
    d.map(format_iso)
}

fn corrupt(what: &str) -> impl FnOnce(serde_json::Error) -> StoreError + '_ {
    move |e| StoreError::Corrupt(format!("{what}: {e}"))
}

impl Store {
    /// Inserts a new application (its screening and decision are saved by their own calls);
    /// false when (office, source_ref) exists, so re-imports add nothing.
    pub async fn insert_applicant(&self, a: &Applicant) -> Result<bool> {
        let (nik_enc, nik_idx) = sealed_parts(a.nik.as_ref());
        let (passport_enc, passport_idx) = sealed_parts(a.passport.as_ref());
        let (phone_enc, phone_idx) = sealed_parts(a.phone.as_ref());
        let (sponsor_enc, sponsor_idx) = sealed_parts(a.sponsor_phone.as_ref());
        Ok(sqlx::query(INSERT_APPLICANT)
            .bind(a.id.as_str())
            .bind(a.office_code.as_str())
            .bind(a.source_ref.as_str())
            .bind(a.created_at)
            .bind(a.created_by.as_str())
            .bind(a.full_name.as_str())
            .bind(iso(a.birth_date))
            .bind(a.sex.map(|s| s.code()))
            .bind(a.birth_place.as_deref())
            .bind(a.address.as_deref())
            .bind(a.region_code.as_deref())
            .bind(nik_enc)
            .bind(nik_idx)
            .bind(passport_enc)
            .bind(passport_idx)
            .bind(phone_enc)
            .bind(phone_idx)
            .bind(a.passport_type.code())
            .bind(a.purpose.code())
            .bind(a.destination.as_str())
            .bind(iso(a.departure_date))
            .bind(a.sponsor_name.as_deref())
            .bind(sponsor_enc)
            .bind(sponsor_idx)
            .bind(a.agency_name.as_deref())
            .bind(Document::join(&a.documents))
            .bind(a.previous_passports)
            .bind(a.interview.work_type.map(|w| w.code()))
            .bind(i64::from(a.interview.work_intent))
            .bind(i64::from(a.interview.job_offer))
            .bind(a.interview.notes.as_str())
            .bind(a.status.code())
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }

    /// One applicant.
    pub async fn applicant(&self, id: &str) -> Result<Option<Applicant>> {
        let sql = format!("SELECT {APPLICANT_COLS} FROM applicants WHERE id = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&mut *self.conn().await?)
            .await?
            .as_ref()
            .map(applicant_from_row)
            .transpose()
    }

    /// Applicants of an office created since `since` (epoch ms), newest first.
    pub async fn applicants_of_office_since(
        &self,
        office: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<Applicant>> {
        let sql = format!(
            "SELECT {APPLICANT_COLS} FROM applicants WHERE office_code = $1 AND created_at >= $2 ORDER BY created_at DESC LIMIT $3"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(office)
            .bind(since)
            .bind(limit)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(applicant_from_row)
            .collect()
    }

    /// All applicants in id order, a page at a time (index building, figures).
    pub async fn applicants_page(&self, after_id: &str, limit: i64) -> Result<Vec<Applicant>> {
        let sql =
            format!("SELECT {APPLICANT_COLS} FROM applicants WHERE id > $1 ORDER BY id LIMIT $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after_id)
            .bind(limit)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(applicant_from_row)
            .collect()
    }

    /// Applicants whose blind index of `key` equals `idx`, oldest first.
    pub async fn applicants_by(&self, key: ApplicantKey, idx: &str) -> Result<Vec<Applicant>> {
        let column = match key {
            ApplicantKey::Nik => "nik_idx",
            ApplicantKey::Passport => "passport_idx",
            ApplicantKey::Phone => "phone_idx",
            ApplicantKey::SponsorPhone => "sponsor_phone_idx",
        };
        let sql = format!(
            "SELECT {APPLICANT_COLS} FROM applicants WHERE {column} = $1 ORDER BY created_at LIMIT 200"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(idx)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(applicant_from_row)
            .collect()
    }

    /// Saves a screening result (typed values only: no routes, no prose).
    pub async fn save_screening(&self, id: &str, s: &Screening) -> Result<()> {
        let json = serde_json::to_string(s).map_err(corrupt("screening"))?;
        sqlx::query(SAVE_SCREENING)
            .bind(s.score.total)
            .bind(json)
            .bind("[]")
            .bind(s.score.indicator_version)
            .bind(s.rules_version.as_str())
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Saves the interview, the documents shown and the named placement company.
    pub async fn save_interview(
        &self,
        id: &str,
        interview: &InterviewRecord,
        documents: &[Document],
        agency_name: Option<&str>,
    ) -> Result<()> {
        sqlx::query(SAVE_INTERVIEW)
            .bind(interview.work_type.map(|w| w.code()))
            .bind(i64::from(interview.work_intent))
            .bind(i64::from(interview.job_offer))
            .bind(interview.notes.as_str())
            .bind(Document::join(documents))
            .bind(agency_name)
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Saves a decision and the status it leads to.
    pub async fn save_decision(
        &self,
        id: &str,
        status: ApplicationStatus,
        d: &DecisionRecord,
    ) -> Result<()> {
        sqlx::query(SAVE_DECISION)
            .bind(status.code())
            .bind(d.decision.code())
            .bind(d.reason.as_str())
            .bind(d.by.as_str())
            .bind(d.at)
            .bind(iso(d.deadline))
            .bind(Document::join(&d.missing))
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Sets an applicant's status.
    pub async fn set_applicant_status(&self, id: &str, status: ApplicationStatus) -> Result<()> {
        sqlx::query(SET_STATUS)
            .bind(status.code())
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Marks deferrals whose deadline is before `today` as lapsed; returns how many.
    pub async fn lapse_deferrals(&self, today: Date) -> Result<u64> {
        Ok(sqlx::query(LAPSE)
            .bind(ApplicationStatus::Lapsed.code())
            .bind(ApplicationStatus::Deferred.code())
            .bind(format_iso(today))
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected())
    }

    /// Stores an indicator set under its version; false (nothing written) when that version
    /// exists already, so a transaction is never aborted by the attempt.
    pub async fn insert_indicator_version(
        &self,
        set: &IndicatorSet,
        at: i64,
        by: &str,
    ) -> Result<bool> {
        let body = set
            .to_toml()
            .map_err(|e| StoreError::Corrupt(format!("indicators: {e}")))?;
        Ok(sqlx::query(INSERT_VERSION)
            .bind(set.version)
            .bind(body)
            .bind(at)
            .bind(by)
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }

    /// The newest stored indicator set, and whether reading it dropped retired checks.
    pub async fn latest_indicator_version(&self) -> Result<Option<StoredIndicators>> {
        let row = sqlx::query(LATEST_VERSION)
            .fetch_optional(&mut *self.conn().await?)
            .await?;
        row.map(|r| {
            let body: String = r.try_get("body")?;
            let set = parse_indicators(&body)?;
            Ok(StoredIndicators {
                dropped_retired: body.matches("[[indicator]]").count() != set.indicators.len(),
                set,
            })
        })
        .transpose()
    }

    /// One stored indicator set.
    pub async fn indicator_version(&self, version: i64) -> Result<Option<IndicatorSet>> {
        let row = sqlx::query(VERSION_BY)
            .bind(version)
            .fetch_optional(&mut *self.conn().await?)
            .await?;
        row.map(|r| parse_indicators(&r.try_get::<String, _>("body")?))
            .transpose()
    }

    /// Adds a watchlist entry (proposed, by the entry's status).
    pub async fn insert_watchlist(&self, w: &WatchlistEntry) -> Result<()> {
        let (nik_enc, nik_idx) = sealed_parts(w.nik.as_ref());
        let (phone_enc, phone_idx) = sealed_parts(w.phone.as_ref());
        sqlx::query(WL_INSERT)
            .bind(w.id.as_str())
            .bind(w.kind.code())
            .bind(w.full_name.as_str())
            .bind(nik_enc)
            .bind(nik_idx)
            .bind(phone_enc)
            .bind(phone_idx)
            .bind(w.reason.as_str())
            .bind(w.legal_basis.as_str())
            .bind(format_iso(w.review_date))
            .bind(w.status.code())
            .bind(w.proposed_by.as_str())
            .bind(w.proposed_at)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Every watchlist entry, oldest first.
    pub async fn watchlist(&self) -> Result<Vec<WatchlistEntry>> {
        sqlx::query(WL_ALL)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(watchlist_from_row)
            .collect()
    }

    /// One watchlist entry.
    pub async fn watchlist_entry(&self, id: &str) -> Result<Option<WatchlistEntry>> {
        sqlx::query(WL_ONE)
            .bind(id)
            .fetch_optional(&mut *self.conn().await?)
            .await?
            .as_ref()
            .map(watchlist_from_row)
            .transpose()
    }

    async fn watchlist_step(
        &self,
        id: &str,
        from: WatchlistStatus,
        to: WatchlistStatus,
        by: &str,
        at: i64,
    ) -> Result<bool> {
        Ok(sqlx::query(WL_APPROVED)
            .bind(to.code())
            .bind(by)
            .bind(at)
            .bind(id)
            .bind(from.code())
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }

    /// Second person approves a proposed entry; false if not in that state.
    pub async fn approve_watchlist(&self, id: &str, by: &str, at: i64) -> Result<bool> {
        self.watchlist_step(
            id,
            WatchlistStatus::Proposed,
            WatchlistStatus::Active,
            by,
            at,
        )
        .await
    }

    /// Proposes removal of an active entry; false if not active.
    pub async fn propose_watchlist_removal(
        &self,
        id: &str,
        by: &str,
        reason: &str,
    ) -> Result<bool> {
        Ok(sqlx::query(WL_PROPOSE_REMOVAL)
            .bind(WatchlistStatus::RemovalProposed.code())
            .bind(by)
            .bind(reason)
            .bind(id)
            .bind(WatchlistStatus::Active.code())
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }

    /// Second person confirms a removal; false if no removal was proposed.
    pub async fn confirm_watchlist_removal(&self, id: &str, by: &str, at: i64) -> Result<bool> {
        self.watchlist_step(
            id,
            WatchlistStatus::RemovalProposed,
            WatchlistStatus::Removed,
            by,
            at,
        )
        .await
    }

    /// Records an officer's verdict on a hit for a subject (a person's NIK index, or one
    /// application).
    pub async fn set_hit_verdict(
        &self,
        subject: &str,
        target: &HitTarget,
        verdict: Verdict,
        by: &str,
        at: i64,
    ) -> Result<()> {
        sqlx::query(VERDICT_UPSERT)
            .bind(subject)
            .bind(target.key())
            .bind(verdict.code())
            .bind(by)
            .bind(at)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Verdicts for a subject: `(target key, verdict)`.
    pub async fn hit_verdicts(&self, subject: &str) -> Result<Vec<(String, Verdict)>> {
        sqlx::query(VERDICTS_FOR)
            .bind(subject)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(|r| {
                let code: String = r.try_get("verdict")?;
                let v = Verdict::from_code(&code)
                    .ok_or_else(|| StoreError::Corrupt(format!("verdict `{code}`")))?;
                Ok((r.try_get("entry_ref")?, v))
            })
            .collect()
    }

    /// Creates a referral.
    pub async fn insert_applicant_referral(&self, r: &ApplicantReferral) -> Result<()> {
        sqlx::query(REF_INSERT)
            .bind(r.id.as_str())
            .bind(r.applicant_id.as_str())
            .bind(r.from_agency.as_str())
            .bind(r.to_agency.as_str())
            .bind(r.reason.as_str())
            .bind(r.created_at)
            .bind(r.created_by.as_str())
            .bind(r.status.code())
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// An agency's inbox, newest first.
    pub async fn applicant_referral_inbox(&self, agency: &str) -> Result<Vec<ApplicantReferral>> {
        sqlx::query(REF_INBOX)
            .bind(agency)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(referral_from_row)
            .collect()
    }

    /// Referrals of one applicant, oldest first.
    pub async fn applicant_referrals(&self, applicant: &str) -> Result<Vec<ApplicantReferral>> {
        sqlx::query(REF_FOR)
            .bind(applicant)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(referral_from_row)
            .collect()
    }

    /// The receiving agency marks a referral done; false if not theirs or not open.
    pub async fn finish_applicant_referral(
        &self,
        id: &str,
        agency: &str,
        by: &str,
        at: i64,
    ) -> Result<bool> {
        Ok(sqlx::query(REF_DONE)
            .bind(ReferralStatus::Done.code())
            .bind(at)
            .bind(by)
            .bind(id)
            .bind(agency)
            .bind(ReferralStatus::Open.code())
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }
}

fn parse_indicators(body: &str) -> Result<IndicatorSet> {
    IndicatorSet::parse(body).map_err(|e| StoreError::Corrupt(format!("indicators: {e}")))
}
