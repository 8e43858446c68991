//! Name tables and the ways agencies write one name differently.
//!
//! Weights are hand-set to give East Java's heavy head of common names (Muhammad, Siti, Sri, Nur,
//! Agus, Budi, Wahyu…): many different synthetic people share the same full name, which is the
//! point — a linker must not chain them together on the name alone. All names are generic given
//! names and family names; no row describes a real person.

use crate::rng::{Rng, Weighted};
use sinergi_domain::nik::Sex;

/// Male first names with weights.
const MALE_FIRST: &[(&str, u64)] = &[
    ("Muhammad", 90),
    ("Ahmad", 40),
    ("Agus", 30),
    ("Abdul", 20),
    ("Budi", 18),
    ("Wahyu", 18),
    ("Eko", 16),
    ("Dwi", 12),
    ("Tri", 10),
    ("Joko", 10),
    ("Slamet", 10),
    ("Nur", 8),
    ("Bambang", 8),
    ("Heri", 8),
    ("Andi", 8),
    ("Rudi", 7),
    ("Arif", 8),
    ("Rizky", 8),
    ("Adi", 6),
    ("Hadi", 6),
    ("Imam", 6),
    ("Fajar", 6),
    ("Dedi", 6),
    ("Sugeng", 6),
    ("Rahmat", 6),
    ("Khoirul", 6),
    ("Syaiful", 5),
    ("Samsul", 5),
    ("Teguh", 5),
    ("Bayu", 5),
    ("Dimas", 5),
    ("Didik", 5),
    ("Heru", 5),
    ("Hendra", 4),
    ("Yusuf", 4),
    ("Hasan", 4),
    ("Ali", 4),
    ("Zainal", 4),
    ("Ilham", 4),
    ("Aditya", 4),
    ("Sigit", 4),
    ("Wawan", 4),
    ("Ainur", 3),
    ("Miftahul", 3),
    ("Lukman", 3),
    ("Yoga", 3),
    ("Galih", 3),
    ("Rendi", 3),
    ("Puji", 3),
    ("Gatot", 3),
    ("Anton", 3),
    ("Yanto", 3),
    ("Fathur", 3),
    ("Mukhlis", 3),
    ("Sholeh", 3),
    ("Cahyo", 3),
    ("Yahya", 2),
    ("Nyoman", 1),
    ("Yohanes", 2),
    ("Andreas", 2),
    ("Stefanus", 1),
];

/// Female first names with weights.
const FEMALE_FIRST: &[(&str, u64)] = &[
    ("Siti", 90),
    ("Sri", 55),
    ("Nur", 30),
    ("Dewi", 18),
    ("Tri", 10),
    ("Dwi", 10),
    ("Eka", 8),
    ("Nurul", 8),
    ("Yuli", 8),
    ("Putri", 8),
    ("Fitri", 8),
    ("Endang", 6),
    ("Ani", 6),
    ("Indah", 6),
    ("Ayu", 6),
    ("Retno", 5),
    ("Rina", 5),
    ("Novi", 5),
    ("Umi", 5),
    ("Anik", 5),
    ("Ratna", 5),
    ("Fatimah", 5),
    ("Dian", 5),
    ("Anisa", 5),
    ("Lilis", 4),
    ("Wulan", 4),
    ("Tutik", 4),
    ("Erna", 4),
    ("Suci", 4),
    ("Lina", 4),
    ("Yeni", 4),
    ("Rizka", 4),
    ("Maya", 3),
    ("Ning", 3),
    ("Rani", 3),
    ("Khoirun", 3),
    ("Ainun", 3),
    ("Nia", 3),
    ("Mega", 3),
    ("Febri", 3),
    ("Cici", 2),
    ("Maria", 2),
    ("Theresia", 1),
    ("Natalia", 1),
];

