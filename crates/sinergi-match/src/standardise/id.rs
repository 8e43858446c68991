//! Identifier numbers: NIK (16 digits with an encoded birth date), passport
//! numbers and any other document number (SSN, tax numbers ...).

/// What kind of identifier a field holds; decides the validation applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum IdScheme {
    /// Indonesian NIK: 16 digits, region, birth date (+40 for women), serial.
    Nik,
    /// Passport number: letters and digits, 6 to 9 characters.
    Passport,
    /// Any other identifier: uppercase letters and digits, punctuation dropped.
    #[default]
    Generic,
}

/// A normalised identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StdId {
    /// Uppercase letters and digits only.
    pub value: Box<str>,
    /// True when the value passes the scheme's structural checks. Only valid
    /// identifiers can veto a cluster (two different valid NIKs never merge).
    pub valid: bool,
    /// The scheme it was read with.
    pub scheme: IdScheme,
}

/// The part of a NIK a typo falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NikPart {
    /// Digits 1-6: province, regency, district.
    Region,
    /// Digits 7-12: birth date (day + 40 for women), month, two-digit year.
    BirthDate,
    /// Digits 13-16: serial among people born that day in that district.
    Serial,
}

impl NikPart {
    fn of(i: usize) -> NikPart {
        match i {
            0..6 => NikPart::Region,
            6..12 => NikPart::BirthDate,
            _ => NikPart::Serial,
        }
    }
}

/// Where two equal-length strings differ by exactly one substitution or one
/// adjacent transposition: the first and last differing positions.
pub fn typo_span(a: &[u8], b: &[u8]) -> Option<(usize, usize)> {
    if a.len() != b.len() {
        return None;
    }
    let first = a.iter().zip(b).position(|(x, y)| x != y)?;
    let last = a.iter().zip(b).rposition(|(x, y)| x != y)?;
    match last - first {
        0 => Some((first, last)),
        1 if a[first] == b[last] && a[last] == b[first] => Some((first, last)),
        _ => None,
    }
}

/// What a NIK says about its holder: birth day, month, two-digit year, female.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NikFacts {
    /// Day of birth (1-31).
    pub day: u8,
    /// Month of birth.
    pub month: u8,
    /// Year of birth modulo 100.
    pub year2: u8,
    /// Women have 40 added to the day.
    pub female: bool,
}

impl StdId {
    /// Whether `other` is plausibly this identifier written with one mistake
    /// (one substitution, insertion, deletion or adjacent transposition).
    pub fn one_typo_from(&self, other: &StdId) -> bool {
        self.value != other.value && super::text::damerau_within(&self.value, &other.value, 1) <= 1
    }

    /// For two 16-digit NIKs one substitution or adjacent transposition apart:
    /// the parts the typo touches (the first and last differing digit's part).
    pub fn nik_typo(&self, other: &StdId) -> Option<(NikPart, NikPart)> {
        if self.scheme != IdScheme::Nik || other.scheme != IdScheme::Nik {
            return None;
        }
        let (a, b) = (self.value.as_bytes(), other.value.as_bytes());
        if a.len() != 16 {
            return None;
        }
        typo_span(a, b).map(|(i, j)| (NikPart::of(i), NikPart::of(j)))
    }

    /// The birth date and sex a valid NIK encodes.
    pub fn nik_facts(&self) -> Option<NikFacts> {
        if self.scheme != IdScheme::Nik || !self.valid {
            return None;
        }
        let b = self.value.as_bytes();
        let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
        let dd = two(6);
        Some(NikFacts {
            day: if dd > 40 { dd - 40 } else { dd },
            month: two(8),
            year2: two(10),
            female: dd > 40,
        })
    }
}

