//! `sinergi report gugus-tugas`: the yearly task-force report of a kabupaten/kota or the
//! province as a PDF, the same figures as the dashboard and the report page.

use crate::config::Config;
use crate::server::open_app;
use anyhow::Context;
use sinergi_app::auth::Caller;
use sinergi_domain::region::RegionCode;
use sinergi_web::Lang;
use std::path::PathBuf;

/// Sub-commands of `sinergi report`.
#[derive(Debug, clap::Subcommand)]
pub enum ReportCommand {
    /// The yearly report of the Gugus Tugas PP-TPPO as a PDF.
    GugusTugas(GugusTugasArgs),
}

/// Arguments of `sinergi report gugus-tugas`.
#[derive(Debug, clap::Args)]
pub struct GugusTugasArgs {
    /// Jawa Timur (35) or a Malang Raya kabupaten/kota: 3507, 3573, 3579 (dots optional).
    #[arg(long)]
    pub region: String,
    /// The year reported on.
    #[arg(long)]
    pub year: i32,
    /// Where to write the PDF.
    #[arg(long)]
    pub output: PathBuf,
    /// Language of the report: id (default) or en.
    #[arg(long, default_value = "id")]
    pub lang: String,
}

/// Runs a report command.
pub async fn run(config: &Config, command: &ReportCommand) -> anyhow::Result<()> {
    let ReportCommand::GugusTugas(args) = command;
    let region = RegionCode::parse(&args.region)
        .map_err(|e| anyhow::anyhow!("--region {}: {e}", args.region))?;
    let lang = Lang::parse(&args.lang).context("--lang must be id or en")?;
    let app = open_app(config).await?;
    let report = app
        .task_force_report(Caller::Operator, region, args.year)
        .await;
    app.close().await;
    let report = report?;
    let pdf = sinergi_web::reports::task_force_pdf(&report, lang);
    std::fs::write(&args.output, &pdf)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    outln!(
        "Task-force report {} {}: {} bytes written to {}.",
        region,
        args.year,
        pdf.len(),
        args.output.display()
    );
    Ok(())
}
