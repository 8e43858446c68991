//! The linkage pipeline: block, compare, estimate (u by sampling, m by EM),
//! score, cluster. [`dedupe`] finds the entities inside one source; [`link`]
//! links two sources.

use crate::blocking::{BlockingOptions, RuleStats, candidate_pairs, unpack};
use crate::cluster::{Edge, Exclusive, cluster};
use crate::columns::Columns;
use crate::compare::level_at;
use crate::em::estimate_m;
use crate::model::{Model, PairScorer, probability};
use crate::progress::Progress;
use crate::record::{Record, Value};
use crate::schema::Schema;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Options of a linkage run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkOptions {
    /// Match probability at or above which a pair is a link.
    pub threshold: f64,
    /// Block size bounds.
    pub blocking: BlockingOptions,
    /// Random pairs compared to estimate u.
    pub u_samples: usize,
    /// Maximum EM iterations.
    pub em_iterations: usize,
    /// Seed of the random sampling (runs are reproducible).
    pub seed: u64,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            threshold: 0.9,
            blocking: BlockingOptions::default(),
            u_samples: 1_000_000,
            em_iterations: 60,
            seed: 42,
        }
    }
}

/// A scored candidate pair (record indices into the input slice(s)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPair {
    /// Left record index (for [`link`]: index into `left`).
    pub left: u32,
    /// Right record index (for [`link`]: index into `right`).
    pub right: u32,
    /// Match probability.
    pub probability: f64,
}

/// Counts of a run, for the report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkStats {
    /// Candidate pairs compared.
    pub candidates: u64,
    /// Per blocking rule.
    pub rules: Vec<RuleStats>,
    /// Share of candidates EM judged to be matches.
    pub em_match_share: f64,
    /// EM iterations run.
    pub em_iterations: usize,
    /// Pairs at or above the threshold.
    pub links: u64,
    /// Clusters (singletons included), dedupe only.
    pub clusters: u64,
}

/// The outcome of a linkage run.
#[derive(Debug, Clone)]
pub struct LinkResult {
    /// For [`dedupe`]: cluster number of each record (the index of its first
    /// record); empty for [`link`].
    pub clusters: Vec<u32>,
    /// Pairs at or above the threshold, strongest first.
    pub pairs: Vec<ScoredPair>,
    /// The trained model (use [`Model::explain`] for any pair).
    pub model: Model,
    /// Counts.
    pub stats: LinkStats,
}

/// Finds the entities within one source.
pub fn dedupe(
    schema: &Schema,
    records: &[Record],
    opts: &LinkOptions,
    progress: &dyn Progress,
) -> LinkResult {
    run(schema, records, None, opts, progress)
}

/// Links records of `left` to records of `right` (pairs only across sources).
pub fn link(
    schema: &Schema,
    left: &[Record],
    right: &[Record],
    opts: &LinkOptions,
    progress: &dyn Progress,
) -> LinkResult {
    let mut all = Vec::with_capacity(left.len() + right.len());
    all.extend_from_slice(left);
    all.extend_from_slice(right);
    let n = left.len() as u32;
    let mut r = run(schema, &all, Some(left.len()), opts, progress);
    for p in &mut r.pairs {
        p.right -= n;
    }
    r
}