/// Normalises an identifier; `None` when nothing is left.
pub fn parse(raw: &str, scheme: IdScheme) -> Option<StdId> {
    let value: String = raw
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if value.is_empty() || value.bytes().all(|b| b == b'0') {
        return None;
    }
    let valid = match scheme {
        IdScheme::Nik => nik_is_valid(&value),
        IdScheme::Passport => {
            (6..=9).contains(&value.len())
                && value.as_bytes()[0].is_ascii_alphabetic()
                && value.bytes().skip(1).any(|b| b.is_ascii_digit())
        }
        IdScheme::Generic => value.len() >= 4,
    };
    Some(StdId {
        value: value.into_boxed_str(),
        valid,
        scheme,
    })
}

/// Structural NIK check: 16 digits, province 11..=94, day 1..=31 or 41..=71,
/// month 1..=12, a real calendar day in some century, serial not 0000.
pub fn nik_is_valid(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 16 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let two = |i: usize| u16::from(b[i] - b'0') * 10 + u16::from(b[i + 1] - b'0');
    let (prov, dd, mm, yy) = (two(0), two(6), two(8), two(10));
    let day = if dd > 40 { dd - 40 } else { dd };
    let serial_zero = &v[12..16] == "0000";
    let real = [1900u16, 2000].iter().any(|c| {
        super::date::Date::new(
            c + yy,
            u8::try_from(mm).unwrap_or(0),
            u8::try_from(day).unwrap_or(0),
        )
        .is_ok()
    });
    (11..=94).contains(&prov) && !serial_zero && real
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nik_rules() {
        assert!(nik_is_valid("3507015201900003"));
        // Women: day + 40.
        assert!(nik_is_valid("3507015201900003"));
        assert!(nik_is_valid("3507014201900003"));
        // 31 February does not exist.
        assert!(!nik_is_valid("3502027102019913"));
        assert!(!nik_is_valid("3507011201900000"));
        assert!(!nik_is_valid("35070112019000"));
        let id = parse("3507 0112 0190 0003", IdScheme::Nik);
        assert_eq!(id.map(|i| i.valid), Some(true));
        let a = parse("3507010102900001", IdScheme::Nik);
        let b = parse("3507010102900002", IdScheme::Nik);
        let c = parse("3507010102910001", IdScheme::Nik);
        let (Some(a), Some(b), Some(c)) = (a, b, c) else {
            panic!("parsed")
        };
        assert!(a.one_typo_from(&b));
        assert!(a.one_typo_from(&c));
        assert_eq!(a.nik_typo(&b), Some((NikPart::Serial, NikPart::Serial)));
        assert_eq!(
            a.nik_typo(&c),
            Some((NikPart::BirthDate, NikPart::BirthDate))
        );
        let f = a.nik_facts();
        assert_eq!(
            f.map(|f| (f.day, f.month, f.year2, f.female)),
            Some((1, 2, 90, false))
        );
    }

    #[test]
    fn typo_spans() {
        assert_eq!(typo_span(b"123456", b"123456"), None);
        assert_eq!(typo_span(b"123456", b"123956"), Some((3, 3)));
        assert_eq!(typo_span(b"123456", b"124356"), Some((2, 3)));
        assert_eq!(typo_span(b"123456", b"923459"), None);
        assert_eq!(typo_span(b"123456", b"12345"), None);
        assert_eq!(typo_span(b"123456", b"125436"), None);
    }

    #[test]
    fn passports_and_generic() {
        let p = parse("b 1234567", IdScheme::Passport);
        assert_eq!(p.as_ref().map(|p| &*p.value), Some("B1234567"));
        assert_eq!(p.map(|p| p.valid), Some(true));
        let s = parse("123-45-6789", IdScheme::Generic);
        assert_eq!(s.map(|s| s.value.to_string()), Some("123456789".to_owned()));
        assert_eq!(parse("---", IdScheme::Generic), None);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            for scheme in [IdScheme::Nik, IdScheme::Passport, IdScheme::Generic] {
                let _ = parse(&s, scheme);
            }
        }
    }
}
