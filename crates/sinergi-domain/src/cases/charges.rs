//! Charges: articles from a dated reference table (`data/legal/articles.toml`) with their
//! penalties from the statutes. [`ChargeSheet`] is the older flat form (lines joined by "dan" or
//! "atau"); the full model a prosecutor writes is [`super::indictment::Indictment`].

use super::coded_enum;
use serde::Deserialize;
use time::{Date, Month};

/// How an article bears on the penalty of the count it is joined to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PenaltyRule {
    /// Its own range (`min_months`..`max_months`, fines).
    #[default]
    Range,
    /// The principal's penalty (participation, helping or attempt punished as the principal).
    AsPrincipal,
    /// The principal's maximum plus one third (aggravation).
    PlusOneThird,
    /// The principal's maximum minus one third (helping or attempt under the KUHP).
    MinusOneThird,
    /// No penalty of its own (procedure, restitution).
    NonPenal,
}

impl PenaltyRule {
    /// The factor on the principal's maximum when joined by "jo".
    pub fn factor(self) -> f64 {
        match self {
            PenaltyRule::PlusOneThird => 4.0 / 3.0,
            PenaltyRule::MinusOneThird => 2.0 / 3.0,
            _ => 1.0,
        }
    }
}

/// A fine category of the new KUHP (UU 1/2023 Pasal 79), for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FineCategory {
    /// Category I-VIII as 1-8.
    pub category: u8,
    /// Maximum fine in rupiah.
    pub max_fine: i64,
    /// First day in force.
    pub valid_from: Date,
}

/// The article and fine tables of `data/legal/articles.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalTables {
    /// Articles.
    pub articles: Vec<ArticleRef>,
    /// Fine categories of the new KUHP.
    pub fine_categories: Vec<FineCategory>,
}

/// Why the article table cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("articles table: {0}")]
pub struct TableError(pub String);

fn text_date(s: &str) -> Result<Date, TableError> {
    let bad = || TableError(format!("`{s}` is not a yyyy-mm-dd date"));
    let mut p = s.trim().splitn(3, '-');
    let y: i32 = p.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
    let m: u8 = p.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
    let d: u8 = p.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
    let m = Month::try_from(m).map_err(|_| bad())?;
    Date::from_calendar_date(y, m, d).map_err(|_| bad())
}

/// Parses `data/legal/articles.toml`.
pub fn parse_tables(text: &str) -> Result<LegalTables, TableError> {
    #[derive(Deserialize)]
    struct File {
        article: Vec<Raw>,
        #[serde(default)]
        fine_category: Vec<RawFine>,
    }
    #[derive(Deserialize)]
    struct Raw {
        law: String,
        article: String,
        summary: String,
        valid_from: String,
        valid_to: Option<String>,
        min_months: Option<u32>,
        max_months: Option<u32>,
        min_fine: Option<i64>,
        max_fine: Option<i64>,
        #[serde(default)]
        penalty: PenaltyRule,
        fine_category: Option<u8>,
        #[serde(default)]
        unsure: bool,
        replaced_by: Option<String>,
    }
    #[derive(Deserialize)]
    struct RawFine {
        category: u8,
        max_fine: i64,
        valid_from: String,
    }
    let f: File = toml::from_str(text).map_err(|e| TableError(e.message().to_string()))?;
    let mut articles = Vec::new();
    for r in f.article {
        articles.push(ArticleRef {
            valid_from: text_date(&r.valid_from)?,
            valid_to: r.valid_to.as_deref().map(text_date).transpose()?,
            law: r.law,
            article: r.article,
            summary: r.summary,
            min_months: r.min_months,
            max_months: r.max_months,
            min_fine: r.min_fine,
            max_fine: r.max_fine,
            penalty: r.penalty,
            fine_category: r.fine_category,
            unsure: r.unsure,
            replaced_by: r.replaced_by,
        });
    }
    let mut fine_categories = Vec::new();
    for c in f.fine_category {
        fine_categories.push(FineCategory {
            category: c.category,
            max_fine: c.max_fine,
            valid_from: text_date(&c.valid_from)?,
        });
    }
    Ok(LegalTables {
        articles,
        fine_categories,
    })
}

