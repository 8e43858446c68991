//! `sinergi export htcds`: the anonymised case-level victim file (HTCDS field names, k-anonymous)
//! and the report of what was generalised and suppressed.

use crate::config::Config;
use crate::server::open_app;
use anyhow::Context;
use sinergi_app::audit::Origin;
use std::path::PathBuf;

/// Sub-commands of `sinergi export`.
#[derive(Debug, clap::Subcommand)]
pub enum ExportCommand {
    /// Victim records in HTCDS field names, k-anonymised (see docs/htcds-extension.md).
    Htcds(HtcdsArgs),
}

/// Arguments of `sinergi export htcds`.
#[derive(Debug, clap::Args)]
pub struct HtcdsArgs {
    /// Where to write the CSV.
    #[arg(long)]
    pub output: PathBuf,
    /// No combination of exported values occurs fewer than k times (CTDC uses 11).
    #[arg(long, default_value_t = sinergi_app::statistics::DEFAULT_K)]
    pub k: usize,
}

/// Runs an export command.
pub async fn run(config: &Config, command: &ExportCommand) -> anyhow::Result<()> {
    let ExportCommand::Htcds(args) = command;
    if args.k < 2 {
        anyhow::bail!("--k must be at least 2");
    }
    let app = open_app(config).await?;
    let export = app.export_htcds(&Origin::cli(), args.k).await?;
    app.close().await;
    std::fs::write(&args.output, &export.csv)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    let r = &export.report;
    outln!(
        "HTCDS export, k = {}: {} victim records read, {} written to {}, {} suppressed.",
        r.k,
        r.records_in,
        r.records_out,
        args.output.display(),
        r.suppressed_records
    );
    outln!("Removed: {}.", r.removed.join(", "));
    outln!("Generalised (step {} of 3):", r.level + 1);
    for g in &r.generalised {
        outln!("  {g}");
    }
    if !r.suppressed_combinations.is_empty() {
        outln!(
            "Suppressed {} records in {} combinations rarer than k:",
            r.suppressed_records,
            r.suppressed_combinations.len()
        );
        for c in &r.suppressed_combinations {
            outln!("  {c}");
        }
    }
    Ok(())
}
