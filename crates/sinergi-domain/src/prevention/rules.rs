//! The dated rule tables: placement moratoria per destination and work type, and the documents
//! each purpose requires. Parsed from `data/prevention/rules.toml`.

use super::facts::{Purpose, WorkType};
use serde::Deserialize;
use time::{Date, Month};

/// A problem in a rules or indicators file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

#[derive(Deserialize)]
struct RulesFile {
    version: String,
    #[serde(default)]
    moratorium: Vec<MoratoriumRow>,
    #[serde(default)]
    required_documents: Vec<DocumentsRow>,
    #[serde(default)]
    minimum_work_age: Vec<AgeRow>,
    sponsor_phone: Option<SponsorRow>,
}

#[derive(Deserialize)]
struct MoratoriumRow {
    name: String,
    #[serde(default)]
    source: String,
    work_types: Vec<String>,
    valid_from: toml::value::Datetime,
    valid_to: Option<toml::value::Datetime>,
    countries: Vec<String>,
    #[serde(default)]
    unsure_countries: Vec<String>,
    #[serde(default)]
    unsure: bool,
}

#[derive(Deserialize)]
struct DocumentsRow {
    purpose: String,
    #[serde(default)]
    source: String,
    documents: Vec<String>,
    valid_from: toml::value::Datetime,
    valid_to: Option<toml::value::Datetime>,
    #[serde(default)]
    unsure: bool,
}

#[derive(Deserialize)]
struct AgeRow {
    age: u8,
    source: String,
    valid_from: toml::value::Datetime,
    valid_to: Option<toml::value::Datetime>,
}

#[derive(Deserialize)]
struct SponsorRow {
    min_other_pending: usize,
}

/// The minimum age of a migrant worker, for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinimumWorkAge {
    /// Age in whole years.
    pub age: u8,
    /// Legal basis.
    pub source: String,
    /// First day in force.
    pub valid_from: Date,
    /// Last day in force.
    pub valid_to: Option<Date>,
}

/// Required documents still missing, split by why they count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MissingDocuments {
    /// Missing documents of the stated purpose (they add points).
    pub for_purpose: Vec<String>,
    /// Missing work documents required only because the interview shows work intent under
    /// another purpose (the same fact as the work intent: they do not stack with it).
    pub for_work_intent: Vec<String>,
    /// Missing documents of rules marked unsure (shown, no points).
    pub advisory: Vec<String>,
}

impl MissingDocuments {
    /// Every missing document that counts (purpose and work intent), in order.
    pub fn counted(&self) -> Vec<String> {
        self.for_purpose
            .iter()
            .chain(&self.for_work_intent)
            .cloned()
            .collect()
    }
}

/// One moratorium: countries closed to some work, for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moratorium {
    /// Legal name.
    pub name: String,
    /// Decree or statement it rests on.
    pub source: String,
    /// Not confirmed in a source (legal form or date); it still applies.
    pub unsure: bool,
    /// Countries whose listing is not confirmed in a source.
    pub unsure_countries: Vec<String>,
    /// Applies to domestic work only (`false`: to any work).
    pub domestic_only: bool,
    /// First day in force.
    pub valid_from: Date,
    /// Last day in force.
    pub valid_to: Option<Date>,
    /// ISO 3166 alpha-2 codes.
    pub countries: Vec<String>,
}

/// Documents required for a purpose, for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredDocuments {
    /// The purpose.
    pub purpose: Purpose,
    /// Document codes.
    pub documents: Vec<String>,
    /// Decree or letter it rests on.
    pub source: String,
    /// Not confirmed as a requirement: shown, adds no points.
    pub unsure: bool,
    /// First day in force.
    pub valid_from: Date,
    /// Last day in force.
    pub valid_to: Option<Date>,
}

/// The rule tables of one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet {
    /// Version label, kept with each decision.
    pub version: String,
    /// Moratoria.
    pub moratoria: Vec<Moratorium>,
    /// Required documents.
    pub required: Vec<RequiredDocuments>,
    /// Minimum age of a migrant worker over time.
    pub minimum_work_age: Vec<MinimumWorkAge>,
    /// Other pending applications sharing a sponsor phone from which it is flagged (0: off).
    pub sponsor_min_other_pending: usize,
}

fn toml_date(d: &toml::value::Datetime) -> Result<Date, ConfigError> {
    let date = d
        .date
        .ok_or_else(|| ConfigError(format!("`{d}` is not a date")))?;
    let month =
        Month::try_from(date.month).map_err(|_| ConfigError(format!("bad month in `{d}`")))?;
    Date::from_calendar_date(i32::from(date.year), month, date.day)
        .map_err(|_| ConfigError(format!("impossible date `{d}`")))
}

fn in_force(from: Date, to: Option<Date>, day: Date) -> bool {
    from <= day && to.is_none_or(|t| day <= t)
}

