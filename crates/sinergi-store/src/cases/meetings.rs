//! Assistance, meetings with action items, bulletins with read receipts and notifications.

use super::*;

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
