//! `sinergi registry import`: the licence registry of placement companies (P3MI) and training
//! institutes (LPK) from CSV, for the public licence check.

use crate::config::Config;
use crate::server::open_app;
use anyhow::Context;
use sinergi_app::audit::Origin;
use std::path::PathBuf;

/// Sub-commands of `sinergi registry`.
#[derive(Debug, clap::Subcommand)]
pub enum RegistryCommand {
    /// Import P3MI/LPK licences from CSV (re-running adds no duplicates).
    Import(RegistryImportArgs),
}

/// Arguments of `sinergi registry import`.
#[derive(Debug, clap::Args)]
pub struct RegistryImportArgs {
    /// CSV with the columns jenis (p3mi|lpk), nama, nomor_izin, berlaku_dari, berlaku_sampai,
    /// alamat, cabang (`;`-separated), job_order (`country|sector|quota`, `;`-separated); the
    /// English names kind, name, licence_no, valid_from, valid_until, address, branches,
    /// job_orders are accepted too.
    #[arg(long)]
    pub input: PathBuf,
    /// Print at most this many row errors.
    #[arg(long, default_value_t = 50)]
    pub max_errors: usize,
}

/// Runs a registry command; `Ok(false)` when some rows were refused.
pub async fn run(config: &Config, command: &RegistryCommand) -> anyhow::Result<bool> {
    let RegistryCommand::Import(args) = command;
    let file = std::fs::File::open(&args.input)
        .with_context(|| format!("cannot open {}", args.input.display()))?;
    let source = args
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "registry.csv".into());
    let app = open_app(config).await?;
    let report = app
        .import_licence_registry(&Origin::cli(), &source, std::io::BufReader::new(file))
        .await?;
    let total = app.licence_registry_size().await?;
    app.close().await;
    outln!(
        "Read {} rows: {} added, {} updated, {} unchanged, {} refused. Registry: {} entries.",
        report.rows_read,
        report.added,
        report.updated,
        report.unchanged,
        report.errors.len(),
        total
    );
    for e in report.errors.iter().take(args.max_errors) {
        outln!("  {e}");
    }
    if report.errors.len() > args.max_errors {
        outln!("  … and {} more", report.errors.len() - args.max_errors);
    }
    Ok(report.errors.is_empty())
}
