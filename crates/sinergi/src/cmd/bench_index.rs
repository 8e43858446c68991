//! `sinergi bench index`: the persistent screening index, measured on this machine over N
//! synthetic person records stored in a SQLite file in a temporary folder — a full rebuild from
//! the database, writing the snapshot, loading it at the next start, replaying rows added after
//! a crash, and indexing + resolving one new record against the whole index.

use super::bench::{fields, peak_rss_mib, percentile};
use anyhow::Context;
use sinergi_app::audit::Origin;
use sinergi_app::vault::MasterKey;
use sinergi_app::{App, AppConfig};
use sinergi_domain::clock::{Clock, ManualClock, SystemClock};
use sinergi_synth::{Synth, SynthConfig};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Arguments of `sinergi bench index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Synthetic person records stored and indexed.
    #[arg(long, default_value_t = 1_000_000)]
    pub people: u64,
    /// New records indexed and resolved one at a time (for the latency percentiles).
    #[arg(long, default_value_t = 2000)]
    pub probes: u64,
    /// Records added after the snapshot, replayed at the start after a crash.
    #[arg(long, default_value_t = 1000)]
    pub replay: u64,
}

async fn start(dir: &Path, key: &MasterKey, clock: &Arc<ManualClock>) -> anyhow::Result<App> {
    let config = AppConfig {
        argon2_memory_kib: 64,
        index_snapshot: Some(dir.join("screening.index")),
        ..AppConfig::new(format!("sqlite://{}", dir.join("bench.db").display()))
            .with_master_key(key.clone())
    };
    App::open_with_clock(config, clock.clone())
        .await
        .context("opening the bench database")
}

/// Imports `n` synthetic people (seed `seed`) as CSV, 50,000 rows per call.
async fn import(app: &App, n: u64, seed: u64, source: &str) -> anyhow::Result<u64> {
    let mut added = 0;
    let mut csv = String::new();
    let mut rows = 0;
    for p in Synth::new(SynthConfig { n, seed }) {
        if rows == 0 {
            csv = String::from("id,full_name,birth_date,sex,nik,phone\n");
        }
        let clean = |s: &str| s.replace([',', '"', '\n'], " ");
        csv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            p.id,
            clean(&p.full_name),
            clean(&p.birth_date),
            clean(&p.sex),
            clean(&p.nik),
            clean(&p.phone)
        ));
        rows += 1;
        if rows == 50_000 {
            added += app
                .import_people_csv(&Origin::cli(), source, csv.as_bytes())
                .await?
                .added;
            rows = 0;
        }
    }
    if rows > 0 {
        added += app
            .import_people_csv(&Origin::cli(), source, csv.as_bytes())
            .await?
            .added;
    }
    Ok(added)
}

fn open_line(label: &str, app: &App, wall: f64) {
    let r = app.index_report();
    let o = r.last_open;
    outln!(
        "{label}: {:.2} s wall ({} ms in the open), path {:?}, {} entries, replayed {}, removed {}, reconciled {}",
        wall,
        o.map_or(0, |o| o.millis),
        o.map(|o| o.path),
        o.map_or(0, |o| o.entries),
        o.map_or(0, |o| o.sync.indexed),
        o.map_or(0, |o| o.sync.removed),
        o.is_some_and(|o| o.sync.reconciled),
    );
}

/// Runs the bench and prints its figures.
pub async fn run(args: IndexArgs) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("sinergi-bench-index-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let key = MasterKey::generate()?;
    // A hand-moved clock: rows are an hour old when the index opens, as they would be in
    // service (rows within the replay margin of the watermark are read again at every start).
    let clock = Arc::new(ManualClock::new(SystemClock.now()));
    let hour = time::Duration::hours(1);
    outln!("folder {}", dir.display());

    let app = start(&dir, &key, &clock).await?;
    let t = Instant::now();
    let added = import(&app, args.people, 21, "bench").await?;
    outln!(
        "stored {added} people in {:.1} s (import: sealing, blind indexes, inserts)",
        t.elapsed().as_secs_f64()
    );

    clock.advance(hour);
    // 1. First start: no snapshot, full rebuild from the database (then the snapshot is written).
    let t = Instant::now();
    app.ensure_prevention_index().await?;
    open_line(
        "rebuild (first start, snapshot missing)",
        &app,
        t.elapsed().as_secs_f64(),
    );
    let t = Instant::now();
    let bytes = app.save_index_snapshot().await?.unwrap_or(0);
    outln!(
        "snapshot write (catch-up + encode + seal + fsync + rename): {:.2} s, {:.1} MiB",
        t.elapsed().as_secs_f64(),
        bytes as f64 / 1048576.0
    );
    app.close().await;
    drop(app);

    // 2. Restart: load the snapshot.
    clock.advance(hour);
    let app = start(&dir, &key, &clock).await?;
    let t = Instant::now();
    app.ensure_prevention_index().await?;
    open_line(
        "load (restart, snapshot current)",
        &app,
        t.elapsed().as_secs_f64(),
    );

    // 3. Crash: rows added after the snapshot, process gone without writing it.
    import(&app, args.replay, 22, "bench-late").await?;
    drop(app);
    clock.advance(hour);
    let app = start(&dir, &key, &clock).await?;
    let t = Instant::now();
    app.ensure_prevention_index().await?;
    open_line(
        &format!(
            "load after a crash ({} rows newer than the snapshot)",
            args.replay
        ),
        &app,
        t.elapsed().as_secs_f64(),
    );
    outln!("peak RSS {:.0} MiB", peak_rss_mib());

    // 4. Index + resolve one new record against the whole index.
    let probes: Vec<_> = Synth::new(SynthConfig {
        n: args.probes,
        seed: 23,
    })
    .map(|p| (format!("a:bench-{}", p.id), fields(&p)))
    .collect();
    let mut times = Vec::with_capacity(probes.len());
    for (entry, f) in &probes {
        let t = Instant::now();
        std::hint::black_box(app.bench_index_and_resolve(entry, f));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    outln!(
        "index + resolve one new record, {} records: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().copied().unwrap_or(0.0)
    );
    drop(app);
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
