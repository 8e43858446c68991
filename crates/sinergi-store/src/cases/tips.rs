//! Tips as stored.

use super::*;


/// A tip as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TipRow {
    /// Id.
    pub id: String,
    /// Receipt code the reporter keeps.
    pub receipt: String,
    /// Channel code.
    pub channel: String,
    /// Case kind code.
    pub kind: String,
    /// Severity code.
    pub severity: String,
    /// Whether the person concerned consented to law-enforcement forwarding.
    pub consent: bool,
    /// Region (kabupaten/kota) code.
    pub region_code: Option<String>,
    /// Name of the alleged recruiter/suspect as reported (used for duplicate detection).
    pub suspect_name: Option<String>,
    /// Blind index of the suspect's phone.
    pub suspect_phone_idx: Option<String>,
    /// The reporter's narrative, sealed.
    pub narrative_enc: Option<Vec<u8>>,
    /// The reporter's contact, sealed.
    pub reporter_contact_enc: Option<Vec<u8>>,
    /// Status code.
    pub status: String,
    /// Agency assigned.
    pub assigned_agency: Option<String>,
    /// Tip this one duplicates.
    pub duplicate_of: Option<String>,
    /// Case it became or joined.
    pub case_id: Option<String>,
    /// Received (ms).
    pub received_at: i64,
    /// Escalation deadline (ms).
    pub escalate_at: i64,
    /// Whether it has escalated.
    pub escalated: bool,
    /// Last change (ms).
    pub updated_at: i64,
}

fn tip_from(r: &AnyRow) -> Result<TipRow> {
    Ok(TipRow {
        id: r.try_get("id")?,
        receipt: r.try_get("receipt")?,
        channel: r.try_get("channel")?,
        kind: r.try_get("kind")?,
        severity: r.try_get("severity")?,
        consent: r.try_get::<i64, _>("consent")? != 0,
        region_code: r.try_get("region_code")?,
        suspect_name: r.try_get("suspect_name")?,
        suspect_phone_idx: r.try_get("suspect_phone_idx")?,
        narrative_enc: r.try_get("narrative_enc")?,
        reporter_contact_enc: r.try_get("reporter_contact_enc")?,
        status: r.try_get("status")?,
        assigned_agency: r.try_get("assigned_agency")?,
        duplicate_of: r.try_get("duplicate_of")?,
        case_id: r.try_get("case_id")?,
        received_at: r.try_get("received_at")?,
        escalate_at: r.try_get("escalate_at")?,
        escalated: r.try_get::<i64, _>("escalated")? != 0,
        updated_at: r.try_get("updated_at")?,
    })
}

impl Store {
    /// Stores a new tip.
    pub async fn insert_tip(&self, tip: &TipRow) -> Result<()> {
        self.exec(
            "INSERT INTO tips (id, receipt, channel, kind, severity, consent, region_code, suspect_name, suspect_phone_idx, narrative_enc, reporter_contact_enc, status, assigned_agency, duplicate_of, case_id, received_at, escalate_at, escalated, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
            vec![
                t(&tip.id), t(&tip.receipt), t(&tip.channel), t(&tip.kind), t(&tip.severity),
                i(i64::from(tip.consent)), ot(&tip.region_code), ot(&tip.suspect_name),
                ot(&tip.suspect_phone_idx), ob(&tip.narrative_enc), ob(&tip.reporter_contact_enc),
                t(&tip.status), ot(&tip.assigned_agency), ot(&tip.duplicate_of), ot(&tip.case_id),
                i(tip.received_at), i(tip.escalate_at), i(i64::from(tip.escalated)), i(tip.updated_at),
            ],
        )
        .await
        .map(|_| ())
    }

    /// One tip by id.
    pub async fn tip(&self, id: &str) -> Result<Option<TipRow>> {
        const SQL: &str = "SELECT id, receipt, channel, kind, severity, consent, region_code, suspect_name, suspect_phone_idx, narrative_enc, reporter_contact_enc, status, assigned_agency, duplicate_of, case_id, received_at, escalate_at, escalated, updated_at FROM tips WHERE id = $1";
        self.row(SQL, vec![t(id)], tip_from).await
    }

    /// One tip by receipt code.
    pub async fn tip_by_receipt(&self, receipt: &str) -> Result<Option<TipRow>> {
        self.row(
            "SELECT id, receipt, channel, kind, severity, consent, region_code, suspect_name, suspect_phone_idx, narrative_enc, reporter_contact_enc, status, assigned_agency, duplicate_of, case_id, received_at, escalate_at, escalated, updated_at FROM tips WHERE receipt = $1",
            vec![t(receipt)],
            tip_from,
        )
        .await
    }

    /// Every tip, newest first, at most `limit`.
    pub async fn tips(&self, limit: i64) -> Result<Vec<TipRow>> {
        self.rows(
            "SELECT id, receipt, channel, kind, severity, consent, region_code, suspect_name, suspect_phone_idx, narrative_enc, reporter_contact_enc, status, assigned_agency, duplicate_of, case_id, received_at, escalate_at, escalated, updated_at FROM tips ORDER BY received_at DESC, id LIMIT $1",
            vec![i(limit)],
            tip_from,
        )
        .await
    }

    /// Updates the triage fields of a tip.
    pub async fn update_tip(&self, tip: &TipRow) -> Result<()> {
        self.exec(
            "UPDATE tips SET status = $1, assigned_agency = $2, duplicate_of = $3, case_id = $4, escalated = $5, updated_at = $6, severity = $7 WHERE id = $8",
            vec![
                t(&tip.status), ot(&tip.assigned_agency), ot(&tip.duplicate_of), ot(&tip.case_id),
                i(i64::from(tip.escalated)), i(tip.updated_at), t(&tip.severity), t(&tip.id),
            ],
        )
        .await
        .map(|_| ())
    }
}

