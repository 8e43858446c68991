//! sinergi-match: one engine that decides whether two records are the same
//! person (or recruiter, company, phone), for deduplication, linkage, watchlist
//! screening and network detection, and explains every decision.
//!
//! Key design decision: an unsupervised Fellegi-Sunter model (u by random
//! sampling, m by EM, term-frequency adjustment for common name tokens) over
//! Indonesian-aware standardisers, with blocking that cannot explode on common
//! names and clustering that does not chain different people together. The crate
//! stands alone (no other sinergi crate) so it can be benchmarked and fuzzed alone.
//!
//! Flow: [`input`] reads CSV into standardised [`record::Record`]s, [`pipeline`]
//! runs [`blocking`] → [`compare`] → [`em`]/[`model`] → [`cluster`], [`output`]
//! writes the results; [`screen::ScreeningIndex`] serves queries in process.
#![deny(missing_docs)]

pub mod blocking;
pub mod cluster;
pub mod columns;
pub mod compare;
pub mod em;
pub mod explain;
pub mod headers;
pub mod input;
pub mod model;
pub mod output;
pub mod persist;
pub mod pipeline;
pub mod progress;
pub mod record;
pub mod schema;
pub mod screen;
pub mod standardise;
pub mod tf;

pub use explain::Explanation;
pub use model::Model;
pub use pipeline::{LinkOptions, LinkResult, ScoredPair, dedupe, link};
pub use record::Record;
pub use schema::{FieldKind, FieldSpec, Schema, Settings};
pub use screen::{Hit, ScreeningIndex};
