//! Tips (laporan masyarakat): severity, the forwarding policy and the escalation timer.
//!
//! The forwarding policy follows Indonesian law, not a foreign hotline's practice: trafficking and
//! the other offences here are not complaint offences (delik aduan), and a civil servant who
//! learns of a crime in the course of duty must report it to an investigator (KUHAP 1981 Pasal
//! 108 ayat (3); its 2025 successor). So every tip reaches law enforcement under that duty; the
//! victim's consent governs what it governs: whether their identity is shared and whether
//! services are offered to them. A child or imminent danger is forwarded with identity (vital
//! interest). The policy and its legal basis are data ([`ForwardingPolicy`],
//! `data/cases/forwarding.toml`), evaluated by a pure function.

use super::{CaseKind, DAY_MS, coded_enum};
use crate::org::AgencyKind;

coded_enum!(
    /// Where a tip came from.
    TipChannel, "tip channel", {
        /// The public web portal (no sign-in).
        Portal => "portal",
        /// A village head (kepala desa) or village officer.
        VillageHead => "village_head",
        /// Entered by an officer from a phone call.
        Phone => "phone",
        /// Reported by another agency in the course of its duty (e.g. Imigrasi reporting an
        /// applicant it deferred as a likely PMI-NP): the tip names the reporting agency and the
        /// record it came from.
        Agency => "agency",
    }
);

coded_enum!(
    /// How urgent a tip is; the triage queue sorts on it.
    Severity, "severity", {
        /// Someone is in danger now.
        ImminentDanger => "imminent_danger",
        /// A child is involved.
        Child => "child",
        /// Everything else.
        Ordinary => "ordinary",
    }
);

coded_enum!(
    /// Where a tip stands, as its reporter can follow it by receipt code.
    TipStatus, "tip status", {
        /// Received, nobody has acted yet.
        Received => "received",
        /// Assigned to an agency that is looking at it.
        Assigned => "assigned",
        /// Merged into another tip about the same situation.
        Duplicate => "duplicate",
        /// Became (or joined) a case.
        CaseOpened => "case_opened",
        /// Closed without a case.
        Closed => "closed",
    }
);

impl Severity {
    /// The severity that follows from what the reporter said.
    pub fn assess(child_involved: bool, imminent_danger: bool) -> Severity {
        if imminent_danger {
            Severity::ImminentDanger
        } else if child_involved {
            Severity::Child
        } else {
            Severity::Ordinary
        }
    }

    /// Sort rank: lower is more urgent.
    pub fn rank(self) -> u8 {
        match self {
            Severity::ImminentDanger => 0,
            Severity::Child => 1,
            Severity::Ordinary => 2,
        }
    }

    /// Whether forwarding to law enforcement is mandatory whatever the consent.
    pub fn mandatory_forwarding(self) -> bool {
        matches!(self, Severity::ImminentDanger | Severity::Child)
    }
}

/// On what basis a tip is forwarded to an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForwardBasis {
    /// A child or imminent danger: always forwarded, with identity.
    Mandatory,
    /// The duty of civil servants to report a crime they learn of (KUHAP 1981 Pasal 108(3)).
    DutyToReport,
    /// A complaint offence: forwarded to enforcement only with the person's consent.
    Consent,
    /// The agency gives services, not enforcement: offered to the person.
    ServiceOffer,
}

impl ForwardBasis {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            ForwardBasis::Mandatory => "mandatory",
            ForwardBasis::DutyToReport => "duty_to_report",
            ForwardBasis::Consent => "consent",
            ForwardBasis::ServiceOffer => "service_offer",
        }
    }
}

/// One rule of the forwarding policy: which agency kind receives which tips.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardingRule {
    /// Kind of the receiving agency.
    pub agency_kind: AgencyKind,
    /// Case kinds it receives (empty = all).
    pub kinds: Vec<CaseKind>,
    /// Whether the agency enforces law (receives tips under the duty to report).
    pub enforcement: bool,
}

/// The legal basis of the policy, cited with each decision.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PolicyBasis {
    /// The duty to report (e.g. `KUHAP 1981 Pasal 108 ayat (3)`).
    pub duty_to_report: String,
    /// What the victim's consent governs, and its basis.
    pub consent: String,
    /// Case kinds that are complaint offences (delik aduan): enforcement only with consent.
    pub complaint_kinds: Vec<CaseKind>,
}

