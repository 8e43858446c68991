//! Shared case work: tips, cases, referrals, the legal process, victim assistance, meetings,
//! bulletins, notifications and the network view.
//!
//! Need-to-know is enforced here, once: a case is visible only to its lead agency and the
//! agencies it is shared with. Every read of a case goes through [`App::visible_case`], which
//! answers `NotFound` to anyone else (by id, search or export alike) and writes the denied
//! attempt to the audit trail. Victim identity is stored only sealed and is opened only for
//! actors holding `ViewVictimIdentity`. Every change goes to the audit trail (ids and codes) and
//! to the case timeline (who, when, agency name in force at the time).

mod assistance_meetings;
mod demo;
mod from_agency;
mod legal_process;
pub mod network;
pub mod public_tip;
mod records;
mod referrals;
mod support;
mod tips;
mod views;

pub use demo::seed_demo_cases;
pub use from_agency::{LinkView, LinkableScreening};
pub use views::*;

use crate::audit::Origin;
use crate::auth::Actor;
use crate::vault::Field;
use crate::{App, AppError};
use sha2::{Digest, Sha256};
use sinergi_domain::access::Permission;
use sinergi_domain::cases::assistance::{Outcome, Service, valid_simfoni_number};
use sinergi_domain::cases::case::CaseStatus;
use sinergi_domain::cases::case::{attachment_type, visible_to};
use sinergi_domain::cases::case_record::{
    Attachment, Case, CaseEntity, CaseEvent, CasePerson, EntityKind, LinkKind,
};
use sinergi_domain::cases::charges::{ArticleRef, ChargeSheet, Verdict};
use sinergi_domain::cases::coordination_record::{
    ActionItem, Assistance, Bulletin, BulletinRead, Meeting, Notification, NotificationKind,
};
use sinergi_domain::cases::indictment::Indictment;
use sinergi_domain::cases::legal::{self, Regime, Stage, Transition};
use sinergi_domain::cases::legal_record::{Charges, LegalStep};
use sinergi_domain::cases::meeting::{ActionState, BulletinKind};
use sinergi_domain::cases::referral::{ReferralEvent, ReferralState, Side};
use sinergi_domain::cases::referral_record::Referral;
use sinergi_domain::cases::tip::{
    ForwardDecision, ForwardingPolicy, Severity, TipChannel, TipStatus, normalise_receipt,
    receipt_code,
};
use sinergi_domain::cases::tip_record::{Tip, TipChangeError};
use sinergi_domain::cases::{CaseKind, CaseNumber, DAY_MS, PersonRole, mask_name};
use sinergi_domain::clock::to_millis;
use sinergi_domain::org::AgencyKind;
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
