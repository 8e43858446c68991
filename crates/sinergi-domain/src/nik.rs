//! NIK (Nomor Induk Kependudukan), the 16-digit Indonesian population number.
//!
//! Layout: `PP KK CC DD MM YY SSSS` = province, kab/kota, kecamatan (Kemendagri codes, where the
//! NIK was *first* issued), day of birth (+40 for women), month, two-digit year, serial (0001-9999).
//! There is no check digit, so a [`Nik`] is valid when the region exists in the code list, the date
//! is a real calendar date and the serial is not 0000. The century is not encoded: it is resolved
//! against a reference year or a stated birth date. A NIK stays valid even when its encoded date
//! differs from the person's real one, so [`Nik::check_against`] reports discrepancies, never
//! rejects.

use crate::dates::format_id;
use crate::region::{self, Region, RegionCode, RegionLevel};
use crate::region_history;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::{Date, Month};

/// Sex as recorded on the KTP and encoded in the NIK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Laki-laki (L).
    Male,
    /// Perempuan (P).
    Female,
}

/// Why a text is not a sex.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown sex {0:?}; expected L/P, M/F, laki-laki/perempuan or male/female")]
pub struct SexError(pub String);

impl Sex {
    /// Parses `L`, `P`, `M`, `F`, `laki-laki`, `lakilaki`, `pria`, `perempuan`, `wanita`, `male`,
    /// `female` (any case, surrounding spaces ignored).
    pub fn parse(input: &str) -> Result<Sex, SexError> {
        let s = input.trim().to_lowercase();
        match s.as_str() {
            "l" | "m" | "lk" | "laki-laki" | "laki laki" | "lakilaki" | "laki" | "pria"
            | "male" | "man" => Ok(Sex::Male),
            "p" | "f" | "pr" | "perempuan" | "wanita" | "female" | "woman" => Ok(Sex::Female),
            _ => Err(SexError(input.to_string())),
        }
    }

    /// KTP code: `L` or `P`.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "L",
            Sex::Female => "P",
        }
    }

    /// Indonesian name: `Laki-laki` or `Perempuan`.
    pub fn name_id(self) -> &'static str {
        match self {
            Sex::Male => "Laki-laki",
            Sex::Female => "Perempuan",
        }
    }

    /// English name: `male` or `female`.
    pub fn name_en(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

impl FromStr for Sex {
    type Err = SexError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Sex::parse(s)
    }
}

/// Why a text is not a valid NIK. Checked in this order: characters, length, region, date, serial.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    /// A character other than a digit or a tolerated separator (space, dot, dash).
    #[error("NIK contains {0:?}; only digits are allowed")]
    NotDigit(char),
    /// Not 16 digits after separators were removed.
    #[error("NIK has {0} digits; expected 16")]
    WrongLength(usize),
    /// Digits 1-2 are not a province in the code list.
    #[error("unknown province code {0} in NIK")]
    UnknownProvince(String),
    /// Digits 1-4 are not a kabupaten/kota in the code list.
    #[error("unknown kabupaten/kota code {0} in NIK")]
    UnknownKabupatenKota(String),
    /// Digits 1-6 are not a kecamatan in the code list.
    #[error("unknown kecamatan code {0} in NIK")]
    UnknownKecamatan(String),
    /// Digits 7-8 are not 01-31 (men) or 41-71 (women).
    #[error("day {0:02} in NIK is impossible; expected 01-31 or 41-71")]
    InvalidDay(u8),
    /// Digits 9-10 are not 01-12.
    #[error("month {0:02} in NIK is impossible; expected 01-12")]
    InvalidMonth(u8),
    /// Day and month exist but not together (31/02, or 29/02 in a year that is never leap).
    #[error("date {day:02}/{month:02}/{yy:02} in NIK does not exist")]
    NoSuchDate {
        /// Day of month (after removing the +40 for women).
        day: u8,
        /// Month.
        month: u8,
        /// Two-digit year.
        yy: u8,
    },
    /// Digits 13-16 are 0000.
    #[error("NIK serial 0000 is not issued")]
    ZeroSerial,
}

impl NikError {
    /// Whether the only problem is a region code in neither the current nor an earlier list:
    /// a warning an officer may accept ([`Nik::parse_accepting_unknown_region`]).
    pub fn is_region_warning(&self) -> bool {
        matches!(
            self,
            NikError::UnknownProvince(_)
                | NikError::UnknownKabupatenKota(_)
                | NikError::UnknownKecamatan(_)
        )
    }