/// The forwarding policy and the escalation deadlines, configurable as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardingPolicy {
    /// The rules, in order.
    pub rules: Vec<ForwardingRule>,
    /// Hours before an untouched tip escalates, for imminent danger.
    pub escalate_hours_imminent: i64,
    /// Hours for a tip involving a child.
    pub escalate_hours_child: i64,
    /// Hours for an ordinary tip.
    pub escalate_hours_ordinary: i64,
    /// The legal basis.
    pub basis: PolicyBasis,
}

impl Default for ForwardingPolicy {
    /// The Malang Raya default: police receive TPPO/PMI-NP, immigration smuggling and PMI-NP,
    /// Disnaker and BP3MI PMI-NP, UPTD PPA (Pemda) and IOM everything as a service offer.
    fn default() -> Self {
        use AgencyKind as K;
        ForwardingPolicy {
            rules: vec![
                ForwardingRule {
                    agency_kind: K::Polri,
                    kinds: vec![],
                    enforcement: true,
                },
                ForwardingRule {
                    agency_kind: K::Imigrasi,
                    kinds: vec![CaseKind::Smuggling, CaseKind::PmiNp],
                    enforcement: true,
                },
                ForwardingRule {
                    agency_kind: K::Disnaker,
                    kinds: vec![CaseKind::PmiNp],
                    enforcement: true,
                },
                ForwardingRule {
                    agency_kind: K::Bp3mi,
                    kinds: vec![CaseKind::PmiNp, CaseKind::Tppo],
                    enforcement: false,
                },
                ForwardingRule {
                    agency_kind: K::Pemda,
                    kinds: vec![],
                    enforcement: false,
                },
                ForwardingRule {
                    agency_kind: K::Iom,
                    kinds: vec![],
                    enforcement: false,
                },
            ],
            escalate_hours_imminent: 2,
            escalate_hours_child: 24,
            escalate_hours_ordinary: 72,
            basis: PolicyBasis {
                duty_to_report:
                    "KUHAP 1981 Pasal 108 ayat (3); UU 20/2025 (pasal padanan belum diperiksa)"
                        .into(),
                consent: "Identitas korban dan layanan: UU 27/2022 Pasal 20; UU 31/2014 Pasal 5; anak/bahaya: UU 35/2014".into(),
                complaint_kinds: vec![],
            },
        }
    }
}

/// The decision for one agency kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardDecision {
    /// Who receives it.
    pub agency_kind: AgencyKind,
    /// On what basis.
    pub basis: ForwardBasis,
    /// Whether the person's identity goes with it (consent, or a child or imminent danger).
    pub identity_shared: bool,
}

impl ForwardingPolicy {
    /// Which agency kinds receive a tip of this kind and severity, on what basis, and with or
    /// without the person's identity. Enforcement agencies receive every tip of an offence that
    /// is not a complaint offence (duty to report); consent decides whether identity goes with
    /// it. Service agencies are offered the tip; identity again only with consent.
    pub fn evaluate(
        &self,
        kind: CaseKind,
        severity: Severity,
        consent: bool,
    ) -> Vec<ForwardDecision> {
        let vital = severity.mandatory_forwarding();
        self.rules
            .iter()
            .filter(|r| r.kinds.is_empty() || r.kinds.contains(&kind))
            .filter_map(|r| {
                let basis = if !r.enforcement {
                    ForwardBasis::ServiceOffer
                } else if vital {
                    ForwardBasis::Mandatory
                } else if !self.basis.complaint_kinds.contains(&kind) {
                    ForwardBasis::DutyToReport
                } else if consent {
                    ForwardBasis::Consent
                } else {
                    return None;
                };
                Some(ForwardDecision {
                    agency_kind: r.agency_kind,
                    basis,
                    identity_shared: consent || vital,
                })
            })
            .collect()
    }

    /// The instant (ms) after which a tip received at `received_at` escalates if nobody acted.
    pub fn escalation_deadline(&self, severity: Severity, received_at: i64) -> i64 {
        let hours = match severity {
            Severity::ImminentDanger => self.escalate_hours_imminent,
            Severity::Child => self.escalate_hours_child,
            Severity::Ordinary => self.escalate_hours_ordinary,
        };
        received_at.saturating_add(hours.saturating_mul(DAY_MS / 24))
    }

