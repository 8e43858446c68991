//! Person (and organisation) names as Indonesian agencies write them.
//!
//! Titles, honorifics and degrees are kept apart from the name, old spelling is
//! mapped to the current one, the many written forms of Muhammad collapse into one
//! weak token, common short forms are expanded, `bin`/`binti` parts become a
//! patronym and `alias` parts become aliases. Each token keeps two forms: `norm`
//! (current spelling, compared with Jaro-Winkler) and `key` (an aggressive phonetic
//! key, compared for equality and used for blocking and indexing).

use super::text::{fold, tokens};

/// One name token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameToken {
    /// Lowercase, current-spelling form.
    pub norm: Box<str>,
    /// Phonetic key (double letters collapsed, j/y/i merged, kh/h merged ...).
    pub key: Box<str>,
    /// True for tokens that carry little identity (the forms of Muhammad).
    pub weak: bool,
}

/// A standardised name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StdName {
    /// The name proper, in written order.
    pub tokens: Vec<NameToken>,
    /// The father's name after `bin` / `binti`.
    pub patronym: Vec<NameToken>,
    /// Other names after `alias` / `als` / `aka`.
    pub aliases: Vec<Vec<NameToken>>,
    /// Titles, honorifics and degrees that were removed (lowercase, no dots).
    pub titles: Vec<Box<str>>,
    /// Hash of [`StdName::sorted_key`], computed once (term frequencies use it).
    pub key_hash: u64,
    /// The name as written (folded, titles and spelling kept), when it differs
    /// from [`StdName::display`]; ranks equally good hits by closeness of form.
    pub written: Option<Box<str>>,
}

impl StdName {
    /// Sorted keys of the strong tokens (all tokens if none is strong), joined by spaces.
    pub fn sorted_key(&self) -> String {
        sorted_key(&self.tokens)
    }

    /// True when no name token was found.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The name as written: folded to lowercase ASCII, titles, initials and old
    /// spelling kept, one space between words.
    pub fn written(&self) -> std::borrow::Cow<'_, str> {
        match &self.written {
            Some(w) => std::borrow::Cow::Borrowed(w),
            None => std::borrow::Cow::Owned(self.display()),
        }
    }

    /// The name as it will be displayed in explanations.
    pub fn display(&self) -> String {
        let v: Vec<&str> = self.tokens.iter().map(|t| &*t.norm).collect();
        v.join(" ")
    }
}

/// Sorted keys of the strong tokens of `toks` (all of them if none is strong).
pub fn sorted_key(toks: &[NameToken]) -> String {
    let mut keys: Vec<&str> = toks.iter().filter(|t| !t.weak).map(|t| &*t.key).collect();
    if keys.is_empty() {
        keys = toks.iter().map(|t| &*t.key).collect();
    }
    keys.sort_unstable();
    keys.join(" ")
}

const PREFIX_TITLES: &[&str] = &[
    "h", "hj", "haji", "hajah", "hajjah", "dr", "drs", "dra", "drg", "ir", "prof", "kh", "ust",
    "ustadz", "ustad", "ustadzah", "bpk", "bapak", "pak", "ibu", "bu", "sdr", "sdri", "sdra", "tn",
    "ny", "nn", "mr", "mrs", "ms", "miss", "mx", "dra", "hm",
];

const DEGREES: &[&str] = &[
    "spd", "sh", "se", "st", "skom", "sag", "ssos", "sip", "sked", "skep", "sfarm", "ssi", "sp",
    "spsi", "stp", "ssn", "shum", "sikom", "mpd", "msi", "mm", "mh", "mkes", "mt", "mkom", "mag",
    "amd", "amkeb", "amk", "ns", "phd", "msc", "ma", "bsc", "ba", "mba", "llm", "md", "jr", "sr",
    "ii", "iii", "iv", "spog", "spa", "mpdi", "spdi", "shi", "sthi", "lc", "ak", "cpa",
];