fn run(
    schema: &Schema,
    records: &[Record],
    split: Option<usize>,
    opts: &LinkOptions,
    progress: &dyn Progress,
) -> LinkResult {
    let n = records.len();
    progress.stage("blocking", 0);
    let (pairs, rules) = candidate_pairs(schema, records, split, opts.blocking);
    progress.finish();

    progress.stage("estimating u (random pairs)", 0);
    let mut model = Model::defaults(schema);
    model.count_frequencies(records);
    let cols = Columns::build(&model.kinds, records);
    model.estimate_u_at(&cols, records, split, opts.u_samples, opts.seed);
    progress.finish();

    progress.stage("comparing candidate pairs", pairs.len() as u64);
    let gammas: Vec<u64> = pairs
        .par_chunks(65_536)
        .flat_map_iter(|chunk| {
            let v: Vec<u64> = chunk
                .iter()
                .map(|&p| {
                    let (i, j) = unpack(p);
                    model.gamma_at(&cols, records, i, j)
                })
                .collect();
            progress.advance(chunk.len() as u64);
            v
        })
        .collect();
    progress.finish();

    progress.stage("estimating m (EM)", 0);
    let histogram: FxHashMap<u64, u64> = gammas
        .par_chunks(65_536)
        .fold(FxHashMap::default, |mut h: FxHashMap<u64, u64>, chunk| {
            for g in chunk {
                *h.entry(*g).or_insert(0) += 1;
            }
            h
        })
        .reduce(FxHashMap::default, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_insert(0) += v;
            }
            a
        });
    let em = estimate_m(&mut model, &histogram, opts.em_iterations);
    let all_pairs = match split {
        Some(k) => k as f64 * (n - k) as f64,
        None => n as f64 * (n as f64 - 1.0) / 2.0,
    };
    let lambda = (em.match_share * pairs.len() as f64 / all_pairs.max(1.0)).clamp(1e-12, 0.5);
    model.prior_log2_odds = (lambda / (1.0 - lambda)).log2();
    progress.finish();

    progress.stage("scoring", pairs.len() as u64);
    let threshold = opts.threshold as f32;
    let scorer = PairScorer::new(&model, records);
    let probs: Vec<f32> = pairs
        .par_iter()
        .zip(gammas.par_iter())
        .with_min_len(65_536)
        .map(|(&p, &g)| {
            let (i, j) = unpack(p);
            probability(scorer.weight(g, i, j)) as f32
        })
        .collect();
    drop(scorer);
    progress.advance(pairs.len() as u64);
    drop(gammas);
    drop(cols);
    let candidates = pairs.len() as u64;
    // Clustering needs the links and, as evidence against chaining, the other
    // compared pairs between records that have a link; the rest is dropped
    // here to keep memory bounded.
    let mut linked = vec![false; n];
    for (&p, &pr) in pairs.iter().zip(&probs) {
        if pr >= threshold {
            let (i, j) = unpack(p);
            linked[i] = true;
            linked[j] = true;
        }
    }
    let edges: Vec<Edge> = pairs
        .iter()
        .zip(&probs)
        .filter_map(|(&p, &pr)| {
            let (i, j) = unpack(p);
            (pr >= threshold || (linked[i] && linked[j])).then_some(Edge {
                a: i as u32,
                b: j as u32,
                p: pr,
            })
        })
        .collect();
    drop(probs);
    drop(pairs);
    progress.finish();

    let mut links: Vec<ScoredPair> = edges
        .iter()
        .filter(|e| e.p >= threshold)
        .map(|e| ScoredPair {
            left: e.a,
            right: e.b,
            probability: f64::from(e.p),
        })
        .collect();
    links.sort_unstable_by(|a, b| {
        b.probability
            .total_cmp(&a.probability)
            .then(a.left.cmp(&b.left))
            .then(a.right.cmp(&b.right))
    });

    let clusters = if split.is_none() {
        progress.stage("clustering", 0);
        let exclusive: Vec<Exclusive> = records
            .iter()
            .map(|r| {
                schema
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.is_exclusive())
                    .filter_map(|(i, _)| match &r.values[i] {
                        Value::Id(id) if id.valid => Some((i as u8, id.clone())),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let c = cluster(n, &edges, threshold, &exclusive);
        progress.finish();
        c
    } else {
        Vec::new()
    };
    let n_clusters = clusters
        .iter()
        .enumerate()
        .filter(|(i, c)| **c as usize == *i)
        .count() as u64;
    let _ = level_at;
    LinkResult {
        clusters,
        stats: LinkStats {
            candidates,
            rules,
            em_match_share: em.match_share,
            em_iterations: em.iterations,
            links: links.len() as u64,
            clusters: n_clusters,
        },
        pairs: links,
        model,
    }
}

/// Trains a model on one source without scoring or clustering: blocking, u by
/// random sampling, m by EM. [`crate::ScreeningIndex::build`] uses it so that a
/// watchlist is screened with weights learnt from the watchlist itself.
pub fn train(
    schema: &Schema,
    records: &[Record],
    opts: &LinkOptions,
    progress: &dyn Progress,
) -> Model {
    progress.stage("training: blocking", 0);
    let (pairs, _) = candidate_pairs(schema, records, None, opts.blocking);
    let mut model = Model::defaults(schema);
    model.count_frequencies(records);
    let cols = Columns::build(&model.kinds, records);
    model.estimate_u_at(&cols, records, None, opts.u_samples, opts.seed);
    let histogram: FxHashMap<u64, u64> = pairs
        .par_chunks(65_536)
        .fold(FxHashMap::default, |mut h: FxHashMap<u64, u64>, chunk| {
            for &p in chunk {
                let (i, j) = unpack(p);
                *h.entry(model.gamma_at(&cols, records, i, j)).or_insert(0) += 1;
            }
            h
        })
        .reduce(FxHashMap::default, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_insert(0) += v;
            }
            a
        });
    let em = estimate_m(&mut model, &histogram, opts.em_iterations);
    let n = records.len() as f64;
    let lambda =
        (em.match_share * pairs.len() as f64 / (n * (n - 1.0) / 2.0).max(1.0)).clamp(1e-12, 0.5);
    model.prior_log2_odds = (lambda / (1.0 - lambda)).log2();
    progress.finish();
    model
}
