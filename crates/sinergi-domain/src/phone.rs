//! Phone numbers, normalised to E.164 (`+6281234567890`) so that one number written as `0812…`,
//! `+62 812…` or `62-812-…` is one value: recruiters reuse WhatsApp numbers across victims, and the
//! number is a strong link key.
//!
//! Indonesian numbers: trunk `0` or country code `62` (with or without `+`, or `0062`), then a
//! mobile number `8x…` (10-13 digits with the `0`) or a landline area code and subscriber number
//! (`0341-123456`, `(021) 12345678`; 8-11 digits with the `0`). A mobile number written without
//! its `0` (`812…`) is accepted too. Other countries: `+CC…` or `00CC…`, E.164 rules (7-15 digits,
//! no leading zero); the country code itself is not checked against the ITU list.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of number a [`Phone`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// Indonesian mobile (`08…`).
    Mobile,
    /// Indonesian fixed line with an area code (`0341…`).
    Landline,
    /// Any other country's number.
    Foreign,
}

impl PhoneKind {
    /// Stable code: `mobile`, `landline`, `foreign`.
    pub fn code(self) -> &'static str {
        match self {
            PhoneKind::Mobile => "mobile",
            PhoneKind::Landline => "landline",
            PhoneKind::Foreign => "foreign",
        }
    }
}

/// Why a text is not a phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Nothing was given.
    #[error("empty phone number")]
    Empty,
    /// Letters in the number (`0812-ABC`, `hp 0812…`).
    #[error("phone number contains the letter {0:?}")]
    Letters(char),
    /// A character other than digits, spaces, `+`, `-`, `.`, `(`, `)`.
    #[error("phone number contains {0:?}")]
    InvalidCharacter(char),
    /// `+` somewhere other than at the start.
    #[error("'+' may only start a phone number")]
    MisplacedPlus,
    /// Neither a trunk `0`, a country code, nor a mobile number without its `0`.
    #[error("phone number must start with 0, +62/62 or +<country code>")]
    MissingPrefix,
    /// Too few digits for its kind.
    #[error("{kind:?} phone number has {digits} digits; at least {min} expected")]
    TooShort {
        /// Kind recognised from the prefix.
        kind: PhoneKind,
        /// Digits found (national, with the trunk 0, for Indonesian numbers; all for foreign).
        digits: usize,
        /// Minimum for the kind.
        min: usize,
    },
    /// Too many digits for its kind.
    #[error("{kind:?} phone number has {digits} digits; at most {max} expected")]
    TooLong {
        /// Kind recognised from the prefix.
        kind: PhoneKind,
        /// Digits found.
        digits: usize,
        /// Maximum for the kind.
        max: usize,
    },
    /// An Indonesian mobile prefix that is not `081`-`089` (e.g. `0800` toll-free).
    #[error("Indonesian mobile prefix {0} is not 081-089")]
    MobilePrefix(String),
    /// An Indonesian national number starting with `01` (service numbers) or `00`.
    #[error("Indonesian number prefix 0{0} is not a subscriber number")]
    NationalPrefix(String),
}

impl PhoneError {
    /// Stable snake_case key for translation.
    pub fn key(&self) -> &'static str {
        match self {
            PhoneError::Empty => "phone_empty",
            PhoneError::Letters(_) => "phone_letters",
            PhoneError::InvalidCharacter(_) => "phone_invalid_character",
            PhoneError::MisplacedPlus => "phone_misplaced_plus",
            PhoneError::MissingPrefix => "phone_missing_prefix",
            PhoneError::TooShort { .. } => "phone_too_short",
            PhoneError::TooLong { .. } => "phone_too_long",
            PhoneError::MobilePrefix(_) => "phone_mobile_prefix",
            PhoneError::NationalPrefix(_) => "phone_national_prefix",
        }
    }

    /// The error in Indonesian.
    pub fn message_id(&self) -> String {
        match self {
            PhoneError::Empty => "Nomor telepon kosong".into(),
            PhoneError::Letters(c) => format!("Nomor telepon berisi huruf {c:?}"),
            PhoneError::InvalidCharacter(c) => format!("Nomor telepon berisi {c:?}"),
            PhoneError::MisplacedPlus => "Tanda '+' hanya boleh di awal nomor".into(),
            PhoneError::MissingPrefix => {
                "Nomor telepon harus diawali 0, +62/62 atau +<kode negara>".into()
            }
            PhoneError::TooShort { digits, min, .. } => {
                format!("Nomor telepon terlalu pendek: {digits} angka, minimal {min}")
            }
            PhoneError::TooLong { digits, max, .. } => {
                format!("Nomor telepon terlalu panjang: {digits} angka, maksimal {max}")
            }
            PhoneError::MobilePrefix(p) => format!("Awalan HP {p} bukan 081-089"),
            PhoneError::NationalPrefix(p) => format!("Awalan 0{p} bukan nomor pelanggan"),
        }
    }
}

/// A phone number in E.164 form.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone {
    /// `+` and 7-15 digits.
    e164: String,
}

