//! `sinergi restore --input FILE`: a backup into a fresh data folder or database.

use crate::config::Config;
use crate::server::find_master_key;
use anyhow::Context;
use sinergi_app::backup::{RestoreRequest, read_manifest, restore_backup};

/// Arguments of `sinergi restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup file written by `sinergi backup`.
    #[arg(long)]
    pub input: std::path::PathBuf,
}

/// Restores and prints what was loaded.
pub async fn run(config: &Config, args: &RestoreArgs) -> anyhow::Result<bool> {
    let manifest = read_manifest(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?;
    let key = find_master_key(config)?.with_context(|| {
        format!(
            "no master key: put the key with fingerprint {} in {} or SINERGI_MASTER_KEY first",
            manifest.key_fingerprint,
            config.data_dir.join("sinergi.key").display()
        )
    })?;
    config.prepare_data_dir()?;
    let attachments = config.data_dir.join("attachments");
    let report = restore_backup(&RestoreRequest {
        database_url: &config.database_url,
        attachments_dir: &attachments,
        key: &key,
        input: &args.input,
    })
    .await
    .with_context(|| format!("restore from {} failed", args.input.display()))?;
    let rows: u64 = report.tables.iter().map(|(_, n)| n).sum();
    outln!(
        "Restored {} tables, {rows} rows and {} attachments from a {} backup into {}.",
        report.tables.len(),
        report.attachments,
        report.manifest.backend,
        crate::config::redact(&config.database_url)
    );
    if report.verified_identical {
        outln!("Checked: the copy, exported again, is identical to the backup, table by table.");
    }
    // The copy's audit checkpoint (kept outside the database) starts from the restored trail,
    // after the rows were checked against the chain.
    let app = crate::server::open_app(config).await?;
    let written = app.refresh_audit_checkpoint().await;
    app.close().await;
    match written {
        Ok(_) => outln!(
            "Audit checkpoint written for the copy: {}",
            config.audit_checkpoint.display()
        ),
        Err(e) => {
            outln!("Audit checkpoint NOT written: {e}");
            return Ok(false);
        }
    }
    outln!("Next: `sinergi audit verify` on the copy.");
    Ok(true)
}
