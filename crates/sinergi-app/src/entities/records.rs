//! Reading records for entities under need-to-know: [`Viewer`] loads a record only when the
//! existing rules let the actor read it, and its plain fields for the matching engine.

use super::{EntityRecord, RecordAbout};
use crate::auth::Actor;
use crate::cases::forwarding_policy;
use crate::prevention::index::IndexFields;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::cases::case::visible_to;
use sinergi_domain::cases::case_record::Case;
use sinergi_domain::cases::tip::ForwardingPolicy;
use sinergi_domain::clock::to_millis;
use sinergi_domain::entities::{RecordKey, RecordKind};
use sinergi_domain::org::AgencyKind;
use std::collections::HashMap;

/// What one actor may read, with the case answers cached for one request.
pub(crate) struct Viewer<'a> {
    pub(crate) actor: &'a Actor,
    agency_kind: Option<AgencyKind>,
    policy: ForwardingPolicy,
    cases: HashMap<String, Option<Case>>,
    now: i64,
}

impl App {
    /// A viewer for one request.
    pub(crate) async fn viewer<'a>(&self, actor: &'a Actor) -> Viewer<'a> {
        let agency_kind = self
            .store
            .agency(&actor.user.agency_code)
            .await
            .ok()
            .map(|a| a.kind);
        Viewer {
            actor,
            agency_kind,
            policy: forwarding_policy(),
            cases: HashMap::new(),
            now: to_millis(self.clock.now()),
        }
    }
}

impl Viewer<'_> {
    /// The case if the actor may read it (shared with the agency, or a break-glass grant).
    pub(crate) async fn case(&mut self, app: &App, id: &str) -> Result<Option<Case>, AppError> {
        if let Some(c) = self.cases.get(id) {
            return Ok(c.clone());
        }
        let mut out = None;
        if self.actor.can(Permission::ViewCases)
            && let Some(case) = app.store.case(id).await?
        {
            let shared = app.store.case_agencies(id).await?;
            let mine = &self.actor.user.agency_code;
            let glass = self.actor.scopes.is_none()
                && app
                    .store
                    .break_glass_until(&self.actor.user.id, "case", id, self.now)
                    .await?
                    .is_some();
            if visible_to(&case.lead_agency, &shared, mine) || glass {
                out = Some(case);
            }
        }
        self.cases.insert(id.to_string(), out.clone());
        Ok(out)
    }

    /// Whether the actor may read the watchlist.
    pub(crate) fn sees_watchlist(&self) -> bool {
        self.actor.can(Permission::ProposeWatchlist) || self.actor.can(Permission::ApproveWatchlist)
    }

    /// Whether the actor may read applications.
    pub(crate) fn sees_applicants(&self) -> bool {
        self.actor.can(Permission::ScreenApplicants)
    }

    /// Whether the actor's agency holds a tip.
    fn holds_tip(&self, t: &sinergi_domain::cases::tip_record::Tip) -> bool {
        self.actor.can(Permission::TriageTips)
            && self
                .agency_kind
                .is_some_and(|k| t.held_by(&self.policy, &self.actor.user.agency_code, k))
    }

    /// The record if the actor may read it; `None` when it is gone or not theirs to see.
    pub(crate) async fn load(
        &mut self,
        app: &App,
        key: &RecordKey,
    ) -> Result<Option<EntityRecord>, AppError> {
        Ok(self.load_with_fields(app, key).await?.map(|(r, _)| r))
    }

    /// The record and its plain fields for the engine, if the actor may read it.
    pub(crate) async fn load_with_fields(
        &mut self,
        app: &App,
        key: &RecordKey,
    ) -> Result<Option<(EntityRecord, IndexFields)>, AppError> {
        let id = key.id.as_str();
        let rec = |name: String, about, phone_idx| EntityRecord {
            key: key.clone(),
            name,
            about,
            phone_idx,
        };
        Ok(match key.kind {
            RecordKind::CasePerson => {
                let Some(p) = app.store.case_person(id).await? else {
                    return Ok(None);
                };
                if p.role.protected_identity() {
                    return Ok(None);
                }
                let Some(case) = self.case(app, &p.case_id).await? else {
                    return Ok(None);
                };
                let Some(fields) = app.case_person_fields(&p)? else {
                    return Ok(None);
                };
                let about = RecordAbout::CasePerson {
                    case_id: case.id.clone(),
                    case_number: case.number.clone(),
                    role: p.role,
                    lead_agency: case.lead_agency.clone(),
                };
                Some((rec(fields.full_name.clone(), about, p.phone_idx), fields))
            }
            RecordKind::Applicant => {
                if !self.sees_applicants() {
                    return Ok(None);
                }
                let Some(a) = app.store.applicant(id).await? else {
                    return Ok(None);
                };
                let fields = app.applicant_fields(&a)?;
                let about = RecordAbout::Applicant {
                    id: a.id.clone(),
                    office: a.office_code.clone(),
                    status: a.status,
                    recorded_at: a.created_at,
                };
                let phone = a.phone.as_ref().map(|s| s.index.clone());
                Some((rec(a.full_name.clone(), about, phone), fields))
            }
            RecordKind::Watchlist => {
                if !self.sees_watchlist() {
                    return Ok(None);
                }
                let Some(w) = app.store.watchlist_entry(id).await? else {
                    return Ok(None);
                };
                let fields = app.watchlist_fields(&w)?;
                let about = RecordAbout::Watchlist {
                    kind: w.kind,
                    status: w.status,
                    reason: w.reason.clone(),
                };
                let phone = w.phone.as_ref().map(|s| s.index.clone());
                Some((rec(w.full_name.clone(), about, phone), fields))
            }
            RecordKind::TipSubject => {
                let Some(t) = app.store.tip(id).await? else {
                    return Ok(None);
                };
                let Some(name) = t.suspect_name.clone().filter(|n| !n.trim().is_empty()) else {
                    return Ok(None);
                };
                if !self.holds_tip(&t) {
                    return Ok(None);
                }
                let about = RecordAbout::TipSubject {
                    received_at: t.received_at,
                    kind: t.kind,
                    status: t.status,
                };
                let fields = IndexFields {
                    full_name: name.clone(),
                    ..IndexFields::default()
                };
                Some((rec(name, about, t.suspect_phone_idx.clone()), fields))
            }
            RecordKind::PersonRecord => {
                if !self.actor.can(Permission::ViewPeople) {
                    return Ok(None);
                }
                let Some(p) = app.store.person(id).await? else {
                    return Ok(None);
                };
                let fields = app.person_fields(&p)?;
                let about = RecordAbout::PersonRecord {
                    source: p.source.clone(),
                    birth_date: p.birth_date.clone(),
                };
                Some((rec(p.full_name.clone(), about, p.phone_idx.clone()), fields))
            }
        })
    }

    /// The records of the entity `entity_id` the actor may see, in stored order.
    pub(crate) async fn members(
        &mut self,
        app: &App,
        entity_id: &str,
    ) -> Result<(Vec<EntityRecord>, usize), AppError> {
        let keys = app.store.entity_members(entity_id).await?;
        let total = keys.len();
        let mut out = Vec::new();
        for k in &keys {
            if let Some(r) = self.load(app, k).await? {
                out.push(r);
            }
        }
        Ok((out, total))
    }
}
