//! `sinergi bench screening`: the figures of the passport-screening issue, measured on this
//! machine — screening one applicant against N synthetic person records plus watchlist entries
//! in the server's index (p50/p95/p99), one full screening through the application (database,
//! checks, audit), and the import of a day's CSV of applications.

use anyhow::Context;
use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::prevention::index::IndexFields;
use sinergi_app::prevention::{ApplicationInput, demo::seed_demo_prevention};
use sinergi_app::{App, AppConfig};
use sinergi_domain::access::Role;
use sinergi_synth::{Synth, SynthConfig};
use std::time::Instant;

/// Bench commands.
#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// Screening latency against N people, and the import of a day's applications.
    Screening(ScreeningArgs),
    /// The persistent index: rebuild vs snapshot load over N stored people, replay after a
    /// crash, and index+resolve of one new record.
    Index(super::bench_index::IndexArgs),
}

/// Arguments of `sinergi bench screening`.
#[derive(Debug, clap::Args)]
pub struct ScreeningArgs {
    /// Synthetic person records in the index.
    #[arg(long, default_value_t = 1_000_000)]
    pub people: u64,
    /// Queries to time against the index.
    #[arg(long, default_value_t = 2000)]
    pub queries: u64,
    /// Full screenings through the application (database, checks, audit).
    #[arg(long, default_value_t = 200)]
    pub full: u64,
    /// Applications in the CSV import.
    #[arg(long, default_value_t = 10_000)]
    pub import: u64,
}

pub(crate) fn fields(p: &sinergi_synth::SynthPerson) -> IndexFields {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let year = 2026;
    IndexFields {
        full_name: p.full_name.clone(),
        birth_date: some(&p.birth_date).and_then(|d| {
            sinergi_domain::dates::parse_date(&d, year)
                .ok()
                .map(sinergi_domain::dates::format_iso)
        }),
        sex: some(&p.sex),
        nik: some(&p.nik).and_then(|n| {
            sinergi_domain::nik::Nik::parse(&n)
                .ok()
                .map(|n| n.to_string())
        }),
        phone: some(&p.phone).and_then(|n| {
            sinergi_domain::phone::Phone::parse(&n)
                .ok()
                .map(|p| p.e164().to_string())
        }),
    }
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub(crate) fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Runs a bench command and prints its figures.
pub async fn run(command: BenchCommand) -> anyhow::Result<()> {
    let args = match command {
        BenchCommand::Screening(args) => args,
        BenchCommand::Index(args) => return super::bench_index::run(args).await,
    };
    let app = App::open(AppConfig {
        argon2_memory_kib: 64,
        ..AppConfig::new("sqlite::memory:")
    })
    .await
    .context("opening an in-memory database")?;
    seed_demo_prevention(&app).await?;
    app.add_user(
        Caller::Operator,
        NewUser {
            username: "bench".into(),
            display_name: "Bench".into(),
            agency_code: "kanim-malang".into(),
            role: Role::Supervisor,
            password: "bench-password-2026".into(),
        },
    )
    .await?;
    let actor = app
        .login("bench", "bench-password-2026", "bench")
        .await?
        .actor;
    app.ensure_prevention_index().await?;

    // 1. The index: N synthetic people (as agencies' person records would be).
    let started = Instant::now();
    let mut batch = Vec::with_capacity(10_000);
    for p in Synth::new(SynthConfig {
        n: args.people,
        seed: 11,
    }) {
        batch.push((format!("p:{}", p.id), fields(&p)));
        if batch.len() == 10_000 {
            app.bench_fill_index(&batch);
            batch.clear();
        }
    }
    app.bench_fill_index(&batch);
    let build = started.elapsed().as_secs_f64();
    outln!(
        "index: {} people + demo watchlist, built in {build:.1} s, peak RSS {:.0} MiB",
        args.people,
        peak_rss_mib()
    );

    // 2. Index search per applicant (queries are other synthetic people, written differently).
    let queries: Vec<IndexFields> = Synth::new(SynthConfig {
        n: args.queries,
        seed: 12,
    })
    .map(|p| fields(&p))
    .collect();
    let mut times = Vec::with_capacity(queries.len());
    for q in &queries {
        let t = Instant::now();
        std::hint::black_box(app.bench_screen(q));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    outln!(
        "index search, {} queries: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        times.last().copied().unwrap_or(0.0)
    );

    // 3. Full screening of one applicant through the application.
    let mut full = Vec::new();
    for (i, p) in Synth::new(SynthConfig {
        n: args.full,
        seed: 13,
    })
    .enumerate()
    {
        let input = ApplicationInput {
            source_ref: format!("bench-{i}"),
            full_name: p.full_name.clone(),
            nik: p.nik.clone(),
            birth_date: p.birth_date.clone(),
            sex: p.sex.clone(),
            phone: p.phone.clone(),
            purpose: "umrah_hajj".into(),
            destination: "SA".into(),
            sponsor_phone: sinergi_app::prevention::demo::DEMO_RECRUITER_PHONE.into(),
            ..ApplicationInput::default()
        };
        let t = Instant::now();
        match app.record_application(&actor, &input).await {
            Ok(_) => full.push(t.elapsed().as_secs_f64() * 1000.0),
            Err(_) => continue, // a deliberately corrupted synthetic NIK: not timed
        }
    }
    full.sort_by(f64::total_cmp);
    outln!(
        "record + screen one applicant (database, checks, audit), {} runs: p50 {:.1} ms, p99 {:.1} ms",
        full.len(),
        percentile(&full, 0.5),
        percentile(&full, 0.99)
    );

    // 4. Import of a day's CSV, with 1 malformed row in 100.
    let mut csv = String::from("id,full_name,nik,birth_date,sex,phone,purpose,destination\n");
    for (i, p) in Synth::new(SynthConfig {
        n: args.import,
        seed: 14,
    })
    .enumerate()
    {
        let nik = if i % 100 == 7 {
            "12345".to_string()
        } else {
            p.nik.clone()
        };
        csv.push_str(&format!(
            "imp-{i},\"{}\",{nik},{},{},{},tourism,MY\n",
            p.full_name.replace('"', ""),
            p.birth_date,
            p.sex,
            p.phone
        ));
    }
    let t = Instant::now();
    let report = app.import_applications(&actor, csv.as_bytes()).await?;
    outln!(
        "import of {} rows: {:.1} s, {} added, {} refused with line and column (first: {})",
        report.rows_read,
        t.elapsed().as_secs_f64(),
        report.added,
        report.errors.len(),
        report
            .errors
            .first()
            .map_or_else(|| "-".to_string(), ToString::to_string)
    );
    outln!("peak RSS {:.0} MiB", peak_rss_mib());
    app.close().await;
    Ok(())
}
