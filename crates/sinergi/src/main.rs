//! `sinergi`: interim entry point wiring the offline commands while the server commands land.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Sinergi command line.
#[derive(Debug, Parser)]
#[command(name = "sinergi", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Explain NIKs.
    Nik(cmd::nik::NikArgs),
    /// Write synthetic people.
    Synth(cmd::synth::SynthArgs),
    /// Link records.
    Link(cmd::matching::LinkArgs),
    /// Screen against a watchlist.
    Screen(cmd::matching::ScreenArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Nik(a) => cmd::nik::run(&a),
        Command::Synth(a) => cmd::synth::run(&a).map(|_| true),
        Command::Link(a) => cmd::matching::run_link(&a).map(|_| true),
        Command::Screen(a) => cmd::matching::run_screen(&a).map(|_| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("sinergi: {e:#}");
            ExitCode::from(1)
        }
    }
}
