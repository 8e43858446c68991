//! `sinergi audit verify`.

use crate::config::Config;
use crate::server::open_app;

/// Audit commands.
#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain of the audit trail; names the first row that was changed.
    Verify,
}

/// Runs an audit command; `Ok(false)` when the chain is broken.
pub async fn run(config: &Config, command: AuditCommand) -> anyhow::Result<bool> {
    let app = open_app(config).await?;
    let AuditCommand::Verify = command;
    let report = app.verify_audit().await?;
    app.close().await;
    match report.broken {
        None => {
            outln!("Audit trail intact: {} rows verified.", report.rows);
            Ok(true)
        }
        Some((seq, why)) => {
            outln!("Audit trail BROKEN at row {seq}: {why}");
            Ok(false)
        }
    }
}
