//! The interview, the officer's verdict on each hit, the decision (issue / defer / refuse with a
//! mandatory reason), deferral deadlines and referrals to Disnaker/BP3MI.

use super::screen::Screening;
use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::clock::to_millis;
use sinergi_domain::dates::format_iso;
use sinergi_domain::org::AgencyKind;
use sinergi_domain::prevention::{DEFAULT_DEFERRAL_DAYS, Decision, deferral_deadline};
use sinergi_store::prevention::{ApplicantReferralRow, ApplicantRow};

/// Agencies an applicant can be referred to for counselling on the procedural route.
pub const REFERRAL_KINDS: [AgencyKind; 6] = [
    AgencyKind::Disnaker,
    AgencyKind::Bp3mi,
    AgencyKind::Pemda,
    AgencyKind::Desa,
    AgencyKind::Iom,
    AgencyKind::Ngo,
];

/// The interview answers.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Interview {
    /// `domestic`, `other` or empty.
    pub work_type: String,
    /// The answers show intent to work.
    pub work_intent: bool,
    /// A job offer exists.
    pub job_offer: bool,
    /// Employer or placement company named in the interview.
    pub agency_name: String,
    /// Documents shown (codes, comma separated).
    pub documents: String,
    /// Notes.
    pub notes: String,
}

/// The decision form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    /// `issue`, `defer` or `refuse`.
    pub decision: String,
    /// Mandatory reason.
    pub reason: String,
    /// For a deferral: days to bring the documents (default 30).
    pub days: Option<i64>,
    /// For a deferral: refer to this agency (e.g. `disnaker-kab-malang`, `bp3mi-jatim`).
    pub refer_to: String,
}

/// Everything a printed deferral notice shows.
#[derive(Debug, Clone)]
pub struct DeferralNotice {
    /// The application.
    pub applicant: ApplicantRow,
    /// Office name in force today.
    pub office_name: String,
    /// Missing documents.
    pub missing: Vec<String>,
    /// Deadline `yyyy-mm-dd`.
    pub deadline: String,
    /// Referral target name, if referred.
    pub referred_to: Option<String>,
}

impl App {
    /// Loads an application visible to the actor: immigration offices see all (deferrals are
    /// shared across offices); another agency only what was referred to it.
    pub async fn applicant_for(&self, actor: &Actor, id: &str) -> Result<ApplicantRow, AppError> {
        let a = self.store.applicant(id).await?.ok_or(AppError::NotFound)?;
        if actor.can(Permission::ScreenApplicants) {
            return Ok(a);
        }
        let referred = self
            .store
            .applicant_referrals(id)
            .await?
            .iter()
            .any(|r| r.to_agency == actor.user.agency_code);
        if referred && actor.can(Permission::HandleReferrals) {
            return Ok(a);
        }
        self.audit(&actor.origin(), "applicant.read_denied", id, "")
            .await?;
        Err(AppError::NotFound)
    }

    /// The stored screening of an application.
    pub fn screening_of(a: &ApplicantRow) -> Option<Screening> {
        a.score_json
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
    }

