//! The public portal's information: safe-migration guidance, banned destinations (the
//! moratorium data), the law in plain words with its dated penalties, the licence check of
//! placement companies and training institutes ([`licence`]) and outreach events ([`outreach`]).
//!
//! Content lives in `data/portal/*.toml` (both languages, each item with its source and an
//! `unsure` mark) and in the rule tables of other areas, read through their domain types; this
//! module only parses and selects. Nothing here needs a signed-in user except entering an
//! outreach event.

pub mod demo;
pub mod licence;
pub mod outreach;

use crate::AppError;
use serde::Deserialize;
use sinergi_domain::cases::charges::ArticleRef;
use time::Date;

const GUIDANCE_TOML: &str = include_str!("../../../../data/portal/guidance.toml");
const LAW_TOML: &str = include_str!("../../../../data/portal/law.toml");
const COUNTRIES_TOML: &str = include_str!("../../../../data/portal/countries.toml");

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bilingual {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    /// The text in Indonesian (`true`) or English.
    pub fn pick(&self, indonesian: bool) -> &str {
        if indonesian { &self.id } else { &self.en }
    }
}

/// One step of the procedural route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidanceStep {
    /// Short title.
    pub title: Bilingual,
    /// What to do.
    pub body: Bilingual,
    /// Where the fact comes from.
    pub source: String,
    /// Not yet checked against the regulation itself.
    pub unsure: bool,
}

/// A document the worker needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidanceDocument {
    /// Its name.
    pub name: Bilingual,
    /// Source.
    pub source: String,
    /// Unchecked.
    pub unsure: bool,
}

/// An official channel or hotline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    /// Who.
    pub name: String,
    /// Number, address or site.
    pub contact: String,
    /// What it is for.
    pub what: Bilingual,
    /// Source.
    pub source: String,
    /// Unchecked.
    pub unsure: bool,
}

/// A cost a worker may or may not be charged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cost {
    /// Whether it may be charged.
    pub may_charge: bool,
    /// The cost.
    pub item: Bilingual,
    /// Source.
    pub source: String,
    /// Unchecked.
    pub unsure: bool,
}

/// The whole guidance.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Guidance {
    /// Version label of the data file.
    pub version: String,
    /// The procedural route, in order.
    pub steps: Vec<GuidanceStep>,
    /// Documents.
    pub documents: Vec<GuidanceDocument>,
    /// Channels and hotlines.
    pub channels: Vec<Channel>,
    /// Costs.
    pub costs: Vec<Cost>,
}

#[derive(Deserialize)]
struct GuidanceFile {
    version: String,
    step: Vec<RawStep>,
    document: Vec<RawDoc>,
    channel: Vec<RawChannel>,
    cost: Vec<RawCost>,
}
#[derive(Deserialize)]
struct RawStep {
    title_id: String,
    title_en: String,
    body_id: String,
    body_en: String,
    source: String,
    #[serde(default)]
    unsure: bool,
}
#[derive(Deserialize)]
struct RawDoc {
    name_id: String,
    name_en: String,
    source: String,
    #[serde(default)]
    unsure: bool,
}
#[derive(Deserialize)]
struct RawChannel {
    name: String,
    contact: String,
    what_id: String,
    what_en: String,
    source: String,
    #[serde(default)]
    unsure: bool,
}
#[derive(Deserialize)]
struct RawCost {
    may_charge: bool,
    item_id: String,
    item_en: String,
    source: String,
    #[serde(default)]
    unsure: bool,
}

fn bi(id: String, en: String) -> Bilingual {
    Bilingual { id, en }
}

fn data_error(file: &str, e: toml::de::Error) -> AppError {
    AppError::Internal(format!("{file}: {}", e.message()))
}

/// Parses a guidance file (the shipped one is `data/portal/guidance.toml`).
pub fn parse_guidance(text: &str) -> Result<Guidance, AppError> {
    let f: GuidanceFile = toml::from_str(text).map_err(|e| data_error("guidance", e))?;
    Ok(Guidance {
        version: f.version,
        steps: f
            .step
            .into_iter()
            .map(|s| GuidanceStep {
                title: bi(s.title_id, s.title_en),
                body: bi(s.body_id, s.body_en),
                source: s.source,
                unsure: s.unsure,
            })
            .collect(),
        documents: f
            .document
            .into_iter()
            .map(|d| GuidanceDocument {
                name: bi(d.name_id, d.name_en),
                source: d.source,
                unsure: d.unsure,
            })
            .collect(),
        channels: f
            .channel
            .into_iter()
            .map(|c| Channel {
                name: c.name,
                contact: c.contact,
                what: bi(c.what_id, c.what_en),
                source: c.source,
                unsure: c.unsure,
            })
            .collect(),
        costs: f
            .cost
            .into_iter()
            .map(|c| Cost {
                may_charge: c.may_charge,
                item: bi(c.item_id, c.item_en),
                source: c.source,
                unsure: c.unsure,
            })
            .collect(),
    })
}

/// The shipped guidance.
pub fn guidance() -> Result<Guidance, AppError> {
    parse_guidance(GUIDANCE_TOML)
}

