//! Tips: intake, the triage queue, assignment, duplicates and escalation.

use super::*;

impl App {
    /// Receives a tip (no sign-in needed for the portal); returns the receipt code.
    pub async fn submit_tip(&self, origin: &Origin, tip: NewTip) -> Result<String, AppError> {
        let channel: TipChannel = parse_code("channel", &tip.channel)?;
        if channel == TipChannel::Agency {
            // An agency's report names the agency and its record: it comes through
            // `report_applicant_to_police`, never as an anonymous tip.
            return Err(AppError::invalid(
                "channel",
                "invalid_channel",
                "an agency reports through its own record",
            ));
        }
        let kind: CaseKind = parse_code("kind", &tip.kind)?;
        let narrative = required("narrative", &tip.narrative)?;
        let severity = Severity::assess(tip.child_involved, tip.imminent_danger);
        let now = self.now_ms();
        let mut random = [0u8; 10];
        getrandom::fill(&mut random).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
        let receipt = receipt_code(&random);
        let phone_idx = match tip.suspect_phone.as_deref().map(str::trim) {
            Some(p) if !p.is_empty() => {
                let e164 = sinergi_domain::phone::Phone::parse(p).map_err(|_| {
                    AppError::invalid("suspect_phone", "invalid_phone", "not a phone number")
                })?;
                Some(self.vault.index(Field::Phone, e164.e164()))
            }
            _ => None,
        };
        let contact = match tip.reporter_contact.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => Some(self.vault.seal(Field::VictimIdentity, c)?),
            _ => None,
        };
        let row = Tip {
            id: new_id(),
            receipt: receipt.clone(),
            channel,
            kind,
            severity,
            consent: tip.consent,
            region_code: tip.region_code.filter(|r| !r.trim().is_empty()),
            suspect_name: tip
                .suspect_name
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            suspect_phone_idx: phone_idx,
            narrative_sealed: Some(self.vault.seal(Field::VictimIdentity, &narrative)?),
            reporter_contact_sealed: contact,
            status: TipStatus::Received,
            assigned_agency: None,
            duplicate_of: None,
            case_id: None,
            received_at: now,
            escalate_at: forwarding_policy().escalation_deadline(severity, now),
            escalated: false,
            updated_at: now,
            source: None,
            close_reason_sealed: None,
        };
        // Mandatory forwarding (a child or imminent danger): every agency of a receiving kind
        // is told at once, whatever the consent.
        let decisions = forwarding_policy().evaluate(kind, severity, tip.consent);
        let mandatory: Vec<_> = decisions
            .iter()
            .filter(|d| d.basis == sinergi_domain::cases::tip::ForwardBasis::Mandatory)
            .map(|d| d.agency_kind)
            .collect();
        self.atomically(async |app| {
            app.store.insert_tip(&row).await?;
            app.audit(origin, "tip.submit", &row.id, severity.code())
                .await?;
            if !mandatory.is_empty() {
                for a in app.store.agencies().await? {
                    if mandatory.contains(&a.kind) {
                        app.notify(
                            &a.code,
                            NotificationKind::TipMandatory,
                            &row.id,
                            severity.code(),
                        )
                        .await?;
                    }
                }
            }
            Ok(())
        })
        .await?;
        Ok(receipt)
    }

    /// The status of a tip by its receipt code, and nothing else.
    pub async fn tip_status(&self, receipt: &str) -> Result<TipReceiptStatus, AppError> {
        let code = normalise_receipt(receipt).ok_or(AppError::NotFound)?;
        let tip = self
            .store
            .tip_by_receipt(&code)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(TipReceiptStatus {
            receipt: code,
            status: tip.status,
        })
    }

    /// The triage queue: the tips the actor's agency holds (assigned to it, or forwarded to its
    /// kind by the policy), most urgent first, with duplicate candidates and forwarding. The
    /// narrative is opened only for actors who may see victim identity.
    pub async fn tip_queue(&self, actor: &Actor) -> Result<Vec<TipView>, AppError> {
        actor.require(Permission::TriageTips)?;
        let policy = forwarding_policy();
        let kind_of_mine = self.agency_kind_of(actor).await?;
        // Every open tip, however old, and the newest closed ones for reference.
        let mut rows: Vec<Tip> = self.store.open_tips().await?;
        let open: std::collections::HashSet<String> = rows.iter().map(|t| t.id.clone()).collect();
        rows.extend(
            self.store
                .tips(1000)
                .await?
                .into_iter()
                .filter(|t| !open.contains(&t.id)),
        );
        rows.retain(|t| t.held_by(&policy, &actor.user.agency_code, kind_of_mine));
        let may_read = actor.can(Permission::ViewVictimIdentity);
        let suspects = self.store.named_case_people().await?;
        let now = self.now_ms();
        let matcher = network::NameMatcher;
        let mut out = Vec::new();
        for t in rows.iter() {
            let (status, severity, kind) = (t.status, t.severity, t.kind);
            let mut dups = Vec::new();
            for o in rows
                .iter()
                .filter(|o| o.id != t.id && o.received_at <= t.received_at)
            {
                if t.suspect_phone_idx.is_some() && t.suspect_phone_idx == o.suspect_phone_idx {
                    dups.push(("tip".into(), o.id.clone(), "same phone".into()));
                } else if let (Some(a), Some(b)) = (&t.suspect_name, &o.suspect_name)
                    && let Some(why) = network::PersonMatcher::same_person(&matcher, a, b)
                {
                    dups.push(("tip".into(), o.id.clone(), why));
                }
            }
            if let Some(a) = &t.suspect_name {
                for p in &suspects {
                    if let Some(b) = &p.name
                        && let Some(why) = network::PersonMatcher::same_person(&matcher, a, b)
                    {
                        dups.push(("case".into(), p.case_id.clone(), why));
                    }
                }
            }
            let source = match &t.source {
                Some(src) => Some(TipSourceView {
                    agency: src.agency.clone(),
                    applicant_name: match src.applicant_id.as_deref() {
                        Some(id) => self.store.applicant(id).await?.map(|a| {
                            if may_read {
                                a.full_name
                            } else {
                                mask_name(&a.full_name)
                            }
                        }),
                        None => None,
                    },
                }),
                None => None,
            };
            out.push(TipView {
                source,
                close_reason: if may_read {
                    self.open_sealed(&t.close_reason_sealed)
                } else {
                    None
                },
                id: t.id.clone(),
                receipt: t.receipt.clone(),
                channel: t.channel,
                kind,
                severity,
                status,
                assigned_agency: t.assigned_agency.clone(),
                case_id: t.case_id.clone(),
                suspect_name: t.suspect_name.clone(),
                narrative: if may_read {
                    self.open_sealed(&t.narrative_sealed)
                } else {
                    None
                },
                received_at: t.received_at,
                escalate_at: t.escalate_at,
                overdue: policy.must_escalate(severity, status, t.received_at, now),
                possible_duplicates: dups,
                forwarding: policy
                    .evaluate(kind, severity, t.consent)
                    .into_iter()
                    .map(
                        |ForwardDecision {
                             agency_kind, basis, ..
                         }| {
                            (agency_kind.code().to_string(), basis.code().to_string())
                        },
                    )
                    .collect(),
            });
        }
        out.sort_by_key(|t| {
            (
                matches!(t.status, TipStatus::Received | TipStatus::Assigned) as u8 ^ 1,
                t.severity.rank(),
                t.received_at,
            )
        });
        Ok(out)
    }

    /// The kind of the actor's agency.
    /// How many open tips the actor's agency holds (for the work home; no duplicate search).
    pub async fn open_tip_count(&self, actor: &Actor) -> Result<usize, AppError> {
        actor.require(Permission::TriageTips)?;
        let policy = forwarding_policy();
        let kind = self.agency_kind_of(actor).await?;
        Ok(self
            .store
            .open_tips()
            .await?
            .iter()
            .filter(|t| t.held_by(&policy, &actor.user.agency_code, kind))
            .count())
    }

    pub(super) async fn agency_kind_of(&self, actor: &Actor) -> Result<AgencyKind, AppError> {
        Ok(self
            .store
            .agency(&actor.user.agency_code)
            .await
            .map_err(|_| AppError::Forbidden)?
            .kind)
    }

    /// A tip the actor's agency may change now: `NotFound` unless the agency holds it, an
    /// invalid transition once it is assigned elsewhere or no longer open.
    pub(super) async fn tip_for_change(
        &self,
        actor: &Actor,
        tip_id: &str,
    ) -> Result<Tip, AppError> {
        actor.require(Permission::TriageTips)?;
        let tip = self.store.tip(tip_id).await?.ok_or(AppError::NotFound)?;
        let kind = self.agency_kind_of(actor).await?;
        match tip.check_change(&forwarding_policy(), &actor.user.agency_code, kind) {
            Ok(()) => Ok(tip),
            Err(TipChangeError::NotHeld) => Err(AppError::NotFound),
            Err(e @ (TipChangeError::AssignedElsewhere | TipChangeError::NotOpen(_))) => {
                Err(AppError::invalid("tip", "tip_not_open", e.to_string()))
            }
        }
    }

    /// Saves a changed tip if nobody changed it meanwhile.
    pub(super) async fn save_tip(&self, tip: &Tip, expected: TipStatus) -> Result<(), AppError> {
        if self.store.update_tip(tip, expected).await? {
            Ok(())
        } else {
            Err(AppError::Conflict("tip_changed"))
        }
    }

    /// Assigns a tip to an agency.
    pub async fn assign_tip(
        &self,
        actor: &Actor,
        tip_id: &str,
        agency: &str,
    ) -> Result<(), AppError> {
        self.atomically(async |app| {
            let mut tip = app.tip_for_change(actor, tip_id).await?;
            app.store
                .agency(agency)
                .await
                .map_err(|_| AppError::invalid("agency", "unknown_agency", "unknown agency"))?;
            let expected = tip.status;
            tip.status = TipStatus::Assigned;
            tip.assigned_agency = Some(agency.to_string());
            tip.updated_at = app.now_ms();
            app.save_tip(&tip, expected).await?;
            app.audit(&actor.origin(), "tip.assign", tip_id, agency)
                .await?;
            app.notify(
                agency,
                NotificationKind::TipAssigned,
                tip_id,
                tip.severity.code(),
            )
            .await
        })
        .await
    }

    /// Closes a tip that needs no case (no offence, not enough to act on), with the reason.
    pub async fn close_tip(
        &self,
        actor: &Actor,
        tip_id: &str,
        reason: &str,
    ) -> Result<(), AppError> {
        let reason = required("reason", reason)?;
        self.atomically(async |app| {
            let mut tip = app.tip_for_change(actor, tip_id).await?;
            let expected = tip.status;
            tip.status = TipStatus::Closed;
            tip.updated_at = app.now_ms();
            tip.close_reason_sealed = Some(app.vault.seal(Field::VictimIdentity, &reason)?);
            app.save_tip(&tip, expected).await?;
            // The reason may name people: it is kept sealed with the tip; the audit row keeps
            // only its length.
            app.audit(
                &actor.origin(),
                "tip.close",
                tip_id,
                &format!("{} chars", reason.chars().count()),
            )
            .await
        })
        .await
    }

    /// Marks a tip as a duplicate of an earlier one.
    pub async fn mark_tip_duplicate(
        &self,
        actor: &Actor,
        tip_id: &str,
        of: &str,
    ) -> Result<(), AppError> {
        self.atomically(async |app| {
            let mut tip = app.tip_for_change(actor, tip_id).await?;
            if of == tip_id || app.store.tip(of).await?.is_none() {
                return Err(AppError::invalid(
                    "duplicate_of",
                    "invalid_duplicate",
                    "no such earlier tip",
                ));
            }
            let expected = tip.status;
            tip.status = TipStatus::Duplicate;
            tip.duplicate_of = Some(of.to_string());
            tip.updated_at = app.now_ms();
            app.save_tip(&tip, expected).await?;
            app.audit(&actor.origin(), "tip.duplicate", tip_id, of)
                .await
        })
        .await
    }

    /// Escalates every untouched tip past its deadline: notifies the coordinating agencies
    /// (Pemda) and the police; returns how many escalated.
    pub async fn escalate_tips(&self) -> Result<usize, AppError> {
        let now = self.now_ms();
        let policy = forwarding_policy();
        let agencies = self.store.agencies().await?;
        let mut n = 0;
        for mut t in self.store.tips(10_000).await? {
            let (status, severity) = (t.status, t.severity);
            if t.escalated || !policy.must_escalate(severity, status, t.received_at, now) {
                continue;
            }
            t.escalated = true;
            t.updated_at = now;
            let escalated = self
                .atomically(async |app| {
                    if !app.store.update_tip(&t, status).await? {
                        return Ok(false);
                    }
                    for a in agencies
                        .iter()
                        .filter(|a| matches!(a.kind, AgencyKind::Pemda | AgencyKind::Polri))
                    {
                        app.notify(
                            &a.code,
                            NotificationKind::TipEscalated,
                            &t.id,
                            severity.code(),
                        )
                        .await?;
                    }
                    app.audit(
                        &Origin {
                            actor: "system".into(),
                            client: "system".into(),
                        },
                        "tip.escalate",
                        &t.id,
                        severity.code(),
                    )
                    .await?;
                    Ok(true)
                })
                .await?;
            n += usize::from(escalated);
        }
        Ok(n)
    }
}