    /// Stable snake_case key for translation.
    pub fn key(&self) -> &'static str {
        match self {
            NikError::NotDigit(_) => "nik_not_digit",
            NikError::WrongLength(_) => "nik_wrong_length",
            NikError::UnknownProvince(_) => "nik_unknown_province",
            NikError::UnknownKabupatenKota(_) => "nik_unknown_kabupaten_kota",
            NikError::UnknownKecamatan(_) => "nik_unknown_kecamatan",
            NikError::InvalidDay(_) => "nik_invalid_day",
            NikError::InvalidMonth(_) => "nik_invalid_month",
            NikError::NoSuchDate { .. } => "nik_no_such_date",
            NikError::ZeroSerial => "nik_zero_serial",
        }
    }

    /// The error in Indonesian.
    pub fn message_id(&self) -> String {
        match self {
            NikError::NotDigit(c) => format!("NIK berisi {c:?}; hanya angka yang diperbolehkan"),
            NikError::WrongLength(n) => format!("NIK terdiri dari {n} angka; seharusnya 16"),
            NikError::UnknownProvince(c) => format!("Kode provinsi {c} di NIK tidak dikenal"),
            NikError::UnknownKabupatenKota(c) => {
                format!("Kode kabupaten/kota {c} di NIK tidak dikenal")
            }
            NikError::UnknownKecamatan(c) => format!("Kode kecamatan {c} di NIK tidak dikenal"),
            NikError::InvalidDay(d) => {
                format!("Tanggal {d:02} di NIK tidak mungkin; seharusnya 01-31 atau 41-71")
            }
            NikError::InvalidMonth(m) => {
                format!("Bulan {m:02} di NIK tidak mungkin; seharusnya 01-12")
            }
            NikError::NoSuchDate { day, month, yy } => {
                format!("Tanggal {day:02}/{month:02}/{yy:02} di NIK tidak ada di kalender")
            }
            NikError::ZeroSerial => "Nomor urut 0000 di NIK tidak pernah diterbitkan".to_string(),
        }
    }

    /// The error in English (same as `Display`).
    pub fn message_en(&self) -> String {
        self.to_string()
    }
}

/// A valid NIK. Displays as its 16 digits; [`Nik::masked`] hides the middle for screens and logs.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik(u64);

fn two(d: &[u8], i: usize) -> u8 {
    d.get(i).copied().unwrap_or(0) * 10 + d.get(i + 1).copied().unwrap_or(0)
}

impl Nik {
    /// Parses a NIK. Spaces, dots and dashes are tolerated and removed. A region code from an
    /// earlier code list (see [`region_history`]) is valid; an unknown one is an error whose
    /// [`NikError::is_region_warning`] is true.
    pub fn parse(input: &str) -> Result<Nik, NikError> {
        Nik::parse_inner(input, false)
    }

    /// Parses a NIK whose unknown region an officer has accepted: every other check still
    /// applies. [`Nik::region_status`] then says `Unknown`.
    pub fn parse_accepting_unknown_region(input: &str) -> Result<Nik, NikError> {
        Nik::parse_inner(input, true)
    }

