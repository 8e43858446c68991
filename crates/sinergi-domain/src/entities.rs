//! Entities: records of different kinds that a person confirmed to be one human being.
//!
//! A record is named by its [`RecordKey`] (its kind and id). Records start as entities of their
//! own; the matching engine proposes pairs, a person merges or dismisses them, and a merge can be
//! undone. The entity id is the key of the record the others were merged into.

use crate::prevention::Evidence;
use std::fmt;

/// The kinds of records that take part in entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A passport application.
    Applicant,
    /// A named person in a case (suspect, recruiter, sponsor; never a protected role).
    CasePerson,
    /// The person a public tip names.
    TipSubject,
    /// A watchlist entry.
    Watchlist,
    /// A person record imported by an agency.
    PersonRecord,
}

impl RecordKind {
    /// Every kind, in display order.
    pub const ALL: [RecordKind; 5] = [
        RecordKind::CasePerson,
        RecordKind::TipSubject,
        RecordKind::Watchlist,
        RecordKind::Applicant,
        RecordKind::PersonRecord,
    ];

    /// The one-letter prefix of its keys (the same as the screening index's entry ids).
    pub fn prefix(self) -> &'static str {
        match self {
            RecordKind::Applicant => "a",
            RecordKind::CasePerson => "k",
            RecordKind::TipSubject => "t",
            RecordKind::Watchlist => "w",
            RecordKind::PersonRecord => "p",
        }
    }

    /// The code of the kind (translation labels `record_kind_<code>`).
    pub fn code(self) -> &'static str {
        match self {
            RecordKind::Applicant => "applicant",
            RecordKind::CasePerson => "case_person",
            RecordKind::TipSubject => "tip_subject",
            RecordKind::Watchlist => "watchlist",
            RecordKind::PersonRecord => "person_record",
        }
    }

    /// The kind of a key prefix.
    pub fn from_prefix(p: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.prefix() == p)
    }
}

/// One record, by kind and id: written `k:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordKey {
    /// Its kind.
    pub kind: RecordKind,
    /// Its id in its own table.
    pub id: String,
}

impl RecordKey {
    /// A key of `kind` for `id`.
    pub fn new(kind: RecordKind, id: impl Into<String>) -> RecordKey {
        RecordKey {
            kind,
            id: id.into(),
        }
    }

    /// Reads `k:<id>`; `None` for an unknown prefix or an empty id.
    pub fn parse(s: &str) -> Option<RecordKey> {
        let (p, id) = s.split_once(':')?;
        let kind = RecordKind::from_prefix(p)?;
        (!id.is_empty() && id.len() <= 100).then(|| RecordKey::new(kind, id))
    }
}

impl fmt::Display for RecordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.prefix(), self.id)
    }
}

/// What became of a proposed pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeState {
    /// Merged into one entity.
    Merged,
    /// Merged, then undone (the entities are as they were before).
    Undone,
    /// A person decided they are two people: not proposed again.
    Dismissed,
}

impl MergeState {
    /// Every state.
    pub const ALL: [MergeState; 3] = [
        MergeState::Merged,
        MergeState::Undone,
        MergeState::Dismissed,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            MergeState::Merged => "merged",
            MergeState::Undone => "undone",
            MergeState::Dismissed => "dismissed",
        }
    }

    /// The state of a stored code.
    pub fn from_code(s: &str) -> Option<MergeState> {
        MergeState::ALL.into_iter().find(|m| m.code() == s)
    }
}

/// A decision on a proposed pair, with the engine's evidence at the time.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeRecord {
    /// Id.
    pub id: String,
    /// The record whose entity stays.
    pub record_a: RecordKey,
    /// The record whose entity joins it.
    pub record_b: RecordKey,
    /// Entity id kept.
    pub into_entity: String,
    /// Entity id that joined (restored by an undo).
    pub from_entity: String,
    /// The engine's match probability.
    pub probability: f64,
    /// Which fields agreed and how many bits each added.
    pub evidence: Vec<Evidence>,
    /// What became of it.
    pub state: MergeState,
    /// User id of the person who decided.
    pub decided_by: String,
    /// When (epoch ms).
    pub decided_at: i64,
    /// User id of the person who undid the merge.
    pub undone_by: Option<String>,
    /// When it was undone (epoch ms).
    pub undone_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_reject_unknown_prefixes() {
        for kind in RecordKind::ALL {
            let k = RecordKey::new(kind, "x-1");
            assert_eq!(RecordKey::parse(&k.to_string()), Some(k));
        }
        assert_eq!(RecordKey::parse("q:1"), None);
        assert_eq!(RecordKey::parse("k:"), None);
        assert_eq!(RecordKey::parse("k1"), None);
        for s in MergeState::ALL {
            assert_eq!(MergeState::from_code(s.code()), Some(s));
        }
        assert_eq!(MergeState::from_code("proposed"), None);
    }
}
