//! Explanations: each field's contribution to a match decision, in bits of
//! evidence, so an officer sees why two records were (or were not) linked.

/// One field's part in a decision.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldContribution {
    /// Field name.
    pub field: String,
    /// Comparison level reached ("exact", "one typo", "missing" ...).
    pub level: &'static str,
    /// Match weight of that level, log2(m/u).
    pub weight: f64,
    /// Term-frequency adjustment (names only): positive for rare names, negative
    /// for common ones.
    pub tf_adjustment: f64,
}

/// Why a pair got its probability.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// Prior log2-odds that two records match.
    pub prior: f64,
    /// Per-field contributions, in schema order.
    pub fields: Vec<FieldContribution>,
    /// Correction (≤ 0) capping context evidence (shared phone and address
    /// without identity agreement), see [`crate::model::context_cap`].
    pub context_cap: f64,
    /// Total match weight (prior + fields + context cap).
    pub total: f64,
    /// Match probability.
    pub probability: f64,
}

impl Explanation {
    /// Builds an explanation and its totals.
    pub fn new(prior: f64, fields: Vec<FieldContribution>, context_cap: f64) -> Explanation {
        let total = prior
            + context_cap
            + fields
                .iter()
                .map(|f| f.weight + f.tf_adjustment)
                .sum::<f64>();
        Explanation {
            prior,
            fields,
            context_cap,
            total,
            probability: crate::model::probability(total),
        }
    }
}

impl std::fmt::Display for Explanation {
    /// One line: `full_name=exact(+9.1, tf -2.0); birth_date=missing(0.0); ...`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, c) in self.fields.iter().enumerate() {
            if i > 0 {
                write!(f, "; ")?;
            }
            write!(f, "{}={}({:+.1}", c.field, c.level, c.weight)?;
            if c.tf_adjustment != 0.0 {
                write!(f, ", tf {:+.1}", c.tf_adjustment)?;
            }
            write!(f, ")")?;
        }
        if self.context_cap != 0.0 {
            write!(f, "; context cap={:+.1}", self.context_cap)?;
        }
        write!(f, "; prior={:+.1}", self.prior)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_lists_every_field() {
        let e = Explanation::new(
            -10.0,
            vec![
                FieldContribution {
                    field: "full_name".into(),
                    level: "exact",
                    weight: 8.0,
                    tf_adjustment: -1.5,
                },
                FieldContribution {
                    field: "nik".into(),
                    level: "missing",
                    weight: 0.0,
                    tf_adjustment: 0.0,
                },
            ],
            0.0,
        );
        assert_eq!(
            e.to_string(),
            "full_name=exact(+8.0, tf -1.5); nik=missing(+0.0); prior=-10.0"
        );
        assert!((e.total - -3.5).abs() < 1e-9);
        assert!(e.probability < 0.1);
    }
}
