//! `sinergi key rotate`: re-seal every sealed value under the newest key of the ring.
//!
//! The ring's newest key seals; older keys only open. Rotation walks every `*_enc` column the
//! database has (found in its catalogue, so columns added later are included), page by page in
//! short transactions, opens each value with the key its version byte names and seals it again
//! under the newest key. Values already re-sealed sort after the cursor, so an interrupted
//! rotation simply runs again and continues. Blind indexes and the audit chain derive from the
//! first key and are left as they are.

use crate::audit::Origin;
use crate::{App, AppError};

/// Values re-sealed per transaction.
const PAGE: i64 = 200;

/// What a rotation did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotationReport {
    /// The key version everything is now sealed with.
    pub version: u8,
    /// `(table.column, values re-sealed)` for every sealed column.
    pub columns: Vec<(String, u64)>,
    /// Values that no key of the ring opens (left as they are, counted here).
    pub unopenable: u64,
}

impl RotationReport {
    /// Values re-sealed in all.
    pub fn total(&self) -> u64 {
        self.columns.iter().map(|(_, n)| n).sum()
    }
}

impl App {
    /// Whether some sealed value is still under an older key than the newest (a rotation to
    /// finish).
    pub async fn rotation_pending(&self) -> Result<bool, AppError> {
        let version = self.vault.current_version();
        for column in self.store.sealed_columns().await? {
            if !self
                .store
                .sealed_values_below(&column, version, &[], 1)
                .await?
                .is_empty()
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Re-seals every value sealed under an older key (operator only; audited). Safe to run
    /// again after an interruption: it continues with what is left.
    pub async fn rotate_sealed_values(&self) -> Result<RotationReport, AppError> {
        let version = self.vault.current_version();
        let mut report = RotationReport {
            version,
            ..RotationReport::default()
        };
        for column in self.store.sealed_columns().await? {
            let mut done = 0u64;
            let mut cursor: Vec<u8> = Vec::new();
            loop {
                let page = self
                    .store
                    .sealed_values_below(&column, version, &cursor, PAGE)
                    .await?;
                let Some(last) = page.last() else { break };
                cursor = last.clone();
                let (changed, unopenable) = self
                    .atomically(async |app| {
                        let mut changed = 0u64;
                        let mut unopenable = 0u64;
                        for old in &page {
                            match app.vault.reseal(old)? {
                                Some(new) => {
                                    changed +=
                                        app.store.replace_sealed_value(&column, old, &new).await?;
                                }
                                None => unopenable += 1,
                            }
                        }
                        Ok((changed, unopenable))
                    })
                    .await?;
                done += changed;
                report.unopenable += unopenable;
            }
            report
                .columns
                .push((format!("{}.{}", column.0, column.1), done));
        }
        self.audit(
            &Origin::cli(),
            "key.rotate",
            &format!("v{version}"),
            &format!(
                "resealed={} unopenable={}",
                report.total(),
                report.unopenable
            ),
        )
        .await?;
        Ok(report)
    }
}
