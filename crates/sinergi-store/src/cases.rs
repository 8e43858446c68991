//! Coordination storage: tips, cases (people, entities, timeline, links, attachments, consents),
//! referrals, legal steps and charges, assistance, meetings with action items, bulletins with
//! read receipts and notifications. Need-to-know is enforced by the application; this module only
//! offers the filtered queries it needs (e.g. cases visible to an agency).

use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A value bound to one placeholder (each placeholder keeps one Rust type).
#[derive(Debug, Clone)]
enum Val {
    T(Option<String>),
    I(Option<i64>),
    B(Option<Vec<u8>>),
}

fn t(s: &str) -> Val {
    Val::T(Some(s.to_string()))
}
fn ot(s: &Option<String>) -> Val {
    Val::T(s.clone())
}
fn i(n: i64) -> Val {
    Val::I(Some(n))
}
fn oi(n: Option<i64>) -> Val {
    Val::I(n)
}
fn ob(b: &Option<Vec<u8>>) -> Val {
    Val::B(b.clone())
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    vals: Vec<Val>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for v in vals {
        q = match v {
            Val::T(s) => q.bind(s),
            Val::I(n) => q.bind(n),
            Val::B(b) => q.bind(b),
        };
    }
    q
}

impl Store {
    async fn exec(&self, sql: &'static str, vals: Vec<Val>) -> Result<u64> {
        Ok(bind_all(sqlx::query(sql), vals)
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected())
    }

    async fn rows<T>(
        &self,
        sql: &'static str,
        vals: Vec<Val>,
        f: fn(&AnyRow) -> Result<T>,
    ) -> Result<Vec<T>> {
        bind_all(sqlx::query(sql), vals)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(f)
            .collect()
    }

    async fn row<T>(
        &self,
        sql: &'static str,
        vals: Vec<Val>,
        f: fn(&AnyRow) -> Result<T>,
    ) -> Result<Option<T>> {
        bind_all(sqlx::query(sql), vals)
            .fetch_optional(&mut *self.conn().await?)
            .await?
            .as_ref()
            .map(f)
            .transpose()
    }
}

// ---------------------------------------------------------------- tips

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

// ---------------------------------------------------------------- cases

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseRow {
    /// Id.
    pub id: String,
    /// Case number `SNG/yyyy/nnnnnn`.
    pub number: String,
    /// Kind code.
    pub kind: String,
    /// Short title (no victim names).
    pub title: String,
    /// Lead agency code.
    pub lead_agency: String,
    /// Procedural regime code.
    pub regime: String,
    /// Start date `yyyy-mm-dd`.
    pub started_on: String,
    /// Status code.
    pub status: String,
    /// User who opened it.
    pub created_by: String,
    /// Opened (ms).
    pub created_at: i64,
}

fn case_from(r: &AnyRow) -> Result<CaseRow> {
    Ok(CaseRow {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        kind: r.try_get("kind")?,
        title: r.try_get("title")?,
        lead_agency: r.try_get("lead_agency")?,
        regime: r.try_get("regime")?,
        started_on: r.try_get("started_on")?,
        status: r.try_get("status")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
    })
}

/// A person in a case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CasePersonRow {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Role code.
    pub role: String,
    /// Name in clear (suspects, recruiters, sponsors); `None` for protected roles.
    pub name: Option<String>,
    /// Name sealed (protected roles).
    pub name_enc: Option<Vec<u8>>,
    /// NIK sealed.
    pub nik_enc: Option<Vec<u8>>,
    /// NIK blind index.
    pub nik_idx: Option<String>,
    /// Phone sealed.
    pub phone_enc: Option<Vec<u8>>,
    /// Phone blind index.
    pub phone_idx: Option<String>,
    /// Address sealed.
    pub address_enc: Option<Vec<u8>>,
    /// Birth date `yyyy-mm-dd`.
    pub birth_date: Option<String>,
    /// Investigating agency code (suspects).
    pub investigator: Option<String>,
    /// Added (ms).
    pub added_at: i64,
}

fn person_from(r: &AnyRow) -> Result<CasePersonRow> {
    Ok(CasePersonRow {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        role: r.try_get("role")?,
        name: r.try_get("name")?,
        name_enc: r.try_get("name_enc")?,
        nik_enc: r.try_get("nik_enc")?,
        nik_idx: r.try_get("nik_idx")?,
        phone_enc: r.try_get("phone_enc")?,
        phone_idx: r.try_get("phone_idx")?,
        address_enc: r.try_get("address_enc")?,
        birth_date: r.try_get("birth_date")?,
        investigator: r.try_get("investigator")?,
        added_at: r.try_get("added_at")?,
    })
}

