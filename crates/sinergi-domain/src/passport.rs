//! Indonesian passport numbers and passport types.
//!
//! The classic format is one letter A-C and 7 digits (`B1234567`). Newer e-passport series are
//! reported with other shapes, and sources disagree, so input is accepted more widely
//! (`^[A-Z]{1,2}\d{6,8}$` after upper-casing and removing spaces and dashes) and a number outside
//! the classic format is *flagged* ([`PassportNumber::is_standard`]), never rejected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Why a text is not a passport number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassportError {
    /// Nothing was given.
    #[error("empty passport number")]
    Empty,
    /// A character other than an ASCII letter, digit, space or dash.
    #[error("passport number contains {0:?}")]
    InvalidCharacter(char),
    /// Does not start with 1 or 2 letters.
    #[error("passport number must start with 1 or 2 letters")]
    MissingLetters,
    /// More than 2 letters before the digits.
    #[error("passport number has {0} letters; at most 2 expected")]
    TooManyLetters(usize),
    /// Not 6-8 digits after the letters.
    #[error("passport number has {0} digits after the letters; expected 6-8")]
    WrongDigitCount(usize),
    /// Letters after the digits.
    #[error("passport number has letters after its digits")]
    LettersAfterDigits,
}

impl PassportError {
    /// Stable snake_case key for translation.
    pub fn key(&self) -> &'static str {
        match self {
            PassportError::Empty => "passport_empty",
            PassportError::InvalidCharacter(_) => "passport_invalid_character",
            PassportError::MissingLetters => "passport_missing_letters",
            PassportError::TooManyLetters(_) => "passport_too_many_letters",
            PassportError::WrongDigitCount(_) => "passport_wrong_digit_count",
            PassportError::LettersAfterDigits => "passport_letters_after_digits",
        }
    }

    /// The error in Indonesian.
    pub fn message_id(&self) -> String {
        match self {
            PassportError::Empty => "Nomor paspor kosong".into(),
            PassportError::InvalidCharacter(c) => format!("Nomor paspor berisi {c:?}"),
            PassportError::MissingLetters => "Nomor paspor harus diawali 1 atau 2 huruf".into(),
            PassportError::TooManyLetters(n) => {
                format!("Nomor paspor memiliki {n} huruf; maksimal 2")
            }
            PassportError::WrongDigitCount(n) => {
                format!("Nomor paspor memiliki {n} angka setelah huruf; seharusnya 6-8")
            }
            PassportError::LettersAfterDigits => "Nomor paspor berisi huruf setelah angka".into(),
        }
    }
}

/// A normalised Indonesian passport number (upper case, no spaces).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PassportNumber(String);

impl PassportNumber {
    /// Parses and normalises: upper-cases, removes spaces and dashes, then requires 1-2 letters
    /// followed by 6-8 digits.
    pub fn parse(input: &str) -> Result<PassportNumber, PassportError> {
        let mut s = String::with_capacity(10);
        for c in input.chars() {
            match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' => s.push(c.to_ascii_uppercase()),
                ' ' | '-' | '\t' => {}
                other => return Err(PassportError::InvalidCharacter(other)),
            }
            if s.len() > 32 {
                break;
            }
        }
        if s.is_empty() {
            return Err(PassportError::Empty);
        }
        let letters = s.bytes().take_while(u8::is_ascii_uppercase).count();
        let digits = s
            .bytes()
            .skip(letters)
            .take_while(u8::is_ascii_digit)
            .count();
        if letters == 0 {
            return Err(PassportError::MissingLetters);
        }
        if letters > 2 {
            return Err(PassportError::TooManyLetters(letters));
        }
        if letters + digits < s.len() {
            return Err(PassportError::LettersAfterDigits);
        }
        if !(6..=8).contains(&digits) {
            return Err(PassportError::WrongDigitCount(digits));
        }
        Ok(PassportNumber(s))
    }

    /// The normalised number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it has the classic format: one letter A-C and 7 digits.
    pub fn is_standard(&self) -> bool {
        let b = self.0.as_bytes();
        b.len() == 8
            && matches!(b.first(), Some(b'A'..=b'C'))
            && b.iter().skip(1).all(u8::is_ascii_digit)
    }

    /// A note to show an officer when the format is not the classic one, in Indonesian.
    pub fn format_note_id(&self) -> Option<&'static str> {
        (!self.is_standard()).then_some(
            "Format nomor paspor tidak standar (bukan 1 huruf A-C + 7 angka); periksa fisik paspor",
        )
    }
}

impl fmt::Display for PassportNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PassportNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PassportNumber({})", self.0)
    }
}

impl FromStr for PassportNumber {
    type Err = PassportError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PassportNumber::parse(s)
    }
}

impl TryFrom<String> for PassportNumber {
    type Error = PassportError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PassportNumber::parse(&s)
    }
}

impl From<PassportNumber> for String {
    fn from(p: PassportNumber) -> String {
        p.0
    }
}

/// Type of travel document (UU 6/2011 Keimigrasian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassportType {
    /// Paspor biasa (ordinary, non-electronic).
    Biasa,
    /// Paspor biasa elektronik (e-paspor).
    Elektronik,
    /// Paspor dinas (service).
    Dinas,
    /// Paspor diplomatik.
    Diplomatik,
    /// Surat Perjalanan Laksana Paspor (travel document in lieu of passport).
    Splp,
}

