//! The case aggregate as kept: the case, its people and its organisations and places.

use super::case::CaseStatus;
use super::legal::{Investigator, Regime};
use super::{CaseKind, PersonRole, coded_enum};
use time::Date;

/// A case (perkara) shared between agencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Id.
    pub id: String,
    /// Case number `SNG/yyyy/nnnnnn`.
    pub number: String,
    /// Kind of crime.
    pub kind: CaseKind,
    /// Short title (no victim names).
    pub title: String,
    /// Lead agency code.
    pub lead_agency: String,
    /// Procedural regime (decided by the start date).
    pub regime: Regime,
    /// Day the matter began.
    pub started_on: Date,
    /// Where it stands.
    pub status: CaseStatus,
    /// User who opened it.
    pub created_by: String,
    /// Opened (epoch ms).
    pub created_at: i64,
}

/// A person in a case; identity fields of protected roles are kept only sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePerson {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Role in the case.
    pub role: PersonRole,
    /// Name in clear (suspects, recruiters, sponsors); `None` for protected roles.
    pub name: Option<String>,
    /// Name sealed (protected roles).
    pub name_enc: Option<Vec<u8>>,
    /// NIK sealed.
    pub nik_enc: Option<Vec<u8>>,
    /// NIK blind index.
    pub nik_idx: Option<String>,
    /// Phone sealed.
    pub phone_enc: Option<Vec<u8>>,
    /// Phone blind index.
    pub phone_idx: Option<String>,
    /// Address sealed.
    pub address_enc: Option<Vec<u8>>,
    /// Birth date.
    pub birth_date: Option<Date>,
    /// Investigating agency (suspects).
    pub investigator: Option<Investigator>,
    /// Added (epoch ms).
    pub added_at: i64,
    /// Other names the person goes by ("Pak Darto", "Bu Yanti"), in clear like `name`.
    pub alias: Option<String>,
    /// Other names sealed (protected roles).
    pub alias_enc: Option<Vec<u8>>,
}

impl CasePerson {
    /// A person with only a role and a clear name (e.g. the suspect named in a tip).
    pub fn named(id: String, case_id: String, role: PersonRole, name: String, at: i64) -> Self {
        CasePerson {
            id,
            case_id,
            role,
            name: Some(name),
            name_enc: None,
            nik_enc: None,
            nik_idx: None,
            phone_enc: None,
            phone_idx: None,
            address_enc: None,
            birth_date: None,
            investigator: None,
            added_at: at,
            alias: None,
            alias_enc: None,
        }
    }
}

coded_enum!(
    /// What kind of organisation or place a case names.
    EntityKind, "entity kind", {
        /// A licensed placement company (P3MI).
        P3mi => "p3mi",
        /// Any other company.
        Company => "company",
        /// A place (shelter, transit house, port).
        Place => "place",
    }
);

/// An organisation or place involved in a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEntity {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// What it is.
    pub kind: EntityKind,
    /// Name.
    pub name: String,
    /// Detail (licence number, address of a company, region code).
    pub detail: String,
    /// Added (epoch ms).
    pub added_at: i64,
}

/// One event of a case's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvent {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// When (epoch ms).
    pub at: i64,
    /// User id.
    pub actor_id: String,
    /// Agency code of the user.
    pub agency_code: String,
    /// Agency name in force at the time.
    pub agency_name: String,
    /// Event code (the audit action, e.g. `case.refer`).
    pub kind: String,
    /// Detail (ids and codes, no victim identity).
    pub detail: String,
}

coded_enum!(
    /// What kind of record a case links to.
    LinkKind, "case link kind", {
        /// A passport screening.
        Screening => "screening",
        /// A tip.
        Tip => "tip",
        /// A coordination meeting that discussed the case.
        Meeting => "meeting",
    }
);

/// A link from a case to a screening or tip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLink {
    /// What is linked.
    pub kind: LinkKind,
    /// The linked record's id.
    pub ref_id: String,
    /// Linked (epoch ms).
    pub linked_at: i64,
}

/// An attachment's metadata (the bytes live under the data folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Name as uploaded (sanitised).
    pub file_name: String,
    /// Type detected from content.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 hex of the content.
    pub sha256: String,
    /// Path relative to the data folder.
    pub path: String,
    /// User id.
    pub added_by: String,
    /// Added (epoch ms).
    pub added_at: i64,
}
