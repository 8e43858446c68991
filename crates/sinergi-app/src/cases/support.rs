//! Shared steps of the case use cases: timeline events, notifications, need-to-know.

use super::*;

impl App {
    pub(super) fn today(&self) -> Date {
        self.clock.now_wib().date()
    }

    pub(super) fn now_ms(&self) -> i64 {
        to_millis(self.clock.now())
    }

    /// Writes the audit row and the case timeline event of a change.
    pub(super) async fn case_event(
        &self,
        actor: &Actor,
        case_id: &str,
        kind: &str,
        detail: &str,
    ) -> Result<(), AppError> {
        self.audit(&actor.origin(), kind, case_id, detail).await?;
        let agency_name = match self.store.agency(&actor.user.agency_code).await {
            Ok(a) => a.name_on(self.today()).to_string(),
            Err(_) => actor.user.agency_code.clone(),
        };
        self.store
            .insert_case_event(&CaseEvent {
                id: new_id(),
                case_id: case_id.to_string(),
                at: self.now_ms(),
                actor_id: actor.user.id.clone(),
                agency_code: actor.user.agency_code.clone(),
                agency_name,
                kind: kind.to_string(),
                detail: detail.to_string(),
            })
            .await?;
        Ok(())
    }

    pub(super) async fn notify(
        &self,
        agency: &str,
        kind: NotificationKind,
        subject: &str,
        detail: &str,
    ) -> Result<(), AppError> {
        self.store
            .insert_notification(&Notification {
                id: new_id(),
                agency_code: agency.to_string(),
                kind,
                subject_id: subject.to_string(),
                detail: detail.to_string(),
                created_at: self.now_ms(),
                read_at: None,
            })
            .await?;
        Ok(())
    }

    /// The case if the actor's agency may see it; otherwise `NotFound`, and the denied attempt
    /// is written to the audit trail (`case.denied`).
    pub async fn visible_case(&self, actor: &Actor, case_id: &str) -> Result<Case, AppError> {
        actor.require(Permission::ViewCases)?;
        let Some(case) = self.store.case(case_id).await? else {
            return Err(AppError::NotFound);
        };
        let agencies = self.store.case_agencies(case_id).await?;
        if visible_to(&case.lead_agency, &agencies, &actor.user.agency_code) {
            Ok(case)
        } else {
            self.audit(&actor.origin(), "case.denied", case_id, "not shared")
                .await?;
            Err(AppError::NotFound)
        }
    }

    /// The case for reading: visible by sharing, or opened by a live break-glass grant of the
    /// actor (then with the grant's end, for the banner every page of the case shows). Writes
    /// never go through a grant: they use [`App::visible_case`].
    pub async fn readable_case(
        &self,
        actor: &Actor,
        case_id: &str,
    ) -> Result<(Case, Option<i64>), AppError> {
        actor.require(Permission::ViewCases)?;
        let Some(case) = self.store.case(case_id).await? else {
            return Err(AppError::NotFound);
        };
        let agencies = self.store.case_agencies(case_id).await?;
        if visible_to(&case.lead_agency, &agencies, &actor.user.agency_code) {
            return Ok((case, None));
        }
        let until = match actor.scopes {
            Some(_) => None,
            None => {
                self.store
                    .break_glass_until(&actor.user.id, "case", case_id, self.now_ms())
                    .await?
            }
        };
        match until {
            Some(until) => {
                self.audit(&actor.origin(), "case.break_glass_read", case_id, "")
                    .await?;
                Ok((case, Some(until)))
            }
            None => {
                self.audit(&actor.origin(), "case.denied", case_id, "not shared")
                    .await?;
                Err(AppError::NotFound)
            }
        }
    }

    /// Opens a value sealed under a given field label; `None` when absent or not openable.
    pub(super) fn open_field(&self, field: Field, sealed: &Option<Vec<u8>>) -> Option<String> {
        sealed.as_ref().and_then(|b| self.vault.open(field, b).ok())
    }

    pub(super) fn open_sealed(&self, sealed: &Option<Vec<u8>>) -> Option<String> {
        sealed
            .as_ref()
            .and_then(|b| self.vault.open(Field::VictimIdentity, b).ok())
    }

    pub(super) fn person_view(
        &self,
        actor: &Actor,
        p: &CasePerson,
    ) -> Result<PersonView, AppError> {
        let role: PersonRole = p.role;
        let may = actor.can(Permission::ViewVictimIdentity);
        let clear_name = match &p.name {
            Some(n) => n.clone(),
            None => self.open_sealed(&p.name_enc).unwrap_or_default(),
        };
        let protected = role.protected_identity();
        let show = !protected || may;
        Ok(PersonView {
            id: p.id.clone(),
            role,
            name: if show {
                clear_name.clone()
            } else {
                mask_name(&clear_name)
            },
            // Each field opens under the key label it was sealed with (the NIK and phone as the
            // prevention records seal them, so a screened applicant's fields carry over).
            nik: if show {
                self.open_field(Field::Nik, &p.nik_enc)
            } else {
                None
            },
            phone: if show {
                self.open_field(Field::Phone, &p.phone_enc)
            } else {
                None
            },
            alias: match (&p.alias, show) {
                (Some(a), _) => Some(a.clone()),
                (None, true) => self.open_sealed(&p.alias_enc),
                (None, false) => None,
            },
            masked: !show,
            investigator: p.investigator.map(|i| i.code().to_string()),
        })
    }
}
