//! Comparison levels per field kind. Level 0 always means "missing on either
//! side" (no evidence either way); level 1 means "different"; higher levels are
//! closer agreement, the highest is exact agreement.

use crate::record::Value;
use crate::schema::FieldKind;
use crate::standardise::date::Date;
use crate::standardise::id::{IdScheme, StdId, typo_span};
use crate::standardise::name::{NameToken, StdName};
use crate::standardise::text::{jaro_winkler, jaro_winkler_bytes};

/// At most this many fields: a comparison vector packs 4 bits per field in a `u64`.
pub const MAX_FIELDS: usize = 16;

/// The names of the comparison levels of `kind`, indexed by level.
pub fn level_names(kind: FieldKind) -> &'static [&'static str] {
    match kind {
        FieldKind::Name => &[
            "missing",
            "different",
            "partial",
            "subset",
            "fuzzy",
            "exact",
        ],
        FieldKind::Date => &["missing", "different", "same year", "one typo", "exact"],
        FieldKind::Identifier => &[
            "missing",
            "different",
            "one typo",
            "one typo, structure agrees",
            "exact",
        ],
        FieldKind::Phone => &["missing", "different", "same last 8 digits", "exact"],
        FieldKind::Address => &[
            "missing",
            "different",
            "some tokens",
            "half the tokens",
            "most tokens",
        ],
        FieldKind::Text => &["missing", "different", "fuzzy", "exact"],
        FieldKind::Category => &["missing", "different", "exact"],
        FieldKind::Number => &["missing", "different", "within 5%", "exact"],
    }
}

/// Number of levels of `kind` (including "missing").
pub fn level_count(kind: FieldKind) -> usize {
    level_names(kind).len()
}

/// Compares two values of one field; returns the level.
pub fn compare(kind: FieldKind, a: &Value, b: &Value) -> u8 {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => 0,
        (Value::Name(x), Value::Name(y)) => name_level(x, y),
        (Value::Date(x), Value::Date(y)) => date_level(*x, *y),
        (Value::Id(x), Value::Id(y)) => id_level(x, y),
        (Value::Phone(x), Value::Phone(y)) => {
            if x == y {
                3
            } else if last_digits(x, 8) == last_digits(y, 8) && x.len() >= 10 && y.len() >= 10 {
                2
            } else {
                1
            }
        }
        (Value::Address(x), Value::Address(y)) => address_level(x, y),
        (Value::Text(x), Value::Text(y)) => text_level(x, y),
        (Value::Category(x), Value::Category(y)) => {
            if x == y {
                2
            } else {
                1
            }
        }
        (Value::Number(x), Value::Number(y)) => number_level(*x, *y),
        _ => {
            let _ = kind;
            0
        }
    }
}

/// Date level: 4 exact, 3 one typo in `yyyymmdd` or day and month swapped,
/// 2 same year (or a year apart on the same day), 1 different.
pub fn date_level(x: Date, y: Date) -> u8 {
    if x == y {
        return 4;
    }
    let swapped = x.year == y.year && x.month == y.day && x.day == y.month;
    // yyyymmdd one substitution or adjacent swap apart (same length, so that
    // is edit distance one).
    if swapped || typo_span(&digits8(x.packed()), &digits8(y.packed())).is_some() {
        3
    } else if x.year == y.year
        || (x.year.abs_diff(y.year) <= 1 && x.month == y.month && x.day == y.day)
    {
        2
    } else {
        1
    }
}

/// Address level from the shares of hashed tokens in common.
pub fn address_level(x: &[u64], y: &[u64]) -> u8 {
    let common = x.iter().filter(|t| y.contains(t)).count() as f64;
    let union = (x.len() + y.len()) as f64 - common;
    let overlap = common / x.len().min(y.len()).max(1) as f64;
    let jaccard = if union > 0.0 { common / union } else { 0.0 };
    let s = (overlap + jaccard) / 2.0;
    if s >= 0.8 {
        4
    } else if s >= 0.5 {
        3
    } else if s >= 0.25 {
        2
    } else {
        1
    }
}

/// Free-text level: 3 exact, 2 Jaro-Winkler at least 0.88, 1 different.
pub fn text_level(x: &str, y: &str) -> u8 {
    if x == y {
        3
    } else if jaro_winkler(x, y) >= 0.88 {
        2
    } else {
        1
    }
}

/// Number level: 3 equal, 2 within 5%, 1 different.
pub fn number_level(x: f64, y: f64) -> u8 {
    if x == y {
        3
    } else if (x - y).abs() <= 0.05 * x.abs().max(y.abs()) {
        2
    } else {
        1
    }
}

