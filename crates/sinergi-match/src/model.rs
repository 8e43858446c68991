//! The Fellegi-Sunter model: per field and level, m = P(level | same entity) and
//! u = P(level | different entities). A level's match weight is log2(m/u); the
//! sum of the weights plus the prior log-odds gives the match probability.
//! u is estimated by random sampling of record pairs, m by EM without labels
//! (see [`crate::em`]); term-frequency adjustment refines name agreement.

use crate::columns::Columns;
use crate::compare::{compare, level_at, level_count, level_names, pack};
use crate::explain::{Explanation, FieldContribution};
use crate::record::{Record, Value};
use crate::schema::{FieldKind, FieldSpec, Schema};
use crate::standardise::id::{NikFacts, NikPart};
use crate::tf::NameFrequencies;
use rayon::prelude::*;

/// m and u per level of one field (index 0, "missing", is unused).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldParams {
    /// P(level | match).
    pub m: Vec<f64>,
    /// P(level | non-match).
    pub u: Vec<f64>,
}

impl FieldParams {
    /// Match weight (log2 m/u) of a level; 0 for "missing".
    pub fn weight(&self, level: u8) -> f64 {
        let l = usize::from(level);
        if l == 0 || l >= self.m.len() {
            return 0.0;
        }
        (self.m[l].max(1e-9) / self.u[l].max(1e-12)).log2()
    }
}

/// A trained (or default) model for a schema.
#[derive(Debug, Clone)]
pub struct Model {
    /// Field kinds, in schema order.
    pub kinds: Vec<FieldKind>,
    /// Field names, in schema order.
    pub names: Vec<String>,
    /// Parameters per field.
    pub fields: Vec<FieldParams>,
    /// log2 of the prior odds that two random records match.
    pub prior_log2_odds: f64,
    /// Name frequencies per field (only for name fields).
    pub frequencies: Vec<Option<NameFrequencies>>,
    /// Which fields hold sex (compared with the sex a NIK encodes).
    pub sex_fields: Vec<bool>,
}

/// Default m per level, used as EM's starting point and by an untrained model.
fn default_m(kind: FieldKind) -> Vec<f64> {
    match kind {
        FieldKind::Name => vec![0.0, 0.02, 0.05, 0.08, 0.25, 0.60],
        FieldKind::Date => vec![0.0, 0.03, 0.02, 0.10, 0.85],
        FieldKind::Identifier => vec![0.0, 0.04, 0.02, 0.04, 0.90],
        FieldKind::Phone => vec![0.0, 0.30, 0.05, 0.65],
        FieldKind::Address => vec![0.0, 0.10, 0.15, 0.25, 0.50],
        FieldKind::Text => vec![0.0, 0.08, 0.12, 0.80],
        FieldKind::Category => vec![0.0, 0.05, 0.95],
        FieldKind::Number => vec![0.0, 0.10, 0.20, 0.70],
    }
}

/// Default u per level, used until u is sampled.
fn default_u(kind: FieldKind) -> Vec<f64> {
    match kind {
        FieldKind::Name => vec![0.0, 0.97, 0.025, 0.003, 0.001, 0.001],
        FieldKind::Date => vec![0.0, 0.97, 0.025, 0.004, 0.0001],
        FieldKind::Identifier => vec![0.0, 0.9999, 0.00005, 0.000002, 0.000001],
        FieldKind::Phone => vec![0.0, 0.9999, 0.00005, 0.000001],
        FieldKind::Address => vec![0.0, 0.90, 0.08, 0.015, 0.005],
        FieldKind::Text => vec![0.0, 0.95, 0.02, 0.03],
        FieldKind::Category => vec![0.0, 0.5, 0.5],
        FieldKind::Number => vec![0.0, 0.9, 0.08, 0.02],
    }
}

/// Small deterministic generator for sampling (splitmix64).
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

impl Model {
    /// An untrained model with default m and u (for screening a watchlist that is
    /// too small to sample, and as EM's starting point).
    pub fn defaults(schema: &Schema) -> Model {
        Model {
            kinds: schema.fields.iter().map(|f| f.kind).collect(),
            names: schema.fields.iter().map(|f| f.name.clone()).collect(),
            fields: schema
                .fields
                .iter()
                .map(|f| FieldParams {
                    m: default_m(f.kind),
                    u: default_u(f.kind),
                })
                .collect(),
            prior_log2_odds: -20.0,
            frequencies: schema.fields.iter().map(|_| None).collect(),
            sex_fields: schema.fields.iter().map(FieldSpec::is_sex).collect(),
        }
    }

