//! Charges as a prosecutor writes them: counts of articles joined by "jo", combined as a single
//! count, alternatives ("atau"), cumulative counts ("dan"), subsidiary counts (primair,
//! subsidair, lebih subsidair) or a combination of these. [`Indictment::parse`] reads the text
//! of a charge sheet and [`Indictment::render`] writes it back the same way:
//! `Pasal 4 jo Pasal 10 UU 21/2007 jo Pasal 55 ayat (1) ke-1 KUHP`.
//!
//! Laws are written `UU <no>/<year>` (`UU 21/2007`), `KUHP` for the old criminal code (Wetboek
//! van Strafrecht, UU 1/1946) and `UU 1/2023` for the new one; the long form
//! ("Undang-Undang Nomor 21 Tahun 2007") is normalised.

use super::charges::{ArticleRef, Cited, lookup};
use serde::{Deserialize, Serialize};
use time::Date;

/// The form of a charge sheet (bentuk surat dakwaan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// One count (tunggal).
    Single,
    /// Alternatives (alternatif): the court picks one.
    Alternative,
    /// Cumulative counts (kumulatif): every count is charged.
    Cumulative,
    /// Subsidiary counts (subsidiaritas): primair, else subsidair, else lebih subsidair.
    Subsidiary,
    /// A combination (kombinasi) of the above.
    Combination,
}

/// A charge: one count of articles joined by "jo", or counts combined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indictment {
    /// One count: the principal article first, then those joined by "jo".
    Count(Vec<Cited>),
    /// Alternatives.
    Alternative(Vec<Indictment>),
    /// Cumulative counts.
    Cumulative(Vec<Indictment>),
    /// Subsidiary counts, primair first.
    Subsidiary(Vec<Indictment>),
}

/// Why a charge text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndictmentError {
    /// Nothing to read.
    #[error("the charge is empty")]
    Empty,
    /// An article without a law after it (`Pasal 4` alone).
    #[error("no law after `{0}`; write e.g. `Pasal 4 UU 21/2007`")]
    MissingLaw(String),
    /// Unbalanced parentheses.
    #[error("unbalanced parentheses")]
    Parentheses,
}

const ORDINALS: [&str; 10] = [
    "Kesatu",
    "Kedua",
    "Ketiga",
    "Keempat",
    "Kelima",
    "Keenam",
    "Ketujuh",
    "Kedelapan",
    "Kesembilan",
    "Kesepuluh",
];
const SUBSIDIARY: [&str; 4] = [
    "Primair",
    "Subsidair",
    "Lebih Subsidair",
    "Lebih-Lebih Subsidair",
];
/// Labels read (lowercase), longest first so `lebih subsidair` wins over `subsidair`.
const LABELS: [&str; 20] = [
    "lebih-lebih subsidair",
    "lebih lebih subsidair",
    "lebih subsidair",
    "lebih subsider",
    "subsidair",
    "subsider",
    "primair",
    "primer",
    "kesepuluh",
    "kesembilan",
    "kedelapan",
    "ketujuh",
    "keenam",
    "kelima",
    "keempat",
    "ketiga",
    "kedua",
    "kesatu",
    "pertama",
    "dakwaan",
];

impl Indictment {
    /// The form of the sheet.
    pub fn form(&self) -> Form {
        let simple = |v: &[Indictment]| v.iter().all(|c| matches!(c, Indictment::Count(_)));
        match self {
            Indictment::Count(_) => Form::Single,
            Indictment::Alternative(v) if simple(v) => Form::Alternative,
            Indictment::Cumulative(v) if simple(v) => Form::Cumulative,
            Indictment::Subsidiary(v) if simple(v) => Form::Subsidiary,
            _ => Form::Combination,
        }
    }

    /// Every count (article chain), in order.
    pub fn counts(&self) -> Vec<&[Cited]> {
        match self {
            Indictment::Count(c) => vec![c.as_slice()],
            Indictment::Alternative(v) | Indictment::Cumulative(v) | Indictment::Subsidiary(v) => {
                v.iter().flat_map(Indictment::counts).collect()
            }
        }
    }

    /// Reads a charge as written (labels, "jo", "dan", "atau", primair/subsidair; nested
    /// combinations in parentheses).
    pub fn parse(text: &str) -> Result<Indictment, IndictmentError> {
        let mut depth = 0i32;
        for c in grouping_marks(text) {
            depth += c;
            if depth < 0 {
                return Err(IndictmentError::Parentheses);
            }
        }
        if depth != 0 {
            return Err(IndictmentError::Parentheses);
        }
        let mut out = parse_part(text)?;
        inherit_laws(&mut out);
        check_laws(&out)?;
        Ok(out)
    }

