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
}

#[derive(Deserialize)]
struct MoratoriumRow {
    name: String,
    work_types: Vec<String>,
    valid_from: toml::value::Datetime,
    valid_to: Option<toml::value::Datetime>,
    countries: Vec<String>,
}

#[derive(Deserialize)]
struct DocumentsRow {
    purpose: String,
    documents: Vec<String>,
    valid_from: toml::value::Datetime,
    valid_to: Option<toml::value::Datetime>,
}

/// One moratorium: countries closed to some work, for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moratorium {
    /// Legal name.
    pub name: String,
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
                valid_from: toml_date(&r.valid_from)?,
                valid_to: r.valid_to.as_ref().map(toml_date).transpose()?,
            });
        }
        Ok(RuleSet {
            version: f.version,
            moratoria,
            required,
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

    /// The documents `purpose` requires on `day`.
    pub fn required_documents(&self, purpose: Purpose, day: Date) -> Vec<String> {
        self.required
            .iter()
            .filter(|r| r.purpose == purpose && in_force(r.valid_from, r.valid_to, day))
            .flat_map(|r| r.documents.iter().cloned())
            .collect()
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
    fn broken_files_are_errors() {
        assert!(RuleSet::parse("version = 1").is_err());
        assert!(RuleSet::parse("version = \"x\"\n[[required_documents]]\npurpose = \"fun\"\ndocuments = []\nvalid_from = 2020-01-01\n").is_err());
    }
}
