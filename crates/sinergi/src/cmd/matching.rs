//! `sinergi link` and `sinergi screen`: the matching engine on CSV files.

use clap::Args;

/// Arguments of `sinergi link`.
#[derive(Debug, Args)]
pub struct LinkArgs {}

/// Arguments of `sinergi screen`.
#[derive(Debug, Args)]
pub struct ScreenArgs {}

/// Runs `sinergi link`.
pub fn run_link(_args: &LinkArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet built")
}

/// Runs `sinergi screen`.
pub fn run_screen(_args: &ScreenArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet built")
}