impl RuleSet {
    /// Parses the rules file.
    pub fn parse(text: &str) -> Result<RuleSet, ConfigError> {
        let f: RulesFile = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        let mut moratoria = Vec::new();
        for m in f.moratorium {
            moratoria.push(Moratorium {
                source: m.source,
                unsure: m.unsure,
                unsure_countries: m
                    .unsure_countries
                    .iter()
                    .map(|c| c.trim().to_ascii_uppercase())
                    .collect(),
                domestic_only: !m.work_types.iter().any(|w| w == "any"),
                valid_from: toml_date(&m.valid_from)?,
                valid_to: m.valid_to.as_ref().map(toml_date).transpose()?,
                countries: m
                    .countries
                    .iter()
                    .map(|c| c.trim().to_ascii_uppercase())
                    .collect(),
                name: m.name,
            });
        }
        let mut required = Vec::new();
        for r in f.required_documents {
            required.push(RequiredDocuments {
                purpose: r.purpose.parse().map_err(ConfigError)?,
                documents: r.documents,
                source: r.source,
                unsure: r.unsure,
                valid_from: toml_date(&r.valid_from)?,
                valid_to: r.valid_to.as_ref().map(toml_date).transpose()?,
            });
        }
        let mut minimum_work_age = Vec::new();
        for a in f.minimum_work_age {
            minimum_work_age.push(MinimumWorkAge {
                age: a.age,
                source: a.source,
                valid_from: toml_date(&a.valid_from)?,
                valid_to: a.valid_to.as_ref().map(toml_date).transpose()?,
            });
        }
        Ok(RuleSet {
            version: f.version,
            moratoria,
            required,
            minimum_work_age,
            sponsor_min_other_pending: f.sponsor_phone.map_or(0, |s| s.min_other_pending),
        })
    }

    /// The moratoria that close `country` to `work` on `day`.
    pub fn moratoria_for(
        &self,
        country: &str,
        work: Option<WorkType>,
        day: Date,
    ) -> Vec<&Moratorium> {
        let c = country.trim().to_ascii_uppercase();
        self.moratoria
            .iter()
            .filter(|m| in_force(m.valid_from, m.valid_to, day) && m.countries.contains(&c))
            .filter(|m| !m.domestic_only || work == Some(WorkType::Domestic))
            .collect()
    }

    /// Whether `country` is closed to domestic work by a moratorium on `day`.
    pub fn domestic_moratorium(&self, country: &str, day: Date) -> bool {
        !self
            .moratoria_for(country, Some(WorkType::Domestic), day)
            .is_empty()
            && self
                .moratoria_for(country, Some(WorkType::Domestic), day)
                .iter()
                .any(|m| m.domestic_only)
    }

    /// Whether `country` is closed to all work (the scam-sector ban) on `day`.
    pub fn total_ban(&self, country: &str, day: Date) -> bool {
        self.moratoria_for(country, None, day)
            .iter()
            .any(|m| !m.domestic_only)
    }

    /// The documents `purpose` requires on `day` (rules marked unsure included).
    pub fn required_documents(&self, purpose: Purpose, day: Date) -> Vec<String> {
        self.required
            .iter()
            .filter(|r| r.purpose == purpose && in_force(r.valid_from, r.valid_to, day))
            .flat_map(|r| r.documents.iter().cloned())
            .collect()
    }

    fn required_rows(
        &self,
        purpose: Purpose,
        day: Date,
    ) -> impl Iterator<Item = &RequiredDocuments> {
        self.required
            .iter()
            .filter(move |r| r.purpose == purpose && in_force(r.valid_from, r.valid_to, day))
    }

    /// The required documents not among `shown` on `day`, split by why they count. Work
    /// documents are required also when the interview shows work intent under another purpose.
    pub fn missing_documents(
        &self,
        purpose: Option<Purpose>,
        work_intent: bool,
        shown: &[String],
        day: Date,
    ) -> MissingDocuments {
        let mut out = MissingDocuments::default();
        let missing = |r: &RequiredDocuments| -> Vec<String> {
            r.documents
                .iter()
                .filter(|d| !shown.contains(d))
                .cloned()
                .collect()
        };
        if let Some(p) = purpose {
            for r in self.required_rows(p, day) {
                if r.unsure {
                    out.advisory.extend(missing(r));
                } else {
                    out.for_purpose.extend(missing(r));
                }
            }
        }
        if work_intent && purpose != Some(Purpose::Work) {
            for r in self.required_rows(Purpose::Work, day) {
                if !r.unsure {
                    out.for_work_intent.extend(missing(r));
                }
            }
        }
        out
    }

    /// The minimum age of a migrant worker in force on `day`, with its legal basis.
    pub fn minimum_work_age(&self, day: Date) -> Option<&MinimumWorkAge> {
        self.minimum_work_age
            .iter()
            .find(|a| in_force(a.valid_from, a.valid_to, day))
    }

