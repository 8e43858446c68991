//! `sinergi synth`: write synthetic people with ground truth.
//! The generator lives in `sinergi-synth`; this module is arguments, the output file and timing.

use anyhow::Context;
use clap::Args;
use sinergi_synth::{SynthConfig, write_csv};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `sinergi synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Number of rows (records) to write; several rows may be one person.
    #[arg(long, default_value_t = 1000)]
    pub n: u64,
    /// Seed: the same seed writes a byte-identical file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// CSV file to write (`id,entity_id,full_name,birth_date,sex,birth_place,nik,phone,address,region_code`);
    /// `-` or absent writes to standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Runs `sinergi synth`; prints rows, entities and rows/s to standard error.
pub fn run(args: &SynthArgs) -> anyhow::Result<()> {
    let config = SynthConfig {
        n: args.n,
        seed: args.seed,
    };
    let started = Instant::now();
    let (stats, target) = match args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            let stats = write_csv(config, &mut out)
                .with_context(|| format!("writing {}", path.display()))?;
            out.flush()
                .with_context(|| format!("writing {}", path.display()))?;
            (stats, path.display().to_string())
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
            let stats = write_csv(config, &mut out).context("writing standard output")?;
            out.flush().context("writing standard output")?;
            (stats, "standard output".to_string())
        }
    };
    let secs = started.elapsed().as_secs_f64();
    let rate = if secs > 0.0 {
        stats.rows as f64 / secs
    } else {
        0.0
    };
    let multi = if stats.rows > 0 {
        100.0 * stats.rows_in_multi_row_entities as f64 / stats.rows as f64
    } else {
        0.0
    };
    eprintln!(
        "sinergi synth: {} rows of {} people ({multi:.1}% of rows in people with 2-5 rows; \
         {} NIKs corrupted, {} missing) to {target} in {secs:.2} s = {rate:.0} rows/s (seed {})",
        stats.rows, stats.entities, stats.nik_corrupted, stats.nik_missing, args.seed
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_requested_rows_deterministically() {
        let dir = std::env::temp_dir().join(format!("sinergi-synth-cmd-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str| {
            let path = dir.join(name);
            run(&SynthArgs {
                n: 300,
                seed: 9,
                output: Some(path.clone()),
            })
            .unwrap();
            std::fs::read(path).unwrap()
        };
        let a = write("a.csv");
        assert_eq!(a, write("b.csv"));
        let text = String::from_utf8(a).unwrap();
        assert_eq!(text.lines().count(), 301);
        assert!(text.starts_with(
            "id,entity_id,full_name,birth_date,sex,birth_place,nik,phone,address,region_code\n"
        ));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
