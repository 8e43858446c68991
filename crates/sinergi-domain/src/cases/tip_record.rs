//! The tip aggregate (a laporan masyarakat as kept) and who may read and change it.
//!
//! Need-to-know for tips follows the same model as for cases: an agency holds a tip when the tip
//! was assigned to it or when the forwarding policy sends tips of this kind, severity and consent
//! to agencies of its kind. Only a holder sees the tip at all; the narrative is opened only for a
//! holder whose role may see victim identity. A tip is changed only while it is open (received
//! or assigned), only by a holder, and once assigned only by the assigned agency. One tip becomes
//! at most one case.

use super::CaseKind;
use super::tip::{ForwardingPolicy, Severity, TipChannel, TipStatus};
use crate::org::AgencyKind;

/// A tip as kept: typed codes, sealed narrative and contact (opened by the application).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tip {
    /// Id.
    pub id: String,
    /// Receipt code the reporter keeps.
    pub receipt: String,
    /// Where it came from.
    pub channel: TipChannel,
    /// Kind of crime reported.
    pub kind: CaseKind,
    /// Urgency.
    pub severity: Severity,
    /// Whether the person concerned consented to law-enforcement forwarding.
    pub consent: bool,
    /// Region (kabupaten/kota) code.
    pub region_code: Option<String>,
    /// Name of the alleged recruiter/suspect as reported.
    pub suspect_name: Option<String>,
    /// Blind index of the suspect's phone.
    pub suspect_phone_idx: Option<String>,
    /// The reporter's narrative, sealed.
    pub narrative_sealed: Option<Vec<u8>>,
    /// The reporter's contact, sealed.
    pub reporter_contact_sealed: Option<Vec<u8>>,
    /// Where it stands.
    pub status: TipStatus,
    /// Agency assigned.
    pub assigned_agency: Option<String>,
    /// Tip this one duplicates.
    pub duplicate_of: Option<String>,
    /// The one case it became.
    pub case_id: Option<String>,
    /// Received (epoch ms).
    pub received_at: i64,
    /// Escalation deadline (epoch ms).
    pub escalate_at: i64,
    /// Whether it has escalated.
    pub escalated: bool,
    /// Last change (epoch ms).
    pub updated_at: i64,
    /// For a tip reported by an agency: who reported it and from which record.
    pub source: Option<TipSource>,
    /// Why it was closed without a case, sealed (it may name people).
    pub close_reason_sealed: Option<Vec<u8>>,
}

/// The agency that reported a tip in the course of its duty, and the record it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TipSource {
    /// The reporting agency's code.
    pub agency: String,
    /// The passport applicant the report is about (Imigrasi's deferral), if any.
    pub applicant_id: Option<String>,
}

/// Why a change of a tip is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TipChangeError {
    /// The caller's agency does not hold the tip (answered as "not found").
    #[error("the agency does not hold this tip")]
    NotHeld,
    /// The tip is assigned to another agency.
    #[error("the tip is assigned to another agency")]
    AssignedElsewhere,
    /// The tip is no longer open (duplicate, case opened or closed).
    #[error("the tip is already {0}")]
    NotOpen(TipStatus),
}

impl TipStatus {
    /// Whether the tip may still change (received or assigned).
    pub fn is_open(self) -> bool {
        match self {
            TipStatus::Received | TipStatus::Assigned => true,
            TipStatus::Duplicate | TipStatus::CaseOpened | TipStatus::Closed => false,
        }
    }
}

impl Tip {
    /// Whether an agency (code and kind) holds this tip under `policy`.
    pub fn held_by(&self, policy: &ForwardingPolicy, agency: &str, kind: AgencyKind) -> bool {
        self.assigned_agency.as_deref() == Some(agency)
            || policy
                .evaluate(self.kind, self.severity, self.consent)
                .iter()
                .any(|d| d.agency_kind == kind)
    }

    /// Checks that an agency may change this tip now.
    pub fn check_change(
        &self,
        policy: &ForwardingPolicy,
        agency: &str,
        kind: AgencyKind,
    ) -> Result<(), TipChangeError> {
        if !self.held_by(policy, agency, kind) {
            return Err(TipChangeError::NotHeld);
        }
        if !self.status.is_open() || self.case_id.is_some() {
            return Err(TipChangeError::NotOpen(self.status));
        }
        match self.assigned_agency.as_deref() {
            Some(a) if a != agency => Err(TipChangeError::AssignedElsewhere),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tip(kind: CaseKind, severity: Severity, consent: bool) -> Tip {
        Tip {
            id: "t".into(),
            receipt: "R".into(),
            channel: TipChannel::Portal,
            kind,
            severity,
            consent,
            region_code: None,
            suspect_name: None,
            suspect_phone_idx: None,
            narrative_sealed: None,
            reporter_contact_sealed: None,
            status: TipStatus::Received,
            assigned_agency: None,
            duplicate_of: None,
            case_id: None,
            received_at: 0,
            escalate_at: 0,
            escalated: false,
            updated_at: 0,
            source: None,
            close_reason_sealed: None,
        }
    }

    #[test]
    fn holders_follow_the_forwarding_policy() {
        let p = ForwardingPolicy::default();
        let t = tip(CaseKind::Tppo, Severity::Ordinary, true);
        assert!(t.held_by(&p, "polres", AgencyKind::Polri));
        assert!(!t.held_by(&p, "desa-x", AgencyKind::Desa));
        // Trafficking is no complaint offence: the police hold it by the duty to report,
        // consent or not; an offence prosecuted only on complaint needs the consent.
        let no_consent = tip(CaseKind::Tppo, Severity::Ordinary, false);
        assert!(no_consent.held_by(&p, "polres", AgencyKind::Polri));
        let mut on_complaint = p.clone();
        on_complaint.basis.complaint_kinds = vec![CaseKind::Tppo];
        assert!(!no_consent.held_by(&on_complaint, "polres", AgencyKind::Polri));
        let mut assigned = no_consent.clone();
        assigned.assigned_agency = Some("desa-x".into());
        assigned.status = TipStatus::Assigned;
        assert!(assigned.held_by(&p, "desa-x", AgencyKind::Desa));
    }

    #[test]
    fn changes_only_while_open_and_by_the_assignee() {
        let p = ForwardingPolicy::default();
        let mut t = tip(CaseKind::Tppo, Severity::Ordinary, true);
        assert_eq!(t.check_change(&p, "polres", AgencyKind::Polri), Ok(()));
        assert_eq!(
            t.check_change(&p, "desa-x", AgencyKind::Desa),
            Err(TipChangeError::NotHeld)
        );
        t.assigned_agency = Some("polres".into());
        t.status = TipStatus::Assigned;
        assert_eq!(
            t.check_change(&p, "pemkot", AgencyKind::Pemda),
            Err(TipChangeError::AssignedElsewhere)
        );
        t.status = TipStatus::CaseOpened;
        t.case_id = Some("c".into());
        assert_eq!(
            t.check_change(&p, "polres", AgencyKind::Polri),
            Err(TipChangeError::NotOpen(TipStatus::CaseOpened))
        );
    }
}
