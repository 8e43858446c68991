//! Seeded synthetic Indonesian people of Jawa Timur, with ground truth, for the demo, tests and
//! record-linkage benchmarks.
//!
//! Key design decision: **one seed, one byte-identical file, streamed**. Randomness comes from an
//! own xoshiro256** ([`rng`]), not from a crate whose stream could change between versions, and
//! rows are produced entity by entity through a small shuffle window, so 1M rows never sit in
//! memory (the only state that grows is a map of NIK serials, one `u64 → u16` entry per birth-date
//! cell).
//!
//! Every row is one agency's record of a person; `entity_id` is the truth. Most entities have one
//! row; about 35% of rows belong to entities with 2-5 rows, each written differently the way
//! agencies do (spelling, `Muhammad` variants, short forms, titles, order swaps, typos, missing
//! fields, phone and date formats, address abbreviations). Common names are deliberately common,
//! and some different people share a phone (family, a recruiter's number) or an address
//! (household), so that a linker which chains on a name or a phone alone is caught out.
//!
//! Columns of [`write_csv`]: `id,entity_id,full_name,birth_date,sex,birth_place,nik,phone,address,region_code`
//! - `birth_date` mostly `dd/mm/yyyy`, some `yyyy-mm-dd`, `d/m/yyyy`, `dd-mm-yyyy`, `12 Januari 1990`;
//! - `sex` mostly `L`/`P`, some `Laki-laki`/`Perempuan`;
//! - `birth_place` a kab/kota name as written on a KTP (`MALANG`, `Kab. Malang`, `Blitar`);
//! - `region_code` the dotted Kemendagri kecamatan code of the home (`35.07.04`); the NIK's region is
//!   where it was first issued, which differs for about 10% of people (they moved).
//!
//! Empty cells are missing values. Only synthetic data: names are drawn from tables of common given
//! and family names, numbers are random; no row describes a real person.
//!
//! Throughput, measured with
//! `cargo run --release -p sinergi-synth --example synth_file -- 1000000 1 /tmp/people.csv`
//! (or `sinergi synth --n 1000000 --seed 1 --output /tmp/people.csv`): see [`THROUGHPUT_NOTE`].

pub mod address;
pub mod names;
pub mod places;
pub mod rng;

mod demo;
mod record;

pub use demo::demo_people;
pub use record::{Noise, SynthError, SynthPerson, SynthStats};

use address::Home;
use names::{NameTables, write_name};
use places::{Places, short_kabkota};
use rng::{Rng, Weighted};
use sinergi_domain::dates::{format_id, format_iso, format_long_id};
use sinergi_domain::nik::{Nik, Sex};
use std::collections::HashMap;
use std::io::Write;
use time::Date;

/// Measured throughput, written down so that a regression is noticed.
pub const THROUGHPUT_NOTE: &str = "about 430k-515k rows/s single-threaded: 1M rows (~150 MB) in 1.9-2.4 s wall, 1.85 s CPU, ~31 MB peak RSS (release, shared 2-core machine under load, rustc 1.95)";

/// The CSV header, in column order.
pub const HEADER: [&str; 10] = [
    "id",
    "entity_id",
    "full_name",
    "birth_date",
    "sex",
    "birth_place",
    "nik",
    "phone",
    "address",
    "region_code",
];

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthConfig {
    /// Number of rows (records), not entities.
    pub n: u64,
    /// Seed: the same seed gives the same rows.
    pub seed: u64,
}

/// The truth about one entity.
#[derive(Debug, Clone)]
struct Entity {
    id: u64,
    sex: Sex,
    birth: Date,
    tokens: Vec<String>,
    old_spelling: bool,
    /// `None` only if the region table failed to give a valid code (never in practice).
    nik: Option<Nik>,
    /// National digits without the trunk 0 (`81234567890`).
    phone: String,
    home: Home,
    home_code: String,
    home_idx: usize,
    birth_place: &'static str,
    shared: Noise,
}

/// How many rows entities get: ~83% one row, the rest 2-5, so ~35% of rows are in multi-row
/// entities.
const ROWS_PER_ENTITY: [(usize, u64); 5] = [(1, 830), (2, 90), (3, 45), (4, 20), (5, 15)];

/// Mobile prefixes (after the 0) with rough market weights.
const MOBILE_PREFIXES: [(&str, u64); 16] = [
    ("812", 14),
    ("813", 10),
    ("821", 8),
    ("822", 8),
    ("852", 8),
    ("853", 6),
    ("856", 6),
    ("857", 8),
    ("858", 4),
    ("877", 5),
    ("878", 4),
    ("819", 3),
    ("838", 4),
    ("895", 4),
    ("896", 3),
    ("881", 3),
];

