//! Referrals between agencies and the coordination timers.

use super::*;

impl App {
    /// Refers a case to another agency; only the lead agency may. Sharing victim data needs a recorded consent of every
    /// victim for this purpose, unless the actor holds `OverrideConsent` and gives a reason.
    pub async fn refer_case(
        &self,
        actor: &Actor,
        case_id: &str,
        new: NewReferral,
    ) -> Result<String, AppError> {
        self.atomically(async |app| {
            actor.require(Permission::HandleReferrals)?;
            let case = app.visible_case(actor, case_id).await?;
            // Only the lead agency refers a case on; a receiving agency does not pass it to a third.
            if case.lead_agency != actor.user.agency_code {
                return Err(AppError::Forbidden);
            }
            app.store
                .agency(&new.to_agency)
                .await
                .map_err(|_| AppError::invalid("to_agency", "unknown_agency", "unknown agency"))?;
            if new.to_agency == actor.user.agency_code {
                return Err(AppError::invalid(
                    "to_agency",
                    "self_referral",
                    "cannot refer to oneself",
                ));
            }
            let purpose = required("purpose", &new.purpose)?;
            let reason = required("reason", &new.reason)?;
            let due = parse_date("due_on", &new.due_on)?;
            let victims: Vec<_> = app
                .store
                .case_people(case_id)
                .await?
                .into_iter()
                .filter(|p| p.role == PersonRole::Victim)
                .collect();
            let mut missing = 0;
            for v in &victims {
                if !app.store.has_case_consent(&v.id, &purpose).await? {
                    missing += 1;
                }
            }
            let basis = if victims.is_empty() {
                "no_victim_data".to_string()
            } else if missing == 0 {
                "consent".to_string()
            } else {
                match new
                    .override_reason
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    Some(_) if actor.can(Permission::OverrideConsent) => {
                        format!("override:{}", actor.user.id)
                    }
                    Some(_) => return Err(AppError::Forbidden),
                    None => {
                        return Err(AppError::invalid(
                            "consent",
                            "consent_required",
                            "victim consent for this purpose is not recorded",
                        ));
                    }
                }
            };
            let now = app.now_ms();
            let due_at = to_millis(
                due.with_hms(23, 59, 59)
                    .map_err(|_| AppError::invalid("due_on", "invalid_date", "bad date"))?
                    .assume_offset(sinergi_domain::clock::WIB),
            );
            let row = Referral {
                id: new_id(),
                case_id: case_id.into(),
                from_agency: actor.user.agency_code.clone(),
                to_agency: new.to_agency.clone(),
                transfer_lead: purpose == "lead_transfer",
                purpose,
                reason,
                due_at,
                state: ReferralState::InProgress,
                state_reason: None,
                consent_basis: basis.clone(),
                created_by: actor.user.id.clone(),
                created_at: now,
                updated_at: now,
                reminded_at: None,
            };
            app.store.insert_referral(&row).await?;
            // The receiving agency must be able to open the case to decide.
            app.store.share_case(case_id, &row.to_agency, now).await?;
            app.case_event(
                actor,
                case_id,
                "case.refer",
                &format!(
                    "{} {} {} {}",
                    row.id,
                    row.to_agency,
                    row.purpose,
                    basis.split(':').next().unwrap_or("")
                ),
            )
            .await?;
            app.notify(
                &row.to_agency,
                NotificationKind::Referral,
                &row.id,
                &row.purpose,
            )
            .await?;
            Ok(row.id)
        })
        .await
    }

    /// Accepts, rejects, completes or revokes a referral; the side is the actor's agency.
    pub async fn referral_action(
        &self,
        actor: &Actor,
        referral_id: &str,
        event: &str,
        reason: &str,
    ) -> Result<ReferralState, AppError> {
        self.atomically(async |app| {
            actor.require(Permission::HandleReferrals)?;
            let event: ReferralEvent = parse_code("event", event)?;
            let r = app
                .store
                .referral(referral_id)
                .await?
                .ok_or(AppError::NotFound)?;
            app.visible_case(actor, &r.case_id).await?;
            let side = if actor.user.agency_code == r.to_agency {
                Side::Receiver
            } else if actor.user.agency_code == r.from_agency {
                Side::Sender
            } else {
                return Err(AppError::Forbidden);
            };
            let from: ReferralState = r.state;
            let to = from
                .apply(event, side, reason)
                .map_err(|e| AppError::invalid("event", "invalid_transition", e.to_string()))?;
            let reason_opt = Some(reason.trim().to_string()).filter(|s| !s.is_empty());
            if !app
                .store
                .update_referral_state(referral_id, from, to, reason_opt, app.now_ms())
                .await?
            {
                return Err(AppError::Conflict("referral_changed"));
            }
            if matches!(to, ReferralState::Rejected | ReferralState::Revoked) {
                // Need-to-know: the receiver loses access unless it leads the case or another
                // referral to it is still open or accepted.
                let case = app
                    .store
                    .case(&r.case_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                let other_open = app
                    .store
                    .referrals_for_case(&r.case_id)
                    .await?
                    .iter()
                    .any(|o| {
                        o.id != r.id
                            && o.to_agency == r.to_agency
                            && matches!(
                                o.state,
                                ReferralState::InProgress
                                    | ReferralState::Accepted
                                    | ReferralState::Done
                            )
                    });
                if case.lead_agency != r.to_agency && !other_open {
                    app.store.unshare_case(&r.case_id, &r.to_agency).await?;
                }
            }
            if to == ReferralState::Accepted && r.transfer_lead {
                app.store.set_case_lead(&r.case_id, &r.to_agency).await?;
                app.case_event(
                    actor,
                    &r.case_id,
                    "case.lead_transfer",
                    &format!("{} {}", r.from_agency, r.to_agency),
                )
                .await?;
            }
            app.case_event(
                actor,
                &r.case_id,
                &format!("referral.{}", event.code()),
                &format!("{referral_id} {}", to.code()),
            )
            .await?;
            let other = if side == Side::Receiver {
                &r.from_agency
            } else {
                &r.to_agency
            };
            app.notify(other, NotificationKind::Referral, referral_id, to.code())
                .await?;
            Ok(to)
        })
        .await
    }

    /// The referral inbox and outbox of the actor's agency.
    pub async fn case_referral_inbox(&self, actor: &Actor) -> Result<Vec<Referral>, AppError> {
        actor.require(Permission::HandleReferrals)?;
        Ok(self
            .store
            .referrals_for_agency(&actor.user.agency_code)
            .await?)
    }

    /// Sends reminders for overdue referrals (at most once a day each); returns how many.
    pub async fn remind_overdue_referrals(&self) -> Result<usize, AppError> {
        let now = self.now_ms();
        let due = self.store.overdue_referrals(now, now - DAY_MS).await?;
        for r in &due {
            self.notify(
                &r.to_agency,
                NotificationKind::ReferralOverdue,
                &r.id,
                r.state.code(),
            )
            .await?;
            self.notify(
                &r.from_agency,
                NotificationKind::ReferralOverdue,
                &r.id,
                r.state.code(),
            )
            .await?;
            self.store.mark_referral_reminded(&r.id, now).await?;
        }
        Ok(due.len())
    }
}

impl App {
    /// Runs the coordination timers once: escalates untouched tips past their deadline and
    /// reminds both sides of overdue referrals. Returns (tips escalated, referrals reminded).
    /// The binary should call this periodically (e.g. every 5 minutes).
    pub async fn run_coordination_timers(&self) -> Result<(usize, usize), AppError> {
        let tips = self.escalate_tips().await?;
        let referrals = self.remind_overdue_referrals().await?;
        Ok((tips, referrals))
    }
}