const MUHAMMAD: &[&str] = &[
    "muhammad",
    "muhamad",
    "muhammed",
    "muhamed",
    "mohammad",
    "mohamad",
    "mohammed",
    "mohamed",
    "moch",
    "mochamad",
    "mochammad",
    "mokhamad",
    "mokhammad",
    "mukhamad",
    "mukhammad",
    "moh",
    "muh",
    "mhd",
    "mohd",
    "muchammad",
    "muchamad",
    "mochamat",
    "mohamat",
    "muhamat",
];

/// Standardises one written name.
pub fn standardise(raw: &str) -> StdName {
    let mut out = StdName::default();
    let raw = split_camel_case(raw);
    let lower = raw.to_lowercase();
    // Alias parts: "Budi alias Ableh", "Budi als. Ableh", "Budi a.k.a. Ableh".
    let mut parts: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for w in lower.split_whitespace() {
        let bare = w.trim_matches(|c: char| c == '.' || c == ',' || c == '(' || c == ')');
        if matches!(bare, "alias" | "als" | "aka" | "a.k.a" | "alias:") {
            parts.push(current.join(" "));
            current.clear();
        } else {
            current.push(w);
        }
    }
    parts.push(current.join(" "));
    let mut first = true;
    for part in parts {
        let (toks, patronym, titles) = standardise_part(&part);
        out.titles.extend(titles);
        if first {
            out.tokens = toks;
            out.patronym = patronym;
            first = false;
        } else if !toks.is_empty() {
            out.aliases.push(toks);
        }
    }
    if out.tokens.is_empty() && !out.aliases.is_empty() {
        out.tokens = out.aliases.remove(0);
    }
    out.key_hash = crate::tf::hash_str(&sorted_key(&out.tokens));
    let folded = fold(&raw);
    let written: Vec<&str> = tokens(&folded).collect();
    let written = written.join(" ");
    if written != out.display() {
        out.written = Some(written.into_boxed_str());
    }
    out
}

