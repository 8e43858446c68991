//! Risk indicators as versioned configuration: each has a code, texts in Bahasa Indonesia and
//! English, a named condition on the facts, and a weight. The score is the sum of the weights of
//! the indicators that hold, capped at 100, with every contribution listed.

use super::facts::{Facts, Purpose};
use super::rules::ConfigError;
use serde::{Deserialize, Serialize};

/// The checks an indicator can name. Adding a check means adding a variant here and its test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Destination under a moratorium for the (stated or suspected) work.
    DestinationUnderMoratorium,
    /// Destination under the scam-sector ban, with a job offer or work intent.
    ScamSectorDestination,
    /// The interview shows work intent but the stated purpose is not work.
    WorkIntentWithNonWorkPurpose,
    /// Work (stated or intended) without a licensed placement company.
    WorkWithoutLicensedAgency,
    /// Documents the purpose requires were not shown.
    MissingRequiredDocuments,
    /// Sponsor or phone linked to a suspected recruiter.
    LinkedToRecruiter,
    /// A watchlist entry matches (probability ≥ 0.5).
    WatchlistMatch,
    /// Deferred or refused earlier at another office.
    EarlierDeferralOrRefusal,
    /// NIK disagrees with the stated birth date or sex.
    NikInconsistent,
    /// NIK issued outside the office's area.
    AppliedFarFromHome,
}

impl Condition {
    /// Whether the condition holds for `f`.
    pub fn holds(self, f: &Facts) -> bool {
        let work = f.purpose == Some(Purpose::Work) || f.interview_work_intent || f.job_offer;
        match self {
            Condition::DestinationUnderMoratorium => f.moratorium && work,
            Condition::ScamSectorDestination => f.scam_sector && work,
            Condition::WorkIntentWithNonWorkPurpose => {
                f.interview_work_intent && f.purpose.is_some_and(|p| p != Purpose::Work)
            }
            Condition::WorkWithoutLicensedAgency => work && !f.agency_licensed,
            Condition::MissingRequiredDocuments => !f.missing_documents.is_empty(),
            Condition::LinkedToRecruiter => f.recruiter_link,
            Condition::WatchlistMatch => f.watchlist_score >= 0.5,
            Condition::EarlierDeferralOrRefusal => f.earlier_deferral,
            Condition::NikInconsistent => f.nik_inconsistent,
            Condition::AppliedFarFromHome => f.far_from_home,
        }
    }
}

/// One indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable code.
    pub code: String,
    /// The check.
    pub condition: Condition,
    /// Points added when it holds (0-100).
    pub weight: i64,
    /// Text in Bahasa Indonesia.
    pub id: String,
    /// Text in English.
    pub en: String,
}

/// A versioned set of indicators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorSet {
    /// Version number; each edit makes a new one.
    pub version: i64,
    /// The indicators.
    #[serde(rename = "indicator")]
    pub indicators: Vec<Indicator>,
}

/// One indicator that held, and what it added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// Indicator code.
    pub code: String,
    /// Points added.
    pub weight: i64,
    /// Text in Bahasa Indonesia.
    pub id: String,
    /// Text in English.
    pub en: String,
}

/// The advice: a score with its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// 0-100.
    pub total: i64,
    /// The band of the total (labelled by the web layer).
    #[serde(deserialize_with = "super::screening::band_from_stored")]
    pub band: super::screening::RiskBand,
    /// The indicator version used.
    pub indicator_version: i64,
    /// The indicators that held, heaviest first.
    pub contributions: Vec<Contribution>,
}

impl IndicatorSet {
    /// Parses and checks a set (unique codes, weights 0-100).
    pub fn parse(text: &str) -> Result<IndicatorSet, ConfigError> {
        let set: IndicatorSet = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        set.check()?;
        Ok(set)
    }

    /// Checks unique codes and weights in 0..=100.
    pub fn check(&self) -> Result<(), ConfigError> {
        for (i, ind) in self.indicators.iter().enumerate() {
            if !(0..=100).contains(&ind.weight) {
                return Err(ConfigError(format!("{}: weight must be 0-100", ind.code)));
            }
            if self.indicators[..i].iter().any(|o| o.code == ind.code) {
                return Err(ConfigError(format!("{}: code used twice", ind.code)));
            }
        }
        Ok(())
    }

    /// The TOML text of this set (to store a version).
    pub fn to_toml(&self) -> Result<String, ConfigError> {
        toml::to_string(self).map_err(|e| ConfigError(e.to_string()))
    }