    fn parse_inner(input: &str, accept_unknown_region: bool) -> Result<Nik, NikError> {
        let mut d: Vec<u8> = Vec::with_capacity(16);
        for c in input.trim().chars() {
            match c {
                '0'..='9' => d.push(c as u8 - b'0'),
                ' ' | '.' | '-' | '\t' => {}
                other => return Err(NikError::NotDigit(other)),
            }
        }
        if d.len() != 16 {
            return Err(NikError::WrongLength(d.len()));
        }
        let number = |n: usize| {
            d.iter()
                .take(n)
                .fold(0u64, |acc, x| acc * 10 + u64::from(*x))
        };
        if !accept_unknown_region {
            let kecamatan = RegionCode::from_number(number(6), RegionLevel::Kecamatan);
            if let Some(region_history::NikRegion::Unknown { level, code }) =
                kecamatan.map(region_history::classify)
            {
                let c = code.to_string();
                return Err(match level {
                    RegionLevel::Provinsi => NikError::UnknownProvince(c),
                    RegionLevel::KabupatenKota => NikError::UnknownKabupatenKota(c),
                    _ => NikError::UnknownKecamatan(c),
                });
            }
        }
        let raw_day = two(&d, 6);
        let month = two(&d, 8);
        let yy = two(&d, 10);
        let day = match raw_day {
            1..=31 => raw_day,
            41..=71 => raw_day - 40,
            _ => return Err(NikError::InvalidDay(raw_day)),
        };
        if !(1..=12).contains(&month) {
            return Err(NikError::InvalidMonth(month));
        }
        // A leap day is possible if 19yy or 20yy is a leap year: exactly when yy % 4 == 0.
        let leap_possible = yy.is_multiple_of(4);
        let max_day = match month {
            2 if leap_possible => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day > max_day {
            return Err(NikError::NoSuchDate { day, month, yy });
        }
        if d[12..].iter().all(|x| *x == 0) {
            return Err(NikError::ZeroSerial);
        }
        let value = d.iter().fold(0u64, |acc, x| acc * 10 + u64::from(*x));
        Ok(Nik(value))
    }

    /// Builds a NIK from its parts (for generators and tests). Fails like [`Nik::parse`] would.
    pub fn from_parts(
        kecamatan: RegionCode,
        birth_date: Date,
        sex: Sex,
        serial: u16,
    ) -> Result<Nik, NikError> {
        let kec = kecamatan
            .truncate(RegionLevel::Kecamatan)
            .map(|c| c.undotted())
            .unwrap_or_else(|| kecamatan.undotted());
        let day = birth_date.day() + if sex == Sex::Female { 40 } else { 0 };
        let s = format!(
            "{kec}{day:02}{:02}{:02}{serial:04}",
            u8::from(birth_date.month()),
            birth_date.year().rem_euclid(100)
        );
        Nik::parse(&s)
    }

    fn digits(self) -> String {
        format!("{:016}", self.0)
    }

    fn part(self, from: usize, len: usize) -> u64 {
        (self.0 / 10u64.pow((16 - from - len) as u32)) % 10u64.pow(len as u32)
    }

    /// The kecamatan code (digits 1-6) where the NIK was first issued.
    pub fn region_code(self) -> RegionCode {
        RegionCode::from_number(self.part(0, 6), RegionLevel::Kecamatan)
            .unwrap_or(region::JAWA_TIMUR)
    }

    /// The kecamatan of issue when it is in the current code list (`None` for a historical or
    /// an accepted unknown code: see [`Nik::region_status`]).
    pub fn region(self) -> Option<&'static Region> {
        region::lookup(self.region_code())
    }

    /// Whether the region of issue is current, historical (with what it became) or unknown.
    pub fn region_status(self) -> region_history::NikRegion {
        region_history::classify(self.region_code())
    }

