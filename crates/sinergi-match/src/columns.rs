//! Compact columns for comparing many pairs of one record set.
//!
//! Comparing a candidate pair is cheap; reading the two records is not: a
//! [`Record`] keeps each value behind its own pointers, so a pair of records
//! scattered over a million costs a dozen cache misses. Here every field of a
//! record is reduced once to one 64-bit word (a date's `yyyymmdd`, an interned
//! category or text, a NIK's digits, a phone's hash and last digits, a name's
//! key hash), the words of one record side by side in one cache line. Most
//! levels are decided from those words alone; the rest (two different names,
//! identifiers other than a 16-digit NIK) fall back to the records. Addresses
//! keep their hashed tokens in one contiguous arena. The levels are exactly
//! those of [`crate::compare::compare`].

use crate::compare::{
    address_level, compare, date_level, id_level, name_level, number_level, text_level,
};
use crate::record::{Record, Value};
use crate::schema::FieldKind;
use crate::standardise::date::Date;
use crate::standardise::id::{IdScheme, typo_span};
use crate::tf::hash_str;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// A missing value.
const NULL: u64 = u64::MAX;
/// Set on a 16-digit NIK held as its number.
const NIK16: u64 = 1 << 61;
/// Set on a NIK that passes its structural checks.
const VALID: u64 = 1 << 62;

/// Per-field columns of a record set, see the module documentation.
pub struct Columns {
    kinds: Vec<FieldKind>,
    /// `n × fields` words, one record's fields side by side.
    words: Vec<u64>,
    /// Interned values of text fields (the word is the index).
    texts: Vec<Vec<Box<str>>>,
    /// Address tokens per field: offsets (`n + 1`) into the token arena.
    addresses: Vec<(Vec<u32>, Vec<u64>)>,
    identifiers: bool,
}

fn intern(
    records: &[Record],
    field: usize,
    words: &mut [u64],
    nf: usize,
    text: impl Fn(&Value) -> Option<&str>,
) -> Vec<Box<str>> {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut table: Vec<Box<str>> = Vec::new();
    for (r, row) in records.iter().zip(words.chunks_mut(nf)) {
        if let Some(t) = r.values.get(field).and_then(&text) {
            let id = *ids.entry(t).or_insert_with(|| {
                table.push(t.into());
                table.len() as u32 - 1
            });
            row[field] = u64::from(id);
        }
    }
    table
}

fn word(kind: FieldKind, v: &Value) -> u64 {
    match (kind, v) {
        (_, Value::Null) => NULL,
        (FieldKind::Name, Value::Name(n)) => {
            (n.key_hash >> 2) | (u64::from(!n.patronym.is_empty()) << 62)
        }
        (_, Value::Date(d)) => u64::from(d.packed()),
        (_, Value::Id(id)) => {
            let b = id.value.as_bytes();
            if id.scheme == IdScheme::Nik && b.len() == 16 && b.iter().all(u8::is_ascii_digit) {
                let n = b.iter().fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0'));
                n | NIK16 | if id.valid { VALID } else { 0 }
            } else {
                hash_str(&id.value) & (NIK16 - 1)
            }
        }
        (_, Value::Phone(p)) => {
            let last = &p[p.len().saturating_sub(8)..];
            let key = if last.bytes().all(|c| c.is_ascii_digit()) {
                last.parse::<u64>().unwrap_or(0)
            } else {
                hash_str(last) & 0x7FFF_FFFF
            };
            ((hash_str(p) >> 33) << 32) | (key << 1) | u64::from(p.len() >= 10)
        }
        (_, Value::Number(x)) => x.to_bits(),
        // Addresses, texts and categories: filled apart.
        _ => 0,
    }
}

fn digits16(mut v: u64) -> [u8; 16] {
    let mut out = [0u8; 16];
    for d in out.iter_mut().rev() {
        *d = b'0' + (v % 10) as u8;
        v /= 10;
    }
    out
}

