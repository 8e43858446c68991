//! The referral aggregate as kept: one case sent from one agency to another.

use super::referral::ReferralState;

/// A referral between agencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Referring agency (the case's lead when it was sent).
    pub from_agency: String,
    /// Receiving agency.
    pub to_agency: String,
    /// Purpose code (e.g. `victim_assistance`, `investigation`, `lead_transfer`).
    pub purpose: String,
    /// Why (free text by an officer, no victim identity).
    pub reason: String,
    /// Due (epoch ms).
    pub due_at: i64,
    /// Where it stands.
    pub state: ReferralState,
    /// Reason of a rejection or revocation.
    pub state_reason: Option<String>,
    /// `consent`, `override:<user>` or `no_victim_data`.
    pub consent_basis: String,
    /// Whether accepting it transfers the lead.
    pub transfer_lead: bool,
    /// User who sent it.
    pub created_by: String,
    /// Sent (epoch ms).
    pub created_at: i64,
    /// Last change (epoch ms).
    pub updated_at: i64,
    /// Last overdue reminder (epoch ms).
    pub reminded_at: Option<i64>,
}
