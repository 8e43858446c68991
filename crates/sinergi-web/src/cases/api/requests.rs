//! The request bodies of the cases API. The web layer owns these shapes: each mirrors the use
//! case's input field for field (every field optional, as before: `#[serde(default)]`) and is
//! turned into it here, so the app crate needs no OpenAPI dependency.

use super::schemas::*;
use serde::{Deserialize, Serialize};
use sinergi_app::cases::{
    NewAssistance, NewCase, NewCasePerson, NewLegalStep, NewMeeting, NewReferral,
};
use sinergi_domain::cases::charges::{ChargeSheet, Cited, Combination};
use utoipa::ToSchema;

/// Body of `POST /api/v1/tips`: a tip from the public (no sign-in).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct TipRequest {
    /// Accepted for compatibility and ignored: a tip over this route is always a portal tip.
    pub channel: String,
    /// What the tip is about.
    #[schema(schema_with = case_kind_codes)]
    pub kind: String,
    /// Whether a child is involved.
    pub child_involved: bool,
    /// Whether someone is in danger now.
    pub imminent_danger: bool,
    /// Whether the person concerned agrees that the police are told.
    pub consent: bool,
    /// Where it happens (region code or place, free text), if known.
    pub region_code: Option<String>,
    /// Name of the recruiter or suspect, if given.
    pub suspect_name: Option<String>,
    /// Accepted for compatibility and ignored (a phone is not taken from the public here).
    pub suspect_phone: Option<String>,
    /// What happened (sealed at rest).
    pub narrative: String,
    /// How to reach the reporter (sealed at rest), optional.
    pub reporter_contact: Option<String>,
}

/// Body of `POST /api/v1/tips/{id}/assign`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AssignTipRequest {
    /// Agency code that takes the tip.
    pub agency: String,
}

/// Body of `POST /api/v1/cases`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CaseRequest {
    /// Kind of crime.
    #[schema(schema_with = case_kind_codes)]
    pub kind: String,
    /// Short title without victim names.
    pub title: String,
    /// Day the matter began (`yyyy-mm-dd`); decides the procedural regime.
    pub started_on: String,
    /// Tip the case comes from, if any.
    pub tip_id: Option<String>,
}

impl From<CaseRequest> for NewCase {
    fn from(r: CaseRequest) -> Self {
        NewCase {
            kind: r.kind,
            title: r.title,
            started_on: r.started_on,
            tip_id: r.tip_id,
        }
    }
}

/// Body of `POST /api/v1/cases/{id}/people`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CasePersonRequest {
    /// Role in the case.
    #[schema(schema_with = person_role_codes)]
    pub role: String,
    /// Full name.
    pub name: String,
    /// NIK (16 digits), optional.
    pub nik: Option<String>,
    /// The officer checked the KTP and accepts a NIK whose region code no code list knows.
    pub nik_region_accepted: bool,
    /// Phone, optional.
    pub phone: Option<String>,
    /// Address, optional (sealed for protected roles, dropped otherwise).
    pub address: Option<String>,
    /// Birth date `yyyy-mm-dd`, optional.
    pub birth_date: Option<String>,
    /// For suspects: `polri`, `ppns_imigrasi` or `ppns_ketenagakerjaan`.
    pub investigator: Option<String>,
    /// Other names the person goes by ("Pak Darto"), optional.
    pub alias: Option<String>,
}

impl From<CasePersonRequest> for NewCasePerson {
    fn from(r: CasePersonRequest) -> Self {
        NewCasePerson {
            role: r.role,
            name: r.name,
            nik: r.nik,
            nik_region_accepted: r.nik_region_accepted,
            phone: r.phone,
            address: r.address,
            birth_date: r.birth_date,
            investigator: r.investigator,
            alias: r.alias,
        }
    }
}

/// Body of `POST /api/v1/cases/{id}/screenings`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LinkScreeningRequest {
    /// Id of the screening (passport application) to link to the case.
    pub screening_id: String,
}

/// Body of `POST /api/v1/cases/{id}/meetings`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LinkMeetingRequest {
    /// Id of a meeting the caller's agency hosted or attended.
    pub meeting_id: String,
}

/// Body of `POST /api/v1/applicants/{id}/police-report`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PoliceReportRequest {
    /// The officer's note for the investigator (sealed at rest).
    pub note: String,
}

/// Answer of `POST /api/v1/applicants/{id}/police-report`.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct PoliceReportBody {
    /// The receipt code of the report (a tip of channel `agency`).
    pub receipt: String,
}

/// Body of `POST /api/v1/cases/{id}/consents`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ConsentRequest {
    /// The victim (case person id) who consents.
    pub person_id: String,
    /// What the consent is for, e.g. `victim_assistance`.
    pub purpose: String,
    /// Day it was given (`yyyy-mm-dd`).
    pub given_on: String,
}

/// Body of `POST /api/v1/cases/{id}/referrals`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReferralRequest {
    /// Receiving agency code.
    pub to_agency: String,
    /// Purpose: `victim_assistance`, `investigation`, `prosecution` or `lead_transfer`.
    pub purpose: String,
    /// Why (no victim identity).
    pub reason: String,
    /// Due date `yyyy-mm-dd`.
    pub due_on: String,
    /// Reason for sending without the victim's consent (needs `override_consent`).
    pub override_reason: Option<String>,
}

