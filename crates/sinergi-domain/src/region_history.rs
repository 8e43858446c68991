//! Historical region codes: codes that valid NIKs still carry but the current list no longer has.
//!
//! A NIK keeps the kecamatan code of its first issue for life (UU 23/2006 jo UU 24/2013 Pasal 13),
//! even after the region was split or renumbered: NIKs from Nunukan and Tarakan issued before
//! Kalimantan Utara (UU 20/2012) start with `64`, NIKs from Merauke issued before Papua Selatan
//! (UU 14/2022) start with `91.01`. The table `data/wilayah/historical_codes.csv` lists such codes,
//! the code lists they appear in and the code the same region carries today. [`classify`] tells
//! whether a NIK's region is current, historical or unknown; an unknown region is a warning an
//! officer may accept, never a silent refusal.

use crate::region::{self, Region, RegionCode, RegionLevel};
use std::sync::OnceLock;

const CSV: &str = include_str!("../../../data/wilayah/historical_codes.csv");

/// A code from an earlier code list that the current list no longer has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoricalCode {
    /// The old code.
    pub code: RegionCode,
    /// Name of the region when the code was in use.
    pub name: &'static str,
    /// The code lists it appears in (e.g. `permendagri-56-2015`, `kepmendagri-050-145-2022`).
    pub listed_in: Vec<&'static str>,
    /// The current code of the same region, when one successor is known.
    pub became: Option<RegionCode>,
    /// Not confirmed in a source (see `data/wilayah/NOTICE.md`).
    pub unsure: bool,
}

impl HistoricalCode {
    /// The current region the code became, if known and in the current list.
    pub fn successor(&self) -> Option<&'static Region> {
        self.became.and_then(region::lookup)
    }
}

fn table() -> &'static [HistoricalCode] {
    static TABLE: OnceLock<Vec<HistoricalCode>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows: Vec<HistoricalCode> = CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut p = line.split(',');
                let code = RegionCode::parse(p.next()?).ok()?;
                let _level = p.next()?;
                let name = p.next()?.trim();
                let listed_in = p.next()?.split_whitespace().collect();
                let became = RegionCode::parse(p.next()?).ok();
                let unsure = p.next()? == "true";
                Some(HistoricalCode {
                    code,
                    name,
                    listed_in,
                    became,
                    unsure,
                })
            })
            .collect();
        rows.sort_by_key(|r| r.code);
        rows
    })
}

/// Every historical code, sorted by code.
pub fn all() -> &'static [HistoricalCode] {
    table()
}

/// The historical entry of exactly this code.
pub fn lookup(code: RegionCode) -> Option<&'static HistoricalCode> {
    let t = table();
    t.binary_search_by_key(&code, |r| r.code)
        .ok()
        .and_then(|i| t.get(i))
}

/// What the region digits (1-6) of a NIK are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NikRegion {
    /// The kecamatan is in the current code list.
    Current(&'static Region),
    /// The code is from an earlier list: the NIK is valid. `entry` is the most specific
    /// historical entry (the kecamatan's, else its kabupaten/kota's); when only the
    /// kabupaten/kota is listed the kecamatan digits cannot be checked.
    Historical {
        /// The historical entry.
        entry: &'static HistoricalCode,
        /// Whether the kecamatan digits were checked (`false`: only the kab/kota is known).
        kecamatan_checked: bool,
    },
    /// Neither list has the code: a warning an officer may accept. `level` is the first level
    /// that is unknown.
    Unknown {
        /// First unknown level.
        level: RegionLevel,
        /// The code at that level.
        code: RegionCode,
    },
}

impl NikRegion {
    /// Whether the region is known (current or historical).
    pub fn is_known(self) -> bool {
        !matches!(self, NikRegion::Unknown { .. })
    }

    /// Stable key for translation: `current`, `historical`, `unknown`.
    pub fn key(self) -> &'static str {
        match self {
            NikRegion::Current(_) => "current",
            NikRegion::Historical { .. } => "historical",
            NikRegion::Unknown { .. } => "unknown",
        }
    }
}

