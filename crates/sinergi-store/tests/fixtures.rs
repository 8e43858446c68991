//! Records the store tests of this binary share: a tip, a person record, an audit row, an
//! applicant referral and a victim with a protected identity.

use sinergi_domain::cases::CaseKind;
use sinergi_domain::cases::PersonRole;
use sinergi_domain::cases::case_record::CasePerson;
use sinergi_domain::cases::tip::{Severity, TipChannel, TipStatus};
use sinergi_domain::cases::tip_record::Tip;
use sinergi_domain::prevention::{ApplicantReferral, ReferralStatus};
use sinergi_store::audit::AuditRow;
use sinergi_store::people::PersonRow;
use time::macros::date;

/// A portal tip received at `at`, escalating 10 ms later; its suspect phone has the blind index
/// `ph-<id>`.
pub fn tip(id: &str, status: TipStatus, at: i64) -> Tip {
    Tip {
        id: id.into(),
        receipt: format!("R-{id}"),
        channel: TipChannel::Portal,
        kind: CaseKind::Tppo,
        severity: Severity::Ordinary,
        consent: false,
        region_code: None,
        suspect_name: None,
        suspect_phone_idx: Some(format!("ph-{id}")),
        narrative_sealed: None,
        reporter_contact_sealed: None,
        status,
        assigned_agency: None,
        duplicate_of: None,
        case_id: None,
        received_at: at,
        escalate_at: at + 10,
        escalated: false,
        updated_at: at,
        source: None,
        close_reason_sealed: None,
    }
}

/// An imported person record named after its id.
pub fn person(id: &str) -> PersonRow {
    PersonRow {
        id: id.into(),
        source: "uji".into(),
        source_ref: format!("r-{id}"),
        full_name: format!("Orang {id}"),
        ..PersonRow::default()
    }
}

/// Audit row `seq` by `actor` (hashes are placeholders: the store does not check them).
pub fn audit_row(seq: i64, actor: &str) -> AuditRow {
    AuditRow {
        seq,
        at: seq * 10,
        actor: actor.into(),
        action: "test".into(),
        subject: format!("s{seq}"),
        detail: String::new(),
        client: "cli".into(),
        prev_hash: "p".into(),
        hash: format!("h{seq}"),
        chain: 2,
    }
}

/// An open referral of applicant `a1` from Kanim Malang to Disnaker Kabupaten Malang.
pub fn referral(id: &str) -> ApplicantReferral {
    ApplicantReferral {
        id: id.into(),
        applicant_id: "a1".into(),
        from_agency: "kanim-malang".into(),
        to_agency: "disnaker-kab-malang".into(),
        reason: "Pembinaan jalur prosedural".into(),
        created_at: 20,
        created_by: "u1".into(),
        status: ReferralStatus::Open,
        done_at: None,
        done_by: None,
    }
}

/// A victim of `case_id` whose name is sealed and whose NIK has the blind index `idx`.
pub fn protected_victim(id: &str, case_id: &str) -> CasePerson {
    CasePerson {
        name: None,
        name_enc: Some(vec![9; 40]),
        nik_idx: Some("idx".into()),
        birth_date: Some(date!(2001 - 02 - 03)),
        ..CasePerson::named(
            id.into(),
            case_id.into(),
            PersonRole::Victim,
            String::new(),
            110,
        )
    }
}