/// One timeline event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseEventRow {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// When (ms).
    pub at: i64,
    /// User id.
    pub actor_id: String,
    /// Agency code of the user.
    pub agency_code: String,
    /// Agency name in force at the time.
    pub agency_name: String,
    /// Event kind (e.g. `case.refer`).
    pub kind: String,
    /// Detail (ids and codes, no victim identity).
    pub detail: String,
}

fn event_from(r: &AnyRow) -> Result<CaseEventRow> {
    Ok(CaseEventRow {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        at: r.try_get("at")?,
        actor_id: r.try_get("actor_id")?,
        agency_code: r.try_get("agency_code")?,
        agency_name: r.try_get("agency_name")?,
        kind: r.try_get("kind")?,
        detail: r.try_get("detail")?,
    })
}

/// A link from a case to a screening or tip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLinkRow {
    /// `screening` or `tip`.
    pub link_kind: String,
    /// The linked record's id.
    pub ref_id: String,
    /// Linked (ms).
    pub linked_at: i64,
}

/// An attachment's metadata (the bytes live under the data folder).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AttachmentRow {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Name as uploaded (sanitised).
    pub file_name: String,
    /// Type detected from content.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 hex of the content.
    pub sha256: String,
    /// Path relative to the data folder.
    pub path: String,
    /// User id.
    pub added_by: String,
    /// Added (ms).
    pub added_at: i64,
}

fn attachment_from(r: &AnyRow) -> Result<AttachmentRow> {
    Ok(AttachmentRow {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        file_name: r.try_get("file_name")?,
        content_type: r.try_get("content_type")?,
        size: r.try_get("size")?,
        sha256: r.try_get("sha256")?,
        path: r.try_get("path")?,
        added_by: r.try_get("added_by")?,
        added_at: r.try_get("added_at")?,
    })
}

/// An organisation or place involved in a case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntityRow {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// `p3mi`, `company` or `place`.
    pub entity_kind: String,
    /// Name.
    pub name: String,
    /// Detail (licence number, address of a company, region code).
    pub detail: String,
    /// Added (ms).
    pub added_at: i64,
}

fn entity_from(r: &AnyRow) -> Result<EntityRow> {
    Ok(EntityRow {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        entity_kind: r.try_get("entity_kind")?,
        name: r.try_get("name")?,
        detail: r.try_get("detail")?,
        added_at: r.try_get("added_at")?,
    })
}

impl Store {
    /// Stores a new case with its lead agency as its first sharing row.
    pub async fn insert_case(&self, c: &CaseRow) -> Result<()> {
        self.exec(
            "INSERT INTO cases (id, number, kind, title, lead_agency, regime, started_on, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            vec![t(&c.id), t(&c.number), t(&c.kind), t(&c.title), t(&c.lead_agency), t(&c.regime), t(&c.started_on), t(&c.status), t(&c.created_by), i(c.created_at)],
        )
        .await?;
        self.share_case(&c.id, &c.lead_agency, c.created_at).await
    }

    /// How many cases were opened with a number starting with `prefix` (for numbering).
    pub async fn count_cases_with_prefix(&self, prefix: &str) -> Result<i64> {
        Ok(bind_all(
            sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM cases WHERE number LIKE $1"),
            vec![t(&format!("{prefix}%"))],
        )
        .fetch_one(&mut *self.conn().await?)
        .await?
        .try_get(0)?)
    }

    /// One case by id (no visibility check: the application does that).
    pub async fn case(&self, id: &str) -> Result<Option<CaseRow>> {
        const SQL: &str = "SELECT id, number, kind, title, lead_agency, regime, started_on, status, created_by, created_at FROM cases WHERE id = $1";
        self.row(SQL, vec![t(id)], case_from).await
    }

    /// Cases an agency leads or that are shared with it, newest first; `fragment` filters on
    /// number or title (case-insensitive).
    pub async fn cases_visible_to(&self, agency: &str, fragment: &str) -> Result<Vec<CaseRow>> {
        let escaped: String = fragment
            .chars()
            .filter(|c| !matches!(c, '%' | '_' | '\\'))
            .collect();
        self.rows(
            "SELECT c.id, c.number, c.kind, c.title, c.lead_agency, c.regime, c.started_on, c.status, c.created_by, c.created_at FROM cases c \
             JOIN case_agencies a ON a.case_id = c.id WHERE a.agency_code = $1 \
             AND (LOWER(c.number) LIKE LOWER($2) OR LOWER(c.title) LIKE LOWER($2)) ORDER BY c.created_at DESC, c.id LIMIT 500",
            vec![t(agency), t(&format!("%{escaped}%"))],
            case_from,
        )
        .await
    }

