//! One module per sub-command. Each exposes a clap `Args` struct and a `run` function.

pub mod agencies;
pub mod audit;
pub mod backup;
pub mod bench;
pub mod bench_index;
pub mod export;
pub mod import;
pub mod key;
pub mod matching;
pub mod nik;
pub mod privacy;
pub mod registry;
pub mod report;
pub mod restore;
pub mod synth;
pub mod user;
