//! Opening an application, the interview, the officer's verdict on each hit, the decision
//! (issue / defer / refuse with a mandatory reason) by the office that holds the application,
//! deferral deadlines and referrals to Disnaker/BP3MI. Every write is one transaction with its
//! audit row and returns the application as it now stands.

use super::intake::parse_documents;
use crate::audit::Origin;
use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::clock::to_millis;
use sinergi_domain::org::AgencyKind;
use sinergi_domain::prevention::{
    Applicant, ApplicantReferral, ApplicationStatus, DEFAULT_DEFERRAL_DAYS, Decision,
    DecisionRecord, HitTarget, InterviewRecord, ReferralStatus, Verdict, WorkType,
    deferral_deadline,
};

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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Interview {
    /// `domestic`, `other` or empty.
    pub work_type: String,
    /// The answers show intent to work.
    pub work_intent: bool,
    /// A job offer exists.
    pub job_offer: bool,
    /// Employer or placement company named in the interview (empty: keep the one recorded).
    pub agency_name: String,
    /// Documents shown (codes, comma separated); absent: keep those recorded at intake.
    pub documents: Option<String>,
    /// Notes.
    pub notes: String,
}

/// The decision form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DecisionInput {
    /// `issue`, `defer` or `refuse`.
    pub decision: String,
    /// Mandatory reason (10-2000 characters).
    pub reason: String,
    /// For a deferral: days to bring the documents (default 30).
    pub days: Option<i64>,
    /// For a deferral: refer to this agency (e.g. `disnaker-kab-malang`, `bp3mi-jatim`).
    pub refer_to: String,
}

/// Everything the applicant page and the API show of one application, read once.
#[derive(Debug, Clone)]
pub struct ApplicantView {
    /// The application with its screening and decision.
    pub applicant: Applicant,
    /// Earlier applications of the same person (immigration offices only), oldest first.
    pub history: Vec<Applicant>,
    /// Its referrals.
    pub referrals: Vec<ApplicantReferral>,
    /// Whether the actor's office holds it (and so may interview, judge and decide).
    pub holder: bool,
}

/// Everything a printed deferral notice shows.
#[derive(Debug, Clone)]
pub struct DeferralNotice {
    /// The application (its decision is a deferral).
    pub applicant: Applicant,
    /// The deferral.
    pub decision: DecisionRecord,
    /// Office name in force today.
    pub office_name: String,
    /// Referral target name, if referred.
    pub referred_to: Option<String>,
    /// The letterhead and place of the issuing office on the decision's date.
    pub letterhead: crate::letters::Letterhead,
    /// The letter's number in the office's series of the year.
    pub number: String,
    /// The decision's date (WIB).
    pub decided_on: time::Date,
    /// The officer who decided: display name (empty when the account is gone).
    pub officer: String,
}

/// The letter by which an immigration office refers a deferred applicant to another agency.
#[derive(Debug, Clone)]
pub struct ReferralLetter {
    /// The application.
    pub applicant: Applicant,
    /// The referral.
    pub referral: sinergi_domain::prevention::ApplicantReferral,
    /// The receiving agency's name on the letter's date.
    pub to_name: String,
    /// The referring office's name on the letter's date.
    pub office_name: String,
    /// Letterhead and place of the referring office.
    pub letterhead: crate::letters::Letterhead,
    /// The letter's number in the office's series of the year.
    pub number: String,
    /// The referral's date (WIB).
    pub on: time::Date,
    /// The officer who referred: display name (empty when the account is gone).
    pub officer: String,
}