fn date_of(w: u64) -> Date {
    Date {
        year: (w / 10_000) as u16,
        month: ((w / 100) % 100) as u8,
        day: (w % 100) as u8,
    }
}

impl Columns {
    /// Builds the columns of `records` for fields of `kinds`.
    pub fn build(kinds: &[FieldKind], records: &[Record]) -> Columns {
        let nf = kinds.len().max(1);
        let mut words: Vec<u64> = records
            .par_iter()
            .flat_map_iter(|r| {
                (0..nf).map(move |f| match (kinds.get(f), r.values.get(f)) {
                    (Some(k), Some(v)) => word(*k, v),
                    _ => NULL,
                })
            })
            .collect();
        let mut texts = vec![Vec::new(); kinds.len()];
        let mut addresses = vec![(Vec::new(), Vec::new()); kinds.len()];
        for (f, k) in kinds.iter().enumerate() {
            match k {
                FieldKind::Text => {
                    texts[f] = intern(records, f, &mut words, nf, |v| match v {
                        Value::Text(t) => Some(t),
                        _ => None,
                    });
                }
                FieldKind::Category => {
                    texts[f] = intern(records, f, &mut words, nf, |v| match v {
                        Value::Category(t) => Some(t),
                        _ => None,
                    });
                }
                FieldKind::Address => {
                    let mut off = Vec::with_capacity(records.len() + 1);
                    let mut toks = Vec::new();
                    off.push(0u32);
                    for r in records {
                        if let Some(Value::Address(t)) = r.values.get(f) {
                            toks.extend_from_slice(t);
                        }
                        off.push(toks.len() as u32);
                    }
                    addresses[f] = (off, toks);
                }
                _ => {}
            }
        }
        Columns {
            identifiers: kinds.contains(&FieldKind::Identifier),
            kinds: kinds.to_vec(),
            words,
            texts,
            addresses,
        }
    }

    /// Whether any field is an identifier (whose typos the model weighs apart).
    pub fn has_identifiers(&self) -> bool {
        self.identifiers
    }

    /// The packed comparison levels of records `i` and `j` (before the
    /// model's identifier-typo weighing).
    pub fn levels(&self, records: &[Record], i: usize, j: usize) -> u64 {
        let nf = self.kinds.len();
        let (a, b) = (
            &self.words[i * nf..i * nf + nf],
            &self.words[j * nf..j * nf + nf],
        );
        let mut g = 0u64;
        for (f, kind) in self.kinds.iter().enumerate() {
            let (x, y) = (a[f], b[f]);
            let level = if x == NULL || y == NULL {
                0
            } else {
                self.level(*kind, f, x, y, records, i, j)
            };
            g |= u64::from(level & 0xF) << (4 * f);
        }
        g
    }

