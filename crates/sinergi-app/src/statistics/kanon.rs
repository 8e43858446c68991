//! k-anonymity over case-level records: generalise the quasi-identifiers step by step (age band,
//! region level, period), then suppress the records whose combination of exported values is
//! still rarer than k, and report what was generalised and dropped.

use std::collections::BTreeMap;

/// Generalisation steps, finest first.
pub const LEVELS: [Level; 3] = [
    Level {
        age: AgeBands::Five,
        region: RegionLevel::KabupatenKota,
        period: Period::Month,
    },
    Level {
        age: AgeBands::Ten,
        region: RegionLevel::KabupatenKota,
        period: Period::Quarter,
    },
    Level {
        age: AgeBands::ChildAdult,
        region: RegionLevel::Province,
        period: Period::Year,
    },
];

/// How fine ages are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeBands {
    /// 0-8, 9-17, 18-24, then five years, 60+.
    Five,
    /// 0-17, 18-29, 30-39, 40-49, 50+.
    Ten,
    /// 0-17 and 18+.
    ChildAdult,
}

/// How fine regions are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionLevel {
    /// Kabupaten/kota code (`35.07`).
    KabupatenKota,
    /// Province code (`35`).
    Province,
}

/// How fine the registration date is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// `2026-03`.
    Month,
    /// `2026-Q1`.
    Quarter,
    /// `2026`.
    Year,
}

/// One generalisation step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    /// Age bands.
    pub age: AgeBands,
    /// Region level.
    pub region: RegionLevel,
    /// Period.
    pub period: Period,
}

impl Level {
    /// What this step does, in words (for the report).
    pub fn describe(&self) -> Vec<String> {
        vec![
            format!(
                "prs_AgeBroad: {}",
                match self.age {
                    AgeBands::Five =>
                        "bands 0-8, 9-17, 18-24, 25-29 … 55-59, 60+ (from the birth date)",
                    AgeBands::Ten => "bands 0-17, 18-29, 30-39, 40-49, 50+ (from the birth date)",
                    AgeBands::ChildAdult => "0-17 or 18+ (from the birth date)",
                }
            ),
            format!(
                "ext_RegionOfRegistration: {}",
                match self.region {
                    RegionLevel::KabupatenKota => "kabupaten/kota of the lead agency",
                    RegionLevel::Province => "province of the lead agency",
                }
            ),
            format!(
                "cas_IncomingReferralDate: {}",
                match self.period {
                    Period::Month => "month (yyyy-mm)",
                    Period::Quarter => "quarter (yyyy-Qn)",
                    Period::Year => "year",
                }
            ),
        ]
    }
}

/// The raw quasi-identifiers of one record before generalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawQuasi {
    /// Age in whole years at registration, when the birth date is known.
    pub age: Option<i32>,
    /// Region code of registration (any level), when known.
    pub region: Option<String>,
    /// Registration day `yyyy-mm-dd`.
    pub registered: String,
}

/// The age band of an age at a level.
pub fn age_band(age: Option<i32>, bands: AgeBands) -> String {
    let Some(a) = age.filter(|a| *a >= 0) else {
        return "Unknown".into();
    };
    match bands {
        AgeBands::Five => match a {
            0..=8 => "0-8".into(),
            9..=17 => "9-17".into(),
            18..=24 => "18-24".into(),
            60.. => "60+".into(),
            _ => {
                let lo = a / 5 * 5;
                format!("{lo}-{}", lo + 4)
            }
        },
        AgeBands::Ten => match a {
            0..=17 => "0-17".into(),
            18..=29 => "18-29".into(),
            50.. => "50+".into(),
            _ => {
                let lo = a / 10 * 10;
                format!("{lo}-{}", lo + 9)
            }
        },
        AgeBands::ChildAdult => if a < 18 { "0-17" } else { "18+" }.into(),
    }
}

/// The region at a level (`35.07.04` → `35.07` or `35`).
pub fn region_at(code: Option<&str>, level: RegionLevel) -> String {
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return "Unknown".into();
    };
    let parts: Vec<&str> = code.split('.').collect();
    match level {
        RegionLevel::KabupatenKota if parts.len() >= 2 => format!("{}.{}", parts[0], parts[1]),
        _ => parts[0].to_string(),
    }
}

/// The period of a `yyyy-mm-dd` day.
pub fn period_of(day: &str, period: Period) -> String {
    let year = day.get(..4).unwrap_or("Unknown");
    let month: u32 = day.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    match period {
        Period::Month if month > 0 => format!("{year}-{month:02}"),
        Period::Quarter if month > 0 => format!("{year}-Q{}", (month - 1) / 3 + 1),
        _ => year.to_string(),
    }
}

/// What anonymisation did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnonymisationReport {
    /// The k enforced.
    pub k: usize,
    /// Victim records read.
    pub records_in: usize,
    /// Records exported.
    pub records_out: usize,
    /// Records suppressed.
    pub suppressed_records: usize,
    /// Distinct combinations suppressed, each described by its generalised values.
    pub suppressed_combinations: Vec<String>,
    /// The generalisation applied, field by field.
    pub generalised: Vec<String>,
    /// Fields removed outright (direct identifiers).
    pub removed: Vec<String>,
    /// Generalisation step chosen (0 = finest).
    pub level: usize,
}

