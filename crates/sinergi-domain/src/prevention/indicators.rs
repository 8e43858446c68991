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
    /// The sponsor phone is shared by several other applications waiting for a decision.
    SponsorPhoneShared,
    /// Work (stated or intended) by someone under the minimum age of a migrant worker.
    UnderWorkAge,
    /// A watchlist entry matches (probability ≥ 0.5).
    WatchlistMatch,
    /// Deferred or refused earlier at another office.
    EarlierDeferralOrRefusal,
    /// NIK disagrees with the stated birth date or sex.
    NikInconsistent,
    /// Retired (issue #12): scored the NIK's province against the office's, a proxy for origin
    /// and ethnicity. Kept so that stored versions still parse; it never holds and
    /// [`IndicatorSet::parse`] drops it.
    AppliedFarFromHome,
}

/// The fact an indicator rests on. Indicators resting on the same fact do not stack: only the
/// heaviest counts, the others are listed with no points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The destination is closed to the work.
    Destination,
    /// Work intent shown under a non-work purpose (with its consequences: no agency, no work
    /// documents).
    UndeclaredWork,
    /// Declared work without a licensed agency.
    Agency,
    /// Documents of the stated purpose.
    Documents,
    /// The sponsor or a phone links to recruitment.
    Sponsor,
    /// Age below the minimum for work.
    Age,
    /// The watchlist.
    Watchlist,
    /// Earlier decisions.
    History,
    /// The identity data.
    Identity,
    /// A retired check.
    Retired,
}

impl Condition {
    /// Whether the condition is retired (never holds, dropped from sets).
    pub fn is_retired(self) -> bool {
        matches!(self, Condition::AppliedFarFromHome)
    }

