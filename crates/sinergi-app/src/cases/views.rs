//! What the cases use cases take and return.

use super::*;

/// A tip submitted by the public, a village head or entered from a phone call.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewTip {
    /// `portal`, `village_head` or `phone`.
    pub channel: String,
    /// `tppo`, `pmi_np` or `smuggling`.
    pub kind: String,
    /// Whether a child is involved.
    pub child_involved: bool,
    /// Whether someone is in danger now.
    pub imminent_danger: bool,
    /// Whether the person concerned agrees that the police are told.
    pub consent: bool,
    /// Region code (kabupaten/kota), if known.
    pub region_code: Option<String>,
    /// Name of the recruiter/suspect, if given.
    pub suspect_name: Option<String>,
    /// Phone of the recruiter/suspect, if given.
    pub suspect_phone: Option<String>,
    /// What happened (sealed at rest).
    pub narrative: String,
    /// How to reach the reporter (sealed at rest), optional.
    pub reporter_contact: Option<String>,
}

/// A tip in the triage queue.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TipView {
    /// Id.
    pub id: String,
    /// Receipt code.
    pub receipt: String,
    /// Channel.
    pub channel: TipChannel,
    /// Kind.
    pub kind: CaseKind,
    /// Severity.
    pub severity: Severity,
    /// Status.
    pub status: TipStatus,
    /// Assigned agency.
    pub assigned_agency: Option<String>,
    /// Case it became.
    pub case_id: Option<String>,
    /// Suspect name as reported.
    pub suspect_name: Option<String>,
    /// Narrative, opened only for a holder who may see victim identity.
    pub narrative: Option<String>,
    /// Received (ms).
    pub received_at: i64,
    /// Escalation deadline (ms).
    pub escalate_at: i64,
    /// Whether it is past its deadline untouched.
    pub overdue: bool,
    /// Earlier tips and cases that may be the same situation: (kind, id, reason).
    pub possible_duplicates: Vec<(String, String, String)>,
    /// Who receives it under the forwarding policy.
    pub forwarding: Vec<(String, String)>,
    /// For a report by an agency: the agency's code and the applicant's name (masked unless the
    /// viewer may see victim identity) and id.
    pub source: Option<TipSourceView>,
    /// Why it was closed, opened only for a holder who may see victim identity.
    pub close_reason: Option<String>,
}

/// The agency that reported a tip and the applicant it is about.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TipSourceView {
    /// The reporting agency's code.
    pub agency: String,
    /// The applicant's name as the viewer may read it.
    pub applicant_name: Option<String>,
}

/// What a reporter sees with a receipt code: the status and nothing else.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct TipReceiptStatus {
    /// Receipt code.
    pub receipt: String,
    /// Status.
    pub status: TipStatus,
}

/// A new case.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewCase {
    /// `tppo`, `pmi_np` or `smuggling`.
    pub kind: String,
    /// Short title without victim names.
    pub title: String,
    /// Day the matter began (`yyyy-mm-dd`); decides the procedural regime.
    pub started_on: String,
    /// Tip it came from.
    pub tip_id: Option<String>,
}

/// A person added to a case.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewCasePerson {
    /// Role code.
    pub role: String,
    /// Full name.
    pub name: String,
    /// NIK (16 digits), optional.
    pub nik: Option<String>,
    /// The officer accepts a NIK whose region code no code list knows (checked the KTP).
    pub nik_region_accepted: bool,
    /// Phone, optional.
    pub phone: Option<String>,
    /// Address, optional (sealed for protected roles, dropped otherwise).
    pub address: Option<String>,
    /// Birth date `yyyy-mm-dd`.
    pub birth_date: Option<String>,
    /// For suspects: `polri`, `ppns_imigrasi` or `ppns_ketenagakerjaan`.
    pub investigator: Option<String>,
    /// Other names the person goes by ("Pak Darto"), optional.
    pub alias: Option<String>,
}

/// A person as shown to an actor (victim identity masked unless permitted).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PersonView {
    /// Id.
    pub id: String,
    /// Role.
    pub role: PersonRole,
    /// Name, masked for protected roles without `ViewVictimIdentity`.
    pub name: String,
    /// NIK, shown only with `ViewVictimIdentity` (or for suspects to case staff).
    pub nik: Option<String>,
    /// Phone, same rule.
    pub phone: Option<String>,
    /// Whether the identity fields were masked for this actor.
    pub masked: bool,
    /// Other names, same rule as the name (left out when masked).
    pub alias: Option<String>,
    /// Investigating agency (suspects).
    pub investigator: Option<String>,
}