    fn name_at(self, level: RegionLevel) -> &'static str {
        let code = self.region_code().truncate(level);
        code.and_then(region::lookup)
            .map(Region::name)
            .or_else(|| code.and_then(region_history::lookup).map(|h| h.name))
            .or_else(|| {
                // A historical kab/kota whose province is current (Kaltara before 2012).
                let h = self.region_code().truncate(RegionLevel::KabupatenKota)?;
                let h = region_history::lookup(h)?;
                h.became?
                    .truncate(level)
                    .and_then(region::lookup)
                    .map(Region::name)
            })
            .unwrap_or("")
    }

    /// Name of the province of issue.
    pub fn province_name(self) -> &'static str {
        self.name_at(RegionLevel::Provinsi)
    }

    /// Name of the kabupaten/kota of issue.
    pub fn kabupaten_kota_name(self) -> &'static str {
        self.name_at(RegionLevel::KabupatenKota)
    }

    /// Name of the kecamatan of issue.
    pub fn kecamatan_name(self) -> &'static str {
        self.name_at(RegionLevel::Kecamatan)
    }

    /// Sex encoded in the NIK (day > 40 means female).
    pub fn sex(self) -> Sex {
        if self.part(6, 2) > 40 {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// Day of birth (1-31), the +40 for women removed.
    pub fn birth_day(self) -> u8 {
        let d = self.part(6, 2) as u8;
        if d > 40 { d - 40 } else { d }
    }

    /// Month of birth (1-12).
    pub fn birth_month(self) -> u8 {
        self.part(8, 2) as u8
    }

    /// Two-digit year of birth (0-99).
    pub fn birth_year_2digit(self) -> u8 {
        self.part(10, 2) as u8
    }

    /// Serial number (1-9999).
    pub fn serial(self) -> u16 {
        self.part(12, 4) as u16
    }

    fn date_in(self, year: i32) -> Option<Date> {
        let month = Month::try_from(self.birth_month()).ok()?;
        Date::from_calendar_date(year, month, self.birth_day()).ok()
    }

    /// Birth date with the century resolved against `reference_year` (usually this year):
    /// `20yy` unless that is after `reference_year`, then `19yy`. If that gives 29 February of a
    /// non-leap year (only 1900), the other century is used.
    pub fn birth_date(self, reference_year: i32) -> Date {
        let yy = i32::from(self.birth_year_2digit());
        let (first, second) = if 2000 + yy <= reference_year {
            (2000 + yy, 1900 + yy)
        } else {
            (1900 + yy, 2000 + yy)
        };
        self.date_in(first)
            .or_else(|| self.date_in(second))
            .unwrap_or(Date::MIN)
    }

    /// Birth date with the century chosen closest to a stated birth date's year.
    pub fn birth_date_near(self, stated: Date) -> Date {
        let yy = i32::from(self.birth_year_2digit());
        let base = stated.year() - stated.year().rem_euclid(100);
        let mut best: Option<(i32, Date)> = None;
        for year in [base - 100 + yy, base + yy, base + 100 + yy] {
            if let Some(d) = self.date_in(year) {
                let dist = (year - stated.year()).abs();
                if best.is_none_or(|(b, _)| dist < b) {
                    best = Some((dist, d));
                }
            }
        }
        best.map(|(_, d)| d)
            .unwrap_or_else(|| self.birth_date(stated.year()))
    }

    /// The NIK with digits 7-12 (birth date) hidden: `350704******0001`.
    pub fn masked(self) -> String {
        let d = self.digits();
        format!(
            "{}******{}",
            d.get(..6).unwrap_or(""),
            d.get(12..).unwrap_or("")
        )
    }

    /// Compares the NIK with what a person or document states. Empty when consistent; a region
    /// difference is informative only (the NIK shows where it was first issued).
    pub fn check_against(self, stated: &Stated) -> Vec<Discrepancy> {
        let mut out = Vec::new();
        if let Some(s) = stated.birth_date {
            let nik = self.birth_date_near(s);
            if nik != s {
                out.push(Discrepancy::BirthDate { nik, stated: s });
            }
        }
        if let Some(s) = stated.sex
            && s != self.sex()
        {
            out.push(Discrepancy::Sex {
                nik: self.sex(),
                stated: s,
            });
        }
        if let Some(s) = stated.region_code {
            let mine = self.region_code();
            // Compare at the coarser of the two levels.
            let level = s.level().min(mine.level());
            if mine.truncate(level) != s.truncate(level) {
                out.push(Discrepancy::Region {
                    nik: mine,
                    stated: s,
                });
            }
        }
        out
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016}", self.0)
    }
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Debug output ends up in logs: never the full number.
        write!(f, "Nik({})", self.masked())
    }
}

impl FromStr for Nik {
    type Err = NikError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Nik::parse(s)
    }
}

impl TryFrom<String> for Nik {
    type Error = NikError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Nik::parse(&s)
    }
}

impl From<Nik> for String {
    fn from(n: Nik) -> String {
        n.to_string()
    }
}

/// What a person or a document states, to compare with the NIK. Every field is optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stated {
    /// Stated birth date.
    pub birth_date: Option<Date>,
    /// Stated sex.
    pub sex: Option<Sex>,
    /// Stated region (domicile or birth region), at any level.
    pub region_code: Option<RegionCode>,
}

/// A difference between the NIK and what was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discrepancy {
    /// The encoded birth date differs from the stated one.
    BirthDate {
        /// Date encoded in the NIK (century resolved with the stated date).
        nik: Date,
        /// Stated date.
        stated: Date,
    },
    /// The encoded sex differs from the stated one.
    Sex {
        /// Sex encoded in the NIK.
        nik: Sex,
        /// Stated sex.
        stated: Sex,
    },
    /// The region of first issue differs from the stated region. Informative only.
    Region {
        /// Kecamatan encoded in the NIK.
        nik: RegionCode,
        /// Stated region.
        stated: RegionCode,
    },
}

fn region_label(code: RegionCode) -> String {
    match region::lookup(code) {
        Some(r) => format!("{} ({})", r.full_name(), code),
        None => code.to_string(),
    }
}

