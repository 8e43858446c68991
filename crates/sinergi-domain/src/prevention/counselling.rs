//! What the receiving agency (Disnaker, BP3MI) records when it has counselled an applicant an
//! immigration office referred to it: when, with what outcome, its notes (sealed), and whether
//! it forwarded the person on (Disnaker to BP3MI for placement through an official P3MI).

use serde::{Deserialize, Serialize};
use time::Date;

/// How a counselling session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CounsellingOutcome {
    /// The person will take the procedural route (Disnaker registration, a licensed P3MI).
    FollowsProcedure,
    /// The person gave up the plan to work abroad.
    Withdrew,
    /// Forwarded to another agency (BP3MI) for the next step.
    Forwarded,
    /// The person could not be reached.
    Unreachable,
}

impl CounsellingOutcome {
    /// Every outcome, in display order.
    pub const ALL: [CounsellingOutcome; 4] = [
        CounsellingOutcome::FollowsProcedure,
        CounsellingOutcome::Withdrew,
        CounsellingOutcome::Forwarded,
        CounsellingOutcome::Unreachable,
    ];

    /// The stable code stored and sent over the API.
    pub fn code(self) -> &'static str {
        match self {
            CounsellingOutcome::FollowsProcedure => "follows_procedure",
            CounsellingOutcome::Withdrew => "withdrew",
            CounsellingOutcome::Forwarded => "forwarded",
            CounsellingOutcome::Unreachable => "unreachable",
        }
    }

    /// The outcome of a code, if it is one.
    pub fn from_code(code: &str) -> Option<CounsellingOutcome> {
        Self::ALL.into_iter().find(|o| o.code() == code.trim())
    }
}

/// The record of one counselling session on a referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counselling {
    /// The referral it closes.
    pub referral_id: String,
    /// The day of the session.
    pub on: Date,
    /// How it ended.
    pub outcome: CounsellingOutcome,
    /// The counsellor's notes, sealed (they may say where the person meant to go and with whom).
    pub notes_sealed: Option<Vec<u8>>,
    /// The agency the person was forwarded to, when forwarded.
    pub forwarded_to: Option<String>,
    /// Who recorded it (user id).
    pub by: String,
    /// When (epoch ms).
    pub at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip_through_their_codes() {
        for o in CounsellingOutcome::ALL {
            assert_eq!(CounsellingOutcome::from_code(o.code()), Some(o));
        }
        assert_eq!(CounsellingOutcome::from_code("done"), None);
    }
}
