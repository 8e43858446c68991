//! Tips as stored: the row is converted to the domain's [`Tip`] at this edge.

use super::*;
use sinergi_domain::cases::tip::TipStatus;
use sinergi_domain::cases::tip_record::{Tip, TipSource};

/// The columns every tip query reads, in the order [`tip_from`] expects none of (it reads by
/// name), written once.
macro_rules! tip_columns {
    () => {
        "id, receipt, channel, kind, severity, consent, region_code, suspect_name, suspect_phone_idx, narrative_enc, reporter_contact_enc, status, assigned_agency, duplicate_of, case_id, received_at, escalate_at, escalated, updated_at, source_agency, source_applicant, close_reason_enc"
    };
}

fn tip_from(r: &AnyRow) -> Result<Tip> {
    Ok(Tip {
        id: r.try_get("id")?,
        receipt: r.try_get("receipt")?,
        channel: code(r, "channel")?,
        kind: code(r, "kind")?,
        severity: code(r, "severity")?,
        consent: r.try_get::<i64, _>("consent")? != 0,
        region_code: r.try_get("region_code")?,
        suspect_name: r.try_get("suspect_name")?,
        suspect_phone_idx: r.try_get("suspect_phone_idx")?,
        narrative_sealed: r.try_get("narrative_enc")?,
        reporter_contact_sealed: r.try_get("reporter_contact_enc")?,
        status: code(r, "status")?,
        assigned_agency: r.try_get("assigned_agency")?,
        duplicate_of: r.try_get("duplicate_of")?,
        case_id: r.try_get("case_id")?,
        received_at: r.try_get("received_at")?,
        escalate_at: r.try_get("escalate_at")?,
        escalated: r.try_get::<i64, _>("escalated")? != 0,
        updated_at: r.try_get("updated_at")?,
        source: r
            .try_get::<Option<String>, _>("source_agency")?
            .map(|agency| -> Result<TipSource> {
                Ok(TipSource {
                    agency,
                    applicant_id: r.try_get("source_applicant")?,
                })
            })
            .transpose()?,
        close_reason_sealed: r.try_get("close_reason_enc")?,
    })
}

impl Store {
    /// Stores a new tip.
    pub async fn insert_tip(&self, tip: &Tip) -> Result<()> {
        self.exec(
            "INSERT INTO tips (id, receipt, channel, kind, severity, consent, region_code, suspect_name, suspect_phone_idx, narrative_enc, reporter_contact_enc, status, assigned_agency, duplicate_of, case_id, received_at, escalate_at, escalated, updated_at, source_agency, source_applicant, close_reason_enc) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)",
            binds![
                &tip.id, &tip.receipt, tip.channel.code(), tip.kind.code(), tip.severity.code(),
                i64::from(tip.consent), &tip.region_code, &tip.suspect_name,
                &tip.suspect_phone_idx, &tip.narrative_sealed, &tip.reporter_contact_sealed,
                tip.status.code(), &tip.assigned_agency, &tip.duplicate_of, &tip.case_id,
                tip.received_at, tip.escalate_at, i64::from(tip.escalated), tip.updated_at,
                &tip.source.as_ref().map(|s| s.agency.clone()),
                &tip.source.as_ref().and_then(|s| s.applicant_id.clone()),
                &tip.close_reason_sealed,
            ],
        )
        .await
        .map(|_| ())
    }

    /// One tip by id.
    pub async fn tip(&self, id: &str) -> Result<Option<Tip>> {
        const SQL: &str = concat!("SELECT ", tip_columns!(), " FROM tips WHERE id = $1");
        self.row(SQL, binds![id], tip_from).await
    }

    /// One tip by receipt code.
    pub async fn tip_by_receipt(&self, receipt: &str) -> Result<Option<Tip>> {
        self.row(
            concat!("SELECT ", tip_columns!(), " FROM tips WHERE receipt = $1"),
            binds![receipt],
            tip_from,
        )
        .await
    }

    /// Every tip, newest first, at most `limit`.
    pub async fn tips(&self, limit: i64) -> Result<Vec<Tip>> {
        self.rows(
            concat!(
                "SELECT ",
                tip_columns!(),
                " FROM tips ORDER BY received_at DESC, id LIMIT $1"
            ),
            binds![limit],
            tip_from,
        )
        .await
    }

    /// Every tip still open (received or assigned), newest first, however many there are: a
    /// flood of new tips must not push an open one out of triage.
    pub async fn open_tips(&self) -> Result<Vec<Tip>> {
        self.rows(
            concat!(
                "SELECT ",
                tip_columns!(),
                " FROM tips WHERE status IN ('received', 'assigned') ORDER BY received_at DESC, id"
            ),
            binds![],
            tip_from,
        )
        .await
    }

    /// Updates the triage fields of a tip if it is still in status `expected` and has no case
    /// yet (optimistic: a concurrent change makes this return `false`, so one tip makes one case).
    pub async fn update_tip(&self, tip: &Tip, expected: TipStatus) -> Result<bool> {
        Ok(self
            .exec(
                "UPDATE tips SET status = $1, assigned_agency = $2, duplicate_of = $3, case_id = $4, escalated = $5, updated_at = $6, severity = $7, close_reason_enc = $10 WHERE id = $8 AND status = $9 AND case_id IS NULL",
                binds![
                    tip.status.code(), &tip.assigned_agency, &tip.duplicate_of, &tip.case_id,
                    i64::from(tip.escalated), tip.updated_at, tip.severity.code(), &tip.id, expected.code(),
                    &tip.close_reason_sealed,
                ],
            )
            .await?
            == 1)
    }
}

impl Store {
    /// The tips an agency reported about one passport applicant, newest first (Imigrasi's
    /// report of a deferral to the police).
    pub async fn tips_from_applicant(&self, applicant_id: &str) -> Result<Vec<Tip>> {
        self.rows(
            concat!(
                "SELECT ",
                tip_columns!(),
                " FROM tips WHERE source_applicant = $1 ORDER BY received_at DESC, id"
            ),
            binds![applicant_id],
            tip_from,
        )
        .await
    }
}
