//! Prevention at the door: the rules of passport-applicant screening for PMI-NP risk.
//!
//! Everything that changes by decree is data: the placement moratoria and required documents
//! ([`rules`]) and the risk indicators with their weights ([`indicators`]) are TOML tables with
//! versions, never constants. The score only advises: an officer decides issue / defer / refuse,
//! with a reason, and the decision keeps the rule and indicator versions it was made with.

pub mod applicant;
pub mod counselling;
pub mod facts;
pub mod indicators;
pub mod rules;
pub mod screening;

pub use applicant::{
    Applicant, ApplicantReferral, ApplicationStatus, DecisionRecord, Document, InterviewRecord,
    ReferralStatus, Sealed, Verdict, WatchlistEntry, WatchlistKind, WatchlistStatus,
};
pub use counselling::{Counselling, CounsellingOutcome};
pub use facts::{Decision, Facts, Purpose, WorkType};
pub use indicators::{Basis, Condition, Contribution, Indicator, IndicatorSet, Score};
pub use rules::{MissingDocuments, RuleSet};
pub use screening::{Evidence, Hit, HitAbout, HitTarget, NikNote, RiskBand, Screening};

use time::{Date, Duration};

/// Days an applicant has to bring the missing documents after a deferral (Kanim Malang: 30).
pub const DEFAULT_DEFERRAL_DAYS: i64 = 30;

/// The last day of a deferral that started on `decided_on`.
pub fn deferral_deadline(decided_on: Date, days: i64) -> Date {
    decided_on.saturating_add(Duration::days(days.clamp(1, 365)))
}

/// Whether a deferral has lapsed on `today` (the day after its deadline).
pub fn deferral_lapsed(deadline: Date, today: Date) -> bool {
    today > deadline
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn thirty_days_then_lapsed() {
        let d = deferral_deadline(date!(2026 - 11 - 28), DEFAULT_DEFERRAL_DAYS);
        assert_eq!(d, date!(2026 - 12 - 28));
        assert!(!deferral_lapsed(d, date!(2026 - 12 - 28)));
        assert!(deferral_lapsed(d, date!(2026 - 12 - 29)));
        assert_eq!(
            deferral_deadline(date!(2026 - 01 - 01), 0),
            date!(2026 - 01 - 02)
        );
    }
}
