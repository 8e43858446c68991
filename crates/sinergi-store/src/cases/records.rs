//! Cases with their sharing, people, entities, timeline, links, attachments and consents.

use super::*;
use sinergi_domain::cases::case_record::LinkKind;

use sinergi_domain::cases::case_record::{
    Attachment, Case, CaseEntity, CaseEvent, CaseLink, CasePerson,
};

fn case_from(r: &AnyRow) -> Result<Case> {
    Ok(Case {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        kind: code(r, "kind")?,
        title: r.try_get("title")?,
        lead_agency: r.try_get("lead_agency")?,
        regime: code(r, "regime")?,
        started_on: date(r, "started_on")?,
        status: code(r, "status")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
    })
}

/// The columns every case-person query reads, written once.
macro_rules! person_columns {
    () => {
        "id, case_id, role, name, name_enc, nik_enc, nik_idx, phone_enc, phone_idx, address_enc, birth_date, investigator, added_at, alias, alias_enc"
    };
}

fn person_from(r: &AnyRow) -> Result<CasePerson> {
    Ok(CasePerson {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        role: code(r, "role")?,
        name: r.try_get("name")?,
        name_enc: r.try_get("name_enc")?,
        nik_enc: r.try_get("nik_enc")?,
        nik_idx: r.try_get("nik_idx")?,
        phone_enc: r.try_get("phone_enc")?,
        phone_idx: r.try_get("phone_idx")?,
        address_enc: r.try_get("address_enc")?,
        birth_date: opt_date(r, "birth_date")?,
        investigator: opt_code(r, "investigator")?,
        added_at: r.try_get("added_at")?,
        alias: r.try_get("alias")?,
        alias_enc: r.try_get("alias_enc")?,
    })
}