impl Discrepancy {
    /// Stable snake_case key.
    pub fn key(&self) -> &'static str {
        match self {
            Discrepancy::BirthDate { .. } => "nik_birth_date_mismatch",
            Discrepancy::Sex { .. } => "nik_sex_mismatch",
            Discrepancy::Region { .. } => "nik_region_mismatch",
        }
    }

    /// Whether the discrepancy is informative only (region of first issue).
    pub fn is_informative(&self) -> bool {
        matches!(self, Discrepancy::Region { .. })
    }

    /// The discrepancy in Indonesian, dates as dd/mm/yyyy.
    pub fn message_id(&self) -> String {
        match self {
            Discrepancy::BirthDate { nik, stated } => format!(
                "Tanggal lahir di NIK {} berbeda dengan yang dinyatakan {}",
                format_id(*nik),
                format_id(*stated)
            ),
            Discrepancy::Sex { nik, stated } => format!(
                "Jenis kelamin di NIK {} berbeda dengan yang dinyatakan {}",
                nik.name_id(),
                stated.name_id()
            ),
            Discrepancy::Region { nik, stated } => format!(
                "Wilayah di NIK {} berbeda dengan yang dinyatakan {} (informatif: NIK menunjukkan \
                 wilayah pertama kali terdaftar)",
                region_label(*nik),
                region_label(*stated)
            ),
        }
    }

    /// The discrepancy in English, dates as dd/mm/yyyy.
    pub fn message_en(&self) -> String {
        match self {
            Discrepancy::BirthDate { nik, stated } => format!(
                "Birth date in NIK {} differs from the stated {}",
                format_id(*nik),
                format_id(*stated)
            ),
            Discrepancy::Sex { nik, stated } => format!(
                "Sex in NIK {} differs from the stated {}",
                nik.name_en(),
                stated.name_en()
            ),
            Discrepancy::Region { nik, stated } => format!(
                "Region in NIK {} differs from the stated {} (informative: the NIK shows where it \
                 was first issued)",
                region_label(*nik),
                region_label(*stated)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn parses_a_valid_nik_with_separators() {
        let n = Nik::parse("3507.04-5101 900001").unwrap();
        assert_eq!(n.to_string(), "3507045101900001");
        assert_eq!(n.region_code().to_string(), "35.07.04");
        assert_eq!(n.kecamatan_name(), "Sumbermanjing Wetan");
        assert_eq!(n.kabupaten_kota_name(), "Kabupaten Malang");
        assert_eq!(n.province_name(), "Jawa Timur");
        assert_eq!(n.sex(), Sex::Female);
        assert_eq!(n.birth_day(), 11);
        assert_eq!(n.birth_month(), 1);
        assert_eq!(n.serial(), 1);
        assert_eq!(n.birth_date(2026), date!(1990 - 01 - 11));
        assert_eq!(n.masked(), "350704******0001");
        assert_eq!(format!("{n:?}"), "Nik(350704******0001)");
    }

    #[test]
    fn century_resolution() {
        let n = Nik::parse("3573011205050123").unwrap();
        assert_eq!(n.sex(), Sex::Male);
        assert_eq!(n.birth_date(2026), date!(2005 - 05 - 12));
        assert_eq!(n.birth_date(2004), date!(1905 - 05 - 12));
        assert_eq!(
            n.birth_date_near(date!(1905 - 01 - 01)),
            date!(1905 - 05 - 12)
        );
        // 29/02/00 exists in 2000 only.
        let leap = Nik::parse("3573012902000001").unwrap();
        assert_eq!(leap.birth_date(1999), date!(2000 - 02 - 29));
    }

    #[test]
    fn typed_errors() {
        assert_eq!(Nik::parse("35070451019000"), Err(NikError::WrongLength(14)));
        assert_eq!(Nik::parse("350704510190000x"), Err(NikError::NotDigit('x')));
        assert_eq!(
            Nik::parse("9907045101900001"),
            Err(NikError::UnknownProvince("99".into()))
        );
        assert_eq!(
            Nik::parse("3550045101900001"),
            Err(NikError::UnknownKabupatenKota("35.50".into()))
        );
        assert_eq!(
            Nik::parse("3507995101900001"),
            Err(NikError::UnknownKecamatan("35.07.99".into()))
        );
        assert_eq!(
            Nik::parse("3507043501900001"),
            Err(NikError::InvalidDay(35))
        );
        assert_eq!(Nik::parse("3507040001900001"), Err(NikError::InvalidDay(0)));
        assert_eq!(
            Nik::parse("3507047201900001"),
            Err(NikError::InvalidDay(72))
        );
        assert_eq!(
            Nik::parse("3507041013900001"),
            Err(NikError::InvalidMonth(13))
        );
        assert_eq!(
            Nik::parse("3502027102019913"),
            Err(NikError::NoSuchDate {
                day: 31,
                month: 2,
                yy: 1
            })
        );
        assert_eq!(
            Nik::parse("3507042902910001"),
            Err(NikError::NoSuchDate {
                day: 29,
                month: 2,
                yy: 91
            })
        );
        assert!(Nik::parse("3507042902920001").is_ok());
        assert_eq!(Nik::parse("3507041101900000"), Err(NikError::ZeroSerial));
        for e in [NikError::ZeroSerial, NikError::WrongLength(3)] {
            assert!(!e.message_id().is_empty());
            assert!(!e.key().is_empty());
        }
    }

    #[test]
    fn from_parts_round_trip() {
        let kec = RegionCode::parse("35.79.02").unwrap();
        let n = Nik::from_parts(kec, date!(1987 - 12 - 31), Sex::Female, 42).unwrap();
        assert_eq!(n.to_string(), "3579027112870042");
        assert_eq!(n.birth_date(2026), date!(1987 - 12 - 31));
        assert_eq!(n.sex(), Sex::Female);
        assert_eq!(n.serial(), 42);
    }

    #[test]
    fn sex_parse() {
        for s in ["L", "m", "Laki-laki", "male", " PRIA "] {
            assert_eq!(Sex::parse(s), Ok(Sex::Male), "{s}");
        }
        for s in ["P", "f", "perempuan", "Female", "wanita"] {
            assert_eq!(Sex::parse(s), Ok(Sex::Female), "{s}");
        }
        assert!(Sex::parse("x").is_err());
    }

    #[test]
    fn discrepancies() {
        let n = Nik::parse("3507047101900001").unwrap(); // woman, 31/01/1990
        let ok = Stated {
            birth_date: Some(date!(1990 - 01 - 31)),
            sex: Some(Sex::Female),
            region_code: Some(RegionCode::parse("35.07").unwrap()),
        };
        assert!(n.check_against(&ok).is_empty());
        assert!(n.check_against(&Stated::default()).is_empty());
        let bad = Stated {
            birth_date: Some(date!(1990 - 01 - 13)),
            sex: Some(Sex::Male),
            region_code: Some(RegionCode::parse("35.73.02").unwrap()),
        };
        let d = n.check_against(&bad);
        assert_eq!(d.len(), 3);
        assert_eq!(
            d[0].message_id(),
            "Tanggal lahir di NIK 31/01/1990 berbeda dengan yang dinyatakan 13/01/1990"
        );
        assert_eq!(
            d[0].message_en(),
            "Birth date in NIK 31/01/1990 differs from the stated 13/01/1990"
        );
        assert_eq!(
            d[1],
            Discrepancy::Sex {
                nik: Sex::Female,
                stated: Sex::Male
            }
        );
        assert!(d[1].message_id().contains("Perempuan"));
        assert!(d[2].is_informative());
        assert!(d[2].message_id().contains("Klojen"));
        assert!(d[2].message_en().contains("Sumbermanjing Wetan"));
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in ".*") {
            let _ = Nik::parse(&s);
        }

        #[test]
        fn parse_never_panics_on_digits(s in "[0-9]{16}") {
            if let Ok(n) = Nik::parse(&s) {
                prop_assert_eq!(n.to_string(), s.clone());
                prop_assert_eq!(Nik::parse(&n.to_string()), Ok(n));
                let _ = n.birth_date(2026);
            }
        }

        #[test]
        fn from_parts_round_trips(
            kec in 1u8..=33, y in 1960i32..2008, doy in 1u16..=365, female: bool, serial in 1u16..=9999
        ) {
            let code = RegionCode::parse(&format!("3507{kec:02}")).unwrap();
            let d = Date::from_ordinal_date(y, doy).unwrap();
            let sex = if female { Sex::Female } else { Sex::Male };
            let n = Nik::from_parts(code, d, sex, serial).unwrap();
            prop_assert_eq!(n.birth_date(2026), d);
            prop_assert_eq!(n.sex(), sex);
            prop_assert_eq!(n.serial(), serial);
            prop_assert_eq!(n.region_code(), code);
            let stated = Stated { birth_date: Some(d), sex: Some(sex), region_code: Some(code) };
            let found = n.check_against(&stated);
            prop_assert!(found.is_empty());
        }
    }
}
