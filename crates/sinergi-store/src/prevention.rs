//! Storage of passport screening: applicants, indicator versions, the watchlist, hit verdicts
//! and referrals of applicants to Disnaker/BP3MI.

use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

const APPLICANT_COLS: &str = "id, office_code, source_ref, created_at, created_by, full_name, birth_date, sex, birth_place, address, region_code, nik_enc, nik_idx, passport_enc, passport_idx, phone_enc, phone_idx, passport_type, purpose, destination, departure_date, sponsor_name, sponsor_phone_enc, sponsor_phone_idx, agency_name, documents, previous_passports, work_type, work_intent, job_offer, interview_notes, status, score, score_json, hits_json, indicator_version, rules_version, decision, decision_reason, decided_by, decided_at, deadline, missing_documents";

const INSERT_APPLICANT: &str = "INSERT INTO applicants (id, office_code, source_ref, created_at, created_by, full_name, birth_date, sex, birth_place, address, region_code, nik_enc, nik_idx, passport_enc, passport_idx, phone_enc, phone_idx, passport_type, purpose, destination, departure_date, sponsor_name, sponsor_phone_enc, sponsor_phone_idx, agency_name, documents, previous_passports, work_type, work_intent, job_offer, interview_notes, status) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32) \
     ON CONFLICT (office_code, source_ref) DO NOTHING";
const SAVE_SCREENING: &str = "UPDATE applicants SET score = $1, score_json = $2, hits_json = $3, indicator_version = $4, rules_version = $5 WHERE id = $6";
const SAVE_INTERVIEW: &str = "UPDATE applicants SET work_type = $1, work_intent = $2, job_offer = $3, interview_notes = $4, documents = $5, agency_name = $6 WHERE id = $7";
const SAVE_DECISION: &str = "UPDATE applicants SET status = $1, decision = $2, decision_reason = $3, decided_by = $4, decided_at = $5, deadline = $6, missing_documents = $7 WHERE id = $8";
const SET_STATUS: &str = "UPDATE applicants SET status = $1 WHERE id = $2";
const LAPSE: &str =
    "UPDATE applicants SET status = 'lapsed' WHERE status = 'deferred' AND deadline < $1";

const INSERT_VERSION: &str = "INSERT INTO indicator_versions (version, body, created_at, created_by) VALUES ($1, $2, $3, $4)";
const LATEST_VERSION: &str =
    "SELECT version, body FROM indicator_versions ORDER BY version DESC LIMIT 1";
const VERSION_BY: &str = "SELECT version, body FROM indicator_versions WHERE version = $1";

const WL_INSERT: &str = "INSERT INTO watchlist (id, kind, full_name, nik_enc, nik_idx, phone_enc, phone_idx, reason, legal_basis, review_date, status, proposed_by, proposed_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
const WL_ALL: &str = "SELECT id, kind, full_name, nik_enc, nik_idx, phone_enc, phone_idx, reason, legal_basis, review_date, status, proposed_by, proposed_at, approved_by, approved_at, removal_by, removal_reason FROM watchlist ORDER BY proposed_at";
const WL_APPROVE: &str = "UPDATE watchlist SET status = 'active', approved_by = $1, approved_at = $2 WHERE id = $3 AND status = 'proposed'";
const WL_PROPOSE_REMOVAL: &str = "UPDATE watchlist SET status = 'removal_proposed', removal_by = $1, removal_reason = $2 WHERE id = $3 AND status = 'active'";
const WL_REMOVE: &str = "UPDATE watchlist SET status = 'removed', approved_by = $1, approved_at = $2 WHERE id = $3 AND status = 'removal_proposed'";

const VERDICT_UPSERT: &str = "INSERT INTO hit_verdicts (subject_key, entry_ref, verdict, by_user, at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (subject_key, entry_ref) DO UPDATE SET verdict = excluded.verdict, by_user = excluded.by_user, at = excluded.at";
const VERDICTS_FOR: &str = "SELECT entry_ref, verdict FROM hit_verdicts WHERE subject_key = $1";

