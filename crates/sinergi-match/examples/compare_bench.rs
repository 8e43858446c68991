//! Times the comparison of candidate pairs field by field (for profiling):
//! `cargo run --release -p sinergi-match --example compare_bench -- IN.csv`

use sinergi_match::blocking::{BlockingOptions, candidate_pairs, unpack};
use sinergi_match::compare::compare;
use sinergi_match::input::{read_path, schema_for};
use sinergi_match::progress::Silent;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let Some(input) = args.get(1) else {
        return Err("usage: compare_bench IN.csv".into());
    };
    let input = PathBuf::from(input);
    let schema = schema_for(&input, None)?;
    let data = read_path(&input, &schema, &Silent)?;
    let t = Instant::now();
    let (pairs, stats) = candidate_pairs(&schema, &data.records, None, BlockingOptions::default());
    eprintln!("{} pairs in {:.2}s", pairs.len(), t.elapsed().as_secs_f64());
    for s in &stats {
        eprintln!(
            "  {:<48} {:>10} pairs, largest {}",
            s.rule, s.pairs, s.largest_block
        );
    }
    for (f, spec) in schema.fields.iter().enumerate() {
        let t = Instant::now();
        let mut sum = 0u64;
        for &p in &pairs {
            let (i, j) = unpack(p);
            sum += u64::from(compare(
                spec.kind,
                &data.records[i].values[f],
                &data.records[j].values[f],
            ));
        }
        eprintln!(
            "  {:<14} {:.3}s ({sum})",
            spec.name,
            t.elapsed().as_secs_f64()
        );
    }
    let model = sinergi_match::Model::defaults(&schema);
    let t = Instant::now();
    let mut x = 0u64;
    for &p in &pairs {
        let (i, j) = unpack(p);
        x ^= model.gamma(&data.records[i], &data.records[j]);
    }
    eprintln!("  gamma {:.3}s ({x})", t.elapsed().as_secs_f64());
    let kinds: Vec<_> = schema.fields.iter().map(|f| f.kind).collect();
    let t = Instant::now();
    let cols = sinergi_match::columns::Columns::build(&kinds, &data.records);
    eprintln!("  columns built {:.3}s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let mut y = 0u64;
    for &p in &pairs {
        let (i, j) = unpack(p);
        y ^= model.gamma_at(&cols, &data.records, i, j);
    }
    eprintln!("  gamma_at {:.3}s ({y})", t.elapsed().as_secs_f64());
    let bad = pairs
        .iter()
        .filter(|&&p| {
            let (i, j) = unpack(p);
            model.gamma_at(&cols, &data.records, i, j)
                != model.gamma(&data.records[i], &data.records[j])
        })
        .count();
    eprintln!("  mismatches {bad}");
    let t = Instant::now();
    let mut w = 0.0;
    for &p in &pairs {
        let (i, j) = unpack(p);
        let g = model.gamma(&data.records[i], &data.records[j]);
        w += model.weight_of(g, &data.records[i], &data.records[j]);
    }
    eprintln!("  gamma+weight {:.3}s ({w})", t.elapsed().as_secs_f64());
    Ok(())
}
