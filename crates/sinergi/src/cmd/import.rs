//! `sinergi import`: person records from CSV (the demo loader uses the same path), and with
//! `--kind`/`--agency` any kind of import from XLSX or CSV through the same import jobs as the
//! browser (column mapping guessed or remembered, `--map` to override, progress on stderr).

use crate::config::Config;
use crate::server::open_app;
use anyhow::Context;
use sinergi_app::App;
use sinergi_app::audit::Origin;
use sinergi_app::imports::{ImportKind, Mapping, table};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `sinergi import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// CSV or XLSX file. Person records in CSV without `--agency` take the standard columns:
    /// id, full_name, birth_date, sex, birth_place, nik, phone, address, region_code (only id
    /// and full_name are required).
    #[arg(long)]
    pub input: PathBuf,
    /// Label of the source (agency export); (source, id) identifies a record, so re-running the
    /// same file adds nothing. Default with `--agency`: the file name.
    #[arg(long)]
    pub source: Option<String>,
    /// What the file holds: people, applicants, registry, tips or outreach.
    #[arg(long, default_value = "people")]
    pub kind: String,
    /// Import as this agency (code), through an import job like the browser's; needed for
    /// XLSX files and every kind but people.
    #[arg(long)]
    pub agency: Option<String>,
    /// A column mapping `field=Header` (repeatable), over the guessed or remembered one.
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub map: Vec<String>,
    /// Print at most this many row errors.
    #[arg(long, default_value_t = 50)]
    pub max_errors: usize,
}

/// Runs the import; `Ok(false)` when some rows were refused.
pub async fn run(config: &Config, args: &ImportArgs) -> anyhow::Result<bool> {
    let kind = ImportKind::from_code(&args.kind).with_context(|| {
        format!(
            "--kind {}: expected people, applicants, registry, tips or outreach",
            args.kind
        )
    })?;
    let file_name = args.input.to_string_lossy().into_owned();
    if let Some(agency) = &args.agency {
        return run_job(config, args, kind, agency).await;
    }
    if kind != ImportKind::People || table::is_spreadsheet(&file_name) || !args.map.is_empty() {
        anyhow::bail!("--agency is needed to import {} or an XLSX file", args.kind);
    }
    let source = args
        .source
        .as_deref()
        .context("--source is needed for a CSV of person records")?;
    let file = std::fs::File::open(&args.input)
        .with_context(|| format!("cannot open {}", args.input.display()))?;
    let app = open_app(config).await?;
    let report = app
        .import_people_csv(&Origin::cli(), source, std::io::BufReader::new(file))
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

/// Any kind, through an import job (the browser's path).
async fn run_job(
    config: &Config,
    args: &ImportArgs,
    kind: ImportKind,
    agency: &str,
) -> anyhow::Result<bool> {
    let bytes = std::fs::read(&args.input)
        .with_context(|| format!("cannot open {}", args.input.display()))?;
    let file_name = args
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let app = open_app(config).await?;
    let outcome = run_job_in(&app, args, kind, agency, &file_name, &bytes).await;
    app.close().await;
    outcome
}

async fn run_job_in(
    app: &App,
    args: &ImportArgs,
    kind: ImportKind,
    agency: &str,
    file_name: &str,
    bytes: &[u8],
) -> anyhow::Result<bool> {
    let actor = app.operator_actor(agency).await?;
    let started = std::time::Instant::now();
    let source = args.source.clone().unwrap_or_default();
    let job = app
        .stage_import(&actor, kind, &source, file_name, bytes)
        .await?;
    let preview = app.import_preview(&actor, &job.id).await?;
    let mut mapping: Mapping = preview.mapping.clone();
    for m in &args.map {
        let (field, header) = m
            .split_once('=')
            .with_context(|| format!("--map {m}: expected FIELD=HEADER"))?;
        mapping.insert(field.trim().to_string(), header.trim().to_string());
    }
    eprintln!(
        "{} rows in {} sheet(s); columns: {}",
        job.total_rows,
        preview.sheets.len(),
        mapping
            .iter()
            .map(|(f, h)| format!("{f}={h}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    app.start_import(&actor, &job.id, &source, &mapping).await?;
    let done = app
        .run_import(&actor, &job.id, &|p| {
            let mut err = std::io::stderr();
            let _ = write!(err, "\r{} / {} rows", p.done_rows, p.total_rows);
            let _ = err.flush();
        })
        .await?;
    eprintln!();
    outln!(
        "Read {} rows in {:.1} s: {} added, {} already present, {} refused.",
        done.done_rows,
        started.elapsed().as_secs_f64(),
        done.added,
        done.present,
        done.refused
    );
    for p in done.problems.iter().take(args.max_errors) {
        let column = if p.header.is_empty() {
            p.column.clone()
        } else {
            format!("{} ({})", p.column, p.header)
        };
        outln!(
            "  sheet {}, row {}, column {}: {} {}",
            p.sheet,
            p.row,
            column,
            p.reason.code(),
            p.detail
        );
    }
    if done.refused > args.max_errors as i64 {
        outln!("  … and {} more", done.refused - args.max_errors as i64);
    }
    Ok(done.refused == 0)
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