/// Rows shuffled within this window, so rows of one entity are not always adjacent.
const WINDOW: usize = 512;

/// A streaming iterator over synthetic rows.
#[derive(Debug)]
pub struct Synth {
    config: SynthConfig,
    rng: Rng,
    names: NameTables,
    places: Places,
    rows_per_entity: Weighted<usize>,
    prefixes: Weighted<&'static str>,
    /// Next free NIK serial per 12-digit NIK prefix (region + encoded date).
    serials: HashMap<u64, u16>,
    /// Recent entities, for households and family phones.
    recent: Vec<Entity>,
    recruiter_phones: Vec<String>,
    produced: u64,
    next_id: u64,
    next_entity: u64,
    buffer: Vec<SynthPerson>,
    stats: SynthStats,
}

impl Synth {
    /// A generator for `config`.
    pub fn new(config: SynthConfig) -> Synth {
        let mut rng = Rng::new(config.seed);
        let prefixes = Weighted::new(MOBILE_PREFIXES);
        let recruiter_phones = (0..40)
            .map(|_| random_mobile(&mut rng, &prefixes))
            .collect();
        Synth {
            config,
            rng,
            names: NameTables::new(),
            places: Places::new(),
            rows_per_entity: Weighted::new(ROWS_PER_ENTITY),
            prefixes,
            serials: HashMap::new(),
            recent: Vec::with_capacity(256),
            recruiter_phones,
            produced: 0,
            next_id: 1,
            next_entity: 1,
            buffer: Vec::with_capacity(WINDOW + 8),
            stats: SynthStats::default(),
        }
    }

    /// Counts so far (final once the iterator is exhausted).
    pub fn stats(&self) -> SynthStats {
        self.stats
    }

    fn entity(&mut self) -> Entity {
        let rng = &mut self.rng;
        let id = self.next_entity;
        self.next_entity += 1;
        let sex = if rng.chance(0.5) {
            Sex::Male
        } else {
            Sex::Female
        };
        // Birth years 1960-2007, most between 1980 and 2002 (working-age migrants).
        let year = if rng.chance(0.7) {
            1980 + rng.below(23) as i32
        } else {
            1960 + rng.below(48) as i32
        };
        let days = if time::util::is_leap_year(year) {
            366
        } else {
            365
        };
        let birth = Date::from_ordinal_date(year, rng.range(1, days) as u16).unwrap_or(Date::MIN);
        let mut tokens = self.names.person(rng, sex, year);
        let old_spelling = year < 1978 && rng.chance(0.25);
        if old_spelling {
            let mask = 0b0111_1111 & (rng.next_u64() as u8 | 0b0100_0000);
            tokens = tokens
                .iter()
                .map(|t| names::old_spelling(t, mask))
                .collect();
        }
        let mut shared = Noise::default();
        // Household: share a recent person's home (and often their phone).
        let household = if !self.recent.is_empty() && rng.chance(0.03) {
            self.recent.get(rng.below(self.recent.len())).cloned()
        } else {
            None
        };
        let (home, home_code, home_idx) = match &household {
            Some(h) => {
                shared.0 |= Noise::SHARED_ADDRESS.0;
                (h.home.clone(), h.home_code.clone(), h.home_idx)
            }
            None => {
                let idx = self.places.sample(rng);
                let home = match self.places.kecamatan.get(idx) {
                    Some(k) => {
                        let (desa, kel) = rng.pick(&k.villages).copied().unwrap_or(("", false));
                        Home::random(rng, desa, kel, k.name, k.kabkota)
                    }
                    None => Home::random(rng, "", false, "", ""),
                };
                let code = self
                    .places
                    .kecamatan
                    .get(idx)
                    .map(|k| k.code.to_string())
                    .unwrap_or_default();
                (home, code, idx)
            }
        };
        // The NIK region is where it was first issued: usually home, sometimes elsewhere.
        let nik_idx = if rng.chance(0.10) {
            shared.0 |= Noise::NIK_REGION_MOVED.0;
            if rng.chance(0.5) {
                self.places.neighbour(rng, home_idx)
            } else {
                self.places.sample(rng)
            }
        } else {
            home_idx
        };
        let nik_code = self
            .places
            .kecamatan
            .get(nik_idx)
            .map(|k| k.code)
            .unwrap_or(sinergi_domain::region::MALANG_RAYA[0]);
        // Unique serial per (region, encoded date): the next free one, with small gaps.
        let day = u64::from(birth.day()) + if sex == Sex::Female { 40 } else { 0 };
        let prefix = nik_code.as_number() * 1_000_000
            + day * 10_000
            + u64::from(u8::from(birth.month())) * 100
            + (birth.year().rem_euclid(100)) as u64;
        let gap = rng.below(3) as u16;
        let slot = self.serials.entry(prefix).or_insert(0);
        let serial = slot.saturating_add(1 + gap).min(9999);
        *slot = serial;
        let nik = Nik::from_parts(nik_code, birth, sex, serial).ok();
        let phone = if rng.chance(0.006) {
            shared.0 |= Noise::SHARED_PHONE.0;
            rng.pick(&self.recruiter_phones)
                .cloned()
                .unwrap_or_default()
        } else if let Some(h) = household.as_ref().filter(|_| rng.chance(0.5)) {
            shared.0 |= Noise::SHARED_PHONE.0;
            h.phone.clone()
        } else {
            random_mobile(rng, &self.prefixes)
        };
        let birth_place = if rng.chance(0.85) {
            self.places
                .kecamatan
                .get(nik_idx)
                .map(|k| k.kabkota)
                .unwrap_or("Kabupaten Malang")
        } else {
            rng.pick(&self.places.kabkota)
                .copied()
                .unwrap_or("Kota Malang")
        };
        let e = Entity {
            id,
            sex,
            birth,
            tokens,
            old_spelling,
            nik,
            phone,
            home,
            home_code,
            home_idx,
            birth_place,
            shared,
        };
        if self.recent.len() < 256 {
            self.recent.push(e.clone());
        } else {
            let i = self.rng.below(256);
            if let Some(slot) = self.recent.get_mut(i) {
                *slot = e.clone();
            }
        }
        e
    }