    /// Counts name frequencies in `records` for every name field.
    pub fn count_frequencies(&mut self, records: &[Record]) {
        for (i, k) in self.kinds.iter().enumerate() {
            if *k == FieldKind::Name {
                self.frequencies[i] = Some(NameFrequencies::count(records, i));
            }
        }
    }

    /// Comparison vector of two records. A NIK typo in the birth-date digits
    /// (both NIKs valid) is weighed against the records' own birth date and
    /// sex: when each NIK fits its own holder's birth date and sex they are two
    /// people born on different days (level "different"); when one NIK does
    /// not fit its holder, it was mistyped (level "one typo, structure agrees").
    /// Any other one-digit NIK difference (region, serial) is "one typo" only
    /// beside a name that agrees at least fuzzily (or is missing), otherwise
    /// "different": it is as likely a neighbour's NIK.
    pub fn gamma(&self, a: &Record, b: &Record) -> u64 {
        let g = pack(self.kinds.iter().enumerate().map(|(i, k)| {
            compare(
                *k,
                a.values.get(i).unwrap_or(&Value::Null),
                b.values.get(i).unwrap_or(&Value::Null),
            )
        }));
        self.weigh_id_typos(g, a, b)
    }

    /// [`Model::gamma`] of records `i` and `j` from their [`Columns`]
    /// (the same vector, with fewer memory reads).
    pub fn gamma_at(&self, cols: &Columns, records: &[Record], i: usize, j: usize) -> u64 {
        let g = cols.levels(records, i, j);
        if cols.has_identifiers() {
            self.weigh_id_typos(g, &records[i], &records[j])
        } else {
            g
        }
    }

    /// The identifier part of [`Model::gamma`]: a one-typo NIK level weighed
    /// against the records' birth date, sex and name.
    fn weigh_id_typos(&self, mut g: u64, a: &Record, b: &Record) -> u64 {
        for (i, k) in self.kinds.iter().enumerate() {
            if *k != FieldKind::Identifier || level_at(g, i) != 2 {
                continue;
            }
            let (Some(Value::Id(x)), Some(Value::Id(y))) = (a.values.get(i), b.values.get(i))
            else {
                continue;
            };
            let Some(parts) = x.nik_typo(y) else { continue };
            let fits = if parts.0 == NikPart::BirthDate || parts.1 == NikPart::BirthDate {
                (
                    x.nik_facts().and_then(|f| self.nik_fits(f, a)),
                    y.nik_facts().and_then(|f| self.nik_fits(f, b)),
                )
            } else {
                (None, None)
            };
            // Serials restart at 0001 every day in every district, so people
            // born the same day nearby hold NIKs one digit apart: without a
            // mistyped birth date, such a NIK counts only beside an agreeing name.
            let name = self
                .kinds
                .iter()
                .position(|k| *k == FieldKind::Name)
                .map_or(0, |n| level_at(g, n));
            let level: u64 = match fits {
                (Some(true), Some(true)) => 1,
                (Some(false), _) | (_, Some(false)) => 3,
                _ if (1..=3).contains(&name) => 1,
                _ => continue,
            };
            g = (g & !(0xF << (4 * i))) | (level << (4 * i));
        }
        g
    }

    /// Whether a NIK's birth date and sex agree with its holder's record
    /// (`None` when the record gives neither).
    fn nik_fits(&self, f: NikFacts, r: &Record) -> Option<bool> {
        let mut known = false;
        for (i, k) in self.kinds.iter().enumerate() {
            match (k, r.values.get(i)) {
                (FieldKind::Date, Some(Value::Date(d))) => {
                    known = true;
                    if d.day != f.day || d.month != f.month || (d.year % 100) as u8 != f.year2 {
                        return Some(false);
                    }
                }
                (FieldKind::Category, Some(Value::Category(c)))
                    if self.sex_fields.get(i) == Some(&true) && matches!(&**c, "m" | "f") =>
                {
                    known = true;
                    if (&**c == "f") != f.female {
                        return Some(false);
                    }
                }
                _ => {}
            }
        }
        known.then_some(true)
    }

    /// Estimates u by comparing `samples` random pairs of distinct records drawn
    /// from `left` and `right` (the same slice when deduplicating). Levels never
    /// seen get half a count, so no weight is infinite.
    pub fn estimate_u(&mut self, left: &[Record], right: &[Record], samples: usize, seed: u64) {
        let same = std::ptr::eq(left, right);
        let counts = self.sample_u(left.len(), right.len(), same, samples, seed, |i, j| {
            self.gamma(&left[i], &right[j])
        });
        self.set_u(&counts);
    }