/// Country names from `data/portal/countries.toml`: `(code, Indonesian, English)`.
pub fn countries() -> Result<Vec<(String, Bilingual)>, AppError> {
    #[derive(Deserialize)]
    struct File {
        countries: Vec<(String, String, String)>,
    }
    let f: File = toml::from_str(COUNTRIES_TOML).map_err(|e| data_error("countries", e))?;
    Ok(f.countries
        .into_iter()
        .map(|(c, id, en)| (c, bi(id, en)))
        .collect())
}

/// The name of a country code in both languages (the code itself when unknown).
pub fn country_name(code: &str) -> Bilingual {
    countries()
        .ok()
        .and_then(|all| all.into_iter().find(|(c, _)| c.eq_ignore_ascii_case(code)))
        .map(|(_, n)| n)
        .unwrap_or_else(|| bi(code.to_string(), code.to_string()))
}

/// One moratorium as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BanView {
    /// Legal name of the decree.
    pub name: String,
    /// Only domestic work with individual employers is closed (`false`: all work).
    pub domestic_only: bool,
    /// First day in force.
    pub valid_from: Date,
    /// Last day in force, if it ended.
    pub valid_to: Option<Date>,
    /// In force on the day asked.
    pub in_force: bool,
    /// Countries, named.
    pub countries: Vec<(String, Bilingual)>,
}

/// The moratoria of the screening rules (`data/prevention/rules.toml`, read through the domain
/// rule set), each with its dates and whether it is in force on `day`.
pub fn bans(day: Date) -> Result<Vec<BanView>, AppError> {
    let rules = crate::prevention::config::rules()?;
    Ok(rules
        .moratoria
        .iter()
        .map(|m| BanView {
            name: m.name.clone(),
            domestic_only: m.domestic_only,
            valid_from: m.valid_from,
            valid_to: m.valid_to,
            in_force: m.valid_from <= day && m.valid_to.is_none_or(|t| day <= t),
            countries: m
                .countries
                .iter()
                .map(|c| (c.clone(), country_name(c)))
                .collect(),
        })
        .collect())
}

/// What a law says, in plain words, with the penalty from the dated article table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawView {
    /// `recruitment`, `trafficking` or `smuggling`.
    pub topic: String,
    /// The law, e.g. `UU 21/2007`.
    pub law: String,
    /// The article, e.g. `4`.
    pub article: String,
    /// Plain words.
    pub plain: Bilingual,
    /// The penalty row in force on the day asked (none when the table has no range for it).
    pub penalty: Option<ArticleRef>,
}

#[derive(Deserialize)]
struct LawFile {
    item: Vec<RawLaw>,
}
#[derive(Deserialize)]
struct RawLaw {
    topic: String,
    law: String,
    article: String,
    plain_id: String,
    plain_en: String,
}

/// The plain-word law items of `data/portal/law.toml`, each joined to its penalty row of
/// `data/legal/articles.toml` in force on `day`.
pub fn law(day: Date) -> Result<Vec<LawView>, AppError> {
    let f: LawFile = toml::from_str(LAW_TOML).map_err(|e| data_error("law", e))?;
    let table = crate::cases::articles()?;
    Ok(f.item
        .into_iter()
        .map(|i| {
            let penalty = table
                .iter()
                .find(|a| a.law == i.law && a.article == i.article && a.in_force_on(day))
                .filter(|a| a.max_months.is_some() || a.max_fine.is_some())
                .cloned();
            LawView {
                topic: i.topic,
                law: i.law,
                article: i.article,
                plain: bi(i.plain_id, i.plain_en),
                penalty,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn shipped_guidance_has_every_part_with_sources() {
        let g = guidance().unwrap();
        assert!(g.steps.len() >= 6);
        assert!(!g.documents.is_empty() && !g.channels.is_empty());
        assert!(g.costs.iter().any(|c| c.may_charge) && g.costs.iter().any(|c| !c.may_charge));
        assert!(
            g.steps
                .iter()
                .all(|s| !s.source.is_empty() && !s.body.en.is_empty())
        );
        assert!(
            g.channels.iter().any(|c| c.unsure),
            "hotlines are marked unsure"
        );
    }

    #[test]
    fn bans_come_from_the_rule_table_with_names() {
        let b = bans(date!(2026 - 06 - 01)).unwrap();
        assert!(!b.is_empty());
        assert!(b.iter().all(|m| !m.countries.is_empty()));
        let before = bans(date!(2000 - 01 - 01)).unwrap();
        assert!(before.iter().all(|m| !m.in_force));
    }

    #[test]
    fn law_items_carry_penalties_from_the_article_table() {
        let items = law(date!(2026 - 06 - 01)).unwrap();
        let p81 = items.iter().find(|i| i.article == "81").unwrap();
        assert_eq!(p81.penalty.as_ref().and_then(|p| p.max_months), Some(120));
        for topic in ["recruitment", "trafficking", "smuggling"] {
            assert!(items.iter().any(|i| i.topic == topic), "{topic}");
        }
        // Restitution has no penalty range.
        let p48 = items.iter().find(|i| i.article == "48").unwrap();
        assert!(p48.penalty.is_none());
    }

    #[test]
    fn unknown_country_code_is_shown_as_itself() {
        assert_eq!(country_name("ZZ").id, "ZZ");
        assert_eq!(country_name("my").id, "Malaysia");
    }
}