    /// Shares a case with an agency (idempotent).
    pub async fn share_case(&self, case_id: &str, agency: &str, at: i64) -> Result<()> {
        self.exec(
            "INSERT INTO case_agencies (case_id, agency_code, since) VALUES ($1, $2, $3) ON CONFLICT (case_id, agency_code) DO NOTHING",
            vec![t(case_id), t(agency), i(at)],
        )
        .await
        .map(|_| ())
    }

    /// Withdraws a case from an agency (never from its lead; the caller checks).
    pub async fn unshare_case(&self, case_id: &str, agency: &str) -> Result<()> {
        self.exec(
            "DELETE FROM case_agencies WHERE case_id = $1 AND agency_code = $2",
            vec![t(case_id), t(agency)],
        )
        .await
        .map(|_| ())
    }

    /// Agencies a case is visible to (lead included).
    pub async fn case_agencies(&self, case_id: &str) -> Result<Vec<String>> {
        self.rows(
            "SELECT agency_code FROM case_agencies WHERE case_id = $1 ORDER BY since, agency_code",
            vec![t(case_id)],
            |r| Ok(r.try_get(0)?),
        )
        .await
    }

    /// Moves the lead of a case to another agency.
    pub async fn set_case_lead(&self, case_id: &str, agency: &str) -> Result<()> {
        self.exec(
            "UPDATE cases SET lead_agency = $1 WHERE id = $2",
            vec![t(agency), t(case_id)],
        )
        .await
        .map(|_| ())
    }

    /// Adds a person to a case.
    pub async fn insert_case_person(&self, p: &CasePersonRow) -> Result<()> {
        self.exec(
            "INSERT INTO case_people (id, case_id, role, name, name_enc, nik_enc, nik_idx, phone_enc, phone_idx, address_enc, birth_date, investigator, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            vec![t(&p.id), t(&p.case_id), t(&p.role), ot(&p.name), ob(&p.name_enc), ob(&p.nik_enc), ot(&p.nik_idx), ob(&p.phone_enc), ot(&p.phone_idx), ob(&p.address_enc), ot(&p.birth_date), ot(&p.investigator), i(p.added_at)],
        )
        .await
        .map(|_| ())
    }

    /// People of a case in the order they were added.
    pub async fn case_people(&self, case_id: &str) -> Result<Vec<CasePersonRow>> {
        const SQL: &str = "SELECT id, case_id, role, name, name_enc, nik_enc, nik_idx, phone_enc, phone_idx, address_enc, birth_date, investigator, added_at FROM case_people WHERE case_id = $1 ORDER BY added_at, id";
        self.rows(SQL, vec![t(case_id)], person_from).await
    }

    /// One person of a case.
    pub async fn case_person(&self, id: &str) -> Result<Option<CasePersonRow>> {
        self.row(
            "SELECT id, case_id, role, name, name_enc, nik_enc, nik_idx, phone_enc, phone_idx, address_enc, birth_date, investigator, added_at FROM case_people WHERE id = $1",
            vec![t(id)],
            person_from,
        )
        .await
    }

    /// Named people of any case whose phone has this blind index.
    pub async fn case_people_by_phone_idx(&self, phone_idx: &str) -> Result<Vec<CasePersonRow>> {
        self.rows(
            "SELECT id, case_id, role, name, name_enc, nik_enc, nik_idx, phone_enc, phone_idx, address_enc, birth_date, investigator, added_at FROM case_people WHERE phone_idx = $1 AND name IS NOT NULL ORDER BY added_at, id LIMIT $2",
            vec![t(phone_idx), i(1000)],
            person_from,
        )
        .await
    }

    /// Every person with a clear name in a non-protected role, across all cases (for the network
    /// view, which filters by visibility afterwards).
    pub async fn named_case_people(&self) -> Result<Vec<CasePersonRow>> {
        self.rows(
            "SELECT id, case_id, role, name, name_enc, nik_enc, nik_idx, phone_enc, phone_idx, address_enc, birth_date, investigator, added_at FROM case_people WHERE name IS NOT NULL ORDER BY added_at, id LIMIT $1",
            vec![i(100_000)],
            person_from,
        )
        .await
    }

