//! Victim assistance, coordination meetings, action items, bulletins and notices.

use super::*;

impl App {
    /// Records a service given to a victim by the actor's agency.
    pub async fn record_assistance(
        &self,
        actor: &Actor,
        case_id: &str,
        new: NewAssistance,
    ) -> Result<String, AppError> {
        self.atomically(async |app| {
            actor.require(Permission::RecordAssistance)?;
            app.visible_case(actor, case_id).await?;
            let service: Service = parse_code("service", &new.service)?;
            let outcome: Outcome = parse_code("outcome", &new.outcome)?;
            let start = parse_date("started_on", &new.started_on)?;
            let end = match new.ended_on.as_deref().filter(|s| !s.is_empty()) {
                Some(e) => Some(parse_date("ended_on", e)?),
                None => None,
            };
            if end.is_some_and(|e| e < start) {
                return Err(AppError::invalid(
                    "ended_on",
                    "end_before_start",
                    "end before start",
                ));
            }
            let simfoni = new
                .simfoni_no
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
            if simfoni.as_deref().is_some_and(|s| !valid_simfoni_number(s)) {
                return Err(AppError::invalid(
                    "simfoni_no",
                    "invalid_simfoni",
                    "not a SIMFONI-PPA number",
                ));
            }
            if let Some(pid) = new.person_id.as_deref().filter(|s| !s.is_empty()) {
                let p = app
                    .store
                    .case_person(pid)
                    .await?
                    .ok_or(AppError::NotFound)?;
                if p.case_id != case_id {
                    return Err(AppError::NotFound);
                }
            }
            let id = new_id();
            app.store
                .insert_assistance(&Assistance {
                    id: id.clone(),
                    case_id: case_id.into(),
                    person_id: new.person_id.filter(|s| !s.is_empty()),
                    service,
                    agency_code: actor.user.agency_code.clone(),
                    started_on: start,
                    ended_on: end,
                    outcome,
                    simfoni_no: simfoni,
                    recorded_by: actor.user.id.clone(),
                    recorded_at: app.now_ms(),
                })
                .await?;
            app.case_event(
                actor,
                case_id,
                "assistance.record",
                &format!("{id} {} {}", service.code(), outcome.code()),
            )
            .await?;
            Ok(id)
        })
        .await
    }
}

impl App {
    /// Records a coordination meeting hosted by the actor's agency.
    pub async fn create_meeting(&self, actor: &Actor, new: NewMeeting) -> Result<String, AppError> {
        self.atomically(async |app| {
            actor.require(Permission::ManageMeetings)?;
            let day = parse_date("held_on", &new.held_on)?;
            for a in &new.attendees {
                app.store.agency(a).await.map_err(|_| {
                    AppError::invalid("attendees", "unknown_agency", "unknown agency")
                })?;
            }
            let m = Meeting {
                id: new_id(),
                held_on: day,
                host_agency: actor.user.agency_code.clone(),
                title: required("title", &new.title)?,
                agenda: new.agenda.trim().into(),
                minutes: new.minutes.trim().into(),
                decisions: new.decisions.trim().into(),
                created_by: actor.user.id.clone(),
                created_at: app.now_ms(),
            };
            app.store.insert_meeting(&m, &new.attendees).await?;
            app.audit(
                &actor.origin(),
                "meeting.create",
                &m.id,
                &new.attendees.len().to_string(),
            )
            .await?;
            for case_id in new.cases.iter().filter(|c| !c.is_empty()) {
                app.visible_case(actor, case_id).await.map_err(|_| {
                    AppError::invalid("cases", "unknown_case", "no such case you may see")
                })?;
                app.store
                    .link_case(case_id, LinkKind::Meeting, &m.id, m.created_at)
                    .await?;
                app.case_event(actor, case_id, "case.link_meeting", &m.id)
                    .await?;
            }
            Ok(m.id)
        })
        .await
    }

