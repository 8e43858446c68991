//! Retention periods per record type and purpose, with their legal basis
//! (`data/retention.toml`). The purge job asks [`RetentionPolicy::cutoff_ms`] for the instant
//! before which a record type's records are deleted (or their identity erased).

use serde::Deserialize;
use std::collections::BTreeMap;

/// What happens to a record past its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The record is deleted (statistics kept).
    Delete,
    /// The identity fields are erased, the rest is kept.
    Erase,
    /// Kept (permanent archive).
    Keep,
}

/// One retention rule.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RetentionRule {
    /// Period in days.
    pub days: i64,
    /// The event the period runs from (`created`, `received`, `case_closed`, …).
    #[serde(default)]
    pub starts: String,
    /// Processing purpose.
    #[serde(default)]
    pub purpose: String,
    /// Legal basis.
    #[serde(default)]
    pub legal_basis: String,
    /// What happens past the period.
    #[serde(default = "default_action")]
    pub action: Action,
    /// The period is a default not yet confirmed by a regulation or the agency's JRA.
    #[serde(default)]
    pub unsure: bool,
}

fn default_action() -> Action {
    Action::Delete
}

/// The retention policy: rules by record type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// Rules by record type (`people`, `applicants`, `tips`, `victim_identity`, …).
    pub rules: BTreeMap<String, RetentionRule>,
}

/// Why a retention file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("retention: {0}")]
pub struct RetentionError(pub String);

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

impl RetentionPolicy {
    /// Parses `data/retention.toml`; periods must be ≥ 0 and records that are deleted or
    /// erased must name a legal basis.
    pub fn parse(text: &str) -> Result<RetentionPolicy, RetentionError> {
        let rules: BTreeMap<String, RetentionRule> =
            toml::from_str(text).map_err(|e| RetentionError(e.message().to_string()))?;
        for (k, r) in &rules {
            if r.days < 0 {
                return Err(RetentionError(format!("{k}: negative period")));
            }
            if r.action != Action::Keep && r.legal_basis.trim().is_empty() {
                return Err(RetentionError(format!("{k}: no legal basis")));
            }
        }
        Ok(RetentionPolicy { rules })
    }

    /// The instant (epoch ms) before which `record` is past its period at `now_ms`, or `None`
    /// when the type has no rule or is kept.
    pub fn cutoff_ms(&self, record: &str, now_ms: i64) -> Option<i64> {
        let r = self.rules.get(record)?;
        (r.action != Action::Keep).then(|| now_ms.saturating_sub(r.days.saturating_mul(DAY_MS)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../data/retention.toml");

    #[test]
    fn every_record_type_has_a_period_a_purpose_and_a_basis() {
        let p = RetentionPolicy::parse(SHIPPED).expect("parses");
        for k in [
            "people",
            "applicants",
            "tips",
            "victim_identity",
            "attachments",
            "cases",
            "login_attempts",
            "sessions",
        ] {
            let r = p.rules.get(k).unwrap_or_else(|| panic!("{k} missing"));
            assert!(!r.purpose.is_empty() && !r.legal_basis.is_empty(), "{k}");
        }
        assert_eq!(p.rules["victim_identity"].action, Action::Erase);
        assert!(p.rules["people"].legal_basis.contains("UU 27/2022"));
    }

    #[test]
    fn cutoffs() {
        let p = RetentionPolicy::parse(SHIPPED).expect("parses");
        let now = 10_000 * DAY_MS;
        assert_eq!(p.cutoff_ms("tips", now), Some(now - 730 * DAY_MS));
        assert_eq!(p.cutoff_ms("cases", now), None, "kept as archive");
        assert_eq!(p.cutoff_ms("nothing", now), None);
        assert!(RetentionPolicy::parse("[x]\ndays = -1\nlegal_basis = \"y\"\n").is_err());
        assert!(
            RetentionPolicy::parse("[x]\ndays = 1\n").is_err(),
            "no basis"
        );
    }
}