impl App {
    /// The referral letter of an application deferred and referred by its office.
    pub async fn referral_letter(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<ReferralLetter, AppError> {
        let a = self.applicant_for(actor, id).await?;
        let referral = self
            .store
            .applicant_referrals(id)
            .await?
            .into_iter()
            .find(|r| r.from_agency == a.office_code)
            .ok_or(AppError::Conflict("not_referred"))?;
        let on = sinergi_domain::clock::from_millis(referral.created_at)
            .to_offset(sinergi_domain::clock::WIB)
            .date();
        let name_on = |code: String| async move {
            match self.store.agency(&code).await {
                Ok(ag) => ag.name_on(on).to_string(),
                Err(_) => String::new(),
            }
        };
        let to_name = name_on(referral.to_agency.clone()).await;
        let office_name = name_on(a.office_code.clone()).await;
        let letterhead = self.letterhead(&a.office_code, on).await?;
        let number = self
            .letter_number(
                &a.office_code,
                crate::letters::LetterKind::ApplicantReferral,
                &referral.id,
                on,
            )
            .await?;
        let officer = match self.store.user_by_id(&referral.created_by).await {
            Ok(u) => u.user.display_name,
            Err(_) => String::new(),
        };
        Ok(ReferralLetter {
            applicant: a,
            referral,
            to_name,
            office_name,
            letterhead,
            number,
            on,
            officer,
        })
    }

    /// Loads an application visible to the actor: immigration offices see all (deferrals are
    /// shared across offices); another agency only what was referred to it.
    pub async fn applicant_for(&self, actor: &Actor, id: &str) -> Result<Applicant, AppError> {
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

    /// Opens an application for the applicant page and the API: screens it first when it was
    /// imported unscreened and the actor's office holds it; adds history and referrals.
    pub async fn open_applicant(&self, actor: &Actor, id: &str) -> Result<ApplicantView, AppError> {
        if !(actor.can(Permission::ScreenApplicants) || actor.can(Permission::HandleReferrals)) {
            return Err(AppError::Forbidden);
        }
        let mut a = self.applicant_for(actor, id).await?;
        let holder = a.office_code == actor.user.agency_code;
        let can_screen = actor.can(Permission::ScreenApplicants);
        if a.screening.is_none() && holder && can_screen {
            a.screening = Some(self.screen_applicant(actor, id).await?);
        }
        let history = if can_screen {
            self.applicant_history(actor, &a).await?
        } else {
            Vec::new()
        };
        let referrals = self.store.applicant_referrals(id).await?;
        Ok(ApplicantView {
            applicant: a,
            history,
            referrals,
            holder,
        })
    }

    /// Loads an application for a change by the office that holds it.
    async fn held(&self, actor: &Actor, id: &str) -> Result<Applicant, AppError> {
        let a = self.store.applicant(id).await?.ok_or(AppError::NotFound)?;
        Self::require_holder(actor, &a)?;
        Ok(a)
    }

    /// Records the interview and screens again, in one transaction. Documents and the named
    /// company recorded at intake stay unless the interview gives them anew.
    pub async fn record_interview(
        &self,
        actor: &Actor,
        id: &str,
        interview: &Interview,
    ) -> Result<Applicant, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        let work_type = match interview.work_type.trim() {
            "" => None,
            t => Some(WorkType::from_code(t).ok_or_else(|| {
                AppError::invalid("work_type", "work_type_invalid", "domestic, other or empty")
            })?),
        };
        if interview.notes.chars().count() > 4000 || interview.agency_name.chars().count() > 300 {
            return Err(AppError::invalid(
                "notes",
                "text_too_long",
                "notes up to 4000 characters",
            ));
        }
        let documents = interview
            .documents
            .as_deref()
            .map(parse_documents)
            .transpose()?;
        self.ensure_prevention_index().await?;
        self.atomically(async |app| {
            let mut a = app.held(actor, id).await?;
            if let Some(d) = documents {
                a.documents = d;
            }
            if !interview.agency_name.trim().is_empty() {
                a.agency_name = Some(interview.agency_name.trim().to_string());
            }
            a.interview = InterviewRecord {
                work_type,
                work_intent: interview.work_intent,
                job_offer: interview.job_offer,
                notes: interview.notes.trim().to_string(),
            };
            app.store
                .save_interview(id, &a.interview, &a.documents, a.agency_name.as_deref())
                .await?;
            app.audit(&actor.origin(), "applicant.interview", id, "")
                .await?;
            a.screening = Some(app.screen_loaded(actor, &a).await?);
            Ok(a)
        })
        .await
    }

    /// Marks a hit as `confirmed` or `false_match` and screens again; a false match is not
    /// shown again for this person and that entry.
    pub async fn judge_hit(
        &self,
        actor: &Actor,
        id: &str,
        entry: &str,
        verdict: &str,
    ) -> Result<Applicant, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        let verdict = Verdict::from_code(verdict).ok_or_else(|| {
            AppError::invalid("verdict", "verdict_invalid", "confirmed or false_match")
        })?;
        let target = HitTarget::from_key(entry)
            .ok_or_else(|| AppError::invalid("entry", "verdict_invalid", "unknown entry"))?;
        self.ensure_prevention_index().await?;
        self.atomically(async |app| {
            let mut a = app.held(actor, id).await?;
            app.store
                .set_hit_verdict(
                    &Self::subject_key(&a),
                    &target,
                    verdict,
                    &actor.user.id,
                    to_millis(app.clock.now()),
                )
                .await?;
            app.audit(
                &actor.origin(),
                "applicant.hit_verdict",
                id,
                &format!("{} {}", target.key(), verdict.code()),
            )
            .await?;
            a.screening = Some(app.screen_loaded(actor, &a).await?);
            Ok(a)
        })
        .await
    }

