//! Prevention at the door: passport-applicant screening for PMI-NP risk.
//!
//! An officer records an application ([`intake`]), the automatic checks run ([`screen`]): NIK
//! consistency, watchlist, earlier applicants at every office (the same person written
//! differently counts, through `sinergi-match`), person records of other agencies, recruiter
//! links through shared phones; the indicators give an explained score; the officer records the
//! interview and decides issue / defer / refuse with a reason ([`decide`]). The rule tables and
//! indicator weights are versioned data ([`config`]). The system advises; it never decides.

pub mod config;
pub mod counselling;
pub mod decide;
pub mod demo;
pub mod index;
pub mod index_sync;
pub mod intake;
pub mod lists;
pub mod screen;
pub mod watchlist;

pub use decide::{ApplicantView, DecisionInput, DeferralNotice, Interview};
pub use intake::ApplicationInput;
pub use watchlist::WatchlistInput;

/// Shared state of the prevention module: the in-memory screening index, opened on first use
/// (from its snapshot, or rebuilt), and the counters of its life.
#[derive(Debug, Default)]
pub struct PreventionState {
    pub(crate) index: std::sync::RwLock<Option<index::PreventionIndex>>,
    /// Held while the index is being opened, so it is opened once.
    pub(crate) opening: tokio::sync::Mutex<()>,
    pub(crate) life: index_sync::IndexLife,
}
