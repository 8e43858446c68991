//! `sinergi key rotate`: a new master key, and every sealed value re-sealed under it.

use crate::config::Config;
use crate::server::{MASTER_KEY_ENV, load_master_key, open_app_with_key};
use anyhow::Context;

/// Key commands.
#[derive(Debug, clap::Subcommand)]
pub enum KeyCommand {
    /// Add a new key to the key file and re-seal every sealed field under it (stop the server
    /// first, start it again after). If an earlier rotation was interrupted, this continues it
    /// instead of adding another key.
    Rotate,
}

/// Runs a key command.
pub async fn run(config: &Config, command: KeyCommand) -> anyhow::Result<bool> {
    let KeyCommand::Rotate = command;
    if std::env::var(MASTER_KEY_ENV).is_ok() {
        anyhow::bail!(
            "the key comes from {MASTER_KEY_ENV}: rotation writes the key file; unset the \
             variable and point key_file at the key ring"
        );
    }
    config.prepare_data_dir()?;
    let ring = load_master_key(config)?;
    let app = open_app_with_key(config, ring.clone()).await?;
    let pending = app.rotation_pending().await?;
    let app = if pending {
        outln!(
            "Resuming the rotation to key {} (values under older keys remain).",
            ring.current_version()
        );
        app
    } else {
        app.close().await;
        let next = ring.rotated()?;
        // The new ring is on disk before anything is sealed with it.
        sinergi_app::audit_checkpoint::write_private_atomically(
            &config.key_file,
            &next.to_file_text(),
        )
        .with_context(|| format!("cannot write the key file {}", config.key_file.display()))?;
        outln!(
            "Key {} added to {}; back the key file up now, apart from the database.",
            next.current_version(),
            config.key_file.display()
        );
        open_app_with_key(config, next).await?
    };
    let report = app.rotate_sealed_values().await;
    app.close().await;
    let report = report?;
    for (column, n) in &report.columns {
        if *n > 0 {
            outln!("  {column}: {n} re-sealed");
        }
    }
    outln!(
        "Every sealed value is now under key {} ({} re-sealed).",
        report.version,
        report.total()
    );
    if report.unopenable > 0 {
        outln!(
            "{} values open under no key of the ring and were left as they are.",
            report.unopenable
        );
        return Ok(false);
    }
    Ok(true)
}
