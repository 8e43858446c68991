//! Response bodies of networks, referrals, the legal process and coordination (meetings,
//! bulletins, notifications, home notices); see [`super::responses`] for the conventions.

use super::schemas::*;
use serde::Serialize;
use sinergi_app::cases::HomeNotices;
use sinergi_app::cases::network::{EdgeKind, NetworkGraph, NodeKind};
use sinergi_domain::cases::coordination_record::{
    ActionItem, Bulletin, BulletinRead, Meeting, Notification,
};
use sinergi_domain::cases::referral_record::Referral;
use utoipa::ToSchema;

/// What a node of a network stands for.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NodeKindBody {
    /// A case (label: its number).
    Case,
    /// A named person (label: the name).
    Person,
    /// A phone, never shown in clear (label: its running number in this graph).
    Phone,
    /// An agency (label: its name in force today).
    Agency,
    /// A passport application (label: the applicant's name; only for readers of applications).
    Applicant,
    /// A watchlist entry (label: the listed name; only for readers of the watchlist).
    Watchlist,
    /// A placement company (P3MI) an applicant named.
    Company,
}

/// A node of a network.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeBody {
    /// Node id, unique in the graph (`case:<id>`, `person:<cluster>`, `phone:<n>`, `agency:<code>`).
    pub id: String,
    /// What it stands for.
    pub kind: NodeKindBody,
    /// The data the label is drawn from.
    pub label: String,
}

/// How two nodes are linked: `"shared"` (case shared with the agency), `"phone"` (the person
/// uses the phone), `{"role": "<person role>"}` (the person appears in the case in this role),
/// `"sponsor"` (an applicant gave the phone as the sponsor's), `"listed"` (on the watchlist),
/// `"company"` (the applicant named the P3MI) or `"record"` (one of the person's own records).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKindBody {
    /// The case is shared with the agency.
    Shared,
    /// The person uses the phone.
    Phone,
    /// The person appears in the case in this role (a person role code).
    Role(String),
    /// An applicant gave the phone as the sponsor's phone.
    Sponsor,
    /// The phone or person is on the watchlist entry.
    Listed,
    /// The applicant named the placement company.
    Company,
    /// The node is one of the person's own records.
    Record,
}

/// An edge between two node ids.
#[derive(Debug, Serialize, ToSchema)]
pub struct EdgeBody {
    /// Node id.
    pub from: String,
    /// Node id.
    pub to: String,
    /// How they are linked.
    pub kind: EdgeKindBody,
}

/// The network of a case or of a person (victims never appear).
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkBody {
    /// Nodes; the focus (case or person) first.
    pub nodes: Vec<NodeBody>,
    /// Edges, sorted, without repeats.
    pub edges: Vec<EdgeBody>,
    /// The case this graph belongs to.
    pub case_id: String,
    /// End (epoch ms) of the break-glass grant through which the caller sees the case, if any.
    pub break_glass_until: Option<i64>,
}

impl From<NetworkGraph> for NetworkBody {
    fn from(g: NetworkGraph) -> Self {
        NetworkBody {
            nodes: g
                .nodes
                .into_iter()
                .map(|n| NodeBody {
                    id: n.id,
                    kind: match n.kind {
                        NodeKind::Case => NodeKindBody::Case,
                        NodeKind::Person => NodeKindBody::Person,
                        NodeKind::Phone => NodeKindBody::Phone,
                        NodeKind::Agency => NodeKindBody::Agency,
                        NodeKind::Applicant => NodeKindBody::Applicant,
                        NodeKind::Watchlist => NodeKindBody::Watchlist,
                        NodeKind::Company => NodeKindBody::Company,
                    },
                    label: n.label,
                })
                .collect(),
            edges: g
                .edges
                .into_iter()
                .map(|e| EdgeBody {
                    from: e.from,
                    to: e.to,
                    kind: match e.kind {
                        EdgeKind::Shared => EdgeKindBody::Shared,
                        EdgeKind::Phone => EdgeKindBody::Phone,
                        EdgeKind::Role(r) => EdgeKindBody::Role(r.code().into()),
                        EdgeKind::Sponsor => EdgeKindBody::Sponsor,
                        EdgeKind::Listed => EdgeKindBody::Listed,
                        EdgeKind::Company => EdgeKindBody::Company,
                        EdgeKind::Record => EdgeKindBody::Record,
                    },
                })
                .collect(),
            case_id: g.case_id,
            break_glass_until: g.break_glass_until,
        }
    }
}

/// A referral in the receiving agency's inbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralBody {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Referring agency code.
    pub from_agency: String,
    /// Receiving agency code.
    pub to_agency: String,
    /// Purpose code.
    pub purpose: String,
    /// Why.
    pub reason: String,
    /// Due (epoch ms).
    pub due_at: i64,
    /// Where it stands.
    #[schema(schema_with = referral_state_codes)]
    pub state: String,
    /// Reason of a rejection or revocation.
    pub state_reason: Option<String>,
    /// Whether accepting it transfers the lead.
    pub transfer_lead: bool,
}

impl From<Referral> for ReferralBody {
    fn from(r: Referral) -> Self {
        ReferralBody {
            id: r.id,
            case_id: r.case_id,
            from_agency: r.from_agency,
            to_agency: r.to_agency,
            purpose: r.purpose,
            reason: r.reason,
            due_at: r.due_at,
            state: r.state.code().into(),
            state_reason: r.state_reason,
            transfer_lead: r.transfer_lead,
        }
    }
}

