//! Name tables and the ways agencies write one name differently.
//!
//! Weights are hand-set to give East Java's heavy head of common names (Muhammad, Siti, Sri, Nur,
//! Agus, Budi, Wahyu…): many different synthetic people share the same full name, which is the
//! point — a linker must not chain them together on the name alone. All names are generic given
//! names and family names; no row describes a real person.

use crate::rng::{Rng, Weighted};
use sinergi_domain::nik::Sex;

mod tables;
use tables::*;

/// Weighted name tables, built once per generator.
#[derive(Debug)]
pub struct NameTables {
    male_first: Weighted<&'static str>,
    female_first: Weighted<&'static str>,
    male_last: Weighted<&'static str>,
    female_last: Weighted<&'static str>,
    male_single: Weighted<&'static str>,
    female_single: Weighted<&'static str>,
    muhammad: Weighted<&'static str>,
}

impl NameTables {
    /// Builds the tables.
    pub fn new() -> NameTables {
        let w = |t: &'static [(&'static str, u64)]| Weighted::new(t.iter().copied());
        NameTables {
            male_first: w(MALE_FIRST),
            female_first: w(FEMALE_FIRST),
            male_last: w(MALE_LAST),
            female_last: w(FEMALE_LAST),
            male_single: w(MALE_SINGLE),
            female_single: w(FEMALE_SINGLE),
            muhammad: w(MUHAMMAD),
        }
    }

    /// A canonical (truth) name as tokens, for a person of `sex` born in `year`.
    pub fn person(&self, rng: &mut Rng, sex: Sex, year: i32) -> Vec<String> {
        let (first, last, single) = match sex {
            Sex::Male => (&self.male_first, &self.male_last, &self.male_single),
            Sex::Female => (&self.female_first, &self.female_last, &self.female_single),
        };
        let s = |t: &Weighted<&'static str>, rng: &mut Rng| {
            t.sample(rng).copied().unwrap_or("Nur").to_string()
        };
        let p_single = if year < 1975 {
            0.30
        } else if year < 1990 {
            0.12
        } else {
            0.04
        };
        let roll = rng.unit();
        if roll < p_single {
            vec![s(single, rng)]
        } else if roll < p_single + 0.62 {
            let a = s(first, rng);
            let mut b = s(last, rng);
            if b == a {
                b = s(last, rng);
            }
            vec![a, b]
        } else {
            let a = s(first, rng);
            let mut b = s(first, rng);
            if b == a {
                b = s(last, rng);
            }
            let c = s(last, rng);
            vec![a, b, c]
        }
    }

    fn muhammad_variant(&self, rng: &mut Rng) -> &'static str {
        self.muhammad.sample(rng).copied().unwrap_or("M.")
    }
}

impl Default for NameTables {
    fn default() -> Self {
        NameTables::new()
    }
}

/// Van Ophuijsen / Soewandi spelling of a modern token: u→oe, j→dj, y→j, c→tj, kh→ch, sy→sj,
/// ny→nj. Each rule is applied or not as a whole, as `mask` bits say, in a single pass.
pub fn old_spelling(token: &str, mask: u8) -> String {
    let mut out = String::with_capacity(token.len() + 4);
    let chars: Vec<char> = token.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).map(|n| n.to_ascii_lowercase());
        let lower = c.to_ascii_lowercase();
        let upper = c.is_uppercase();
        let cap = |s: &str| -> String {
            if upper {
                let mut it = s.chars();
                match it.next() {
                    Some(f) => f.to_uppercase().chain(it).collect(),
                    None => String::new(),
                }
            } else {
                s.to_string()
            }
        };
        let (rep, used) = match (lower, next) {
            ('k', Some('h')) if mask & 1 != 0 => (cap("ch"), 2),
            ('s', Some('y')) if mask & 2 != 0 => (cap("sj"), 2),
            ('n', Some('y')) if mask & 4 != 0 => (cap("nj"), 2),
            ('c', _) if mask & 8 != 0 => (cap("tj"), 1),
            ('j', _) if mask & 16 != 0 => (cap("dj"), 1),
            ('y', _) if mask & 32 != 0 => (cap("j"), 1),
            ('u', _) if mask & 64 != 0 => (cap("oe"), 1),
            _ => (c.to_string(), 1),
        };
        out.push_str(&rep);
        i += used;
    }
    out
}