    /// The charge as a prosecutor writes it.
    pub fn render(&self) -> String {
        match self {
            Indictment::Count(c) => render_count(c),
            Indictment::Alternative(v) => labelled(v, ORDINALS.as_slice(), " atau ", true),
            Indictment::Cumulative(v) => labelled(v, ORDINALS.as_slice(), " dan ", true),
            Indictment::Subsidiary(v) => labelled(v, SUBSIDIARY.as_slice(), "; ", false),
        }
    }

    /// Articles the table does not know at all (accepted, shown as unchecked) and articles it
    /// knows but not in force on `offence_on` (an error for the caller to report).
    pub fn check_against(&self, table: &[ArticleRef], offence_on: Date) -> ArticleCheck {
        let mut out = ArticleCheck::default();
        for count in self.counts() {
            for c in count {
                let known: Vec<&ArticleRef> = table
                    .iter()
                    .filter(|a| a.law == c.law && a.article == base_article(&c.article))
                    .collect();
                if known.is_empty() {
                    out.unknown.push(c.clone());
                } else if lookup(table, &c.law, base_article(&c.article), offence_on).is_none() {
                    out.not_in_force.push(c.clone());
                }
            }
        }
        out
    }

    /// The highest prison term (months) the sheet allows on `day`, from the principal article
    /// of each count and the modifiers joined to it ("jo": +1/3 for aggravations, -1/3 for
    /// helping or attempt under the KUHP): the largest over the counts.
    pub fn max_months(&self, table: &[ArticleRef], day: Date) -> Option<u32> {
        self.counts()
            .into_iter()
            .filter_map(|count| {
                let (first, rest) = count.split_first()?;
                let base = lookup(table, &first.law, base_article(&first.article), day)?;
                let mut months = f64::from(base.max_months?);
                for c in rest {
                    if let Some(a) = lookup(table, &c.law, base_article(&c.article), day) {
                        months *= a.penalty.factor();
                    }
                }
                Some(months.round() as u32)
            })
            .max()
    }
}

impl From<super::charges::ChargeSheet> for Indictment {
    fn from(s: super::charges::ChargeSheet) -> Indictment {
        let mut counts: Vec<Indictment> = s.lines.into_iter().map(Indictment::Count).collect();
        if counts.len() == 1 {
            return counts.pop().unwrap_or(Indictment::Count(Vec::new()));
        }
        match s.combination {
            super::charges::Combination::Alternative => Indictment::Alternative(counts),
            super::charges::Combination::Cumulative => Indictment::Cumulative(counts),
        }
    }
}

/// The result of checking a charge's articles against the reference table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleCheck {
    /// Articles the table does not have (accepted; their penalty is not known here).
    pub unknown: Vec<Cited>,
    /// Articles the table has, but not in force on the offence date.
    pub not_in_force: Vec<Cited>,
}

/// The article number with its letter suffix only (`55 ayat (1) ke-1` -> `55`,
/// `126 huruf c` -> `126 huruf c` is kept when the table lists it so; here `126`).
pub fn base_article(article: &str) -> &str {
    let a = article.trim();
    let end = a
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric()))
        .map_or(a.len(), |(i, _)| i);
    a.get(..end).unwrap_or(a)
}

fn labelled(v: &[Indictment], labels: &[&str], sep: &str, ordinal: bool) -> String {
    v.iter()
        .enumerate()
        .map(|(i, c)| {
            let label = labels
                .get(i)
                .map(|l| l.to_string())
                .unwrap_or_else(|| format!("Ke-{}", i + 1));
            let label = if ordinal && i == 0 && sep == " atau " {
                "Pertama".to_string()
            } else {
                label
            };
            let body = match c {
                Indictment::Count(_) => c.render(),
                _ => format!("({})", c.render()),
            };
            format!("{label}: {body}")
        })
        .collect::<Vec<_>>()
        .join(sep)
}

fn render_count(c: &[Cited]) -> String {
    let mut parts = Vec::new();
    for (i, a) in c.iter().enumerate() {
        let same_law_next = c.get(i + 1).is_some_and(|n| n.law == a.law);
        if same_law_next {
            parts.push(format!("Pasal {}", a.article));
        } else {
            parts.push(format!("Pasal {} {}", a.article, a.law));
        }
    }
    parts.join(" jo ")
}

