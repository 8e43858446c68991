//! What screening knows about one application: the stated facts, the interview and the results
//! of the automatic checks. Indicators are conditions on these facts.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The purpose the applicant states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Tourism (wisata).
    Tourism,
    /// Umrah or hajj (ibadah).
    UmrahHajj,
    /// Visiting family (kunjungan keluarga).
    VisitFamily,
    /// Study (belajar).
    Study,
    /// Work (bekerja).
    Work,
    /// Anything else.
    Other,
}

impl Purpose {
    /// Every purpose, in form order.
    pub const ALL: [Purpose; 6] = [
        Purpose::Tourism,
        Purpose::UmrahHajj,
        Purpose::VisitFamily,
        Purpose::Study,
        Purpose::Work,
        Purpose::Other,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Tourism => "tourism",
            Purpose::UmrahHajj => "umrah_hajj",
            Purpose::VisitFamily => "visit_family",
            Purpose::Study => "study",
            Purpose::Work => "work",
            Purpose::Other => "other",
        }
    }
}

impl FromStr for Purpose {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        Purpose::ALL
            .into_iter()
            .find(|p| p.code() == s)
            .ok_or_else(|| {
                "unknown purpose; expected one of tourism, umrah_hajj, visit_family, study, work, other"
                    .to_string()
            })
    }
}

/// Kind of work intended (stated or learnt in the interview).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkType {
    /// Domestic work for an individual employer.
    Domestic,
    /// Any other work.
    Other,
}

/// An officer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Issue the passport.
    Issue,
    /// Defer (tunda) until documents arrive.
    Defer,
    /// Refuse.
    Refuse,
}

impl Decision {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Decision::Issue => "issue",
            Decision::Defer => "defer",
            Decision::Refuse => "refuse",
        }
    }
}

impl FromStr for Decision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "issue" => Ok(Decision::Issue),
            "defer" => Ok(Decision::Defer),
            "refuse" => Ok(Decision::Refuse),
            _ => Err("unknown decision; expected issue, defer or refuse".into()),
        }
    }
}

/// The facts indicators are evaluated on. Where someone lives or comes from (NIK region,
/// address), religion and ethnicity are deliberately absent: they are never risk inputs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Stated purpose.
    pub purpose: Option<Purpose>,
    /// ISO 3166 alpha-2 code of the destination.
    pub destination: String,
    /// Kind of work, if work is stated or suspected.
    pub work_type: Option<WorkType>,
    /// The interview shows intent to work (answers, luggage, job offer).
    pub interview_work_intent: bool,
    /// The applicant has a job offer (any sector).
    pub job_offer: bool,
    /// Name of the placement company (P3MI), if any.
    pub agency_name: Option<String>,
    /// Whether that company is licensed (SIP3MI) according to the registry.
    pub agency_licensed: bool,
    /// Codes of the documents shown.
    pub documents: Vec<String>,
    /// Required documents not shown, split by why they count (computed from the rules).
    pub missing: super::rules::MissingDocuments,
    /// The NIK disagrees with stated birth date or sex.
    pub nik_inconsistent: bool,
    /// The applicant is under the minimum age of a migrant worker (computed from the rules).
    pub under_work_age: bool,
    /// The sponsor phone is shared by several other applications waiting for a decision.
    pub sponsor_phone_shared: bool,
    /// Best watchlist match probability (0 when none).
    pub watchlist_score: f64,
    /// Sponsor or phone linked to a suspected recruiter.
    pub recruiter_link: bool,
    /// Deferred or refused earlier at another office.
    pub earlier_deferral: bool,
    /// Destination under a moratorium for the work type (computed from the rules).
    pub moratorium: bool,
    /// Destination with a scam-sector ban (computed from the rules).
    pub scam_sector: bool,
}