fn event_from(r: &AnyRow) -> Result<CaseEvent> {
    Ok(CaseEvent {
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

fn attachment_from(r: &AnyRow) -> Result<Attachment> {
    Ok(Attachment {
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

fn entity_from(r: &AnyRow) -> Result<CaseEntity> {
    Ok(CaseEntity {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        kind: code(r, "entity_kind")?,
        name: r.try_get("name")?,
        detail: r.try_get("detail")?,
        added_at: r.try_get("added_at")?,
    })
}

impl Store {
    /// Stores a new case with its lead agency as its first sharing row.
    pub async fn insert_case(&self, c: &Case) -> Result<()> {
        self.exec(
            "INSERT INTO cases (id, number, kind, title, lead_agency, regime, started_on, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            binds![&c.id, &c.number, c.kind.code(), &c.title, &c.lead_agency, c.regime.code(), &date_text(c.started_on), c.status.code(), &c.created_by, c.created_at],
        )
        .await?;
        self.share_case(&c.id, &c.lead_agency, c.created_at).await
    }

    /// How many cases were opened with a number starting with `prefix` (for numbering).
    pub async fn count_cases_with_prefix(&self, prefix: &str) -> Result<i64> {
        self.one(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM cases WHERE number LIKE $1",
            binds![&format!("{prefix}%")],
            int,
        )
        .await
    }

    /// One case by id (no visibility check: the application does that).
    pub async fn case(&self, id: &str) -> Result<Option<Case>> {
        const SQL: &str = "SELECT id, number, kind, title, lead_agency, regime, started_on, status, created_by, created_at FROM cases WHERE id = $1";
        self.row(SQL, binds![id], case_from).await
    }

    /// Cases an agency leads or that are shared with it, newest first; `fragment` filters on
    /// number or title (case-insensitive).
    pub async fn cases_visible_to(&self, agency: &str, fragment: &str) -> Result<Vec<Case>> {
        let escaped: String = fragment
            .chars()
            .filter(|c| !matches!(c, '%' | '_' | '\\'))
            .collect();
        self.rows(
            "SELECT c.id, c.number, c.kind, c.title, c.lead_agency, c.regime, c.started_on, c.status, c.created_by, c.created_at FROM cases c \
             JOIN case_agencies a ON a.case_id = c.id WHERE a.agency_code = $1 \
             AND (LOWER(c.number) LIKE LOWER($2) OR LOWER(c.title) LIKE LOWER($2)) ORDER BY c.created_at DESC, c.id LIMIT 500",
            binds![agency, &format!("%{escaped}%")],
            case_from,
        )
        .await
    }

    /// Shares a case with an agency (idempotent).
    pub async fn share_case(&self, case_id: &str, agency: &str, at: i64) -> Result<()> {
        self.exec(
            "INSERT INTO case_agencies (case_id, agency_code, since) VALUES ($1, $2, $3) ON CONFLICT (case_id, agency_code) DO NOTHING",
            binds![case_id, agency, at],
        )
        .await
        .map(|_| ())
    }

    /// Withdraws a case from an agency (never from its lead; the caller checks).
    pub async fn unshare_case(&self, case_id: &str, agency: &str) -> Result<()> {
        self.exec(
            "DELETE FROM case_agencies WHERE case_id = $1 AND agency_code = $2",
            binds![case_id, agency],
        )
        .await
        .map(|_| ())
    }

    /// Agencies a case is visible to (lead included).
    pub async fn case_agencies(&self, case_id: &str) -> Result<Vec<String>> {
        self.rows(
            "SELECT agency_code FROM case_agencies WHERE case_id = $1 ORDER BY since, agency_code",
            binds![case_id],
            |r| Ok(r.try_get(0)?),
        )
        .await
    }

    /// Moves the lead of a case to another agency.
    pub async fn set_case_lead(&self, case_id: &str, agency: &str) -> Result<()> {
        self.exec(
            "UPDATE cases SET lead_agency = $1 WHERE id = $2",
            binds![agency, case_id],
        )
        .await
        .map(|_| ())
    }

    /// Adds a person to a case.
    pub async fn insert_case_person(&self, p: &CasePerson) -> Result<()> {
        self.exec(
            "INSERT INTO case_people (id, case_id, role, name, name_enc, nik_enc, nik_idx, phone_enc, phone_idx, address_enc, birth_date, investigator, added_at, alias, alias_enc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            binds![&p.id, &p.case_id, p.role.code(), &p.name, &p.name_enc, &p.nik_enc, &p.nik_idx, &p.phone_enc, &p.phone_idx, &p.address_enc, &p.birth_date.map(date_text), &p.investigator.map(|x| x.code().to_string()), p.added_at, &p.alias, &p.alias_enc],
        )
        .await
        .map(|_| ())
    }

    /// People of a case in the order they were added.
    pub async fn case_people(&self, case_id: &str) -> Result<Vec<CasePerson>> {
        const SQL: &str = concat!(
            "SELECT ",
            person_columns!(),
            " FROM case_people WHERE case_id = $1 ORDER BY added_at, id"
        );
        self.rows(SQL, binds![case_id], person_from).await
    }

    /// One person of a case.
    pub async fn case_person(&self, id: &str) -> Result<Option<CasePerson>> {
        self.row(
            concat!(
                "SELECT ",
                person_columns!(),
                " FROM case_people WHERE id = $1"
            ),
            binds![id],
            person_from,
        )
        .await
    }

    /// Named people of any case whose phone has this blind index.
    pub async fn case_people_by_phone_idx(&self, phone_idx: &str) -> Result<Vec<CasePerson>> {
        self.rows(
            concat!("SELECT ", person_columns!(), " FROM case_people WHERE phone_idx = $1 AND name IS NOT NULL ORDER BY added_at, id LIMIT $2"),
            binds![phone_idx, 1000],
            person_from,
        )
        .await
    }

    /// Every person with a clear name in a non-protected role, across all cases (for the network
    /// view, which filters by visibility afterwards).
    pub async fn named_case_people(&self) -> Result<Vec<CasePerson>> {
        self.rows(
            concat!(
                "SELECT ",
                person_columns!(),
                " FROM case_people WHERE name IS NOT NULL ORDER BY added_at, id LIMIT $1"
            ),
            binds![100_000],
            person_from,
        )
        .await
    }

    /// Adds an organisation or place.
    pub async fn insert_entity(&self, e: &CaseEntity) -> Result<()> {
        self.exec(
            "INSERT INTO case_entities (id, case_id, entity_kind, name, detail, added_at) VALUES ($1, $2, $3, $4, $5, $6)",
            binds![&e.id, &e.case_id, e.kind.code(), &e.name, &e.detail, e.added_at],
        )
        .await
        .map(|_| ())
    }

    /// Organisations and places of a case.
    pub async fn case_entities(&self, case_id: &str) -> Result<Vec<CaseEntity>> {
        self.rows(
            "SELECT id, case_id, entity_kind, name, detail, added_at FROM case_entities WHERE case_id = $1 ORDER BY added_at, id",
            binds![case_id],
            entity_from,
        )
        .await
    }

    /// Appends a timeline event.
    pub async fn insert_case_event(&self, e: &CaseEvent) -> Result<()> {
        self.exec(
            "INSERT INTO case_events (id, case_id, at, actor_id, agency_code, agency_name, kind, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            binds![&e.id, &e.case_id, e.at, &e.actor_id, &e.agency_code, &e.agency_name, &e.kind, &e.detail],
        )
        .await
        .map(|_| ())
    }

    /// The timeline of a case, oldest first.
    pub async fn case_events(&self, case_id: &str) -> Result<Vec<CaseEvent>> {
        self.rows(
            "SELECT id, case_id, at, actor_id, agency_code, agency_name, kind, detail FROM case_events WHERE case_id = $1 ORDER BY at, id",
            binds![case_id],
            event_from,
        )
        .await
    }

    /// Links a screening or tip to a case (idempotent).
    pub async fn link_case(
        &self,
        case_id: &str,
        kind: LinkKind,
        ref_id: &str,
        at: i64,
    ) -> Result<()> {
        self.exec(
            "INSERT INTO case_links (case_id, link_kind, ref_id, linked_at) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id, link_kind, ref_id) DO NOTHING",
            binds![case_id, kind.code(), ref_id, at],
        )
        .await
        .map(|_| ())
    }

    /// Links of a case.
    pub async fn case_links(&self, case_id: &str) -> Result<Vec<CaseLink>> {
        self.rows(
            "SELECT link_kind, ref_id, linked_at FROM case_links WHERE case_id = $1 ORDER BY linked_at, ref_id",
            binds![case_id],
            |r| Ok(CaseLink { kind: code(r, "link_kind")?, ref_id: r.try_get("ref_id")?, linked_at: r.try_get("linked_at")? }),
        )
        .await
    }

    /// Records an attachment.
    pub async fn insert_attachment(&self, a: &Attachment) -> Result<()> {
        self.exec(
            "INSERT INTO case_attachments (id, case_id, file_name, content_type, size, sha256, path, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            binds![&a.id, &a.case_id, &a.file_name, &a.content_type, a.size, &a.sha256, &a.path, &a.added_by, a.added_at],
        )
        .await
        .map(|_| ())
    }

    /// Attachments of a case.
    pub async fn case_attachments(&self, case_id: &str) -> Result<Vec<Attachment>> {
        self.rows(
            "SELECT id, case_id, file_name, content_type, size, sha256, path, added_by, added_at FROM case_attachments WHERE case_id = $1 ORDER BY added_at, id",
            binds![case_id],
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
            binds![id, person_id, purpose, given_on, by, at],
        )
        .await
        .map(|_| ())
    }

    /// Whether a consent for `purpose` is recorded for the person.
    pub async fn has_case_consent(&self, person_id: &str, purpose: &str) -> Result<bool> {
        let n = self
            .one(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM case_consents WHERE person_id = $1 AND purpose = $2",
                binds![person_id, purpose],
                int,
            )
            .await?;
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
            binds![user_id, kind, id, now],
            |r| Ok(r.try_get::<Option<i64>, _>(0)?),
        )
        .await
        .map(Option::flatten)
    }
}

impl Store {
    /// The cases that link a record (e.g. every case a meeting discussed), oldest link first.
    pub async fn cases_linking(&self, kind: LinkKind, ref_id: &str) -> Result<Vec<String>> {
        self.rows(
            "SELECT case_id FROM case_links WHERE link_kind = $1 AND ref_id = $2 ORDER BY linked_at, case_id",
            binds![kind.code(), ref_id],
            |r| Ok(r.try_get("case_id")?),
        )
        .await
    }
}