/// Male second and last names with weights.
const MALE_LAST: &[(&str, u64)] = &[
    ("Santoso", 14),
    ("Hidayat", 14),
    ("Setiawan", 12),
    ("Prasetyo", 12),
    ("Wibowo", 10),
    ("Saputra", 10),
    ("Kurniawan", 10),
    ("Hariyanto", 8),
    ("Susanto", 8),
    ("Purnomo", 8),
    ("Pratama", 8),
    ("Nugroho", 8),
    ("Firmansyah", 7),
    ("Ramadhan", 7),
    ("Maulana", 7),
    ("Rohman", 7),
    ("Salim", 6),
    ("Hakim", 6),
    ("Fauzi", 6),
    ("Arifin", 6),
    ("Wahyudi", 6),
    ("Anwar", 6),
    ("Mustofa", 6),
    ("Huda", 6),
    ("Rahman", 5),
    ("Ridwan", 5),
    ("Syahputra", 5),
    ("Hidayatullah", 4),
    ("Ma'ruf", 4),
    ("Faisal", 4),
    ("Iskandar", 4),
    ("Efendi", 5),
    ("Ibrahim", 4),
    ("Ismail", 4),
    ("Cahyono", 5),
    ("Sugiarto", 5),
    ("Supriyanto", 5),
    ("Suryadi", 4),
    ("Gunawan", 5),
    ("Irawan", 4),
    ("Kusuma", 3),
    ("Utomo", 4),
    ("Subagyo", 3),
    ("Mulyono", 4),
    ("Haryono", 4),
    ("Riyadi", 4),
    ("Abidin", 4),
    ("Bahri", 3),
    ("Khoiri", 3),
    ("Syafi'i", 3),
    ("Fanani", 3),
    ("Sholikhin", 3),
    ("Anshori", 3),
    ("Hasyim", 3),
    ("Yasin", 3),
    ("Anam", 4),
    ("Yulianto", 4),
    ("Junaedi", 3),
    ("Wijaya", 3),
    ("Halim", 2),
    ("Hartono", 3),
];

/// Female second and last names with weights.
const FEMALE_LAST: &[(&str, u64)] = &[
    ("Aminah", 12),
    ("Wahyuni", 14),
    ("Rahayu", 12),
    ("Lestari", 12),
    ("Hasanah", 12),
    ("Fatimah", 8),
    ("Maryam", 5),
    ("Azizah", 8),
    ("Khotimah", 7),
    ("Handayani", 8),
    ("Kurniasari", 5),
    ("Puspitasari", 6),
    ("Rahmawati", 9),
    ("Susanti", 7),
    ("Setyowati", 6),
    ("Wulandari", 8),
    ("Anggraini", 7),
    ("Safitri", 8),
    ("Fitriani", 7),
    ("Ningsih", 8),
    ("Rohmah", 7),
    ("Mufidah", 4),
    ("Zulaikha", 4),
    ("Nurhayati", 6),
    ("Indrawati", 5),
    ("Ernawati", 5),
    ("Kusumawati", 4),
    ("Agustina", 5),
    ("Utami", 5),
    ("Pertiwi", 4),
    ("Sari", 6),
    ("Purwanti", 5),
    ("Mulyani", 5),
    ("Suryani", 4),
    ("Hidayati", 5),
    ("Solikhah", 4),
    ("Yuliana", 4),
    ("Khasanah", 4),
    ("Jannah", 4),
    ("Mahmudah", 3),
    ("Kholifah", 3),
];

/// One-word names common among older Javanese men.
const MALE_SINGLE: &[(&str, u64)] = &[
    ("Suparman", 6),
    ("Sutrisno", 6),
    ("Sukardi", 5),
    ("Paimin", 4),
    ("Sumarno", 5),
    ("Ponidi", 3),
    ("Tukimin", 3),
    ("Kasiadi", 2),
    ("Sariman", 3),
    ("Suwarno", 5),
    ("Mujiono", 4),
    ("Sunarto", 5),
    ("Marsudi", 3),
    ("Sugiono", 4),
    ("Wagiman", 3),
    ("Supardi", 4),
    ("Tumiran", 2),
    ("Suyanto", 4),
    ("Juwari", 2),
    ("Sujarwo", 3),
    ("Sukirman", 2),
    ("Sumardi", 2),
    ("Suradi", 2),
    ("Sutarno", 2),
    ("Sugianto", 2),
    ("Suprapto", 2),
    ("Sumadi", 2),
    ("Suwito", 2),
    ("Karsono", 2),
    ("Kasmuri", 2),
    ("Parjo", 2),
    ("Sarmin", 2),
    ("Kusnadi", 2),
    ("Rusdi", 2),
    ("Mukri", 2),
    ("Jumadi", 2),
    ("Darsono", 2),
    ("Sardi", 2),
    ("Poniman", 2),
    ("Ngadimin", 2),
    ("Ngatemin", 2),
    ("Legiman", 2),
    ("Kasimin", 2),
    ("Saimun", 2),
    ("Sarwono", 2),
    ("Wiyono", 2),
    ("Wagito", 2),
    ("Kuswanto", 2),
    ("Sunardi", 2),
    ("Samijan", 2),
    ("Misdi", 2),
    ("Ruslan", 2),
    ("Mistar", 2),
    ("Tarmuji", 2),
    ("Matrai", 2),
    ("Marsuki", 2),
    ("Buhari", 2),
    ("Sahri", 2),
    ("Mahfud", 2),
    ("Asmuni", 2),
    ("Sanusi", 2),
    ("Mulyadi", 2),
    ("Suroso", 2),
    ("Triyono", 2),
    ("Sugeng", 2),
    ("Purwanto", 2),
    ("Haryadi", 2),
    ("Sukadi", 2),
    ("Jamari", 2),
    ("Kasdi", 2),
];

