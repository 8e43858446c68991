//! Indonesian administrative regions in Kemendagri numbering, the numbering NIK digits 1-6 use.
//!
//! The code list (`data/wilayah/wilayah_kemendagri_2025.csv`: every provinsi, kabupaten/kota and
//! kecamatan of Indonesia, plus every desa/kelurahan of Jawa Timur) is embedded in the binary and
//! parsed once, on first use, into a sorted table whose names borrow from the embedded text. A
//! lookup is a binary search; the children of a code are a contiguous slice of the table because
//! codes sort parent-first (`35` < `35.07` < `35.07.04` < `35.07.04.2001`).
//!
//! Kemendagri and BPS numberings differ (Kab. Malang kecamatan 01 is Donomulyo in Kemendagri,
//! 010 in BPS); this module is Kemendagri only. Store [`CODE_LIST_VERSION`] with data.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// Version of the embedded code list, to store next to any region code.
pub const CODE_LIST_VERSION: &str = "kemendagri-2025";

/// The embedded code list (`code,level,name`).
const CSV: &str = include_str!("../../../data/wilayah/wilayah_kemendagri_2025.csv");

/// Level of an administrative region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// Province (provinsi), 2 digits: `35`.
    Provinsi,
    /// Regency or city (kabupaten/kota), 4 digits: `35.07`.
    KabupatenKota,
    /// District (kecamatan), 6 digits: `35.07.04`.
    Kecamatan,
    /// Village or urban village (desa/kelurahan), 10 digits: `35.07.04.2001`.
    DesaKelurahan,
}

impl RegionLevel {
    /// Every level, from the top down.
    pub const ALL: [RegionLevel; 4] = [
        RegionLevel::Provinsi,
        RegionLevel::KabupatenKota,
        RegionLevel::Kecamatan,
        RegionLevel::DesaKelurahan,
    ];

    /// Stable code, as written in the code list: `provinsi`, `kabupaten_kota`, `kecamatan`,
    /// `desa_kelurahan`.
    pub fn code(self) -> &'static str {
        match self {
            RegionLevel::Provinsi => "provinsi",
            RegionLevel::KabupatenKota => "kabupaten_kota",
            RegionLevel::Kecamatan => "kecamatan",
            RegionLevel::DesaKelurahan => "desa_kelurahan",
        }
    }

    /// Indonesian display name.
    pub fn name_id(self) -> &'static str {
        match self {
            RegionLevel::Provinsi => "Provinsi",
            RegionLevel::KabupatenKota => "Kabupaten/Kota",
            RegionLevel::Kecamatan => "Kecamatan",
            RegionLevel::DesaKelurahan => "Desa/Kelurahan",
        }
    }

    /// Number of digits of a code at this level (2, 4, 6, 10).
    pub fn digits(self) -> usize {
        match self {
            RegionLevel::Provinsi => 2,
            RegionLevel::KabupatenKota => 4,
            RegionLevel::Kecamatan => 6,
            RegionLevel::DesaKelurahan => 10,
        }
    }

    /// The level with this many digits.
    pub fn from_digits(n: usize) -> Option<RegionLevel> {
        match n {
            2 => Some(RegionLevel::Provinsi),
            4 => Some(RegionLevel::KabupatenKota),
            6 => Some(RegionLevel::Kecamatan),
            10 => Some(RegionLevel::DesaKelurahan),
            _ => None,
        }
    }

    /// The level directly below, if any.
    pub fn child(self) -> Option<RegionLevel> {
        match self {
            RegionLevel::Provinsi => Some(RegionLevel::KabupatenKota),
            RegionLevel::KabupatenKota => Some(RegionLevel::Kecamatan),
            RegionLevel::Kecamatan => Some(RegionLevel::DesaKelurahan),
            RegionLevel::DesaKelurahan => None,
        }
    }

    fn from_code(s: &str) -> Option<RegionLevel> {
        RegionLevel::ALL.into_iter().find(|l| l.code() == s)
    }
}

/// Why a text is not a region code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionCodeError {
    /// Nothing was given.
    #[error("empty region code")]
    Empty,
    /// A character other than a digit or a dot.
    #[error("region code contains {0:?}; only digits and dots are allowed")]
    InvalidCharacter(char),
    /// The number of digits is not 2, 4, 6 or 10.
    #[error("region code has {0} digits; expected 2, 4, 6 or 10")]
    WrongLength(usize),
    /// Dots are not where the dotted form puts them (`35.07.04.2001`).
    #[error("dots in a region code must separate 2.2.2.4 digit groups")]
    MisplacedDot,
}

impl RegionCodeError {
    /// Stable snake_case key for translation.
    pub fn key(&self) -> &'static str {
        match self {
            RegionCodeError::Empty => "region_code_empty",
            RegionCodeError::InvalidCharacter(_) => "region_code_invalid_character",
            RegionCodeError::WrongLength(_) => "region_code_wrong_length",
            RegionCodeError::MisplacedDot => "region_code_misplaced_dot",
        }
    }
}

