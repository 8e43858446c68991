//! Candidate generation. Several blocking rules, derived from the field kinds,
//! each put records sharing a key into a block; the union of their pairs is
//! compared. A block larger than `max_block_size` (a common name such as
//! Muhammad or Siti, a shared office phone) is not compared in full: its
//! records are sorted by name and each is compared only with its `window`
//! neighbours, so the pair count grows linearly, never quadratically.
//!
//! Rules (each only when the schema has the fields):
//! - every identifier and phone field, exact;
//! - each of the two rarest name tokens (phonetic key) + exact date;
//! - the two rarest name tokens together;
//! - date + a high-cardinality category (region code);
//! - date + the rarest address token;
//! - the two rarest name tokens + a high-cardinality category.

use crate::compare::strong;
use crate::record::{Record, Value};
use crate::schema::{FieldKind, Schema};
use crate::tf::{NameFrequencies, hash_str};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// How blocks are bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockingOptions {
    /// Blocks up to this size are compared in full.
    pub max_block_size: usize,
    /// Neighbours compared in a sorted window inside larger blocks.
    pub window: usize,
    /// The same two bounds for the rule on the two rarest name tokens alone.
    /// Its blocks hold namesakes whose other fields decide; they grow with the
    /// file, so a small full block and a window ordered by birth date keep the
    /// pair count linear (the other rules already pair most true matches).
    pub name_pair_block: usize,
    /// Window of the two-rarest-tokens rule.
    pub name_pair_window: usize,
}

impl Default for BlockingOptions {
    fn default() -> Self {
        BlockingOptions {
            max_block_size: 32,
            window: 8,
            name_pair_block: 4,
            name_pair_window: 2,
        }
    }
}

/// What one rule contributed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleStats {
    /// Human-readable rule.
    pub rule: String,
    /// Blocks with at least two records.
    pub blocks: usize,
    /// Blocks compared in a sorted window because they were too large.
    pub capped_blocks: usize,
    /// Largest block seen.
    pub largest_block: usize,
    /// Pairs emitted (before removing pairs found by other rules).
    pub pairs: u64,
}

#[derive(Debug, Clone, Copy)]
enum Rule {
    Exact(usize),
    NameTokenDate(usize, usize),
    NameTokenPair(usize),
    DateCategory(usize, usize),
    DateAddress(usize, usize),
    NameTokenCategory(usize, usize),
}

fn rules(schema: &Schema, records: &[Record]) -> Vec<Rule> {
    let of = |k: FieldKind| -> Vec<usize> {
        schema
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == k)
            .map(|(i, _)| i)
            .collect()
    };
    let (names, dates, cats, addrs) = (
        of(FieldKind::Name),
        of(FieldKind::Date),
        of(FieldKind::Category),
        of(FieldKind::Address),
    );
    // Only categories with many values make blocks small enough (not sex).
    let cats: Vec<usize> = cats
        .into_iter()
        .filter(|&c| {
            let mut seen = rustc_hash::FxHashSet::default();
            for r in records.iter().take(20_000) {
                if let Value::Category(v) = &r.values[c] {
                    seen.insert(v.clone());
                }
            }
            seen.len() >= 30
        })
        .collect();
    let mut out = Vec::new();
    for (i, f) in schema.fields.iter().enumerate() {
        if matches!(f.kind, FieldKind::Identifier | FieldKind::Phone) {
            out.push(Rule::Exact(i));
        }
    }
    for &n in &names {
        for &d in &dates {
            out.push(Rule::NameTokenDate(n, d));
        }
        out.push(Rule::NameTokenPair(n));
        for &c in &cats {
            out.push(Rule::NameTokenCategory(n, c));
        }
    }
    for &d in &dates {
        for &c in &cats {
            out.push(Rule::DateCategory(d, c));
        }
        for &a in &addrs {
            out.push(Rule::DateAddress(d, a));
        }
    }
    out
}

struct Context<'a> {
    schema: &'a Schema,
    names: FxHashMap<usize, NameFrequencies>,
    addr: FxHashMap<usize, FxHashMap<u64, u32>>,
}

