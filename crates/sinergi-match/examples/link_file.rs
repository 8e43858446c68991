//! Deduplicates a CSV without the `sinergi` binary (for profiling this crate alone):
//! `cargo run --release -p sinergi-match --example link_file -- IN.csv OUT.csv [SETTINGS.toml] [PAIRS.csv]`

use sinergi_match::input::{read_path, schema_for};
use sinergi_match::output::{write_clusters, write_pairs};
use sinergi_match::progress::{Silent, Timings};
use sinergi_match::{LinkOptions, Settings};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        return Err("usage: link_file IN.csv OUT.csv [SETTINGS.toml] [PAIRS.csv]".into());
    };
    let settings = match args.get(3).filter(|s| !s.is_empty() && *s != "-") {
        Some(p) => Some(Settings::parse(&std::fs::read_to_string(p)?)?),
        None => None,
    };
    let input = PathBuf::from(input);
    let t = std::time::Instant::now();
    let schema = schema_for(&input, settings.as_ref())?;
    let bars = Timings::new(&Silent);
    let data = read_path(&input, &schema, &bars)?;
    eprintln!(
        "read {} records ({} rejected) in {:.1}s",
        data.records.len(),
        data.rows_rejected,
        t.elapsed().as_secs_f64()
    );
    let mut opts = LinkOptions::default();
    if let Some(th) = settings.as_ref().and_then(|s| s.threshold) {
        opts.threshold = th;
    }
    if let Ok(u) = std::env::var("U_SAMPLES") {
        opts.u_samples = u.parse()?;
    }
    if let Ok(th) = std::env::var("THRESHOLD") {
        opts.threshold = th.parse()?;
    }
    eprintln!("rss after read: {}", rss());
    let r = sinergi_match::dedupe(&schema, &data.records, &opts, &bars);
    eprintln!("{:#?}", r.stats);
    for (i, f) in r.model.fields.iter().enumerate() {
        let w: Vec<String> = (1..f.m.len())
            .map(|l| format!("{:+.1}", f.weight(l as u8)))
            .collect();
        eprintln!(
            "  {:<12} m={:?} weights {}",
            r.model.names[i],
            f.m.iter()
                .map(|x| (x * 1000.0).round() / 1000.0)
                .collect::<Vec<_>>(),
            w.join(" ")
        );
    }
    eprintln!("  prior {:.2}", r.model.prior_log2_odds);
    write_clusters(std::fs::File::create(output)?, &data.records, &r)?;
    if let Some(p) = args.get(4) {
        write_pairs(std::fs::File::create(p)?, &data.records, &data.records, &r)?;
    }
    eprintln!("total {:.1}s", t.elapsed().as_secs_f64());
    Ok(())
}

fn rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS"))
                .map(str::to_owned)
        })
        .unwrap_or_default()
}