    /// Adds an organisation or place.
    pub async fn insert_entity(&self, e: &EntityRow) -> Result<()> {
        self.exec(
            "INSERT INTO case_entities (id, case_id, entity_kind, name, detail, added_at) VALUES ($1, $2, $3, $4, $5, $6)",
            vec![t(&e.id), t(&e.case_id), t(&e.entity_kind), t(&e.name), t(&e.detail), i(e.added_at)],
        )
        .await
        .map(|_| ())
    }

    /// Organisations and places of a case.
    pub async fn case_entities(&self, case_id: &str) -> Result<Vec<EntityRow>> {
        self.rows(
            "SELECT id, case_id, entity_kind, name, detail, added_at FROM case_entities WHERE case_id = $1 ORDER BY added_at, id",
            vec![t(case_id)],
            entity_from,
        )
        .await
    }

    /// Appends a timeline event.
    pub async fn insert_case_event(&self, e: &CaseEventRow) -> Result<()> {
        self.exec(
            "INSERT INTO case_events (id, case_id, at, actor_id, agency_code, agency_name, kind, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            vec![t(&e.id), t(&e.case_id), i(e.at), t(&e.actor_id), t(&e.agency_code), t(&e.agency_name), t(&e.kind), t(&e.detail)],
        )
        .await
        .map(|_| ())
    }

    /// The timeline of a case, oldest first.
    pub async fn case_events(&self, case_id: &str) -> Result<Vec<CaseEventRow>> {
        self.rows(
            "SELECT id, case_id, at, actor_id, agency_code, agency_name, kind, detail FROM case_events WHERE case_id = $1 ORDER BY at, id",
            vec![t(case_id)],
            event_from,
        )
        .await
    }

    /// Links a screening or tip to a case (idempotent).
    pub async fn link_case(&self, case_id: &str, kind: &str, ref_id: &str, at: i64) -> Result<()> {
        self.exec(
            "INSERT INTO case_links (case_id, link_kind, ref_id, linked_at) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id, link_kind, ref_id) DO NOTHING",
            vec![t(case_id), t(kind), t(ref_id), i(at)],
        )
        .await
        .map(|_| ())
    }

    /// Links of a case.
    pub async fn case_links(&self, case_id: &str) -> Result<Vec<CaseLinkRow>> {
        self.rows(
            "SELECT link_kind, ref_id, linked_at FROM case_links WHERE case_id = $1 ORDER BY linked_at, ref_id",
            vec![t(case_id)],
            |r| Ok(CaseLinkRow { link_kind: r.try_get(0)?, ref_id: r.try_get(1)?, linked_at: r.try_get(2)? }),
        )
        .await
    }

    /// Records an attachment.
    pub async fn insert_attachment(&self, a: &AttachmentRow) -> Result<()> {
        self.exec(
            "INSERT INTO case_attachments (id, case_id, file_name, content_type, size, sha256, path, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            vec![t(&a.id), t(&a.case_id), t(&a.file_name), t(&a.content_type), i(a.size), t(&a.sha256), t(&a.path), t(&a.added_by), i(a.added_at)],
        )
        .await
        .map(|_| ())
    }

    /// Attachments of a case.
    pub async fn case_attachments(&self, case_id: &str) -> Result<Vec<AttachmentRow>> {
        self.rows(
            "SELECT id, case_id, file_name, content_type, size, sha256, path, added_by, added_at FROM case_attachments WHERE case_id = $1 ORDER BY added_at, id",
            vec![t(case_id)],
            attachment_from,
        )
        .await
    }

    /// Records a victim's consent to share for a purpose.
    pub async fn insert_case_consent(
        &self,
        id: &str,
        person_id: &str,
        purpose: &str,
        given_on: &str,
        by: &str,
        at: i64,
    ) -> Result<()> {
        self.exec(
            "INSERT INTO case_consents (id, person_id, purpose, given_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
            vec![t(id), t(person_id), t(purpose), t(given_on), t(by), i(at)],
        )
        .await
        .map(|_| ())
    }

    /// Whether a consent for `purpose` is recorded for the person.
    pub async fn has_case_consent(&self, person_id: &str, purpose: &str) -> Result<bool> {
        let n: i64 = bind_all(
            sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM case_consents WHERE person_id = $1 AND purpose = $2"),
            vec![t(person_id), t(purpose)],
        )
        .fetch_one(&mut *self.conn().await?)
        .await?
        .try_get(0)?;
        Ok(n > 0)
    }
}