/// Modern (EYD) spelling of an old-spelled token: oe→u, dj→j, tj→c, ch→kh, sj→sy, nj→ny, j→y.
pub fn modern_spelling(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    let chars: Vec<char> = token.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).map(|n| n.to_ascii_lowercase());
        let upper = c.is_uppercase();
        let pick = |lo: &str, up: &str| {
            if upper {
                up.to_string()
            } else {
                lo.to_string()
            }
        };
        let (rep, used) = match (c.to_ascii_lowercase(), next) {
            ('o', Some('e')) => (pick("u", "U"), 2),
            ('d', Some('j')) => (pick("j", "J"), 2),
            ('t', Some('j')) => (pick("c", "C"), 2),
            ('c', Some('h')) => (pick("kh", "Kh"), 2),
            ('s', Some('j')) => (pick("sy", "Sy"), 2),
            ('n', Some('j')) => (pick("ny", "Ny"), 2),
            ('j', _) => (pick("y", "Y"), 1),
            _ => (c.to_string(), 1),
        };
        out.push_str(&rep);
        i += used;
    }
    out
}

/// What was done to a name when writing it, as flag bits (see [`crate::Noise`]).
pub struct Written {
    /// The name as written.
    pub text: String,
    /// Bits of [`crate::Noise`] describing what changed.
    pub noise: u32,
}

/// Writes the canonical `tokens` the way one agency might. `scale` (0-1) scales the probability of
/// every change: first rows of an entity get less.
pub fn write_name(
    tables: &NameTables,
    rng: &mut Rng,
    tokens: &[String],
    old: bool,
    sex: Sex,
    year: i32,
    scale: f64,
) -> Written {
    use crate::Noise;
    let mut noise = 0u32;
    let mut t: Vec<String> = tokens.to_vec();
    // Spelling: old-spelled truths are often modernised; modern ones sometimes written old.
    if old && rng.chance(0.4 * scale) {
        t = t.iter().map(|x| modern_spelling(x)).collect();
        noise |= Noise::NAME_SPELLING.0;
    } else if !old && rng.chance(if year < 1975 { 0.2 } else { 0.06 } * scale) {
        let mask = (rng.next_u64() as u8) | 1 << rng.below(7);
        let i = rng.below(t.len());
        if let Some(x) = t.get_mut(i) {
            let changed = old_spelling(x, mask);
            if changed != *x {
                *x = changed;
                noise |= Noise::NAME_SPELLING.0;
            }
        }
    }
    // Muhammad is written a dozen ways, even on first rows.
    for x in t.iter_mut() {
        if x == "Muhammad" && rng.chance(0.55) {
            *x = tables.muhammad_variant(rng).to_string();
            noise |= Noise::NAME_MUHAMMAD.0;
        }
    }
    // Short forms and their reverse.
    for x in t.iter_mut() {
        let new = match x.as_str() {
            "Siti" if rng.chance(0.15 * scale) => Some("St."),
            "Abdul" if rng.chance(0.35 * scale) => Some("Abd."),
            "Nur" if rng.chance(0.10 * scale) => Some("Nurul"),
            "Nurul" if rng.chance(0.15 * scale) => Some("Nur"),
            "Ahmad" if rng.chance(0.25 * scale) => {
                Some(if rng.chance(0.7) { "Achmad" } else { "Akhmad" })
            }
            "Hasanah" if rng.chance(0.2 * scale) => Some("Chasanah"),
            "Rizky" if rng.chance(0.3 * scale) => {
                Some(if rng.chance(0.5) { "Rizki" } else { "Risky" })
            }
            "Ma'ruf" if rng.chance(0.5) => Some("Maruf"),
            "Syafi'i" if rng.chance(0.5) => Some("Syafii"),
            _ => None,
        };
        if let Some(n) = new {
            *x = n.to_string();
            noise |= Noise::NAME_SHORT_FORM.0;
        }
    }
    // Drop or initial a middle name.
    if t.len() >= 3 && rng.chance(0.12 * scale) {
        if rng.chance(0.5) {
            t.remove(1);
        } else if let Some(m) = t.get_mut(1) {
            let initial = m.chars().next().unwrap_or('A');
            *m = format!("{initial}.");
        }
        noise |= Noise::NAME_DROPPED.0;
    }
    // Join a common first token with the next ("Nur Hayati" -> "Nurhayati").
    if t.len() >= 2
        && matches!(
            t[0].as_str(),
            "Nur" | "Sri" | "Dwi" | "Tri" | "Eka" | "Dewi"
        )
        && rng.chance(0.12 * scale)
    {
        let second = t.remove(1).to_lowercase();
        t[0].push_str(&second);
        noise |= Noise::NAME_JOINED.0;
    }
    // Token order.
    if t.len() >= 2 && rng.chance(0.06 * scale) {
        t.rotate_left(1);
        noise |= Noise::NAME_ORDER.0;
    }
    // Typo in one token.
    if rng.chance(0.12 * scale) {
        let i = rng.below(t.len());
        if let Some(x) = t.get_mut(i)
            && x.chars().count() >= 4
        {
            *x = typo(rng, x);
            noise |= Noise::NAME_TYPO.0;
        }
    }
    let mut text = t.join(" ");
    // Titles.
    if rng.chance(0.07 * scale) {
        let fit: Vec<&(&str, bool, Option<Sex>)> = TITLES
            .iter()
            .filter(|(_, _, s)| s.is_none_or(|s| s == sex))
            .filter(|(t, _, _)| year < 1975 || !matches!(*t, "Drs." | "Dra." | "Ir."))
            .collect();
        if let Some((title, prefix, _)) = rng.pick(&fit).copied() {
            text = if *prefix {
                format!("{title} {text}")
            } else {
                format!("{text}, {title}")
            };
            noise |= Noise::NAME_TITLE.0;
        }
    }
    // Case: KTP style upper case, or title case, rarely lower case.
    let roll = rng.unit();
    if roll < 0.45 {
        text = text.to_uppercase();
    } else if roll < 0.48 {
        text = text.to_lowercase();
    }
    Written { text, noise }
}

