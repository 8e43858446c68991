//! Cases with their sharing, people, entities, timeline, links, attachments and consents.

use super::*;

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

impl Store {
    /// The end (ms) of the latest unexpired break-glass grant of a user for a record, if any.
    pub async fn break_glass_until(
        &self,
        user_id: &str,
        kind: &str,
        id: &str,
        now: i64,
    ) -> Result<Option<i64>> {
        self.row(
            "SELECT CAST(MAX(expires_at) AS BIGINT) FROM break_glass WHERE user_id = $1 AND subject_kind = $2 AND subject_id = $3 AND expires_at > $4",
            vec![t(user_id), t(kind), t(id), i(now)],
            |r| Ok(r.try_get::<Option<i64>, _>(0)?),
        )
        .await
        .map(Option::flatten)
    }
}