/// Indonesian area codes of two digits after the trunk 0 (Jakarta 021, Bandung 022, Semarang 024,
/// Surabaya 031, Medan 061); all others have three ([unverified] beyond these five).
const TWO_DIGIT_AREAS: [&str; 5] = ["21", "22", "24", "31", "61"];

impl Phone {
    /// Parses and normalises a phone number (see the module doc for accepted forms).
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(PhoneError::Empty);
        }
        let mut digits = String::with_capacity(16);
        let mut plus = false;
        for c in s.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if digits.is_empty() && !plus => plus = true,
                '+' => return Err(PhoneError::MisplacedPlus),
                ' ' | '-' | '.' | '(' | ')' | '\t' => {}
                c if c.is_alphabetic() => return Err(PhoneError::Letters(c)),
                c => return Err(PhoneError::InvalidCharacter(c)),
            }
            if digits.len() > 20 {
                return Err(PhoneError::TooLong {
                    kind: PhoneKind::Foreign,
                    digits: s.chars().filter(char::is_ascii_digit).count(),
                    max: 15,
                });
            }
        }
        if digits.is_empty() {
            return Err(PhoneError::Empty);
        }
        // International form: `+CC…` or `00CC…`.
        let international = if plus {
            Some(digits.as_str())
        } else {
            digits.strip_prefix("00")
        };
        let national = match international {
            Some(rest) => match rest.strip_prefix("62") {
                // `+62 0812…` is a common slip: drop the trunk 0.
                Some(n) => n.strip_prefix('0').unwrap_or(n),
                None => return Self::foreign(rest),
            },
            None => {
                if let Some(n) = digits.strip_prefix('0') {
                    n
                } else if let Some(n) = digits.strip_prefix("62").filter(|n| n.len() >= 7) {
                    n.strip_prefix('0').unwrap_or(n)
                } else if digits.starts_with('8') {
                    digits.as_str()
                } else {
                    return Err(PhoneError::MissingPrefix);
                }
            }
        };
        Self::indonesian(national)
    }

    fn foreign(d: &str) -> Result<Phone, PhoneError> {
        if d.starts_with('0') || d.is_empty() {
            return Err(PhoneError::MissingPrefix);
        }
        let n = d.len();
        if n < 7 {
            return Err(PhoneError::TooShort {
                kind: PhoneKind::Foreign,
                digits: n,
                min: 7,
            });
        }
        if n > 15 {
            return Err(PhoneError::TooLong {
                kind: PhoneKind::Foreign,
                digits: n,
                max: 15,
            });
        }
        Ok(Phone {
            e164: format!("+{d}"),
        })
    }

    /// `n` is the national number without the trunk 0.
    fn indonesian(n: &str) -> Result<Phone, PhoneError> {
        let first = n.chars().next().ok_or(PhoneError::TooShort {
            kind: PhoneKind::Landline,
            digits: 1,
            min: 8,
        })?;
        let (kind, min, max) = match first {
            '8' => {
                if n.len() + 1 < 10 {
                    return Err(PhoneError::TooShort {
                        kind: PhoneKind::Mobile,
                        digits: n.len() + 1,
                        min: 10,
                    });
                }
                if n.chars().nth(1) == Some('0') {
                    return Err(PhoneError::MobilePrefix(format!(
                        "0{}",
                        n.get(..3).unwrap_or(n)
                    )));
                }
                (PhoneKind::Mobile, 10, 13)
            }
            '0' | '1' => {
                return Err(PhoneError::NationalPrefix(n.get(..2).unwrap_or(n).into()));
            }
            _ => (PhoneKind::Landline, 8, 11),
        };
        // Lengths count the trunk 0, as people write national numbers.
        let len = n.len() + 1;
        if len < min {
            return Err(PhoneError::TooShort {
                kind,
                digits: len,
                min,
            });
        }
        if len > max {
            return Err(PhoneError::TooLong {
                kind,
                digits: len,
                max,
            });
        }
        Ok(Phone {
            e164: format!("+62{n}"),
        })
    }

    /// The E.164 form: `+6281234567890`.
    pub fn e164(&self) -> &str {
        &self.e164
    }

    /// The kind of number.
    pub fn kind(&self) -> PhoneKind {
        match self.e164.strip_prefix("+62") {
            Some(n) if n.starts_with('8') => PhoneKind::Mobile,
            Some(_) => PhoneKind::Landline,
            None => PhoneKind::Foreign,
        }
    }

    /// Whether this is an Indonesian mobile number.
    pub fn is_mobile(&self) -> bool {
        self.kind() == PhoneKind::Mobile
    }

    /// Whether this is an Indonesian number (+62).
    pub fn is_indonesian(&self) -> bool {
        self.e164.starts_with("+62")
    }

    /// Display form as Indonesians write it: `0812-3456-7890` for mobiles, `0341-123456` or
    /// `021-12345678` for landlines; foreign numbers in E.164.
    pub fn national(&self) -> String {
        let Some(n) = self.e164.strip_prefix("+62") else {
            return self.e164.clone();
        };
        let d = format!("0{n}");
        let cut = |a: usize, b: usize| d.get(a..b).unwrap_or("");
        match self.kind() {
            PhoneKind::Mobile => {
                let rest = d.get(8..).unwrap_or("");
                format!("{}-{}-{}", cut(0, 4), cut(4, 8), rest)
            }
            _ => {
                let area = if TWO_DIGIT_AREAS.iter().any(|a| n.starts_with(a)) {
                    3
                } else {
                    4
                };
                format!("{}-{}", cut(0, area), d.get(area..).unwrap_or(""))
            }
        }
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.e164)
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.e164)
    }
}

