//! The legal process per suspect as kept: recorded steps and the charges with their verdict.

use super::charges::Verdict;
use super::indictment::Indictment;
use super::legal::Stage;
use time::Date;

/// One recorded legal-process transition of a suspect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalStep {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Suspect (case person) id.
    pub person_id: String,
    /// 1-based order per suspect.
    pub seq: i64,
    /// The stage reached.
    pub stage: Stage,
    /// Document date.
    pub on_date: Date,
    /// Document number.
    pub document_no: String,
    /// Issuing office.
    pub office: String,
    /// User id.
    pub recorded_by: String,
    /// Recorded (epoch ms).
    pub recorded_at: i64,
}

/// The charges of a suspect and, once given, the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charges {
    /// Suspect id.
    pub person_id: String,
    /// Case id.
    pub case_id: String,
    /// The charges (counts of articles).
    pub sheet: Indictment,
    /// Offence date (selects the article table rows in force).
    pub offence_on: Date,
    /// The verdict.
    pub verdict: Option<Verdict>,
    /// Last change (epoch ms).
    pub updated_at: i64,
}
