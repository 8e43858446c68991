//! The result of screening one application, as typed values: the explained score and its risk
//! band, the hits on other records (each with a typed reference to what it matched, never a
//! route), NIK notes and missing documents. The web layer turns these into words and links.

use super::applicant::{ApplicationStatus, Document, Verdict, WatchlistKind, codes};
use super::indicators::Score;
use crate::nik::{Discrepancy, Sex};
use serde::{Deserialize, Serialize};

codes! {
    /// The band of a risk score. Stored and sent as a code; labelled by the web layer.
    RiskBand {
        /// 0-24 (rendah).
        Low = "low",
        /// 25-49 (sedang).
        Medium = "medium",
        /// 50-100 (tinggi).
        High = "high",
    }
}

impl RiskBand {
    /// The band of a total score.
    pub fn of(total: i64) -> RiskBand {
        match total {
            i64::MIN..=24 => RiskBand::Low,
            25..=49 => RiskBand::Medium,
            _ => RiskBand::High,
        }
    }

    /// Reads a stored band: the code, or the Indonesian word stored before bands were typed.
    pub fn from_stored(text: &str) -> Option<RiskBand> {
        match text {
            "rendah" => Some(RiskBand::Low),
            "sedang" => Some(RiskBand::Medium),
            "tinggi" => Some(RiskBand::High),
            other => RiskBand::from_code(other),
        }
    }
}

/// The record a hit points at: a typed reference, which the web layer turns into a link when
/// there is a page for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HitTarget {
    /// A watchlist entry (by name or NIK).
    Watchlist {
        /// Entry id.
        id: String,
    },
    /// An earlier passport application (any office).
    Applicant {
        /// Application id.
        id: String,
    },
    /// A person record imported by an agency.
    Person {
        /// Record id.
        id: String,
    },
    /// A named person in a case.
    CasePerson {
        /// Case person id.
        id: String,
        /// The case, only when the screening office may read it (need to know).
        case_id: Option<String>,
    },
    /// A recruiter on the watchlist with the same phone as the sponsor or the applicant.
    RecruiterPhone {
        /// Watchlist entry id.
        id: String,
    },
}

impl HitTarget {
    /// The stable key of the target (`a:…`, `w:…`, `p:…`, `k:…`, `r:…`), under which officers'
    /// verdicts are kept.
    pub fn key(&self) -> String {
        match self {
            HitTarget::Watchlist { id } => format!("w:{id}"),
            HitTarget::Applicant { id } => format!("a:{id}"),
            HitTarget::Person { id } => format!("p:{id}"),
            HitTarget::CasePerson { id, .. } => format!("k:{id}"),
            HitTarget::RecruiterPhone { id } => format!("r:{id}"),
        }
    }

    /// Reads a key back (without the case reference, which the key does not hold).
    pub fn from_key(key: &str) -> Option<HitTarget> {
        let (p, id) = key.split_once(':')?;
        if id.is_empty() || id.len() > 80 {
            return None;
        }
        let id = id.to_string();
        Some(match p {
            "w" => HitTarget::Watchlist { id },
            "a" => HitTarget::Applicant { id },
            "p" => HitTarget::Person { id },
            "k" => HitTarget::CasePerson { id, case_id: None },
            "r" => HitTarget::RecruiterPhone { id },
            _ => return None,
        })
    }
}

/// What the matched record is, as known at screening time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "about", rename_all = "snake_case")]
pub enum HitAbout {
    /// A watchlist entry (or a recruiter found by phone).
    Listed {
        /// Person or recruiter.
        kind: WatchlistKind,
        /// Why it is listed.
        reason: String,
    },
    /// An earlier application.
    Application {
        /// The office that holds it (agency code).
        office: String,
        /// Where it stands.
        status: ApplicationStatus,
        /// Its destination.
        destination: String,
    },
    /// A person record.
    Record {
        /// The source agency's code or the import's name.
        source: String,
    },
    /// A person in a case.
    InCase {
        /// The person's role in the case.
        role: crate::cases::PersonRole,
        /// The lead agency of the case (agency code): whom to ask.
        lead_agency: String,
        /// The case number, only when the screening office may read the case.
        case_number: Option<String>,
    },
    /// Screened before hits were typed: the description as it was stored then.
    Earlier {
        /// The stored description.
        label: String,
    },
}

