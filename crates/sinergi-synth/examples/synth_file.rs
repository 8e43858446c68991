//! Writes synthetic rows to a file and reports throughput:
//! `cargo run --release -p sinergi-synth --example synth_file -- 1000000 1 /tmp/people.csv`.

use sinergi_synth::{SynthConfig, write_csv};
use std::io::BufWriter;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: u64 = args.next().unwrap_or_else(|| "1000000".into()).parse()?;
    let seed: u64 = args.next().unwrap_or_else(|| "1".into()).parse()?;
    let path = args
        .next()
        .unwrap_or_else(|| "/tmp/sinergi-synth.csv".into());
    let t0 = Instant::now();
    let out = BufWriter::new(std::fs::File::create(&path)?);
    let stats = write_csv(SynthConfig { n, seed }, out)?;
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "{} rows ({} entities, {:.1}% rows in multi-row entities) in {secs:.2} s = {:.0} rows/s -> {path}",
        stats.rows,
        stats.entities,
        100.0 * stats.rows_in_multi_row_entities as f64 / stats.rows.max(1) as f64,
        stats.rows as f64 / secs
    );
    Ok(())
}