impl FromStr for Phone {
    type Err = PhoneError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Phone::parse(s)
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Phone::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.e164
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn e(s: &str) -> String {
        Phone::parse(s).unwrap().e164().to_string()
    }

    #[test]
    fn indonesian_forms() {
        for s in [
            "081234567890",
            "0812-3456-7890",
            "0812 3456 7890",
            "+62 812 3456 7890",
            "+62-812-3456-7890",
            "62-812-3456-7890",
            "6281234567890",
            "+62 (812) 3456-7890",
            "+62 0812 3456 7890",
            "0062 812 3456 7890",
            "81234567890",
            "0812.3456.7890",
        ] {
            assert_eq!(e(s), "+6281234567890", "{s}");
        }
        assert_eq!(e("(0341) 123456"), "+62341123456");
        assert_eq!(e("0341-123456"), "+62341123456");
        assert_eq!(e("+62 (341) 123456"), "+62341123456");
        assert_eq!(e("021-12345678"), "+622112345678");
    }

    #[test]
    fn kinds_and_display() {
        let m = Phone::parse("+62 812 3456 7890").unwrap();
        assert!(m.is_mobile());
        assert!(m.is_indonesian());
        assert_eq!(m.national(), "0812-3456-7890");
        let l = Phone::parse("(0341) 123456").unwrap();
        assert_eq!(l.kind(), PhoneKind::Landline);
        assert!(!l.is_mobile());
        assert_eq!(l.national(), "0341-123456");
        assert_eq!(
            Phone::parse("021 1234 5678").unwrap().national(),
            "021-12345678"
        );
        let f = Phone::parse("+60 12-345 6789").unwrap();
        assert_eq!(f.e164(), "+60123456789");
        assert_eq!(f.kind(), PhoneKind::Foreign);
        assert_eq!(f.national(), "+60123456789");
        assert_eq!(e("+852 9123 4567"), "+85291234567");
        assert_eq!(e("00886 912 345 678"), "+886912345678");
    }

    #[test]
    fn typed_errors() {
        assert_eq!(Phone::parse(""), Err(PhoneError::Empty));
        assert_eq!(Phone::parse(" - "), Err(PhoneError::Empty));
        assert_eq!(Phone::parse("0812abc"), Err(PhoneError::Letters('a')));
        assert_eq!(
            Phone::parse("0812/345"),
            Err(PhoneError::InvalidCharacter('/'))
        );
        assert_eq!(Phone::parse("0812+345"), Err(PhoneError::MisplacedPlus));
        assert_eq!(Phone::parse("12345678"), Err(PhoneError::MissingPrefix));
        assert!(matches!(
            Phone::parse("0812345"),
            Err(PhoneError::TooShort {
                kind: PhoneKind::Mobile,
                ..
            })
        ));
        assert!(matches!(
            Phone::parse("08123456789012"),
            Err(PhoneError::TooLong {
                kind: PhoneKind::Mobile,
                ..
            })
        ));
        assert!(matches!(
            Phone::parse("0341-12"),
            Err(PhoneError::TooShort {
                kind: PhoneKind::Landline,
                ..
            })
        ));
        assert_eq!(
            Phone::parse("0800-1234-567"),
            Err(PhoneError::MobilePrefix("0800".into()))
        );
        assert_eq!(
            Phone::parse("0112345678"),
            Err(PhoneError::NationalPrefix("11".into()))
        );
        assert!(matches!(
            Phone::parse("+1 234"),
            Err(PhoneError::TooShort {
                kind: PhoneKind::Foreign,
                ..
            })
        ));
        assert!(matches!(
            Phone::parse("+1234567890123456"),
            Err(PhoneError::TooLong {
                kind: PhoneKind::Foreign,
                ..
            })
        ));
        assert!(!PhoneError::Empty.message_id().is_empty());
    }

    proptest! {
        #[test]
        fn never_panics(s in ".*") {
            let _ = Phone::parse(&s);
        }

        #[test]
        fn never_panics_on_phone_like(s in "[+0-9 ()-]{0,24}") {
            if let Ok(p) = Phone::parse(&s) {
                let _ = p.national();
            }
        }

        #[test]
        fn round_trips(rest in "8[1-9][0-9]{7,10}") {
            let p = Phone::parse(&format!("0{rest}")).unwrap();
            prop_assert_eq!(Phone::parse(p.e164()).unwrap(), p.clone());
            prop_assert_eq!(Phone::parse(&p.national()).unwrap(), p.clone());
            prop_assert!(p.is_mobile());
        }
    }
}
