//! `sinergi privacy purge`: the retention purge (keeps statistics).

use crate::config::Config;
use crate::server::open_app;

/// Privacy commands.
#[derive(Debug, clap::Subcommand)]
pub enum PrivacyCommand {
    /// Delete records past their retention period (data/retention.toml), keeping only counts.
    Purge,
}

/// Runs a privacy command.
pub async fn run(config: &Config, command: PrivacyCommand) -> anyhow::Result<()> {
    let app = open_app(config).await?;
    let PrivacyCommand::Purge = command;
    let r = app.purge_expired().await?;
    let files = app.purge_attachments(&config.data_dir).await?;
    app.close().await;
    outln!(
        "Purged {} person records, {} decided applications, {} closed tips, {} expired sessions; erased {} victim identities; removed {} attachments; statistics kept.",
        r.people_deleted,
        r.applicants_deleted,
        r.tips_deleted,
        r.sessions_deleted,
        r.identities_erased,
        files
    );
    Ok(())
}
