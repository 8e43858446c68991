//! `sinergi nik`: explain NIKs for officers and scripts.

use clap::Args;

/// Arguments of `sinergi nik`.
#[derive(Debug, Args)]
pub struct NikArgs {}

/// Runs `sinergi nik`; returns whether every NIK was valid.
pub fn run(_args: &NikArgs) -> anyhow::Result<bool> {
    anyhow::bail!("not yet built")
}
