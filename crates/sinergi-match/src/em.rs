//! Expectation-maximisation of m without labels.
//!
//! EM runs on the comparison vectors of the candidate pairs (counted once per
//! distinct vector, so it is fast even for tens of millions of pairs). It fits a
//! two-class mixture: m for matches and a candidate-specific u for non-matches
//! (candidate non-matches agree far more often than random pairs, because
//! blocking picked them). Only m and the match share are kept; the model's u
//! comes from random sampling, and the global prior is the match share scaled
//! from candidate pairs to all pairs.
//!
//! Like Splink's training sessions, m of a field is not learnt from pairs
//! selected by that same field: after a first pass on all candidates, one
//! session per identity field (name, date, identifier) runs on the pairs that
//! agree exactly on it ("anchor") and estimates m for the other fields. A
//! field's final m averages the sessions not anchored on it. This keeps
//! households (shared phone and address, different names) from teaching EM
//! that a different name is common among matches.

use crate::compare::level_at;
use crate::model::Model;
use crate::schema::FieldKind;
use rustc_hash::FxHashMap;

/// Smallest probability EM gives a level: no single field, however rare its
/// disagreement among matches in the training data, may veto a match alone
/// (people move, numbers get mistyped).
const M_FLOOR: f64 = 0.002;

/// Result of an EM run.
#[derive(Debug, Clone, PartialEq)]
pub struct EmResult {
    /// Share of candidate pairs that are matches.
    pub match_share: f64,
    /// Iterations run (first pass).
    pub iterations: usize,
    /// Anchored sessions run.
    pub sessions: usize,
}

struct Fit {
    m: Vec<Vec<f64>>,
    lambda: f64,
    matches: f64,
    iterations: usize,
}

fn fit(
    m0: &[Vec<f64>],
    u0: &[Vec<f64>],
    patterns: &[(u64, f64)],
    fixed: Option<usize>,
    max_iterations: usize,
) -> Fit {
    let nf = m0.len();
    let mut m: Vec<Vec<f64>> = m0.to_vec();
    // Candidate non-matches: start from the sampled u, flattened towards agreement.
    let mut uc: Vec<Vec<f64>> = u0
        .iter()
        .map(|u| {
            let n = u.len() as f64;
            u.iter().map(|x| 0.5 * x + 0.5 / n).collect()
        })
        .collect();
    let mut lambda: f64 = 0.3;
    let mut iterations = 0;
    let mut total_match = 0.0;
    for it in 0..max_iterations {
        iterations = it + 1;
        let mut sm: Vec<Vec<f64>> = m.iter().map(|r| vec![0.0; r.len()]).collect();
        let mut su: Vec<Vec<f64>> = m.iter().map(|r| vec![0.0; r.len()]).collect();
        total_match = 0.0;
        let mut total = 0.0;
        for (g, c) in patterns {
            let (mut lm, mut lu) = (lambda.ln(), (1.0 - lambda).ln());
            for f in 0..nf {
                let l = usize::from(level_at(*g, f));
                if l == 0 || l >= m[f].len() || Some(f) == fixed {
                    continue;
                }
                lm += m[f][l].max(1e-12).ln();
                lu += uc[f][l].max(1e-12).ln();
            }
            let post = 1.0 / (1.0 + (lu - lm).exp());
            total_match += c * post;
            total += c;
            for f in 0..nf {
                let l = usize::from(level_at(*g, f));
                if l == 0 || l >= m[f].len() {
                    continue;
                }
                sm[f][l] += c * post;
                su[f][l] += c * (1.0 - post);
            }
        }
        let new_lambda = (total_match / total.max(1.0)).clamp(1e-9, 1.0 - 1e-9);
        let mut delta = (new_lambda - lambda).abs();
        lambda = new_lambda;
        for f in 0..nf {
            if Some(f) == fixed {
                continue;
            }
            for (target, sums) in [(&mut m[f], &sm[f]), (&mut uc[f], &su[f])] {
                let s: f64 = sums[1..].iter().sum();
                if s <= 0.0 {
                    continue;
                }
                let n = sums.len() as f64;
                for l in 1..sums.len() {
                    let v = ((sums[l] + 1e-3) / (s + 1e-3 * n)).max(M_FLOOR);
                    delta = delta.max((v - target[l]).abs());
                    target[l] = v;
                }
            }
        }
        if delta < 1e-5 {
            break;
        }
    }
    Fit {
        m,
        lambda,
        matches: total_match,
        iterations,
    }
}

/// Runs EM on `histogram` (comparison vector → number of candidate pairs) and
/// stores the estimated m in `model`.
pub fn estimate_m(
    model: &mut Model,
    histogram: &FxHashMap<u64, u64>,
    max_iterations: usize,
) -> EmResult {
    let patterns: Vec<(u64, f64)> = histogram.iter().map(|(g, c)| (*g, *c as f64)).collect();
    let m0: Vec<Vec<f64>> = model.fields.iter().map(|p| p.m.clone()).collect();
    let u0: Vec<Vec<f64>> = model.fields.iter().map(|p| p.u.clone()).collect();
    let first = fit(&m0, &u0, &patterns, None, max_iterations);
    let nf = m0.len();
    let mut sum: Vec<Vec<f64>> = first.m.iter().map(|r| vec![0.0; r.len()]).collect();
    let mut weight = vec![0.0f64; nf];
    let mut sessions = 0;
    for (a, kind) in model.kinds.iter().enumerate() {
        if !matches!(
            kind,
            FieldKind::Name | FieldKind::Date | FieldKind::Identifier
        ) {
            continue;
        }
        let top = u8::try_from(first.m[a].len() - 1).unwrap_or(0);
        let sub: Vec<(u64, f64)> = patterns
            .iter()
            .copied()
            .filter(|(g, _)| level_at(*g, a) == top)
            .collect();
        if sub.iter().map(|p| p.1).sum::<f64>() < 100.0 {
            continue;
        }
        let s = fit(&first.m, &u0, &sub, Some(a), max_iterations);
        sessions += 1;
        for f in 0..nf {
            if f == a {
                continue;
            }
            for (acc, v) in sum[f].iter_mut().zip(&s.m[f]) {
                *acc += v * s.matches;
            }
            weight[f] += s.matches;
        }
    }
    for (f, p) in model.fields.iter_mut().enumerate() {
        if weight[f] > 0.0 {
            p.m = sum[f].iter().map(|x| x / weight[f]).collect();
        } else {
            p.m.clone_from(&first.m[f]);
        }
    }
    EmResult {
        match_share: first.lambda,
        iterations: first.iterations,
        sessions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::pack;
    use crate::schema::{FieldSpec, Schema};

    #[test]
    fn separates_two_obvious_classes() {
        let schema = Schema {
            id_column: "id".into(),
            fields: vec![
                FieldSpec::new("n", FieldKind::Category),
                FieldSpec::new("d", FieldKind::Category),
            ],
        };
        let mut model = Model::defaults(&schema);
        let mut h = FxHashMap::default();
        h.insert(pack([2, 2]), 300);
        h.insert(pack([1, 1]), 650);
        h.insert(pack([2, 1]), 25);
        h.insert(pack([1, 2]), 25);
        let r = estimate_m(&mut model, &h, 100);
        assert!((r.match_share - 0.3).abs() < 0.05, "{r:?}");
        assert!(model.fields[0].m[2] > 0.9);
    }
}