// ---------------------------------------------------------------- referrals

/// A referral as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReferralRow {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Referring agency.
    pub from_agency: String,
    /// Receiving agency.
    pub to_agency: String,
    /// Purpose code (e.g. `victim_assistance`, `investigation`, `lead_transfer`).
    pub purpose: String,
    /// Why (free text by an officer, no victim identity).
    pub reason: String,
    /// Due (ms).
    pub due_at: i64,
    /// State code.
    pub state: String,
    /// Reason of a rejection or revocation.
    pub state_reason: Option<String>,
    /// `consent:<id>`, `override:<user>` or `no_victim_data`.
    pub consent_basis: String,
    /// Whether accepting it transfers the lead.
    pub transfer_lead: bool,
    /// User who sent it.
    pub created_by: String,
    /// Sent (ms).
    pub created_at: i64,
    /// Last change (ms).
    pub updated_at: i64,
    /// Last overdue reminder (ms).
    pub reminded_at: Option<i64>,
}

fn referral_from(r: &AnyRow) -> Result<ReferralRow> {
    Ok(ReferralRow {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        from_agency: r.try_get("from_agency")?,
        to_agency: r.try_get("to_agency")?,
        purpose: r.try_get("purpose")?,
        reason: r.try_get("reason")?,
        due_at: r.try_get("due_at")?,
        state: r.try_get("state")?,
        state_reason: r.try_get("state_reason")?,
        consent_basis: r.try_get("consent_basis")?,
        transfer_lead: r.try_get::<i64, _>("transfer_lead")? != 0,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        reminded_at: r.try_get("reminded_at")?,
    })
}

impl Store {
    /// Stores a new referral.
    pub async fn insert_referral(&self, r: &ReferralRow) -> Result<()> {
        self.exec(
            "INSERT INTO referrals (id, case_id, from_agency, to_agency, purpose, reason, due_at, state, state_reason, consent_basis, transfer_lead, created_by, created_at, updated_at, reminded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            vec![t(&r.id), t(&r.case_id), t(&r.from_agency), t(&r.to_agency), t(&r.purpose), t(&r.reason), i(r.due_at), t(&r.state), ot(&r.state_reason), t(&r.consent_basis), i(i64::from(r.transfer_lead)), t(&r.created_by), i(r.created_at), i(r.updated_at), oi(r.reminded_at)],
        )
        .await
        .map(|_| ())
    }

    /// One referral.
    pub async fn referral(&self, id: &str) -> Result<Option<ReferralRow>> {
        self.row(
            "SELECT id, case_id, from_agency, to_agency, purpose, reason, due_at, state, state_reason, consent_basis, transfer_lead, created_by, created_at, updated_at, reminded_at FROM referrals WHERE id = $1",
            vec![t(id)],
            referral_from,
        )
        .await
    }

    /// Changes a referral's state only if it is still in `from` (optimistic; returns whether it changed).
    pub async fn update_referral_state(
        &self,
        id: &str,
        from: &str,
        to: &str,
        reason: Option<String>,
        at: i64,
    ) -> Result<bool> {
        Ok(self
            .exec(
                "UPDATE referrals SET state = $1, state_reason = $2, updated_at = $3 WHERE id = $4 AND state = $5",
                vec![t(to), ot(&reason), i(at), t(id), t(from)],
            )
            .await?
            == 1)
    }

    /// Marks that an overdue reminder went out.
    pub async fn mark_referral_reminded(&self, id: &str, at: i64) -> Result<()> {
        self.exec(
            "UPDATE referrals SET reminded_at = $1 WHERE id = $2",
            vec![i(at), t(id)],
        )
        .await
        .map(|_| ())
    }

    /// Referrals sent to or from an agency (its inbox and outbox), newest first.
    pub async fn referrals_for_agency(&self, agency: &str) -> Result<Vec<ReferralRow>> {
        self.rows(
            "SELECT id, case_id, from_agency, to_agency, purpose, reason, due_at, state, state_reason, consent_basis, transfer_lead, created_by, created_at, updated_at, reminded_at FROM referrals WHERE to_agency = $1 OR from_agency = $1 ORDER BY created_at DESC, id",
            vec![t(agency)],
            referral_from,
        )
        .await
    }

