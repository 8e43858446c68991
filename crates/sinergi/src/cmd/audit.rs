//! `sinergi audit verify` and `sinergi audit checkpoint`.

use crate::config::Config;
use crate::server::open_app;

/// Audit commands.
#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Check the keyed hash chain of the audit trail and the checkpoint kept outside the
    /// database; names the first row that was changed, or says that rows were deleted.
    Verify,
    /// Write the checkpoint now (after checking the rows since the last one). Refuses when the
    /// trail no longer extends the existing checkpoint.
    Checkpoint,
}

/// Runs an audit command; `Ok(false)` when the chain is broken.
pub async fn run(config: &Config, command: AuditCommand) -> anyhow::Result<bool> {
    let app = open_app(config).await?;
    let result = match command {
        AuditCommand::Verify => verify(&app).await,
        AuditCommand::Checkpoint => match app.refresh_audit_checkpoint().await {
            Ok(()) => {
                outln!(
                    "Audit checkpoint written: {}",
                    config.audit_checkpoint.display()
                );
                Ok(true)
            }
            Err(e) => {
                outln!("Audit checkpoint NOT written: {e}");
                Ok(false)
            }
        },
    };
    app.close().await;
    result
}

async fn verify(app: &sinergi_app::App) -> anyhow::Result<bool> {
    let report = app.verify_audit().await?;
    match report.broken {
        None => {
            outln!(
                "Audit trail intact: {} rows verified{}.",
                report.rows,
                if report.checkpoint_checked {
                    ", checkpoint matches"
                } else {
                    ""
                }
            );
            Ok(true)
        }
        Some((0, why)) => {
            outln!("Audit trail BROKEN: {why}");
            Ok(false)
        }
        Some((seq, why)) => {
            outln!("Audit trail BROKEN at row {seq}: {why}");
            Ok(false)
        }
    }
}
