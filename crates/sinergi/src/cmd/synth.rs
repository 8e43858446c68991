//! `sinergi synth`: write synthetic people with ground truth.

use clap::Args;

/// Arguments of `sinergi synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {}

/// Runs `sinergi synth`.
pub fn run(_args: &SynthArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet built")
}
