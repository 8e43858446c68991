//! Victim assistance: services given by agencies, with dates and outcomes.

use super::coded_enum;

coded_enum!(
    /// A service given to a victim.
    Service, "assistance service", {
        /// Shelter (rumah aman / shelter).
        Shelter => "shelter",
        /// Medical care.
        Medical => "medical",
        /// Psychosocial support.
        Psychosocial => "psychosocial",
        /// Legal aid.
        LegalAid => "legal_aid",
        /// Repatriation.
        Repatriation => "repatriation",
        /// Reintegration (economic / social).
        Reintegration => "reintegration",
        /// LPSK witness and victim protection.
        LpskProtection => "lpsk_protection",
    }
);

coded_enum!(
    /// How a service ended.
    Outcome, "assistance outcome", {
        /// Still being given.
        Ongoing => "ongoing",
        /// Given as planned.
        Completed => "completed",
        /// The victim declined.
        Declined => "declined",
        /// Referred on to another provider.
        ReferredOn => "referred_on",
    }
);

/// Checks a SIMFONI-PPA case number (referenced, never copied): letters, digits, `/`, `-`, `.`,
/// 4 to 40 characters.
pub fn valid_simfoni_number(s: &str) -> bool {
    let s = s.trim();
    (4..=40).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simfoni_numbers() {
        assert!(valid_simfoni_number("3507/2026/00012"));
        assert!(!valid_simfoni_number("x"));
        assert!(!valid_simfoni_number("3507 2026"));
        assert_eq!(
            "lpsk_protection".parse::<Service>(),
            Ok(Service::LpskProtection)
        );
        assert_eq!(Outcome::ALL.len(), 4);
    }
}
