//! One module per sub-command. Each exposes a clap `Args` struct and a `run` function.

pub mod matching;
pub mod nik;
pub mod synth;