    #[allow(clippy::too_many_arguments)]
    fn level(
        &self,
        kind: FieldKind,
        f: usize,
        x: u64,
        y: u64,
        records: &[Record],
        i: usize,
        j: usize,
    ) -> u8 {
        let slow = || match (records[i].values.get(f), records[j].values.get(f)) {
            (Some(a), Some(b)) => compare(kind, a, b),
            _ => 0,
        };
        match kind {
            FieldKind::Name => {
                let both_patronyms = (x & y) >> 62 & 1 == 1;
                if x == y && !both_patronyms {
                    return 5;
                }
                match (&records[i].values[f], &records[j].values[f]) {
                    (Value::Name(a), Value::Name(b)) => name_level(a, b),
                    _ => 0,
                }
            }
            FieldKind::Date => date_level(date_of(x), date_of(y)),
            FieldKind::Identifier => {
                if x == y {
                    4
                } else if x & y & NIK16 != 0 {
                    let mask = NIK16 - 1;
                    if typo_span(&digits16(x & mask), &digits16(y & mask)).is_some() {
                        if x & y & VALID == 0 { 3 } else { 2 }
                    } else {
                        1
                    }
                } else {
                    match (&records[i].values[f], &records[j].values[f]) {
                        (Value::Id(a), Value::Id(b)) => id_level(a, b),
                        _ => 0,
                    }
                }
            }
            FieldKind::Phone => {
                if x == y {
                    3
                } else if (x >> 1) & 0x7FFF_FFFF == (y >> 1) & 0x7FFF_FFFF && x & y & 1 == 1 {
                    2
                } else {
                    1
                }
            }
            FieldKind::Category => {
                if x == y {
                    2
                } else {
                    1
                }
            }
            FieldKind::Text => {
                if x == y {
                    3
                } else {
                    let t = &self.texts[f];
                    match (t.get(x as usize), t.get(y as usize)) {
                        (Some(a), Some(b)) => text_level(a, b),
                        _ => slow(),
                    }
                }
            }
            FieldKind::Address => {
                let (off, toks) = &self.addresses[f];
                let span = |r: usize| &toks[off[r] as usize..off[r + 1] as usize];
                address_level(span(i), span(j))
            }
            FieldKind::Number => number_level(f64::from_bits(x), f64::from_bits(y)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::prepare;
    use crate::schema::Schema;

    #[test]
    fn levels_equal_the_record_comparison() {
        let schema = Schema::from_headers(
            &[
                "id",
                "full_name",
                "birth_date",
                "sex",
                "birth_place",
                "nik",
                "phone",
                "address",
                "region_code",
                "passport_no",
            ],
            None,
        );
        let rows: [[Option<&str>; 9]; 6] = [
            [
                Some("Budi Santoso"),
                Some("01/02/1990"),
                Some("L"),
                Some("Malang"),
                Some("3507010102900001"),
                Some("081234567890"),
                Some("Jl. Mawar 12 RT 3 RW 5 Lowokwaru"),
                Some("35.07.01"),
                Some("A1234567"),
            ],
            [
                Some("SANTOSO, Budi"),
                Some("1990-01-02"),
                Some("Laki-laki"),
                Some("Malag"),
                Some("3507010102900010"),
                Some("+62 812 3456 7890"),
                Some("Jalan Mawar No 12 RT 03 RW 05"),
                Some("35.07.01"),
                Some("A1234576"),
            ],
            [
                Some("Budi bin Ahmad"),
                Some("02/01/1990"),
                Some("P"),
                None,
                Some("3507014102900001"),
                Some("0341 456789"),
                None,
                Some("35.07.02"),
                Some("B7654321"),
            ],
            [
                Some("Budi bin Ahmad"),
                Some("02/01/1991"),
                None,
                Some("Batu"),
                Some("350701010290001"),
                Some("0812 3456 7891"),
                Some("Desa Pojok"),
                None,
                None,
            ],
            [
                Some("Budi binti Agus"),
                None,
                Some("P"),
                Some("Malang"),
                Some("3507010102900001"),
                Some("081234567890"),
                Some("Jl. Mawar 12"),
                Some("35.07.01"),
                Some("A1234567"),
            ],
            [None, None, None, None, None, None, None, None, None],
        ];
        // 20 copies of each row: enough names for term frequencies to apply.
        let records: Vec<Record> = (0..120)
            .map(|i| prepare(&schema, &i.to_string(), &rows[i % rows.len()]).0)
            .collect();
        let kinds: Vec<FieldKind> = schema.fields.iter().map(|f| f.kind).collect();
        let cols = Columns::build(&kinds, &records);
        let mut model = crate::Model::defaults(&schema);
        model.count_frequencies(&records);
        let scorer = crate::model::PairScorer::new(&model, &records);
        let mut distinct = std::collections::BTreeSet::new();
        for i in 0..rows.len() {
            for j in 0..records.len() {
                let want = model.gamma(&records[i], &records[j]);
                assert_eq!(model.gamma_at(&cols, &records, i, j), want, "{i} {j}");
                distinct.insert(want);
                let w = model.weight_of(want, &records[i], &records[j]);
                assert!((scorer.weight(want, i, j) - w).abs() < 1e-9, "{i} {j}");
            }
        }
        assert!(distinct.len() > 10, "{distinct:?}");
    }
}
