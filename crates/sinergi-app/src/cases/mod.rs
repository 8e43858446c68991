//! Shared case work: tips, cases, referrals, the legal process, victim assistance, meetings,
//! bulletins, notifications and the network view.
//!
//! Need-to-know is enforced here, once: a case is visible only to its lead agency and the
//! agencies it is shared with. Every read of a case goes through [`App::visible_case`], which
//! answers `NotFound` to anyone else (by id, search or export alike) and writes the denied
//! attempt to the audit trail. Victim identity is stored only sealed and is opened only for
//! actors holding `ViewVictimIdentity`. Every change goes to the audit trail (ids and codes) and
//! to the case timeline (who, when, agency name in force at the time).

mod demo;
pub mod network;

pub use demo::seed_demo_cases;

use crate::audit::Origin;
use crate::auth::Actor;
use crate::vault::Field;
use crate::{App, AppError};
use sha2::{Digest, Sha256};
use sinergi_domain::access::Permission;
use sinergi_domain::cases::assistance::{Outcome, Service, valid_simfoni_number};
use sinergi_domain::cases::case::{attachment_type, visible_to};
use sinergi_domain::cases::charges::{ArticleRef, ChargeSheet, Verdict};
use sinergi_domain::cases::indictment::Indictment;
use sinergi_domain::cases::legal::{self, Regime, Stage, Transition};
use sinergi_domain::cases::meeting::{ActionState, BulletinKind};
use sinergi_domain::cases::referral::{ReferralEvent, ReferralState, Side};
use sinergi_domain::cases::tip::{
    ForwardDecision, ForwardingPolicy, Severity, TipChannel, TipStatus, normalise_receipt,
    receipt_code,
};
use sinergi_domain::cases::{CaseKind, CaseNumber, DAY_MS, PersonRole, mask_name};
use sinergi_domain::clock::to_millis;
use sinergi_store::cases::*;
use std::path::Path;
use time::Date;
use time::format_description::well_known::Iso8601;

/// The article reference table shipped with the application.
const ARTICLES_TOML: &str = include_str!("../../../../data/legal/articles.toml");

/// The forwarding policy shipped with the application.
const FORWARDING_TOML: &str = include_str!("../../../../data/cases/forwarding.toml");

/// Parses a forwarding policy (`data/cases/forwarding.toml`).
pub fn parse_forwarding_policy(text: &str) -> Result<ForwardingPolicy, AppError> {
    #[derive(serde::Deserialize)]
    struct File {
        escalate_hours_imminent: i64,
        escalate_hours_child: i64,
        escalate_hours_ordinary: i64,
        rule: Vec<Rule>,
        #[serde(default)]
        basis: Basis,
    }
    #[derive(serde::Deserialize, Default)]
    struct Basis {
        #[serde(default)]
        duty_to_report: String,
        #[serde(default)]
        consent: String,
        #[serde(default)]
        complaint_kinds: Vec<String>,
    }
    #[derive(serde::Deserialize)]
    struct Rule {
        agency_kind: String,
        kinds: Vec<String>,
        enforcement: bool,
    }
    let f: File = toml::from_str(text)
        .map_err(|e| AppError::Internal(format!("forwarding policy: {}", e.message())))?;
    let mut rules = Vec::new();
    for r in f.rule {
        rules.push(sinergi_domain::cases::tip::ForwardingRule {
            agency_kind: r
                .agency_kind
                .parse()
                .map_err(|_| AppError::Internal("forwarding policy: agency kind".into()))?,
            kinds: r
                .kinds
                .iter()
                .map(|k| k.parse::<CaseKind>())
                .collect::<Result<_, _>>()
                .map_err(|_| AppError::Internal("forwarding policy: case kind".into()))?,
            enforcement: r.enforcement,
        });
    }
    Ok(ForwardingPolicy {
        rules,
        escalate_hours_imminent: f.escalate_hours_imminent,
        escalate_hours_child: f.escalate_hours_child,
        escalate_hours_ordinary: f.escalate_hours_ordinary,
        basis: sinergi_domain::cases::tip::PolicyBasis {
            duty_to_report: f.basis.duty_to_report,
            consent: f.basis.consent,
            complaint_kinds: f
                .basis
                .complaint_kinds
                .iter()
                .map(|k| k.parse::<CaseKind>())
                .collect::<Result<_, _>>()
                .map_err(|_| AppError::Internal("forwarding policy: case kind".into()))?,
        },
    })
}

/// The forwarding policy in force (the data file; the built-in default if it cannot be read).
pub fn forwarding_policy() -> ForwardingPolicy {
    parse_forwarding_policy(FORWARDING_TOML).unwrap_or_default()
}

/// Purpose code of a referral that shares victim data for assistance.
pub const PURPOSE_VICTIM_ASSISTANCE: &str = "victim_assistance";

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn parse_date(field: &'static str, s: &str) -> Result<Date, AppError> {
    Date::parse(s.trim(), &Iso8601::DATE)
        .map_err(|_| AppError::invalid(field, "invalid_date", "expected yyyy-mm-dd"))
}

fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn parse_code<T: std::str::FromStr>(field: &'static str, s: &str) -> Result<T, AppError> {
    s.parse()
        .map_err(|_| AppError::invalid(field, "invalid_code", "unknown code"))
}

fn required(field: &'static str, s: &str) -> Result<String, AppError> {
    let s = s.trim();
    if s.is_empty() {
        Err(AppError::invalid(field, "required", "required"))
    } else if s.chars().count() > 4000 {
        Err(AppError::invalid(field, "too_long", "too long"))
    } else {
        Ok(s.to_string())
    }
}

