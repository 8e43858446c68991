//! `sinergi import`: person records from CSV; the demo loader uses the same path.

use crate::config::Config;
use crate::server::open_app;
use anyhow::Context;
use sinergi_app::App;
use sinergi_app::audit::Origin;
use std::path::PathBuf;

/// Arguments of `sinergi import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// CSV file with the standard columns: id, full_name, birth_date, sex, birth_place, nik,
    /// phone, address, region_code (only id and full_name are required).
    #[arg(long)]
    pub input: PathBuf,
    /// Label of the source (agency export); (source, id) identifies a record, so re-running the
    /// same file adds nothing.
    #[arg(long)]
    pub source: String,
    /// Print at most this many row errors.
    #[arg(long, default_value_t = 50)]
    pub max_errors: usize,
}

/// Runs the import; `Ok(false)` when some rows were refused.
pub async fn run(config: &Config, args: &ImportArgs) -> anyhow::Result<bool> {
    let file = std::fs::File::open(&args.input)
        .with_context(|| format!("cannot open {}", args.input.display()))?;
    let app = open_app(config).await?;
    let report = app
        .import_people_csv(&Origin::cli(), &args.source, std::io::BufReader::new(file))
        .await?;
    app.close().await;
    outln!(
        "Read {} rows: {} added, {} already present, {} refused.",
        report.rows_read,
        report.added,
        report.already_present,
        report.errors.len()
    );
    for e in report.errors.iter().take(args.max_errors) {
        outln!("  {e}");
    }
    if report.errors.len() > args.max_errors {
        outln!("  … and {} more", report.errors.len() - args.max_errors);
    }
    Ok(report.errors.is_empty())
}

/// Generates `n` synthetic people with `seed` and imports them as source `synth-<seed>`.
pub async fn load_synthetic(app: &App, n: u64, seed: u64) -> anyhow::Result<u64> {
    let mut csv = Vec::new();
    sinergi_synth::write_csv(sinergi_synth::SynthConfig { n, seed }, &mut csv)
        .context("generating synthetic people")?;
    let report = app
        .import_people_csv(&Origin::cli(), &format!("synth-{seed}"), csv.as_slice())
        .await?;
    Ok(report.added + report.already_present)
}
