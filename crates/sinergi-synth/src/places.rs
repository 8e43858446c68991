//! Where synthetic people live: every kecamatan and village of Jawa Timur from the region table,
//! weighted toward Malang Raya (the home region) and the PMI-sending kecamatan of Malang selatan.

use crate::rng::{Rng, Weighted};
use sinergi_domain::region::{self, JAWA_TIMUR, RegionCode, RegionLevel};

/// One kecamatan with its villages.
#[derive(Debug)]
pub struct Kecamatan {
    /// Kecamatan code (`35.07.04`).
    pub code: RegionCode,
    /// Kecamatan name.
    pub name: &'static str,
    /// Kabupaten/kota name (`Kabupaten Malang`).
    pub kabkota: &'static str,
    /// Villages: name and whether it is a kelurahan.
    pub villages: Vec<(&'static str, bool)>,
}

/// Kab. Malang kecamatan with the most PMI in 2024 (domain notes A1): weighted up.
const HOTSPOTS: [&str; 7] = [
    "35.07.04", "35.07.11", "35.07.05", "35.07.03", "35.07.09", "35.07.01", "35.07.29",
];

/// Other Jawa Timur kab/kota known as PMI-sending areas: weighted up a little.
const SENDING: [&str; 6] = ["35.05", "35.04", "35.02", "35.10", "35.09", "35.03"];

/// Jawa Timur's kecamatan, a weighted sampler over them, and the kab/kota names.
#[derive(Debug)]
pub struct Places {
    /// Every kecamatan of Jawa Timur.
    pub kecamatan: Vec<Kecamatan>,
    sampler: Weighted<usize>,
    /// Kab/kota names of Jawa Timur, for birth places elsewhere.
    pub kabkota: Vec<&'static str>,
}

impl Places {
    /// Reads the region table.
    pub fn new() -> Places {
        let kecamatan: Vec<Kecamatan> = region::descendants_at(JAWA_TIMUR, RegionLevel::Kecamatan)
            .map(|k| Kecamatan {
                code: k.code(),
                name: k.name(),
                kabkota: k.kabupaten_kota().map(|r| r.name()).unwrap_or(""),
                villages: region::children(k.code())
                    .map(|v| (v.name(), v.code().undotted().get(6..7) == Some("1")))
                    .collect(),
            })
            .filter(|k| !k.villages.is_empty())
            .collect();
        let weights = kecamatan.iter().enumerate().map(|(i, k)| {
            let dotted = k.code.to_string();
            // Malang Raya gets about 60% of people: 41 kecamatan against ~620 others.
            let w = if region::is_malang_raya(k.code) {
                if HOTSPOTS.contains(&dotted.as_str()) {
                    260
                } else if dotted.starts_with("35.07") {
                    150
                } else if dotted.starts_with("35.73") {
                    220
                } else {
                    180
                }
            } else if SENDING.iter().any(|s| dotted.starts_with(s)) {
                12
            } else {
                6
            };
            (i, w)
        });
        let sampler = Weighted::new(weights);
        let kabkota = region::children(JAWA_TIMUR).map(|r| r.name()).collect();
        Places {
            kecamatan,
            sampler,
            kabkota,
        }
    }

    /// A weighted random kecamatan index.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        self.sampler.sample(rng).copied().unwrap_or(0)
    }

    /// A uniformly random kecamatan index in the same kab/kota as `i`.
    pub fn neighbour(&self, rng: &mut Rng, i: usize) -> usize {
        let Some(k) = self.kecamatan.get(i) else {
            return 0;
        };
        // Kecamatan are sorted by code, so a kab/kota's kecamatan are contiguous.
        let parent = k.code.parent();
        let same = |j: &usize| self.kecamatan.get(*j).map(|x| x.code.parent()) == Some(parent);
        let start = (0..=i).rev().take_while(same).last().unwrap_or(i);
        let end = (i..self.kecamatan.len())
            .take_while(same)
            .last()
            .unwrap_or(i);
        start + rng.below(end - start + 1)
    }
}

impl Default for Places {
    fn default() -> Self {
        Places::new()
    }
}

/// The short form of a kab/kota name as written for a birth place (`Kabupaten Malang` → `Malang`).
pub fn short_kabkota(name: &str) -> &str {
    name.strip_prefix("Kabupaten ")
        .or_else(|| name.strip_prefix("Kota "))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_jawa_timur_and_favours_malang_raya() {
        let p = Places::new();
        assert!(p.kecamatan.len() > 600);
        assert_eq!(p.kabkota.len(), 38);
        let mut r = Rng::new(11);
        let n = 20_000;
        let mr = (0..n)
            .filter(|_| region::is_malang_raya(p.kecamatan[p.sample(&mut r)].code))
            .count();
        let share = mr as f64 / n as f64;
        assert!((0.5..0.7).contains(&share), "{share}");
        assert_eq!(short_kabkota("Kabupaten Malang"), "Malang");
        assert_eq!(short_kabkota("Kota Batu"), "Batu");
    }
}