/// One-word names common among older Javanese women.
const FEMALE_SINGLE: &[(&str, u64)] = &[
    ("Sumiati", 6),
    ("Sulastri", 6),
    ("Tumini", 3),
    ("Painem", 3),
    ("Sukarti", 4),
    ("Suwarni", 4),
    ("Paini", 3),
    ("Sunarsih", 4),
    ("Ngatini", 3),
    ("Poniyem", 2),
    ("Suparmi", 4),
    ("Mulyati", 4),
    ("Kasiati", 2),
    ("Sumarni", 4),
    ("Wagini", 2),
    ("Jumiati", 4),
    ("Samini", 2),
    ("Juwariyah", 3),
    ("Musrifah", 3),
    ("Rukayah", 3),
    ("Sulasmi", 2),
    ("Sumini", 2),
    ("Suwarti", 2),
    ("Sutini", 2),
    ("Suyati", 2),
    ("Wartini", 2),
    ("Karsini", 2),
    ("Tukiyem", 2),
    ("Legini", 2),
    ("Sarmi", 2),
    ("Parmi", 2),
    ("Kasmi", 2),
    ("Rusmini", 2),
    ("Warsini", 2),
    ("Sumiyati", 2),
    ("Sriatun", 2),
    ("Ngatemi", 2),
    ("Ngadiyem", 2),
    ("Kasinah", 2),
    ("Mujiati", 2),
    ("Sutinah", 2),
    ("Supiah", 2),
    ("Maisaroh", 2),
    ("Halimah", 2),
    ("Munawaroh", 2),
    ("Rumini", 2),
    ("Misrah", 2),
    ("Tarmini", 2),
    ("Sumirah", 2),
    ("Juminten", 2),
    ("Lasmi", 2),
    ("Wakinah", 2),
    ("Marsini", 2),
    ("Sumarsih", 2),
    ("Sukini", 2),
    ("Katini", 2),
    ("Painah", 2),
    ("Saminah", 2),
    ("Rohmani", 2),
    ("Suminah", 2),
    ("Zaenab", 2),
    ("Khotijah", 2),
    ("Mukayah", 2),
    ("Sriyani", 2),
    ("Tumijah", 2),
    ("Warsiti", 2),
    ("Jaitun", 2),
    ("Sutiyah", 2),
    ("Muntamah", 2),
    ("Kasemi", 2),
];

/// Academic and religious titles: (text, is a prefix, only for women, only for men).
const TITLES: &[(&str, bool, Option<Sex>)] = &[
    ("H.", true, Some(Sex::Male)),
    ("Hj.", true, Some(Sex::Female)),
    ("Drs.", true, Some(Sex::Male)),
    ("Dra.", true, Some(Sex::Female)),
    ("Ir.", true, None),
    ("S.Pd.", false, None),
    ("S.E.", false, None),
    ("S.H.", false, None),
    ("S.Kom.", false, None),
    ("S.Ag.", false, None),
    ("A.Md.", false, None),
];

/// Ways a "Muhammad" is written, with weights.
const MUHAMMAD: &[(&str, u64)] = &[
    ("Mohammad", 10),
    ("Muhamad", 10),
    ("Mochammad", 12),
    ("Mochamad", 6),
    ("Moch.", 14),
    ("Moh.", 10),
    ("M.", 14),
    ("Mohamad", 5),
    ("Muh.", 5),
    ("Much.", 2),
];

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