/// A syntactically valid Kemendagri region code at one of the four levels.
///
/// Parsing checks the shape only; whether the region exists is [`lookup`]'s answer. Displays in
/// the dotted form (`35.07.04`); [`RegionCode::undotted`] gives `350704`. Ordering is parent-first.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode {
    /// The digits right-padded with zeros to 10 digits (`35.07` -> 3507000000).
    padded: u64,
    level: RegionLevel,
}

const POW10: [u64; 11] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
];

impl RegionCode {
    /// Parses a dotted (`35.07.04`) or undotted (`350704`) code of 2, 4, 6 or 10 digits.
    /// Surrounding whitespace is ignored.
    pub fn parse(input: &str) -> Result<RegionCode, RegionCodeError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(RegionCodeError::Empty);
        }
        let mut value: u64 = 0;
        let mut digits = 0usize;
        let mut dots_at = [0usize; 4];
        let mut ndots = 0usize;
        for c in s.chars() {
            match c {
                '0'..='9' => {
                    digits += 1;
                    if digits > 10 {
                        return Err(RegionCodeError::WrongLength(
                            s.chars().filter(char::is_ascii_digit).count(),
                        ));
                    }
                    value = value * 10 + u64::from(c as u8 - b'0');
                }
                '.' => {
                    if ndots >= 3 {
                        return Err(RegionCodeError::MisplacedDot);
                    }
                    dots_at[ndots] = digits;
                    ndots += 1;
                }
                other => return Err(RegionCodeError::InvalidCharacter(other)),
            }
        }
        let level = RegionLevel::from_digits(digits).ok_or(RegionCodeError::WrongLength(digits))?;
        if ndots > 0 {
            let expected: &[usize] = match level {
                RegionLevel::Provinsi => &[],
                RegionLevel::KabupatenKota => &[2],
                RegionLevel::Kecamatan => &[2, 4],
                RegionLevel::DesaKelurahan => &[2, 4, 6],
            };
            if dots_at[..ndots] != *expected {
                return Err(RegionCodeError::MisplacedDot);
            }
        }
        Ok(RegionCode {
            padded: value * POW10[10 - digits],
            level,
        })
    }

    /// The code at `level` whose digits, read as a number, are `value` (`(350704, Kecamatan)` ->
    /// `35.07.04`); `None` if `value` has more digits than the level.
    pub fn from_number(value: u64, level: RegionLevel) -> Option<RegionCode> {
        let digits = level.digits();
        (value < POW10[digits]).then(|| RegionCode {
            padded: value * POW10[10 - digits],
            level,
        })
    }

    /// A kabupaten/kota code from its province and kab/kota numbers (`(35, 7)` -> `35.07`).
    /// Numbers out of range are reduced modulo 100.
    pub const fn kabupaten_kota(province: u8, kabkota: u8) -> RegionCode {
        RegionCode {
            padded: (province as u64 % 100) * POW10[8] + (kabkota as u64 % 100) * POW10[6],
            level: RegionLevel::KabupatenKota,
        }
    }

    /// The level of this code.
    pub fn level(self) -> RegionLevel {
        self.level
    }

    /// The code's digits as a number (`35.07.04` -> 350704).
    pub fn as_number(self) -> u64 {
        self.padded / POW10[10 - self.level.digits()]
    }

    /// The undotted form: `350704`.
    pub fn undotted(self) -> String {
        format!("{:0width$}", self.as_number(), width = self.level.digits())
    }

    /// The same code cut to a higher (or the same) level; `None` if `level` is below this one.
    pub fn truncate(self, level: RegionLevel) -> Option<RegionCode> {
        if level > self.level {
            return None;
        }
        let cut = POW10[10 - level.digits()];
        Some(RegionCode {
            padded: self.padded / cut * cut,
            level,
        })
    }

    /// The code of the parent region (`35.07.04` -> `35.07`); `None` for a province.
    pub fn parent(self) -> Option<RegionCode> {
        let up = match self.level {
            RegionLevel::Provinsi => return None,
            RegionLevel::KabupatenKota => RegionLevel::Provinsi,
            RegionLevel::Kecamatan => RegionLevel::KabupatenKota,
            RegionLevel::DesaKelurahan => RegionLevel::Kecamatan,
        };
        self.truncate(up)
    }

    /// Whether `self` is `other` or lies inside it (`35.07.04` is within `35.07`).
    pub fn is_within(self, other: RegionCode) -> bool {
        self.truncate(other.level) == Some(other)
    }

    /// The region this code names, if it is in the code list.
    pub fn region(self) -> Option<&'static Region> {
        lookup(self)
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.undotted();
        let cuts: &[usize] = match self.level {
            RegionLevel::Provinsi => &[2],
            RegionLevel::KabupatenKota => &[2, 4],
            RegionLevel::Kecamatan => &[2, 4, 6],
            RegionLevel::DesaKelurahan => &[2, 4, 6, 10],
        };
        let mut start = 0;
        for (i, &end) in cuts.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(d.get(start..end).unwrap_or(""))?;
            start = end;
        }
        Ok(())
    }
}

impl fmt::Debug for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegionCode({self})")
    }
}

impl FromStr for RegionCode {
    type Err = RegionCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RegionCode::parse(s)
    }
}

