//! Dates as Indonesian agencies write them, and the one display form `dd/mm/yyyy`.
//!
//! Accepted: `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `dd-mm-yy`, `yyyy-mm-dd`,
//! `12 Januari 1990`, `12 Jan 1990`, `12-Jan-1990`, English month names (`12 January 1990`,
//! `January 12, 1990`) and a leading weekday (`Senin, 12 Januari 1990`). Day-first is assumed for
//! numeric dates (Indonesian practice); `yyyy-mm-dd` is recognised by its 4-digit first group.
//! Two-digit years are resolved against a reference year that the caller passes (time is a
//! parameter): `20yy` unless that is after the reference year, then `19yy`.

use time::{Date, Month};

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing was given.
    #[error("empty date")]
    Empty,
    /// Not made of a day, a month and a year in a known order.
    #[error(
        "unrecognised date format {0:?}; expected e.g. 31/01/1990, 1990-01-31 or 31 Januari 1990"
    )]
    UnrecognisedFormat(String),
    /// A word that is not a month name.
    #[error("unknown month name {0:?}")]
    UnknownMonthName(String),
    /// Day is not 1-31.
    #[error("day {0} is out of range 1-31")]
    DayOutOfRange(u32),
    /// Month is not 1-12.
    #[error("month {0} is out of range 1-12")]
    MonthOutOfRange(u32),
    /// Year is not 2 or 4 digits, or is below 1000.
    #[error("year {0:?} must have 2 or 4 digits")]
    BadYear(String),
    /// Day, month and year exist separately but not together (31/02/1990, 29/02/1991).
    #[error("{day:02}/{month:02}/{year} does not exist in the calendar")]
    NoSuchDate {
        /// Day.
        day: u8,
        /// Month.
        month: u8,
        /// Year.
        year: i32,
    },
}

impl DateError {
    /// Stable snake_case key for translation.
    pub fn key(&self) -> &'static str {
        match self {
            DateError::Empty => "date_empty",
            DateError::UnrecognisedFormat(_) => "date_unrecognised_format",
            DateError::UnknownMonthName(_) => "date_unknown_month_name",
            DateError::DayOutOfRange(_) => "date_day_out_of_range",
            DateError::MonthOutOfRange(_) => "date_month_out_of_range",
            DateError::BadYear(_) => "date_bad_year",
            DateError::NoSuchDate { .. } => "date_no_such_date",
        }
    }

    /// The error in Indonesian.
    pub fn message_id(&self) -> String {
        match self {
            DateError::Empty => "Tanggal kosong".into(),
            DateError::UnrecognisedFormat(s) => format!(
                "Format tanggal {s:?} tidak dikenal; contoh: 31/01/1990, 1990-01-31, 31 Januari 1990"
            ),
            DateError::UnknownMonthName(s) => format!("Nama bulan {s:?} tidak dikenal"),
            DateError::DayOutOfRange(d) => format!("Tanggal {d} di luar 1-31"),
            DateError::MonthOutOfRange(m) => format!("Bulan {m} di luar 1-12"),
            DateError::BadYear(y) => format!("Tahun {y:?} harus 2 atau 4 angka"),
            DateError::NoSuchDate { day, month, year } => {
                format!("Tanggal {day:02}/{month:02}/{year} tidak ada di kalender")
            }
        }
    }
}

#[derive(Debug)]
enum Tok<'a> {
    Num(&'a str),
    Word(String),
}