    /// Records the interview and screens again.
    pub async fn record_interview(
        &self,
        actor: &Actor,
        id: &str,
        interview: &Interview,
    ) -> Result<Screening, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        let a = self.store.applicant(id).await?.ok_or(AppError::NotFound)?;
        let work_type = match interview.work_type.trim() {
            "" => None,
            "domestic" => Some("domestic"),
            "other" => Some("other"),
            _ => {
                return Err(AppError::invalid(
                    "work_type",
                    "work_type_invalid",
                    "domestic, other or empty",
                ));
            }
        };
        if interview.notes.chars().count() > 4000 || interview.agency_name.chars().count() > 300 {
            return Err(AppError::invalid(
                "notes",
                "text_too_long",
                "notes up to 4000 characters",
            ));
        }
        let mut docs = Vec::new();
        for d in interview
            .documents
            .split([',', ' ', ';'])
            .filter(|d| !d.trim().is_empty())
        {
            let d = d.trim().to_ascii_lowercase();
            if !super::intake::DOCUMENTS.contains(&d.as_str()) {
                return Err(AppError::invalid(
                    "documents",
                    "document_unknown",
                    "unknown document code",
                ));
            }
            if !docs.contains(&d) {
                docs.push(d);
            }
        }
        let agency = if interview.agency_name.trim().is_empty() {
            a.agency_name.clone()
        } else {
            Some(interview.agency_name.trim().to_string())
        };
        self.store
            .save_interview(
                id,
                work_type,
                interview.work_intent,
                interview.job_offer,
                interview.notes.trim(),
                &docs.join(","),
                agency.as_deref(),
            )
            .await?;
        self.audit(&actor.origin(), "applicant.interview", id, "")
            .await?;
        self.screen_applicant(actor, id).await
    }

    /// Marks a hit as `confirmed` or `false_match`; a false match is not shown again for this
    /// person and that entry.
    pub async fn judge_hit(
        &self,
        actor: &Actor,
        id: &str,
        entry_ref: &str,
        verdict: &str,
    ) -> Result<(), AppError> {
        actor.require(Permission::ScreenApplicants)?;
        if !matches!(verdict, "confirmed" | "false_match") {
            return Err(AppError::invalid(
                "verdict",
                "verdict_invalid",
                "confirmed or false_match",
            ));
        }
        if entry_ref.len() > 80 || !entry_ref.contains(':') {
            return Err(AppError::invalid(
                "entry",
                "verdict_invalid",
                "unknown entry",
            ));
        }
        let a = self.store.applicant(id).await?.ok_or(AppError::NotFound)?;
        self.store
            .set_hit_verdict(
                &Self::subject_key(&a),
                entry_ref,
                verdict,
                &actor.user.id,
                to_millis(self.clock.now()),
            )
            .await?;
        self.audit(
            &actor.origin(),
            "applicant.hit_verdict",
            id,
            &format!("{entry_ref} {verdict}"),
        )
        .await?;
        self.screen_applicant(actor, id).await.map(|_| ())
    }

    /// The officer's decision (needs `DecideApplicants`). A reason is mandatory. A deferral
    /// lists the missing documents, sets the deadline and may refer the applicant.
    pub async fn decide_applicant(
        &self,
        actor: &Actor,
        id: &str,
        input: &DecisionInput,
    ) -> Result<(), AppError> {
        actor.require(Permission::DecideApplicants)?;
        let decision: Decision = input
            .decision
            .parse()
            .map_err(|e: String| AppError::invalid("decision", "decision_invalid", e))?;
        let reason = input.reason.trim();
        if reason.chars().count() < 10 || reason.chars().count() > 2000 {
            return Err(AppError::invalid(
                "reason",
                "reason_required",
                "give a reason of 10-2000 characters",
            ));
        }
        let a = self.store.applicant(id).await?.ok_or(AppError::NotFound)?;
        if a.status != "new" && a.status != "deferred" {
            return Err(AppError::Conflict("already_decided"));
        }
        let screening = Self::screening_of(&a);
        let now = to_millis(self.clock.now());
        let (status, deadline, missing) = match decision {
            Decision::Issue => ("issued", None, None),
            Decision::Refuse => ("refused", None, None),
            Decision::Defer => {
                let days = input.days.unwrap_or(DEFAULT_DEFERRAL_DAYS);
                let deadline = deferral_deadline(self.clock.now_wib().date(), days);
                let missing = screening
                    .as_ref()
                    .map(|s| s.missing_documents.join(","))
                    .unwrap_or_default();
                ("deferred", Some(format_iso(deadline)), Some(missing))
            }
        };
        self.store
            .save_decision(
                id,
                status,
                decision.code(),
                reason,
                &actor.user.id,
                now,
                deadline.as_deref(),
                missing.as_deref(),
            )
            .await?;
        let refer_to = input.refer_to.trim();
        if !refer_to.is_empty() {
            let target =
                self.store.agency(refer_to).await.map_err(|_| {
                    AppError::invalid("refer_to", "agency_unknown", "unknown agency")
                })?;
            if !REFERRAL_KINDS.contains(&target.kind) {
                return Err(AppError::invalid(
                    "refer_to",
                    "referral_target_invalid",
                    "refer to Disnaker, BP3MI, the regency or a village",
                ));
            }
            let r = ApplicantReferralRow {
                id: uuid::Uuid::new_v4().to_string(),
                applicant_id: id.to_string(),
                from_agency: actor.user.agency_code.clone(),
                to_agency: target.code,
                reason: reason.to_string(),
                created_at: now,
                created_by: actor.user.id.clone(),
                status: "open".into(),
                done_at: None,
                done_by: None,
            };
            self.store.insert_applicant_referral(&r).await?;
            self.audit(&actor.origin(), "applicant.refer", id, &r.to_agency)
                .await?;
        }
        self.audit(
            &actor.origin(),
            "applicant.decide",
            id,
            &format!(
                "{} indicators=v{} rules={}",
                decision.code(),
                a.indicator_version.unwrap_or(0),
                a.rules_version.as_deref().unwrap_or("-")
            ),
        )
        .await
    }

    /// The documents of a deferred applicant arrived: issued when in time, else the record says
    /// the deferral lapsed.
    pub async fn documents_arrived(&self, actor: &Actor, id: &str) -> Result<String, AppError> {
        actor.require(Permission::DecideApplicants)?;
        self.sweep_deferrals().await?;
        let a = self.store.applicant(id).await?.ok_or(AppError::NotFound)?;
        match a.status.as_str() {
            "deferred" => {
                self.store
                    .save_decision(
                        id,
                        "issued",
                        "issue",
                        "Dokumen lengkap dalam batas waktu penundaan",
                        &actor.user.id,
                        to_millis(self.clock.now()),
                        a.deadline.as_deref(),
                        None,
                    )
                    .await?;
                self.audit(&actor.origin(), "applicant.documents_arrived", id, "issued")
                    .await?;
                Ok("issued".into())
            }
            "lapsed" => Err(AppError::Conflict("deferral_lapsed")),
            _ => Err(AppError::Conflict("not_deferred")),
        }
    }

    /// Marks every deferral whose deadline has passed as lapsed (run on every list view).
    pub async fn sweep_deferrals(&self) -> Result<u64, AppError> {
        let today = format_iso(self.clock.now_wib().date());
        Ok(self.store.lapse_deferrals(&today).await?)
    }

    /// What the printed deferral notice shows.
    pub async fn deferral_notice(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<DeferralNotice, AppError> {
        let a = self.applicant_for(actor, id).await?;
        if a.decision.as_deref() != Some("defer") {
            return Err(AppError::Conflict("not_deferred"));
        }
        let referred_to = match self.store.applicant_referrals(id).await?.first() {
            Some(r) => Some(self.agency_name_today(&r.to_agency).await),
            None => None,
        };
        Ok(DeferralNotice {
            office_name: self.agency_name_today(&a.office_code).await,
            missing: a
                .missing_documents
                .as_deref()
                .unwrap_or("")
                .split(',')
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .collect(),
            deadline: a.deadline.clone().unwrap_or_default(),
            referred_to,
            applicant: a,
        })
    }
}