/// Where one suspect stands in the legal process.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SuspectProgress {
    /// Suspect id.
    pub person_id: String,
    /// Name.
    pub name: String,
    /// Current stage, if any recorded.
    pub stage: Option<Stage>,
    /// Phase 0..=6 for the progress bar.
    pub phase: u8,
    /// Since (`yyyy-mm-dd`).
    pub since: Option<String>,
    /// Whether the stage is stalled today.
    pub stalled: bool,
    /// P-19 rounds so far.
    pub p19_rounds: usize,
    /// The KUHAP this suspect's proceeding runs under (by the stage reached on 02/01/2026).
    pub regime: Regime,
    /// Statutory deadlines running now: (code, due `dd/mm/yyyy`, overdue).
    pub deadlines: Vec<(&'static str, String, bool)>,
    /// Every step: (stage, date, document number, office).
    pub steps: Vec<(Stage, String, String, String)>,
    /// Charges as written.
    pub charges: Option<String>,
    /// Verdict, if any.
    pub verdict: Option<Verdict>,
}

/// A case with everything its viewer may see.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CaseDetail {
    /// Id.
    pub id: String,
    /// Number.
    pub number: String,
    /// Kind.
    pub kind: CaseKind,
    /// Title.
    pub title: String,
    /// Lead agency code.
    pub lead_agency: String,
    /// Agencies it is shared with (lead included).
    pub agencies: Vec<String>,
    /// Regime.
    pub regime: Regime,
    /// Start date.
    pub started_on: String,
    /// Status.
    pub status: CaseStatus,
    /// People.
    pub people: Vec<PersonView>,
    /// Organisations and places: (kind, name, detail).
    pub entities: Vec<(String, String, String)>,
    /// The history, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Links to screenings, tips and meetings, in words.
    pub links: Vec<super::LinkView>,
    /// Attachments: (id, file name, type, size).
    pub attachments: Vec<(String, String, String, i64)>,
    /// Referrals: (id, from, to, purpose, state, due ms).
    pub referrals: Vec<(String, String, String, String, String, i64)>,
    /// Legal progress per suspect.
    pub legal: Vec<SuspectProgress>,
    /// Assistance: (service, agency, start, end, outcome, SIMFONI number).
    pub assistance: Vec<AssistanceLine>,
    /// End (epoch ms) of the break-glass grant through which the actor sees this case, if the
    /// case is not shared with the actor's agency.
    pub break_glass_until: Option<i64>,
}

/// One entry of a case's history.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TimelineEntry {
    /// When (epoch ms).
    pub at: i64,
    /// The acting agency's name at the time.
    pub agency_name: String,
    /// The acting user's id.
    pub actor_id: String,
    /// The acting user's display name (the id's owner may have been removed: then empty).
    pub actor_name: String,
    /// Event code (`case.open`, `legal.step`, …).
    pub kind: String,
    /// Codes and ids of the event, space separated.
    pub detail: String,
}

/// One service line: (service, agency, start, end, outcome, SIMFONI-PPA number).
pub type AssistanceLine = (
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
);

/// A referral to send.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewReferral {
    /// Receiving agency code.
    pub to_agency: String,
    /// Purpose code (`victim_assistance`, `investigation`, `prosecution`, `lead_transfer`).
    pub purpose: String,
    /// Why.
    pub reason: String,
    /// Due date `yyyy-mm-dd`.
    pub due_on: String,
    /// Reason for overriding missing consent (needs `OverrideConsent`).
    pub override_reason: Option<String>,
}

/// A legal step to record.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewLegalStep {
    /// Stage code.
    pub stage: String,
    /// Document date `yyyy-mm-dd`.
    pub on: String,
    /// Document number.
    pub document_no: String,
    /// Issuing office.
    pub office: String,
}

/// A service to record.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewAssistance {
    /// Victim id, if the service is for one person.
    pub person_id: Option<String>,
    /// Service code.
    pub service: String,
    /// Start `yyyy-mm-dd`.
    pub started_on: String,
    /// End `yyyy-mm-dd`.
    pub ended_on: Option<String>,
    /// Outcome code.
    pub outcome: String,
    /// SIMFONI-PPA case number, if recorded there.
    pub simfoni_no: Option<String>,
}

/// A meeting to record.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewMeeting {
    /// Date `yyyy-mm-dd`.
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
    /// Cases the meeting discussed (ids from the picker; each must be visible to the host).
    pub cases: Vec<String>,
}

/// What the home page shows an agency.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct HomeNotices {
    /// Overdue action items: (id, description, due).
    pub overdue_actions: Vec<(String, String, String)>,
    /// Referrals waiting in the inbox.
    pub pending_referrals: usize,
    /// Overdue referrals (either side).
    pub overdue_referrals: usize,
    /// Unread notifications.
    pub unread: usize,
}
