//! Assistance, meetings with action items, bulletins with read receipts and notifications.

use super::*;

use sinergi_domain::cases::coordination_record::{
    ActionItem, Assistance, Bulletin, BulletinRead, Meeting, Notification,
};
use sinergi_domain::cases::meeting::ActionState;

fn assistance_from(r: &AnyRow) -> Result<Assistance> {
    Ok(Assistance {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        person_id: r.try_get("person_id")?,
        service: code(r, "service")?,
        agency_code: r.try_get("agency_code")?,
        started_on: date(r, "started_on")?,
        ended_on: opt_date(r, "ended_on")?,
        outcome: code(r, "outcome")?,
        simfoni_no: r.try_get("simfoni_no")?,
        recorded_by: r.try_get("recorded_by")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

fn meeting_from(r: &AnyRow) -> Result<Meeting> {
    Ok(Meeting {
        id: r.try_get("id")?,
        held_on: date(r, "held_on")?,
        host_agency: r.try_get("host_agency")?,
        title: r.try_get("title")?,
        agenda: r.try_get("agenda")?,
        minutes: r.try_get("minutes")?,
        decisions: r.try_get("decisions")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
    })
}

fn action_from(r: &AnyRow) -> Result<ActionItem> {
    Ok(ActionItem {
        id: r.try_get("id")?,
        meeting_id: r.try_get("meeting_id")?,
        agency_code: r.try_get("agency_code")?,
        description: r.try_get("description")?,
        due_on: date(r, "due_on")?,
        state: code(r, "state")?,
        closed_by: r.try_get("closed_by")?,
        closed_at: r.try_get("closed_at")?,
    })
}

fn bulletin_from(r: &AnyRow) -> Result<Bulletin> {
    Ok(Bulletin {
        id: r.try_get("id")?,
        from_agency: r.try_get("from_agency")?,
        kind: code(r, "kind")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        region_code: r.try_get("region_code")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
    })
}

fn notification_from(r: &AnyRow) -> Result<Notification> {
    Ok(Notification {
        id: r.try_get("id")?,
        agency_code: r.try_get("agency_code")?,
        kind: code(r, "kind")?,
        subject_id: r.try_get("subject_id")?,
        detail: r.try_get("detail")?,
        created_at: r.try_get("created_at")?,
        read_at: r.try_get("read_at")?,
    })
}

impl Store {
    /// Records a service.
    pub async fn insert_assistance(&self, a: &Assistance) -> Result<()> {
        self.exec(
            "INSERT INTO assistance (id, case_id, person_id, service, agency_code, started_on, ended_on, outcome, simfoni_no, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            binds![&a.id, &a.case_id, &a.person_id, a.service.code(), &a.agency_code, &date_text(a.started_on), &a.ended_on.map(date_text), a.outcome.code(), &a.simfoni_no, &a.recorded_by, a.recorded_at],
        )
        .await
        .map(|_| ())
    }

    /// Services of a case.
    pub async fn assistance_for_case(&self, case_id: &str) -> Result<Vec<Assistance>> {
        self.rows(
            "SELECT id, case_id, person_id, service, agency_code, started_on, ended_on, outcome, simfoni_no, recorded_by, recorded_at FROM assistance WHERE case_id = $1 ORDER BY started_on, id",
            binds![case_id],
            assistance_from,
        )
        .await
    }
}

impl Store {
    /// Stores a meeting with its attending agencies.
    pub async fn insert_meeting(&self, m: &Meeting, attendees: &[String]) -> Result<()> {
        self.exec(
            "INSERT INTO meetings (id, held_on, host_agency, title, agenda, minutes, decisions, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            binds![&m.id, &date_text(m.held_on), &m.host_agency, &m.title, &m.agenda, &m.minutes, &m.decisions, &m.created_by, m.created_at],
        )
        .await?;
        for a in attendees {
            self.exec(
                "INSERT INTO meeting_attendees (meeting_id, agency_code) VALUES ($1, $2) ON CONFLICT (meeting_id, agency_code) DO NOTHING",
                binds![&m.id, a],
            )
            .await?;
        }
        Ok(())
    }

    /// Meetings, newest first.
    pub async fn meetings(&self) -> Result<Vec<Meeting>> {
        self.rows(
            "SELECT id, held_on, host_agency, title, agenda, minutes, decisions, created_by, created_at FROM meetings ORDER BY held_on DESC, id LIMIT $1",
            binds![500],
            meeting_from,
        )
        .await
    }

    /// One meeting.
    pub async fn meeting(&self, id: &str) -> Result<Option<Meeting>> {
        self.row(
            "SELECT id, held_on, host_agency, title, agenda, minutes, decisions, created_by, created_at FROM meetings WHERE id = $1",
            binds![id],
            meeting_from,
        )
        .await
    }

    /// Attending agencies of a meeting.
    pub async fn meeting_attendees(&self, id: &str) -> Result<Vec<String>> {
        self.rows(
            "SELECT agency_code FROM meeting_attendees WHERE meeting_id = $1 ORDER BY agency_code",
            binds![id],
            |r| Ok(r.try_get(0)?),
        )
        .await
    }

    /// Adds an action item.
    pub async fn insert_action_item(&self, a: &ActionItem) -> Result<()> {
        self.exec(
            "INSERT INTO action_items (id, meeting_id, agency_code, description, due_on, state, closed_by, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            binds![&a.id, &a.meeting_id, &a.agency_code, &a.description, &date_text(a.due_on), a.state.code(), &a.closed_by, a.closed_at],
        )
        .await
        .map(|_| ())
    }

    /// One action item.
    pub async fn action_item(&self, id: &str) -> Result<Option<ActionItem>> {
        self.row(
            "SELECT id, meeting_id, agency_code, description, due_on, state, closed_by, closed_at FROM action_items WHERE id = $1",
            binds![id],
            action_from,
        )
        .await
    }

    /// Action items of a meeting.
    pub async fn action_items(&self, meeting_id: &str) -> Result<Vec<ActionItem>> {
        self.rows(
            "SELECT id, meeting_id, agency_code, description, due_on, state, closed_by, closed_at FROM action_items WHERE meeting_id = $1 ORDER BY due_on, id",
            binds![meeting_id],
            action_from,
        )
        .await
    }

    /// Open action items of an agency, earliest due first.
    pub async fn open_action_items(&self, agency: &str) -> Result<Vec<ActionItem>> {
        self.rows(
            "SELECT id, meeting_id, agency_code, description, due_on, state, closed_by, closed_at FROM action_items WHERE agency_code = $1 AND state = $2 ORDER BY due_on, id",
            binds![agency, ActionState::Open.code()],
            action_from,
        )
        .await
    }

    /// Closes an action item if it is still open (returns whether it changed).
    pub async fn close_action_item(
        &self,
        id: &str,
        state: ActionState,
        by: &str,
        at: i64,
    ) -> Result<bool> {
        Ok(self
            .exec(
                "UPDATE action_items SET state = $1, closed_by = $2, closed_at = $3 WHERE id = $4 AND state = $5",
                binds![state.code(), by, at, id, ActionState::Open.code()],
            )
            .await?
            == 1)
    }

    /// Stores a bulletin.
    pub async fn insert_bulletin(&self, b: &Bulletin) -> Result<()> {
        self.exec(
            "INSERT INTO bulletins (id, from_agency, kind, title, body, region_code, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            binds![&b.id, &b.from_agency, b.kind.code(), &b.title, &b.body, &b.region_code, &b.created_by, b.created_at],
        )
        .await
        .map(|_| ())
    }

    /// Bulletins, newest first.
    pub async fn bulletins(&self) -> Result<Vec<Bulletin>> {
        self.rows(
            "SELECT id, from_agency, kind, title, body, region_code, created_by, created_at FROM bulletins ORDER BY created_at DESC, id LIMIT $1",
            binds![500],
            bulletin_from,
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
            binds![bulletin_id, user_id, agency, at],
        )
        .await
        .map(|_| ())
    }

    /// Read receipts of a bulletin: (user id, agency, when).
    pub async fn bulletin_reads(&self, bulletin_id: &str) -> Result<Vec<BulletinRead>> {
        self.rows(
            "SELECT user_id, agency_code, read_at FROM bulletin_reads WHERE bulletin_id = $1 ORDER BY read_at, user_id",
            binds![bulletin_id],
            |r| Ok(BulletinRead { user_id: r.try_get(0)?, agency_code: r.try_get(1)?, read_at: r.try_get(2)? }),
        )
        .await
    }

    /// Stores a notification.
    pub async fn insert_notification(&self, n: &Notification) -> Result<()> {
        self.exec(
            "INSERT INTO notifications (id, agency_code, kind, subject_id, detail, created_at, read_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            binds![&n.id, &n.agency_code, n.kind.code(), &n.subject_id, &n.detail, n.created_at, n.read_at],
        )
        .await
        .map(|_| ())
    }

    /// Notifications of an agency, newest first.
    pub async fn notifications(&self, agency: &str, limit: i64) -> Result<Vec<Notification>> {
        self.rows(
            "SELECT id, agency_code, kind, subject_id, detail, created_at, read_at FROM notifications WHERE agency_code = $1 ORDER BY created_at DESC, id LIMIT $2",
            binds![agency, limit],
            notification_from,
        )
        .await
    }
}
