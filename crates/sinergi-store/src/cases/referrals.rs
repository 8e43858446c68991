//! Referrals between agencies.

use super::*;

use sinergi_domain::cases::referral::ReferralState;
use sinergi_domain::cases::referral_record::Referral;

fn referral_from(r: &AnyRow) -> Result<Referral> {
    Ok(Referral {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        from_agency: r.try_get("from_agency")?,
        to_agency: r.try_get("to_agency")?,
        purpose: r.try_get("purpose")?,
        reason: r.try_get("reason")?,
        due_at: r.try_get("due_at")?,
        state: code(r, "state")?,
        state_reason: r.try_get("state_reason")?,
        consent_basis: r.try_get("consent_basis")?,
        transfer_lead: r.try_get::<i64, _>("transfer_lead")? != 0,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        reminded_at: r.try_get("reminded_at")?,
    })
}

impl Store {
    /// Stores a new referral.
    pub async fn insert_referral(&self, r: &Referral) -> Result<()> {
        self.exec(
            "INSERT INTO referrals (id, case_id, from_agency, to_agency, purpose, reason, due_at, state, state_reason, consent_basis, transfer_lead, created_by, created_at, updated_at, reminded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            binds![&r.id, &r.case_id, &r.from_agency, &r.to_agency, &r.purpose, &r.reason, r.due_at, r.state.code(), &r.state_reason, &r.consent_basis, i64::from(r.transfer_lead), &r.created_by, r.created_at, r.updated_at, r.reminded_at],
        )
        .await
        .map(|_| ())
    }

    /// One referral.
    pub async fn referral(&self, id: &str) -> Result<Option<Referral>> {
        self.row(
            "SELECT id, case_id, from_agency, to_agency, purpose, reason, due_at, state, state_reason, consent_basis, transfer_lead, created_by, created_at, updated_at, reminded_at FROM referrals WHERE id = $1",
            binds![id],
            referral_from,
        )
        .await
    }

    /// Changes a referral's state only if it is still in `from` (optimistic; returns whether it changed).
    pub async fn update_referral_state(
        &self,
        id: &str,
        from: ReferralState,
        to: ReferralState,
        reason: Option<String>,
        at: i64,
    ) -> Result<bool> {
        Ok(self
            .exec(
                "UPDATE referrals SET state = $1, state_reason = $2, updated_at = $3 WHERE id = $4 AND state = $5",
                binds![to.code(), &reason, at, id, from.code()],
            )
            .await?
            == 1)
    }

    /// Marks that an overdue reminder went out.
    pub async fn mark_referral_reminded(&self, id: &str, at: i64) -> Result<()> {
        self.exec(
            "UPDATE referrals SET reminded_at = $1 WHERE id = $2",
            binds![at, id],
        )
        .await
        .map(|_| ())
    }

    /// Referrals sent to or from an agency (its inbox and outbox), newest first.
    pub async fn referrals_for_agency(&self, agency: &str) -> Result<Vec<Referral>> {
        self.rows(
            "SELECT id, case_id, from_agency, to_agency, purpose, reason, due_at, state, state_reason, consent_basis, transfer_lead, created_by, created_at, updated_at, reminded_at FROM referrals WHERE to_agency = $1 OR from_agency = $1 ORDER BY created_at DESC, id",
            binds![agency],
            referral_from,
        )
        .await
    }

    /// Referrals of a case.
    pub async fn referrals_for_case(&self, case_id: &str) -> Result<Vec<Referral>> {
        self.rows(
            "SELECT id, case_id, from_agency, to_agency, purpose, reason, due_at, state, state_reason, consent_basis, transfer_lead, created_by, created_at, updated_at, reminded_at FROM referrals WHERE case_id = $1 ORDER BY created_at, id",
            binds![case_id],
            referral_from,
        )
        .await
    }

    /// Open referrals past their due date and not reminded since `reminded_before`.
    pub async fn overdue_referrals(&self, now: i64, reminded_before: i64) -> Result<Vec<Referral>> {
        self.rows(
            "SELECT id, case_id, from_agency, to_agency, purpose, reason, due_at, state, state_reason, consent_basis, transfer_lead, created_by, created_at, updated_at, reminded_at FROM referrals \
             WHERE state IN ('in_progress', 'accepted') AND due_at < $1 AND (reminded_at IS NULL OR reminded_at < $2) ORDER BY due_at, id",
            binds![now, reminded_before],
            referral_from,
        )
        .await
    }
}