/// The state of a referral after an action.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralStateBody {
    /// Where it stands now.
    #[schema(schema_with = referral_state_codes)]
    pub state: String,
}

/// The state of an action item after closing it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionStateBody {
    /// Where it stands now.
    #[schema(schema_with = action_state_codes)]
    pub state: String,
}

/// The stage a suspect reached.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageBody {
    /// Stage code.
    #[schema(schema_with = stage_codes)]
    pub stage: String,
}

/// The charges as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChargesBody {
    /// The charges as written, e.g. `Pasal 4 jo Pasal 10 UU 21/2007`.
    pub charges: String,
}

/// An action item of a meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionItemBody {
    /// Id.
    pub id: String,
    /// Responsible agency code.
    pub agency: String,
    /// What to do.
    pub description: String,
    /// Due day (ISO 8601).
    pub due_on: String,
    /// Where it stands.
    #[schema(schema_with = action_state_codes)]
    pub state: String,
}

impl From<ActionItem> for ActionItemBody {
    fn from(a: ActionItem) -> Self {
        ActionItemBody {
            id: a.id,
            agency: a.agency_code,
            description: a.description,
            due_on: a.due_on.to_string(),
            state: a.state.code().into(),
        }
    }
}

/// A coordination meeting with its attendees and action items.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingBody {
    /// Id.
    pub id: String,
    /// Day it was held (ISO 8601).
    pub held_on: String,
    /// Host agency code.
    pub host_agency: String,
    /// Title.
    pub title: String,
    /// Agenda.
    pub agenda: String,
    /// Minutes.
    pub minutes: String,
    /// Decisions.
    pub decisions: String,
    /// Attending agency codes.
    pub attendees: Vec<String>,
    /// Action items.
    pub action_items: Vec<ActionItemBody>,
}

impl MeetingBody {
    /// The body of a meeting, its attendees and its action items.
    pub(crate) fn of(m: Meeting, attendees: Vec<String>, items: Vec<ActionItem>) -> Self {
        MeetingBody {
            id: m.id,
            held_on: m.held_on.to_string(),
            host_agency: m.host_agency,
            title: m.title,
            agenda: m.agenda,
            minutes: m.minutes,
            decisions: m.decisions,
            attendees,
            action_items: items.into_iter().map(Into::into).collect(),
        }
    }
}

/// Who read a bulletin, when.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulletinReadBody {
    /// User id.
    pub user_id: String,
    /// The user's agency code.
    pub agency: String,
    /// Read (epoch ms).
    pub at: i64,
}

/// A bulletin between agencies with its read receipts.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulletinBody {
    /// Id.
    pub id: String,
    /// Sending agency code.
    pub from_agency: String,
    /// What it warns about.
    #[schema(schema_with = bulletin_kind_codes)]
    pub kind: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Region concerned.
    pub region_code: Option<String>,
    /// Sent (epoch ms).
    pub created_at: i64,
    /// Read receipts.
    pub reads: Vec<BulletinReadBody>,
}

impl BulletinBody {
    /// The body of a bulletin and its read receipts.
    pub(crate) fn of(b: Bulletin, reads: Vec<BulletinRead>) -> Self {
        BulletinBody {
            id: b.id,
            from_agency: b.from_agency,
            kind: b.kind.code().into(),
            title: b.title,
            body: b.body,
            region_code: b.region_code,
            created_at: b.created_at,
            reads: reads
                .into_iter()
                .map(|r| BulletinReadBody {
                    user_id: r.user_id,
                    agency: r.agency_code,
                    at: r.read_at,
                })
                .collect(),
        }
    }
}

/// A notification for the caller's agency.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationBody {
    /// Id.
    pub id: String,
    /// What it is about.
    #[schema(schema_with = notification_kind_codes)]
    pub kind: String,
    /// Id of the record concerned.
    pub subject_id: String,
    /// Short detail (codes, no personal data).
    pub detail: String,
    /// Created (epoch ms).
    pub created_at: i64,
    /// Whether it was read.
    pub read: bool,
}

impl From<Notification> for NotificationBody {
    fn from(n: Notification) -> Self {
        NotificationBody {
            id: n.id,
            kind: n.kind.code().into(),
            subject_id: n.subject_id,
            detail: n.detail,
            created_at: n.created_at,
            read: n.read_at.is_some(),
        }
    }
}

/// What the home page shows the caller's agency.
#[derive(Debug, Serialize, ToSchema)]
pub struct HomeNoticesBody {
    /// Overdue action items: `[id, description, due (ISO 8601)]`.
    pub overdue_actions: Vec<(String, String, String)>,
    /// Referrals waiting in the inbox.
    pub pending_referrals: usize,
    /// Overdue referrals (either side).
    pub overdue_referrals: usize,
    /// Unread notifications.
    pub unread: usize,
}

impl From<HomeNotices> for HomeNoticesBody {
    fn from(n: HomeNotices) -> Self {
        HomeNoticesBody {
            overdue_actions: n.overdue_actions,
            pending_referrals: n.pending_referrals,
            overdue_referrals: n.overdue_referrals,
            unread: n.unread,
        }
    }
}
