//! The retention purge of records beyond people and sessions, by the periods and legal bases of
//! `data/retention.toml` (read by `sinergi_domain::retention`): decided passport applications,
//! tips closed without a case, victim identity and attachments of closed cases. Called by the
//! existing purge job (`App::purge_expired`, `sinergi privacy purge`); statistics are kept.

use crate::privacy::PurgeReport;
use crate::{App, AppError};
use sinergi_domain::clock::{from_millis, to_millis};
use sinergi_domain::retention::RetentionPolicy;
use sinergi_store::trust::StatisticRow;
use std::collections::BTreeMap;
use std::path::Path;

const RETENTION: &str = include_str!("../../../data/retention.toml");
const BATCH: i64 = 1000;

/// The retention policy shipped in `data/retention.toml`.
pub fn policy() -> Result<RetentionPolicy, AppError> {
    RetentionPolicy::parse(RETENTION).map_err(|e| AppError::Internal(e.to_string()))
}

fn month(ms: i64) -> String {
    let t = from_millis(ms);
    format!("{:04}-{:02}", t.year(), u8::from(t.month()))
}

fn stats(record_type: &str, rows: &[(String, Vec<(&str, String)>)]) -> Vec<StatisticRow> {
    let mut counts: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for (period, dims) in rows {
        *counts
            .entry((period.clone(), "all".into(), "all".into()))
            .or_default() += 1;
        for (d, v) in dims {
            *counts
                .entry((period.clone(), (*d).to_string(), v.clone()))
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|((period, dimension, value), count)| StatisticRow {
            record_type: record_type.into(),
            period,
            dimension,
            value,
            count,
        })
        .collect()
}

impl App {
    /// Purges applications, tips and victim identity past their periods (see the module doc).
    pub(crate) async fn purge_by_policy(&self, report: &mut PurgeReport) -> Result<(), AppError> {
        let policy = policy()?;
        let now = to_millis(self.clock.now());
        if let Some(cutoff) = policy.cutoff_ms("applicants", now) {
            loop {
                let batch = self.store.applicants_decided_before(cutoff, BATCH).await?;
                if batch.is_empty() {
                    break;
                }
                let rows: Vec<_> = batch
                    .iter()
                    .map(|a| {
                        (
                            month(a.created_at),
                            vec![
                                ("status", a.status.clone()),
                                ("destination", a.destination.clone()),
                                ("sex", a.sex.clone().unwrap_or_else(|| "-".into())),
                            ],
                        )
                    })
                    .collect();
                let ids: Vec<String> = batch.into_iter().map(|a| a.id).collect();
                report.applicants_deleted += self
                    .store
                    .purge_applicants(&ids, &stats("applicants", &rows))
                    .await?;
                for id in &ids {
                    self.index_remove(&crate::prevention::index::entry_id(
                        crate::prevention::index::EntryKind::Applicant,
                        id,
                    ));
                }
            }
        }
        if let Some(cutoff) = policy.cutoff_ms("tips", now) {
            loop {
                let batch = self.store.tips_closed_before(cutoff, BATCH).await?;
                if batch.is_empty() {
                    break;
                }
                let rows: Vec<_> = batch
                    .iter()
                    .map(|t| {
                        (
                            month(t.received_at),
                            vec![("kind", t.kind.clone()), ("severity", t.severity.clone())],
                        )
                    })
                    .collect();
                let ids: Vec<String> = batch.into_iter().map(|t| t.id).collect();
                report.tips_deleted += self.store.purge_tips(&ids, &stats("tips", &rows)).await?;
            }
        }
        if let Some(cutoff) = policy.cutoff_ms("victim_identity", now) {
            for case_id in self.store.cases_closed_before(cutoff).await? {
                report.identities_erased += self.store.erase_protected_identities(&case_id).await?;
            }
        }
        Ok(())
    }

    /// Deletes the attachments (rows and files under `data_dir`) of cases closed longer than
    /// their period; returns how many files were removed. Run by `sinergi privacy purge`.
    pub async fn purge_attachments(&self, data_dir: &Path) -> Result<u64, AppError> {
        let policy = policy()?;
        let now = to_millis(self.clock.now());
        let Some(cutoff) = policy.cutoff_ms("attachments", now) else {
            return Ok(0);
        };
        let mut removed = 0;
        for case_id in self.store.cases_closed_before(cutoff).await? {
            for rel in self.store.purge_case_attachments(&case_id).await? {
                // Stored paths are relative to the data folder; never follow `..`.
                if rel.split(['/', '\\']).any(|p| p == "..") {
                    continue;
                }
                if std::fs::remove_file(data_dir.join(&rel)).is_ok() {
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}
