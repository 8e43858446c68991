//! In-process screening index: a watchlist held in memory, entries added and
//! removed without a rebuild, one query answered in well under a millisecond.
//!
//! Retrieval follows Watchman's design (inverted index, score only a candidate
//! set): every name token is indexed under its phonetic key and its consonant
//! skeleton (so a typo or a vowel change still retrieves), identifiers, phones
//! and dates under their exact value. A query walks the posting lists from the
//! rarest up, within a budget, weighting each hit by the key's rarity; the best
//! few hundred candidates are then scored with the full Fellegi-Sunter model
//! and the top k returned with their explanation.

use crate::explain::Explanation;
use crate::model::{Model, probability};
use crate::record::{FieldIssue, Record, Value, prepare};
use crate::schema::{FieldKind, Schema};
use crate::standardise::text::jaro_winkler;
use crate::tf::{NameFrequencies, hash_str};
use rustc_hash::FxHashMap;

/// One screening hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The watchlist entry's id.
    pub entry_id: String,
    /// Match probability (the model's prior is one true entry among the watchlist).
    pub score: f64,
    /// Per-field contributions.
    pub explanation: Explanation,
}

/// Bounds on the work of one query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchLimits {
    /// Posting entries visited at most (rarest lists first).
    pub posting_budget: usize,
    /// Candidates scored with the full model.
    pub candidates: usize,
}

impl Default for SearchLimits {
    fn default() -> Self {
        SearchLimits {
            posting_budget: 20_000,
            candidates: 100,
        }
    }
}

/// A watchlist in memory.
#[derive(Debug, Clone)]
pub struct ScreeningIndex {
    pub(crate) schema: Schema,
    pub(crate) model: Model,
    pub(crate) entries: Vec<Option<Record>>,
    pub(crate) by_id: FxHashMap<Box<str>, u32>,
    pub(crate) postings: FxHashMap<u64, Vec<u32>>,
    pub(crate) live: usize,
    limits: SearchLimits,
}

#[derive(Clone, Copy)]
enum KeyKind {
    Exact,
    /// One half of an identifier: finds identifiers written with a typo.
    IdPrefix,
    Date,
    Token,
    /// Two tokens of one name together: small lists even for common tokens.
    Pair,
    Skeleton,
    /// A short token with one letter deleted.
    Deletion,
    /// A token, or two adjacent tokens run together.
    Joined,
}

fn hash_bytes2(a: &[u8], b: &[u8]) -> u64 {
    let mut v = Vec::with_capacity(a.len() + b.len());
    v.extend_from_slice(a);
    v.extend_from_slice(b);
    hash_str(&String::from_utf8_lossy(&v))
}

fn skeleton(key: &str) -> String {
    let b = key.as_bytes();
    let mut out = String::with_capacity(b.len());
    for (i, &c) in b.iter().enumerate() {
        if i == 0 || !matches!(c, b'a' | b'e' | b'i' | b'o' | b'u') {
            out.push(c as char);
        }
    }
    out
}

