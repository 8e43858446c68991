//! Tips from the public form and the public API: what an anonymous caller may say.
//!
//! An anonymous reporter chooses neither the channel (always `portal`) nor a region beyond a
//! location picked from the Malang Raya kecamatan; every field has a length limit; a hidden
//! honeypot field catches form-filling robots; submissions are rate-limited per address and
//! overall, so a flood cannot bury real tips. What the reporter says about urgency (a child, danger
//! now) is kept as their statement: triage sees it and confirms it
//! ([`App::confirm_tip_urgency`]), and only a confirmed urgency triggers the mandatory alert.

use super::{NewTip, forwarding_policy};
use crate::audit::Origin;
use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::cases::coordination_record::NotificationKind;
use sinergi_domain::cases::tip::Severity;
use sinergi_domain::region::{self, MALANG_RAYA, RegionLevel};
use std::collections::HashMap;
use std::sync::Mutex;

/// Tips one address may file per [`WINDOW_MS`].
pub const PER_ADDRESS: usize = 5;
/// Tips all anonymous callers together may file per [`WINDOW_MS`].
pub const GLOBAL: usize = 120;
/// The rate-limit window: 15 minutes.
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// Longest suspect name, narrative and contact (characters).
pub const MAX_NAME: usize = 120;
/// Longest narrative.
pub const MAX_NARRATIVE: usize = 4000;
/// Longest contact.
pub const MAX_CONTACT: usize = 200;

/// What an anonymous reporter may send.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PublicTip {
    /// `tppo`, `pmi_np` or `smuggling`.
    pub kind: String,
    /// The reporter says a child is involved.
    pub child_involved: bool,
    /// The reporter says someone is in danger now.
    pub imminent_danger: bool,
    /// The person concerned agrees that the police are told.
    pub consent: bool,
    /// A Malang Raya kecamatan code from the picker, or empty.
    pub location: String,
    /// Name of the recruiter/suspect.
    pub suspect_name: String,
    /// What happened.
    pub narrative: String,
    /// How to reach the reporter.
    pub reporter_contact: String,
    /// The honeypot: a field people never see; robots fill it.
    pub website: String,
}

/// Instants of recent submissions (epoch ms) per address, and of all of them.
type Recent = (HashMap<String, Vec<i64>>, Vec<i64>);

/// Recent anonymous submissions, in memory: per address and overall.
#[derive(Debug, Default)]
pub struct Limiter {
    recent: Mutex<Recent>,
}

impl Limiter {
    /// Counts a submission at `now` from `client`, or refuses it when over a limit.
    fn admit(&self, client: &str, now: i64) -> bool {
        let Ok(mut guard) = self.recent.lock() else {
            return false;
        };
        let (per, all) = &mut *guard;
        let since = now - WINDOW_MS;
        all.retain(|t| *t > since);
        per.retain(|_, v| {
            v.retain(|t| *t > since);
            !v.is_empty()
        });
        let mine = per.entry(client.to_string()).or_default();
        if mine.len() >= PER_ADDRESS || all.len() >= GLOBAL {
            return false;
        }
        mine.push(now);
        all.push(now);
        true
    }
}

/// The kecamatan of Malang Raya for the location picker: `(code, name)`, by kab/kota then name.
pub fn location_choices() -> Vec<(String, &'static str)> {
    MALANG_RAYA
        .iter()
        .flat_map(|k| region::descendants_at(*k, RegionLevel::Kecamatan))
        .map(|r| (r.code().to_string(), r.name()))
        .collect()
}

fn limited(field: &'static str, text: &str, max: usize) -> Result<String, AppError> {
    let t = text.trim();
    if t.chars().count() > max {
        return Err(AppError::invalid(
            field,
            "text_too_long",
            format!("{field}: at most {max} characters"),
        ));
    }
    Ok(t.to_string())
}