    /// Whether a tip must escalate at `now`: still untouched and past its deadline.
    pub fn must_escalate(
        &self,
        severity: Severity,
        status: TipStatus,
        received_at: i64,
        now: i64,
    ) -> bool {
        status == TipStatus::Received && now > self.escalation_deadline(severity, received_at)
    }
}

/// A receipt code the reporter keeps: 10 characters from an alphabet without look-alikes,
/// grouped `XXXXX-XXXXX`. `random` supplies the bytes (the app passes OS randomness).
pub fn receipt_code(random: &[u8; 10]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut s = String::with_capacity(11);
    for (i, b) in random.iter().enumerate() {
        if i == 5 {
            s.push('-');
        }
        s.push(char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]));
    }
    s
}

/// Normalises a receipt code typed by a reporter (case, spaces, missing dash).
pub fn normalise_receipt(input: &str) -> Option<String> {
    let chars: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.len() != 10 {
        return None;
    }
    Some(format!("{}-{}", &chars[..5], &chars[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::AgencyKind as K;

    #[test]
    fn severity_prefers_danger() {
        assert_eq!(Severity::assess(true, true), Severity::ImminentDanger);
        assert_eq!(Severity::assess(true, false), Severity::Child);
        assert_eq!(Severity::assess(false, false), Severity::Ordinary);
    }

    #[test]
    fn trafficking_reaches_the_police_under_the_duty_to_report_consent_governs_identity() {
        let p = ForwardingPolicy::default();
        let d = p.evaluate(CaseKind::Tppo, Severity::Ordinary, false);
        assert!(d.contains(&ForwardDecision {
            agency_kind: K::Polri,
            basis: ForwardBasis::DutyToReport,
            identity_shared: false,
        }));
        assert!(
            d.iter().all(|d| !d.identity_shared),
            "no identity without consent"
        );
        let d = p.evaluate(CaseKind::Tppo, Severity::Ordinary, true);
        assert!(d.contains(&ForwardDecision {
            agency_kind: K::Polri,
            basis: ForwardBasis::DutyToReport,
            identity_shared: true,
        }));
        // A complaint offence (none of ours today) would wait for consent.
        let mut q = p.clone();
        q.basis.complaint_kinds = vec![CaseKind::Smuggling];
        let d = q.evaluate(CaseKind::Smuggling, Severity::Ordinary, false);
        assert!(!d.iter().any(|d| d.agency_kind == K::Polri));
    }

    #[test]
    fn children_and_danger_are_always_forwarded() {
        let p = ForwardingPolicy::default();
        for s in [Severity::Child, Severity::ImminentDanger] {
            let d = p.evaluate(CaseKind::PmiNp, s, false);
            assert!(d.contains(&ForwardDecision {
                agency_kind: K::Polri,
                basis: ForwardBasis::Mandatory,
                identity_shared: true,
            }));
            assert!(d.contains(&ForwardDecision {
                agency_kind: K::Imigrasi,
                basis: ForwardBasis::Mandatory,
                identity_shared: true,
            }));
        }
    }

    #[test]
    fn escalation_is_a_function_of_now() {
        let p = ForwardingPolicy::default();
        let t0 = 1_000_000;
        let dl = p.escalation_deadline(Severity::ImminentDanger, t0);
        assert_eq!(dl, t0 + 2 * 3_600_000);
        assert!(!p.must_escalate(Severity::ImminentDanger, TipStatus::Received, t0, dl));
        assert!(p.must_escalate(Severity::ImminentDanger, TipStatus::Received, t0, dl + 1));
        assert!(!p.must_escalate(Severity::ImminentDanger, TipStatus::Assigned, t0, dl + 1));
        assert!(
            p.escalation_deadline(Severity::Ordinary, t0)
                > p.escalation_deadline(Severity::Child, t0)
        );
    }

    #[test]
    fn receipts_normalise() {
        let code = receipt_code(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 255]);
        assert_eq!(code.len(), 11);
        assert_eq!(
            normalise_receipt(&code.to_lowercase().replace('-', " ")),
            Some(code)
        );
        assert_eq!(normalise_receipt("abc"), None);
    }
}
