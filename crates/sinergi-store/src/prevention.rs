//! Storage of passport screening: applicants, indicator versions, the watchlist, hit verdicts
//! and referrals of applicants to Disnaker/BP3MI. Rows become domain aggregates here
//! ([`Applicant`], [`WatchlistEntry`], [`ApplicantReferral`]) and back; an unknown stored code
//! is [`StoreError::Corrupt`], never a default.

use crate::prevention_rows::{applicant_from_row, referral_from_row, watchlist_from_row};
use crate::query::binds;
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
        Ok(self
            .exec(
                INSERT_APPLICANT,
                binds![
                    a.id.as_str(),
                    a.office_code.as_str(),
                    a.source_ref.as_str(),
                    a.created_at,
                    a.created_by.as_str(),
                    a.full_name.as_str(),
                    iso(a.birth_date),
                    a.sex.map(|s| s.code()),
                    a.birth_place.as_deref(),
                    a.address.as_deref(),
                    a.region_code.as_deref(),
                    nik_enc,
                    nik_idx,
                    passport_enc,
                    passport_idx,
                    phone_enc,
                    phone_idx,
                    a.passport_type.code(),
                    a.purpose.code(),
                    a.destination.as_str(),
                    iso(a.departure_date),
                    a.sponsor_name.as_deref(),
                    sponsor_enc,
                    sponsor_idx,
                    a.agency_name.as_deref(),
                    Document::join(&a.documents),
                    a.previous_passports,
                    a.interview.work_type.map(|w| w.code()),
                    i64::from(a.interview.work_intent),
                    i64::from(a.interview.job_offer),
                    a.interview.notes.as_str(),
                    a.status.code()
                ],
            )
            .await?
            == 1)
    }

    /// One applicant.
    pub async fn applicant(&self, id: &str) -> Result<Option<Applicant>> {
        let sql = format!("SELECT {APPLICANT_COLS} FROM applicants WHERE id = $1");
        self.row(sqlx::AssertSqlSafe(sql), binds![id], applicant_from_row)
            .await
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
        self.rows(
            sqlx::AssertSqlSafe(sql),
            binds![office, since, limit],
            applicant_from_row,
        )
        .await
    }

    /// All applicants in id order, a page at a time (index building, figures).
    pub async fn applicants_page(&self, after_id: &str, limit: i64) -> Result<Vec<Applicant>> {
        let sql =
            format!("SELECT {APPLICANT_COLS} FROM applicants WHERE id > $1 ORDER BY id LIMIT $2");
        self.rows(
            sqlx::AssertSqlSafe(sql),
            binds![after_id, limit],
            applicant_from_row,
        )
        .await
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
        self.rows(sqlx::AssertSqlSafe(sql), binds![idx], applicant_from_row)
            .await
    }

    /// Saves a screening result (typed values only: no routes, no prose).
    pub async fn save_screening(&self, id: &str, s: &Screening) -> Result<()> {
        let json = serde_json::to_string(s).map_err(corrupt("screening"))?;
        self.exec(
            SAVE_SCREENING,
            binds![
                s.score.total,
                json,
                "[]",
                s.score.indicator_version,
                s.rules_version.as_str(),
                id
            ],
        )
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
        self.exec(
            SAVE_INTERVIEW,
            binds![
                interview.work_type.map(|w| w.code()),
                i64::from(interview.work_intent),
                i64::from(interview.job_offer),
                interview.notes.as_str(),
                Document::join(documents),
                agency_name,
                id
            ],
        )
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
        self.exec(
            SAVE_DECISION,
            binds![
                status.code(),
                d.decision.code(),
                d.reason.as_str(),
                d.by.as_str(),
                d.at,
                iso(d.deadline),
                Document::join(&d.missing),
                id
            ],
        )
        .await?;
        Ok(())
    }

    /// Sets an applicant's status.
    pub async fn set_applicant_status(&self, id: &str, status: ApplicationStatus) -> Result<()> {
        self.exec(SET_STATUS, binds![status.code(), id]).await?;
        Ok(())
    }

    /// Marks deferrals whose deadline is before `today` as lapsed; returns how many.
    pub async fn lapse_deferrals(&self, today: Date) -> Result<u64> {
        self.exec(
            LAPSE,
            binds![
                ApplicationStatus::Lapsed.code(),
                ApplicationStatus::Deferred.code(),
                format_iso(today)
            ],
        )
        .await
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
        Ok(self
            .exec(INSERT_VERSION, binds![set.version, body, at, by])
            .await?
            == 1)
    }

    /// The newest stored indicator set, and whether reading it dropped retired checks.
    pub async fn latest_indicator_version(&self) -> Result<Option<StoredIndicators>> {
        self.row(LATEST_VERSION, binds![], |r| {
            let body: String = r.try_get("body")?;
            let set = parse_indicators(&body)?;
            Ok(StoredIndicators {
                dropped_retired: body.matches("[[indicator]]").count() != set.indicators.len(),
                set,
            })
        })
        .await
    }

    /// One stored indicator set.
    pub async fn indicator_version(&self, version: i64) -> Result<Option<IndicatorSet>> {
        self.row(VERSION_BY, binds![version], |r| {
            parse_indicators(&r.try_get::<String, _>("body")?)
        })
        .await
    }

    /// Adds a watchlist entry (proposed, by the entry's status).
    pub async fn insert_watchlist(&self, w: &WatchlistEntry) -> Result<()> {
        let (nik_enc, nik_idx) = sealed_parts(w.nik.as_ref());
        let (phone_enc, phone_idx) = sealed_parts(w.phone.as_ref());
        self.exec(
            WL_INSERT,
            binds![
                w.id.as_str(),
                w.kind.code(),
                w.full_name.as_str(),
                nik_enc,
                nik_idx,
                phone_enc,
                phone_idx,
                w.reason.as_str(),
                w.legal_basis.as_str(),
                format_iso(w.review_date),
                w.status.code(),
                w.proposed_by.as_str(),
                w.proposed_at
            ],
        )
        .await?;
        Ok(())
    }

    /// Every watchlist entry, oldest first.
    pub async fn watchlist(&self) -> Result<Vec<WatchlistEntry>> {
        self.rows(WL_ALL, binds![], watchlist_from_row).await
    }

    /// One watchlist entry.
    pub async fn watchlist_entry(&self, id: &str) -> Result<Option<WatchlistEntry>> {
        self.row(WL_ONE, binds![id], watchlist_from_row).await
    }

    async fn watchlist_step(
        &self,
        id: &str,
        from: WatchlistStatus,
        to: WatchlistStatus,
        by: &str,
        at: i64,
    ) -> Result<bool> {
        Ok(self
            .exec(WL_APPROVED, binds![to.code(), by, at, id, from.code()])
            .await?
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
        Ok(self
            .exec(
                WL_PROPOSE_REMOVAL,
                binds![
                    WatchlistStatus::RemovalProposed.code(),
                    by,
                    reason,
                    id,
                    WatchlistStatus::Active.code()
                ],
            )
            .await?
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
        self.exec(
            VERDICT_UPSERT,
            binds![subject, target.key(), verdict.code(), by, at],
        )
        .await?;
        Ok(())
    }

    /// Verdicts for a subject: `(target key, verdict)`.
    pub async fn hit_verdicts(&self, subject: &str) -> Result<Vec<(String, Verdict)>> {
        self.rows(VERDICTS_FOR, binds![subject], |r| {
            let code: String = r.try_get("verdict")?;
            let v = Verdict::from_code(&code)
                .ok_or_else(|| StoreError::Corrupt(format!("verdict `{code}`")))?;
            Ok((r.try_get("entry_ref")?, v))
        })
        .await
    }

    /// Creates a referral.
    pub async fn insert_applicant_referral(&self, r: &ApplicantReferral) -> Result<()> {
        self.exec(
            REF_INSERT,
            binds![
                r.id.as_str(),
                r.applicant_id.as_str(),
                r.from_agency.as_str(),
                r.to_agency.as_str(),
                r.reason.as_str(),
                r.created_at,
                r.created_by.as_str(),
                r.status.code()
            ],
        )
        .await?;
        Ok(())
    }

    /// An agency's inbox, newest first.
    pub async fn applicant_referral_inbox(&self, agency: &str) -> Result<Vec<ApplicantReferral>> {
        self.rows(REF_INBOX, binds![agency], referral_from_row)
            .await
    }

    /// Referrals of one applicant, oldest first.
    pub async fn applicant_referrals(&self, applicant: &str) -> Result<Vec<ApplicantReferral>> {
        self.rows(REF_FOR, binds![applicant], referral_from_row)
            .await
    }

    /// The receiving agency marks a referral done; false if not theirs or not open.
    pub async fn finish_applicant_referral(
        &self,
        id: &str,
        agency: &str,
        by: &str,
        at: i64,
    ) -> Result<bool> {
        Ok(self
            .exec(
                REF_DONE,
                binds![
                    ReferralStatus::Done.code(),
                    at,
                    by,
                    id,
                    agency,
                    ReferralStatus::Open.code()
                ],
            )
            .await?
            == 1)
    }
}

fn parse_indicators(body: &str) -> Result<IndicatorSet> {
    IndicatorSet::parse(body).map_err(|e| StoreError::Corrupt(format!("indicators: {e}")))
}