    /// Referrals of a case.
    pub async fn referrals_for_case(&self, case_id: &str) -> Result<Vec<ReferralRow>> {
        self.rows(
            "SELECT id, case_id, from_agency, to_agency, purpose, reason, due_at, state, state_reason, consent_basis, transfer_lead, created_by, created_at, updated_at, reminded_at FROM referrals WHERE case_id = $1 ORDER BY created_at, id",
            vec![t(case_id)],
            referral_from,
        )
        .await
    }

    /// Open referrals past their due date and not reminded since `reminded_before`.
    pub async fn overdue_referrals(
        &self,
        now: i64,
        reminded_before: i64,
    ) -> Result<Vec<ReferralRow>> {
        self.rows(
            "SELECT id, case_id, from_agency, to_agency, purpose, reason, due_at, state, state_reason, consent_basis, transfer_lead, created_by, created_at, updated_at, reminded_at FROM referrals \
             WHERE state IN ('in_progress', 'accepted') AND due_at < $1 AND (reminded_at IS NULL OR reminded_at < $2) ORDER BY due_at, id",
            vec![i(now), i(reminded_before)],
            referral_from,
        )
        .await
    }
}

// ---------------------------------------------------------------- legal process

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

// ---------------------------------------------------------------- assistance

/// A service given to a victim.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssistanceRow {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Victim (case person) id.
    pub person_id: Option<String>,
    /// Service code.
    pub service: String,
    /// Providing agency.
    pub agency_code: String,
    /// Start `yyyy-mm-dd`.
    pub started_on: String,
    /// End `yyyy-mm-dd`.
    pub ended_on: Option<String>,
    /// Outcome code.
    pub outcome: String,
    /// SIMFONI-PPA case number (reference only).
    pub simfoni_no: Option<String>,
    /// User id.
    pub recorded_by: String,
    /// Recorded (ms).
    pub recorded_at: i64,
}

impl Store {
    /// Records a service.
    pub async fn insert_assistance(&self, a: &AssistanceRow) -> Result<()> {
        self.exec(
            "INSERT INTO assistance (id, case_id, person_id, service, agency_code, started_on, ended_on, outcome, simfoni_no, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            vec![t(&a.id), t(&a.case_id), ot(&a.person_id), t(&a.service), t(&a.agency_code), t(&a.started_on), ot(&a.ended_on), t(&a.outcome), ot(&a.simfoni_no), t(&a.recorded_by), i(a.recorded_at)],
        )
        .await
        .map(|_| ())
    }

    /// Services of a case.
    pub async fn assistance_for_case(&self, case_id: &str) -> Result<Vec<AssistanceRow>> {
        self.rows(
            "SELECT id, case_id, person_id, service, agency_code, started_on, ended_on, outcome, simfoni_no, recorded_by, recorded_at FROM assistance WHERE case_id = $1 ORDER BY started_on, id",
            vec![t(case_id)],
            |r| {
                Ok(AssistanceRow {
                    id: r.try_get(0)?, case_id: r.try_get(1)?, person_id: r.try_get(2)?, service: r.try_get(3)?,
                    agency_code: r.try_get(4)?, started_on: r.try_get(5)?, ended_on: r.try_get(6)?, outcome: r.try_get(7)?,
                    simfoni_no: r.try_get(8)?, recorded_by: r.try_get(9)?, recorded_at: r.try_get(10)?,
                })
            },
        )
        .await
    }
}

// ---------------------------------------------------------------- meetings, bulletins, notifications

/// A coordination meeting.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MeetingRow {
    /// Id.
    pub id: String,
    /// Date `yyyy-mm-dd`.
    pub held_on: String,
    /// Host agency.
    pub host_agency: String,
    /// Title.
    pub title: String,
    /// Agenda.
    pub agenda: String,
    /// Minutes.
    pub minutes: String,
    /// Decisions.
    pub decisions: String,
    /// User id.
    pub created_by: String,
    /// Recorded (ms).
    pub created_at: i64,
}

fn meeting_from(r: &AnyRow) -> Result<MeetingRow> {
    Ok(MeetingRow {
        id: r.try_get(0)?,
        held_on: r.try_get(1)?,
        host_agency: r.try_get(2)?,
        title: r.try_get(3)?,
        agenda: r.try_get(4)?,
        minutes: r.try_get(5)?,
        decisions: r.try_get(6)?,
        created_by: r.try_get(7)?,
        created_at: r.try_get(8)?,
    })
}