const REF_INSERT: &str = "INSERT INTO applicant_referrals (id, applicant_id, from_agency, to_agency, reason, created_at, created_by, status) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'open')";
const REF_INBOX: &str = "SELECT id, applicant_id, from_agency, to_agency, reason, created_at, created_by, status, done_at, done_by FROM applicant_referrals WHERE to_agency = $1 ORDER BY created_at DESC LIMIT 200";
const REF_FOR: &str = "SELECT id, applicant_id, from_agency, to_agency, reason, created_at, created_by, status, done_at, done_by FROM applicant_referrals WHERE applicant_id = $1 ORDER BY created_at";
const REF_DONE: &str = "UPDATE applicant_referrals SET status = 'done', done_at = $1, done_by = $2 WHERE id = $3 AND to_agency = $4 AND status = 'open'";

/// One passport application as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicantRow {
    /// Id.
    pub id: String,
    /// Immigration office.
    pub office_code: String,
    /// Id in the office's own system (or the Sinergi id); unique per office.
    pub source_ref: String,
    /// Created (epoch ms).
    pub created_at: i64,
    /// Created by (user id or `cli`).
    pub created_by: String,
    /// Name as written.
    pub full_name: String,
    /// `yyyy-mm-dd`.
    pub birth_date: Option<String>,
    /// `L`/`P`.
    pub sex: Option<String>,
    /// Place of birth.
    pub birth_place: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Home kecamatan code.
    pub region_code: Option<String>,
    /// Sealed NIK.
    pub nik_enc: Option<Vec<u8>>,
    /// NIK blind index.
    pub nik_idx: Option<String>,
    /// Sealed passport number (previous passport).
    pub passport_enc: Option<Vec<u8>>,
    /// Passport blind index.
    pub passport_idx: Option<String>,
    /// Sealed phone.
    pub phone_enc: Option<Vec<u8>>,
    /// Phone blind index.
    pub phone_idx: Option<String>,
    /// Passport type code.
    pub passport_type: String,
    /// Purpose code.
    pub purpose: String,
    /// ISO 3166 alpha-2.
    pub destination: String,
    /// Planned departure `yyyy-mm-dd`.
    pub departure_date: Option<String>,
    /// Sponsor or inviting party.
    pub sponsor_name: Option<String>,
    /// Sealed sponsor phone.
    pub sponsor_phone_enc: Option<Vec<u8>>,
    /// Sponsor phone blind index.
    pub sponsor_phone_idx: Option<String>,
    /// Recruitment agency (P3MI) named.
    pub agency_name: Option<String>,
    /// Document codes shown, comma-separated.
    pub documents: String,
    /// Number of earlier passports.
    pub previous_passports: i64,
    /// `domestic`/`other` when work is stated or suspected.
    pub work_type: Option<String>,
    /// 1 when the interview shows work intent.
    pub work_intent: i64,
    /// 1 when there is a job offer.
    pub job_offer: i64,
    /// Interview notes (free text).
    pub interview_notes: String,
    /// `new`, `issued`, `deferred`, `refused`, `lapsed`.
    pub status: String,
    /// Last risk score.
    pub score: Option<i64>,
    /// Score with contributions (JSON).
    pub score_json: Option<String>,
    /// Hits (JSON).
    pub hits_json: Option<String>,
    /// Indicator version of the score.
    pub indicator_version: Option<i64>,
    /// Rules version of the score.
    pub rules_version: Option<String>,
    /// Decision code.
    pub decision: Option<String>,
    /// Mandatory reason of the decision.
    pub decision_reason: Option<String>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When (epoch ms).
    pub decided_at: Option<i64>,
    /// Deferral deadline `yyyy-mm-dd`.
    pub deadline: Option<String>,
    /// Missing documents, comma-separated.
    pub missing_documents: Option<String>,
}

