//! Legal steps and charges per suspect.

use super::*;

/// One recorded legal-process transition.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LegalStepRow {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Suspect (case person) id.
    pub person_id: String,
    /// 1-based order per suspect.
    pub seq: i64,
    /// Stage code.
    pub stage: String,
    /// Document date `yyyy-mm-dd`.
    pub on_date: String,
    /// Document number.
    pub document_no: String,
    /// Issuing office.
    pub office: String,
    /// User id.
    pub recorded_by: String,
    /// Recorded (ms).
    pub recorded_at: i64,
}

fn step_from(r: &AnyRow) -> Result<LegalStepRow> {
    Ok(LegalStepRow {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        person_id: r.try_get("person_id")?,
        seq: r.try_get("seq")?,
        stage: r.try_get("stage")?,
        on_date: r.try_get("on_date")?,
        document_no: r.try_get("document_no")?,
        office: r.try_get("office")?,
        recorded_by: r.try_get("recorded_by")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

/// Charges (and verdict) of a suspect, as JSON documents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChargesRow {
    /// Suspect id.
    pub person_id: String,
    /// Case id.
    pub case_id: String,
    /// Charge sheet JSON.
    pub sheet_json: String,
    /// Offence date `yyyy-mm-dd` (selects the article table rows).
    pub offence_on: String,
    /// Verdict JSON.
    pub verdict_json: Option<String>,
    /// Last change (ms).
    pub updated_at: i64,
}

impl Store {
    /// Appends a legal step; a concurrent step with the same `seq` is a conflict.
    pub async fn insert_legal_step(&self, s: &LegalStepRow) -> Result<()> {
        self.exec(
            "INSERT INTO legal_steps (id, case_id, person_id, seq, stage, on_date, document_no, office, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            vec![t(&s.id), t(&s.case_id), t(&s.person_id), i(s.seq), t(&s.stage), t(&s.on_date), t(&s.document_no), t(&s.office), t(&s.recorded_by), i(s.recorded_at)],
        )
        .await
        .map(|_| ())
    }

    /// Legal steps of every suspect of a case, by suspect then order.
    pub async fn legal_steps_for_case(&self, case_id: &str) -> Result<Vec<LegalStepRow>> {
        self.rows(
            "SELECT id, case_id, person_id, seq, stage, on_date, document_no, office, recorded_by, recorded_at FROM legal_steps WHERE case_id = $1 ORDER BY person_id, seq",
            vec![t(case_id)],
            step_from,
        )
        .await
    }

    /// Sets (or replaces) a suspect's charges and verdict.
    pub async fn upsert_charges(&self, c: &ChargesRow) -> Result<()> {
        self.exec(
            "INSERT INTO legal_charges (person_id, case_id, sheet_json, offence_on, verdict_json, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (person_id) DO UPDATE SET sheet_json = excluded.sheet_json, offence_on = excluded.offence_on, verdict_json = excluded.verdict_json, updated_at = excluded.updated_at",
            vec![t(&c.person_id), t(&c.case_id), t(&c.sheet_json), t(&c.offence_on), ot(&c.verdict_json), i(c.updated_at)],
        )
        .await
        .map(|_| ())
    }

    /// Charges of the suspects of a case.
    pub async fn charges_for_case(&self, case_id: &str) -> Result<Vec<ChargesRow>> {
        self.rows(
            "SELECT person_id, case_id, sheet_json, offence_on, verdict_json, updated_at FROM legal_charges WHERE case_id = $1 ORDER BY person_id",
            vec![t(case_id)],
            |r| Ok(ChargesRow { person_id: r.try_get(0)?, case_id: r.try_get(1)?, sheet_json: r.try_get(2)?, offence_on: r.try_get(3)?, verdict_json: r.try_get(4)?, updated_at: r.try_get(5)? }),
        )
        .await
    }
}