/// +1 for an opening grouping parenthesis, -1 for its closing one. A parenthesis is grouping
/// when it opens a part (after a label's colon or at the start); `ayat (1)` is not.
fn grouping_marks(text: &str) -> Vec<i32> {
    let mut stack: Vec<bool> = Vec::new();
    let mut out = Vec::new();
    let mut prev = ':';
    for ch in text.chars() {
        match ch {
            '(' => {
                let grouping = matches!(prev, ':' | ';') || prev == '\u{0}';
                stack.push(grouping);
                if grouping {
                    out.push(1);
                }
            }
            ')' => match stack.pop() {
                Some(true) => out.push(-1),
                Some(false) => {}
                None => out.push(-1),
            },
            _ => {}
        }
        if !ch.is_whitespace() {
            prev = ch;
        }
    }
    out
}

/// Splits `text` at `sep` (ASCII, matched case-insensitively) outside grouping parentheses.
fn split_top(text: &str, sep: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut parts = Vec::new();
    let mut stack: Vec<bool> = Vec::new();
    let mut prev = ':';
    let mut start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let ch = bytes[i] as char;
        match ch {
            '(' => stack.push(matches!(prev, ':' | ';')),
            ')' => {
                stack.pop();
            }
            _ => {}
        }
        if !ch.is_whitespace() {
            prev = ch;
        }
        let depth = stack.iter().filter(|g| **g).count();
        if depth == 0 && lower.get(i..).is_some_and(|r| r.starts_with(sep)) {
            parts.push(text.get(start..i).unwrap_or("").to_string());
            i += sep.len();
            start = i;
            prev = ':';
            continue;
        }
        i += 1;
    }
    parts.push(text.get(start..).unwrap_or("").to_string());
    parts
}

/// Removes a leading label (`Kesatu:`, `Primair :`) and returns (label, rest).
fn strip_label(part: &str) -> (Option<&'static str>, &str) {
    let t = part.trim();
    let lower = t.to_ascii_lowercase();
    for l in LABELS {
        if lower.starts_with(l) {
            let rest = t.get(l.len()..).unwrap_or("").trim_start();
            if let Some(r) = rest.strip_prefix(':') {
                return (Some(l), r.trim());
            }
        }
    }
    (None, t)
}

fn unwrap_group(t: &str) -> &str {
    let t = t.trim();
    if t.starts_with('(') && t.ends_with(')') {
        // Only when the first parenthesis closes at the very end.
        let inner = t.get(1..t.len() - 1).unwrap_or("");
        let mut depth = 0i32;
        for c in inner.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                return t;
            }
        }
        return inner.trim();
    }
    t
}

fn parse_part(text: &str) -> Result<Indictment, IndictmentError> {
    let (_, t) = strip_label(text);
    let t = unwrap_group(t);
    if t.is_empty() {
        return Err(IndictmentError::Empty);
    }
    for (sep, make) in [
        (
            " dan ",
            Indictment::Cumulative as fn(Vec<Indictment>) -> Indictment,
        ),
        (" atau ", Indictment::Alternative),
    ] {
        let parts = split_top(t, sep);
        if parts.len() > 1 {
            return Ok(make(
                parts
                    .iter()
                    .map(|p| parse_part(p))
                    .collect::<Result<_, _>>()?,
            ));
        }
    }
    let parts: Vec<String> = split_top(t, ";")
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect();
    if parts.len() > 1 || strip_label(t).0.is_some() {
        if parts.len() == 1 {
            return parse_part(&parts[0]);
        }
        return Ok(Indictment::Subsidiary(
            parts
                .iter()
                .map(|p| parse_part(p))
                .collect::<Result<_, _>>()?,
        ));
    }
    parse_count(t)
}