    /// Meetings with their attendees and action items.
    pub async fn meetings(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(Meeting, Vec<String>, Vec<ActionItem>)>, AppError> {
        actor.require(Permission::ViewDashboard)?;
        let mut out = Vec::new();
        for m in self.store.meetings().await? {
            let att = self.store.meeting_attendees(&m.id).await?;
            let items = self.store.action_items(&m.id).await?;
            out.push((m, att, items));
        }
        Ok(out)
    }

    /// Links a meeting to a case it discussed: by someone who sees the case and whose agency
    /// hosted or attended the meeting. Audited and on the case's history.
    pub async fn link_meeting(
        &self,
        actor: &Actor,
        case_id: &str,
        meeting_id: &str,
    ) -> Result<(), AppError> {
        if !actor.can(Permission::ManageCases) && !actor.can(Permission::ManageMeetings) {
            return Err(AppError::Forbidden);
        }
        self.atomically(async |app| {
            app.visible_case(actor, case_id).await?;
            let unknown = || AppError::invalid("meeting", "unknown_meeting", "no such meeting");
            let m = app.store.meeting(meeting_id).await?.ok_or_else(unknown)?;
            let mine = &actor.user.agency_code;
            if &m.host_agency != mine && !app.store.meeting_attendees(&m.id).await?.contains(mine) {
                return Err(unknown());
            }
            app.store
                .link_case(case_id, LinkKind::Meeting, &m.id, app.now_ms())
                .await?;
            app.case_event(actor, case_id, "case.link_meeting", &m.id)
                .await
        })
        .await
    }

    /// Meetings the actor's agency hosted or attended, newest first: the picker on a case page.
    pub async fn my_meetings(&self, actor: &Actor) -> Result<Vec<Meeting>, AppError> {
        actor.require(Permission::ViewCases)?;
        let mine = &actor.user.agency_code;
        let mut out = Vec::new();
        for m in self.store.meetings().await? {
            if &m.host_agency == mine || self.store.meeting_attendees(&m.id).await?.contains(mine) {
                out.push(m);
            }
        }
        Ok(out)
    }

    /// For each meeting, the cases it discussed that the actor may see: (case id, number).
    pub async fn meeting_cases(
        &self,
        actor: &Actor,
        meeting_id: &str,
    ) -> Result<Vec<(String, String)>, AppError> {
        let mut out = Vec::new();
        if !actor.can(Permission::ViewCases) {
            return Ok(out);
        }
        for case_id in self
            .store
            .cases_linking(LinkKind::Meeting, meeting_id)
            .await?
        {
            if let Some(c) = self.store.case(&case_id).await? {
                let agencies = self.store.case_agencies(&case_id).await?;
                if visible_to(&c.lead_agency, &agencies, &actor.user.agency_code) {
                    out.push((c.id, c.number));
                }
            }
        }
        Ok(out)
    }

    /// Assigns an action item of a meeting to an agency.
    pub async fn add_action_item(
        &self,
        actor: &Actor,
        meeting_id: &str,
        agency: &str,
        description: &str,
        due_on: &str,
    ) -> Result<String, AppError> {
        self.atomically(async |app| {
            actor.require(Permission::ManageMeetings)?;
            app.store
                .meeting(meeting_id)
                .await?
                .ok_or(AppError::NotFound)?;
            app.store
                .agency(agency)
                .await
                .map_err(|_| AppError::invalid("agency", "unknown_agency", "unknown agency"))?;
            let due = parse_date("due_on", due_on)?;
            let id = new_id();
            app.store
                .insert_action_item(&ActionItem {
                    id: id.clone(),
                    meeting_id: meeting_id.into(),
                    agency_code: agency.into(),
                    description: required("description", description)?,
                    due_on: due,
                    state: ActionState::Open,
                    closed_by: None,
                    closed_at: None,
                })
                .await?;
            app.audit(&actor.origin(), "meeting.action_item", &id, agency)
                .await?;
            app.notify(agency, NotificationKind::ActionItem, &id, &date_text(due))
                .await?;
            Ok(id)
        })
        .await
    }

    /// Closes an action item as done (its agency) or cancelled (a meeting manager).
    pub async fn close_action_item(
        &self,
        actor: &Actor,
        item_id: &str,
        to: &str,
    ) -> Result<(), AppError> {
        self.atomically(async |app| {
            actor.require(Permission::ViewDashboard)?;
            let to: ActionState = parse_code("state", to)?;
            let item = app
                .store
                .action_item(item_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let own =
                item.agency_code == actor.user.agency_code && actor.can(Permission::Coordinate);
            let allowed = match to {
                ActionState::Done => own || actor.can(Permission::ManageMeetings),
                ActionState::Open | ActionState::Cancelled => actor.can(Permission::ManageMeetings),
            };
            if !allowed {
                return Err(AppError::Forbidden);
            }
            let from: ActionState = item.state;
            from.close(to)
                .map_err(|e| AppError::invalid("state", "invalid_transition", e.to_string()))?;
            if !app
                .store
                .close_action_item(item_id, to, &actor.user.id, app.now_ms())
                .await?
            {
                return Err(AppError::Conflict("action_item_changed"));
            }
            app.audit(&actor.origin(), "meeting.action_close", item_id, to.code())
                .await
        })
        .await
    }

    /// Posts a bulletin to every agency (a write: needs `Coordinate`, never a read scope).
    pub async fn post_bulletin(
        &self,
        actor: &Actor,
        kind: &str,
        title: &str,
        body: &str,
        region_code: Option<String>,
    ) -> Result<String, AppError> {
        self.atomically(async |app| {
            actor.require(Permission::Coordinate)?;
            let kind: BulletinKind = parse_code("kind", kind)?;
            let id = new_id();
            app.store
                .insert_bulletin(&Bulletin {
                    id: id.clone(),
                    from_agency: actor.user.agency_code.clone(),
                    kind,
                    title: required("title", title)?,
                    body: required("body", body)?,
                    region_code: region_code.filter(|r| !r.is_empty()),
                    created_by: actor.user.id.clone(),
                    created_at: app.now_ms(),
                })
                .await?;
            app.audit(&actor.origin(), "bulletin.post", &id, kind.code())
                .await?;
            Ok(id)
        })
        .await
    }

    /// Bulletins with their read receipts.
    pub async fn bulletins(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(Bulletin, Vec<BulletinRead>)>, AppError> {
        actor.require(Permission::ViewDashboard)?;
        let mut out = Vec::new();
        for b in self.store.bulletins().await? {
            let reads = self.store.bulletin_reads(&b.id).await?;
            out.push((b, reads));
        }
        Ok(out)
    }

    /// Records that the actor read a bulletin.
    pub async fn read_bulletin(&self, actor: &Actor, bulletin_id: &str) -> Result<(), AppError> {
        self.atomically(async |app| {
            actor.require(Permission::ViewDashboard)?;
            app.store
                .mark_bulletin_read(
                    bulletin_id,
                    &actor.user.id,
                    &actor.user.agency_code,
                    app.now_ms(),
                )
                .await?;
            Ok(())
        })
        .await
    }

    /// Notifications of the actor's agency, newest first.
    pub async fn notifications(&self, actor: &Actor) -> Result<Vec<Notification>, AppError> {
        Ok(self
            .store
            .notifications(&actor.user.agency_code, 200)
            .await?)
    }

    /// What the home page shows: overdue action items, pending and overdue referrals, unread
    /// notifications of the actor's agency.
    pub async fn home_notices(&self, actor: &Actor) -> Result<HomeNotices, AppError> {
        let today = self.today();
        let now = self.now_ms();
        let mut n = HomeNotices::default();
        for a in self
            .store
            .open_action_items(&actor.user.agency_code)
            .await?
        {
            if ActionState::Open.overdue(a.due_on, today) {
                n.overdue_actions
                    .push((a.id, a.description, date_text(a.due_on)));
            }
        }
        for r in self
            .store
            .referrals_for_agency(&actor.user.agency_code)
            .await?
        {
            let st: ReferralState = r.state;
            if r.to_agency == actor.user.agency_code && st == ReferralState::InProgress {
                n.pending_referrals += 1;
            }
            if st.overdue(r.due_at, now) {
                n.overdue_referrals += 1;
            }
        }
        n.unread = self
            .store
            .notifications(&actor.user.agency_code, 200)
            .await?
            .iter()
            .filter(|x| x.read_at.is_none())
            .count();
        Ok(n)
    }
}
