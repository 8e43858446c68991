//! The response bodies of the cases API, built from what the use cases return. Field names and
//! positions are those the API has always sent; coded values are the domain codes (the same the
//! API accepts in requests). Pairs and triples stay JSON arrays; their field docs name each place.

use super::schemas::*;
use serde::Serialize;
use sinergi_app::cases::{
    CaseDetail, PersonView, SuspectProgress, TimelineEntry, TipReceiptStatus, TipView,
};
use sinergi_domain::cases::case_record::Case;
use sinergi_domain::cases::charges::Verdict;
use utoipa::ToSchema;

pub use super::responses_coordination::*;

/// `{"ok": true}`: the change was made.
#[derive(Debug, Serialize, ToSchema)]
pub struct DoneBody {
    /// Always `true`.
    pub ok: bool,
}

impl DoneBody {
    /// The one value.
    pub(crate) const YES: DoneBody = DoneBody { ok: true };
}

/// The id of what was created.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedBody {
    /// Id of the new record.
    pub id: String,
}

/// The receipt of a public tip.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptBody {
    /// Receipt code: the reporter checks the status with it.
    pub receipt: String,
}

/// What a reporter sees with a receipt code: the status and nothing else.
#[derive(Debug, Serialize, ToSchema)]
pub struct TipStatusBody {
    /// Receipt code.
    pub receipt: String,
    /// Status.
    #[schema(schema_with = tip_status_codes)]
    pub status: String,
}

impl From<TipReceiptStatus> for TipStatusBody {
    fn from(t: TipReceiptStatus) -> Self {
        TipStatusBody {
            receipt: t.receipt,
            status: t.status.code().into(),
        }
    }
}

/// A tip in the triage queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct TipBody {
    /// Id.
    pub id: String,
    /// Receipt code.
    pub receipt: String,
    /// Channel.
    #[schema(schema_with = tip_channel_codes)]
    pub channel: String,
    /// Kind.
    #[schema(schema_with = case_kind_codes)]
    pub kind: String,
    /// Severity.
    #[schema(schema_with = severity_codes)]
    pub severity: String,
    /// Status.
    #[schema(schema_with = tip_status_codes)]
    pub status: String,
    /// Assigned agency code.
    pub assigned_agency: Option<String>,
    /// Case it became.
    pub case_id: Option<String>,
    /// Suspect name as reported.
    pub suspect_name: Option<String>,
    /// Narrative, only for a caller who may see victim identity.
    pub narrative: Option<String>,
    /// Received (epoch ms).
    pub received_at: i64,
    /// Escalation deadline (epoch ms).
    pub escalate_at: i64,
    /// Whether it is past its deadline untouched.
    pub overdue: bool,
    /// Earlier tips and cases that may be the same situation: `[kind (tip|case), id, reason]`.
    pub possible_duplicates: Vec<(String, String, String)>,
    /// Who receives it under the forwarding policy: `[agency kind, basis]`.
    pub forwarding: Vec<(String, String)>,
}

impl From<TipView> for TipBody {
    fn from(t: TipView) -> Self {
        TipBody {
            id: t.id,
            receipt: t.receipt,
            channel: t.channel.code().into(),
            kind: t.kind.code().into(),
            severity: t.severity.code().into(),
            status: t.status.code().into(),
            assigned_agency: t.assigned_agency,
            case_id: t.case_id,
            suspect_name: t.suspect_name,
            narrative: t.narrative,
            received_at: t.received_at,
            escalate_at: t.escalate_at,
            overdue: t.overdue,
            possible_duplicates: t.possible_duplicates,
            forwarding: t.forwarding,
        }
    }
}

/// A case in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummaryBody {
    /// Id.
    pub id: String,
    /// Case number `SNG/yyyy/nnnnnn`.
    pub number: String,
    /// Kind.
    #[schema(schema_with = case_kind_codes)]
    pub kind: String,
    /// Title (no victim names).
    pub title: String,
    /// Lead agency code.
    pub lead_agency: String,
    /// Procedural regime.
    #[schema(schema_with = regime_codes)]
    pub regime: String,
    /// Day the matter began (ISO 8601).
    pub started_on: String,
    /// Status.
    #[schema(schema_with = case_status_codes)]
    pub status: String,
}