/// Parses the article reference table (`data/legal/articles.toml`).
pub fn parse_articles(text: &str) -> Result<Vec<ArticleRef>, AppError> {
    sinergi_domain::cases::charges::parse_tables(text)
        .map(|t| t.articles)
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// The article reference table in force.
pub fn articles() -> Result<Vec<ArticleRef>, AppError> {
    parse_articles(ARTICLES_TOML)
}

// ------------------------------------------------------------------ views

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
    /// Narrative (opened for triage staff).
    pub narrative: String,
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
    /// Status code.
    pub status: String,
    /// People.
    pub people: Vec<PersonView>,
    /// Organisations and places: (kind, name, detail).
    pub entities: Vec<(String, String, String)>,
    /// Timeline: (when ms, agency name at the time, user id, kind, detail).
    pub timeline: Vec<(i64, String, String, String, String)>,
    /// Links: (kind, id).
    pub links: Vec<(String, String)>,
    /// Attachments: (id, file name, type, size).
    pub attachments: Vec<(String, String, String, i64)>,
    /// Referrals: (id, from, to, purpose, state, due ms).
    pub referrals: Vec<(String, String, String, String, String, i64)>,
    /// Legal progress per suspect.
    pub legal: Vec<SuspectProgress>,
    /// Assistance: (service, agency, start, end, outcome, SIMFONI number).
    pub assistance: Vec<AssistanceLine>,
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

// ------------------------------------------------------------------ helpers

impl App {
    fn today(&self) -> Date {
        self.clock.now_wib().date()
    }

    fn now_ms(&self) -> i64 {
        to_millis(self.clock.now())
    }

    /// Writes the audit row and the case timeline event of a change.
    async fn case_event(
        &self,
        actor: &Actor,
        case_id: &str,
        kind: &str,
        detail: &str,
    ) -> Result<(), AppError> {
        self.audit(&actor.origin(), kind, case_id, detail).await?;
        let agency_name = match self.store.agency(&actor.user.agency_code).await {
            Ok(a) => a.name_on(self.today()).to_string(),
            Err(_) => actor.user.agency_code.clone(),
        };
        self.store
            .insert_case_event(&CaseEventRow {
                id: new_id(),
                case_id: case_id.to_string(),
                at: self.now_ms(),
                actor_id: actor.user.id.clone(),
                agency_code: actor.user.agency_code.clone(),
                agency_name,
                kind: kind.to_string(),
                detail: detail.to_string(),
            })
            .await?;
        Ok(())
    }

    async fn notify(
        &self,
        agency: &str,
        kind: &str,
        subject: &str,
        detail: &str,
    ) -> Result<(), AppError> {
        self.store
            .insert_notification(&NotificationRow {
                id: new_id(),
                agency_code: agency.to_string(),
                kind: kind.to_string(),
                subject_id: subject.to_string(),
                detail: detail.to_string(),
                created_at: self.now_ms(),
                read_at: None,
            })
            .await?;
        Ok(())
    }

    /// The case if the actor's agency may see it; otherwise `NotFound`, and the denied attempt
    /// is written to the audit trail (`case.denied`).
    pub async fn visible_case(&self, actor: &Actor, case_id: &str) -> Result<CaseRow, AppError> {
        actor.require(Permission::ViewCases)?;
        let Some(case) = self.store.case(case_id).await? else {
            return Err(AppError::NotFound);
        };
        let agencies = self.store.case_agencies(case_id).await?;
        if visible_to(&case.lead_agency, &agencies, &actor.user.agency_code) {
            Ok(case)
        } else {
            self.audit(&actor.origin(), "case.denied", case_id, "not shared")
                .await?;
            Err(AppError::NotFound)
        }
    }

    fn open_sealed(&self, sealed: &Option<Vec<u8>>) -> Option<String> {
        sealed
            .as_ref()
            .and_then(|b| self.vault.open(Field::VictimIdentity, b).ok())
    }

    fn person_view(&self, actor: &Actor, p: &CasePersonRow) -> Result<PersonView, AppError> {
        let role: PersonRole = parse_code("role", &p.role)?;
        let may = actor.can(Permission::ViewVictimIdentity);
        let clear_name = match &p.name {
            Some(n) => n.clone(),
            None => self.open_sealed(&p.name_enc).unwrap_or_default(),
        };
        let protected = role.protected_identity();
        let show = !protected || may;
        Ok(PersonView {
            id: p.id.clone(),
            role,
            name: if show {
                clear_name.clone()
            } else {
                mask_name(&clear_name)
            },
            nik: if show {
                self.open_sealed(&p.nik_enc)
            } else {
                None
            },
            phone: if show {
                self.open_sealed(&p.phone_enc)
            } else {
                None
            },
            masked: !show,
            investigator: p.investigator.clone(),
        })
    }
}

// ------------------------------------------------------------------ tips

impl App {
    /// Receives a tip (no sign-in needed for the portal); returns the receipt code.
    pub async fn submit_tip(&self, origin: &Origin, tip: NewTip) -> Result<String, AppError> {
        let channel: TipChannel = parse_code("channel", &tip.channel)?;
        let kind: CaseKind = parse_code("kind", &tip.kind)?;
        let narrative = required("narrative", &tip.narrative)?;
        let severity = Severity::assess(tip.child_involved, tip.imminent_danger);
        let now = self.now_ms();
        let mut random = [0u8; 10];
        getrandom::fill(&mut random).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
        let receipt = receipt_code(&random);
        let phone_idx = match tip.suspect_phone.as_deref().map(str::trim) {
            Some(p) if !p.is_empty() => {
                let e164 = sinergi_domain::phone::Phone::parse(p).map_err(|_| {
                    AppError::invalid("suspect_phone", "invalid_phone", "not a phone number")
                })?;
                Some(self.vault.index(Field::Phone, e164.e164()))
            }
            _ => None,
        };
        let contact = match tip.reporter_contact.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => Some(self.vault.seal(Field::VictimIdentity, c)?),
            _ => None,
        };
        let row = TipRow {
            id: new_id(),
            receipt: receipt.clone(),
            channel: channel.code().into(),
            kind: kind.code().into(),
            severity: severity.code().into(),
            consent: tip.consent,
            region_code: tip.region_code.filter(|r| !r.trim().is_empty()),
            suspect_name: tip
                .suspect_name
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            suspect_phone_idx: phone_idx,
            narrative_enc: Some(self.vault.seal(Field::VictimIdentity, &narrative)?),
            reporter_contact_enc: contact,
            status: TipStatus::Received.code().into(),
            assigned_agency: None,
            duplicate_of: None,
            case_id: None,
            received_at: now,
            escalate_at: forwarding_policy().escalation_deadline(severity, now),
            escalated: false,
            updated_at: now,
        };
        self.store.insert_tip(&row).await?;
        self.audit(origin, "tip.submit", &row.id, severity.code())
            .await?;
        // Mandatory forwarding (a child or imminent danger): every agency of a receiving kind
        // is told at once, whatever the consent.
        let decisions = forwarding_policy().evaluate(kind, severity, tip.consent);
        let mandatory: Vec<_> = decisions
            .iter()
            .filter(|d| d.basis == sinergi_domain::cases::tip::ForwardBasis::Mandatory)
            .map(|d| d.agency_kind)
            .collect();
        if !mandatory.is_empty() {
            for a in self.store.agencies().await? {
                if mandatory.contains(&a.kind) {
                    self.notify(&a.code, "tip_mandatory", &row.id, severity.code())
                        .await?;
                }
            }
        }
        Ok(receipt)
    }

    /// The status of a tip by its receipt code, and nothing else.
    pub async fn tip_status(&self, receipt: &str) -> Result<TipReceiptStatus, AppError> {
        let code = normalise_receipt(receipt).ok_or(AppError::NotFound)?;
        let tip = self
            .store
            .tip_by_receipt(&code)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(TipReceiptStatus {
            receipt: code,
            status: parse_code("status", &tip.status)?,
        })
    }

    /// The triage queue: open tips, most urgent first, with duplicate candidates and forwarding.
    pub async fn tip_queue(&self, actor: &Actor) -> Result<Vec<TipView>, AppError> {
        actor.require(Permission::TriageTips)?;
        let rows = self.store.tips(1000).await?;
        let suspects = self.store.named_case_people().await?;
        let now = self.now_ms();
        let policy = forwarding_policy();
        let matcher = network::NameMatcher;
        let mut out = Vec::new();
        for t in rows.iter() {
            let status: TipStatus = parse_code("status", &t.status)?;
            let severity: Severity = parse_code("severity", &t.severity)?;
            let kind: CaseKind = parse_code("kind", &t.kind)?;
            let mut dups = Vec::new();
            for o in rows
                .iter()
                .filter(|o| o.id != t.id && o.received_at <= t.received_at)
            {
                if t.suspect_phone_idx.is_some() && t.suspect_phone_idx == o.suspect_phone_idx {
                    dups.push(("tip".into(), o.id.clone(), "same phone".into()));
                } else if let (Some(a), Some(b)) = (&t.suspect_name, &o.suspect_name)
                    && let Some(why) = network::PersonMatcher::same_person(&matcher, a, b)
                {
                    dups.push(("tip".into(), o.id.clone(), why));
                }
            }
            if let Some(a) = &t.suspect_name {
                for p in &suspects {
                    if let Some(b) = &p.name
                        && let Some(why) = network::PersonMatcher::same_person(&matcher, a, b)
                    {
                        dups.push(("case".into(), p.case_id.clone(), why));
                    }
                }
            }
            out.push(TipView {
                id: t.id.clone(),
                receipt: t.receipt.clone(),
                channel: parse_code("channel", &t.channel)?,
                kind,
                severity,
                status,
                assigned_agency: t.assigned_agency.clone(),
                case_id: t.case_id.clone(),
                suspect_name: t.suspect_name.clone(),
                narrative: self.open_sealed(&t.narrative_enc).unwrap_or_default(),
                received_at: t.received_at,
                escalate_at: t.escalate_at,
                overdue: policy.must_escalate(severity, status, t.received_at, now),
                possible_duplicates: dups,
                forwarding: policy
                    .evaluate(kind, severity, t.consent)
                    .into_iter()
                    .map(
                        |ForwardDecision {
                             agency_kind, basis, ..
                         }| {
                            (agency_kind.code().to_string(), basis.code().to_string())
                        },
                    )
                    .collect(),
            });
        }
        out.sort_by_key(|t| {
            (
                matches!(t.status, TipStatus::Received | TipStatus::Assigned) as u8 ^ 1,
                t.severity.rank(),
                t.received_at,
            )
        });
        Ok(out)
    }

    async fn tip_for_triage(&self, actor: &Actor, tip_id: &str) -> Result<TipRow, AppError> {
        actor.require(Permission::TriageTips)?;
        self.store.tip(tip_id).await?.ok_or(AppError::NotFound)
    }

    /// Assigns a tip to an agency.
    pub async fn assign_tip(
        &self,
        actor: &Actor,
        tip_id: &str,
        agency: &str,
    ) -> Result<(), AppError> {
        let mut tip = self.tip_for_triage(actor, tip_id).await?;
        self.store
            .agency(agency)
            .await
            .map_err(|_| AppError::invalid("agency", "unknown_agency", "unknown agency"))?;
        tip.status = TipStatus::Assigned.code().into();
        tip.assigned_agency = Some(agency.to_string());
        tip.updated_at = self.now_ms();
        self.store.update_tip(&tip).await?;
        self.audit(&actor.origin(), "tip.assign", tip_id, agency)
            .await?;
        self.notify(agency, "tip_assigned", tip_id, &tip.severity)
            .await
    }

    /// Marks a tip as a duplicate of an earlier one.
    pub async fn mark_tip_duplicate(
        &self,
        actor: &Actor,
        tip_id: &str,
        of: &str,
    ) -> Result<(), AppError> {
        let mut tip = self.tip_for_triage(actor, tip_id).await?;
        if of == tip_id || self.store.tip(of).await?.is_none() {
            return Err(AppError::invalid(
                "duplicate_of",
                "invalid_duplicate",
                "no such earlier tip",
            ));
        }
        tip.status = TipStatus::Duplicate.code().into();
        tip.duplicate_of = Some(of.to_string());
        tip.updated_at = self.now_ms();
        self.store.update_tip(&tip).await?;
        self.audit(&actor.origin(), "tip.duplicate", tip_id, of)
            .await
    }

    /// Escalates every untouched tip past its deadline: notifies the coordinating agencies
    /// (Pemda) and the police; returns how many escalated.
    pub async fn escalate_tips(&self) -> Result<usize, AppError> {
        let now = self.now_ms();
        let policy = forwarding_policy();
        let agencies = self.store.agencies().await?;
        let mut n = 0;
        for mut t in self.store.tips(10_000).await? {
            let status: TipStatus = parse_code("status", &t.status)?;
            let severity: Severity = parse_code("severity", &t.severity)?;
            if t.escalated || !policy.must_escalate(severity, status, t.received_at, now) {
                continue;
            }
            t.escalated = true;
            t.updated_at = now;
            self.store.update_tip(&t).await?;
            for a in agencies.iter().filter(|a| {
                matches!(
                    a.kind,
                    sinergi_domain::org::AgencyKind::Pemda | sinergi_domain::org::AgencyKind::Polri
                )
            }) {
                self.notify(&a.code, "tip_escalated", &t.id, severity.code())
                    .await?;
            }
            self.audit(
                &Origin {
                    actor: "system".into(),
                    client: "system".into(),
                },
                "tip.escalate",
                &t.id,
                severity.code(),
            )
            .await?;
            n += 1;
        }
        Ok(n)
    }
}

