//! Coordination between agencies as kept: assistance lines, meetings with action items,
//! bulletins and notifications.

use super::assistance::{Outcome, Service};
use super::coded_enum;
use super::meeting::{ActionState, BulletinKind};
use time::Date;

/// A service given to a victim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assistance {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Victim (case person) id.
    pub person_id: Option<String>,
    /// Service.
    pub service: Service,
    /// Providing agency.
    pub agency_code: String,
    /// Start.
    pub started_on: Date,
    /// End.
    pub ended_on: Option<Date>,
    /// Outcome.
    pub outcome: Outcome,
    /// SIMFONI-PPA case number (reference only).
    pub simfoni_no: Option<String>,
    /// User id.
    pub recorded_by: String,
    /// Recorded (epoch ms).
    pub recorded_at: i64,
}

/// A coordination meeting (rapat koordinasi).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// Id.
    pub id: String,
    /// Day it was held.
    pub held_on: Date,
    /// Host agency.
    pub host_agency: String,
    /// Title.
    pub title: String,
    /// Agenda.
    pub agenda: String,
    /// Minutes.
    pub minutes: String,
    /// Decisions.
    pub decisions: String,
    /// User id.
    pub created_by: String,
    /// Recorded (epoch ms).
    pub created_at: i64,
}

/// An action item of a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionItem {
    /// Id.
    pub id: String,
    /// Meeting id.
    pub meeting_id: String,
    /// Responsible agency.
    pub agency_code: String,
    /// What to do.
    pub description: String,
    /// Due day.
    pub due_on: Date,
    /// Where it stands.
    pub state: ActionState,
    /// User who closed it.
    pub closed_by: Option<String>,
    /// Closed (epoch ms).
    pub closed_at: Option<i64>,
}

/// A bulletin between agencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bulletin {
    /// Id.
    pub id: String,
    /// Sending agency.
    pub from_agency: String,
    /// What it warns about.
    pub kind: BulletinKind,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Region concerned.
    pub region_code: Option<String>,
    /// User id.
    pub created_by: String,
    /// Sent (epoch ms).
    pub created_at: i64,
}

/// One read receipt of a bulletin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulletinRead {
    /// User id.
    pub user_id: String,
    /// The user's agency.
    pub agency_code: String,
    /// Read (epoch ms).
    pub read_at: i64,
}

coded_enum!(
    /// What a notification is about.
    NotificationKind, "notification kind", {
        /// A referral arrived or changed.
        Referral => "referral",
        /// A referral is past its due date.
        ReferralOverdue => "referral_overdue",
        /// An action item was assigned to the agency.
        ActionItem => "action_item",
        /// A suspect of a shared case moved to a new legal stage.
        LegalStage => "legal_stage",
        /// A tip went untouched past its deadline.
        TipEscalated => "tip_escalated",
        /// A tip with a child or imminent danger, forwarded whatever the consent.
        TipMandatory => "tip_mandatory",
        /// A tip was assigned to the agency.
        TipAssigned => "tip_assigned",
    }
);

/// A notification for an agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Id.
    pub id: String,
    /// Receiving agency.
    pub agency_code: String,
    /// What it is about.
    pub kind: NotificationKind,
    /// Id of the record concerned.
    pub subject_id: String,
    /// Short detail (codes, no personal data).
    pub detail: String,
    /// Created (epoch ms).
    pub created_at: i64,
    /// Read (epoch ms).
    pub read_at: Option<i64>,
}
