//! `sinergi link` and `sinergi screen`: the matching engine on CSV files or
//! spreadsheets (XLSX, XLS, ODS: the first sheet, read directly).
//! The logic lives in `sinergi-match`; this module is arguments, files and
//! progress bars.

use anyhow::{Context, bail};
use clap::Args;
use sinergi_match::input::{Dataset, read_path, read_path_with, schema_for};
use sinergi_match::output::{write_clusters, write_hits, write_issues, write_pairs};
use sinergi_match::progress::{Bars, Progress};
use sinergi_match::{LinkOptions, ScreeningIndex, Settings};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `sinergi link`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// Deduplicate one file (CSV, or XLSX/XLS/ODS: the first sheet): find the records that are
    /// the same entity.
    #[arg(long, conflicts_with_all = ["left", "right"])]
    pub input: Option<PathBuf>,
    /// Link two sources: the left file.
    #[arg(long, requires = "right")]
    pub left: Option<PathBuf>,
    /// Link two sources: the right file.
    #[arg(long, requires = "left")]
    pub right: Option<PathBuf>,
    /// With --input: `id,cluster_id` for every row. With --left/--right:
    /// `left_id,right_id,probability,explanation`.
    #[arg(long)]
    pub output: PathBuf,
    /// With --input: also write the linked pairs with their explanation.
    #[arg(long)]
    pub pairs: Option<PathBuf>,
    /// TOML settings mapping columns to field kinds.
    #[arg(long)]
    pub settings: Option<PathBuf>,
    /// Match probability at or above which records are linked (default 0.9, or the settings' value).
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Write every bad row and value here (`line,column,rejected,message`).
    #[arg(long)]
    pub issues: Option<PathBuf>,
}

/// Arguments of `sinergi screen`.
#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// The watchlist, CSV or XLSX/XLS/ODS (standard or Indonesian columns, or mapped by --settings).
    #[arg(long)]
    pub index: PathBuf,
    /// The records to screen (same columns; missing ones are allowed).
    #[arg(long)]
    pub queries: PathBuf,
    /// Hits per query.
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    /// `query_id,rank,entry_id,score,explanation`.
    #[arg(long)]
    pub output: PathBuf,
    /// TOML settings mapping columns to field kinds.
    #[arg(long)]
    pub settings: Option<PathBuf>,
    /// Write every bad row and value here.
    #[arg(long)]
    pub issues: Option<PathBuf>,
    /// Score every entry instead of using the index (slow; the reference
    /// against which the index's recall is measured).
    #[arg(long)]
    pub exhaustive: bool,
}

/// Prints the column mapping a run uses, so the user sees how the export was read.
fn print_mapping(schema: &sinergi_match::Schema) {
    eprintln!("columns used:");
    for line in schema.describe() {
        eprintln!("  {line}");
    }
}

fn load_settings(path: Option<&Path>) -> anyhow::Result<Option<Settings>> {
    let Some(p) = path else { return Ok(None) };
    let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
    Ok(Some(
        Settings::parse(&text).with_context(|| format!("in {}", p.display()))?,
    ))
}

fn create(path: &Path) -> anyhow::Result<BufWriter<File>> {
    Ok(BufWriter::new(
        File::create(path).with_context(|| format!("creating {}", path.display()))?,
    ))
}

fn report_issues(name: &Path, d: &Dataset, issues_file: Option<&Path>) -> anyhow::Result<()> {
    eprintln!(
        "{}: {} rows read, {} rejected, {} values ignored",
        name.display(),
        d.rows_read,
        d.rows_rejected,
        d.issues.iter().filter(|i| !i.rejected).count()
    );
    for i in d.issues.iter().take(10) {
        eprintln!("  {}: {i}", name.display());
    }
    if d.issues.len() > 10 {
        eprintln!(
            "  ... {} more{}",
            d.issues.len() - 10,
            if issues_file.is_some() {
                ""
            } else {
                " (use --issues FILE to keep them all)"
            }
        );
    }
    if let Some(p) = issues_file {
        write_issues(create(p)?, &d.issues).with_context(|| format!("writing {}", p.display()))?;
    }
    Ok(())
}

