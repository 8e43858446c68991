//! Charges: articles from a dated reference table (`data/legal/articles.toml`), joined by "jo"
//! and combined cumulatively ("dan") or alternatively ("atau").

use super::coded_enum;
use time::Date;

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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
                if lookup(table, &c.law, &c.article, offence_on).is_none() {
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