impl From<ReferralRequest> for NewReferral {
    fn from(r: ReferralRequest) -> Self {
        NewReferral {
            to_agency: r.to_agency,
            purpose: r.purpose,
            reason: r.reason,
            due_on: r.due_on,
            override_reason: r.override_reason,
        }
    }
}

/// Body of `POST /api/v1/referrals/{id}/action`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReferralActionRequest {
    /// What happens to the referral.
    #[schema(schema_with = referral_event_codes)]
    pub event: String,
    /// Why (required to reject or revoke).
    pub reason: String,
}

/// Body of `POST /api/v1/suspects/{id}/steps`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LegalStepRequest {
    /// The stage reached.
    #[schema(schema_with = stage_codes)]
    pub stage: String,
    /// Date of the document (`yyyy-mm-dd`).
    pub on: String,
    /// Document number.
    pub document_no: String,
    /// Issuing office.
    pub office: String,
}

impl From<LegalStepRequest> for NewLegalStep {
    fn from(r: LegalStepRequest) -> Self {
        NewLegalStep {
            stage: r.stage,
            on: r.on,
            document_no: r.document_no,
            office: r.office,
        }
    }
}

/// One cited article of a charge line.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct CitedRequest {
    /// The law, e.g. `UU 21/2007`.
    pub law: String,
    /// The article, e.g. `4` or `2 ayat (1)`.
    pub article: String,
}

/// A charge sheet: lines, each a list of articles joined by "jo".
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct ChargeSheetRequest {
    /// How the lines combine.
    #[schema(schema_with = combination_codes)]
    pub combination: Combination,
    /// Each line: the principal article first, then those joined by "jo".
    pub lines: Vec<Vec<CitedRequest>>,
}

impl From<ChargeSheetRequest> for ChargeSheet {
    fn from(r: ChargeSheetRequest) -> Self {
        ChargeSheet {
            combination: r.combination,
            lines: r
                .lines
                .into_iter()
                .map(|line| {
                    line.into_iter()
                        .map(|c| Cited {
                            law: c.law,
                            article: c.article,
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// Body of `POST /api/v1/suspects/{id}/charges`: a structured `sheet`, or the charge as a
/// prosecutor writes it in `text` (used when `sheet` is absent).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ChargesRequest {
    /// The charges, structured.
    pub sheet: Option<ChargeSheetRequest>,
    /// The charges as written, e.g. `Pasal 4 jo Pasal 10 UU 21/2007`.
    pub text: String,
    /// Day of the offence (`yyyy-mm-dd`): decides which articles were in force.
    pub offence_on: String,
}

/// Body of `POST /api/v1/cases/{id}/assistance`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AssistanceRequest {
    /// Victim (case person id), if the service is for one person.
    pub person_id: Option<String>,
    /// The service.
    #[schema(schema_with = service_codes)]
    pub service: String,
    /// Start `yyyy-mm-dd`.
    pub started_on: String,
    /// End `yyyy-mm-dd`, if ended.
    pub ended_on: Option<String>,
    /// The outcome.
    #[schema(schema_with = outcome_codes)]
    pub outcome: String,
    /// SIMFONI-PPA case number, if recorded there.
    pub simfoni_no: Option<String>,
}

impl From<AssistanceRequest> for NewAssistance {
    fn from(r: AssistanceRequest) -> Self {
        NewAssistance {
            person_id: r.person_id,
            service: r.service,
            started_on: r.started_on,
            ended_on: r.ended_on,
            outcome: r.outcome,
            simfoni_no: r.simfoni_no,
        }
    }
}

/// Body of `POST /api/v1/meetings`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MeetingRequest {
    /// Day it was held (`yyyy-mm-dd`).
    pub held_on: String,
    /// Title.
    pub title: String,
    /// Attending agency codes.
    pub attendees: Vec<String>,
    /// Agenda.
    pub agenda: String,
    /// Minutes.
    pub minutes: String,
    /// Decisions.
    pub decisions: String,
    /// Ids of the cases the meeting discussed (each must be visible to the host).
    pub cases: Vec<String>,
}

impl From<MeetingRequest> for NewMeeting {
    fn from(r: MeetingRequest) -> Self {
        NewMeeting {
            held_on: r.held_on,
            title: r.title,
            attendees: r.attendees,
            agenda: r.agenda,
            minutes: r.minutes,
            decisions: r.decisions,
            cases: r.cases,
        }
    }
}

/// Body of `POST /api/v1/meetings/{id}/actions`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ActionItemRequest {
    /// Responsible agency code.
    pub agency: String,
    /// What to do.
    pub description: String,
    /// Due day (`yyyy-mm-dd`).
    pub due_on: String,
}

/// Body of `POST /api/v1/actions/{id}/close`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CloseActionRequest {
    /// The closing state (`done` when empty or absent).
    #[schema(schema_with = action_state_codes)]
    pub state: String,
}

/// Body of `POST /api/v1/bulletins`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct BulletinRequest {
    /// What it warns about.
    #[schema(schema_with = bulletin_kind_codes)]
    pub kind: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Region concerned, if any.
    pub region_code: Option<String>,
}
