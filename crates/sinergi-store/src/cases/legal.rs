//! Legal steps and charges per suspect.

use super::*;

use sinergi_domain::cases::charges::ChargeSheet;
use sinergi_domain::cases::indictment::Indictment;
use sinergi_domain::cases::legal_record::{Charges, LegalStep};

fn step_from(r: &AnyRow) -> Result<LegalStep> {
    Ok(LegalStep {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        person_id: r.try_get("person_id")?,
        seq: r.try_get("seq")?,
        stage: code(r, "stage")?,
        on_date: date(r, "on_date")?,
        document_no: r.try_get("document_no")?,
        office: r.try_get("office")?,
        recorded_by: r.try_get("recorded_by")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

fn charges_from(r: &AnyRow) -> Result<Charges> {
    let sheet: String = r.try_get("sheet_json")?;
    let verdict: Option<String> = r.try_get("verdict_json")?;
    Ok(Charges {
        person_id: r.try_get("person_id")?,
        case_id: r.try_get("case_id")?,
        // Charges written before the indictment form are stored as a flat sheet.
        sheet: serde_json::from_str::<Indictment>(&sheet)
            .or_else(|_| serde_json::from_str::<ChargeSheet>(&sheet).map(Indictment::from))
            .map_err(|_| crate::StoreError::Corrupt("charge sheet".into()))?,
        offence_on: date(r, "offence_on")?,
        verdict: verdict
            .map(|v| serde_json::from_str(&v))
            .transpose()
            .map_err(|_| crate::StoreError::Corrupt("verdict".into()))?,
        updated_at: r.try_get("updated_at")?,
    })
}

impl Store {
    /// Appends a legal step; a concurrent step with the same `seq` is a conflict.
    pub async fn insert_legal_step(&self, s: &LegalStep) -> Result<()> {
        self.exec(
            "INSERT INTO legal_steps (id, case_id, person_id, seq, stage, on_date, document_no, office, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            binds![&s.id, &s.case_id, &s.person_id, s.seq, s.stage.code(), &date_text(s.on_date), &s.document_no, &s.office, &s.recorded_by, s.recorded_at],
        )
        .await
        .map(|_| ())
    }

    /// Legal steps of every suspect of a case, by suspect then order.
    pub async fn legal_steps_for_case(&self, case_id: &str) -> Result<Vec<LegalStep>> {
        self.rows(
            "SELECT id, case_id, person_id, seq, stage, on_date, document_no, office, recorded_by, recorded_at FROM legal_steps WHERE case_id = $1 ORDER BY person_id, seq",
            binds![case_id],
            step_from,
        )
        .await
    }

    /// Sets (or replaces) a suspect's charges and verdict.
    pub async fn upsert_charges(&self, c: &Charges) -> Result<()> {
        self.exec(
            "INSERT INTO legal_charges (person_id, case_id, sheet_json, offence_on, verdict_json, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (person_id) DO UPDATE SET sheet_json = excluded.sheet_json, offence_on = excluded.offence_on, verdict_json = excluded.verdict_json, updated_at = excluded.updated_at",
            binds![&c.person_id, &c.case_id, &serde_json::to_string(&c.sheet).map_err(|e| crate::StoreError::Backend(e.to_string()))?, &date_text(c.offence_on), &c.verdict.as_ref().map(serde_json::to_string).transpose().map_err(|e| crate::StoreError::Backend(e.to_string()))?, c.updated_at],
        )
        .await
        .map(|_| ())
    }

    /// Charges of the suspects of a case.
    pub async fn charges_for_case(&self, case_id: &str) -> Result<Vec<Charges>> {
        self.rows(
            "SELECT person_id, case_id, sheet_json, offence_on, verdict_json, updated_at FROM legal_charges WHERE case_id = $1 ORDER BY person_id",
            binds![case_id],
            charges_from,
        )
        .await
    }
}