    /// A new version with `code`'s weight changed.
    pub fn with_weight(&self, code: &str, weight: i64) -> Result<IndicatorSet, ConfigError> {
        let mut next = self.clone();
        let ind = next
            .indicators
            .iter_mut()
            .find(|i| i.code == code)
            .ok_or_else(|| ConfigError(format!("no indicator `{code}`")))?;
        ind.weight = weight;
        next.version = self.version + 1;
        next.check()?;
        Ok(next)
    }

    /// Evaluates every indicator on `facts`.
    pub fn score(&self, facts: &Facts) -> Score {
        let mut contributions: Vec<Contribution> = self
            .indicators
            .iter()
            .filter(|i| i.weight > 0 && i.condition.holds(facts))
            .map(|i| Contribution {
                code: i.code.clone(),
                weight: i.weight,
                id: i.id.clone(),
                en: i.en.clone(),
            })
            .collect();
        contributions.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.code.cmp(&b.code)));
        let total = contributions.iter().map(|c| c.weight).sum::<i64>().min(100);
        Score {
            total,
            band: super::screening::RiskBand::of(total),
            indicator_version: self.version,
            contributions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SHIPPED: &str = include_str!("../../../../data/prevention/indicators.toml");

    #[test]
    fn shipped_indicators_parse() {
        let set = IndicatorSet::parse(SHIPPED).expect("parses");
        assert_eq!(set.version, 1);
        assert!(set.indicators.len() >= 8);
    }

    #[test]
    fn a_tourist_with_nothing_against_scores_zero() {
        let set = IndicatorSet::parse(SHIPPED).expect("parses");
        let s = set.score(&Facts {
            purpose: Some(Purpose::Tourism),
            destination: "JP".into(),
            ..Facts::default()
        });
        assert_eq!(
            (s.total, s.band),
            (0, super::super::screening::RiskBand::Low)
        );
        assert!(s.contributions.is_empty());
    }

    #[test]
    fn recruiter_linked_umrah_applicant_with_work_intent_scores_high_with_reasons() {
        let set = IndicatorSet::parse(SHIPPED).expect("parses");
        let s = set.score(&Facts {
            purpose: Some(Purpose::UmrahHajj),
            destination: "SA".into(),
            work_type: Some(crate::prevention::WorkType::Domestic),
            interview_work_intent: true,
            moratorium: true,
            recruiter_link: true,
            missing_documents: vec!["rekomendasi_kemenag".into()],
            ..Facts::default()
        });
        assert_eq!(s.total, 100, "capped");
        assert_eq!(s.band, super::super::screening::RiskBand::High);
        let codes: Vec<&str> = s.contributions.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes[0], "recruiter_link", "heaviest first");
        assert!(codes.contains(&"work_intent_non_work_purpose"));
        assert!(codes.contains(&"moratorium_destination"));
        assert!(codes.contains(&"no_licensed_p3mi"));
    }

    #[test]
    fn changing_a_weight_makes_a_new_version() {
        let set = IndicatorSet::parse(SHIPPED).expect("parses");
        let next = set.with_weight("far_from_home", 5).expect("edit");
        assert_eq!(next.version, 2);
        assert_eq!(set.version, 1, "the old version is unchanged");
        let again = IndicatorSet::parse(&next.to_toml().expect("toml")).expect("round trip");
        assert_eq!(again, next);
        assert!(set.with_weight("far_from_home", 101).is_err());
        assert!(set.with_weight("nope", 5).is_err());
    }

    proptest! {
        #[test]
        fn score_is_bounded_and_explained(
            intent: bool, offer: bool, licensed: bool, moratorium: bool, scam: bool,
            recruiter: bool, earlier: bool, nik: bool, far: bool, wl in 0.0f64..1.0,
        ) {
            let set = IndicatorSet::parse(SHIPPED).expect("parses");
            let s = set.score(&Facts {
                purpose: Some(Purpose::Tourism),
                interview_work_intent: intent, job_offer: offer, agency_licensed: licensed,
                moratorium, scam_sector: scam, recruiter_link: recruiter, earlier_deferral: earlier,
                nik_inconsistent: nik, far_from_home: far, watchlist_score: wl,
                ..Facts::default()
            });
            prop_assert!((0..=100).contains(&s.total));
            let sum: i64 = s.contributions.iter().map(|c| c.weight).sum();
            prop_assert_eq!(s.total, sum.min(100));
        }
    }
}