/// One article of the reference table, valid for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRef {
    /// The law, e.g. `UU 21/2007`.
    pub law: String,
    /// The article with ayat/huruf as written, e.g. `4`, `2 ayat (1)`, `126 huruf c`.
    pub article: String,
    /// Short summary of the conduct.
    pub summary: String,
    /// First day the penalty range applies.
    pub valid_from: Date,
    /// Last day it applies, if superseded.
    pub valid_to: Option<Date>,
    /// Minimum prison term in months, if any.
    pub min_months: Option<u32>,
    /// Maximum prison term in months, if any.
    pub max_months: Option<u32>,
    /// Minimum fine in rupiah, if any.
    pub min_fine: Option<i64>,
    /// Maximum fine in rupiah, if any.
    pub max_fine: Option<i64>,
    /// How it bears on the penalty of its count.
    pub penalty: PenaltyRule,
    /// Fine category of the new KUHP (1-8), when the fine is set that way.
    pub fine_category: Option<u8>,
    /// Not confirmed in a source.
    pub unsure: bool,
    /// The article that replaces it from its `valid_to` (e.g. `UU 1/2023 Pasal 20 huruf c`).
    pub replaced_by: Option<String>,
}

impl ArticleRef {
    /// Whether this row applies to an offence on `day`.
    pub fn in_force_on(&self, day: Date) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }
}

/// The row of `table` for `law` + `article` in force on `day`.
pub fn lookup<'a>(
    table: &'a [ArticleRef],
    law: &str,
    article: &str,
    day: Date,
) -> Option<&'a ArticleRef> {
    table
        .iter()
        .find(|a| a.law == law && a.article == article && a.in_force_on(day))
}

coded_enum!(
    /// How the lines of a charge sheet combine.
    Combination, "charge combination", {
        /// All lines are charged together (kumulatif, "dan").
        Cumulative => "cumulative",
        /// The lines are alternatives (alternatif, "atau").
        Alternative => "alternative",
    }
);

/// A cited article.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Cited {
    /// The law.
    pub law: String,
    /// The article.
    pub article: String,
}

/// A charge sheet: lines, each a list of articles joined by "jo".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChargeSheet {
    /// How the lines combine.
    pub combination: Combination,
    /// Each line: the principal article first, then those joined by "jo".
    pub lines: Vec<Vec<Cited>>,
}

/// Why a charge sheet is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChargeError {
    /// No line or an empty line.
    #[error("a charge needs at least one article per line")]
    Empty,
    /// The article is not in the reference table for that date.
    #[error("article not in the reference table on that date (line {line})")]
    UnknownArticle {
        /// 1-based line number.
        line: usize,
    },
}

impl ChargeSheet {
    /// Checks every article against the reference table on the offence date.
    pub fn validate(&self, table: &[ArticleRef], offence_on: Date) -> Result<(), ChargeError> {
        if self.lines.is_empty() || self.lines.iter().any(|l| l.is_empty()) {
            return Err(ChargeError::Empty);
        }
        for (i, line) in self.lines.iter().enumerate() {
            for c in line {
                let base = super::indictment::base_article(&c.article);
                if lookup(table, &c.law, &c.article, offence_on).is_none()
                    && lookup(table, &c.law, base, offence_on).is_none()
                {
                    return Err(ChargeError::UnknownArticle { line: i + 1 });
                }
            }
        }
        Ok(())
    }