impl From<Case> for CaseSummaryBody {
    fn from(r: Case) -> Self {
        CaseSummaryBody {
            id: r.id,
            number: r.number,
            kind: r.kind.code().into(),
            title: r.title,
            lead_agency: r.lead_agency,
            regime: r.regime.code().into(),
            started_on: r.started_on.to_string(),
            status: r.status.code().into(),
        }
    }
}

/// A case just opened.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenedCaseBody {
    /// Id.
    pub id: String,
    /// Case number `SNG/yyyy/nnnnnn`.
    pub number: String,
    /// Procedural regime, decided by the start date.
    #[schema(schema_with = regime_codes)]
    pub regime: String,
}

/// A person of a case as the caller may see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct CasePersonBody {
    /// Id (case person id).
    pub id: String,
    /// Role.
    #[schema(schema_with = person_role_codes)]
    pub role: String,
    /// Name, masked for protected roles unless the caller may see victim identity.
    pub name: String,
    /// NIK, same rule.
    pub nik: Option<String>,
    /// Phone, same rule.
    pub phone: Option<String>,
    /// Whether the identity fields were masked for this caller.
    pub masked: bool,
    /// Investigating agency (suspects).
    pub investigator: Option<String>,
    /// Other names the person goes by, same rule as the name.
    pub alias: Option<String>,
}

impl From<PersonView> for CasePersonBody {
    fn from(p: PersonView) -> Self {
        CasePersonBody {
            id: p.id,
            role: p.role.code().into(),
            name: p.name,
            nik: p.nik,
            phone: p.phone,
            masked: p.masked,
            investigator: p.investigator,
            alias: p.alias,
        }
    }
}

/// A verdict for one suspect.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerdictBody {
    /// Verdict number.
    pub number: String,
    /// Prison sentence in months (0 when acquitted).
    pub sentence_months: u32,
    /// Fine in rupiah.
    pub fine: i64,
    /// Restitution to victims in rupiah.
    pub restitution: i64,
}

impl From<Verdict> for VerdictBody {
    fn from(v: Verdict) -> Self {
        VerdictBody {
            number: v.number,
            sentence_months: v.sentence_months,
            fine: v.fine,
            restitution: v.restitution,
        }
    }
}

/// Where one suspect stands in the legal process.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuspectProgressBody {
    /// Suspect (case person id).
    pub person_id: String,
    /// Name.
    pub name: String,
    /// Current stage, if any recorded.
    #[schema(schema_with = stage_or_null_codes)]
    pub stage: Option<String>,
    /// Phase 0-6 for a progress bar.
    pub phase: u8,
    /// Since (ISO 8601 date).
    pub since: Option<String>,
    /// Whether the stage is stalled today.
    pub stalled: bool,
    /// P-19 rounds so far.
    pub p19_rounds: usize,
    /// The KUHAP this suspect's proceeding runs under.
    #[schema(schema_with = regime_codes)]
    pub regime: String,
    /// Statutory deadlines running now: `[rule code, due dd/mm/yyyy, overdue]`.
    pub deadlines: Vec<(String, String, bool)>,
    /// Every step: `[stage code, ISO date, document number, office]`.
    pub steps: Vec<(String, String, String, String)>,
    /// Charges as written.
    pub charges: Option<String>,
    /// Verdict, if any.
    pub verdict: Option<VerdictBody>,
}