impl TryFrom<String> for RegionCode {
    type Error = RegionCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        RegionCode::parse(&s)
    }
}

impl From<RegionCode> for String {
    fn from(c: RegionCode) -> String {
        c.to_string()
    }
}

/// One region of the code list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    code: RegionCode,
    name: &'static str,
}

impl Region {
    /// Its code.
    pub fn code(&self) -> RegionCode {
        self.code
    }

    /// Its level.
    pub fn level(&self) -> RegionLevel {
        self.code.level
    }

    /// Its official name (`Kabupaten Malang`, `Sumbermanjing Wetan`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The parent region, if any.
    pub fn parent(&self) -> Option<&'static Region> {
        self.code.parent().and_then(lookup)
    }

    /// The region at `level` containing this one (itself at its own level).
    pub fn ancestor(&self, level: RegionLevel) -> Option<&'static Region> {
        self.code.truncate(level).and_then(lookup)
    }

    /// The province containing this region (itself for a province).
    pub fn province(&self) -> Option<&'static Region> {
        self.ancestor(RegionLevel::Provinsi)
    }

    /// The kabupaten/kota containing this region; `None` for a province.
    pub fn kabupaten_kota(&self) -> Option<&'static Region> {
        self.ancestor(RegionLevel::KabupatenKota)
    }

    /// The kecamatan containing this region; `None` above kecamatan level.
    pub fn kecamatan(&self) -> Option<&'static Region> {
        self.ancestor(RegionLevel::Kecamatan)
    }

    /// The chain from the province down to this region.
    pub fn path(&self) -> Vec<&'static Region> {
        RegionLevel::ALL
            .into_iter()
            .filter(|l| *l <= self.level())
            .filter_map(|l| self.ancestor(l))
            .collect()
    }

    /// The names from the kecamatan (or lowest level) up, comma-separated:
    /// `Sumbermanjing Wetan, Kabupaten Malang, Jawa Timur`.
    pub fn full_name(&self) -> String {
        let mut names: Vec<&str> = self.path().iter().map(|r| r.name).collect();
        names.reverse();
        names.join(", ")
    }
}

/// The parsed code list, sorted by code.
fn table() -> &'static [Region] {
    static TABLE: OnceLock<Vec<Region>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows: Vec<Region> = CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut parts = line.splitn(3, ',');
                let code = RegionCode::parse(parts.next()?).ok()?;
                let level = RegionLevel::from_code(parts.next()?)?;
                let name = parts.next()?.trim();
                (code.level == level).then_some(Region { code, name })
            })
            .collect();
        rows.sort_by_key(|r| r.code);
        rows.dedup_by_key(|r| r.code);
        rows
    })
}

/// Every region of the code list, parent before children.
pub fn all() -> &'static [Region] {
    table()
}

/// The region with this code, if it is in the code list.
pub fn lookup(code: RegionCode) -> Option<&'static Region> {
    let t = table();
    t.binary_search_by_key(&code, |r| r.code)
        .ok()
        .and_then(|i| t.get(i))
}

/// Parses `code` (dotted or undotted) and looks it up.
pub fn lookup_str(code: &str) -> Option<&'static Region> {
    RegionCode::parse(code).ok().and_then(lookup)
}

/// The region and all regions inside it, as one contiguous slice of the table.
pub fn subtree(code: RegionCode) -> &'static [Region] {
    let t = table();
    let start = t.partition_point(|r| r.code < code);
    let len = t
        .get(start..)
        .map(|rest| rest.partition_point(|r| r.code.is_within(code)))
        .unwrap_or(0);
    t.get(start..start + len).unwrap_or(&[])
}

/// The regions directly below `code` (kecamatan of a kab/kota, and so on).
pub fn children(code: RegionCode) -> impl Iterator<Item = &'static Region> {
    let want = code.level.child();
    subtree(code)
        .iter()
        .filter(move |r| Some(r.code.level) == want)
}

/// Every region at `level` inside `code` (e.g. all kecamatan of a province).
pub fn descendants_at(
    code: RegionCode,
    level: RegionLevel,
) -> impl Iterator<Item = &'static Region> {
    subtree(code).iter().filter(move |r| r.code.level == level)
}

/// The Malang Raya home region: Kabupaten Malang (`35.07`), Kota Malang (`35.73`), Kota Batu
/// (`35.79`).
pub const MALANG_RAYA: [RegionCode; 3] = [
    RegionCode::kabupaten_kota(35, 7),
    RegionCode::kabupaten_kota(35, 73),
    RegionCode::kabupaten_kota(35, 79),
];

/// The province code of Jawa Timur (`35`).
pub const JAWA_TIMUR: RegionCode = RegionCode {
    padded: 35 * POW10[8],
    level: RegionLevel::Provinsi,
};

/// Whether `code` is one of the Malang Raya kab/kota or lies inside one.
pub fn is_malang_raya(code: RegionCode) -> bool {
    MALANG_RAYA.iter().any(|m| code.is_within(*m))
}

#[cfg(test)]
#[path = "region_tests.rs"]
mod tests;
