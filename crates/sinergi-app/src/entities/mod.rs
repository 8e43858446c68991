//! Entities across the whole system: applicants, named case people, tip subjects, watchlist
//! entries and person records that are one human being.
//!
//! The matching engine proposes pairs (with the evidence: which fields agreed and how many bits
//! each added); a person with the right permission merges or dismisses them, and a merge can be
//! undone. Need-to-know applies to every record: a viewer sees only the records the existing
//! rules let them read (cases shared with the agency or opened by break-glass, tips the agency
//! holds, applicants and the watchlist by permission), and nothing counts the others.

pub mod demo;
mod merge;
pub mod network;
mod proposals;
mod records;

pub use proposals::PROPOSE_FROM;

use crate::auth::Actor;
use sinergi_domain::access::Permission;
use sinergi_domain::cases::CaseKind;
use sinergi_domain::cases::PersonRole;
use sinergi_domain::cases::tip::TipStatus;
use sinergi_domain::entities::{MergeRecord, RecordKey};
use sinergi_domain::prevention::{ApplicationStatus, Evidence, WatchlistKind, WatchlistStatus};

/// What a record is, as the viewer may read it (codes; the web layer words them).
#[derive(Debug, Clone, PartialEq)]
pub enum RecordAbout {
    /// A passport application.
    Applicant {
        /// Application id (for the link).
        id: String,
        /// Office code that holds it.
        office: String,
        /// Where it stands.
        status: ApplicationStatus,
        /// Recorded (epoch ms).
        recorded_at: i64,
    },
    /// A named person in a case.
    CasePerson {
        /// Case id (for the link).
        case_id: String,
        /// Case number.
        case_number: String,
        /// Role in the case.
        role: PersonRole,
        /// Lead agency code.
        lead_agency: String,
    },
    /// The person a tip names.
    TipSubject {
        /// Received (epoch ms).
        received_at: i64,
        /// Kind of crime reported.
        kind: CaseKind,
        /// Where the tip stands.
        status: TipStatus,
    },
    /// A watchlist entry.
    Watchlist {
        /// Person or recruiter.
        kind: WatchlistKind,
        /// Where the entry stands.
        status: WatchlistStatus,
        /// Why listed.
        reason: String,
    },
    /// A person record imported by an agency.
    PersonRecord {
        /// Where it came from (import label).
        source: String,
        /// Birth date as stored (`yyyy-mm-dd`).
        birth_date: Option<String>,
    },
}

/// One record of an entity that the viewer may see.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRecord {
    /// The record.
    pub key: RecordKey,
    /// The name as the record writes it.
    pub name: String,
    /// What it is.
    pub about: RecordAbout,
    /// Blind index of the record's phone (never shown; links the network).
    pub(crate) phone_idx: Option<String>,
}

/// A pair the engine proposes as one person; the viewer sees both records.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// One record.
    pub a: EntityRecord,
    /// The other.
    pub b: EntityRecord,
    /// The engine's match probability.
    pub probability: f64,
    /// Each field's part: level reached and bits added.
    pub evidence: Vec<Evidence>,
}

/// A decision on a pair, with both records (the viewer sees both).
#[derive(Debug, Clone, PartialEq)]
pub struct MergeView {
    /// The decision.
    pub merge: MergeRecord,
    /// The record kept.
    pub a: EntityRecord,
    /// The record joined.
    pub b: EntityRecord,
    /// Whether the viewer may undo it now.
    pub undoable: bool,
}

/// One person (entity) as the viewer may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityView {
    /// The record the viewer asked for.
    pub focus: RecordKey,
    /// The fullest name among the visible records.
    pub name: String,
    /// Every record of the entity the viewer may see.
    pub records: Vec<EntityRecord>,
    /// Proposed pairs with another entity.
    pub proposals: Vec<Proposal>,
    /// Decisions on the entity's records.
    pub merges: Vec<MergeView>,
    /// Whether the viewer may merge, dismiss and undo.
    pub may_resolve: bool,
}

/// The overview: proposals across the records the viewer may see, and recent decisions.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityOverview {
    /// Proposed pairs, most probable first.
    pub proposals: Vec<Proposal>,
    /// Recent decisions the viewer may see.
    pub merges: Vec<MergeView>,
    /// Whether the viewer may merge, dismiss and undo.
    pub may_resolve: bool,
}

/// Whether the actor may merge, dismiss and undo: people who decide about persons (case
/// managers and the officers who decide on applicants).
pub fn may_resolve(actor: &Actor) -> bool {
    actor.can(Permission::ManageCases) || actor.can(Permission::DecideApplicants)
}

/// Whether the actor may use the entity pages at all (some kind of person record to read).
pub fn may_view(actor: &Actor) -> bool {
    [
        Permission::ViewCases,
        Permission::ScreenApplicants,
        Permission::TriageTips,
        Permission::ProposeWatchlist,
        Permission::ApproveWatchlist,
        Permission::ViewPeople,
    ]
    .into_iter()
    .any(|p| actor.can(p))
}

/// The fullest name among records (the most letters; ties by first seen).
pub(crate) fn fullest_name(records: &[EntityRecord]) -> String {
    let mut best = String::new();
    for r in records {
        let n = r.name.chars().filter(|c| c.is_alphabetic()).count();
        if n > best.chars().filter(|c| c.is_alphabetic()).count() {
            best = r.name.clone();
        }
    }
    best
}
