//! A case's history told in sentences: "07/12/2026 02:21 WIB — Bambang (Kepolisian Resor Malang)
//! mencatat tahap hukum: Mochamad Soetrisno · Penyidikan · 24/02/2026".
//!
//! The app stores each event as a code (`legal.step`) and a detail of ids and codes. Here the
//! code becomes a verb phrase in the page's language, person ids become the names the viewer may
//! see, agency codes become names, codes become labels and ISO dates dd/mm/yyyy; ids the viewer
//! has no name for are left out.

use crate::i18n::Lang;
use std::collections::HashMap;

/// The label groups a code in an event detail may come from, tried in this order.
const GROUPS: [&str; 16] = [
    "detail",
    "dash_table",
    "role",
    "status",
    "decision",
    "case_kind",
    "regime",
    "person_role",
    "stage",
    "service",
    "outcome",
    "referral_state",
    "purpose",
    "entity_kind",
    "investigator",
    "severity",
];

/// Names the page may show for the ids and codes in an event's detail.
pub(crate) struct Names<'a> {
    /// Person id → name as the viewer may see it (masked for protected people).
    pub people: &'a HashMap<String, String>,
    /// Agency code → name in force.
    pub agencies: &'a HashMap<String, String>,
}

/// The sentence for one event: the verb phrase of its code, then the detail in words.
pub(crate) fn narrate(lang: Lang, kind: &str, detail: &str, names: &Names<'_>) -> String {
    let verb = lang.label("event", &kind.replace('.', "_"));
    let words = detail_words(lang, detail, names);
    if words.is_empty() {
        verb.to_string()
    } else {
        format!("{verb}: {words}")
    }
}

/// The detail of an event or notification in words (names, labels, dd/mm/yyyy dates; ids
/// without a name left out).
pub(crate) fn detail_words(lang: Lang, detail: &str, names: &Names<'_>) -> String {
    let words: Vec<(String, bool)> = detail
        .split_whitespace()
        .filter_map(|token| word(lang, token, names))
        .collect();
    // Names, labels and dates are separated by " · "; free text (an article, a number) reads on.
    let mut out = String::new();
    for (i, (w, unit)) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(if *unit || words[i - 1].1 { " · " } else { " " });
        }
        out.push_str(w);
    }
    out
}

/// One token of a detail in words (and whether it stands alone: a name, label or date), or
/// `None` when it is an id without a name.
fn word(lang: Lang, token: &str, names: &Names<'_>) -> Option<(String, bool)> {
    if let Some(name) = names.people.get(token) {
        return Some((name.clone(), true));
    }
    if let Some(name) = names.agencies.get(token) {
        return Some((name.clone(), true));
    }
    if looks_like_id(token) {
        return None;
    }
    if let Some(d) = iso_date(token) {
        return Some((d, true));
    }
    // A figure the app records as `key=value` (`score=35`, `hits=2`) reads "skor risiko 35".
    if let Some((key, value)) = token.split_once('=') {
        let label = format!("detail_{key}");
        if crate::i18n::lookup(&label).is_some() {
            let value = iso_date(value).unwrap_or_else(|| value.to_string());
            return Some((format!("{} {value}", lang.label("detail", key)), true));
        }
    }
    if is_code(token) {
        for g in GROUPS {
            let key = format!("{g}_{token}");
            if crate::i18n::lookup(&key).is_some() {
                return Some((lang.label(g, token).to_string(), true));
            }
        }
    }
    Some((token.to_string(), false))
}

/// A UUID (the form every record id takes).
pub(crate) fn looks_like_id(token: &str) -> bool {
    token.len() == 36
        && token.chars().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// `yyyy-mm-dd` as `dd/mm/yyyy`.
fn iso_date(token: &str) -> Option<String> {
    let b = token.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (b.len() == 10 && b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10))
        .then(|| format!("{}/{}/{}", &token[8..10], &token[5..7], &token[0..4]))
}

/// A lowercase code word (`in_progress`, `tppo`).
fn is_code(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_read_as_sentences_with_names_labels_and_dates() {
        let people = HashMap::from([(
            "af65b30a-cb25-44fd-a41a-75a2c227bade".to_string(),
            "Mochamad Soetrisno".to_string(),
        )]);
        let agencies = HashMap::from([("iom-indonesia".to_string(), "IOM Indonesia".to_string())]);
        let names = Names {
            people: &people,
            agencies: &agencies,
        };
        let s = narrate(
            Lang::Id,
            "legal.step",
            "af65b30a-cb25-44fd-a41a-75a2c227bade penyidikan 2026-02-24",
            &names,
        );
        assert_eq!(
            s,
            "mencatat tahap hukum: Mochamad Soetrisno · Penyidikan · 24/02/2026"
        );
        let s = narrate(
            Lang::En,
            "case.refer",
            "f188d32a-020e-4e5f-a824-db9e69224df4 iom-indonesia victim_assistance",
            &names,
        );
        assert_eq!(s, "referred the case: IOM Indonesia · victim assistance");
        let s = narrate(
            Lang::Id,
            "legal.charges",
            "af65b30a-cb25-44fd-a41a-75a2c227bade Pasal 4 UU 21/2007",
            &names,
        );
        assert_eq!(
            s,
            "menetapkan pasal: Mochamad Soetrisno · Pasal 4 UU 21/2007"
        );
        assert!(!s.contains("f188d32a"), "an id without a name is left out");
    }

    #[test]
    fn ids_dates_and_codes_are_recognised() {
        assert!(looks_like_id("af65b30a-cb25-44fd-a41a-75a2c227bade"));
        assert!(!looks_like_id("SNG/2026/000001"));
        assert_eq!(iso_date("2026-02-24").as_deref(), Some("24/02/2026"));
        assert_eq!(iso_date("12/Pid.Sus"), None);
        assert!(is_code("in_progress") && !is_code("Pasal"));
    }
}
