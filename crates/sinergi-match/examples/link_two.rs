//! Links two CSV files without the `sinergi` binary (what `sinergi link --left --right` does):
//! `cargo run --release -p sinergi-match --example link_two -- A.csv B.csv OUT_pairs.csv [SETTINGS.toml]`

use sinergi_match::input::{read_path, schema_for};
use sinergi_match::output::write_pairs;
use sinergi_match::progress::Silent;
use sinergi_match::{LinkOptions, Settings};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(a), Some(b), Some(out)) = (args.get(1), args.get(2), args.get(3)) else {
        return Err("usage: link_two A.csv B.csv OUT_pairs.csv [SETTINGS.toml]".into());
    };
    let settings = match args.get(4) {
        Some(p) => Some(Settings::parse(&std::fs::read_to_string(p)?)?),
        None => None,
    };
    let (a, b) = (PathBuf::from(a), PathBuf::from(b));
    let schema = schema_for(&a, settings.as_ref())?;
    let left = read_path(&a, &schema, &Silent)?;
    let right = read_path(&b, &schema, &Silent)?;
    let mut opts = LinkOptions::default();
    if let Some(th) = settings.as_ref().and_then(|s| s.threshold) {
        opts.threshold = th;
    }
    let r = sinergi_match::link(&schema, &left.records, &right.records, &opts, &Silent);
    write_pairs(
        std::fs::File::create(out)?,
        &left.records,
        &right.records,
        &r,
    )?;
    eprintln!(
        "{} candidate pairs, {} links",
        r.stats.candidates, r.stats.links
    );
    Ok(())
}
