//! Anonymised statistics: the case-level victim export in the spirit of the Counter Trafficking
//! Data Collaborative (CTDC), with the field names of the Human Trafficking Case Data Standard
//! (HTCDS) and Sinergi's published extension (`docs/htcds-extension.md`).
//!
//! Direct identifiers (names, NIK, phone, address, birth date, case number, ids) never leave:
//! the store query does not even select the sealed ones. Quasi-identifiers are generalised
//! (age band, region level, period) and every record whose full combination of exported values
//! is rarer than k is suppressed ([`kanon`]); the report says what was generalised and dropped.

pub mod kanon;

use crate::audit::Origin;
use crate::{App, AppError};
use kanon::{AnonymisationReport, RawQuasi, anonymise};
use sinergi_domain::cases::charges::Verdict;
use std::collections::HashMap;

/// CTDC's k.
pub const DEFAULT_K: usize = 11;

/// The exported columns, in order: the three generalised quasi-identifiers first.
pub const COLUMNS: [&str; 12] = [
    "prs_AgeBroad",
    "ext_RegionOfRegistration",
    "cas_IncomingReferralDate",
    "prs_Gender",
    "prs_Nationality",
    "cas_Status",
    "ext_CaseType",
    "ext_isForcedCriminality",
    "ext_IdentifiedBy",
    "ext_PerpetratorsRecorded",
    "ext_LegalOutcome",
    "ext_AssistanceReceived",
];

/// Fields of the case data that are removed outright.
pub const REMOVED: [&str; 8] = [
    "name",
    "NIK",
    "phone",
    "address",
    "birth date (only the age band remains)",
    "case number and ids",
    "free text (titles, narratives, notes)",
    "suspect names",
];

/// An export: CSV text and its report.
#[derive(Debug, Clone)]
pub struct HtcdsExport {
    /// The CSV (header + rows).
    pub csv: String,
    /// What was generalised and suppressed.
    pub report: AnonymisationReport,
}

/// Case facts gathered for one case.
#[derive(Debug, Default)]
struct Facts {
    stages: Vec<String>,
    verdicts: Vec<Verdict>,
    suspects: usize,
    services: usize,
    screening_linked: bool,
    tip_channel: Option<String>,
}

fn age_at(birth: Option<&str>, day: &str) -> Option<i32> {
    let b = birth?;
    let num = |s: &str, a: usize, z: usize| s.get(a..z).and_then(|t| t.parse::<i32>().ok());
    let (by, bm, bd) = (num(b, 0, 4)?, num(b, 5, 7)?, num(b, 8, 10)?);
    let (y, m, d) = (num(day, 0, 4)?, num(day, 5, 7)?, num(day, 8, 10)?);
    let mut age = y - by;
    if (m, d) < (bm, bd) {
        age -= 1;
    }
    Some(age)
}

fn identified_by(f: &Facts) -> String {
    match (&f.tip_channel, f.screening_linked) {
        (_, true) => "ImmigrationScreening".into(),
        (Some(c), false) if c == "portal" => "PublicReport".into(),
        (Some(c), false) if c == "village_head" => "VillageReport".into(),
        (Some(_), false) => "Hotline".into(),
        (None, false) => "AgencyInvestigation".into(),
    }
}

fn legal_outcome(f: &Facts) -> String {
    if f.verdicts.iter().any(|v| v.sentence_months > 0) {
        return "Convicted".into();
    }
    if !f.verdicts.is_empty() {
        return "Acquitted".into();
    }
    let prosecution = ["tahap_1", "p18", "p19", "p21", "tahap_2", "dakwaan"];
    if f.stages.iter().any(|s| prosecution.contains(&s.as_str())) {
        "Prosecution".into()
    } else if f.stages.is_empty() {
        "NoProceedings".into()
    } else {
        "Investigation".into()
    }
}

impl App {
    /// Builds the anonymised HTCDS export of every victim (operator at the command line; the
    /// dashboards will call it for roles holding `ExportStatistics`). Audited.
    pub async fn export_htcds(&self, origin: &Origin, k: usize) -> Result<HtcdsExport, AppError> {
        let victims = self.store.statistics_victims().await?;
        let mut facts: HashMap<String, Facts> = HashMap::new();
        for f in self.store.statistics_case_facts().await? {
            let e = facts.entry(f.case_id).or_default();
            match f.fact.as_str() {
                "stage" => e.stages.push(f.value),
                "verdict" => {
                    if let Ok(v) = serde_json::from_str::<Verdict>(&f.value) {
                        e.verdicts.push(v);
                    }
                }
                "suspect" => e.suspects += 1,
                "service" => e.services += 1,
                "link" if f.value == "screening" => e.screening_linked = true,
                "tip" => e.tip_channel = Some(f.value),
                _ => {}
            }
        }
        let empty = Facts::default();
        let mut rows = Vec::with_capacity(victims.len());
        let mut quasi = Vec::with_capacity(victims.len());
        for v in &victims {
            let f = facts.get(&v.case_id).unwrap_or(&empty);
            quasi.push(RawQuasi {
                age: age_at(v.birth_date.as_deref(), &v.started_on),
                region: v.region_code.clone(),
                registered: v.started_on.clone(),
            });
            rows.push(vec![
                "Unknown".to_string(),
                "IDN".to_string(),
                if v.case_status == "closed" {
                    "Closed"
                } else {
                    "Active"
                }
                .to_string(),
                match v.case_kind.as_str() {
                    "tppo" => "HumanTrafficking",
                    "pmi_np" => "IrregularLabourMigration",
                    "smuggling" => "MigrantSmuggling",
                    _ => "Other",
                }
                .to_string(),
                String::new(),
                identified_by(f),
                match f.suspects {
                    0 => "0",
                    1 => "1",
                    _ => "2+",
                }
                .to_string(),
                legal_outcome(f),
                if f.services > 0 { "Yes" } else { "No" }.to_string(),
            ]);
        }
        let (kept, mut report) = anonymise(&rows, &quasi, k);
        report.removed = REMOVED.iter().map(|s| (*s).to_string()).collect();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(COLUMNS)
            .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
        for r in &kept {
            w.write_record(r)
                .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
        let csv = String::from_utf8(bytes).map_err(|e| AppError::Internal(format!("csv: {e}")))?;
        let detail = format!(
            "k {} in {} out {} suppressed {}",
            report.k, report.records_in, report.records_out, report.suppressed_records
        );
        self.audit(origin, "statistics.export", "htcds", &detail)
            .await?;
        Ok(HtcdsExport { csv, report })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_is_counted_in_whole_years_at_registration() {
        assert_eq!(age_at(Some("2000-03-15"), "2026-03-14"), Some(25));
        assert_eq!(age_at(Some("2000-03-15"), "2026-03-15"), Some(26));
        assert_eq!(age_at(None, "2026-03-15"), None);
        assert_eq!(age_at(Some("bad"), "2026-03-15"), None);
    }

    #[test]
    fn outcome_follows_the_furthest_step() {
        let mut f = Facts::default();
        assert_eq!(legal_outcome(&f), "NoProceedings");
        f.stages.push("penyidikan".into());
        assert_eq!(legal_outcome(&f), "Investigation");
        f.stages.push("p21".into());
        assert_eq!(legal_outcome(&f), "Prosecution");
        f.verdicts.push(Verdict {
            number: "x".into(),
            sentence_months: 0,
            fine: 0,
            restitution: 0,
        });
        assert_eq!(legal_outcome(&f), "Acquitted");
    }
}
