//! Names-only screening: ties broken by the written form, short names with a
//! typo and words run together still retrieved, initials standing for a
//! given name when phone and address agree.

use super::{fixture, headers};
use sinergi_match::input::read;
use sinergi_match::model::SplitMix;
use sinergi_match::progress::Silent;
use sinergi_match::{LinkOptions, Model, Schema, ScreeningIndex, dedupe};

/// Syllables of the filler names (none starts a word like the names looked for).
const SYL: &[&str] = &[
    "ji", "su", "har", "to", "no", "sa", "ri", "ma", "di", "yo", "ko", "ra", "ha", "yu", "nur",
    "ai", "ni", "bu", "ti", "dar", "sih",
];

/// A names-only watchlist: the given names, then `n` random two-word names.
fn names_index(given: &[&str], n: usize) -> ScreeningIndex {
    let schema = Schema::from_headers(&["id", "full_name"], None);
    let mut idx = ScreeningIndex::new(schema.clone(), Model::defaults(&schema));
    let mut rng = SplitMix(5);
    let word = |rng: &mut SplitMix| -> String {
        let k = 2 + rng.below(2);
        let w: String = (0..k).map(|_| SYL[rng.below(SYL.len())]).collect();
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    };
    for (i, g) in given.iter().enumerate() {
        let (r, _) = idx.prepare(&format!("g{i}"), &[Some(g)]);
        idx.insert(r);
    }
    for i in 0..n {
        let name = format!("{} {}", word(&mut rng), word(&mut rng));
        let (r, _) = idx.prepare(&format!("n{i}"), &[Some(&name)]);
        idx.insert(r);
    }
    idx
}

fn top(idx: &ScreeningIndex, q: &str, k: usize) -> Vec<String> {
    let (r, _) = idx.prepare("q", &[Some(q)]);
    idx.search(&r, k).into_iter().map(|h| h.entry_id).collect()
}

#[test]
fn equally_good_names_rank_by_their_written_form() {
    let idx = names_index(
        &[
            "Sukarno Yusuf",
            "Soekarno Joesoef",
            "Cahyo",
            "H. CAHYO",
            "Soekarno Yoesoef",
        ],
        2000,
    );
    assert_eq!(top(&idx, "Soekarno Joesoef", 3)[0], "g1");
    assert_eq!(top(&idx, "Sukarno Yusuf", 3)[0], "g0");
    assert_eq!(top(&idx, "H. Cahyo", 2), ["g3", "g2"]);
    assert_eq!(top(&idx, "Cahyo", 2), ["g2", "g3"]);
}

#[test]
fn short_names_with_a_typo_and_words_run_together_are_retrieved() {
    let idx = names_index(
        &["Wiji", "Rahayu Susanti", "Sri Rahayu", "Tri Wahyuni"],
        5000,
    );
    assert!(top(&idx, "WIBI", 5).contains(&"g0".to_owned()));
    assert!(top(&idx, "Wuji", 5).contains(&"g0".to_owned()));
    for q in [
        "RahayuSusanti",
        "RAHAYUSUSANTI",
        "SUSANTIRAHAYU",
        "rahayu susanty",
    ] {
        assert!(top(&idx, q, 5).contains(&"g1".to_owned()), "{q}");
    }
    // The other way round: the entry is run together, the query is not.
    let idx = names_index(&["TRIWAHYUNI"], 5000);
    assert!(top(&idx, "Tri Wahyuni", 5).contains(&"g0".to_owned()));
}

#[test]
fn an_initial_stands_for_the_given_name_when_phone_and_address_agree() {
    let (mut csv, _) = fixture(400, 3);
    csv = csv.replace(
        "id,full_name,birth_date,sex,nik,phone,address\n",
        "id,full_name,birth_date,sex,nik,phone,address\n\
         x1,E. NURAINI,,,,081377712345,Jl. Melati 12 RT 3 RW 4 Sukamaju\n\
         x2,Empluk Nuraini,,,,0813-7771-2345,Jalan Melati No. 12 RT 03/RW 04 Sukamaju\n\
         x3,H. Simanjuntak,,,,081299918877,Jl. Sisingamangaraja 7 Medan\n\
         x4,Harjasa Simanjuntak,,,,+6281299918877,Jl. Sisingamangaraja No 7 Medan\n\
         x5,E. Nuraini,,,,081355524680,Jl. Kenanga 3 Bandung\n\
         x6,Endang Nuraini,,,,081366635791,Jl. Mawar 9 Bogor\n",
    );
    let schema = Schema::from_headers(&headers(&csv), None);
    let data = read(csv.as_bytes(), &schema, &Silent).expect("fixture reads");
    let result = dedupe(&schema, &data.records, &LinkOptions::default(), &Silent);
    let pos = |id: &str| data.records.iter().position(|r| &*r.id == id);
    let same = |a: &str, b: &str| match (pos(a), pos(b)) {
        (Some(x), Some(y)) => result.clusters[x] == result.clusters[y],
        _ => false,
    };
    assert!(same("x1", "x2"), "E. NURAINI / Empluk Nuraini");
    assert!(same("x3", "x4"), "H. Simanjuntak / Harjasa Simanjuntak");
    assert!(!same("x5", "x6"), "an initial alone, nothing else shared");
}