/// Finds a law at the end of `s`: returns (article text, normalised law).
fn split_law(s: &str) -> (String, Option<String>) {
    let t = s.trim().trim_end_matches(['.', ',']);
    let words: Vec<&str> = t.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    // `... KUHP`
    if lower.last().is_some_and(|w| w == "kuhp") {
        return (words[..words.len() - 1].join(" "), Some("KUHP".into()));
    }
    // `... UU 21/2007` or `... UU RI No. 21 Tahun 2007` or `Undang-Undang Nomor 21 Tahun 2007`
    for (i, w) in lower.iter().enumerate() {
        if w == "uu" || w.starts_with("undang-undang") {
            let rest: Vec<&str> = words[i + 1..]
                .iter()
                .copied()
                .filter(|w| {
                    let l = w.to_ascii_lowercase();
                    !matches!(l.as_str(), "ri" | "no" | "no." | "nomor" | "tentang")
                })
                .collect();
            let law = match rest.as_slice() {
                [nr] if nr.contains('/') => Some(format!("UU {nr}")),
                [nr, tahun, year, ..] if tahun.eq_ignore_ascii_case("tahun") => {
                    Some(format!("UU {nr}/{year}"))
                }
                [nr, ..] if nr.contains('/') => Some(format!("UU {nr}")),
                _ => None,
            };
            if law.is_some() {
                return (words[..i].join(" "), law);
            }
        }
    }
    (t.to_string(), None)
}

fn parse_count(text: &str) -> Result<Indictment, IndictmentError> {
    let lower = text.to_ascii_lowercase().replace(" juncto ", " jo ");
    let mut segments = Vec::new();
    let mut at = 0;
    for (i, _) in lower.match_indices(" jo ") {
        segments.push(text.get(at..i).unwrap_or(""));
        at = i + 4;
    }
    segments.push(text.get(at..).unwrap_or(""));
    let mut out = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for seg in segments {
        let (article, law) = split_law(seg);
        let article = article
            .trim()
            .trim_start_matches("Pasal")
            .trim_start_matches("pasal")
            .trim()
            .to_string();
        if article.is_empty() {
            continue;
        }
        pending.push(article);
        if let Some(law) = law {
            for a in pending.drain(..) {
                out.push(Cited {
                    law: law.clone(),
                    article: a,
                });
            }
        }
    }
    for a in pending {
        out.push(Cited {
            law: String::new(),
            article: a,
        });
    }
    if out.is_empty() {
        return Err(IndictmentError::Empty);
    }
    Ok(Indictment::Count(out))
}

/// `Pasal 81 dan 83 UU 18/2017`: a count without a law takes the law of the next count.
fn inherit_laws(i: &mut Indictment) {
    if let Indictment::Alternative(v) | Indictment::Cumulative(v) | Indictment::Subsidiary(v) = i {
        for c in v.iter_mut() {
            inherit_laws(c);
        }
        for k in (0..v.len().saturating_sub(1)).rev() {
            let next_law = v[k + 1]
                .counts()
                .first()
                .and_then(|c| c.first())
                .map(|c| c.law.clone());
            if let (Indictment::Count(c), Some(law)) = (&mut v[k], next_law) {
                for a in c.iter_mut().filter(|a| a.law.is_empty()) {
                    a.law = law.clone();
                }
            }
        }
    }
}