    /// [`Model::estimate_u`] over [`Columns`]: `records[..split]` against
    /// `records[split..]`, or all against all without a split.
    pub fn estimate_u_at(
        &mut self,
        cols: &Columns,
        records: &[Record],
        split: Option<usize>,
        samples: usize,
        seed: u64,
    ) {
        let k = split.unwrap_or(0);
        let (nl, nr) = match split {
            Some(k) => (k, records.len() - k),
            None => (records.len(), records.len()),
        };
        let counts = self.sample_u(nl, nr, split.is_none(), samples, seed, |i, j| {
            self.gamma_at(cols, records, i, j + k)
        });
        self.set_u(&counts);
    }

    /// Level counts per chunk of `samples` random pairs scored by `gamma`.
    fn sample_u(
        &self,
        nl: usize,
        nr: usize,
        same: bool,
        samples: usize,
        seed: u64,
        gamma: impl Fn(usize, usize) -> u64 + Sync,
    ) -> Vec<Vec<Vec<f64>>> {
        if nl == 0 || nr == 0 {
            return Vec::new();
        }
        let chunks = 64usize;
        let per = samples.div_ceil(chunks);
        (0..chunks)
            .into_par_iter()
            .map(|c| {
                let mut rng = SplitMix(seed ^ (c as u64).wrapping_mul(0xA076_1D64_78BD_642F));
                let mut cnt: Vec<Vec<f64>> = self
                    .kinds
                    .iter()
                    .map(|k| vec![0.0; level_count(*k)])
                    .collect();
                for _ in 0..per {
                    let i = rng.below(nl);
                    let j = rng.below(nr);
                    if same && i == j {
                        continue;
                    }
                    let g = gamma(i, j);
                    for (f, row) in cnt.iter_mut().enumerate() {
                        let l = usize::from(level_at(g, f));
                        if let Some(x) = row.get_mut(l) {
                            *x += 1.0;
                        }
                    }
                }
                cnt
            })
            .collect()
    }

    /// Sets u from the counts of [`Model::sample_u`] (unseen levels get half a count).
    fn set_u(&mut self, counts: &[Vec<Vec<f64>>]) {
        if counts.is_empty() {
            return;
        }
        for (f, params) in self.fields.iter_mut().enumerate() {
            let n = params.u.len();
            let mut row = vec![0.0; n];
            for c in counts {
                for (r, x) in row.iter_mut().zip(&c[f]).skip(1) {
                    *r += x;
                }
            }
            let total: f64 = row[1..].iter().map(|x| x + 0.5).sum();
            for (u, r) in params.u.iter_mut().zip(&row).skip(1) {
                *u = (r + 0.5) / total;
            }
        }
    }

    /// The term-frequency adjustment (in bits) of a name field's agreement.
    fn tf_adjustment(&self, field: usize, level: u8, a: &Value, b: &Value) -> f64 {
        let (Some(Some(freq)), Value::Name(na), Value::Name(nb)) =
            (self.frequencies.get(field), a, b)
        else {
            return 0.0;
        };
        if level < 3 || freq.total() < 100 {
            return 0.0;
        }
        let u = self.fields[field].u[usize::from(level)];
        let (f, scale) = if level == 5 {
            (freq.name_frequency(na).max(freq.name_frequency(nb)), 1.0)
        } else {
            (
                freq.token_product_frequency(na)
                    .max(freq.token_product_frequency(nb)),
                0.5,
            )
        };
        ((u / f).log2() * scale).clamp(-8.0, 8.0)
    }

    /// Scores a pair whose comparison vector is known: total match weight in bits.
    pub fn weight_of(&self, gamma: u64, a: &Record, b: &Record) -> f64 {
        let (mut identity, mut context) = (0.0, 0.0);
        for (i, p) in self.fields.iter().enumerate() {
            let l = level_at(gamma, i);
            let mut w = p.weight(l);
            if self.kinds[i] == FieldKind::Name && l >= 3 {
                w += self.tf_adjustment(i, l, &a.values[i], &b.values[i]);
            }
            if is_identity(self.kinds[i], l) {
                identity += w;
            } else {
                context += w;
            }
        }
        self.prior_log2_odds + identity + context + context_cap(identity, context)
    }

