//! The receiving agency's side of an applicant referral: the counselling record (date, outcome,
//! sealed notes) and forwarding the person on (Disnaker to BP3MI), in one transaction with the
//! referral closed and its audit rows.

use crate::auth::Actor;
use crate::vault::Field;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::clock::to_millis;
use sinergi_domain::prevention::{
    ApplicantReferral, Counselling, CounsellingOutcome, ReferralStatus,
};
use std::collections::HashMap;
use time::Date;
use time::format_description::well_known::Iso8601;

/// A counselling session to record.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewCounselling {
    /// The day, `yyyy-mm-dd`.
    pub on: String,
    /// Outcome code (`follows_procedure`, `withdrew`, `forwarded`, `unreachable`).
    pub outcome: String,
    /// The counsellor's notes (stored sealed).
    pub notes: String,
    /// The agency to forward the person to (for `forwarded`).
    pub forward_to: String,
}

/// A counselling record as the receiving agency reads it.
#[derive(Debug, Clone)]
pub struct CounsellingView {
    /// The day.
    pub on: Date,
    /// How it ended.
    pub outcome: CounsellingOutcome,
    /// The notes, opened.
    pub notes: Option<String>,
    /// The agency it was forwarded to.
    pub forwarded_to: Option<String>,
}

impl App {
    /// Records the counselling of a referred applicant and closes the referral; with the
    /// outcome `forwarded`, refers the person on to `forward_to`.
    pub async fn record_counselling(
        &self,
        actor: &Actor,
        referral_id: &str,
        new: NewCounselling,
    ) -> Result<(), AppError> {
        actor.require(Permission::HandleReferrals)?;
        let on = Date::parse(new.on.trim(), &Iso8601::DATE)
            .map_err(|_| AppError::invalid("on", "invalid_date", "expected yyyy-mm-dd"))?;
        let outcome = CounsellingOutcome::from_code(&new.outcome)
            .ok_or_else(|| AppError::invalid("outcome", "invalid_code", "unknown outcome"))?;
        let notes = new.notes.trim();
        if notes.chars().count() > 2000 {
            return Err(AppError::invalid("notes", "too_long", "too long"));
        }
        let forward_to = Some(new.forward_to.trim())
            .filter(|f| !f.is_empty() && outcome == CounsellingOutcome::Forwarded);
        if outcome == CounsellingOutcome::Forwarded && forward_to.is_none() {
            return Err(AppError::invalid(
                "forward_to",
                "forward_to_required",
                "choose the agency to forward to",
            ));
        }
        let notes_sealed = match notes {
            "" => None,
            n => Some(self.vault.seal(Field::VictimIdentity, n)?),
        };
        self.atomically(async |app| {
            let referral = app
                .store
                .applicant_referral_inbox(&actor.user.agency_code)
                .await?
                .into_iter()
                .find(|r| r.id == referral_id && r.status == ReferralStatus::Open)
                .ok_or(AppError::NotFound)?;
            let now = to_millis(app.clock.now());
            if !app
                .store
                .finish_applicant_referral(
                    referral_id,
                    &actor.user.agency_code,
                    &actor.user.id,
                    now,
                )
                .await?
            {
                return Err(AppError::NotFound);
            }
            if let Some(to) = forward_to {
                if to == actor.user.agency_code {
                    return Err(AppError::invalid(
                        "forward_to",
                        "forward_to_self",
                        "forward to another agency",
                    ));
                }
                app.store
                    .agency(to)
                    .await
                    .map_err(|_| AppError::invalid("forward_to", "unknown_agency", "unknown"))?;
                let r = ApplicantReferral {
                    id: uuid::Uuid::new_v4().to_string(),
                    applicant_id: referral.applicant_id.clone(),
                    from_agency: actor.user.agency_code.clone(),
                    to_agency: to.to_string(),
                    reason: "Diteruskan setelah pembinaan / forwarded after counselling".into(),
                    created_at: now,
                    created_by: actor.user.id.clone(),
                    status: ReferralStatus::Open,
                    done_at: None,
                    done_by: None,
                };
                app.store.insert_applicant_referral(&r).await?;
                app.audit(
                    &actor.origin(),
                    "applicant.refer",
                    &referral.applicant_id,
                    to,
                )
                .await?;
            }
            app.store
                .insert_counselling(&Counselling {
                    referral_id: referral_id.to_string(),
                    on,
                    outcome,
                    notes_sealed: notes_sealed.clone(),
                    forwarded_to: forward_to.map(str::to_string),
                    by: actor.user.id.clone(),
                    at: now,
                })
                .await?;
            app.audit(
                &actor.origin(),
                "applicant.referral_done",
                referral_id,
                outcome.code(),
            )
            .await
        })
        .await
    }

    /// The counselling records of the actor's agency, by referral id.
    pub async fn counselling_records(
        &self,
        actor: &Actor,
    ) -> Result<HashMap<String, CounsellingView>, AppError> {
        actor.require(Permission::HandleReferrals)?;
        let mut out = HashMap::new();
        for c in self
            .store
            .counselling_of_agency(&actor.user.agency_code)
            .await?
        {
            let notes = match &c.notes_sealed {
                Some(b) => Some(self.vault.open(Field::VictimIdentity, b)?),
                None => None,
            };
            out.insert(
                c.referral_id,
                CounsellingView {
                    on: c.on,
                    outcome: c.outcome,
                    notes,
                    forwarded_to: c.forwarded_to,
                },
            );
        }
        Ok(out)
    }
}