/// Identifier level: 4 exact; 3 a NIK typo that cannot be another person's
/// number (it breaks the NIK's structure); 2 any other one-typo difference (a
/// NIK one digit off in its region, birth date or serial can also be a
/// neighbour's: see [`crate::model::Model::gamma`] for how the birth date, sex
/// and name decide); 1 different.
pub fn id_level(x: &StdId, y: &StdId) -> u8 {
    if x.value == y.value {
        return 4;
    }
    if x.nik_typo(y).is_some() {
        return if !x.valid || !y.valid { 3 } else { 2 };
    }
    if x.scheme == IdScheme::Nik && x.value.len() == 16 && y.value.len() == 16 {
        return 1;
    }
    if x.one_typo_from(y) { 2 } else { 1 }
}

/// The eight decimal digits of a packed `yyyymmdd` date.
fn digits8(mut v: u32) -> [u8; 8] {
    let mut out = [b'0'; 8];
    for d in out.iter_mut().rev() {
        *d = b'0' + (v % 10) as u8;
        v /= 10;
    }
    out
}

fn last_digits(s: &str, n: usize) -> &str {
    &s[s.len().saturating_sub(n)..]
}

/// The strong tokens of a token list (all tokens if none is strong).
pub fn strong(toks: &[NameToken]) -> Vec<&NameToken> {
    let v: Vec<&NameToken> = toks.iter().filter(|t| !t.weak).collect();
    if v.is_empty() {
        toks.iter().collect()
    } else {
        v
    }
}

/// Similarity of an initial and a token starting with its letter.
const INITIAL_SIM: f64 = 0.85;

fn token_sim(a: &NameToken, b: &NameToken) -> f64 {
    if a.key == b.key {
        return 1.0;
    }
    let (an, bn) = (&*a.norm, &*b.norm);
    if an.len() == 1 || bn.len() == 1 {
        // An initial agrees with a token that starts with it.
        return if an.as_bytes().first() == bn.as_bytes().first() {
            INITIAL_SIM
        } else {
            0.0
        };
    }
    let sim = jaro_winkler(an, bn).max(jaro_winkler(&a.key, &b.key));
    // Short tokens one letter apart ("Wibi", "Wiji") are as close as a typo in
    // a long one, which Jaro-Winkler alone does not say.
    if sim < 0.9 && an.len() >= 4 && typo_span(an.as_bytes(), bn.as_bytes()).is_some() {
        return 0.9;
    }
    sim
}

/// Most tokens of one name considered (longer names are rare; the rest is ignored).
const MAX_TOKENS: usize = 16;

/// The strong tokens of a list (all if none is strong), at most [`MAX_TOKENS`], on the stack.
struct Strong<'a> {
    toks: [&'a NameToken; MAX_TOKENS],
    len: usize,
}

impl<'a> Strong<'a> {
    fn of(list: &'a [NameToken]) -> Option<Strong<'a>> {
        let first = list.first()?;
        let mut toks = [first; MAX_TOKENS];
        let mut len = 0;
        let any_strong = list.iter().any(|t| !t.weak);
        for t in list.iter().filter(|t| !any_strong || !t.weak) {
            if len == MAX_TOKENS {
                break;
            }
            toks[len] = t;
            len += 1;
        }
        Some(Strong { toks, len })
    }

    fn as_slice(&self) -> &[&'a NameToken] {
        &self.toks[..self.len]
    }

    /// The keys, sorted.
    fn sorted_keys(&self) -> [&'a str; MAX_TOKENS] {
        let mut k = [""; MAX_TOKENS];
        for (d, t) in k.iter_mut().zip(self.as_slice()) {
            *d = &t.key;
        }
        k[..self.len].sort_unstable();
        k
    }
}

/// Concatenates `keys` into `buf` (truncated at its length); returns the bytes used.
fn concat_into<'b>(keys: &[&str], buf: &'b mut [u8; 64]) -> &'b [u8] {
    let mut n = 0;
    for k in keys {
        let take = k.len().min(buf.len() - n);
        buf[n..n + take].copy_from_slice(&k.as_bytes()[..take]);
        n += take;
    }
    &buf[..n]
}