fn applicant_from_row(r: &AnyRow) -> Result<ApplicantRow> {
    Ok(ApplicantRow {
        id: r.try_get("id")?,
        office_code: r.try_get("office_code")?,
        source_ref: r.try_get("source_ref")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        full_name: r.try_get("full_name")?,
        birth_date: r.try_get("birth_date")?,
        sex: r.try_get("sex")?,
        birth_place: r.try_get("birth_place")?,
        address: r.try_get("address")?,
        region_code: r.try_get("region_code")?,
        nik_enc: r.try_get("nik_enc")?,
        nik_idx: r.try_get("nik_idx")?,
        passport_enc: r.try_get("passport_enc")?,
        passport_idx: r.try_get("passport_idx")?,
        phone_enc: r.try_get("phone_enc")?,
        phone_idx: r.try_get("phone_idx")?,
        passport_type: r.try_get("passport_type")?,
        purpose: r.try_get("purpose")?,
        destination: r.try_get("destination")?,
        departure_date: r.try_get("departure_date")?,
        sponsor_name: r.try_get("sponsor_name")?,
        sponsor_phone_enc: r.try_get("sponsor_phone_enc")?,
        sponsor_phone_idx: r.try_get("sponsor_phone_idx")?,
        agency_name: r.try_get("agency_name")?,
        documents: r.try_get("documents")?,
        previous_passports: r.try_get("previous_passports")?,
        work_type: r.try_get("work_type")?,
        work_intent: r.try_get("work_intent")?,
        job_offer: r.try_get("job_offer")?,
        interview_notes: r.try_get("interview_notes")?,
        status: r.try_get("status")?,
        score: r.try_get("score")?,
        score_json: r.try_get("score_json")?,
        hits_json: r.try_get("hits_json")?,
        indicator_version: r.try_get("indicator_version")?,
        rules_version: r.try_get("rules_version")?,
        decision: r.try_get("decision")?,
        decision_reason: r.try_get("decision_reason")?,
        decided_by: r.try_get("decided_by")?,
        decided_at: r.try_get("decided_at")?,
        deadline: r.try_get("deadline")?,
        missing_documents: r.try_get("missing_documents")?,
    })
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

/// A watchlist entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatchlistRow {
    /// Id.
    pub id: String,
    /// `person` or `recruiter`.
    pub kind: String,
    /// Name.
    pub full_name: String,
    /// Sealed NIK.
    pub nik_enc: Option<Vec<u8>>,
    /// NIK index.
    pub nik_idx: Option<String>,
    /// Sealed phone.
    pub phone_enc: Option<Vec<u8>>,
    /// Phone index.
    pub phone_idx: Option<String>,
    /// Why listed.
    pub reason: String,
    /// Legal basis.
    pub legal_basis: String,
    /// Review date `yyyy-mm-dd`.
    pub review_date: String,
    /// `proposed`, `active`, `removal_proposed`, `removed`.
    pub status: String,
    /// Proposer.
    pub proposed_by: String,
    /// Proposed (epoch ms).
    pub proposed_at: i64,
    /// Second person who approved (adding, or removal).
    pub approved_by: Option<String>,
    /// When.
    pub approved_at: Option<i64>,
    /// Who proposed removal.
    pub removal_by: Option<String>,
    /// Why.
    pub removal_reason: Option<String>,
}

/// A referral of an applicant to another agency (counselling on the procedural route).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantReferralRow {
    /// Id.
    pub id: String,
    /// Applicant.
    pub applicant_id: String,
    /// Referring office.
    pub from_agency: String,
    /// Receiving agency.
    pub to_agency: String,
    /// Reason.
    pub reason: String,
    /// Created (epoch ms).
    pub created_at: i64,
    /// Created by.
    pub created_by: String,
    /// `open` or `done`.
    pub status: String,
    /// Done at.
    pub done_at: Option<i64>,
    /// Done by.
    pub done_by: Option<String>,
}

fn referral_from_row(r: &AnyRow) -> Result<ApplicantReferralRow> {
    Ok(ApplicantReferralRow {
        id: r.try_get("id")?,
        applicant_id: r.try_get("applicant_id")?,
        from_agency: r.try_get("from_agency")?,
        to_agency: r.try_get("to_agency")?,
        reason: r.try_get("reason")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        status: r.try_get("status")?,
        done_at: r.try_get("done_at")?,
        done_by: r.try_get("done_by")?,
    })
}