/// An action item of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionItemRow {
    /// Id.
    pub id: String,
    /// Meeting id.
    pub meeting_id: String,
    /// Responsible agency.
    pub agency_code: String,
    /// What to do.
    pub description: String,
    /// Due `yyyy-mm-dd`.
    pub due_on: String,
    /// State code.
    pub state: String,
    /// User who closed it.
    pub closed_by: Option<String>,
    /// Closed (ms).
    pub closed_at: Option<i64>,
}

fn action_from(r: &AnyRow) -> Result<ActionItemRow> {
    Ok(ActionItemRow {
        id: r.try_get(0)?,
        meeting_id: r.try_get(1)?,
        agency_code: r.try_get(2)?,
        description: r.try_get(3)?,
        due_on: r.try_get(4)?,
        state: r.try_get(5)?,
        closed_by: r.try_get(6)?,
        closed_at: r.try_get(7)?,
    })
}

/// A bulletin between agencies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BulletinRow {
    /// Id.
    pub id: String,
    /// Sending agency.
    pub from_agency: String,
    /// Kind code.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Region concerned.
    pub region_code: Option<String>,
    /// User id.
    pub created_by: String,
    /// Sent (ms).
    pub created_at: i64,
}

/// A notification for an agency.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NotificationRow {
    /// Id.
    pub id: String,
    /// Receiving agency.
    pub agency_code: String,
    /// Kind (`referral`, `action_item`, `legal_stage`, `tip_escalated`, `referral_overdue`).
    pub kind: String,
    /// Id of the record concerned.
    pub subject_id: String,
    /// Short detail (codes, no personal data).
    pub detail: String,
    /// Created (ms).
    pub created_at: i64,
    /// Read (ms).
    pub read_at: Option<i64>,
}

impl Store {
    /// Stores a meeting with its attending agencies.
    pub async fn insert_meeting(&self, m: &MeetingRow, attendees: &[String]) -> Result<()> {
        self.exec(
            "INSERT INTO meetings (id, held_on, host_agency, title, agenda, minutes, decisions, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            vec![t(&m.id), t(&m.held_on), t(&m.host_agency), t(&m.title), t(&m.agenda), t(&m.minutes), t(&m.decisions), t(&m.created_by), i(m.created_at)],
        )
        .await?;
        for a in attendees {
            self.exec(
                "INSERT INTO meeting_attendees (meeting_id, agency_code) VALUES ($1, $2) ON CONFLICT (meeting_id, agency_code) DO NOTHING",
                vec![t(&m.id), t(a)],
            )
            .await?;
        }
        Ok(())
    }

    /// Meetings, newest first.
    pub async fn meetings(&self) -> Result<Vec<MeetingRow>> {
        self.rows(
            "SELECT id, held_on, host_agency, title, agenda, minutes, decisions, created_by, created_at FROM meetings ORDER BY held_on DESC, id LIMIT $1",
            vec![i(500)],
            meeting_from,
        )
        .await
    }

    /// One meeting.
    pub async fn meeting(&self, id: &str) -> Result<Option<MeetingRow>> {
        self.row(
            "SELECT id, held_on, host_agency, title, agenda, minutes, decisions, created_by, created_at FROM meetings WHERE id = $1",
            vec![t(id)],
            meeting_from,
        )
        .await
    }

    /// Attending agencies of a meeting.
    pub async fn meeting_attendees(&self, id: &str) -> Result<Vec<String>> {
        self.rows(
            "SELECT agency_code FROM meeting_attendees WHERE meeting_id = $1 ORDER BY agency_code",
            vec![t(id)],
            |r| Ok(r.try_get(0)?),
        )
        .await
    }

    /// Adds an action item.
    pub async fn insert_action_item(&self, a: &ActionItemRow) -> Result<()> {
        self.exec(
            "INSERT INTO action_items (id, meeting_id, agency_code, description, due_on, state, closed_by, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            vec![t(&a.id), t(&a.meeting_id), t(&a.agency_code), t(&a.description), t(&a.due_on), t(&a.state), ot(&a.closed_by), oi(a.closed_at)],
        )
        .await
        .map(|_| ())
    }

    /// One action item.
    pub async fn action_item(&self, id: &str) -> Result<Option<ActionItemRow>> {
        self.row(
            "SELECT id, meeting_id, agency_code, description, due_on, state, closed_by, closed_at FROM action_items WHERE id = $1",
            vec![t(id)],
            action_from,
        )
        .await
    }