    /// The officer's decision (needs `DecideApplicants`, and only the office that holds the
    /// application decides). A reason is mandatory. A deferral lists the missing documents,
    /// sets the deadline and may refer the applicant.
    pub async fn decide_applicant(
        &self,
        actor: &Actor,
        id: &str,
        input: &DecisionInput,
    ) -> Result<Applicant, AppError> {
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
        let refer_to = input.refer_to.trim();
        let target = if refer_to.is_empty() {
            None
        } else {
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
            Some(target.code)
        };
        self.atomically(async |app| {
            let mut a = app.held(actor, id).await?;
            if !a.status.open_for_decision() {
                return Err(AppError::Conflict("already_decided"));
            }
            let now = to_millis(app.clock.now());
            let (status, deadline, missing) = match decision {
                Decision::Issue => (ApplicationStatus::Issued, None, Vec::new()),
                Decision::Refuse => (ApplicationStatus::Refused, None, Vec::new()),
                Decision::Defer => {
                    let days = input.days.unwrap_or(DEFAULT_DEFERRAL_DAYS);
                    let deadline = deferral_deadline(app.clock.now_wib().date(), days);
                    let missing = a
                        .screening
                        .as_ref()
                        .map(|s| s.missing_documents.clone())
                        .unwrap_or_default();
                    (ApplicationStatus::Deferred, Some(deadline), missing)
                }
            };
            let record = DecisionRecord {
                decision,
                reason: reason.to_string(),
                by: actor.user.id.clone(),
                at: now,
                deadline,
                missing,
            };
            app.store.save_decision(id, status, &record).await?;
            if let Some(to) = &target {
                let r = ApplicantReferral {
                    id: uuid::Uuid::new_v4().to_string(),
                    applicant_id: id.to_string(),
                    from_agency: actor.user.agency_code.clone(),
                    to_agency: to.clone(),
                    reason: reason.to_string(),
                    created_at: now,
                    created_by: actor.user.id.clone(),
                    status: ReferralStatus::Open,
                    done_at: None,
                    done_by: None,
                };
                app.store.insert_applicant_referral(&r).await?;
                app.audit(&actor.origin(), "applicant.refer", id, &r.to_agency)
                    .await?;
            }
            let (version, rules) = a.screening.as_ref().map_or((0, "-"), |s| {
                (s.score.indicator_version, s.rules_version.as_str())
            });
            app.audit(
                &actor.origin(),
                "applicant.decide",
                id,
                &format!("{} indicators=v{version} rules={rules}", decision.code()),
            )
            .await?;
            a.status = status;
            a.decision = Some(record);
            Ok(a)
        })
        .await
    }

    /// The documents of a deferred applicant arrived: issued when in time, else the record says
    /// the deferral lapsed. Only the office that holds the application.
    pub async fn documents_arrived(&self, actor: &Actor, id: &str) -> Result<Applicant, AppError> {
        actor.require(Permission::DecideApplicants)?;
        self.sweep_deferrals().await?;
        self.atomically(async |app| {
            let mut a = app.held(actor, id).await?;
            match a.status {
                ApplicationStatus::Deferred => {
                    let record = DecisionRecord {
                        decision: Decision::Issue,
                        reason: "Dokumen lengkap dalam batas waktu penundaan".into(),
                        by: actor.user.id.clone(),
                        at: to_millis(app.clock.now()),
                        deadline: a.decision.as_ref().and_then(|d| d.deadline),
                        missing: Vec::new(),
                    };
                    app.store
                        .save_decision(id, ApplicationStatus::Issued, &record)
                        .await?;
                    app.audit(&actor.origin(), "applicant.documents_arrived", id, "issued")
                        .await?;
                    a.status = ApplicationStatus::Issued;
                    a.decision = Some(record);
                    Ok(a)
                }
                ApplicationStatus::Lapsed => Err(AppError::Conflict("deferral_lapsed")),
                ApplicationStatus::New | ApplicationStatus::Issued | ApplicationStatus::Refused => {
                    Err(AppError::Conflict("not_deferred"))
                }
            }
        })
        .await
    }

    /// Marks every deferral whose deadline has passed as lapsed (run on list views), with an
    /// audit row when any lapsed.
    pub async fn sweep_deferrals(&self) -> Result<u64, AppError> {
        let today = self.clock.now_wib().date();
        self.atomically(async |app| {
            let n = app.store.lapse_deferrals(today).await?;
            if n > 0 {
                let system = Origin {
                    actor: "system".into(),
                    client: "system".into(),
                };
                app.audit(&system, "applicant.lapse", "-", &n.to_string())
                    .await?;
            }
            Ok(n)
        })
        .await
    }

    /// What the printed deferral notice shows.
    pub async fn deferral_notice(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<DeferralNotice, AppError> {
        let a = self.applicant_for(actor, id).await?;
        let decision = match &a.decision {
            Some(d) if d.decision == Decision::Defer => d.clone(),
            _ => return Err(AppError::Conflict("not_deferred")),
        };
        let referred_to = match self.store.applicant_referrals(id).await?.first() {
            Some(r) => Some(self.agency_name_today(&r.to_agency).await),
            None => None,
        };
        let decided_on = sinergi_domain::clock::from_millis(decision.at)
            .to_offset(sinergi_domain::clock::WIB)
            .date();
        let letterhead = self.letterhead(&a.office_code, decided_on).await?;
        let number = self
            .letter_number(
                &a.office_code,
                crate::letters::LetterKind::DeferralNotice,
                &a.id,
                decided_on,
            )
            .await?;
        let officer = match self.store.user_by_id(&decision.by).await {
            Ok(u) => u.user.display_name,
            Err(_) => String::new(),
        };
        Ok(DeferralNotice {
            office_name: self.agency_name_today(&a.office_code).await,
            decision,
            referred_to,
            letterhead,
            number,
            decided_on,
            officer,
            applicant: a,
        })
    }
}
