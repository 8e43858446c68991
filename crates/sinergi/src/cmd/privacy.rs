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
    app.close().await;
    outln!(
        "Purged {} person records and {} expired sessions; statistics kept.",
        r.people_deleted,
        r.sessions_deleted
    );
    Ok(())
}
