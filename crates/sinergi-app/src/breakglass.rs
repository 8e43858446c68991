//! Break-glass: access to a record outside one's need-to-know scope, allowed only with a stated
//! reason, for a few hours, always audited and later reviewed by a supervisor of the same agency.

use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::clock::to_millis;
use sinergi_store::trust::BreakGlassRow;

/// How long a break-glass grant lasts: 4 hours.
pub const GRANT_MS: i64 = 4 * 60 * 60 * 1000;

impl App {
    /// Opens a record outside the actor's scope for [`GRANT_MS`], with a reason of at least
    /// 15 characters. The grant is audited and queued for review.
    pub async fn break_glass(
        &self,
        actor: &Actor,
        subject_kind: &str,
        subject_id: &str,
        reason: &str,
    ) -> Result<(), AppError> {
        if actor.scopes.is_some() {
            return Err(AppError::Forbidden);
        }
        let reason = reason.trim();
        if reason.chars().count() < 15 || reason.chars().count() > 1000 {
            return Err(AppError::invalid(
                "reason",
                "reason_too_short",
                "give a reason of 15-1000 characters",
            ));
        }
        let now = to_millis(self.clock.now());
        let row = BreakGlassRow {
            id: uuid::Uuid::new_v4().to_string(),
            user_id: actor.user.id.clone(),
            agency_code: actor.user.agency_code.clone(),
            subject_kind: subject_kind.to_string(),
            subject_id: subject_id.to_string(),
            reason: reason.to_string(),
            granted_at: now,
            expires_at: now + GRANT_MS,
            reviewed_by: None,
            reviewed_at: None,
            review_verdict: None,
        };
        self.store.insert_break_glass(&row).await?;
        self.audit(
            &actor.origin(),
            "break_glass",
            &format!("{subject_kind}:{subject_id}"),
            &row.id,
        )
        .await
    }

    /// Whether the actor holds a live break-glass grant for the record.
    pub async fn has_break_glass(
        &self,
        actor: &Actor,
        subject_kind: &str,
        subject_id: &str,
    ) -> Result<bool, AppError> {
        Ok(self
            .store
            .has_break_glass(
                &actor.user.id,
                subject_kind,
                subject_id,
                to_millis(self.clock.now()),
            )
            .await?)
    }

    /// Grants of the actor's agency awaiting review (needs `ReviewBreakGlass`).
    pub async fn break_glass_to_review(
        &self,
        actor: &Actor,
    ) -> Result<Vec<BreakGlassRow>, AppError> {
        actor.require(Permission::ReviewBreakGlass)?;
        Ok(self
            .store
            .unreviewed_break_glass()
            .await?
            .into_iter()
            .filter(|g| g.agency_code == actor.user.agency_code)
            .collect())
    }

    /// What a grant opened, as its reviewer reads it: a case's number (the reviewer need not
    /// see the case itself to judge the reason).
    pub async fn break_glass_subject(
        &self,
        actor: &Actor,
        kind: &str,
        id: &str,
    ) -> Result<Option<String>, AppError> {
        actor.require(Permission::ReviewBreakGlass)?;
        Ok(match kind {
            "case" => self.store.case(id).await?.map(|c| c.number),
            _ => None,
        })
    }

    /// Records a supervisor's verdict on a grant of the own agency; nobody reviews their own.
    pub async fn review_break_glass(
        &self,
        actor: &Actor,
        grant_id: &str,
        justified: bool,
    ) -> Result<(), AppError> {
        actor.require(Permission::ReviewBreakGlass)?;
        let grant = self
            .store
            .unreviewed_break_glass()
            .await?
            .into_iter()
            .find(|g| g.id == grant_id && g.agency_code == actor.user.agency_code)
            .ok_or(AppError::NotFound)?;
        if grant.user_id == actor.user.id {
            return Err(AppError::Forbidden);
        }
        let verdict = if justified {
            "justified"
        } else {
            "unjustified"
        };
        self.store
            .review_break_glass(
                grant_id,
                &actor.user.id,
                verdict,
                to_millis(self.clock.now()),
            )
            .await?;
        self.audit(&actor.origin(), "break_glass.review", grant_id, verdict)
            .await
    }
}