/// Anonymises rows: `rows[i]` holds the record's other exported values; `quasi[i]` its raw
/// quasi-identifiers. Chooses the finest level that suppresses at most 5 % of the records (the
/// coarsest when none does), then drops every record whose full exported combination occurs
/// fewer than `k` times. Returns the exported rows (generalised values first: age band,
/// region, period, then the others) and the report.
pub fn anonymise(
    rows: &[Vec<String>],
    quasi: &[RawQuasi],
    k: usize,
) -> (Vec<Vec<String>>, AnonymisationReport) {
    let k = k.max(1);
    let generalise = |level: &Level| -> Vec<Vec<String>> {
        rows.iter()
            .zip(quasi)
            .map(|(r, q)| {
                let mut out = vec![
                    age_band(q.age, level.age),
                    region_at(q.region.as_deref(), level.region),
                    period_of(&q.registered, level.period),
                ];
                out.extend(r.iter().cloned());
                out
            })
            .collect()
    };
    let count = |recs: &[Vec<String>]| {
        let mut m: BTreeMap<Vec<String>, usize> = BTreeMap::new();
        for r in recs {
            *m.entry(r.clone()).or_default() += 1;
        }
        m
    };
    let mut chosen = LEVELS.len() - 1;
    for (i, level) in LEVELS.iter().enumerate() {
        let recs = generalise(level);
        let rare: usize = count(&recs).values().filter(|c| **c < k).sum();
        if rare * 20 <= recs.len() {
            chosen = i;
            break;
        }
    }
    let recs = generalise(&LEVELS[chosen]);
    let counts = count(&recs);
    let mut report = AnonymisationReport {
        k,
        records_in: recs.len(),
        level: chosen,
        generalised: LEVELS[chosen].describe(),
        ..Default::default()
    };
    for (combo, c) in &counts {
        if *c < k {
            report.suppressed_records += c;
            report.suppressed_combinations.push(combo.join(" | "));
        }
    }
    let kept: Vec<Vec<String>> = recs
        .into_iter()
        .filter(|r| counts.get(r).is_some_and(|c| *c >= k))
        .collect();
    report.records_out = kept.len();
    (kept, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(age: i32, region: &str, day: &str) -> RawQuasi {
        RawQuasi {
            age: Some(age),
            region: Some(region.into()),
            registered: day.into(),
        }
    }

    #[test]
    fn bands_regions_and_periods() {
        assert_eq!(age_band(Some(16), AgeBands::Five), "9-17");
        assert_eq!(age_band(Some(27), AgeBands::Five), "25-29");
        assert_eq!(age_band(Some(33), AgeBands::Ten), "30-39");
        assert_eq!(age_band(Some(70), AgeBands::Ten), "50+");
        assert_eq!(age_band(None, AgeBands::Ten), "Unknown");
        assert_eq!(
            region_at(Some("35.07.04"), RegionLevel::KabupatenKota),
            "35.07"
        );
        assert_eq!(region_at(Some("35.07"), RegionLevel::Province), "35");
        assert_eq!(period_of("2026-05-17", Period::Quarter), "2026-Q2");
        assert_eq!(period_of("2026-05-17", Period::Month), "2026-05");
    }

    #[test]
    fn rare_combinations_are_generalised_then_suppressed() {
        let mut rows = Vec::new();
        let mut quasi = Vec::new();
        // 12 adults in two kabupaten, spread over a quarter: need generalisation to reach k=3.
        for i in 0..12 {
            rows.push(vec!["tppo".to_string()]);
            quasi.push(q(
                20 + i,
                if i % 2 == 0 { "35.07" } else { "35.73" },
                "2026-0{}-10",
            ));
        }
        for (i, qq) in quasi.iter_mut().enumerate() {
            qq.registered = format!("2026-0{}-10", 1 + i % 3);
        }
        // One child in another province: always rarer than k.
        rows.push(vec!["tppo".to_string()]);
        quasi.push(q(15, "33.01", "2026-02-01"));
        let (out, report) = anonymise(&rows, &quasi, 3);
        let counts = {
            let mut m: BTreeMap<&Vec<String>, usize> = BTreeMap::new();
            for r in &out {
                *m.entry(r).or_default() += 1;
            }
            m
        };
        assert!(counts.values().all(|c| *c >= 3), "{counts:?}");
        assert!(report.suppressed_records >= 1);
        assert!(
            report
                .suppressed_combinations
                .iter()
                .any(|c| c.starts_with("0-17"))
        );
        assert_eq!(
            report.records_out + report.suppressed_records,
            report.records_in
        );
        assert!(report.level > 0, "the finest level leaves everything rare");
    }

    #[test]
    fn k_of_one_keeps_everything_at_the_finest_level() {
        let rows = vec![vec!["a".to_string()]];
        let quasi = vec![q(30, "35.07.04", "2026-01-01")];
        let (out, report) = anonymise(&rows, &quasi, 1);
        assert_eq!(out.len(), 1);
        assert_eq!(report.level, 0);
    }
}
