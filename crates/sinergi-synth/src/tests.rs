//! Tests of the generator as a whole: determinism, shape, ground truth, realism.

use super::*;
use sinergi_domain::dates::parse_date;
use sinergi_domain::nik::Stated;
use sinergi_domain::phone::Phone;
use sinergi_domain::region::{self, JAWA_TIMUR, RegionCode};
use std::collections::{HashMap, HashSet};

fn rows(n: u64, seed: u64) -> Vec<SynthPerson> {
    Synth::new(SynthConfig { n, seed }).collect()
}

fn csv_bytes(n: u64, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    write_csv(SynthConfig { n, seed }, &mut out).unwrap();
    out
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = csv_bytes(3000, 42);
    assert_eq!(a, csv_bytes(3000, 42));
    assert_ne!(a, csv_bytes(3000, 43));
}

#[test]
fn exact_row_count_header_and_ids() {
    let bytes = csv_bytes(2500, 1);
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, HEADER);
    let mut n = 0u64;
    for rec in r.records() {
        let rec = rec.unwrap();
        n += 1;
        assert_eq!(rec.len(), 10);
        assert_eq!(rec[0].parse::<u64>().unwrap(), n);
    }
    assert_eq!(n, 2500);
    assert_eq!(rows(0, 1).len(), 0);
    assert_eq!(rows(1, 1).len(), 1);
}

#[test]
fn share_of_rows_in_multi_row_entities() {
    let mut s = Synth::new(SynthConfig { n: 50_000, seed: 7 });
    let mut per_entity: HashMap<u64, u32> = HashMap::new();
    for p in s.by_ref() {
        *per_entity.entry(p.entity_id).or_default() += 1;
    }
    let stats = s.stats();
    assert_eq!(stats.rows, 50_000);
    assert_eq!(stats.entities, per_entity.len() as u64);
    let multi: u32 = per_entity.values().filter(|k| **k > 1).sum();
    assert_eq!(u64::from(multi), stats.rows_in_multi_row_entities);
    let share = f64::from(multi) / 50_000.0;
    assert!((0.30..=0.40).contains(&share), "{share}");
    assert!(per_entity.values().all(|k| (1..=5).contains(k)));
}

#[test]
fn clean_niks_are_valid_and_consistent() {
    let mut clean = 0;
    for p in rows(20_000, 3) {
        let region = RegionCode::parse(&p.region_code).unwrap();
        assert!(region.is_within(JAWA_TIMUR));
        assert!(region::lookup(region).is_some(), "{}", p.region_code);
        let corrupted = p.noise.contains(Noise::NIK_DIGIT_TYPO)
            || p.noise.contains(Noise::NIK_TRANSPOSED)
            || p.noise.contains(Noise::NIK_MISSING);
        if corrupted {
            continue;
        }
        let nik = Nik::parse(&p.nik).unwrap_or_else(|e| panic!("{} {e}", p.nik));
        let date_noisy =
            p.noise.contains(Noise::DATE_SWAPPED) || p.noise.contains(Noise::DATE_YEAR_OFF);
        let stated = Stated {
            birth_date: if date_noisy {
                None
            } else {
                parse_date(&p.birth_date, 2026).ok()
            },
            sex: Sex::parse(&p.sex).ok(),
            region_code: None,
        };
        assert!(
            nik.check_against(&stated).is_empty(),
            "{p:?} {:?}",
            nik.check_against(&stated)
        );
        let y = nik.birth_date(2026).year();
        assert!((1960..=2007).contains(&y), "{y}");
        if !p.birth_date.is_empty() {
            assert!(parse_date(&p.birth_date, 2026).is_ok(), "{}", p.birth_date);
        }
        clean += 1;
    }
    assert!(clean > 17_000, "{clean}");
}

#[test]
fn niks_are_unique_per_entity() {
    let mut owner: HashMap<String, u64> = HashMap::new();
    for p in rows(30_000, 5) {
        if p.nik.is_empty()
            || p.noise.contains(Noise::NIK_DIGIT_TYPO)
            || p.noise.contains(Noise::NIK_TRANSPOSED)
        {
            continue;
        }
        let nik = p.nik.replace(' ', "");
        let e = *owner.entry(nik.clone()).or_insert(p.entity_id);
        assert_eq!(e, p.entity_id, "NIK {nik} used by two entities");
    }
}

#[test]
fn every_written_phone_parses() {
    for p in rows(10_000, 9) {
        if !p.phone.is_empty() {
            let ph = Phone::parse(&p.phone).unwrap_or_else(|e| panic!("{} {e}", p.phone));
            assert!(ph.is_mobile());
        }
    }
}

#[test]
fn common_names_and_shared_phones_span_different_people() {
    let all = rows(30_000, 11);
    let mut by_name: HashMap<String, HashSet<u64>> = HashMap::new();
    let mut by_phone: HashMap<String, HashSet<u64>> = HashMap::new();
    for p in &all {
        by_name
            .entry(p.full_name.to_lowercase())
            .or_default()
            .insert(p.entity_id);
        if let Ok(ph) = Phone::parse(&p.phone) {
            by_phone
                .entry(ph.e164().to_string())
                .or_default()
                .insert(p.entity_id);
        }
    }
    let busiest = by_name.values().map(HashSet::len).max().unwrap_or(0);
    assert!(busiest >= 10, "most common name has only {busiest} people");
    let shared_names = by_name.values().filter(|s| s.len() > 1).count();
    assert!(shared_names > 100, "{shared_names}");
    let shared_phones = by_phone.values().filter(|s| s.len() > 1).count();
    assert!(shared_phones > 20, "{shared_phones}");
    let malang = all
        .iter()
        .filter(|p| region::is_malang_raya(RegionCode::parse(&p.region_code).unwrap()))
        .count();
    let share = malang as f64 / all.len() as f64;
    assert!((0.5..0.75).contains(&share), "{share}");
}

#[test]
fn variants_show_up() {
    let all = rows(30_000, 13);
    let mut seen = Noise::default();
    for p in &all {
        seen.0 |= p.noise.0;
    }
    for (flag, name) in Noise::ALL {
        assert!(seen.contains(flag), "no row with {name}");
    }
    let text: String = all
        .iter()
        .map(|p| p.full_name.as_str())
        .collect::<Vec<_>>()
        .join("|");
    for needle in ["Moch.", "M. ", "St. ", "Abd.", "Hj. "] {
        assert!(
            text.contains(needle) || text.contains(&needle.to_uppercase()),
            "{needle}"
        );
    }
    let addresses: String = all.iter().map(|p| p.address.as_str()).collect();
    for needle in [
        "Jl.", "Jln.", "Jalan", "Ds.", "Desa", "Kec.", "RT/RW", "RT.",
    ] {
        assert!(addresses.contains(needle), "{needle}");
    }
}

#[test]
fn demo_people_are_valid() {
    let demo = demo_people();
    assert!(demo.len() >= 5);
    for p in &demo {
        if p.nik.is_empty() {
            continue;
        }
        let nik = Nik::parse(&p.nik).unwrap();
        let stated = Stated {
            birth_date: Some(parse_date(&p.birth_date, 2026).unwrap()),
            sex: Some(Sex::parse(&p.sex).unwrap()),
            region_code: Some(RegionCode::parse(&p.region_code).unwrap()),
        };
        assert!(nik.check_against(&stated).is_empty(), "{p:?}");
        assert!(Phone::parse(&p.phone).is_ok());
    }
    assert_eq!(demo, demo_people());
}
