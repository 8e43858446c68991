//! Shared case work between agencies: tips, cases, referrals, the legal process per suspect,
//! victim assistance and coordination meetings.
//!
//! Everything here is pure: states, transitions and deadlines are functions of their inputs and of
//! an explicit `now` (epoch milliseconds), so every rule is tested without a database.

pub mod assistance;
pub mod case;
pub mod case_record;
pub mod charges;
pub mod coordination_record;
pub mod indictment;
pub mod legal;
pub mod legal_record;
pub mod meeting;
pub mod process;
pub mod referral;
pub mod referral_record;
pub mod tip;
pub mod tip_record;

use std::fmt;

/// A code that is not one of the expected values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} code")]
pub struct UnknownValue {
    /// What kind of code was expected.
    pub what: &'static str,
}

/// Milliseconds in one day.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Declares a string-coded enum with `code()`, `ALL`, `Display` and `FromStr`.
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident, $what:literal, { $($(#[$vm:meta])* $var:ident => $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $var),+ }
        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The stable code stored and sent over the API.
            pub fn code(self) -> &'static str { match self { $($name::$var => $code),+ } }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.code()) }
        }
        impl std::str::FromStr for $name {
            type Err = $crate::cases::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let s = s.trim();
                $name::ALL.iter().copied().find(|v| v.code() == s)
                    .ok_or($crate::cases::UnknownValue { what: $what })
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum!(
    /// The kind of crime a case is about.
    CaseKind, "case kind", {
        /// Tindak pidana perdagangan orang (UU 21/2007).
        Tppo => "tppo",
        /// Non-procedural migrant work (UU 18/2017).
        PmiNp => "pmi_np",
        /// People smuggling (UU 6/2011 Pasal 120).
        Smuggling => "smuggling",
    }
);

coded_enum!(
    /// The role of a person in a case.
    PersonRole, "person role", {
        /// Victim (identity fields are sealed and masked).
        Victim => "victim",
        /// Suspect (tersangka); has a legal process.
        Suspect => "suspect",
        /// Recruiter (calo).
        Recruiter => "recruiter",
        /// Sponsor.
        Sponsor => "sponsor",
        /// Witness (saksi).
        Witness => "witness",
        /// Family member.
        Family => "family",
    }
);

impl PersonRole {
    /// Whether the identity of a person in this role is protected (sealed, masked).
    pub fn protected_identity(self) -> bool {
        matches!(
            self,
            PersonRole::Victim | PersonRole::Family | PersonRole::Witness
        )
    }
}

/// What a protected name shows to those who may not see it: always the same six characters, so
/// the mask reveals neither initials, nor the number or length of the words (a victim in a small
/// village is recognisable from "S*** A*****" and a list of neighbours).
pub const MASKED_NAME: &str = "******";

/// The mask of a protected name: [`MASKED_NAME`] whatever the name (empty stays empty).
pub fn mask_name(name: &str) -> String {
    if name.trim().is_empty() {
        String::new()
    } else {
        MASKED_NAME.to_string()
    }
}

/// A case number as agencies quote it: `SNG/2026/000123`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNumber {
    /// Year the case was opened.
    pub year: i32,
    /// Sequence within the year.
    pub seq: u32,
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SNG/{}/{:06}", self.year, self.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in CaseKind::ALL {
            assert_eq!(k.code().parse::<CaseKind>(), Ok(*k));
        }
        for r in PersonRole::ALL {
            assert_eq!(r.code().parse::<PersonRole>(), Ok(*r));
        }
        assert!("x".parse::<CaseKind>().is_err());
    }

    #[test]
    fn names_are_masked() {
        assert_eq!(mask_name("Siti Aminah"), "******");
        assert_eq!(
            mask_name("Al"),
            mask_name("Muhammad Abdurrahman Wahid Prasetyo")
        );
        assert!(!mask_name("Siti Aminah").contains('S'));
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn case_numbers_format() {
        assert_eq!(
            CaseNumber { year: 2026, seq: 7 }.to_string(),
            "SNG/2026/000007"
        );
    }
}