impl App {
    /// Files a tip from an anonymous caller (the public form and `POST /api/v1/tips`); returns
    /// the receipt code.
    pub async fn submit_public_tip(
        &self,
        client: &str,
        tip: PublicTip,
    ) -> Result<String, AppError> {
        let origin = Origin {
            actor: "public".into(),
            client: client.into(),
        };
        // Refusals are not audited: a flood would otherwise fill the audit trail instead.
        if !tip.website.trim().is_empty() {
            tracing::info!("public tip refused: honeypot field filled");
            return Err(AppError::invalid("website", "tip_rejected", "not accepted"));
        }
        if !self.public_limits.admit(client, self.now_ms()) {
            tracing::info!("public tip refused: rate limit");
            return Err(AppError::Throttled);
        }
        let kind = limited("kind", &tip.kind, 20)?;
        let suspect_name = limited("suspect_name", &tip.suspect_name, MAX_NAME)?;
        let narrative = limited("narrative", &tip.narrative, MAX_NARRATIVE)?;
        let contact = limited("reporter_contact", &tip.reporter_contact, MAX_CONTACT)?;
        let location = tip.location.trim();
        let region_code = if location.is_empty() {
            None
        } else {
            let r = region::lookup_str(location)
                .filter(|r| r.level() == RegionLevel::Kecamatan && region::is_malang_raya(r.code()))
                .ok_or_else(|| {
                    AppError::invalid(
                        "location",
                        "location_unknown",
                        "not a Malang Raya kecamatan",
                    )
                })?;
            Some(r.code().to_string())
        };
        let stated = Severity::assess(tip.child_involved, tip.imminent_danger);
        self.atomically(async |app| {
            let receipt = app
                .submit_tip(
                    &origin,
                    NewTip {
                        channel: "portal".into(),
                        kind,
                        // The reporter's urgency is a statement for triage, not an alert.
                        child_involved: false,
                        imminent_danger: false,
                        consent: tip.consent,
                        region_code,
                        suspect_name: Some(suspect_name),
                        suspect_phone: None,
                        narrative,
                        reporter_contact: Some(contact),
                    },
                )
                .await?;
            if stated != Severity::Ordinary {
                let tip = app
                    .store
                    .tip_by_receipt(&receipt)
                    .await?
                    .ok_or_else(|| AppError::Internal("tip just filed not found".into()))?;
                app.store
                    .set_tip_reported_severity(&tip.id, stated.code())
                    .await?;
            }
            Ok(receipt)
        })
        .await
    }

    /// What the reporter of a tip said about its urgency (only for an agency that holds the tip).
    pub async fn tip_reported_urgency(
        &self,
        actor: &Actor,
        tip_id: &str,
    ) -> Result<Option<Severity>, AppError> {
        actor.require(Permission::TriageTips)?;
        let tip = self.store.tip(tip_id).await?.ok_or(AppError::NotFound)?;
        let kind = self.agency_kind_of(actor).await?;
        if !tip.held_by(&forwarding_policy(), &actor.user.agency_code, kind) {
            return Err(AppError::NotFound);
        }
        match self.store.tip_reported_severity(tip_id).await? {
            Some(code) => Ok(code.parse().ok()),
            None => Ok(None),
        }
    }

    /// Triage confirms (or sets) a tip's urgency; a child or danger now then triggers the
    /// mandatory alert to every receiving agency, as for a tip taken by staff.
    pub async fn confirm_tip_urgency(
        &self,
        actor: &Actor,
        tip_id: &str,
        child_involved: bool,
        imminent_danger: bool,
    ) -> Result<(), AppError> {
        let severity = Severity::assess(child_involved, imminent_danger);
        self.atomically(async |app| {
            let mut tip = app.tip_for_change(actor, tip_id).await?;
            let expected = tip.status;
            tip.severity = severity;
            tip.escalate_at = forwarding_policy().escalation_deadline(severity, tip.received_at);
            tip.updated_at = app.now_ms();
            app.save_tip(&tip, expected).await?;
            app.audit(
                &actor.origin(),
                "tip.urgency_confirmed",
                tip_id,
                severity.code(),
            )
            .await?;
            if severity.mandatory_forwarding() {
                let mandatory: Vec<_> = forwarding_policy()
                    .evaluate(tip.kind, severity, tip.consent)
                    .into_iter()
                    .filter(|d| d.basis == sinergi_domain::cases::tip::ForwardBasis::Mandatory)
                    .map(|d| d.agency_kind)
                    .collect();
                for a in app.store.agencies().await? {
                    if mandatory.contains(&a.kind) {
                        app.notify(
                            &a.code,
                            NotificationKind::TipMandatory,
                            tip_id,
                            severity.code(),
                        )
                        .await?;
                    }
                }
            }
            Ok(())
        })
        .await
    }
}
