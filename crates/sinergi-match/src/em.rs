//! Expectation-maximisation of m without labels.
//!
//! EM runs on the comparison vectors of the candidate pairs (counted once per
//! distinct vector, so it is fast even for tens of millions of pairs). It fits a
//! two-class mixture: m for matches and a candidate-specific u for non-matches
//! (candidate non-matches agree far more often than random pairs, because
//! blocking picked them). Only m and the match share are kept; the model's u
//! comes from random sampling, and the global prior is the match share scaled
//! from candidate pairs to all pairs.

use crate::compare::level_at;
use crate::model::Model;
use rustc_hash::FxHashMap;

/// Smallest probability EM gives a level: no single field, however rare its
/// disagreement among matches in the training data, may veto a match alone
/// (people move, numbers get mistyped).
const M_FLOOR: f64 = 0.005;

/// Result of an EM run.
#[derive(Debug, Clone, PartialEq)]
pub struct EmResult {
    /// Share of candidate pairs that are matches.
    pub match_share: f64,
    /// Iterations run.
    pub iterations: usize,
}

/// Runs EM on `histogram` (comparison vector → number of candidate pairs) and
/// stores the estimated m in `model`.
pub fn estimate_m(
    model: &mut Model,
    histogram: &FxHashMap<u64, u64>,
    max_iterations: usize,
) -> EmResult {
    let nf = model.fields.len();
    let patterns: Vec<(u64, f64)> = histogram.iter().map(|(g, c)| (*g, *c as f64)).collect();
    let mut m: Vec<Vec<f64>> = model.fields.iter().map(|p| p.m.clone()).collect();
    // Candidate non-matches: start from the sampled u, flattened towards agreement.
    let mut uc: Vec<Vec<f64>> = model
        .fields
        .iter()
        .map(|p| {
            let n = p.u.len() as f64;
            p.u.iter().map(|x| 0.5 * x + 0.5 / n).collect()
        })
        .collect();
    let mut lambda: f64 = 0.3;
    let mut iterations = 0;
    for it in 0..max_iterations {
        iterations = it + 1;
        let mut sm: Vec<Vec<f64>> = m.iter().map(|r| vec![0.0; r.len()]).collect();
        let mut su: Vec<Vec<f64>> = m.iter().map(|r| vec![0.0; r.len()]).collect();
        let mut total_match = 0.0;
        let mut total = 0.0;
        for (g, c) in &patterns {
            let (mut lm, mut lu) = (lambda.ln(), (1.0 - lambda).ln());
            for f in 0..nf {
                let l = usize::from(level_at(*g, f));
                if l == 0 || l >= m[f].len() {
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
    for (f, p) in model.fields.iter_mut().enumerate() {
        p.m.clone_from(&m[f]);
    }
    EmResult {
        match_share: lambda,
        iterations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::pack;
    use crate::schema::{FieldKind, FieldSpec, Schema};

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
