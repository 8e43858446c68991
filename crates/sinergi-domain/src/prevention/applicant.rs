//! The passport application as an aggregate: who applies, for what, what was shown, the
//! interview, the status, the screening and the decision; the watchlist entry and the referral
//! of an applicant to another agency. Every coded value is an enum with a stable code; the
//! store turns rows into these and back, and an unknown stored code is an error, never a
//! default.

use super::facts::{Decision, Purpose, WorkType};
use super::screening::Screening;
use crate::nik::Sex;
use crate::passport::PassportType;
use serde::{Deserialize, Serialize};
use time::Date;

/// Declares a code enum: `ALL`, `code()` and `from_code()`.
macro_rules! codes {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $c:literal,)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $c)] $v,)* }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$v,)*];

            /// Stable code, as stored and sent over the API.
            pub fn code(self) -> &'static str {
                match self { $($name::$v => $c,)* }
            }

            /// The value of a stable code; `None` for anything else.
            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($c => Some($name::$v),)* _ => None }
            }
        }
    };
}
pub(crate) use codes;

codes! {
    /// Where an application stands.
    ApplicationStatus {
        /// Recorded, not decided yet.
        New = "new",
        /// The passport is issued.
        Issued = "issued",
        /// Deferred (tunda) until documents arrive.
        Deferred = "deferred",
        /// Refused.
        Refused = "refused",
        /// A deferral whose deadline passed.
        Lapsed = "lapsed",
    }
}

impl ApplicationStatus {
    /// Whether an officer may still decide (new, or deferred and waiting for documents).
    pub fn open_for_decision(self) -> bool {
        match self {
            ApplicationStatus::New | ApplicationStatus::Deferred => true,
            ApplicationStatus::Issued | ApplicationStatus::Refused | ApplicationStatus::Lapsed => {
                false
            }
        }
    }

    /// Whether the application stopped short of a passport (a warning for later offices).
    pub fn held_back(self) -> bool {
        match self {
            ApplicationStatus::Deferred
            | ApplicationStatus::Refused
            | ApplicationStatus::Lapsed => true,
            ApplicationStatus::New | ApplicationStatus::Issued => false,
        }
    }
}

codes! {
    /// A document an applicant can show.
    Document {
        /// Kartu Tanda Penduduk (identity card).
        Ktp = "ktp",
        /// Kartu Keluarga (family card).
        KartuKeluarga = "kartu_keluarga",
        /// Birth certificate.
        AktaLahir = "akta_lahir",
        /// Earlier passport.
        PasporLama = "paspor_lama",
        /// Recommendation of the manpower office.
        RekomendasiDisnaker = "rekomendasi_disnaker",
        /// Letter of the placement company.
        SuratP3mi = "surat_p3mi",
        /// Recommendation of the Ministry of Religious Affairs (umrah, hajj).
        RekomendasiKemenag = "rekomendasi_kemenag",
        /// Letter of the licensed umrah and hajj travel organiser (PPIU).
        SuratPpiu = "surat_ppiu",
        /// Letter of invitation.
        SuratUndangan = "surat_undangan",
        /// Return ticket.
        TiketPulangPergi = "tiket_pulang_pergi",
        /// Proof of funds.
        BuktiKeuangan = "bukti_keuangan",
        /// Letter of the school.
        SuratSekolah = "surat_sekolah",
    }
}

impl Document {
    /// Reads a list of codes separated by commas, spaces or semicolons (any case, repeats
    /// dropped); `Err` with the first unknown code.
    pub fn parse_list(text: &str) -> Result<Vec<Document>, String> {
        let mut out = Vec::new();
        for t in text.split([',', ' ', ';']).filter(|t| !t.trim().is_empty()) {
            let d = Document::from_code(&t.trim().to_ascii_lowercase())
                .ok_or_else(|| t.trim().to_string())?;
            if !out.contains(&d) {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// The codes joined by commas (the stored form).
    pub fn join(docs: &[Document]) -> String {
        docs.iter().map(|d| d.code()).collect::<Vec<_>>().join(",")
    }
}

impl WorkType {
    /// Stable code: `domestic` or `other`.
    pub fn code(self) -> &'static str {
        match self {
            WorkType::Domestic => "domestic",
            WorkType::Other => "other",
        }
    }

    /// The value of a stable code.
    pub fn from_code(code: &str) -> Option<WorkType> {
        match code {
            "domestic" => Some(WorkType::Domestic),
            "other" => Some(WorkType::Other),
            _ => None,
        }
    }
}

/// An identifier kept sealed (encrypted) with its blind index for exact look-ups. The domain
/// never sees the plain value of a stored identifier; the application opens it when needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The sealed bytes.
    pub sealed: Vec<u8>,
    /// The blind index (keyed hash of the normalised value).
    pub index: String,
}

/// What the interview found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterviewRecord {
    /// Kind of work stated or suspected.
    pub work_type: Option<WorkType>,
    /// The answers show intent to work.
    pub work_intent: bool,
    /// A job offer exists.
    pub job_offer: bool,
    /// Notes (free text).
    pub notes: String,
}

/// An officer's decision as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    /// Issue, defer or refuse.
    pub decision: Decision,
    /// The mandatory reason.
    pub reason: String,
    /// User id of the officer.
    pub by: String,
    /// When (epoch ms).
    pub at: i64,
    /// Last day to bring the documents (deferral).
    pub deadline: Option<Date>,
    /// The documents missing at the deferral.
    pub missing: Vec<Document>,
}