impl Context<'_> {
    fn rarest_tokens<'r>(&self, field: usize, r: &'r Record, n: usize) -> Vec<&'r str> {
        let Value::Name(name) = &r.values[field] else {
            return Vec::new();
        };
        let mut toks: Vec<&str> = strong(&name.tokens).iter().map(|t| &*t.key).collect();
        toks.sort_unstable();
        toks.dedup();
        if let Some(f) = self.names.get(&field) {
            toks.sort_by_key(|k| (f.token_count(k), *k));
        }
        toks.truncate(n);
        toks
    }

    fn keys(&self, rule: Rule, r: &Record, out: &mut Vec<u64>) {
        let v = &r.values;
        let mix = |parts: &[u64]| {
            parts.iter().fold(0xCBF2_9CE4_8422_2325u64, |h, p| {
                (h ^ p).wrapping_mul(0x100_0000_01B3).rotate_left(17)
            })
        };
        match rule {
            Rule::Exact(f) => match &v[f] {
                Value::Id(id) => out.push(mix(&[1, f as u64, hash_str(&id.value)])),
                Value::Phone(p) => out.push(mix(&[1, f as u64, hash_str(p)])),
                _ => {}
            },
            Rule::NameTokenDate(n, d) => {
                if let Value::Date(date) = &v[d] {
                    for t in self.rarest_tokens(n, r, 2) {
                        out.push(mix(&[
                            2,
                            n as u64,
                            d as u64,
                            hash_str(t),
                            u64::from(date.packed()),
                        ]));
                    }
                }
            }
            Rule::NameTokenPair(n) => {
                let toks = self.rarest_tokens(n, r, 2);
                if !toks.is_empty() {
                    let mut t = toks;
                    t.sort_unstable();
                    let hs: Vec<u64> = std::iter::once(3)
                        .chain(std::iter::once(n as u64))
                        .chain(t.iter().map(|x| hash_str(x)))
                        .collect();
                    out.push(mix(&hs));
                }
            }
            Rule::NameTokenCategory(n, c) => {
                if let Value::Category(cat) = &v[c] {
                    let mut t = self.rarest_tokens(n, r, 2);
                    t.sort_unstable();
                    let mut parts = vec![4, n as u64, c as u64, hash_str(cat)];
                    parts.extend(t.iter().map(|x| hash_str(x)));
                    if parts.len() > 4 {
                        out.push(mix(&parts));
                    }
                }
            }
            Rule::DateCategory(d, c) => {
                if let (Value::Date(date), Value::Category(cat)) = (&v[d], &v[c]) {
                    out.push(mix(&[
                        5,
                        d as u64,
                        c as u64,
                        u64::from(date.packed()),
                        hash_str(cat),
                    ]));
                }
            }
            Rule::DateAddress(d, a) => {
                if let (Value::Date(date), Value::Address(toks)) = (&v[d], &v[a]) {
                    let freq = self.addr.get(&a);
                    let rarest = toks
                        .iter()
                        .min_by_key(|t| (freq.and_then(|f| f.get(*t)).copied().unwrap_or(0), **t));
                    if let Some(t) = rarest {
                        out.push(mix(&[6, d as u64, a as u64, u64::from(date.packed()), *t]));
                    }
                }
            }
        }
    }

    fn describe(&self, rule: Rule) -> String {
        let n = |i: usize| self.schema.fields[i].name.as_str();
        match rule {
            Rule::Exact(f) => format!("{} exact", n(f)),
            Rule::NameTokenDate(a, d) => format!("rare {} token + {}", n(a), n(d)),
            Rule::NameTokenPair(a) => format!("two rarest {} tokens", n(a)),
            Rule::NameTokenCategory(a, c) => format!("two rarest {} tokens + {}", n(a), n(c)),
            Rule::DateCategory(d, c) => format!("{} + {}", n(d), n(c)),
            Rule::DateAddress(d, a) => format!("{} + rarest {} token", n(d), n(a)),
        }
    }
}