const MONTHS: [(&str, u8); 36] = [
    ("januari", 1),
    ("january", 1),
    ("februari", 2),
    ("pebruari", 2),
    ("february", 2),
    ("maret", 3),
    ("march", 3),
    ("april", 4),
    ("mei", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("juli", 7),
    ("july", 7),
    ("agustus", 8),
    ("august", 8),
    ("september", 9),
    ("oktober", 10),
    ("october", 10),
    ("november", 11),
    ("nopember", 11),
    ("desember", 12),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("peb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("agu", 8),
    ("ags", 8),
    ("agt", 8),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
];

const MONTHS_MORE: [(&str, u8); 7] = [
    ("okt", 10),
    ("oct", 10),
    ("nov", 11),
    ("nop", 11),
    ("des", 12),
    ("dec", 12),
    ("agust", 8),
];

const WEEKDAYS: [&str; 14] = [
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "sabtu",
    "minggu",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The month number of an Indonesian or English month name or common abbreviation.
pub fn month_from_name(name: &str) -> Option<u8> {
    let n = name.trim().trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .chain(MONTHS_MORE.iter())
        .find(|(m, _)| *m == n)
        .map(|(_, v)| *v)
}

/// Indonesian name of month `m` (1-12), e.g. `Januari`.
pub fn month_name_id(m: u8) -> &'static str {
    const N: [&str; 12] = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    N.get(usize::from(m.wrapping_sub(1))).copied().unwrap_or("")
}

fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        let kind = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        };
        if let Some((st, is_num)) = start
            && kind != Some(is_num)
        {
            let piece = s.get(st..i).unwrap_or("");
            out.push(if is_num {
                Tok::Num(piece)
            } else {
                Tok::Word(piece.to_lowercase())
            });
            start = None;
        }
        if start.is_none()
            && let Some(k) = kind
        {
            start = Some((i, k));
        }
    }
    out
}

fn num(s: &str) -> u32 {
    s.bytes()
        .take(9)
        .fold(0u32, |a, b| a * 10 + u32::from(b.wrapping_sub(b'0')))
}

fn year_of(s: &str, reference_year: i32) -> Result<i32, DateError> {
    match s.len() {
        4 if num(s) >= 1000 => Ok(num(s) as i32),
        2 => {
            let yy = num(s) as i32;
            let base = reference_year - reference_year.rem_euclid(100);
            Ok(if base + yy <= reference_year {
                base + yy
            } else {
                base - 100 + yy
            })
        }
        _ => Err(DateError::BadYear(s.to_string())),
    }
}

fn month_tok(t: &Tok<'_>) -> Result<u32, DateError> {
    match t {
        Tok::Num(n) if n.len() <= 2 => Ok(num(n)),
        Tok::Num(n) => Err(DateError::MonthOutOfRange(num(n))),
        Tok::Word(w) => month_from_name(w)
            .map(u32::from)
            .ok_or_else(|| DateError::UnknownMonthName(w.clone())),
    }
}

fn build(day: u32, month: u32, year: i32) -> Result<Date, DateError> {
    if !(1..=31).contains(&day) {
        return Err(DateError::DayOutOfRange(day));
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::MonthOutOfRange(month));
    }
    let m = Month::try_from(month as u8).map_err(|_| DateError::MonthOutOfRange(month))?;
    Date::from_calendar_date(year, m, day as u8).map_err(|_| DateError::NoSuchDate {
        day: day as u8,
        month: month as u8,
        year,
    })
}

/// Parses a date written in any of the forms listed in the module doc. `reference_year` (usually
/// the current year) resolves two-digit years.
pub fn parse_date(input: &str, reference_year: i32) -> Result<Date, DateError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    let unrecognised = || DateError::UnrecognisedFormat(s.chars().take(40).collect());
    let mut toks = tokens(s);
    if let Some(Tok::Word(w)) = toks.first()
        && WEEKDAYS.contains(&w.as_str())
    {
        toks.remove(0);
    }
    // Only digits, letters and the usual separators may appear.
    if s.chars().any(|c| {
        !(c.is_ascii_digit()
            || c.is_alphabetic()
            || matches!(c, '/' | '-' | '.' | ' ' | ',' | '\t'))
    }) {
        return Err(unrecognised());
    }
    match toks.as_slice() {
        [Tok::Num(y), m, Tok::Num(d)] if y.len() == 4 => {
            let month = month_tok(m)?;
            if d.len() > 2 {
                return Err(unrecognised());
            }
            build(num(d), month, year_of(y, reference_year)?)
        }
        [Tok::Num(d), m, Tok::Num(y)] => {
            if d.len() > 2 {
                return Err(unrecognised());
            }
            let month = month_tok(m)?;
            build(num(d), month, year_of(y, reference_year)?)
        }
        [m @ Tok::Word(_), Tok::Num(d), Tok::Num(y)] => {
            if d.len() > 2 {
                return Err(unrecognised());
            }
            let month = month_tok(m)?;
            build(num(d), month, year_of(y, reference_year)?)
        }
        _ => Err(unrecognised()),
    }
}