    fn row(&mut self, e: &Entity, index: usize) -> SynthPerson {
        let rng = &mut self.rng;
        // The first record of a person is written with less variation than later ones.
        let scale = if index == 0 { 0.4 } else { 1.0 };
        let later = index > 0;
        let name = write_name(
            &self.names,
            rng,
            &e.tokens,
            e.old_spelling,
            e.sex,
            e.birth.year(),
            scale,
        );
        let mut noise = Noise(name.noise | e.shared.0);
        let mut flag = |n: Noise| noise.0 |= n.0;

        let birth_date = if rng.chance(if later { 0.06 } else { 0.02 }) {
            flag(Noise::DATE_MISSING);
            String::new()
        } else {
            let mut d = e.birth;
            if rng.chance(0.01) && d.day() <= 12 && d.day() != u8::from(d.month()) {
                if let Ok(m) = time::Month::try_from(d.day())
                    && let Ok(x) = Date::from_calendar_date(d.year(), m, u8::from(d.month()))
                {
                    d = x;
                    flag(Noise::DATE_SWAPPED);
                }
            } else if rng.chance(0.006)
                && let Ok(x) = d.replace_year(d.year() + if rng.chance(0.5) { 1 } else { -1 })
            {
                d = x;
                flag(Noise::DATE_YEAR_OFF);
            }
            let r = rng.unit();
            if r < 0.80 {
                format_id(d)
            } else if r < 0.90 {
                format_iso(d)
            } else if r < 0.94 {
                format!("{}/{}/{}", d.day(), u8::from(d.month()), d.year())
            } else if r < 0.97 {
                format!("{:02}-{:02}-{}", d.day(), u8::from(d.month()), d.year())
            } else {
                format_long_id(d)
            }
        };

        let sex = if rng.chance(0.03) {
            flag(Noise::SEX_MISSING);
            String::new()
        } else if rng.chance(0.1) {
            e.sex.name_id().to_string()
        } else {
            e.sex.code().to_string()
        };

        let birth_place = if rng.chance(0.05) {
            flag(Noise::BIRTH_PLACE_MISSING);
            String::new()
        } else {
            let short = short_kabkota(e.birth_place);
            let r = rng.unit();
            if r < 0.5 {
                short.to_uppercase()
            } else if r < 0.85 {
                short.to_string()
            } else if e.birth_place.starts_with("Kabupaten ") {
                format!("Kab. {short}")
            } else {
                e.birth_place.to_string()
            }
        };

        let nik = if e.nik.is_none() || rng.chance(if later { 0.08 } else { 0.03 }) {
            flag(Noise::NIK_MISSING);
            String::new()
        } else {
            let mut d: Vec<u8> = e
                .nik
                .map(|n| n.to_string())
                .unwrap_or_default()
                .into_bytes();
            let r = rng.unit();
            if r < 0.015 {
                let i = rng.below(16);
                if let Some(x) = d.get_mut(i) {
                    let old = *x - b'0';
                    *x = b'0' + ((old + 1 + rng.below(9) as u8) % 10);
                }
                flag(Noise::NIK_DIGIT_TYPO);
            } else if r < 0.025 {
                let i = rng.below(15);
                if d.get(i) != d.get(i + 1) {
                    d.swap(i, i + 1);
                    flag(Noise::NIK_TRANSPOSED);
                }
            }
            let s = String::from_utf8(d).unwrap_or_default();
            if rng.chance(0.03) {
                // Some forms copy the KTP grouping.
                format!(
                    "{} {} {} {}",
                    s.get(0..4).unwrap_or(""),
                    s.get(4..8).unwrap_or(""),
                    s.get(8..12).unwrap_or(""),
                    s.get(12..).unwrap_or("")
                )
            } else {
                s
            }
        };

        let phone = if e.phone.is_empty() || rng.chance(if later { 0.3 } else { 0.12 }) {
            flag(Noise::PHONE_MISSING);
            String::new()
        } else {
            write_phone(rng, &e.phone)
        };

        let address = if rng.chance(if later { 0.08 } else { 0.03 }) {
            flag(Noise::ADDRESS_MISSING);
            String::new()
        } else {
            e.home.write(rng)
        };

        if noise.contains(Noise::NIK_DIGIT_TYPO) || noise.contains(Noise::NIK_TRANSPOSED) {
            self.stats.nik_corrupted += 1;
        }
        if noise.contains(Noise::NIK_MISSING) {
            self.stats.nik_missing += 1;
        }
        SynthPerson {
            id: 0,
            entity_id: e.id,
            full_name: name.text,
            birth_date,
            sex,
            birth_place,
            nik,
            phone,
            address,
            region_code: e.home_code.clone(),
            noise,
        }
    }