impl From<SuspectProgress> for SuspectProgressBody {
    fn from(s: SuspectProgress) -> Self {
        SuspectProgressBody {
            person_id: s.person_id,
            name: s.name,
            stage: s.stage.map(|st| st.code().into()),
            phase: s.phase,
            since: s.since,
            stalled: s.stalled,
            p19_rounds: s.p19_rounds,
            regime: s.regime.code().into(),
            deadlines: s
                .deadlines
                .into_iter()
                .map(|(code, due, overdue)| (code.into(), due, overdue))
                .collect(),
            steps: s
                .steps
                .into_iter()
                .map(|(stage, on, no, office)| (stage.code().into(), on, no, office))
                .collect(),
            charges: s.charges,
            verdict: s.verdict.map(Into::into),
        }
    }
}

/// One entry of a case's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntryBody {
    /// When (epoch ms).
    pub at: i64,
    /// The acting agency's name at the time.
    pub agency_name: String,
    /// The acting user's id.
    pub actor_id: String,
    /// The acting user's display name (empty if the user was removed).
    pub actor_name: String,
    /// Event code (`case.open`, `legal.step`, ...).
    pub kind: String,
    /// Codes and ids of the event, space separated.
    pub detail: String,
}

impl From<TimelineEntry> for TimelineEntryBody {
    fn from(t: TimelineEntry) -> Self {
        TimelineEntryBody {
            at: t.at,
            agency_name: t.agency_name,
            actor_id: t.actor_id,
            actor_name: t.actor_name,
            kind: t.kind,
            detail: t.detail,
        }
    }
}

/// A case with everything the caller may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseBody {
    /// Id.
    pub id: String,
    /// Case number.
    pub number: String,
    /// Kind.
    #[schema(schema_with = case_kind_codes)]
    pub kind: String,
    /// Title.
    pub title: String,
    /// Lead agency code.
    pub lead_agency: String,
    /// Agency codes it is shared with (lead included).
    pub agencies: Vec<String>,
    /// Procedural regime.
    #[schema(schema_with = regime_codes)]
    pub regime: String,
    /// Day the matter began (ISO 8601).
    pub started_on: String,
    /// Status.
    #[schema(schema_with = case_status_codes)]
    pub status: String,
    /// People.
    pub people: Vec<CasePersonBody>,
    /// Organisations and places: `[kind (p3mi|company|place), name, detail]`.
    pub entities: Vec<(String, String, String)>,
    /// The history, oldest first.
    pub timeline: Vec<TimelineEntryBody>,
    /// Linked records: `[kind (screening|tip|meeting), id]`.
    pub links: Vec<(String, String)>,
    /// Attachments: `[id, file name, content type, size in bytes]`.
    pub attachments: Vec<(String, String, String, i64)>,
    /// Referrals: `[id, from agency, to agency, purpose, state, due epoch ms]`.
    pub referrals: Vec<(String, String, String, String, String, i64)>,
    /// Legal progress per suspect.
    pub legal: Vec<SuspectProgressBody>,
    /// Assistance: `[service, agency, start, end, outcome, SIMFONI-PPA number]`.
    #[allow(clippy::type_complexity)] // an alias would hide the tuple from the schema derive
    pub assistance: Vec<(
        String,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
    )>,
    /// End (epoch ms) of the break-glass grant through which the caller sees this case.
    pub break_glass_until: Option<i64>,
}

impl From<CaseDetail> for CaseBody {
    fn from(d: CaseDetail) -> Self {
        CaseBody {
            id: d.id,
            number: d.number,
            kind: d.kind.code().into(),
            title: d.title,
            lead_agency: d.lead_agency,
            agencies: d.agencies,
            regime: d.regime.code().into(),
            started_on: d.started_on,
            status: d.status.code().into(),
            people: d.people.into_iter().map(Into::into).collect(),
            entities: d.entities,
            timeline: d.timeline.into_iter().map(Into::into).collect(),
            links: d
                .links
                .into_iter()
                .map(|l| (l.kind.code().to_string(), l.ref_id))
                .collect(),
            attachments: d.attachments,
            referrals: d.referrals,
            legal: d.legal.into_iter().map(Into::into).collect(),
            assistance: d.assistance,
            break_glass_until: d.break_glass_until,
        }
    }
}