    /// Scores and explains a pair.
    pub fn explain(&self, a: &Record, b: &Record) -> Explanation {
        let gamma = self.gamma(a, b);
        let mut fields = Vec::with_capacity(self.fields.len());
        for (i, p) in self.fields.iter().enumerate() {
            let l = level_at(gamma, i);
            let tf = if self.kinds[i] == FieldKind::Name && l >= 3 {
                self.tf_adjustment(i, l, &a.values[i], &b.values[i])
            } else {
                0.0
            };
            fields.push(FieldContribution {
                field: self.names[i].clone(),
                level: level_names(self.kinds[i])
                    .get(usize::from(l))
                    .copied()
                    .unwrap_or("?"),
                weight: p.weight(l),
                tf_adjustment: tf,
            });
        }
        let (mut identity, mut context) = (0.0, 0.0);
        for ((f, k), l) in fields
            .iter()
            .zip(&self.kinds)
            .zip((0..).map(|i| level_at(gamma, i)))
        {
            if is_identity(*k, l) {
                identity += f.weight + f.tf_adjustment;
            } else {
                context += f.weight + f.tf_adjustment;
            }
        }
        Explanation::new(self.prior_log2_odds, fields, context_cap(identity, context))
    }
}

/// Scores many pairs of one record set fast: the level weights and each
/// record's name frequencies are computed once, so a pair costs a few table
/// reads. Gives exactly [`Model::weight_of`].
pub struct PairScorer<'a> {
    model: &'a Model,
    weights: Vec<[f64; 8]>,
    /// Per name field with frequencies: per record (whole-name, token-product) frequency.
    tf: Vec<Option<Vec<[f64; 2]>>>,
}

impl<'a> PairScorer<'a> {
    /// Prepares the tables for `records`.
    pub fn new(model: &'a Model, records: &[Record]) -> PairScorer<'a> {
        let weights = model
            .fields
            .iter()
            .map(|p| {
                let mut w = [0.0; 8];
                for (l, x) in w.iter_mut().enumerate() {
                    *x = p.weight(l as u8);
                }
                w
            })
            .collect();
        let tf = model
            .frequencies
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let f = f.as_ref().filter(|f| f.total() >= 100)?;
                Some(
                    records
                        .par_iter()
                        .map(|r| match r.values.get(i) {
                            Some(Value::Name(n)) => {
                                [f.name_frequency(n), f.token_product_frequency(n)]
                            }
                            _ => [0.0; 2],
                        })
                        .collect(),
                )
            })
            .collect();
        PairScorer { model, weights, tf }
    }

    /// Total match weight (bits) of records `i` and `j` with comparison vector `gamma`.
    pub fn weight(&self, gamma: u64, i: usize, j: usize) -> f64 {
        let m = self.model;
        let (mut identity, mut context) = (0.0, 0.0);
        for (f, w) in self.weights.iter().enumerate() {
            let l = level_at(gamma, f);
            let mut x = w[usize::from(l) & 7];
            if l >= 3
                && m.kinds[f] == FieldKind::Name
                && let Some(Some(tf)) = self.tf.get(f)
            {
                let u = m.fields[f].u[usize::from(l)];
                let (k, scale) = if l == 5 { (0, 1.0) } else { (1, 0.5) };
                let freq = tf[i][k].max(tf[j][k]);
                x += ((u / freq).log2() * scale).clamp(-8.0, 8.0);
            }
            if is_identity(m.kinds[f], l) {
                identity += x;
            } else {
                context += x;
            }
        }
        m.prior_log2_odds + identity + context + context_cap(identity, context)
    }
}

/// Whether a category field holds sex (by its name, as the standardiser decides).
pub fn is_sex_field(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.contains("sex") || l.contains("gender") || l.contains("kelamin")
}

/// Most bits that context fields (phone, address, place, category) may add
/// beyond the identity fields' own positive evidence.
pub const CONTEXT_CAP_BITS: f64 = 10.0;

/// Whether a field's agreement speaks to who a person is (name, date,
/// identifier, number) rather than where they live or how to reach them. An
/// identifier one typo away counts as context: a NIK encodes region and birth
/// date and its serial restarts at 0001, so neighbours born a day apart in the
/// same kecamatan hold NIKs one digit apart. It supports a match; it cannot
/// make one against a different name. A typo that the NIK's structure proves
/// (level 3, see [`Model::gamma`]) is identity evidence.
pub fn is_identity(kind: FieldKind, level: u8) -> bool {
    match kind {
        FieldKind::Identifier => level != 2,
        FieldKind::Name | FieldKind::Date | FieldKind::Number => true,
        _ => false,
    }
}

/// The (non-positive) correction that caps context evidence. Phones and
/// addresses are shared within households and recruiter networks, so agreeing
/// on several of them is far more common among different people than their
/// separate u suggest; without the cap a household's shared phone and address
/// would outweigh two different names. Context may add at most
/// [`CONTEXT_CAP_BITS`] beyond the identity fields' positive evidence.
pub fn context_cap(identity: f64, context: f64) -> f64 {
    let allowed = identity.max(0.0) + CONTEXT_CAP_BITS;
    if context > allowed {
        allowed - context
    } else {
        0.0
    }
}

/// Converts a total match weight (bits) into a probability.
pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}