/// Splits words written together with a capital inside ("RahayuSusanti",
/// "SitiAminah") at each lowercase-to-uppercase step; all-capital and
/// all-lowercase text is left alone.
fn split_camel_case(raw: &str) -> std::borrow::Cow<'_, str> {
    let b = raw.as_bytes();
    let inner = b
        .windows(2)
        .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    if !inner {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len() + 4);
    let mut prev_lower = false;
    for c in raw.chars() {
        if prev_lower && c.is_ascii_uppercase() {
            out.push(' ');
        }
        prev_lower = c.is_ascii_lowercase();
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

fn is_degree(word: &str) -> bool {
    // Degrees are written with inner dots ("S.Pd", "A.Md") or as known codes.
    let compact: String = word.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    DEGREES.contains(&compact.as_str())
}

fn standardise_part(part: &str) -> (Vec<NameToken>, Vec<NameToken>, Vec<Box<str>>) {
    let mut titles: Vec<Box<str>> = Vec::new();
    // Everything after the first comma that looks like degrees is degrees;
    // otherwise it is a name part ("Santoso, Budi").
    let mut segments = part.split(',');
    let mut words: Vec<String> = segments
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    for seg in segments {
        let ws: Vec<&str> = seg.split_whitespace().collect();
        if !ws.is_empty() && ws.iter().all(|w| is_degree(w)) {
            titles.extend(ws.iter().map(|w| compact(w)));
        } else {
            words.extend(ws.iter().map(|w| (*w).to_owned()));
        }
    }
    // Dotted degrees anywhere ("Budi S.Pd"), and trailing known degree codes.
    words.retain(|w| {
        let inner_dot = w.trim_end_matches('.').contains('.');
        if inner_dot && is_degree(w) {
            titles.push(compact(w));
            false
        } else {
            true
        }
    });
    // Leading titles, while a name remains after them.
    while words.len() > 1 {
        let c = compact(&words[0]);
        let is_siti_short = &*c == "st";
        if PREFIX_TITLES.contains(&&*c) && !is_siti_short {
            titles.push(c);
            words.remove(0);
        } else {
            break;
        }
    }
    // Trailing degree codes without dots ("Budi Santoso SH").
    while words.len() > 1 {
        let last = compact(&words[words.len() - 1]);
        if is_degree(&last) && !matches!(&*last, "st" | "ma" | "sr") {
            titles.push(last);
            words.pop();
        } else {
            break;
        }
    }
    let mut toks = Vec::new();
    let mut patronym = Vec::new();
    let mut in_patronym = false;
    let n_words = words.len();
    for (wi, w) in words.iter().enumerate() {
        let folded = fold(w);
        for t in tokens(&folded) {
            if matches!(t, "bin" | "binti" | "bte" | "bt" | "binte") && wi > 0 && wi + 1 < n_words {
                in_patronym = true;
                continue;
            }
            let at_start = toks.is_empty() && !in_patronym;
            let Some(tok) = canonical_token(t, at_start && n_words > 1) else {
                continue;
            };
            if in_patronym {
                patronym.push(tok);
            } else {
                toks.push(tok);
            }
        }
    }
    (toks, patronym, titles)
}

fn compact(w: &str) -> Box<str> {
    w.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
        .into_boxed_str()
}

fn canonical_token(t: &str, first_of_many: bool) -> Option<NameToken> {
    if t.is_empty() {
        return None;
    }
    let expanded: &str = match t {
        _ if MUHAMMAD.contains(&t) => "muhammad",
        "m" | "mu" | "md" if first_of_many => "muhammad",
        "st" => "siti",
        "nurul" | "noer" | "noerul" => "nur",
        "abd" | "abdoel" => "abdul",
        "ach" | "achmad" | "akhmad" => "ahmad",
        _ => t,
    };
    let norm = modern_spelling(expanded);
    let key = phonetic_key(&norm);
    Some(NameToken {
        weak: expanded == "muhammad",
        norm: norm.into_boxed_str(),
        key: key.into_boxed_str(),
    })
}

/// Maps the pre-1972 (Van Ophuijsen / Soewandi) spelling to the current one:
/// oe→u, dj→j, tj→c, sj→sy, nj→ny, ch→kh.
pub fn modern_spelling(t: &str) -> String {
    let b = t.as_bytes();
    let mut out = String::with_capacity(t.len());
    let mut i = 0;
    while i < b.len() {
        let two = if i + 1 < b.len() {
            Some((b[i], b[i + 1]))
        } else {
            None
        };
        match two {
            Some((b'o', b'e')) => {
                out.push('u');
                i += 2;
            }
            Some((b'd', b'j')) => {
                out.push('j');
                i += 2;
            }
            Some((b't', b'j')) => {
                out.push('c');
                i += 2;
            }
            Some((b's', b'j')) => {
                out.push_str("sy");
                i += 2;
            }
            Some((b'n', b'j')) => {
                out.push_str("ny");
                i += 2;
            }
            Some((b'c', b'h')) => {
                out.push_str("kh");
                i += 2;
            }
            _ => {
                out.push(b[i] as char);
                i += 1;
            }
        }
    }
    out
}

/// An aggressive phonetic key of a current-spelling token: j/y/i merge (old "j"
/// is today's "y"), kh/h, ph/f, v/f, q/k, dh/d, th/t, z/s merge, double letters
/// collapse and a final h after a vowel is dropped (Fatimah/Fatima).
pub fn phonetic_key(norm: &str) -> String {
    let b = norm.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let (mapped, step) = match (c, next) {
            (b'k', Some(b'h')) | (b'g', Some(b'h')) => (b'h', 2),
            (b'p', Some(b'h')) => (b'f', 2),
            (b'd', Some(b'h')) => (b'd', 2),
            (b't', Some(b'h')) => (b't', 2),
            (b'j' | b'y', _) => (b'i', 1),
            (b'v', _) => (b'f', 1),
            (b'q', _) => (b'k', 1),
            (b'z', _) => (b's', 1),
            (b'e', Some(b'e')) => (b'i', 2),
            _ => (c, 1),
        };
        if out.last() != Some(&mapped) {
            out.push(mapped);
        }
        i += step;
    }
    if out.len() > 2
        && out.last() == Some(&b'h')
        && matches!(
            out.get(out.len() - 2),
            Some(b'a' | b'e' | b'i' | b'o' | b'u')
        )
    {
        out.pop();
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keys(s: &str) -> String {
        standardise(s).sorted_key()
    }

    #[test]
    fn titles_and_degrees_are_kept_apart() {
        let n = standardise("Hj. Siti Aminah, S.Pd., M.Pd");
        assert_eq!(n.display(), "siti aminah");
        assert_eq!(n.titles.len(), 3);
        let n = standardise("Dr. Ir. Budi Santoso SH");
        assert_eq!(n.display(), "budi santoso");
        let n = standardise("Drs. H. Achmad Fauzi");
        assert_eq!(n.display(), "ahmad fauzi");
    }

    #[test]
    fn old_spelling_matches_new() {
        assert_eq!(keys("Soekarno"), keys("Sukarno"));
        assert_eq!(keys("Djoko Tjahjono"), keys("Joko Cahyono"));
        assert_eq!(keys("Chairul Tandjung"), keys("Khairul Tanjung"));
        assert_eq!(keys("Sjahrir"), keys("Syahrir"));
        assert_eq!(keys("Jahja"), keys("Yahya"));
    }

    #[test]
    fn muhammad_forms_collapse_and_are_weak() {
        for s in [
            "Muhammad Rizki",
            "Mohammad Rizki",
            "Moch. Rizki",
            "M. Rizki",
            "Muhamad Rizky",
        ] {
            let n = standardise(s);
            assert_eq!(&*n.tokens[0].norm, "muhammad", "{s}");
            assert!(n.tokens[0].weak);
            assert_eq!(n.sorted_key(), "riski", "{s}");
        }
    }

    #[test]
    fn short_forms_bin_and_alias() {
        assert_eq!(keys("St. Nurhayati"), keys("Siti Nurhayati"));
        assert_eq!(keys("Nurul Hidayah"), keys("Nur Hidayah"));
        assert_eq!(keys("Abd. Rahman"), keys("Abdul Rahman"));
        let n = standardise("Ahmad bin Yusuf alias Mamat");
        assert_eq!(n.display(), "ahmad");
        assert_eq!(&*n.patronym[0].norm, "yusuf");
        assert_eq!(&*n.aliases[0][0].norm, "mamat");
    }

    #[test]
    fn written_form_and_run_together_words() {
        let n = standardise("H. CAHYO");
        assert_eq!(n.display(), "cahyo");
        assert_eq!(n.written(), "h cahyo");
        assert_eq!(standardise("Cahyo").written(), "cahyo");
        assert_eq!(standardise("Soekarno").written(), "soekarno");
        assert_eq!(standardise("RahayuSusanti").display(), "rahayu susanti");
        assert_eq!(standardise("RAHAYUSUSANTI").tokens.len(), 1);
    }

    #[test]
    fn mononyms_and_token_order() {
        assert_eq!(standardise("Sukarni").tokens.len(), 1);
        assert_eq!(keys("Santoso, Budi"), keys("Budi Santoso"));
        assert_eq!(keys("  BUDI   santoso "), keys("budi-santoso"));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,60}") {
            let n = standardise(&s);
            let _ = n.sorted_key();
        }

        #[test]
        fn never_panics_on_name_like_input(s in "[A-Za-z .,'-]{0,40}") {
            let n = standardise(&s);
            for t in &n.tokens {
                prop_assert!(!t.norm.is_empty());
            }
        }
    }
}