/// Generates candidate pairs `(i, j)`, `i < j`, packed as `i << 32 | j`, sorted
/// and without duplicates. With `split = Some(n)` (linking two sources laid out
/// as left `0..n` then right), only pairs with `i < n <= j` are produced.
pub fn candidate_pairs(
    schema: &Schema,
    records: &[Record],
    split: Option<usize>,
    opts: BlockingOptions,
) -> (Vec<u64>, Vec<RuleStats>) {
    let mut names = FxHashMap::default();
    let mut addr = FxHashMap::default();
    for (i, f) in schema.fields.iter().enumerate() {
        match f.kind {
            FieldKind::Name => {
                names.insert(i, NameFrequencies::count(records, i));
            }
            FieldKind::Address => {
                let mut m: FxHashMap<u64, u32> = FxHashMap::default();
                for r in records {
                    if let Value::Address(t) = &r.values[i] {
                        for x in t {
                            *m.entry(*x).or_insert(0) += 1;
                        }
                    }
                }
                addr.insert(i, m);
            }
            _ => {}
        }
    }
    let ctx = Context {
        schema,
        names,
        addr,
    };
    // Records in an oversized block are ordered by their name, so the window
    // compares similar names.
    let first_name = schema.fields.iter().position(|f| f.kind == FieldKind::Name);
    let sort_keys: Vec<u64> = records
        .par_iter()
        .map(|r| match first_name.map(|i| &r.values[i]) {
            Some(Value::Name(n)) => {
                let k = n.sorted_key();
                let mut b = [0u8; 8];
                for (d, s) in b.iter_mut().zip(k.bytes()) {
                    *d = s;
                }
                u64::from_be_bytes(b)
            }
            _ => u64::MAX,
        })
        .collect();
    // Inside a block that shares name tokens the names are alike: order it by
    // birth date instead (then name), so the window compares plausible matches.
    let first_date = schema.fields.iter().position(|f| f.kind == FieldKind::Date);
    let date_keys: Vec<u64> = records
        .par_iter()
        .zip(sort_keys.par_iter())
        .map(|(r, &k)| match first_date.map(|i| &r.values[i]) {
            Some(Value::Date(d)) => (u64::from(d.packed()) << 32) | (k >> 32),
            _ => u64::MAX,
        })
        .collect();
    let mut all: Vec<u64> = Vec::new();
    let mut stats = Vec::new();
    for rule in rules(schema, records) {
        let (max_block, window, keys) = match rule {
            Rule::NameTokenPair(_) => (opts.name_pair_block, opts.name_pair_window, &date_keys),
            _ => (opts.max_block_size, opts.window, &sort_keys),
        };
        let mut entries: Vec<(u64, u32)> = records
            .par_iter()
            .enumerate()
            .fold(Vec::new, |mut acc, (i, r)| {
                let mut keys = Vec::new();
                ctx.keys(rule, r, &mut keys);
                acc.extend(keys.into_iter().map(|k| (k, i as u32)));
                acc
            })
            .reduce(Vec::new, |mut a, mut b| {
                a.append(&mut b);
                a
            });
        entries.par_sort_unstable();
        entries.dedup();
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        for i in 1..=entries.len() {
            if i == entries.len() || entries[i].0 != entries[start].0 {
                if i - start >= 2 {
                    groups.push((start, i));
                }
                start = i;
            }
        }
        let largest = groups.iter().map(|(a, b)| b - a).max().unwrap_or(0);
        let capped = groups.iter().filter(|(a, b)| b - a > max_block).count();
        let pairs: Vec<u64> = groups
            .par_iter()
            .fold(Vec::new, |mut acc, &(a, b)| {
                let mut members: Vec<u32> = entries[a..b].iter().map(|e| e.1).collect();
                let push = |acc: &mut Vec<u64>, x: u32, y: u32| {
                    let (i, j) = if x < y { (x, y) } else { (y, x) };
                    if i == j {
                        return;
                    }
                    if let Some(n) = split
                        && !((i as usize) < n && (j as usize) >= n)
                    {
                        return;
                    }
                    acc.push((u64::from(i) << 32) | u64::from(j));
                };
                if members.len() <= max_block {
                    for x in 0..members.len() {
                        for y in x + 1..members.len() {
                            push(&mut acc, members[x], members[y]);
                        }
                    }
                } else {
                    members.sort_unstable_by_key(|&m| (keys[m as usize], m));
                    for x in 0..members.len() {
                        for y in x + 1..(x + 1 + window).min(members.len()) {
                            push(&mut acc, members[x], members[y]);
                        }
                    }
                }
                acc
            })
            .reduce(Vec::new, |mut a, mut b| {
                a.append(&mut b);
                a
            });
        stats.push(RuleStats {
            rule: ctx.describe(rule),
            blocks: groups.len(),
            capped_blocks: capped,
            largest_block: largest,
            pairs: pairs.len() as u64,
        });
        drop(entries);
        // Merge rule by rule so duplicates never pile up in memory.
        all.extend(pairs);
        all.par_sort_unstable();
        all.dedup();
    }
    all.shrink_to_fit();
    (all, stats)
}

/// Splits a packed pair.
pub fn unpack(pair: u64) -> (usize, usize) {
    ((pair >> 32) as usize, (pair & 0xFFFF_FFFF) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::prepare;

    #[test]
    fn finds_pairs_and_caps_common_blocks() {
        let schema = Schema::from_headers(&["id", "full_name", "birth_date", "phone"], None);
        let mut recs = Vec::new();
        let (r, _) = prepare(
            &schema,
            "a",
            &[Some("Budi Santoso"), Some("01/02/1990"), None],
        );
        recs.push(r);
        let (r, _) = prepare(
            &schema,
            "b",
            &[Some("Budi Santosa"), Some("1990-02-01"), None],
        );
        recs.push(r);
        // 300 Siti with the same phone: the block must be windowed.
        for i in 0..300 {
            let (r, _) = prepare(
                &schema,
                &format!("s{i}"),
                &[Some("Siti"), None, Some("081234567890")],
            );
            recs.push(r);
        }
        let (pairs, stats) = candidate_pairs(&schema, &recs, None, BlockingOptions::default());
        assert!(pairs.contains(&1), "budi pair found");
        assert!(pairs.len() < 300 * 30, "{} pairs", pairs.len());
        assert!(stats.iter().any(|s| s.capped_blocks > 0));
    }
}