/// One typo: adjacent transposition, deletion, substitution or doubled letter.
pub fn typo(rng: &mut Rng, word: &str) -> String {
    let mut c: Vec<char> = word.chars().collect();
    if c.len() < 2 {
        return word.to_string();
    }
    // Keep the first letter: it is the one people get right.
    let i = 1 + rng.below(c.len() - 1);
    match rng.below(4) {
        0 if i + 1 < c.len() => c.swap(i, i + 1),
        0 => c.swap(i - 1, i),
        1 => {
            c.remove(i);
        }
        2 => {
            const NEAR: &str = "aiueoaiueonmrstlkhgdbp";
            let n: Vec<char> = NEAR.chars().collect();
            let mut r = *rng.pick(&n).unwrap_or(&'a');
            if c.get(i) == Some(&r) {
                r = if r == 'a' { 'e' } else { 'a' };
            }
            if let Some(x) = c.get_mut(i) {
                *x = r;
            }
        }
        _ => {
            let d = c.get(i).copied().unwrap_or('a');
            c.insert(i, d);
        }
    }
    c.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_rules() {
        assert_eq!(old_spelling("Suparman", 64), "Soeparman");
        assert_eq!(old_spelling("Joko", 16), "Djoko");
        assert_eq!(old_spelling("Cahyono", 8 | 32), "Tjahjono");
        assert_eq!(old_spelling("Khoirul", 1), "Choirul");
        assert_eq!(old_spelling("Syaiful", 2), "Sjaiful");
        assert_eq!(old_spelling("Yahya", 32), "Jahja");
        assert_eq!(modern_spelling("Soeparman"), "Suparman");
        assert_eq!(modern_spelling("Djoko"), "Joko");
        assert_eq!(modern_spelling("Tjahjono"), "Cahyono");
        assert_eq!(modern_spelling("Choirul"), "Khoirul");
        assert_eq!(modern_spelling("Sjaiful"), "Syaiful");
        assert_eq!(modern_spelling("Jahja"), "Yahya");
    }

    #[test]
    fn typos_change_one_thing() {
        let mut r = Rng::new(3);
        for _ in 0..200 {
            let t = typo(&mut r, "Wahyuni");
            assert_ne!(t, "");
            assert!(t.starts_with('W'));
            assert!((6..=8).contains(&t.chars().count()));
        }
    }

    #[test]
    fn names_are_mostly_two_or_three_tokens() {
        let tables = NameTables::new();
        let mut r = Rng::new(5);
        let mut single = 0;
        for _ in 0..1000 {
            let n = tables.person(&mut r, Sex::Female, 1995);
            assert!((1..=3).contains(&n.len()));
            if n.len() == 1 {
                single += 1;
            }
        }
        assert!(single < 100);
    }
}