    /// Whether someone born on `birth` is under the minimum work age on `day`.
    pub fn under_work_age(&self, birth: Date, day: Date) -> bool {
        let Some(min) = self.minimum_work_age(day) else {
            return false;
        };
        let mut years = day.year() - birth.year();
        if (day.month() as u8, day.day()) < (birth.month() as u8, birth.day()) {
            years -= 1;
        }
        years < i32::from(min.age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const SHIPPED: &str = include_str!("../../../../data/prevention/rules.toml");

    #[test]
    fn shipped_rules_parse_and_apply_by_date() {
        let r = RuleSet::parse(SHIPPED).expect("parses");
        assert!(r.domestic_moratorium("sa", date!(2026 - 01 - 01)));
        assert!(
            !r.domestic_moratorium("SA", date!(2015 - 06 - 30)),
            "not before 1 Jul 2015"
        );
        assert!(!r.domestic_moratorium("MY", date!(2026 - 01 - 01)));
        assert!(r.total_ban("KH", date!(2026 - 01 - 01)));
        assert!(!r.total_ban("SA", date!(2026 - 01 - 01)));
        assert_eq!(
            r.required_documents(Purpose::Work, date!(2026 - 01 - 01)),
            vec!["rekomendasi_disnaker".to_string(), "surat_p3mi".to_string()]
        );
        assert!(
            r.required_documents(Purpose::Tourism, date!(2026 - 01 - 01))
                .is_empty()
        );
    }

    #[test]
    fn the_kemenag_umrah_recommendation_ends_on_22_february_2023() {
        let r = RuleSet::parse(SHIPPED).expect("parses");
        let none: Vec<String> = Vec::new();
        let before = r.missing_documents(
            Some(Purpose::UmrahHajj),
            false,
            &none,
            date!(2023 - 02 - 21),
        );
        assert_eq!(before.for_purpose, vec!["rekomendasi_kemenag".to_string()]);
        let after = r.missing_documents(
            Some(Purpose::UmrahHajj),
            false,
            &none,
            date!(2023 - 02 - 22),
        );
        assert!(
            after.for_purpose.is_empty(),
            "no scored document since the revocation"
        );
        assert_eq!(after.advisory, vec!["surat_ppiu".to_string()]);
        assert!(
            r.required
                .iter()
                .any(|d| d.source.contains("IMI-GR.01.01-0070"))
        );
    }

    #[test]
    fn work_documents_required_by_work_intent_are_kept_apart() {
        let r = RuleSet::parse(SHIPPED).expect("parses");
        let m = r.missing_documents(Some(Purpose::Tourism), true, &[], date!(2026 - 01 - 01));
        assert!(m.for_purpose.is_empty());
        assert_eq!(m.for_work_intent.len(), 2);
        let shown = vec!["surat_p3mi".to_string()];
        let w = r.missing_documents(Some(Purpose::Work), true, &shown, date!(2026 - 01 - 01));
        assert_eq!(w.for_purpose, vec!["rekomendasi_disnaker".to_string()]);
        assert!(w.for_work_intent.is_empty());
    }

    #[test]
    fn moratoria_list_21_middle_east_countries_and_the_2025_scam_sector_ban() {
        let r = RuleSet::parse(SHIPPED).expect("parses");
        for c in ["IR", "PK", "SS"] {
            assert!(r.domestic_moratorium(c, date!(2026 - 01 - 01)), "{c}");
        }
        let kepmen = &r.moratoria[0];
        assert!(
            kepmen.countries.len() >= 21 && kepmen.unsure_countries.contains(&"SA".to_string())
        );
        assert!(
            !r.total_ban("KH", date!(2025 - 03 - 17)),
            "not before the 2025 statement"
        );
        assert!(r.total_ban("KH", date!(2025 - 03 - 18)));
        assert!(r.moratoria.iter().all(|m| !m.source.is_empty()));
    }

    #[test]
    fn minimum_work_age_is_18_with_its_basis() {
        let r = RuleSet::parse(SHIPPED).expect("parses");
        let day = date!(2026 - 06 - 15);
        assert_eq!(r.minimum_work_age(day).map(|a| a.age), Some(18));
        assert!(
            r.minimum_work_age(day)
                .is_some_and(|a| a.source.contains("UU 18/2017"))
        );
        assert!(
            r.under_work_age(date!(2008 - 06 - 16), day),
            "one day short of 18"
        );
        assert!(!r.under_work_age(date!(2008 - 06 - 15), day), "18 today");
        assert_eq!(r.sponsor_min_other_pending, 2);
    }

    #[test]
    fn broken_files_are_errors() {
        assert!(RuleSet::parse("version = 1").is_err());
        assert!(RuleSet::parse("version = \"x\"\n[[required_documents]]\npurpose = \"fun\"\ndocuments = []\nvalid_from = 2020-01-01\n").is_err());
    }
}
