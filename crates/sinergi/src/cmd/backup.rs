//! `sinergi backup --output FILE`: an online, consistent copy of the database, the attachments
//! and the master key's fingerprint (never the key itself), in one `.tar.gz` file.

use crate::config::Config;
use crate::server::find_master_key;
use anyhow::Context;
use sinergi_app::backup::{BackupRequest, create_backup, key_fingerprint};
use sinergi_domain::clock::{Clock, SystemClock};
use std::path::PathBuf;

/// Arguments of `sinergi backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The backup file to write (`.tar.gz`); written under a temporary name, then renamed.
    #[arg(long)]
    pub output: PathBuf,
}

/// Writes the backup and prints what it holds.
pub async fn run(config: &Config, args: &BackupArgs) -> anyhow::Result<bool> {
    let key = find_master_key(config)?.context(
        "no master key found (SINERGI_MASTER_KEY or <data-dir>/sinergi.key): nothing to back up",
    )?;
    let now_ms = (SystemClock.now().unix_timestamp_nanos() / 1_000_000) as i64;
    let attachments = config.data_dir.join("attachments");
    let manifest = create_backup(&BackupRequest {
        database_url: &config.database_url,
        attachments_dir: &attachments,
        key: &key,
        output: &args.output,
        now_ms,
    })
    .await
    .with_context(|| format!("backup to {} failed", args.output.display()))?;
    let rows: u64 = manifest.tables.iter().map(|t| t.rows).sum();
    outln!(
        "Backup written to {}: {} tables, {rows} rows, {} attachments ({}).",
        args.output.display(),
        manifest.tables.len(),
        manifest.attachments.len(),
        manifest.backend
    );
    outln!(
        "Master key fingerprint {} (the key itself is NOT in the backup: keep it apart).",
        key_fingerprint(&key)
    );
    Ok(true)
}
