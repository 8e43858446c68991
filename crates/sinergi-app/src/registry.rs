//! The agency registry: seeded from `data/agencies.toml`, names in force by date.

use crate::{App, AppError};
use serde::Deserialize;
use sinergi_domain::org::{Agency, AgencyKind, AgencyName};
use time::{Date, Month};

/// The registry Sinergi ships with (real public bodies; no personal data).
const SEED: &str = include_str!("../../../data/agencies.toml");

#[derive(Deserialize)]
struct SeedFile {
    agency: Vec<SeedAgency>,
}

#[derive(Deserialize)]
struct SeedAgency {
    code: String,
    kind: AgencyKind,
    region_code: Option<String>,
    names: Vec<SeedName>,
}

#[derive(Deserialize)]
struct SeedName {
    name: String,
    parent_code: Option<String>,
    valid_from: toml::value::Datetime,
    valid_to: Option<toml::value::Datetime>,
}

fn toml_date(d: &toml::value::Datetime) -> Result<Date, AppError> {
    let date = d
        .date
        .ok_or_else(|| AppError::Internal(format!("agency seed: `{d}` is not a date")))?;
    let month = Month::try_from(date.month)
        .map_err(|_| AppError::Internal(format!("agency seed: bad month in `{d}`")))?;
    Date::from_calendar_date(i32::from(date.year), month, date.day)
        .map_err(|_| AppError::Internal(format!("agency seed: impossible date `{d}`")))
}

/// Parses an agency registry in the `data/agencies.toml` format and validates each agency.
pub fn parse_registry(text: &str) -> Result<Vec<Agency>, AppError> {
    let file: SeedFile =
        toml::from_str(text).map_err(|e| AppError::Internal(format!("agency registry: {e}")))?;
    let mut out = Vec::with_capacity(file.agency.len());
    for a in file.agency {
        let mut names = Vec::with_capacity(a.names.len());
        for n in a.names {
            names.push(AgencyName {
                name: n.name,
                parent_code: n.parent_code,
                valid_from: toml_date(&n.valid_from)?,
                valid_to: n.valid_to.as_ref().map(toml_date).transpose()?,
            });
        }
        let agency = Agency {
            code: a.code,
            kind: a.kind,
            region_code: a.region_code,
            names,
        };
        agency
            .validate()
            .map_err(|e| AppError::Internal(format!("agency registry: {e}")))?;
        out.push(agency);
    }
    Ok(out)
}

/// Loads the shipped registry into the store (idempotent upsert).
pub(crate) async fn seed_agencies(app: &App) -> Result<(), AppError> {
    for a in parse_registry(SEED)? {
        app.store.upsert_agency(&a).await?;
    }
    Ok(())
}

impl App {
    /// Every agency with its name history.
    pub async fn agencies(&self) -> Result<Vec<Agency>, AppError> {
        Ok(self.store.agencies().await?)
    }

    /// One agency by code.
    pub async fn agency(&self, code: &str) -> Result<Agency, AppError> {
        Ok(self.store.agency(code).await?)
    }

    /// The name of an agency in force today (WIB); the code itself when unknown.
    pub async fn agency_name_today(&self, code: &str) -> String {
        match self.store.agency(code).await {
            Ok(a) => a.name_on(self.clock.now_wib().date()).to_string(),
            Err(_) => code.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn shipped_registry_is_valid_and_dated() {
        let all = parse_registry(SEED).expect("registry parses");
        assert!(all.len() >= 20);
        let p2mi = all.iter().find(|a| a.code == "p2mi").expect("p2mi");
        assert!(p2mi.name_on(date!(2023 - 01 - 01)).contains("BP2MI"));
        assert!(p2mi.name_on(date!(2025 - 01 - 01)).contains("KP2MI"));
        let kanim = all
            .iter()
            .find(|a| a.code == "kanim-malang")
            .expect("kanim");
        assert_eq!(kanim.parent_on(date!(2023 - 06 - 21)), Some("kanwil-jatim"));
        assert_eq!(
            kanim.parent_on(date!(2026 - 01 - 01)),
            Some("kanwil-imigrasi-jatim")
        );
        for kind in AgencyKind::ALL {
            assert!(
                all.iter().any(|a| a.kind == kind),
                "no agency of kind {kind}"
            );
        }
    }

    #[test]
    fn broken_registry_is_reported() {
        let bad = "[[agency]]\ncode = \"x\"\nkind = \"martian\"\nnames = []\n";
        assert!(parse_registry(bad).is_err());
    }
}