/// The name-level comparison of two token lists.
pub fn token_list_level(a: &[NameToken], b: &[NameToken]) -> u8 {
    let (Some(sa), Some(sb)) = (Strong::of(a), Strong::of(b)) else {
        return 0;
    };
    let (ka, kb) = (sa.sorted_keys(), sb.sorted_keys());
    let (ka, kb) = (&ka[..sa.len], &kb[..sb.len]);
    if ka == kb {
        return 5;
    }
    let (sa, sb) = (sa.as_slice(), sb.as_slice());
    let (short, long) = if sa.len() <= sb.len() {
        (sa, sb)
    } else {
        (sb, sa)
    };
    let mut used = [false; MAX_TOKENS];
    let mut total = 0.0;
    let mut matched = 0usize;
    let mut initials = 0usize;
    for t in short.iter() {
        let mut best = 0.0;
        let mut best_j = usize::MAX;
        for (j, u) in long.iter().enumerate() {
            if used[j] {
                continue;
            }
            let s = token_sim(t, u);
            if s > best {
                best = s;
                best_j = j;
            }
        }
        if best_j != usize::MAX {
            used[best_j] = true;
        }
        total += best;
        if best >= 0.88 {
            matched += 1;
        } else if best == INITIAL_SIM {
            // An initial stands for a given name ("E. Nuraini", "Empluk Nuraini"):
            // compatible, as a subset is, never as close as a fuzzy match.
            matched += 1;
            initials += 1;
        }
    }
    let avg = total / short.len() as f64;
    let (mut ba, mut bb) = ([0u8; 64], [0u8; 64]);
    let mut joined = jaro_winkler_bytes(concat_into(ka, &mut ba), concat_into(kb, &mut bb));
    if sa.len().min(sb.len()) == 1 && sa.len() != sb.len() && short[0].key.len() >= 8 {
        // Words written together ("RAHAYUSUSANTI") in written order; only a
        // long single token against several can be that (and it is rare).
        let wa: String = sa.iter().map(|t| &*t.key).collect();
        let wb: String = sb.iter().map(|t| &*t.key).collect();
        let rb: String = sb.iter().rev().map(|t| &*t.key).collect();
        let ra: String = sa.iter().rev().map(|t| &*t.key).collect();
        joined = joined
            .max(jaro_winkler(&wa, &wb))
            .max(jaro_winkler(&wa, &rb))
            .max(jaro_winkler(&ra, &wb));
    }
    if (short.len() == long.len() && avg >= 0.93 && initials == 0) || joined >= 0.96 {
        4
    } else if matched == short.len() && (short.len() >= 2 || long.len() <= 2) {
        3
    } else if avg >= 0.8 || (matched >= 1 && short.len() >= 2) || joined >= 0.9 {
        2
    } else {
        1
    }
}

/// Compares two names, their patronyms and aliases; the best agreement wins.
pub fn name_level(a: &StdName, b: &StdName) -> u8 {
    let with_patronym = |n: &StdName| -> Vec<NameToken> {
        let mut v = n.tokens.clone();
        v.extend(n.patronym.iter().cloned());
        v
    };
    let both_patronyms = !a.patronym.is_empty() && !b.patronym.is_empty();
    if !both_patronyms && a.key_hash == b.key_hash && !a.tokens.is_empty() {
        // Same sorted strong keys (the hash of exactly what level 5 compares).
        return 5;
    }
    let mut best = if both_patronyms {
        token_list_level(&with_patronym(a), &with_patronym(b))
    } else {
        token_list_level(&a.tokens, &b.tokens)
    };
    if best < 5 && (!a.aliases.is_empty() || !b.aliases.is_empty()) {
        let la = std::iter::once(&a.tokens).chain(a.aliases.iter());
        for x in la {
            for y in std::iter::once(&b.tokens).chain(b.aliases.iter()) {
                best = best.max(token_list_level(x, y));
            }
        }
    }
    best
}

/// Packs per-field levels into a comparison vector (4 bits per field).
pub fn pack(levels: impl IntoIterator<Item = u8>) -> u64 {
    levels
        .into_iter()
        .enumerate()
        .fold(0u64, |acc, (i, l)| acc | (u64::from(l & 0xF) << (4 * i)))
}

/// Reads field `i`'s level from a comparison vector.
pub fn level_at(gamma: u64, i: usize) -> u8 {
    ((gamma >> (4 * i)) & 0xF) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standardise::name::standardise;

    fn lv(a: &str, b: &str) -> u8 {
        name_level(&standardise(a), &standardise(b))
    }

    #[test]
    fn name_levels() {
        assert_eq!(lv("Budi Santoso", "SANTOSO, Budi"), 5);
        assert_eq!(lv("Moch. Rizki Pratama", "Muhammad Rizky Pratama"), 5);
        assert_eq!(lv("Budi Santosa", "Budi Santoso"), 4);
        assert_eq!(lv("Siti Aminah", "Siti Nur Aminah"), 3);
        assert_eq!(lv("Abdurrahman Wahid", "Abdul Rahman Wahid"), 4);
        assert!(lv("Budi Santoso", "Agus Salim") <= 1);
        assert_eq!(lv("Ahmad alias Mamat", "Mamat"), 5);
        // An initial stands for the given name: compatible, not fuzzy-close.
        assert_eq!(lv("E. NURAINI", "Empluk Nuraini"), 3);
        assert_eq!(lv("H. Simanjuntak", "Harjasa Simanjuntak"), 3);
        assert!(lv("E. Nuraini", "Siti Nuraini") <= 2);
        // Words run together.
        assert_eq!(lv("RAHAYUSUSANTI", "Rahayu Susanti"), 4);
        assert_eq!(lv("SUSANTIRAHAYU", "Rahayu Susanti"), 4);
        assert_eq!(lv("RahayuSusanti", "Rahayu Susanti"), 5);
    }

    #[test]
    fn packing_roundtrips() {
        let g = pack([0, 5, 3, 1]);
        assert_eq!(level_at(g, 1), 5);
        assert_eq!(level_at(g, 3), 1);
        assert_eq!(level_at(g, 7), 0);
    }
}