impl Store {
    /// Inserts an applicant; false when (office, source_ref) exists (re-imports add nothing).
    pub async fn insert_applicant(&self, a: &ApplicantRow) -> Result<bool> {
        Ok(sqlx::query(INSERT_APPLICANT)
            .bind(a.id.as_str())
            .bind(a.office_code.as_str())
            .bind(a.source_ref.as_str())
            .bind(a.created_at)
            .bind(a.created_by.as_str())
            .bind(a.full_name.as_str())
            .bind(a.birth_date.as_deref())
            .bind(a.sex.as_deref())
            .bind(a.birth_place.as_deref())
            .bind(a.address.as_deref())
            .bind(a.region_code.as_deref())
            .bind(a.nik_enc.clone())
            .bind(a.nik_idx.as_deref())
            .bind(a.passport_enc.clone())
            .bind(a.passport_idx.as_deref())
            .bind(a.phone_enc.clone())
            .bind(a.phone_idx.as_deref())
            .bind(a.passport_type.as_str())
            .bind(a.purpose.as_str())
            .bind(a.destination.as_str())
            .bind(a.departure_date.as_deref())
            .bind(a.sponsor_name.as_deref())
            .bind(a.sponsor_phone_enc.clone())
            .bind(a.sponsor_phone_idx.as_deref())
            .bind(a.agency_name.as_deref())
            .bind(a.documents.as_str())
            .bind(a.previous_passports)
            .bind(a.work_type.as_deref())
            .bind(a.work_intent)
            .bind(a.job_offer)
            .bind(a.interview_notes.as_str())
            .bind(a.status.as_str())
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }

    /// One applicant.
    pub async fn applicant(&self, id: &str) -> Result<Option<ApplicantRow>> {
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
    ) -> Result<Vec<ApplicantRow>> {
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
    pub async fn applicants_page(&self, after_id: &str, limit: i64) -> Result<Vec<ApplicantRow>> {
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

    /// Applicants whose blind index of `key` equals `idx`.
    pub async fn applicants_by(&self, key: ApplicantKey, idx: &str) -> Result<Vec<ApplicantRow>> {
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

    /// Saves a screening result.
    pub async fn save_screening(
        &self,
        id: &str,
        score: i64,
        score_json: &str,
        hits_json: &str,
        indicator_version: i64,
        rules_version: &str,
    ) -> Result<()> {
        sqlx::query(SAVE_SCREENING)
            .bind(score)
            .bind(score_json)
            .bind(hits_json)
            .bind(indicator_version)
            .bind(rules_version)
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Saves the interview answers.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_interview(
        &self,
        id: &str,
        work_type: Option<&str>,
        work_intent: bool,
        job_offer: bool,
        notes: &str,
        documents: &str,
        agency_name: Option<&str>,
    ) -> Result<()> {
        sqlx::query(SAVE_INTERVIEW)
            .bind(work_type)
            .bind(i64::from(work_intent))
            .bind(i64::from(job_offer))
            .bind(notes)
            .bind(documents)
            .bind(agency_name)
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Saves a decision.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_decision(
        &self,
        id: &str,
        status: &str,
        decision: &str,
        reason: &str,
        by: &str,
        at: i64,
        deadline: Option<&str>,
        missing: Option<&str>,
    ) -> Result<()> {
        sqlx::query(SAVE_DECISION)
            .bind(status)
            .bind(decision)
            .bind(reason)
            .bind(by)
            .bind(at)
            .bind(deadline)
            .bind(missing)
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Sets an applicant's status.
    pub async fn set_applicant_status(&self, id: &str, status: &str) -> Result<()> {
        sqlx::query(SET_STATUS)
            .bind(status)
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Marks deferrals whose deadline is before `today` (`yyyy-mm-dd`) as lapsed.
    pub async fn lapse_deferrals(&self, today: &str) -> Result<u64> {
        Ok(sqlx::query(LAPSE)
            .bind(today)
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected())
    }

    /// Stores an indicator version.
    pub async fn insert_indicator_version(
        &self,
        version: i64,
        body: &str,
        at: i64,
        by: &str,
    ) -> Result<()> {
        sqlx::query(INSERT_VERSION)
            .bind(version)
            .bind(body)
            .bind(at)
            .bind(by)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// The newest indicator version `(version, body)`.
    pub async fn latest_indicator_version(&self) -> Result<Option<(i64, String)>> {
        let row = sqlx::query(LATEST_VERSION)
            .fetch_optional(&mut *self.conn().await?)
            .await?;
        row.map(|r| Ok((r.try_get("version")?, r.try_get("body")?)))
            .transpose()
    }

    /// One indicator version's body.
    pub async fn indicator_version(&self, version: i64) -> Result<Option<String>> {
        let row = sqlx::query(VERSION_BY)
            .bind(version)
            .fetch_optional(&mut *self.conn().await?)
            .await?;
        row.map(|r| r.try_get("body").map_err(Into::into))
            .transpose()
    }

    /// Adds a proposed watchlist entry.
    pub async fn insert_watchlist(&self, w: &WatchlistRow) -> Result<()> {
        sqlx::query(WL_INSERT)
            .bind(w.id.as_str())
            .bind(w.kind.as_str())
            .bind(w.full_name.as_str())
            .bind(w.nik_enc.clone())
            .bind(w.nik_idx.as_deref())
            .bind(w.phone_enc.clone())
            .bind(w.phone_idx.as_deref())
            .bind(w.reason.as_str())
            .bind(w.legal_basis.as_str())
            .bind(w.review_date.as_str())
            .bind(w.status.as_str())
            .bind(w.proposed_by.as_str())
            .bind(w.proposed_at)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Every watchlist entry, oldest first.
    pub async fn watchlist(&self) -> Result<Vec<WatchlistRow>> {
        sqlx::query(WL_ALL)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(|r| {
                Ok(WatchlistRow {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    full_name: r.try_get("full_name")?,
                    nik_enc: r.try_get("nik_enc")?,
                    nik_idx: r.try_get("nik_idx")?,
                    phone_enc: r.try_get("phone_enc")?,
                    phone_idx: r.try_get("phone_idx")?,
                    reason: r.try_get("reason")?,
                    legal_basis: r.try_get("legal_basis")?,
                    review_date: r.try_get("review_date")?,
                    status: r.try_get("status")?,
                    proposed_by: r.try_get("proposed_by")?,
                    proposed_at: r.try_get("proposed_at")?,
                    approved_by: r.try_get("approved_by")?,
                    approved_at: r.try_get("approved_at")?,
                    removal_by: r.try_get("removal_by")?,
                    removal_reason: r.try_get("removal_reason")?,
                })
            })
            .collect()
    }

    /// Second person approves a proposed entry; false if not in that state.
    pub async fn approve_watchlist(&self, id: &str, by: &str, at: i64) -> Result<bool> {
        Ok(sqlx::query(WL_APPROVE)
            .bind(by)
            .bind(at)
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }

    /// Proposes removal of an active entry; false if not active.
    pub async fn propose_watchlist_removal(
        &self,
        id: &str,
        by: &str,
        reason: &str,
    ) -> Result<bool> {
        Ok(sqlx::query(WL_PROPOSE_REMOVAL)
            .bind(by)
            .bind(reason)
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }

    /// Second person confirms a removal; false if no removal was proposed.
    pub async fn confirm_watchlist_removal(&self, id: &str, by: &str, at: i64) -> Result<bool> {
        Ok(sqlx::query(WL_REMOVE)
            .bind(by)
            .bind(at)
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }

    /// Records an officer's verdict on a hit for a subject.
    pub async fn set_hit_verdict(
        &self,
        subject: &str,
        entry_ref: &str,
        verdict: &str,
        by: &str,
        at: i64,
    ) -> Result<()> {
        sqlx::query(VERDICT_UPSERT)
            .bind(subject)
            .bind(entry_ref)
            .bind(verdict)
            .bind(by)
            .bind(at)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Verdicts for a subject: `(entry_ref, verdict)`.
    pub async fn hit_verdicts(&self, subject: &str) -> Result<Vec<(String, String)>> {
        sqlx::query(VERDICTS_FOR)
            .bind(subject)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("entry_ref")?, r.try_get("verdict")?)))
            .collect()
    }

    /// Creates a referral.
    pub async fn insert_applicant_referral(&self, r: &ApplicantReferralRow) -> Result<()> {
        sqlx::query(REF_INSERT)
            .bind(r.id.as_str())
            .bind(r.applicant_id.as_str())
            .bind(r.from_agency.as_str())
            .bind(r.to_agency.as_str())
            .bind(r.reason.as_str())
            .bind(r.created_at)
            .bind(r.created_by.as_str())
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// An agency's inbox, newest first.
    pub async fn applicant_referral_inbox(
        &self,
        agency: &str,
    ) -> Result<Vec<ApplicantReferralRow>> {
        sqlx::query(REF_INBOX)
            .bind(agency)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(referral_from_row)
            .collect()
    }

    /// Referrals of one applicant.
    pub async fn applicant_referrals(&self, applicant: &str) -> Result<Vec<ApplicantReferralRow>> {
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
            .bind(at)
            .bind(by)
            .bind(id)
            .bind(agency)
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }
}
