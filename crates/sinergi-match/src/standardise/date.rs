//! Dates in the forms agencies write them: `dd/mm/yyyy`, `yyyy-mm-dd`, `dd-mm-yy`,
//! `12 Januari 1990`, `12 Jan 1990`, `19900112`.

/// A calendar date, checked to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1800..=2200.
    pub year: u16,
    /// Month 1..=12.
    pub month: u8,
    /// Day 1..=31 (checked against the month).
    pub day: u8,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text matches none of the known layouts.
    #[error("unrecognised date layout")]
    Layout,
    /// The layout was read but the day does not exist (31 February, month 13 ...).
    #[error("no such calendar day")]
    NoSuchDay,
}

impl Date {
    /// Packs the date as `yyyymmdd`.
    pub fn packed(self) -> u32 {
        u32::from(self.year) * 10_000 + u32::from(self.month) * 100 + u32::from(self.day)
    }

    /// Builds a checked date.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        if !(1800..=2200).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return Err(DateError::NoSuchDay);
        }
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let max = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day > max {
            return Err(DateError::NoSuchDay);
        }
        Ok(Date { year, month, day })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn month_name(word: &str) -> Option<u8> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    const NAMES: &[(&str, u8)] = &[
        ("januari", 1),
        ("january", 1),
        ("jan", 1),
        ("februari", 2),
        ("february", 2),
        ("pebruari", 2),
        ("feb", 2),
        ("peb", 2),
        ("maret", 3),
        ("march", 3),
        ("mar", 3),
        ("april", 4),
        ("apr", 4),
        ("mei", 5),
        ("may", 5),
        ("juni", 6),
        ("june", 6),
        ("jun", 6),
        ("juli", 7),
        ("july", 7),
        ("jul", 7),
        ("agustus", 8),
        ("august", 8),
        ("agu", 8),
        ("agt", 8),
        ("ags", 8),
        ("aug", 8),
        ("september", 9),
        ("sept", 9),
        ("sep", 9),
        ("oktober", 10),
        ("october", 10),
        ("okt", 10),
        ("oct", 10),
        ("november", 11),
        ("nopember", 11),
        ("nov", 11),
        ("nop", 11),
        ("desember", 12),
        ("december", 12),
        ("des", 12),
        ("dec", 12),
    ];
    NAMES.iter().find(|(n, _)| *n == w).map(|(_, m)| *m)
}

fn year_of(s: &str) -> Option<u16> {
    let v: u16 = s.parse().ok()?;
    match s.len() {
        4 => Some(v),
        // Two-digit years: agencies record living people, so 00-30 are 2000s.
        2 => Some(if v <= 30 { 2000 + v } else { 1900 + v }),
        _ => None,
    }
}

/// Which comes first in `12/01/1990`-style dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// Day, month, year (Indonesia, most of the world).
    #[default]
    Dmy,
    /// Month, day, year (United States).
    Mdy,
}

/// Parses a date written in any of the supported layouts, day first.
pub fn parse(raw: &str) -> Result<Date, DateError> {
    parse_with(raw, DateOrder::Dmy)
}

/// Parses a date; `order` decides `01/02/1990` (ISO and month-name forms are unambiguous).
pub fn parse_with(raw: &str, order: DateOrder) -> Result<Date, DateError> {
    let s = raw.trim();
    // Strip a time part ("1990-01-12 00:00:00", "1990-01-12T00:00").
    let s = s
        .split(['T', ' '])
        .next()
        .filter(|p| p.len() >= 8 && p.contains(['-', '/']))
        .unwrap_or(s);
    let parts: Vec<&str> = s
        .split(['/', '-', '.', ' ', ','])
        .filter(|p| !p.is_empty())
        .collect();
    let num = |p: &str| -> Option<u8> { if p.len() <= 2 { p.parse().ok() } else { None } };
    match parts.as_slice() {
        [one] if one.len() == 8 && one.bytes().all(|b| b.is_ascii_digit()) => {
            let y: u16 = one[0..4].parse().map_err(|_| DateError::Layout)?;
            let m: u8 = one[4..6].parse().map_err(|_| DateError::Layout)?;
            let d: u8 = one[6..8].parse().map_err(|_| DateError::Layout)?;
            Date::new(y, m, d)
        }
        [a, b, c] => {
            if a.len() == 4 {
                let y = year_of(a).ok_or(DateError::Layout)?;
                let m = num(b).or_else(|| month_name(b)).ok_or(DateError::Layout)?;
                let d = num(c).ok_or(DateError::Layout)?;
                return Date::new(y, m, d);
            }
            if let Some(m) = month_name(a) {
                // "January 12, 1990"
                let d = num(b).ok_or(DateError::Layout)?;
                let y = year_of(c).ok_or(DateError::Layout)?;
                return Date::new(y, m, d);
            }
            let (a, b) = if order == DateOrder::Mdy && num(a).is_some() && num(b).is_some() {
                (b, a)
            } else {
                (a, b)
            };
            let d = num(a).ok_or(DateError::Layout)?;
            let y = year_of(c).ok_or(DateError::Layout)?;
            let m = num(b).or_else(|| month_name(b)).ok_or(DateError::Layout)?;
            Date::new(y, m, d)
        }
        _ => Err(DateError::Layout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date {
            year: y,
            month: m,
            day,
        }
    }

    #[test]
    fn agency_layouts() {
        assert_eq!(parse("12/01/1990"), Ok(d(1990, 1, 12)));
        assert_eq!(parse("1990-01-12"), Ok(d(1990, 1, 12)));
        assert_eq!(parse("12-01-90"), Ok(d(1990, 1, 12)));
        assert_eq!(parse("12 Januari 1990"), Ok(d(1990, 1, 12)));
        assert_eq!(parse("12 Agt. 1990"), Ok(d(1990, 8, 12)));
        assert_eq!(parse("19900112"), Ok(d(1990, 1, 12)));
        assert_eq!(parse("05.03.05"), Ok(d(2005, 3, 5)));
        assert_eq!(parse("1990-01-12 00:00:00"), Ok(d(1990, 1, 12)));
        assert_eq!(parse("January 12, 1990"), Ok(d(1990, 1, 12)));
        assert_eq!(parse_with("01/12/1990", DateOrder::Mdy), Ok(d(1990, 1, 12)));
        assert_eq!(parse_with("1990-01-12", DateOrder::Mdy), Ok(d(1990, 1, 12)));
    }

    #[test]
    fn impossible_days_are_rejected() {
        assert_eq!(parse("31/02/1990"), Err(DateError::NoSuchDay));
        assert_eq!(parse("29/02/2001"), Err(DateError::NoSuchDay));
        assert_eq!(parse("29/02/2000"), Ok(d(2000, 2, 29)));
        assert_eq!(parse("kemarin"), Err(DateError::Layout));
        assert_eq!(parse(""), Err(DateError::Layout));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = parse(&s);
        }

        #[test]
        fn roundtrips_iso(y in 1900u16..2100, m in 1u8..=12, day in 1u8..=28) {
            let s = format!("{y:04}-{m:02}-{day:02}");
            prop_assert_eq!(parse(&s).map(|x| x.to_string()), Ok(s));
        }
    }
}