/// Runs `sinergi link`.
pub fn run_link(args: &LinkArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let settings = load_settings(args.settings.as_deref())?;
    let mut opts = LinkOptions::default();
    if let Some(s) = &settings {
        opts.threshold = s.threshold.unwrap_or(opts.threshold);
        opts.blocking.max_block_size = s.max_block_size.unwrap_or(opts.blocking.max_block_size);
    }
    if let Some(t) = args.threshold {
        if !(0.0..=1.0).contains(&t) {
            bail!("--threshold is a probability between 0 and 1, got {t}");
        }
        opts.threshold = t;
    }
    let bars = Bars::default();
    let progress: &dyn Progress = &bars;
    if let Some(input) = &args.input {
        let schema =
            schema_for(input, settings.as_ref()).with_context(|| format!("{}", input.display()))?;
        print_mapping(&schema);
        let data =
            read_path(input, &schema, progress).with_context(|| format!("{}", input.display()))?;
        report_issues(input, &data, args.issues.as_deref())?;
        let result = sinergi_match::dedupe(&schema, &data.records, &opts, progress);
        write_clusters(create(&args.output)?, &data.records, &result)
            .with_context(|| format!("writing {}", args.output.display()))?;
        if let Some(p) = &args.pairs {
            write_pairs(create(p)?, &data.records, &data.records, &result)
                .with_context(|| format!("writing {}", p.display()))?;
        }
        let s = &result.stats;
        eprintln!(
            "link: {} records, {} candidate pairs, {} links, {} clusters, EM match share {:.4} ({} iterations), {:.1}s",
            data.records.len(),
            s.candidates,
            s.links,
            s.clusters,
            s.em_match_share,
            s.em_iterations,
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let (Some(left), Some(right)) = (&args.left, &args.right) else {
        bail!("give --input FILE to deduplicate, or --left A --right B to link two sources");
    };
    let schema =
        schema_for(left, settings.as_ref()).with_context(|| format!("{}", left.display()))?;
    print_mapping(&schema);
    let l = read_path(left, &schema, progress).with_context(|| format!("{}", left.display()))?;
    report_issues(left, &l, args.issues.as_deref())?;
    let r = read_path(right, &schema, progress).with_context(|| format!("{}", right.display()))?;
    report_issues(right, &r, None)?;
    let result = sinergi_match::link(&schema, &l.records, &r.records, &opts, progress);
    write_pairs(create(&args.output)?, &l.records, &r.records, &result)
        .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!(
        "link: {} + {} records, {} candidate pairs, {} links, {:.1}s",
        l.records.len(),
        r.records.len(),
        result.stats.candidates,
        result.stats.links,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs `sinergi screen`.
pub fn run_screen(args: &ScreenArgs) -> anyhow::Result<()> {
    let settings = load_settings(args.settings.as_deref())?;
    let bars = Bars::default();
    let schema = schema_for(&args.index, settings.as_ref())
        .with_context(|| format!("{}", args.index.display()))?;
    print_mapping(&schema);
    let started = Instant::now();
    let entries = read_path(&args.index, &schema, &bars)
        .with_context(|| format!("{}", args.index.display()))?;
    report_issues(&args.index, &entries, args.issues.as_deref())?;
    let index = ScreeningIndex::build(schema.clone(), entries.records);
    let built = started.elapsed();
    let queries = read_path_with(&args.queries, &schema, &bars, false)
        .with_context(|| format!("{}", args.queries.display()))?;
    report_issues(&args.queries, &queries, None)?;
    let run = sinergi_match::screen::search_all(
        &index,
        &queries.records,
        args.top,
        args.exhaustive,
        &bars,
    );
    write_hits(create(&args.output)?, &run.hits)
        .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!(
        "screen: {} entries indexed in {:.1}s; {} queries, {:.0} queries/s, latency p50 {:.3} ms, p99 {:.3} ms",
        index.len(),
        built.as_secs_f64(),
        queries.records.len(),
        run.queries_per_second,
        run.p50_ms,
        run.p99_ms
    );
    Ok(())
}