    fn fill(&mut self) {
        while self.buffer.len() < WINDOW && self.produced < self.config.n {
            let e = self.entity();
            let k = self
                .rows_per_entity
                .sample(&mut self.rng)
                .copied()
                .unwrap_or(1);
            let k = k.min((self.config.n - self.produced) as usize);
            for i in 0..k {
                let row = self.row(&e, i);
                self.buffer.push(row);
            }
            self.produced += k as u64;
            self.stats.entities += 1;
            if k > 1 {
                self.stats.rows_in_multi_row_entities += k as u64;
            }
        }
    }
}

impl Iterator for Synth {
    type Item = SynthPerson;

    fn next(&mut self) -> Option<SynthPerson> {
        self.fill();
        if self.buffer.is_empty() {
            return None;
        }
        let i = self.rng.below(self.buffer.len());
        let mut row = self.buffer.swap_remove(i);
        row.id = self.next_id;
        self.next_id += 1;
        self.stats.rows += 1;
        Some(row)
    }
}

fn random_mobile(rng: &mut Rng, prefixes: &Weighted<&'static str>) -> String {
    let p = prefixes.sample(rng).copied().unwrap_or("812");
    let len = if rng.chance(0.7) { 8 } else { 7 };
    let mut s = String::with_capacity(12);
    s.push_str(p);
    s.push(char::from(b'1' + rng.below(9) as u8));
    for _ in 1..len {
        s.push(char::from(b'0' + rng.below(10) as u8));
    }
    s
}

/// Writes national digits `81234567890` as an agency might.
fn write_phone(rng: &mut Rng, n: &str) -> String {
    let a = n.get(..3).unwrap_or("");
    let b = n.get(3..7).unwrap_or("");
    let c = n.get(7..).unwrap_or("");
    match rng.below(10) {
        0..=3 => format!("0{n}"),
        4 | 5 => format!("0{a}-{b}-{c}"),
        6 => format!("+62 {a}-{b}-{c}"),
        7 => format!("+62{n}"),
        8 => format!("62-{a}-{b}-{c}"),
        _ => format!("0{a} {b} {c}"),
    }
}

/// Writes `config.n` rows as CSV to `out`, streaming, and returns the counts.
pub fn write_csv(config: SynthConfig, out: impl Write) -> Result<SynthStats, SynthError> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .buffer_capacity(1 << 16)
        .from_writer(out);
    w.write_record(HEADER)?;
    let mut synth = Synth::new(config);
    let mut id = String::new();
    let mut entity = String::new();
    for p in synth.by_ref() {
        id.clear();
        entity.clear();
        use std::fmt::Write as _;
        let _ = write!(id, "{}", p.id);
        let _ = write!(entity, "{}", p.entity_id);
        w.write_record([
            id.as_str(),
            entity.as_str(),
            &p.full_name,
            &p.birth_date,
            &p.sex,
            &p.birth_place,
            &p.nik,
            &p.phone,
            &p.address,
            &p.region_code,
        ])?;
    }
    w.flush()?;
    Ok(synth.stats())
}

#[cfg(test)]
mod tests;
