//! The rule tables and the indicator set in force, as versioned data. The shipped files seed
//! version 1; a supervisor's weight change stores a new version in the database.

use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::clock::to_millis;
use sinergi_domain::prevention::{IndicatorSet, RuleSet};

/// Rule tables shipped with Sinergi.
pub const RULES: &str = include_str!("../../../../data/prevention/rules.toml");
/// Indicators shipped with Sinergi (version 1).
pub const INDICATORS: &str = include_str!("../../../../data/prevention/indicators.toml");
/// Licensed placement companies known to this installation (P3MI registry mirror).
pub const P3MI: &str = include_str!("../../../../data/prevention/p3mi.toml");

/// The rule set in force.
pub fn rules() -> Result<RuleSet, AppError> {
    RuleSet::parse(RULES).map_err(|e| AppError::Internal(format!("rules: {e}")))
}

#[derive(serde::Deserialize)]
struct P3miFile {
    licensed: Vec<String>,
}

/// Whether a named placement company is in the licence registry (case and spacing ignored).
pub fn p3mi_licensed(name: &str) -> bool {
    let norm = |s: &str| {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty() && *t != "pt")
            .collect::<Vec<_>>()
            .join(" ")
    };
    let wanted = norm(name);
    if wanted.is_empty() {
        return false;
    }
    toml::from_str::<P3miFile>(P3MI)
        .map(|f| f.licensed.iter().any(|l| norm(l) == wanted))
        .unwrap_or(false)
}

impl App {
    /// The indicator set in force: the newest stored version, else the shipped one (stored as
    /// version 1 on first use so decisions can always show their version).
    pub async fn indicators(&self) -> Result<IndicatorSet, AppError> {
        let shipped = IndicatorSet::parse(INDICATORS)
            .map_err(|e| AppError::Internal(format!("indicators: {e}")))?;
        let set = match self.store.latest_indicator_version().await? {
            Some(stored) => {
                // A stored set lacking indicators shipped later (or still holding a retired
                // one) becomes a new version; otherwise it is the set in force.
                match stored.set.upgraded_with(&shipped) {
                    Some(next) => next,
                    None if stored.dropped_retired => IndicatorSet {
                        version: stored.set.version + 1,
                        ..stored.set
                    },
                    None => return Ok(stored.set),
                }
            }
            None => shipped,
        };
        // A concurrent first use may have stored it already: that is fine.
        self.store
            .insert_indicator_version(&set, to_millis(self.clock.now()), "system")
            .await?;
        Ok(set)
    }

    /// An older indicator version (to show what a decision was made with).
    pub async fn indicator_version(&self, version: i64) -> Result<IndicatorSet, AppError> {
        self.store
            .indicator_version(version)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Changes one indicator's weight: a new version (needs `ManageIndicators`).
    pub async fn set_indicator_weight(
        &self,
        actor: &Actor,
        code: &str,
        weight: i64,
    ) -> Result<IndicatorSet, AppError> {
        actor.require(Permission::ManageIndicators)?;
        self.atomically(async |app| {
            let current = app.indicators().await?;
            let next = current
                .with_weight(code, weight)
                .map_err(|e| AppError::invalid("weight", "indicator_invalid", e.to_string()))?;
            if !app
                .store
                .insert_indicator_version(&next, to_millis(app.clock.now()), &actor.user.id)
                .await?
            {
                return Err(AppError::Conflict("indicator_version_taken"));
            }
            app.audit(
                &actor.origin(),
                "indicators.edit",
                code,
                &format!("weight={weight} version={}", next.version),
            )
            .await?;
            Ok(next)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_tables_parse() {
        assert!(rules().is_ok());
        assert!(IndicatorSet::parse(INDICATORS).is_ok());
    }

    #[test]
    fn licence_registry_ignores_case_and_pt() {
        assert!(p3mi_licensed("pt contoh penempatan resmi"));
        assert!(p3mi_licensed("CONTOH PENEMPATAN RESMI"));
        assert!(!p3mi_licensed("PT Tanpa Izin Sejahtera"));
        assert!(!p3mi_licensed(""));
    }
}