    /// The fields of [`Facts`] the check reads. A test holds that none of them is where a
    /// person lives or comes from, their religion or their ethnicity.
    pub fn reads(self) -> &'static [&'static str] {
        match self {
            Condition::DestinationUnderMoratorium => &[
                "moratorium",
                "purpose",
                "interview_work_intent",
                "job_offer",
            ],
            Condition::ScamSectorDestination => &[
                "scam_sector",
                "purpose",
                "interview_work_intent",
                "job_offer",
            ],
            Condition::WorkIntentWithNonWorkPurpose => &["interview_work_intent", "purpose"],
            Condition::WorkWithoutLicensedAgency => &[
                "agency_licensed",
                "purpose",
                "interview_work_intent",
                "job_offer",
            ],
            Condition::MissingRequiredDocuments => &["missing"],
            Condition::LinkedToRecruiter => &["recruiter_link"],
            Condition::SponsorPhoneShared => &["sponsor_phone_shared"],
            Condition::UnderWorkAge => &[
                "under_work_age",
                "purpose",
                "interview_work_intent",
                "job_offer",
            ],
            Condition::WatchlistMatch => &["watchlist_score"],
            Condition::EarlierDeferralOrRefusal => &["earlier_deferral"],
            Condition::NikInconsistent => &["nik_inconsistent"],
            Condition::AppliedFarFromHome => &[],
        }
    }

    /// The fact the check rests on for `f` (see [`Basis`]).
    pub fn basis(self, f: &Facts) -> Basis {
        let declared_work = f.purpose == Some(Purpose::Work);
        match self {
            Condition::DestinationUnderMoratorium | Condition::ScamSectorDestination => {
                Basis::Destination
            }
            Condition::WorkIntentWithNonWorkPurpose => Basis::UndeclaredWork,
            Condition::WorkWithoutLicensedAgency if declared_work => Basis::Agency,
            Condition::WorkWithoutLicensedAgency => Basis::UndeclaredWork,
            Condition::MissingRequiredDocuments if f.missing.for_purpose.is_empty() => {
                Basis::UndeclaredWork
            }
            Condition::MissingRequiredDocuments => Basis::Documents,
            Condition::LinkedToRecruiter | Condition::SponsorPhoneShared => Basis::Sponsor,
            Condition::UnderWorkAge => Basis::Age,
            Condition::WatchlistMatch => Basis::Watchlist,
            Condition::EarlierDeferralOrRefusal => Basis::History,
            Condition::NikInconsistent => Basis::Identity,
            Condition::AppliedFarFromHome => Basis::Retired,
        }
    }

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
            Condition::MissingRequiredDocuments => !f.missing.counted().is_empty(),
            Condition::LinkedToRecruiter => f.recruiter_link,
            Condition::SponsorPhoneShared => f.sponsor_phone_shared,
            Condition::UnderWorkAge => f.under_work_age && work,
            Condition::WatchlistMatch => f.watchlist_score >= 0.5,
            Condition::EarlierDeferralOrRefusal => f.earlier_deferral,
            Condition::NikInconsistent => f.nik_inconsistent,
            Condition::AppliedFarFromHome => false,
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
    /// When another indicator rests on the same fact and weighs more: its code. The weight
    /// is then 0 (listed, not counted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_fact_as: Option<String>,
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
    /// Parses and checks a set (unique codes, weights 0-100). Indicators with a retired
    /// condition are dropped.
    pub fn parse(text: &str) -> Result<IndicatorSet, ConfigError> {
        let mut set: IndicatorSet = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        set.indicators.retain(|i| !i.condition.is_retired());
        set.check()?;
        Ok(set)
    }

    /// A new version of this (stored) set that carries the shipped set's indicators it lacks,
    /// or `None` when nothing is missing. Weights a supervisor changed are kept.
    pub fn upgraded_with(&self, shipped: &IndicatorSet) -> Option<IndicatorSet> {
        let missing: Vec<&Indicator> = shipped
            .indicators
            .iter()
            .filter(|s| !self.indicators.iter().any(|i| i.code == s.code))
            .collect();
        if missing.is_empty() {
            return None;
        }
        let mut next = self.clone();
        next.indicators.extend(missing.into_iter().cloned());
        next.version = self.version + 1;
        Some(next)
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

    /// Evaluates every indicator on `facts`. Indicators resting on the same fact do not stack:
    /// the heaviest counts, the others are listed with weight 0 and `same_fact_as`.
    pub fn score(&self, facts: &Facts) -> Score {
        let mut held: Vec<(&Indicator, Basis)> = self
            .indicators
            .iter()
            .filter(|i| i.weight > 0 && i.condition.holds(facts))
            .map(|i| (i, i.condition.basis(facts)))
            .collect();
        held.sort_by(|(a, _), (b, _)| b.weight.cmp(&a.weight).then(a.code.cmp(&b.code)));
        let mut contributions: Vec<Contribution> = Vec::with_capacity(held.len());
        for (k, (i, basis)) in held.iter().enumerate() {
            let heavier = held[..k].iter().find(|(_, b)| b == basis);
            contributions.push(Contribution {
                code: i.code.clone(),
                weight: if heavier.is_some() { 0 } else { i.weight },
                id: i.id.clone(),
                en: i.en.clone(),
                same_fact_as: heavier.map(|(h, _)| h.code.clone()),
            });
        }
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
            missing: crate::prevention::MissingDocuments {
                for_purpose: vec!["rekomendasi_kemenag".into()],
                ..Default::default()
            },
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
        let next = set.with_weight("nik_inconsistent", 5).expect("edit");
        assert_eq!(next.version, 2);
        assert_eq!(set.version, 1, "the old version is unchanged");
        let again = IndicatorSet::parse(&next.to_toml().expect("toml")).expect("round trip");
        assert_eq!(again, next);
        assert!(set.with_weight("nik_inconsistent", 101).is_err());
        assert!(set.with_weight("nope", 5).is_err());
    }

    #[test]
    fn no_indicator_reads_where_someone_lives_or_comes_from_their_religion_or_ethnicity() {
        const FORBIDDEN: [&str; 10] = [
            "region",
            "province",
            "kecamatan",
            "address",
            "home",
            "origin",
            "domicile",
            "religion",
            "ethnic",
            "nik_region",
        ];
        let set = IndicatorSet::parse(SHIPPED).expect("parses");
        for ind in &set.indicators {
            for field in ind.condition.reads() {
                assert!(
                    !FORBIDDEN.iter().any(|w| field.contains(w)),
                    "{} reads {field}",
                    ind.code
                );
            }
        }
        // The facts themselves carry no such field (their Debug output names every field).
        let fields = format!("{:?}", Facts::default());
        for w in [
            "region", "province", "address", "home", "origin", "religion", "ethnic",
        ] {
            assert!(!fields.contains(w), "Facts has a `{w}` field: {fields}");
        }
        assert!(set.indicators.iter().all(|i| i.code != "far_from_home"));
    }

    #[test]
    fn a_stored_set_with_far_from_home_parses_without_it_and_upgrades() {
        let old = format!(
            "{SHIPPED}\n[[indicator]]\ncode = \"far_from_home\"\ncondition = \"applied_far_from_home\"\nweight = 10\nid = \"x\"\nen = \"x\"\n"
        );
        let set = IndicatorSet::parse(&old).expect("old versions still parse");
        assert!(set.indicators.iter().all(|i| !i.condition.is_retired()));
        let shipped = IndicatorSet::parse(SHIPPED).expect("parses");
        let mut stored = shipped.clone();
        stored.indicators.retain(|i| i.code != "under_work_age");
        let next = stored
            .upgraded_with(&shipped)
            .expect("adds the new indicator");
        assert_eq!(next.version, stored.version + 1);
        assert!(next.indicators.iter().any(|i| i.code == "under_work_age"));
        assert!(shipped.upgraded_with(&shipped).is_none());
    }

    #[test]
    fn work_intent_under_a_tourist_purpose_counts_once() {
        let set = IndicatorSet::parse(SHIPPED).expect("parses");
        let s = set.score(&Facts {
            purpose: Some(Purpose::Tourism),
            destination: "MY".into(),
            interview_work_intent: true,
            missing: crate::prevention::MissingDocuments {
                for_work_intent: vec!["rekomendasi_disnaker".into(), "surat_p3mi".into()],
                ..Default::default()
            },
            ..Facts::default()
        });
        assert_eq!(s.total, 25, "only the heaviest of the three: {s:?}");
        assert_eq!(s.contributions.len(), 3, "all three are listed");
        let agency = s
            .contributions
            .iter()
            .find(|c| c.code == "no_licensed_p3mi")
            .expect("listed");
        assert_eq!(agency.weight, 0);
        assert_eq!(
            agency.same_fact_as.as_deref(),
            Some("work_intent_non_work_purpose")
        );
        // Declared work without an agency and with missing documents: separate facts, they add.
        let w = set.score(&Facts {
            purpose: Some(Purpose::Work),
            destination: "MY".into(),
            missing: crate::prevention::MissingDocuments {
                for_purpose: vec!["surat_p3mi".into()],
                ..Default::default()
            },
            ..Facts::default()
        });
        assert_eq!(w.total, 35);
    }

    #[test]
    fn a_shared_sponsor_phone_and_an_underage_worker_are_flagged() {
        let set = IndicatorSet::parse(SHIPPED).expect("parses");
        let s = set.score(&Facts {
            purpose: Some(Purpose::Tourism),
            sponsor_phone_shared: true,
            ..Facts::default()
        });
        assert_eq!(s.total, 15);
        let young_tourist = set.score(&Facts {
            purpose: Some(Purpose::Tourism),
            under_work_age: true,
            ..Facts::default()
        });
        assert_eq!(young_tourist.total, 0, "age alone is no risk");
        let young_worker = set.score(&Facts {
            purpose: Some(Purpose::Work),
            agency_licensed: true,
            under_work_age: true,
            ..Facts::default()
        });
        assert!(
            young_worker
                .contributions
                .iter()
                .any(|c| c.code == "under_work_age" && c.weight == 30)
        );
    }

    proptest! {
        #[test]
        fn score_is_bounded_and_explained(
            intent: bool, offer: bool, licensed: bool, moratorium: bool, scam: bool,
            recruiter: bool, earlier: bool, nik: bool, shared: bool, young: bool, wl in 0.0f64..1.0,
        ) {
            let set = IndicatorSet::parse(SHIPPED).expect("parses");
            let s = set.score(&Facts {
                purpose: Some(Purpose::Tourism),
                interview_work_intent: intent, job_offer: offer, agency_licensed: licensed,
                moratorium, scam_sector: scam, recruiter_link: recruiter, earlier_deferral: earlier,
                nik_inconsistent: nik, sponsor_phone_shared: shared, under_work_age: young, watchlist_score: wl,
                ..Facts::default()
            });
            prop_assert!((0..=100).contains(&s.total));
            let sum: i64 = s.contributions.iter().map(|c| c.weight).sum();
            prop_assert_eq!(s.total, sum.min(100));
        }
    }
}