// ------------------------------------------------------------------ cases

impl App {
    /// Opens a case led by the actor's agency (optionally from a tip).
    pub async fn open_case(&self, actor: &Actor, new: NewCase) -> Result<CaseRow, AppError> {
        actor.require(Permission::ManageCases)?;
        let kind: CaseKind = parse_code("kind", &new.kind)?;
        let title = required("title", &new.title)?;
        let started = parse_date("started_on", &new.started_on)?;
        let year = self.today().year();
        let prefix = format!("SNG/{year}/");
        let now = self.now_ms();
        let mut tip = match &new.tip_id {
            Some(id) if !id.is_empty() => Some(self.tip_for_triage(actor, id).await?),
            _ => None,
        };
        let mut case = None;
        for attempt in 0..5 {
            let seq = self.store.count_cases_with_prefix(&prefix).await? + 1 + attempt;
            let row = CaseRow {
                id: new_id(),
                number: CaseNumber {
                    year,
                    seq: u32::try_from(seq).unwrap_or(u32::MAX),
                }
                .to_string(),
                kind: kind.code().into(),
                title: title.clone(),
                lead_agency: actor.user.agency_code.clone(),
                regime: Regime::for_start(started).code().into(),
                started_on: date_text(started),
                status: "open".into(),
                created_by: actor.user.id.clone(),
                created_at: now,
            };
            match self.store.insert_case(&row).await {
                Ok(()) => {
                    case = Some(row);
                    break;
                }
                Err(sinergi_store::StoreError::Conflict(_)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        let case = case.ok_or(AppError::Conflict("case_number_busy"))?;
        self.case_event(
            actor,
            &case.id,
            "case.open",
            &format!("{} {}", case.kind, case.regime),
        )
        .await?;
        if let Some(t) = tip.as_mut() {
            t.status = TipStatus::CaseOpened.code().into();
            t.case_id = Some(case.id.clone());
            t.assigned_agency = Some(actor.user.agency_code.clone());
            t.updated_at = now;
            self.store.update_tip(t).await?;
            if let Some(name) = &t.suspect_name {
                self.store
                    .insert_case_person(&CasePersonRow {
                        id: new_id(),
                        case_id: case.id.clone(),
                        role: PersonRole::Suspect.code().into(),
                        name: Some(name.clone()),
                        phone_idx: t.suspect_phone_idx.clone(),
                        added_at: now,
                        ..Default::default()
                    })
                    .await?;
            }
            self.store.link_case(&case.id, "tip", &t.id, now).await?;
            self.case_event(actor, &case.id, "case.link_tip", &t.id)
                .await?;
        }
        Ok(case)
    }

    /// Cases visible to the actor's agency, optionally filtered by number or title.
    pub async fn cases(&self, actor: &Actor, query: &str) -> Result<Vec<CaseRow>, AppError> {
        actor.require(Permission::ViewCases)?;
        Ok(self
            .store
            .cases_visible_to(&actor.user.agency_code, query)
            .await?)
    }

    /// CSV export of the visible cases (number, kind, lead, regime, start, status): no people.
    pub async fn export_cases_csv(&self, actor: &Actor) -> Result<String, AppError> {
        actor.require(Permission::ViewCases)?;
        let rows = self.cases(actor, "").await?;
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "number",
            "kind",
            "lead_agency",
            "regime",
            "started_on",
            "status",
        ])
        .map_err(|e| AppError::Internal(e.to_string()))?;
        for c in &rows {
            w.write_record([
                &c.number,
                &c.kind,
                &c.lead_agency,
                &c.regime,
                &c.started_on,
                &c.status,
            ])
            .map_err(|e| AppError::Internal(e.to_string()))?;
        }
        self.audit(
            &actor.origin(),
            "case.export",
            &actor.user.agency_code,
            &rows.len().to_string(),
        )
        .await?;
        String::from_utf8(
            w.into_inner()
                .map_err(|e| AppError::Internal(e.to_string()))?,
        )
        .map_err(|e| AppError::Internal(e.to_string()))
    }

    /// Everything about a case its viewer may see.
    pub async fn case_detail(&self, actor: &Actor, case_id: &str) -> Result<CaseDetail, AppError> {
        let case = self.visible_case(actor, case_id).await?;
        let people = self.store.case_people(case_id).await?;
        let views = people
            .iter()
            .map(|p| self.person_view(actor, p))
            .collect::<Result<Vec<_>, _>>()?;
        let legal = self.legal_progress(&case, &views).await?;
        self.audit(&actor.origin(), "case.view", case_id, "")
            .await?;
        Ok(CaseDetail {
            id: case.id.clone(),
            number: case.number.clone(),
            kind: parse_code("kind", &case.kind)?,
            title: case.title.clone(),
            lead_agency: case.lead_agency.clone(),
            agencies: self.store.case_agencies(case_id).await?,
            regime: parse_code("regime", &case.regime)?,
            started_on: case.started_on.clone(),
            status: case.status.clone(),
            people: views,
            entities: self
                .store
                .case_entities(case_id)
                .await?
                .into_iter()
                .map(|e| (e.entity_kind, e.name, e.detail))
                .collect(),
            timeline: self
                .store
                .case_events(case_id)
                .await?
                .into_iter()
                .map(|e| (e.at, e.agency_name, e.actor_id, e.kind, e.detail))
                .collect(),
            links: self
                .store
                .case_links(case_id)
                .await?
                .into_iter()
                .map(|l| (l.link_kind, l.ref_id))
                .collect(),
            attachments: self
                .store
                .case_attachments(case_id)
                .await?
                .into_iter()
                .map(|a| (a.id, a.file_name, a.content_type, a.size))
                .collect(),
            referrals: self
                .store
                .referrals_for_case(case_id)
                .await?
                .into_iter()
                .map(|r| {
                    (
                        r.id,
                        r.from_agency,
                        r.to_agency,
                        r.purpose,
                        r.state,
                        r.due_at,
                    )
                })
                .collect(),
            legal,
            assistance: self
                .store
                .assistance_for_case(case_id)
                .await?
                .into_iter()
                .map(|a| {
                    (
                        a.service,
                        a.agency_code,
                        a.started_on,
                        a.ended_on,
                        a.outcome,
                        a.simfoni_no,
                    )
                })
                .collect(),
        })
    }

    /// Adds a person; victim identity (and of other protected roles) is stored only sealed.
    pub async fn add_case_person(
        &self,
        actor: &Actor,
        case_id: &str,
        new: NewCasePerson,
    ) -> Result<String, AppError> {
        actor.require(Permission::ManageCases)?;
        self.visible_case(actor, case_id).await?;
        let role: PersonRole = parse_code("role", &new.role)?;
        let name = required("name", &new.name)?;
        let nik = match new.nik.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(n) => Some(
                match sinergi_domain::nik::Nik::parse(n) {
                    Err(e) if e.is_region_warning() && new.nik_region_accepted => {
                        sinergi_domain::nik::Nik::parse_accepting_unknown_region(n)
                    }
                    Err(e) if e.is_region_warning() => {
                        return Err(AppError::invalid(
                            "nik",
                            "nik_region_unknown",
                            "the NIK's region code is in no code list; check the KTP and accept",
                        ));
                    }
                    other => other,
                }
                .map_err(|_| AppError::invalid("nik", "invalid_nik", "not a valid NIK"))?
                .to_string(),
            ),
            None => None,
        };
        let phone = match new
            .phone
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(p) => Some(
                sinergi_domain::phone::Phone::parse(p)
                    .map_err(|_| AppError::invalid("phone", "invalid_phone", "not a phone number"))?
                    .e164()
                    .to_string(),
            ),
            None => None,
        };
        let investigator = match (&role, new.investigator.as_deref()) {
            (PersonRole::Suspect, Some(i)) if !i.is_empty() => Some(
                parse_code::<legal::Investigator>("investigator", i)?
                    .code()
                    .to_string(),
            ),
            _ => None,
        };
        let seal = |v: &Option<String>, f: Field| -> Result<Option<Vec<u8>>, AppError> {
            v.as_deref().map(|s| self.vault.seal(f, s)).transpose()
        };
        let protected = role.protected_identity();
        let row = CasePersonRow {
            id: new_id(),
            case_id: case_id.to_string(),
            role: role.code().into(),
            name: if protected { None } else { Some(name.clone()) },
            name_enc: if protected {
                Some(self.vault.seal(Field::VictimIdentity, &name)?)
            } else {
                None
            },
            nik_enc: seal(&nik, Field::Nik)?,
            nik_idx: nik.as_deref().map(|n| self.vault.index(Field::Nik, n)),
            phone_enc: seal(&phone, Field::Phone)?,
            phone_idx: phone.as_deref().map(|p| self.vault.index(Field::Phone, p)),
            address_enc: if protected {
                seal(&new.address, Field::VictimIdentity)?
            } else {
                None
            },
            birth_date: match new.birth_date.as_deref().filter(|s| !s.is_empty()) {
                Some(d) => Some(date_text(parse_date("birth_date", d)?)),
                None => None,
            },
            investigator,
            added_at: self.now_ms(),
        };
        self.store.insert_case_person(&row).await?;
        self.case_event(
            actor,
            case_id,
            "case.add_person",
            &format!("{} {}", row.role, row.id),
        )
        .await?;
        Ok(row.id)
    }

    /// Adds an organisation (P3MI, company) or a place.
    pub async fn add_case_entity(
        &self,
        actor: &Actor,
        case_id: &str,
        kind: &str,
        name: &str,
        detail: &str,
    ) -> Result<(), AppError> {
        actor.require(Permission::ManageCases)?;
        self.visible_case(actor, case_id).await?;
        if !matches!(kind, "p3mi" | "company" | "place") {
            return Err(AppError::invalid(
                "entity_kind",
                "invalid_code",
                "p3mi, company or place",
            ));
        }
        let id = new_id();
        self.store
            .insert_entity(&EntityRow {
                id: id.clone(),
                case_id: case_id.into(),
                entity_kind: kind.into(),
                name: required("name", name)?,
                detail: detail.trim().into(),
                added_at: self.now_ms(),
            })
            .await?;
        self.case_event(actor, case_id, "case.add_entity", &format!("{kind} {id}"))
            .await
    }

    /// Links a screening record (by id) to a case.
    pub async fn link_screening(
        &self,
        actor: &Actor,
        case_id: &str,
        screening_id: &str,
    ) -> Result<(), AppError> {
        if !actor.can(Permission::ManageCases) && !actor.can(Permission::ScreenApplicants) {
            return Err(AppError::Forbidden);
        }
        self.visible_case(actor, case_id).await?;
        let sid = required("screening_id", screening_id)?;
        self.store
            .link_case(case_id, "screening", &sid, self.now_ms())
            .await?;
        self.case_event(actor, case_id, "case.link_screening", &sid)
            .await
    }

    /// Stores an attachment under `data_dir/cases/<case>/<id>` after checking size and type
    /// from its content.
    pub async fn add_attachment(
        &self,
        actor: &Actor,
        case_id: &str,
        data_dir: &Path,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<String, AppError> {
        actor.require(Permission::ManageCases)?;
        self.visible_case(actor, case_id).await?;
        let content_type = attachment_type(bytes)
            .map_err(|e| AppError::invalid("file", "invalid_attachment", e.to_string()))?;
        let safe: String = file_name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            .take(100)
            .collect();
        let id = new_id();
        let rel = format!("cases/{case_id}/{id}");
        let dir = data_dir.join("cases").join(case_id);
        std::fs::create_dir_all(&dir)
            .map_err(|e| AppError::Internal(format!("attachment dir: {e}")))?;
        std::fs::write(dir.join(&id), bytes)
            .map_err(|e| AppError::Internal(format!("attachment write: {e}")))?;
        let sha = crate::audit::hex(&Sha256::digest(bytes));
        self.store
            .insert_attachment(&AttachmentRow {
                id: id.clone(),
                case_id: case_id.into(),
                file_name: if safe.is_empty() { "file".into() } else { safe },
                content_type: content_type.into(),
                size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                sha256: sha,
                path: rel,
                added_by: actor.user.id.clone(),
                added_at: self.now_ms(),
            })
            .await?;
        self.case_event(actor, case_id, "case.attach", &id).await?;
        Ok(id)
    }

    /// Records a victim's consent to share their data for `purpose`.
    pub async fn record_victim_consent(
        &self,
        actor: &Actor,
        person_id: &str,
        purpose: &str,
        given_on: &str,
    ) -> Result<(), AppError> {
        actor.require(Permission::ManageCases)?;
        let p = self
            .store
            .case_person(person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.visible_case(actor, &p.case_id).await?;
        let day = parse_date("given_on", given_on)?;
        let id = new_id();
        self.store
            .insert_case_consent(
                &id,
                person_id,
                required("purpose", purpose)?.as_str(),
                &date_text(day),
                &actor.user.id,
                self.now_ms(),
            )
            .await?;
        self.case_event(
            actor,
            &p.case_id,
            "case.consent",
            &format!("{person_id} {purpose}"),
        )
        .await
    }
}

// ------------------------------------------------------------------ referrals

impl App {
    /// Refers a case to another agency. Sharing victim data needs a recorded consent of every
    /// victim for this purpose, unless the actor holds `OverrideConsent` and gives a reason.
    pub async fn refer_case(
        &self,
        actor: &Actor,
        case_id: &str,
        new: NewReferral,
    ) -> Result<String, AppError> {
        actor.require(Permission::HandleReferrals)?;
        let case = self.visible_case(actor, case_id).await?;
        if case.lead_agency != actor.user.agency_code && !actor.can(Permission::ManageCases) {
            return Err(AppError::Forbidden);
        }
        self.store
            .agency(&new.to_agency)
            .await
            .map_err(|_| AppError::invalid("to_agency", "unknown_agency", "unknown agency"))?;
        if new.to_agency == actor.user.agency_code {
            return Err(AppError::invalid(
                "to_agency",
                "self_referral",
                "cannot refer to oneself",
            ));
        }
        let purpose = required("purpose", &new.purpose)?;
        let reason = required("reason", &new.reason)?;
        let due = parse_date("due_on", &new.due_on)?;
        let victims: Vec<_> = self
            .store
            .case_people(case_id)
            .await?
            .into_iter()
            .filter(|p| p.role == PersonRole::Victim.code())
            .collect();
        let mut missing = 0;
        for v in &victims {
            if !self.store.has_case_consent(&v.id, &purpose).await? {
                missing += 1;
            }
        }
        let basis = if victims.is_empty() {
            "no_victim_data".to_string()
        } else if missing == 0 {
            "consent".to_string()
        } else {
            match new
                .override_reason
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                Some(_) if actor.can(Permission::OverrideConsent) => {
                    format!("override:{}", actor.user.id)
                }
                Some(_) => return Err(AppError::Forbidden),
                None => {
                    return Err(AppError::invalid(
                        "consent",
                        "consent_required",
                        "victim consent for this purpose is not recorded",
                    ));
                }
            }
        };
        let now = self.now_ms();
        let due_at = to_millis(
            due.with_hms(23, 59, 59)
                .map_err(|_| AppError::invalid("due_on", "invalid_date", "bad date"))?
                .assume_offset(sinergi_domain::clock::WIB),
        );
        let row = ReferralRow {
            id: new_id(),
            case_id: case_id.into(),
            from_agency: actor.user.agency_code.clone(),
            to_agency: new.to_agency.clone(),
            transfer_lead: purpose == "lead_transfer",
            purpose,
            reason,
            due_at,
            state: ReferralState::InProgress.code().into(),
            state_reason: None,
            consent_basis: basis.clone(),
            created_by: actor.user.id.clone(),
            created_at: now,
            updated_at: now,
            reminded_at: None,
        };
        self.store.insert_referral(&row).await?;
        // The receiving agency must be able to open the case to decide.
        self.store.share_case(case_id, &row.to_agency, now).await?;
        self.case_event(
            actor,
            case_id,
            "case.refer",
            &format!(
                "{} {} {} {}",
                row.id,
                row.to_agency,
                row.purpose,
                basis.split(':').next().unwrap_or("")
            ),
        )
        .await?;
        self.notify(&row.to_agency, "referral", &row.id, &row.purpose)
            .await?;
        Ok(row.id)
    }

    /// Accepts, rejects, completes or revokes a referral; the side is the actor's agency.
    pub async fn referral_action(
        &self,
        actor: &Actor,
        referral_id: &str,
        event: &str,
        reason: &str,
    ) -> Result<ReferralState, AppError> {
        actor.require(Permission::HandleReferrals)?;
        let event: ReferralEvent = parse_code("event", event)?;
        let r = self
            .store
            .referral(referral_id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.visible_case(actor, &r.case_id).await?;
        let side = if actor.user.agency_code == r.to_agency {
            Side::Receiver
        } else if actor.user.agency_code == r.from_agency {
            Side::Sender
        } else {
            return Err(AppError::Forbidden);
        };
        let from: ReferralState = parse_code("state", &r.state)?;
        let to = from
            .apply(event, side, reason)
            .map_err(|e| AppError::invalid("event", "invalid_transition", e.to_string()))?;
        let reason_opt = Some(reason.trim().to_string()).filter(|s| !s.is_empty());
        if !self
            .store
            .update_referral_state(
                referral_id,
                from.code(),
                to.code(),
                reason_opt,
                self.now_ms(),
            )
            .await?
        {
            return Err(AppError::Conflict("referral_changed"));
        }
        if matches!(to, ReferralState::Rejected | ReferralState::Revoked) {
            // Need-to-know: the receiver loses access unless it leads the case or another
            // referral to it is still open or accepted.
            let case = self
                .store
                .case(&r.case_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let other_open = self
                .store
                .referrals_for_case(&r.case_id)
                .await?
                .iter()
                .any(|o| {
                    o.id != r.id
                        && o.to_agency == r.to_agency
                        && matches!(o.state.as_str(), "in_progress" | "accepted" | "done")
                });
            if case.lead_agency != r.to_agency && !other_open {
                self.store.unshare_case(&r.case_id, &r.to_agency).await?;
            }
        }
        if to == ReferralState::Accepted && r.transfer_lead {
            self.store.set_case_lead(&r.case_id, &r.to_agency).await?;
            self.case_event(
                actor,
                &r.case_id,
                "case.lead_transfer",
                &format!("{} {}", r.from_agency, r.to_agency),
            )
            .await?;
        }
        self.case_event(
            actor,
            &r.case_id,
            &format!("referral.{}", event.code()),
            &format!("{referral_id} {}", to.code()),
        )
        .await?;
        let other = if side == Side::Receiver {
            &r.from_agency
        } else {
            &r.to_agency
        };
        self.notify(other, "referral", referral_id, to.code())
            .await?;
        Ok(to)
    }

    /// The referral inbox and outbox of the actor's agency.
    pub async fn case_referral_inbox(&self, actor: &Actor) -> Result<Vec<ReferralRow>, AppError> {
        actor.require(Permission::HandleReferrals)?;
        Ok(self
            .store
            .referrals_for_agency(&actor.user.agency_code)
            .await?)
    }

    /// Sends reminders for overdue referrals (at most once a day each); returns how many.
    pub async fn remind_overdue_referrals(&self) -> Result<usize, AppError> {
        let now = self.now_ms();
        let due = self.store.overdue_referrals(now, now - DAY_MS).await?;
        for r in &due {
            self.notify(&r.to_agency, "referral_overdue", &r.id, &r.state)
                .await?;
            self.notify(&r.from_agency, "referral_overdue", &r.id, &r.state)
                .await?;
            self.store.mark_referral_reminded(&r.id, now).await?;
        }
        Ok(due.len())
    }
}

impl App {
    /// Runs the coordination timers once: escalates untouched tips past their deadline and
    /// reminds both sides of overdue referrals. Returns (tips escalated, referrals reminded).
    /// The binary should call this periodically (e.g. every 5 minutes).
    pub async fn run_coordination_timers(&self) -> Result<(usize, usize), AppError> {
        let tips = self.escalate_tips().await?;
        let referrals = self.remind_overdue_referrals().await?;
        Ok((tips, referrals))
    }
}

// ------------------------------------------------------------------ legal process

impl App {
    async fn suspect_for(
        &self,
        actor: &Actor,
        person_id: &str,
    ) -> Result<(CaseRow, CasePersonRow), AppError> {
        actor.require(Permission::RecordLegalSteps)?;
        let p = self
            .store
            .case_person(person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let case = self.visible_case(actor, &p.case_id).await?;
        if p.role != PersonRole::Suspect.code() {
            return Err(AppError::invalid(
                "person_id",
                "not_a_suspect",
                "only suspects have a legal process",
            ));
        }
        Ok((case, p))
    }

    fn history_of(steps: &[LegalStepRow], person_id: &str) -> Result<Vec<Transition>, AppError> {
        steps
            .iter()
            .filter(|s| s.person_id == person_id)
            .map(|s| {
                Ok(Transition {
                    to: parse_code("stage", &s.stage)?,
                    on: parse_date("on_date", &s.on_date)?,
                    document_no: s.document_no.clone(),
                    office: s.office.clone(),
                })
            })
            .collect()
    }

    /// Records the next legal stage of a suspect (checked by the state machine).
    pub async fn record_legal_step(
        &self,
        actor: &Actor,
        person_id: &str,
        new: NewLegalStep,
    ) -> Result<Stage, AppError> {
        let (case, _p) = self.suspect_for(actor, person_id).await?;
        let steps = self.store.legal_steps_for_case(&case.id).await?;
        let history = Self::history_of(&steps, person_id)?;
        let t = Transition {
            to: parse_code("stage", &new.stage)?,
            on: parse_date("on", &new.on)?,
            document_no: new.document_no.trim().into(),
            office: new.office.trim().into(),
        };
        legal::check(&history, &t)
            .map_err(|e| AppError::invalid("stage", "invalid_transition", e.to_string()))?;
        self.store
            .insert_legal_step(&LegalStepRow {
                id: new_id(),
                case_id: case.id.clone(),
                person_id: person_id.into(),
                seq: i64::try_from(history.len()).unwrap_or(i64::MAX) + 1,
                stage: t.to.code().into(),
                on_date: date_text(t.on),
                document_no: t.document_no.clone(),
                office: t.office.clone(),
                recorded_by: actor.user.id.clone(),
                recorded_at: self.now_ms(),
            })
            .await
            .map_err(|e| match e {
                sinergi_store::StoreError::Conflict(_) => AppError::Conflict("legal_step_changed"),
                e => e.into(),
            })?;
        self.case_event(
            actor,
            &case.id,
            "legal.step",
            &format!("{person_id} {} {}", t.to.code(), date_text(t.on)),
        )
        .await?;
        for a in self.store.case_agencies(&case.id).await? {
            if a != actor.user.agency_code {
                self.notify(&a, "legal_stage", &case.id, t.to.code())
                    .await?;
            }
        }
        Ok(t.to)
    }

    /// Sets the charges of a suspect (older flat form); see [`App::set_indictment`].
    pub async fn set_charges(
        &self,
        actor: &Actor,
        person_id: &str,
        sheet: ChargeSheet,
        offence_on: &str,
    ) -> Result<String, AppError> {
        self.set_indictment(actor, person_id, Indictment::from(sheet), offence_on)
            .await
    }

    /// Sets the charges of a suspect from the text a prosecutor writes
    /// (`Primair: Pasal 4 jo Pasal 10 UU 21/2007 jo Pasal 55 ayat (1) ke-1 KUHP; Subsidair: …`).
    pub async fn set_charges_text(
        &self,
        actor: &Actor,
        person_id: &str,
        text: &str,
        offence_on: &str,
    ) -> Result<String, AppError> {
        let i = Indictment::parse(text)
            .map_err(|e| AppError::invalid("charges", "invalid_charges", e.to_string()))?;
        self.set_indictment(actor, person_id, i, offence_on).await
    }

    /// Sets the charges of a suspect. Articles in the reference table must be in force on the
    /// offence date; articles it does not know are accepted (their penalty is not shown).
    pub async fn set_indictment(
        &self,
        actor: &Actor,
        person_id: &str,
        sheet: Indictment,
        offence_on: &str,
    ) -> Result<String, AppError> {
        let (case, _) = self.suspect_for(actor, person_id).await?;
        let day = parse_date("offence_on", offence_on)?;
        if sheet.counts().iter().any(|c| c.is_empty()) || sheet.counts().is_empty() {
            return Err(AppError::invalid(
                "charges",
                "invalid_charges",
                "a charge needs at least one article per count",
            ));
        }
        let check = sheet.check_against(&articles()?, day);
        if let Some(c) = check.not_in_force.first() {
            return Err(AppError::invalid(
                "charges",
                "invalid_charges",
                format!(
                    "Pasal {} {} is not in force on the offence date",
                    c.article, c.law
                ),
            ));
        }
        let existing = self
            .store
            .charges_for_case(&case.id)
            .await?
            .into_iter()
            .find(|c| c.person_id == person_id);
        self.store
            .upsert_charges(&ChargesRow {
                person_id: person_id.into(),
                case_id: case.id.clone(),
                sheet_json: serde_json::to_string(&sheet)
                    .map_err(|e| AppError::Internal(e.to_string()))?,
                offence_on: date_text(day),
                verdict_json: existing.and_then(|c| c.verdict_json),
                updated_at: self.now_ms(),
            })
            .await?;
        let rendered = sheet.render();
        self.case_event(
            actor,
            &case.id,
            "legal.charges",
            &format!("{person_id} {rendered}"),
        )
        .await?;
        Ok(rendered)
    }

    /// Records the verdict (sentence, fine, restitution) of a suspect with charges.
    pub async fn set_verdict(
        &self,
        actor: &Actor,
        person_id: &str,
        verdict: Verdict,
    ) -> Result<(), AppError> {
        let (case, _) = self.suspect_for(actor, person_id).await?;
        let mut c = self
            .store
            .charges_for_case(&case.id)
            .await?
            .into_iter()
            .find(|c| c.person_id == person_id)
            .ok_or(AppError::invalid(
                "verdict",
                "charges_first",
                "record the charges first",
            ))?;
        c.verdict_json =
            Some(serde_json::to_string(&verdict).map_err(|e| AppError::Internal(e.to_string()))?);
        c.updated_at = self.now_ms();
        self.store.upsert_charges(&c).await?;
        self.case_event(
            actor,
            &case.id,
            "legal.verdict",
            &format!("{person_id} {}", verdict.number),
        )
        .await
    }

    async fn legal_progress(
        &self,
        case: &CaseRow,
        people: &[PersonView],
    ) -> Result<Vec<SuspectProgress>, AppError> {
        let steps = self.store.legal_steps_for_case(&case.id).await?;
        let charges = self.store.charges_for_case(&case.id).await?;
        let today = self.today();
        let mut out = Vec::new();
        for p in people.iter().filter(|p| p.role == PersonRole::Suspect) {
            let h = Self::history_of(&steps, &p.id)?;
            let last = h.last();
            let ch = charges.iter().find(|c| c.person_id == p.id);
            out.push(SuspectProgress {
                person_id: p.id.clone(),
                name: p.name.clone(),
                stage: last.map(|t| t.to),
                phase: last.map(|t| t.to.phase()).unwrap_or(0),
                since: last.map(|t| date_text(t.on)),
                stalled: last.is_some_and(|t| t.to.stalled(t.on, today)),
                p19_rounds: legal::p19_rounds(&h),
                regime: sinergi_domain::cases::process::regime_for(&h).0,
                deadlines: {
                    let regime = sinergi_domain::cases::process::regime_for(&h).0;
                    sinergi_domain::cases::process::deadlines(&h, regime, today)
                        .into_iter()
                        .map(|d| {
                            let due = sinergi_domain::dates::format_id(d.due);
                            (d.rule.code.as_str(), due, d.overdue)
                        })
                        .collect()
                },
                steps: h
                    .iter()
                    .map(|t| {
                        (
                            t.to,
                            date_text(t.on),
                            t.document_no.clone(),
                            t.office.clone(),
                        )
                    })
                    .collect(),
                charges: ch
                    .and_then(|c| {
                        serde_json::from_str::<Indictment>(&c.sheet_json)
                            .ok()
                            .or_else(|| {
                                serde_json::from_str::<ChargeSheet>(&c.sheet_json)
                                    .ok()
                                    .map(Indictment::from)
                            })
                    })
                    .map(|s| s.render()),
                verdict: ch
                    .and_then(|c| c.verdict_json.as_deref())
                    .and_then(|v| serde_json::from_str(v).ok()),
            });
        }
        Ok(out)
    }
}

// ------------------------------------------------------------------ assistance

impl App {
    /// Records a service given to a victim by the actor's agency.
    pub async fn record_assistance(
        &self,
        actor: &Actor,
        case_id: &str,
        new: NewAssistance,
    ) -> Result<String, AppError> {
        actor.require(Permission::RecordAssistance)?;
        self.visible_case(actor, case_id).await?;
        let service: Service = parse_code("service", &new.service)?;
        let outcome: Outcome = parse_code("outcome", &new.outcome)?;
        let start = parse_date("started_on", &new.started_on)?;
        let end = match new.ended_on.as_deref().filter(|s| !s.is_empty()) {
            Some(e) => Some(parse_date("ended_on", e)?),
            None => None,
        };
        if end.is_some_and(|e| e < start) {
            return Err(AppError::invalid(
                "ended_on",
                "end_before_start",
                "end before start",
            ));
        }
        let simfoni = new
            .simfoni_no
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if simfoni.as_deref().is_some_and(|s| !valid_simfoni_number(s)) {
            return Err(AppError::invalid(
                "simfoni_no",
                "invalid_simfoni",
                "not a SIMFONI-PPA number",
            ));
        }
        if let Some(pid) = new.person_id.as_deref().filter(|s| !s.is_empty()) {
            let p = self
                .store
                .case_person(pid)
                .await?
                .ok_or(AppError::NotFound)?;
            if p.case_id != case_id {
                return Err(AppError::NotFound);
            }
        }
        let id = new_id();
        self.store
            .insert_assistance(&AssistanceRow {
                id: id.clone(),
                case_id: case_id.into(),
                person_id: new.person_id.filter(|s| !s.is_empty()),
                service: service.code().into(),
                agency_code: actor.user.agency_code.clone(),
                started_on: date_text(start),
                ended_on: end.map(date_text),
                outcome: outcome.code().into(),
                simfoni_no: simfoni,
                recorded_by: actor.user.id.clone(),
                recorded_at: self.now_ms(),
            })
            .await?;
        self.case_event(
            actor,
            case_id,
            "assistance.record",
            &format!("{id} {} {}", service.code(), outcome.code()),
        )
        .await?;
        Ok(id)
    }
}

// ------------------------------------------------------------------ meetings, bulletins, notices

impl App {
    /// Records a coordination meeting hosted by the actor's agency.
    pub async fn create_meeting(&self, actor: &Actor, new: NewMeeting) -> Result<String, AppError> {
        actor.require(Permission::ManageMeetings)?;
        let day = parse_date("held_on", &new.held_on)?;
        for a in &new.attendees {
            self.store
                .agency(a)
                .await
                .map_err(|_| AppError::invalid("attendees", "unknown_agency", "unknown agency"))?;
        }
        let m = MeetingRow {
            id: new_id(),
            held_on: date_text(day),
            host_agency: actor.user.agency_code.clone(),
            title: required("title", &new.title)?,
            agenda: new.agenda.trim().into(),
            minutes: new.minutes.trim().into(),
            decisions: new.decisions.trim().into(),
            created_by: actor.user.id.clone(),
            created_at: self.now_ms(),
        };
        self.store.insert_meeting(&m, &new.attendees).await?;
        self.audit(
            &actor.origin(),
            "meeting.create",
            &m.id,
            &new.attendees.len().to_string(),
        )
        .await?;
        Ok(m.id)
    }

    /// Meetings with their attendees and action items.
    pub async fn meetings(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(MeetingRow, Vec<String>, Vec<ActionItemRow>)>, AppError> {
        actor.require(Permission::ViewDashboard)?;
        let mut out = Vec::new();
        for m in self.store.meetings().await? {
            let att = self.store.meeting_attendees(&m.id).await?;
            let items = self.store.action_items(&m.id).await?;
            out.push((m, att, items));
        }
        Ok(out)
    }

    /// Assigns an action item of a meeting to an agency.
    pub async fn add_action_item(
        &self,
        actor: &Actor,
        meeting_id: &str,
        agency: &str,
        description: &str,
        due_on: &str,
    ) -> Result<String, AppError> {
        actor.require(Permission::ManageMeetings)?;
        self.store
            .meeting(meeting_id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.store
            .agency(agency)
            .await
            .map_err(|_| AppError::invalid("agency", "unknown_agency", "unknown agency"))?;
        let due = parse_date("due_on", due_on)?;
        let id = new_id();
        self.store
            .insert_action_item(&ActionItemRow {
                id: id.clone(),
                meeting_id: meeting_id.into(),
                agency_code: agency.into(),
                description: required("description", description)?,
                due_on: date_text(due),
                state: ActionState::Open.code().into(),
                closed_by: None,
                closed_at: None,
            })
            .await?;
        self.audit(&actor.origin(), "meeting.action_item", &id, agency)
            .await?;
        self.notify(agency, "action_item", &id, &date_text(due))
            .await?;
        Ok(id)
    }

    /// Closes an action item as done (its agency) or cancelled (a meeting manager).
    pub async fn close_action_item(
        &self,
        actor: &Actor,
        item_id: &str,
        to: &str,
    ) -> Result<(), AppError> {
        actor.require(Permission::ViewDashboard)?;
        let to: ActionState = parse_code("state", to)?;
        let item = self
            .store
            .action_item(item_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let own =
            item.agency_code == actor.user.agency_code && actor.can(Permission::ViewDashboard);
        let allowed = match to {
            ActionState::Done => own || actor.can(Permission::ManageMeetings),
            _ => actor.can(Permission::ManageMeetings),
        };
        if !allowed {
            return Err(AppError::Forbidden);
        }
        let from: ActionState = parse_code("state", &item.state)?;
        from.close(to)
            .map_err(|e| AppError::invalid("state", "invalid_transition", e.to_string()))?;
        if !self
            .store
            .close_action_item(item_id, to.code(), &actor.user.id, self.now_ms())
            .await?
        {
            return Err(AppError::Conflict("action_item_changed"));
        }
        self.audit(&actor.origin(), "meeting.action_close", item_id, to.code())
            .await
    }

    /// Posts a bulletin to every agency.
    pub async fn post_bulletin(
        &self,
        actor: &Actor,
        kind: &str,
        title: &str,
        body: &str,
        region_code: Option<String>,
    ) -> Result<String, AppError> {
        actor.require(Permission::ViewCases)?;
        let kind: BulletinKind = parse_code("kind", kind)?;
        let id = new_id();
        self.store
            .insert_bulletin(&BulletinRow {
                id: id.clone(),
                from_agency: actor.user.agency_code.clone(),
                kind: kind.code().into(),
                title: required("title", title)?,
                body: required("body", body)?,
                region_code: region_code.filter(|r| !r.is_empty()),
                created_by: actor.user.id.clone(),
                created_at: self.now_ms(),
            })
            .await?;
        self.audit(&actor.origin(), "bulletin.post", &id, kind.code())
            .await?;
        Ok(id)
    }

    /// Bulletins with their read receipts (user id, agency, when).
    pub async fn bulletins(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(BulletinRow, Vec<(String, String, i64)>)>, AppError> {
        actor.require(Permission::ViewDashboard)?;
        let mut out = Vec::new();
        for b in self.store.bulletins().await? {
            let reads = self.store.bulletin_reads(&b.id).await?;
            out.push((b, reads));
        }
        Ok(out)
    }

    /// Records that the actor read a bulletin.
    pub async fn read_bulletin(&self, actor: &Actor, bulletin_id: &str) -> Result<(), AppError> {
        actor.require(Permission::ViewDashboard)?;
        self.store
            .mark_bulletin_read(
                bulletin_id,
                &actor.user.id,
                &actor.user.agency_code,
                self.now_ms(),
            )
            .await?;
        Ok(())
    }

    /// Notifications of the actor's agency, newest first.
    pub async fn notifications(&self, actor: &Actor) -> Result<Vec<NotificationRow>, AppError> {
        Ok(self
            .store
            .notifications(&actor.user.agency_code, 200)
            .await?)
    }

    /// What the home page shows: overdue action items, pending and overdue referrals, unread
    /// notifications of the actor's agency.
    pub async fn home_notices(&self, actor: &Actor) -> Result<HomeNotices, AppError> {
        let today = self.today();
        let now = self.now_ms();
        let mut n = HomeNotices::default();
        for a in self
            .store
            .open_action_items(&actor.user.agency_code)
            .await?
        {
            if parse_date("due_on", &a.due_on).is_ok_and(|d| ActionState::Open.overdue(d, today)) {
                n.overdue_actions.push((a.id, a.description, a.due_on));
            }
        }
        for r in self
            .store
            .referrals_for_agency(&actor.user.agency_code)
            .await?
        {
            let st: ReferralState = parse_code("state", &r.state)?;
            if r.to_agency == actor.user.agency_code && st == ReferralState::InProgress {
                n.pending_referrals += 1;
            }
            if st.overdue(r.due_at, now) {
                n.overdue_referrals += 1;
            }
        }
        n.unread = self
            .store
            .notifications(&actor.user.agency_code, 200)
            .await?
            .iter()
            .filter(|x| x.read_at.is_none())
            .count();
        Ok(n)
    }
}