    /// The sheet as written in Indonesian documents:
    /// `Pasal 4 UU 21/2007 jo Pasal 10 UU 21/2007 dan Pasal 81 UU 18/2017`.
    pub fn render(&self) -> String {
        let sep = match self.combination {
            Combination::Cumulative => " dan ",
            Combination::Alternative => " atau ",
        };
        self.lines
            .iter()
            .map(|l| {
                l.iter()
                    .map(|c| format!("Pasal {} {}", c.article, c.law))
                    .collect::<Vec<_>>()
                    .join(" jo ")
            })
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The widest prison range (months) the principal articles allow on `day`: for cumulative
    /// sheets the largest maximum, for alternatives too (the judge picks one line).
    pub fn max_months(&self, table: &[ArticleRef], day: Date) -> Option<u32> {
        self.lines
            .iter()
            .filter_map(|l| l.first())
            .filter_map(|c| lookup(table, &c.law, &c.article, day).and_then(|a| a.max_months))
            .max()
    }
}

/// A verdict for one suspect.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Verdict {
    /// Verdict number.
    pub number: String,
    /// Prison sentence in months (0 when acquitted).
    pub sentence_months: u32,
    /// Fine in rupiah.
    pub fine: i64,
    /// Restitution to victims in rupiah (UU 21/2007 Pasal 48).
    pub restitution: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn blank() -> ArticleRef {
        ArticleRef {
            law: String::new(),
            article: String::new(),
            summary: String::new(),
            valid_from: date!(2000 - 01 - 01),
            valid_to: None,
            min_months: None,
            max_months: None,
            min_fine: None,
            max_fine: None,
            penalty: PenaltyRule::Range,
            fine_category: None,
            unsure: false,
            replaced_by: None,
        }
    }

    fn table() -> Vec<ArticleRef> {
        vec![
            ArticleRef {
                law: "UU 21/2007".into(),
                article: "4".into(),
                summary: "".into(),
                valid_from: date!(2007 - 04 - 19),
                valid_to: None,
                min_months: Some(36),
                max_months: Some(180),
                min_fine: Some(120_000_000),
                max_fine: Some(600_000_000),
                ..blank()
            },
            ArticleRef {
                law: "UU 21/2007".into(),
                article: "10".into(),
                summary: "".into(),
                valid_from: date!(2007 - 04 - 19),
                valid_to: None,
                min_months: None,
                max_months: None,
                min_fine: None,
                max_fine: None,
                ..blank()
            },
            ArticleRef {
                law: "UU 18/2017".into(),
                article: "81".into(),
                summary: "".into(),
                valid_from: date!(2017 - 11 - 22),
                valid_to: None,
                min_months: None,
                max_months: Some(120),
                min_fine: None,
                max_fine: Some(15_000_000_000),
                ..blank()
            },
        ]
    }

    fn cited(law: &str, article: &str) -> Cited {
        Cited {
            law: law.into(),
            article: article.into(),
        }
    }

    #[test]
    fn renders_jo_and_dan() {
        let s = ChargeSheet {
            combination: Combination::Cumulative,
            lines: vec![
                vec![cited("UU 21/2007", "4"), cited("UU 21/2007", "10")],
                vec![cited("UU 18/2017", "81")],
            ],
        };
        assert_eq!(
            s.render(),
            "Pasal 4 UU 21/2007 jo Pasal 10 UU 21/2007 dan Pasal 81 UU 18/2017"
        );
        assert!(s.validate(&table(), date!(2026 - 01 - 10)).is_ok());
        assert_eq!(s.max_months(&table(), date!(2026 - 01 - 10)), Some(180));
    }

    #[test]
    fn dates_and_unknown_articles() {
        let s = ChargeSheet {
            combination: Combination::Alternative,
            lines: vec![vec![cited("UU 18/2017", "81")]],
        };
        assert_eq!(
            s.validate(&table(), date!(2016 - 01 - 01)),
            Err(ChargeError::UnknownArticle { line: 1 })
        );
        let e = ChargeSheet {
            combination: Combination::Alternative,
            lines: vec![],
        };
        assert_eq!(
            e.validate(&table(), date!(2026 - 01 - 01)),
            Err(ChargeError::Empty)
        );
    }
}