/// Classifies a kecamatan code (NIK digits 1-6).
pub fn classify(kecamatan: RegionCode) -> NikRegion {
    if let Some(r) = region::lookup(kecamatan) {
        return NikRegion::Current(r);
    }
    if let Some(entry) = lookup(kecamatan) {
        return NikRegion::Historical {
            entry,
            kecamatan_checked: true,
        };
    }
    let prov = kecamatan.truncate(RegionLevel::Provinsi);
    let kab = kecamatan.truncate(RegionLevel::KabupatenKota);
    if let Some(entry) = kab.and_then(lookup) {
        // Only the kab/kota is listed as historical when its kecamatan are not (Kaltara before
        // 2012): any kecamatan digits are accepted.
        let kecamatan_listed = table().iter().any(|h| {
            h.code.level() == RegionLevel::Kecamatan && kab.is_some_and(|k| h.code.is_within(k))
        });
        if !kecamatan_listed {
            return NikRegion::Historical {
                entry,
                kecamatan_checked: false,
            };
        }
        return NikRegion::Unknown {
            level: RegionLevel::Kecamatan,
            code: kecamatan,
        };
    }
    for (level, code) in [
        (RegionLevel::Provinsi, prov),
        (RegionLevel::KabupatenKota, kab),
    ] {
        if let Some(c) = code
            && region::lookup(c).is_none()
            && lookup(c).is_none()
        {
            return NikRegion::Unknown { level, code: c };
        }
    }
    NikRegion::Unknown {
        level: RegionLevel::Kecamatan,
        code: kecamatan,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).expect("code")
    }

    #[test]
    fn the_table_parses_and_every_successor_is_current() {
        assert!(all().len() > 600, "{} rows", all().len());
        for h in all() {
            assert!(region::lookup(h.code).is_none(), "{} is current", h.code);
            if let Some(b) = h.became {
                assert!(region::lookup(b).is_some(), "{} -> {b} unknown", h.code);
                assert_eq!(b.level(), h.code.level());
            }
            assert!(!h.listed_in.is_empty());
        }
    }

    #[test]
    fn papua_before_2022_became_papua_selatan() {
        let NikRegion::Historical {
            entry,
            kecamatan_checked,
        } = classify(code("91.01.01"))
        else {
            panic!("historical")
        };
        assert!(kecamatan_checked);
        assert_eq!(entry.name, "Merauke");
        let now = entry.successor().expect("successor");
        assert_eq!(now.code().to_string().get(..5), Some("93.01"));
        assert!(entry.listed_in.contains(&"kepmendagri-050-145-2022"));
        assert!(!entry.unsure);
    }

    #[test]
    fn nunukan_before_kaltara_is_historical_but_unsure() {
        let NikRegion::Historical {
            entry,
            kecamatan_checked,
        } = classify(code("64.05.02"))
        else {
            panic!("historical")
        };
        assert!(!kecamatan_checked);
        assert!(entry.unsure);
        assert_eq!(entry.became, Some(code("65.03")));
        assert_eq!(
            entry.successor().map(|r| r.name()),
            Some("Kabupaten Nunukan")
        );
    }

    #[test]
    fn current_and_unknown_codes() {
        assert!(matches!(classify(code("35.07.04")), NikRegion::Current(_)));
        assert_eq!(
            classify(code("99.01.01")),
            NikRegion::Unknown {
                level: RegionLevel::Provinsi,
                code: code("99")
            }
        );
        assert_eq!(
            classify(code("35.98.01")),
            NikRegion::Unknown {
                level: RegionLevel::KabupatenKota,
                code: code("35.98")
            }
        );
        assert_eq!(
            classify(code("35.07.99")),
            NikRegion::Unknown {
                level: RegionLevel::Kecamatan,
                code: code("35.07.99")
            }
        );
        // A Papua kab/kota whose kecamatan are listed: an unlisted kecamatan stays unknown.
        assert!(!classify(code("91.01.99")).is_known());
    }

    #[test]
    fn niks_with_historical_codes_are_valid_and_unknown_ones_can_be_accepted() {
        use crate::nik::Nik;
        let merauke = Nik::parse("9101014101900001").expect("a 2018 Merauke NIK is valid");
        assert!(matches!(
            merauke.region_status(),
            NikRegion::Historical { .. }
        ));
        assert_eq!(merauke.kabupaten_kota_name(), "Kabupaten Merauke");
        let tarakan = Nik::parse("6473011201850003").expect("a 2010 Tarakan NIK is valid");
        assert_eq!(tarakan.kabupaten_kota_name(), "Kota Tarakan");
        let err = Nik::parse("9901011201850003").expect_err("unknown province");
        assert!(err.is_region_warning());
        let accepted = Nik::parse_accepting_unknown_region("9901011201850003").expect("accepted");
        assert!(!accepted.region_status().is_known());
        let bad_date = Nik::parse_accepting_unknown_region("9901013201850003");
        assert!(bad_date.is_err(), "other checks still apply");
        assert!(!bad_date.expect_err("day").is_region_warning());
    }
}