/// Formats a date as Sinergi displays it: `dd/mm/yyyy`.
pub fn format_id(date: Date) -> String {
    format!(
        "{:02}/{:02}/{:04}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// Formats a date as ISO 8601 `yyyy-mm-dd`, the storage form.
pub fn format_iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Formats a date in words: `12 Januari 1990`.
pub fn format_long_id(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_name_id(u8::from(date.month())),
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn p(s: &str) -> Result<Date, DateError> {
        parse_date(s, 2026)
    }

    #[test]
    fn accepted_forms() {
        let d = date!(1990 - 01 - 12);
        for s in [
            "12/01/1990",
            "12/1/1990",
            "1990-01-12",
            "12-01-1990",
            "12-01-90",
            "12.01.1990",
            "12 Januari 1990",
            "12 Jan 1990",
            "12 jan. 1990",
            "12-Jan-1990",
            "12 January 1990",
            "January 12, 1990",
            "Jumat, 12 Januari 1990",
            " 12 / 01 / 1990 ",
        ] {
            assert_eq!(p(s), Ok(d), "{s}");
        }
        assert_eq!(p("5/8/2001"), Ok(date!(2001 - 08 - 05)));
        assert_eq!(p("17 Agustus 1945"), Ok(date!(1945 - 08 - 17)));
        assert_eq!(p("1 Nopember 1980"), Ok(date!(1980 - 11 - 01)));
        assert_eq!(p("1 Mei 1980"), Ok(date!(1980 - 05 - 01)));
        assert_eq!(p("01-01-26"), Ok(date!(2026 - 01 - 01)));
        assert_eq!(p("01-01-27"), Ok(date!(1927 - 01 - 01)));
    }

    #[test]
    fn typed_errors() {
        assert_eq!(p(""), Err(DateError::Empty));
        assert_eq!(
            p("31/02/1990"),
            Err(DateError::NoSuchDate {
                day: 31,
                month: 2,
                year: 1990
            })
        );
        assert!(p("29/02/1992").is_ok());
        assert!(matches!(p("29/02/1991"), Err(DateError::NoSuchDate { .. })));
        assert_eq!(p("32/01/1990"), Err(DateError::DayOutOfRange(32)));
        assert_eq!(p("12/13/1990"), Err(DateError::MonthOutOfRange(13)));
        assert_eq!(
            p("12 Foo 1990"),
            Err(DateError::UnknownMonthName("foo".into()))
        );
        assert_eq!(p("12/01/199"), Err(DateError::BadYear("199".into())));
        assert!(matches!(
            p("kemarin"),
            Err(DateError::UnrecognisedFormat(_))
        ));
        assert!(matches!(p("12/01"), Err(DateError::UnrecognisedFormat(_))));
        assert!(matches!(
            p("12/01/1990 10:00"),
            Err(DateError::UnrecognisedFormat(_))
        ));
        assert!(!DateError::Empty.message_id().is_empty());
    }

    #[test]
    fn formats() {
        let d = date!(1990 - 01 - 02);
        assert_eq!(format_id(d), "02/01/1990");
        assert_eq!(format_iso(d), "1990-01-02");
        assert_eq!(format_long_id(d), "2 Januari 1990");
    }

    proptest! {
        #[test]
        fn never_panics(s in ".*") {
            let _ = parse_date(&s, 2026);
        }

        #[test]
        fn never_panics_on_date_like(s in "[0-9A-Za-z]{0,12}[ /.-][0-9A-Za-z]{0,12}[ /.-][0-9]{0,12}") {
            let _ = parse_date(&s, 2026);
        }

        #[test]
        fn round_trips(y in 1000i32..=9999, doy in 1u16..=365) {
            let d = Date::from_ordinal_date(y, doy).unwrap();
            prop_assert_eq!(parse_date(&format_id(d), 2026), Ok(d));
            prop_assert_eq!(parse_date(&format_iso(d), 2026), Ok(d));
            prop_assert_eq!(parse_date(&format_long_id(d), 2026), Ok(d));
        }
    }
}