/// How one field compared (match evidence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Field name (`full_name`, `nik`, `phone`, …).
    pub field: String,
    /// Comparison level (`exact`, `one typo`, …).
    pub level: String,
    /// Bits of evidence it added; `None` for an exact identifier link.
    pub bits: Option<f64>,
}

/// One hit of the screening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// What was matched.
    pub target: HitTarget,
    /// What it is.
    pub about: HitAbout,
    /// Name on the matched record.
    pub name: String,
    /// Match probability 0-1 (1 for exact identifier links).
    pub probability: f64,
    /// Per-field evidence.
    pub evidence: Vec<Evidence>,
    /// The officer's verdict, if given.
    pub verdict: Option<Verdict>,
}

/// A difference between the NIK and the stated facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum NikNote {
    /// The birth date in the NIK differs.
    BirthDate {
        /// Encoded in the NIK (`yyyy-mm-dd`).
        nik: String,
        /// Stated (`yyyy-mm-dd`).
        stated: String,
    },
    /// The sex in the NIK differs.
    Sex {
        /// Encoded in the NIK.
        nik: Sex,
        /// Stated.
        stated: Sex,
    },
    /// The region of first issue differs (informative only).
    Region {
        /// Kecamatan in the NIK.
        nik: String,
        /// Stated region.
        stated: String,
    },
}

impl NikNote {
    /// The note of a discrepancy.
    pub fn of(d: &Discrepancy) -> NikNote {
        match d {
            Discrepancy::BirthDate { nik, stated } => NikNote::BirthDate {
                nik: crate::dates::format_iso(*nik),
                stated: crate::dates::format_iso(*stated),
            },
            Discrepancy::Sex { nik, stated } => NikNote::Sex {
                nik: *nik,
                stated: *stated,
            },
            Discrepancy::Region { nik, stated } => NikNote::Region {
                nik: nik.to_string(),
                stated: stated.to_string(),
            },
        }
    }

    /// Whether the note only informs (does not count as an inconsistency).
    pub fn is_informative(&self) -> bool {
        matches!(self, NikNote::Region { .. })
    }
}

/// The result of screening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Screening {
    /// Score with its contributions (and the indicator version).
    pub score: Score,
    /// Rules version used.
    pub rules_version: String,
    /// The hits shown (false matches removed), most probable first.
    pub hits: Vec<Hit>,
    /// NIK discrepancies.
    pub nik_notes: Vec<NikNote>,
    /// Documents the purpose requires that were not shown.
    pub missing_documents: Vec<Document>,
    /// Documents of rules marked unsure that were not shown (to ask for; no points).
    #[serde(default)]
    pub advisory_documents: Vec<Document>,
}

impl Screening {
    /// The risk band of the score.
    pub fn band(&self) -> RiskBand {
        self.score.band
    }
}

/// Deserialises a stored band: the code, or the Indonesian word stored before bands were
/// typed (`serde(deserialize_with)` of [`Score::band`]).
pub fn band_from_stored<'de, D: serde::Deserializer<'de>>(d: D) -> Result<RiskBand, D::Error> {
    let text = String::deserialize(d)?;
    RiskBand::from_stored(&text)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown risk band `{text}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_total() {
        assert_eq!(RiskBand::of(0), RiskBand::Low);
        assert_eq!(RiskBand::of(24), RiskBand::Low);
        assert_eq!(RiskBand::of(25), RiskBand::Medium);
        assert_eq!(RiskBand::of(50), RiskBand::High);
        assert_eq!(RiskBand::from_stored("sedang"), Some(RiskBand::Medium));
        assert_eq!(RiskBand::from_stored("high"), Some(RiskBand::High));
        assert_eq!(RiskBand::from_stored("x"), None);
    }

    #[test]
    fn target_keys_round_trip() {
        for t in [
            HitTarget::Applicant { id: "1".into() },
            HitTarget::Watchlist { id: "w-1".into() },
            HitTarget::RecruiterPhone { id: "2".into() },
            HitTarget::CasePerson {
                id: "3".into(),
                case_id: None,
            },
        ] {
            assert_eq!(HitTarget::from_key(&t.key()), Some(t));
        }
        assert_eq!(HitTarget::from_key("q:1"), None);
        assert_eq!(HitTarget::from_key("a:"), None);
        assert_eq!(HitTarget::from_key("nothing"), None);
    }
}
