//! Screens a query file against a watchlist without the `sinergi` binary (for
//! tuning this crate alone):
//! `cargo run --release -p sinergi-match --example screen_file -- WATCHLIST.csv QUERIES.csv HITS.csv [exhaustive]`

use sinergi_match::ScreeningIndex;
use sinergi_match::input::{read_path, read_path_with, schema_for};
use sinergi_match::output::write_hits;
use sinergi_match::progress::Silent;
use sinergi_match::screen::search_all;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(wl), Some(qs), Some(out)) = (args.get(1), args.get(2), args.get(3)) else {
        return Err("usage: screen_file WATCHLIST.csv QUERIES.csv HITS.csv [exhaustive]".into());
    };
    let wl = PathBuf::from(wl);
    let schema = schema_for(&wl, None)?;
    let entries = read_path(&wl, &schema, &Silent)?;
    let t = std::time::Instant::now();
    let mut index = ScreeningIndex::build(schema.clone(), entries.records);
    let mut limits = sinergi_match::screen::SearchLimits::default();
    if let Ok(c) = std::env::var("CANDIDATES") {
        limits.candidates = c.parse()?;
    }
    if let Ok(c) = std::env::var("POSTINGS") {
        limits.posting_budget = c.parse()?;
    }
    index.set_limits(limits);
    eprintln!(
        "indexed {} in {:.1}s",
        index.len(),
        t.elapsed().as_secs_f64()
    );
    let queries = read_path_with(&PathBuf::from(qs), &schema, &Silent, false)?;
    let run = search_all(&index, &queries.records, 5, args.get(4).is_some(), &Silent);
    write_hits(std::fs::File::create(out)?, &run.hits)?;
    eprintln!(
        "{:.0} q/s, p50 {:.3} ms, p99 {:.3} ms",
        run.queries_per_second, run.p50_ms, run.p99_ms
    );
    Ok(())
}