    /// Action items of a meeting.
    pub async fn action_items(&self, meeting_id: &str) -> Result<Vec<ActionItemRow>> {
        self.rows(
            "SELECT id, meeting_id, agency_code, description, due_on, state, closed_by, closed_at FROM action_items WHERE meeting_id = $1 ORDER BY due_on, id",
            vec![t(meeting_id)],
            action_from,
        )
        .await
    }

    /// Open action items of an agency, earliest due first.
    pub async fn open_action_items(&self, agency: &str) -> Result<Vec<ActionItemRow>> {
        self.rows(
            "SELECT id, meeting_id, agency_code, description, due_on, state, closed_by, closed_at FROM action_items WHERE agency_code = $1 AND state = $2 ORDER BY due_on, id",
            vec![t(agency), t("open")],
            action_from,
        )
        .await
    }

    /// Closes an action item if it is still open (returns whether it changed).
    pub async fn close_action_item(
        &self,
        id: &str,
        state: &str,
        by: &str,
        at: i64,
    ) -> Result<bool> {
        Ok(self
            .exec(
                "UPDATE action_items SET state = $1, closed_by = $2, closed_at = $3 WHERE id = $4 AND state = $5",
                vec![t(state), t(by), i(at), t(id), t("open")],
            )
            .await?
            == 1)
    }

    /// Stores a bulletin.
    pub async fn insert_bulletin(&self, b: &BulletinRow) -> Result<()> {
        self.exec(
            "INSERT INTO bulletins (id, from_agency, kind, title, body, region_code, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            vec![t(&b.id), t(&b.from_agency), t(&b.kind), t(&b.title), t(&b.body), ot(&b.region_code), t(&b.created_by), i(b.created_at)],
        )
        .await
        .map(|_| ())
    }

    /// Bulletins, newest first.
    pub async fn bulletins(&self) -> Result<Vec<BulletinRow>> {
        self.rows(
            "SELECT id, from_agency, kind, title, body, region_code, created_by, created_at FROM bulletins ORDER BY created_at DESC, id LIMIT $1",
            vec![i(500)],
            |r| Ok(BulletinRow { id: r.try_get(0)?, from_agency: r.try_get(1)?, kind: r.try_get(2)?, title: r.try_get(3)?, body: r.try_get(4)?, region_code: r.try_get(5)?, created_by: r.try_get(6)?, created_at: r.try_get(7)? }),
        )
        .await
    }

    /// Records that a user read a bulletin (first read wins).
    pub async fn mark_bulletin_read(
        &self,
        bulletin_id: &str,
        user_id: &str,
        agency: &str,
        at: i64,
    ) -> Result<()> {
        self.exec(
            "INSERT INTO bulletin_reads (bulletin_id, user_id, agency_code, read_at) VALUES ($1, $2, $3, $4) ON CONFLICT (bulletin_id, user_id) DO NOTHING",
            vec![t(bulletin_id), t(user_id), t(agency), i(at)],
        )
        .await
        .map(|_| ())
    }

    /// Read receipts of a bulletin: (user id, agency, when).
    pub async fn bulletin_reads(&self, bulletin_id: &str) -> Result<Vec<(String, String, i64)>> {
        self.rows(
            "SELECT user_id, agency_code, read_at FROM bulletin_reads WHERE bulletin_id = $1 ORDER BY read_at, user_id",
            vec![t(bulletin_id)],
            |r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)),
        )
        .await
    }

    /// Stores a notification.
    pub async fn insert_notification(&self, n: &NotificationRow) -> Result<()> {
        self.exec(
            "INSERT INTO notifications (id, agency_code, kind, subject_id, detail, created_at, read_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            vec![t(&n.id), t(&n.agency_code), t(&n.kind), t(&n.subject_id), t(&n.detail), i(n.created_at), oi(n.read_at)],
        )
        .await
        .map(|_| ())
    }

    /// Notifications of an agency, newest first.
    pub async fn notifications(&self, agency: &str, limit: i64) -> Result<Vec<NotificationRow>> {
        self.rows(
            "SELECT id, agency_code, kind, subject_id, detail, created_at, read_at FROM notifications WHERE agency_code = $1 ORDER BY created_at DESC, id LIMIT $2",
            vec![t(agency), i(limit)],
            |r| Ok(NotificationRow { id: r.try_get(0)?, agency_code: r.try_get(1)?, kind: r.try_get(2)?, subject_id: r.try_get(3)?, detail: r.try_get(4)?, created_at: r.try_get(5)?, read_at: r.try_get(6)? }),
        )
        .await
    }
}