/// One passport application.
#[derive(Debug, Clone, PartialEq)]
pub struct Applicant {
    /// Id.
    pub id: String,
    /// The immigration office that holds the application (agency code).
    pub office_code: String,
    /// Id in the office's own system (or the Sinergi id); unique per office.
    pub source_ref: String,
    /// Created (epoch ms).
    pub created_at: i64,
    /// Created by (user id, or the seeding tool).
    pub created_by: String,
    /// Name as written.
    pub full_name: String,
    /// Stated birth date.
    pub birth_date: Option<Date>,
    /// Stated sex.
    pub sex: Option<Sex>,
    /// Place of birth.
    pub birth_place: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Kecamatan code where the NIK was issued.
    pub region_code: Option<String>,
    /// The NIK, sealed.
    pub nik: Option<Sealed>,
    /// The earlier passport number, sealed.
    pub passport: Option<Sealed>,
    /// The applicant's phone, sealed.
    pub phone: Option<Sealed>,
    /// Passport applied for.
    pub passport_type: PassportType,
    /// Stated purpose.
    pub purpose: Purpose,
    /// Destination, ISO 3166 alpha-2.
    pub destination: String,
    /// Planned departure.
    pub departure_date: Option<Date>,
    /// Sponsor or inviting party.
    pub sponsor_name: Option<String>,
    /// The sponsor's phone, sealed.
    pub sponsor_phone: Option<Sealed>,
    /// Employer or placement company (P3MI) named.
    pub agency_name: Option<String>,
    /// Documents shown.
    pub documents: Vec<Document>,
    /// Number of earlier passports.
    pub previous_passports: i64,
    /// The interview.
    pub interview: InterviewRecord,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// The last screening, if screened.
    pub screening: Option<Screening>,
    /// The decision, once decided.
    pub decision: Option<DecisionRecord>,
}

codes! {
    /// What a watchlist entry is about.
    WatchlistKind {
        /// A person at risk or wanted.
        Person = "person",
        /// A recruiter (calo).
        Recruiter = "recruiter",
    }
}

codes! {
    /// Where a watchlist entry stands (four eyes for adding and removing).
    WatchlistStatus {
        /// Proposed, waiting for a second person.
        Proposed = "proposed",
        /// Approved and in use.
        Active = "active",
        /// Removal proposed, still in use.
        RemovalProposed = "removal_proposed",
        /// Removed.
        Removed = "removed",
    }
}

impl WatchlistStatus {
    /// Whether screening uses the entry.
    pub fn in_use(self) -> bool {
        match self {
            WatchlistStatus::Active | WatchlistStatus::RemovalProposed => true,
            WatchlistStatus::Proposed | WatchlistStatus::Removed => false,
        }
    }
}

/// A watchlist entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchlistEntry {
    /// Id.
    pub id: String,
    /// Person or recruiter.
    pub kind: WatchlistKind,
    /// Name.
    pub full_name: String,
    /// NIK, sealed.
    pub nik: Option<Sealed>,
    /// Phone, sealed.
    pub phone: Option<Sealed>,
    /// Why listed.
    pub reason: String,
    /// Legal basis.
    pub legal_basis: String,
    /// When the entry is re-examined.
    pub review_date: Date,
    /// Where it stands.
    pub status: WatchlistStatus,
    /// Proposer (user id).
    pub proposed_by: String,
    /// Proposed (epoch ms).
    pub proposed_at: i64,
    /// Second person who approved (adding, or removal).
    pub approved_by: Option<String>,
    /// When (epoch ms).
    pub approved_at: Option<i64>,
    /// Who proposed removal.
    pub removal_by: Option<String>,
    /// Why.
    pub removal_reason: Option<String>,
}

codes! {
    /// Where a referral stands.
    ReferralStatus {
        /// Waiting for the receiving agency.
        Open = "open",
        /// Counselling given.
        Done = "done",
    }
}

/// A referral of an applicant to another agency (counselling on the procedural route).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantReferral {
    /// Id.
    pub id: String,
    /// The application.
    pub applicant_id: String,
    /// Referring office (agency code).
    pub from_agency: String,
    /// Receiving agency (agency code).
    pub to_agency: String,
    /// Reason.
    pub reason: String,
    /// Created (epoch ms).
    pub created_at: i64,
    /// Created by (user id).
    pub created_by: String,
    /// Open or done.
    pub status: ReferralStatus,
    /// Done at (epoch ms).
    pub done_at: Option<i64>,
    /// Done by (user id).
    pub done_by: Option<String>,
}

codes! {
    /// An officer's verdict on a hit.
    Verdict {
        /// The hit is the same person or recruiter.
        Confirmed = "confirmed",
        /// Not the same: not shown again for this person and entry.
        FalseMatch = "false_match",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::from_code(s.code()), Some(*s));
        }
        for d in Document::ALL {
            assert_eq!(Document::from_code(d.code()), Some(*d));
        }
        assert_eq!(ApplicationStatus::from_code("nieuw"), None);
        assert_eq!(WatchlistStatus::from_code(""), None);
        assert_eq!(Verdict::from_code("false_match"), Some(Verdict::FalseMatch));
    }

    #[test]
    fn document_lists_parse_once_and_join_back() {
        let d = Document::parse_list("KTP, kartu_keluarga;ktp").expect("known");
        assert_eq!(d, vec![Document::Ktp, Document::KartuKeluarga]);
        assert_eq!(Document::join(&d), "ktp,kartu_keluarga");
        assert_eq!(Document::parse_list("ktp,visa").unwrap_err(), "visa");
        assert!(Document::parse_list("").expect("empty").is_empty());
    }

    #[test]
    fn only_new_and_deferred_are_open() {
        assert!(ApplicationStatus::New.open_for_decision());
        assert!(ApplicationStatus::Deferred.open_for_decision());
        assert!(!ApplicationStatus::Lapsed.open_for_decision());
        assert!(ApplicationStatus::Lapsed.held_back());
        assert!(!ApplicationStatus::Issued.held_back());
    }
}