fn check_laws(i: &Indictment) -> Result<(), IndictmentError> {
    for c in i.counts() {
        if let Some(a) = c.iter().find(|a| a.law.is_empty()) {
            return Err(IndictmentError::MissingLaw(format!("Pasal {}", a.article)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(law: &str, article: &str) -> Cited {
        Cited {
            law: law.into(),
            article: article.into(),
        }
    }

    #[test]
    fn a_jo_chain_reads_and_prints_as_the_prosecutor_wrote_it() {
        let text = "Pasal 4 jo Pasal 10 UU 21/2007 jo Pasal 55 ayat (1) ke-1 KUHP";
        let i = Indictment::parse(text).expect("parses");
        assert_eq!(
            i,
            Indictment::Count(vec![
                cited("UU 21/2007", "4"),
                cited("UU 21/2007", "10"),
                cited("KUHP", "55 ayat (1) ke-1"),
            ])
        );
        assert_eq!(i.form(), Form::Single);
        assert_eq!(i.render(), text);
    }

    #[test]
    fn subsidiary_alternative_cumulative_and_combination() {
        let sub = "Primair: Pasal 4 jo Pasal 10 UU 21/2007; Subsidair: Pasal 81 UU 18/2017; Lebih Subsidair: Pasal 126 huruf c UU 6/2011";
        let i = Indictment::parse(sub).expect("parses");
        assert_eq!(i.form(), Form::Subsidiary);
        assert_eq!(i.counts().len(), 3);
        assert_eq!(i.render(), sub);
        let alt = "Pertama: Pasal 4 UU 21/2007 atau Kedua: Pasal 81 UU 18/2017";
        assert_eq!(
            Indictment::parse(alt).expect("alt").form(),
            Form::Alternative
        );
        assert_eq!(Indictment::parse(alt).expect("alt").render(), alt);
        let cum = "Kesatu: Pasal 4 UU 21/2007 dan Kedua: Pasal 81 UU 18/2017";
        assert_eq!(
            Indictment::parse(cum).expect("cum").form(),
            Form::Cumulative
        );
        let combo = "Kesatu: (Primair: Pasal 4 jo Pasal 10 UU 21/2007 jo Pasal 55 ayat (1) ke-1 KUHP; Subsidair: Pasal 83 UU 18/2017) dan Kedua: Pasal 126 huruf c UU 6/2011";
        let c = Indictment::parse(combo).expect("combination");
        assert_eq!(c.form(), Form::Combination);
        assert_eq!(c.render(), combo);
        assert_eq!(Indictment::parse(&c.render()).expect("again"), c);
    }

    #[test]
    fn long_law_names_and_shared_laws_are_normalised() {
        let i = Indictment::parse("Pasal 81 dan 83 Undang-Undang Nomor 18 Tahun 2017").expect("ok");
        assert_eq!(
            i,
            Indictment::Cumulative(vec![
                Indictment::Count(vec![cited("UU 18/2017", "81")]),
                Indictment::Count(vec![cited("UU 18/2017", "83")]),
            ])
        );
        let j = Indictment::parse("Pasal 2 ayat (1) UU RI No. 21 Tahun 2007").expect("ok");
        assert_eq!(
            j,
            Indictment::Count(vec![cited("UU 21/2007", "2 ayat (1)")])
        );
    }

    #[test]
    fn errors_are_typed() {
        assert_eq!(Indictment::parse("  "), Err(IndictmentError::Empty));
        assert_eq!(
            Indictment::parse("Pasal 4"),
            Err(IndictmentError::MissingLaw("Pasal 4".into()))
        );
        assert_eq!(
            Indictment::parse("Kesatu: (Pasal 4 UU 21/2007"),
            Err(IndictmentError::Parentheses)
        );
        assert_eq!(base_article("55 ayat (1) ke-1"), "55");
    }

    #[test]
    fn the_shipped_table_checks_dates_and_penalties() {
        use time::macros::date;
        let t = crate::cases::charges::parse_tables(include_str!(
            "../../../../data/legal/articles.toml"
        ))
        .expect("articles.toml parses");
        assert!(t.articles.len() >= 45);
        assert_eq!(t.fine_categories.len(), 8);
        let old =
            Indictment::parse("Pasal 4 jo Pasal 10 UU 21/2007 jo Pasal 55 ayat (1) ke-1 KUHP")
                .expect("parses");
        let check = old.check_against(&t.articles, date!(2025 - 06 - 01));
        assert_eq!(
            check,
            ArticleCheck::default(),
            "every article known and in force"
        );
        assert_eq!(
            old.max_months(&t.articles, date!(2025 - 06 - 01)),
            Some(180)
        );
        let after = old.check_against(&t.articles, date!(2026 - 03 - 01));
        assert_eq!(after.not_in_force, vec![cited("KUHP", "55 ayat (1) ke-1")]);
        let new = Indictment::parse("Pasal 4 jo Pasal 17 UU 21/2007 jo Pasal 20 huruf c UU 1/2023")
            .expect("parses");
        assert!(
            new.check_against(&t.articles, date!(2026 - 03 - 01))
                .not_in_force
                .is_empty()
        );
        assert_eq!(
            new.max_months(&t.articles, date!(2026 - 03 - 01)),
            Some(240),
            "child victim +1/3"
        );
        for a in ["3", "5", "6", "8", "9", "11", "12", "16"] {
            assert!(
                t.articles
                    .iter()
                    .any(|r| r.law == "UU 21/2007" && r.article == a),
                "{a}"
            );
        }
        for a in ["82", "85", "86"] {
            assert!(
                t.articles
                    .iter()
                    .any(|r| r.law == "UU 18/2017" && r.article == a),
                "{a}"
            );
        }
        let unknown = Indictment::parse("Pasal 999 UU 21/2007").expect("parses");
        assert_eq!(
            unknown
                .check_against(&t.articles, date!(2025 - 06 - 01))
                .unknown
                .len(),
            1
        );
    }
}