/// Why a text is not a passport type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown passport type {0:?}; expected biasa, elektronik, dinas, diplomatik or splp")]
pub struct PassportTypeError(pub String);

impl PassportType {
    /// Every type.
    pub const ALL: [PassportType; 5] = [
        PassportType::Biasa,
        PassportType::Elektronik,
        PassportType::Dinas,
        PassportType::Diplomatik,
        PassportType::Splp,
    ];

    /// Stable code: `biasa`, `elektronik`, `dinas`, `diplomatik`, `splp`.
    pub fn code(self) -> &'static str {
        match self {
            PassportType::Biasa => "biasa",
            PassportType::Elektronik => "elektronik",
            PassportType::Dinas => "dinas",
            PassportType::Diplomatik => "diplomatik",
            PassportType::Splp => "splp",
        }
    }

    /// Indonesian name.
    pub fn name_id(self) -> &'static str {
        match self {
            PassportType::Biasa => "Paspor Biasa",
            PassportType::Elektronik => "Paspor Elektronik (e-Paspor)",
            PassportType::Dinas => "Paspor Dinas",
            PassportType::Diplomatik => "Paspor Diplomatik",
            PassportType::Splp => "Surat Perjalanan Laksana Paspor (SPLP)",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            PassportType::Biasa => "Ordinary passport",
            PassportType::Elektronik => "Electronic passport",
            PassportType::Dinas => "Service passport",
            PassportType::Diplomatik => "Diplomatic passport",
            PassportType::Splp => "Travel document in lieu of passport (SPLP)",
        }
    }

    /// Parses a code or a common name (`e-paspor`, `epaspor`, `ordinary`, `service`,
    /// `diplomatic`), any case.
    pub fn parse(input: &str) -> Result<PassportType, PassportTypeError> {
        let s = input.trim().to_lowercase();
        let s = s.strip_prefix("paspor ").unwrap_or(&s);
        match s {
            "biasa" | "ordinary" | "regular" => Ok(PassportType::Biasa),
            "elektronik" | "e-paspor" | "epaspor" | "e-passport" | "electronic" => {
                Ok(PassportType::Elektronik)
            }
            "dinas" | "service" | "official" => Ok(PassportType::Dinas),
            "diplomatik" | "diplomatic" => Ok(PassportType::Diplomatik),
            "splp" | "surat perjalanan laksana paspor" => Ok(PassportType::Splp),
            _ => Err(PassportTypeError(input.to_string())),
        }
    }
}

impl FromStr for PassportType {
    type Err = PassportTypeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PassportType::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_and_flags() {
        let p = PassportNumber::parse(" b 123 4567 ").unwrap();
        assert_eq!(p.as_str(), "B1234567");
        assert!(p.is_standard());
        assert!(p.format_note_id().is_none());
        let x = PassportNumber::parse("X1234567").unwrap();
        assert!(!x.is_standard());
        let e = PassportNumber::parse("AB123456").unwrap();
        assert!(!e.is_standard());
        assert!(e.format_note_id().is_some());
        assert!(!PassportNumber::parse("C12345678").unwrap().is_standard());
        assert!(!PassportNumber::parse("C123456").unwrap().is_standard());
    }

    #[test]
    fn typed_errors() {
        assert_eq!(PassportNumber::parse("  "), Err(PassportError::Empty));
        assert_eq!(
            PassportNumber::parse("B123_4567"),
            Err(PassportError::InvalidCharacter('_'))
        );
        assert_eq!(
            PassportNumber::parse("1234567"),
            Err(PassportError::MissingLetters)
        );
        assert_eq!(
            PassportNumber::parse("ABC123456"),
            Err(PassportError::TooManyLetters(3))
        );
        assert_eq!(
            PassportNumber::parse("B12345"),
            Err(PassportError::WrongDigitCount(5))
        );
        assert_eq!(
            PassportNumber::parse("B123456789"),
            Err(PassportError::WrongDigitCount(9))
        );
        assert_eq!(
            PassportNumber::parse("B1234567X"),
            Err(PassportError::LettersAfterDigits)
        );
        assert!(!PassportError::Empty.message_id().is_empty());
    }

    #[test]
    fn types() {
        for t in PassportType::ALL {
            assert_eq!(PassportType::parse(t.code()), Ok(t));
            assert!(!t.name_id().is_empty());
        }
        assert_eq!(
            PassportType::parse("e-Paspor"),
            Ok(PassportType::Elektronik)
        );
        assert_eq!(PassportType::parse("Paspor Dinas"), Ok(PassportType::Dinas));
        assert!(PassportType::parse("x").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(s in ".*") {
            let _ = PassportNumber::parse(&s);
        }

        #[test]
        fn round_trips(s in "[A-Za-z]{1,2}[0-9]{6,8}") {
            let p = PassportNumber::parse(&s).unwrap();
            prop_assert_eq!(p.as_str(), s.to_ascii_uppercase());
            prop_assert_eq!(PassportNumber::parse(p.as_str()).unwrap(), p);
        }
    }
}