/// The index keys of an entry (`query` false) or the lookup keys of a query.
/// They differ only for words run together: an entry is indexed under each
/// pair of adjacent tokens joined, a query looks its tokens up there (and its
/// joined pairs among the entries' single tokens).
fn keys_of(schema: &Schema, r: &Record, out: &mut Vec<(u64, KeyKind)>, query: bool) {
    for (f, spec) in schema.fields.iter().enumerate() {
        let fh = f as u64;
        match (&r.values[f], spec.kind) {
            (Value::Id(id), _) => {
                out.push((hash_str(&id.value) ^ (fh << 56) ^ 1, KeyKind::Exact));
                // Each half of a long identifier, and the whole without the
                // two digits around the middle: a value with one substitution
                // or one adjacent transposition (even across the middle)
                // still shares one of the three with the right one.
                if id.value.len() >= 8 && id.value.is_ascii() {
                    let v = &*id.value;
                    let mid = v.len() / 2;
                    out.push((hash_str(&v[..mid]) ^ (fh << 56) ^ 6, KeyKind::IdPrefix));
                    out.push((hash_str(&v[mid..]) ^ (fh << 56) ^ 8, KeyKind::IdPrefix));
                    let outer = hash_str(&v[..mid - 1]).rotate_left(17) ^ hash_str(&v[mid + 1..]);
                    out.push((outer ^ (fh << 56) ^ 9, KeyKind::IdPrefix));
                }
            }
            (Value::Phone(p), _) => out.push((hash_str(p) ^ (fh << 56) ^ 2, KeyKind::Exact)),
            (Value::Date(d), _) => {
                out.push(((u64::from(d.packed()) << 8) ^ (fh << 56) ^ 3, KeyKind::Date))
            }
            (Value::Name(n), FieldKind::Name) => {
                for list in std::iter::once(&n.tokens).chain(n.aliases.iter()) {
                    let mut keys: Vec<&str> = list.iter().take(5).map(|t| &*t.key).collect();
                    keys.sort_unstable();
                    keys.dedup();
                    for i in 0..keys.len() {
                        for j in i + 1..keys.len() {
                            let h = hash_str(keys[i]).rotate_left(21) ^ hash_str(keys[j]);
                            out.push((h ^ (fh << 56) ^ 7, KeyKind::Pair));
                        }
                    }
                }
                for t in n
                    .tokens
                    .iter()
                    .chain(n.patronym.iter())
                    .chain(n.aliases.iter().flatten())
                {
                    out.push((hash_str(&t.key) ^ (fh << 56) ^ 4, KeyKind::Token));
                    let s = skeleton(&t.key);
                    if s.len() >= 3 {
                        out.push((hash_str(&s) ^ (fh << 56) ^ 5, KeyKind::Skeleton));
                    }
                    // Short tokens have short skeletons ("Wiji": "wj"): each
                    // form with one letter deleted finds one typo ("WIBI").
                    let norm = t.norm.as_bytes();
                    if (3..=6).contains(&norm.len()) && t.norm.is_ascii() {
                        for i in 0..norm.len() {
                            let h = hash_bytes2(&norm[..i], &norm[i + 1..]);
                            out.push((h ^ (fh << 56) ^ 10, KeyKind::Deletion));
                        }
                    }
                    if query && n.tokens.len() <= 2 {
                        // This token may be two of the entry's words run together.
                        out.push((hash_str(&t.key) ^ (fh << 56) ^ 11, KeyKind::Joined));
                    }
                }
                // Adjacent words run together, in either order ("RAHAYUSUSANTI"):
                // an entry's pairs under their own tag, a query's among tokens.
                let tag = if query { 4 } else { 11 };
                for w in n.tokens.windows(2) {
                    for (x, y) in [(&w[0], &w[1]), (&w[1], &w[0])] {
                        let joined = format!("{}{}", x.key, y.key);
                        out.push((hash_str(&joined) ^ (fh << 56) ^ tag, KeyKind::Joined));
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_unstable_by_key(|k| k.0);
    out.dedup_by_key(|k| k.0);
}

/// The posting keys of an entry (what [`crate::persist`] fingerprints).
pub(crate) fn index_keys(schema: &Schema, r: &Record, out: &mut Vec<u64>) {
    let mut keys = Vec::new();
    keys_of(schema, r, &mut keys, false);
    out.extend(keys.into_iter().map(|k| k.0));
}

/// Most bits by which the closeness of the written names orders hits: equally
/// good matches ("Soekarno Joesoef" and "Sukarno Yusuf" for "Soekarno
/// Joesoef", "H. CAHYO" and "Cahyo" for "H. Cahyo") rank by how the name was
/// written. Ranking only: a hit's probability is the model's alone.
pub const WRITTEN_FORM_BITS: f64 = 0.5;

/// Jaro-Winkler similarity of the written forms of the first name field both
/// records have (0 when none).
fn written_closeness(a: &Record, b: &Record) -> f64 {
    a.values
        .iter()
        .zip(&b.values)
        .find_map(|pair| match pair {
            (Value::Name(x), Value::Name(y)) => Some(jaro_winkler(&x.written(), &y.written())),
            _ => None,
        })
        .unwrap_or(0.0)
}

impl ScreeningIndex {
    /// An empty index scoring with `model` (for example [`Model::defaults`], or a
    /// model trained by a linkage run on the same schema).
    pub fn new(schema: Schema, mut model: Model) -> ScreeningIndex {
        for (i, f) in schema.fields.iter().enumerate() {
            if f.kind == FieldKind::Name {
                model.frequencies[i] = Some(NameFrequencies::default());
            }
        }
        ScreeningIndex {
            schema,
            model,
            entries: Vec::new(),
            by_id: FxHashMap::default(),
            postings: FxHashMap::default(),
            live: 0,
            limits: SearchLimits::default(),
        }
    }

    /// Builds an index from a whole watchlist. With at least 1,000 entries and
    /// two fields or more the model is trained on the watchlist itself (u by
    /// sampling, m by EM, as `sinergi link` does); smaller lists and names-only
    /// lists (EM cannot separate matches on one field) use the default model.
    /// The prior is one true entry among the list.
    pub fn build(schema: Schema, records: Vec<Record>) -> ScreeningIndex {
        let mut model = if records.len() >= 1000 && schema.fields.len() >= 2 {
            let opts = crate::pipeline::LinkOptions {
                u_samples: 300_000,
                ..Default::default()
            };
            crate::pipeline::train(&schema, &records, &opts, &crate::progress::Silent)
        } else {
            Model::defaults(&schema)
        };
        model.prior_log2_odds = -(records.len().max(2) as f64).log2();
        let mut idx = ScreeningIndex::new(schema, model);
        idx.entries.reserve(records.len());
        for r in records {
            idx.insert(r);
        }
        idx
    }

    /// Empties the index (name frequencies included), keeping schema and model.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.by_id.clear();
        self.postings.clear();
        self.live = 0;
        for f in self.model.frequencies.iter_mut().flatten() {
            *f = NameFrequencies::default();
        }
    }

    /// Ids of the live entries, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(|k| &**k)
    }

    /// Whether an entry with this id is held.
    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// Changes the work bounds of a query.
    pub fn set_limits(&mut self, limits: SearchLimits) {
        self.limits = limits;
    }

    /// The schema entries and queries follow.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Number of live entries.
    pub fn len(&self) -> usize {
        self.live
    }

    /// True when the index holds no entry.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Standardises raw field texts (one per schema field) into a record for
    /// [`insert`](Self::insert) or [`search`](Self::search).
    pub fn prepare(&self, id: &str, raw: &[Option<&str>]) -> (Record, Vec<FieldIssue>) {
        prepare(&self.schema, id, raw)
    }

    /// Adds an entry, replacing any entry with the same id. Returns true when one was replaced.
    pub fn insert(&mut self, record: Record) -> bool {
        let replaced = self.remove(&record.id);
        let slot = self.entries.len() as u32;
        let mut keys = Vec::new();
        keys_of(&self.schema, &record, &mut keys, false);
        for (k, _) in keys {
            self.postings.entry(k).or_default().push(slot);
        }
        for (i, f) in self.model.frequencies.iter_mut().enumerate() {
            if let (Some(f), Value::Name(n)) = (f.as_mut(), &record.values[i]) {
                f.add(n);
            }
        }
        self.by_id.insert(record.id.clone(), slot);
        self.entries.push(Some(record));
        self.live += 1;
        replaced
    }

    /// Removes the entry with this id. Returns false when there was none.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(slot) = self.by_id.remove(id) else {
            return false;
        };
        let Some(record) = self.entries.get_mut(slot as usize).and_then(Option::take) else {
            return false;
        };
        let mut keys = Vec::new();
        keys_of(&self.schema, &record, &mut keys, false);
        for (k, _) in keys {
            if let Some(list) = self.postings.get_mut(&k) {
                if let Ok(pos) = list.binary_search(&slot) {
                    list.remove(pos);
                }
                if list.is_empty() {
                    self.postings.remove(&k);
                }
            }
        }
        for (i, f) in self.model.frequencies.iter_mut().enumerate() {
            if let (Some(f), Value::Name(n)) = (f.as_mut(), &record.values[i]) {
                f.remove(n);
            }
        }
        self.live -= 1;
        true
    }

    /// The `k` best entries by scoring every entry (no index): slow, the
    /// reference the index's recall is measured against.
    pub fn search_exhaustive(&self, query: &Record, k: usize) -> Vec<Hit> {
        let slots: Vec<u32> = (0..self.entries.len() as u32).collect();
        self.rank(query, &slots, k)
    }

    fn rank(&self, query: &Record, slots: &[u32], k: usize) -> Vec<Hit> {
        let mut scored: Vec<(f64, f64, u32)> = slots
            .iter()
            .filter_map(|&slot| {
                let e = self.entries.get(slot as usize)?.as_ref()?;
                let g = self.model.gamma(query, e);
                let w = self.model.weight_of(g, query, e);
                Some((w + written_closeness(query, e) * WRITTEN_FORM_BITS, w, slot))
            })
            .collect();
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
        scored.truncate(k);
        scored
            .into_iter()
            .filter_map(|(_, w, slot)| {
                let e = self.entries.get(slot as usize)?.as_ref()?;
                Some(Hit {
                    entry_id: e.id.to_string(),
                    score: probability(w),
                    explanation: self.model.explain(query, e),
                })
            })
            .collect()
    }

    /// The `k` best entries for `query`, best first.
    pub fn search(&self, query: &Record, k: usize) -> Vec<Hit> {
        if k == 0 || self.live == 0 {
            return Vec::new();
        }
        let mut keys = Vec::new();
        keys_of(&self.schema, query, &mut keys, true);
        let n = self.live.max(2) as f32;
        let mut lists: Vec<(&[u32], f32, bool)> = keys
            .iter()
            .filter_map(|(key, kind)| {
                let list = self.postings.get(key)?;
                let idf = (n / list.len() as f32).log2().max(0.1);
                let (w, always) = match kind {
                    KeyKind::Exact => (20.0, true),
                    KeyKind::IdPrefix => (idf.min(12.0), list.len() <= 1000),
                    KeyKind::Pair => (idf * 1.5, false),
                    KeyKind::Date => (idf * 0.8, false),
                    KeyKind::Token => (idf, false),
                    KeyKind::Skeleton => (idf * 0.6, false),
                    KeyKind::Deletion => (idf * 0.3, false),
                    KeyKind::Joined => (idf * 0.5, false),
                };
                Some((list.as_slice(), w, always))
            })
            .collect();
        lists.sort_unstable_by_key(|l| (!l.2, l.0.len()));
        // Choose the lists first, so the accumulator is sized once.
        let mut visited = 0usize;
        let chosen: Vec<(&[u32], f32)> = lists
            .into_iter()
            .filter(|(list, _, always)| {
                if !always && visited > 0 && visited + list.len() > self.limits.posting_budget {
                    return false;
                }
                visited += list.len();
                true
            })
            .map(|(list, w, _)| (list, w))
            .collect();
        let mut acc: FxHashMap<u32, f32> =
            FxHashMap::with_capacity_and_hasher(visited, Default::default());
        for (list, w) in chosen {
            for &slot in list {
                *acc.entry(slot).or_insert(0.0) += w;
            }
        }
        let mut cands: Vec<(u32, f32)> = acc.into_iter().collect();
        let c = self.limits.candidates.max(k);
        if cands.len() > c {
            cands.select_nth_unstable_by(c, |a, b| b.1.total_cmp(&a.1));
            cands.truncate(c);
        }
        let slots: Vec<u32> = cands.iter().map(|c| c.0).collect();
        self.rank(query, &slots, k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema::from_headers(&["id", "full_name", "birth_date", "nik", "phone"], None)
    }

    #[test]
    fn insert_search_remove() {
        let s = schema();
        let mut idx = ScreeningIndex::new(s.clone(), Model::defaults(&s));
        let rows: [(&str, [Option<&str>; 4]); 4] = [
            (
                "w1",
                [
                    Some("Budi Santoso"),
                    Some("01/02/1980"),
                    None,
                    Some("081234567890"),
                ],
            ),
            ("w2", [Some("Siti Aminah"), Some("1985-05-05"), None, None]),
            (
                "w3",
                [Some("Agus Salim"), None, Some("3507010102800001"), None],
            ),
            (
                "w4",
                [Some("Bambang Pamungkas"), Some("10/10/1970"), None, None],
            ),
        ];
        for (id, raw) in rows {
            let (r, _) = idx.prepare(id, &raw);
            idx.insert(r);
        }
        assert_eq!(idx.len(), 4);
        let (q, _) = idx.prepare("q", &[Some("Budi Santosa"), Some("1980-02-01"), None, None]);
        let hits = idx.search(&q, 2);
        assert_eq!(hits[0].entry_id, "w1");
        assert!(hits[0].explanation.to_string().contains("birth_date=exact"));
        // Identifier alone retrieves.
        let (q, _) = idx.prepare("q", &[None, None, Some("3507 0101 0280 0001"), None]);
        assert_eq!(idx.search(&q, 1)[0].entry_id, "w3");
        assert!(idx.remove("w1"));
        assert!(!idx.remove("w1"));
        let (q, _) = idx.prepare("q", &[Some("Budi Santoso"), None, None, None]);
        assert!(idx.search(&q, 5).iter().all(|h| h.entry_id != "w1"));
        // Replace keeps one entry per id.
        let (r, _) = idx.prepare("w2", &[Some("Siti Aminah Binti Ahmad"), None, None, None]);
        assert!(idx.insert(r));
        assert_eq!(idx.len(), 3);
    }
}

/// The hits of a batch of queries and how fast they were answered.
#[derive(Debug, Clone)]
pub struct BatchRun {
    /// Per query (in input order): its id and hits.
    pub hits: Vec<(Box<str>, Vec<Hit>)>,
    /// Throughput over all cores.
    pub queries_per_second: f64,
    /// Median latency of one query.
    pub p50_ms: f64,
    /// 99th percentile latency of one query.
    pub p99_ms: f64,
}

/// Screens every query (in parallel) and measures per-query latency. With
/// `exhaustive`, every entry is scored (the reference for the index's recall).
pub fn search_all(
    index: &ScreeningIndex,
    queries: &[Record],
    k: usize,
    exhaustive: bool,
    progress: &dyn crate::progress::Progress,
) -> BatchRun {
    use rayon::prelude::*;
    progress.stage("screening", queries.len() as u64);
    let start = std::time::Instant::now();
    type Timed = ((Box<str>, Vec<Hit>), f64);
    let timed: Vec<Timed> = queries
        .par_iter()
        .map(|q| {
            let t = std::time::Instant::now();
            let hits = if exhaustive {
                index.search_exhaustive(q, k)
            } else {
                index.search(q, k)
            };
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            progress.advance(1);
            ((q.id.clone(), hits), ms)
        })
        .collect();
    let secs = start.elapsed().as_secs_f64();
    progress.finish();
    let mut lat: Vec<f64> = timed.iter().map(|t| t.1).collect();
    lat.sort_unstable_by(f64::total_cmp);
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    BatchRun {
        queries_per_second: queries.len() as f64 / secs.max(1e-9),
        p50_ms: pct(0.5),
        p99_ms: pct(0.99),
        hits: timed.into_iter().map(|t| t.0).collect(),
    }
}
