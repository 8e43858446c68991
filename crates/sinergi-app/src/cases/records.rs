//! Cases: opening, listing, export, the detail view, people, entities, links, attachments and consents.

use super::*;

impl App {
    /// Opens a case led by the actor's agency (optionally from a tip the agency holds and may
    /// still change: one tip becomes at most one case). The case, its timeline, the tip's new
    /// status and the audit rows commit together.
    pub async fn open_case(&self, actor: &Actor, new: NewCase) -> Result<Case, AppError> {
        actor.require(Permission::ManageCases)?;
        let kind: CaseKind = parse_code("kind", &new.kind)?;
        let title = required("title", &new.title)?;
        let started = parse_date("started_on", &new.started_on)?;
        let tip_id = new.tip_id.as_deref().filter(|id| !id.is_empty());
        for attempt in 0..5 {
            match self
                .atomically(async |app| {
                    app.open_case_once(actor, kind, &title, started, tip_id, attempt)
                        .await
                })
                .await
            {
                Err(AppError::Conflict("case_number_busy")) => continue,
                other => return other,
            }
        }
        Err(AppError::Conflict("case_number_busy"))
    }

    async fn open_case_once(
        &self,
        actor: &Actor,
        kind: CaseKind,
        title: &str,
        started: Date,
        tip_id: Option<&str>,
        attempt: i64,
    ) -> Result<Case, AppError> {
        let year = self.today().year();
        let prefix = format!("SNG/{year}/");
        let now = self.now_ms();
        let mut tip = match tip_id {
            Some(id) => Some(self.tip_for_change(actor, id).await?),
            None => None,
        };
        let seq = self.store.count_cases_with_prefix(&prefix).await? + 1 + attempt;
        let case = Case {
            id: new_id(),
            number: CaseNumber {
                year,
                seq: u32::try_from(seq).unwrap_or(u32::MAX),
            }
            .to_string(),
            kind,
            title: title.to_string(),
            lead_agency: actor.user.agency_code.clone(),
            regime: Regime::for_start(started),
            started_on: started,
            status: CaseStatus::Open,
            created_by: actor.user.id.clone(),
            created_at: now,
        };
        self.store.insert_case(&case).await.map_err(|e| match e {
            sinergi_store::StoreError::Conflict(_) => AppError::Conflict("case_number_busy"),
            e => e.into(),
        })?;
        self.case_event(
            actor,
            &case.id,
            "case.open",
            &format!("{} {}", case.kind, case.regime),
        )
        .await?;
        if let Some(t) = tip.as_mut() {
            let expected = t.status;
            t.status = TipStatus::CaseOpened;
            t.case_id = Some(case.id.clone());
            t.assigned_agency = Some(actor.user.agency_code.clone());
            t.updated_at = now;
            self.save_tip(t, expected).await?;
            if let Some(name) = &t.suspect_name {
                self.store
                    .insert_case_person(&CasePerson {
                        phone_idx: t.suspect_phone_idx.clone(),
                        ..CasePerson::named(
                            new_id(),
                            case.id.clone(),
                            PersonRole::Suspect,
                            name.clone(),
                            now,
                        )
                    })
                    .await?;
            }
            self.store
                .link_case(&case.id, LinkKind::Tip, &t.id, now)
                .await?;
            self.case_event(actor, &case.id, "case.link_tip", &t.id)
                .await?;
            self.take_over_reported_applicant(actor, &case.id, t, now)
                .await?;
        }
        Ok(case)
    }

    /// Cases visible to the actor's agency, optionally filtered by number or title.
    pub async fn cases(&self, actor: &Actor, query: &str) -> Result<Vec<Case>, AppError> {
        actor.require(Permission::ViewCases)?;
        Ok(self
            .store
            .cases_visible_to(&actor.user.agency_code, query)
            .await?)
    }

    /// CSV export of the visible cases (number, kind, lead, regime, start, status): no people.
    pub async fn export_cases_csv(&self, actor: &Actor) -> Result<String, AppError> {
        self.atomically(async |app| {
            actor.require(Permission::ViewCases)?;
            let rows = app.cases(actor, "").await?;
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([
                "number",
                "kind",
                "lead_agency",
                "regime",
                "started_on",
                "status",
            ])
            .map_err(|e| AppError::Internal(e.to_string()))?;
            for c in &rows {
                w.write_record([
                    &c.number,
                    c.kind.code(),
                    &c.lead_agency,
                    c.regime.code(),
                    &date_text(c.started_on),
                    c.status.code(),
                ])
                .map_err(|e| AppError::Internal(e.to_string()))?;
            }
            app.audit(
                &actor.origin(),
                "case.export",
                &actor.user.agency_code,
                &rows.len().to_string(),
            )
            .await?;
            String::from_utf8(
                w.into_inner()
                    .map_err(|e| AppError::Internal(e.to_string()))?,
            )
            .map_err(|e| AppError::Internal(e.to_string()))
        })
        .await
    }

    /// Everything about a case its viewer may see (through sharing or a live break-glass grant).
    pub async fn case_detail(&self, actor: &Actor, case_id: &str) -> Result<CaseDetail, AppError> {
        let (case, break_glass_until) = self.readable_case(actor, case_id).await?;
        let people = self.store.case_people(case_id).await?;
        let views = people
            .iter()
            .map(|p| self.person_view(actor, p))
            .collect::<Result<Vec<_>, _>>()?;
        let legal = self.legal_progress(&case, &views).await?;
        self.audit(&actor.origin(), "case.view", case_id, "")
            .await?;
        Ok(CaseDetail {
            break_glass_until,
            id: case.id.clone(),
            number: case.number.clone(),
            kind: case.kind,
            title: case.title.clone(),
            lead_agency: case.lead_agency.clone(),
            agencies: self.store.case_agencies(case_id).await?,
            regime: case.regime,
            started_on: date_text(case.started_on),
            status: case.status,
            people: views,
            entities: self
                .store
                .case_entities(case_id)
                .await?
                .into_iter()
                .map(|e| (e.kind.code().to_string(), e.name, e.detail))
                .collect(),
            timeline: self.timeline(case_id).await?,
            links: self.link_views(actor, case_id).await?,
            attachments: self
                .store
                .case_attachments(case_id)
                .await?
                .into_iter()
                .map(|a| (a.id, a.file_name, a.content_type, a.size))
                .collect(),
            referrals: self
                .store
                .referrals_for_case(case_id)
                .await?
                .into_iter()
                .map(|r| {
                    (
                        r.id,
                        r.from_agency,
                        r.to_agency,
                        r.purpose,
                        r.state.code().to_string(),
                        r.due_at,
                    )
                })
                .collect(),
            legal,
            assistance: self
                .store
                .assistance_for_case(case_id)
                .await?
                .into_iter()
                .map(|a| {
                    (
                        a.service.code().to_string(),
                        a.agency_code,
                        date_text(a.started_on),
                        a.ended_on.map(date_text),
                        a.outcome.code().to_string(),
                        a.simfoni_no,
                    )
                })
                .collect(),
        })
    }

    /// The history of a case with the acting users' display names.
    async fn timeline(&self, case_id: &str) -> Result<Vec<TimelineEntry>, AppError> {
        let mut names: std::collections::HashMap<String, String> = Default::default();
        let mut out = Vec::new();
        for e in self.store.case_events(case_id).await? {
            if !names.contains_key(&e.actor_id) {
                let name = match self.store.user_by_id(&e.actor_id).await {
                    Ok(u) => u.user.display_name,
                    Err(_) => String::new(),
                };
                names.insert(e.actor_id.clone(), name);
            }
            out.push(TimelineEntry {
                at: e.at,
                agency_name: e.agency_name,
                actor_name: names.get(&e.actor_id).cloned().unwrap_or_default(),
                actor_id: e.actor_id,
                kind: e.kind,
                detail: e.detail,
            });
        }
        Ok(out)
    }

    /// Adds a person; victim identity (and of other protected roles) is stored only sealed.
    pub async fn add_case_person(
        &self,
        actor: &Actor,
        case_id: &str,
        new: NewCasePerson,
    ) -> Result<String, AppError> {
        let id = self.atomically(async |app| {
            actor.require(Permission::ManageCases)?;
            app.visible_case(actor, case_id).await?;
            let role: PersonRole = parse_code("role", &new.role)?;
            let name = required("name", &new.name)?;
            let nik = match new.nik.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(n) => Some(
                    match sinergi_domain::nik::Nik::parse(n) {
                        Err(e) if e.is_region_warning() && new.nik_region_accepted => {
                            sinergi_domain::nik::Nik::parse_accepting_unknown_region(n)
                        }
                        Err(e) if e.is_region_warning() => {
                            return Err(AppError::invalid(
                                "nik",
                                "nik_region_unknown",
                                "the NIK's region code is in no code list; check the KTP and accept",
                            ));
                        }
                        other => other,
                    }
                    .map_err(|_| AppError::invalid("nik", "invalid_nik", "not a valid NIK"))?
                    .to_string(),
                ),
                None => None,
            };
            let phone = match new
                .phone
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                Some(p) => Some(
                    sinergi_domain::phone::Phone::parse(p)
                        .map_err(|_| {
                            AppError::invalid("phone", "invalid_phone", "not a phone number")
                        })?
                        .e164()
                        .to_string(),
                ),
                None => None,
            };
            let investigator = match (&role, new.investigator.as_deref()) {
                (PersonRole::Suspect, Some(i)) if !i.is_empty() => {
                    Some(parse_code::<legal::Investigator>("investigator", i)?)
                }
                _ => None,
            };
            let seal = |v: &Option<String>, f: Field| -> Result<Option<Vec<u8>>, AppError> {
                v.as_deref().map(|s| app.vault.seal(f, s)).transpose()
            };
            let protected = role.protected_identity();
            let row = CasePerson {
                id: new_id(),
                case_id: case_id.to_string(),
                role,
                name: if protected { None } else { Some(name.clone()) },
                name_enc: if protected {
                    Some(app.vault.seal(Field::VictimIdentity, &name)?)
                } else {
                    None
                },
                nik_enc: seal(&nik, Field::Nik)?,
                nik_idx: nik.as_deref().map(|n| app.vault.index(Field::Nik, n)),
                phone_enc: seal(&phone, Field::Phone)?,
                phone_idx: phone.as_deref().map(|p| app.vault.index(Field::Phone, p)),
                address_enc: if protected {
                    seal(&new.address, Field::VictimIdentity)?
                } else {
                    None
                },
                birth_date: match new.birth_date.as_deref().filter(|s| !s.is_empty()) {
                    Some(d) => Some(parse_date("birth_date", d)?),
                    None => None,
                },
                investigator,
                added_at: app.now_ms(),
                alias: match new.alias.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    Some(a) if !protected => Some(a.to_string()),
                    _ => None,
                },
                alias_enc: match new.alias.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    Some(a) if protected => Some(app.vault.seal(Field::VictimIdentity, a)?),
                    _ => None,
                },
            };
            app.store.insert_case_person(&row).await?;
            app.case_event(
                actor,
                case_id,
                "case.add_person",
                &format!("{} {}", row.role, row.id),
            )
            .await?;
            Ok(row.id)
        })
        .await?;
        // Screening sees the new person at once (a suspect's phone, a recruiter's name); the
        // job tick would catch up within 30 s anyway, so a failure here is only logged.
        if let Err(e) = self.index_catch_up().await {
            tracing::warn!(error = %e, "screening index catch-up after a case person");
        }
        Ok(id)
    }

    /// Adds an organisation (P3MI, company) or a place.
    pub async fn add_case_entity(
        &self,
        actor: &Actor,
        case_id: &str,
        kind: &str,
        name: &str,
        detail: &str,
    ) -> Result<(), AppError> {
        self.atomically(async |app| {
            actor.require(Permission::ManageCases)?;
            app.visible_case(actor, case_id).await?;
            let kind: EntityKind = kind.parse().map_err(|_| {
                AppError::invalid("entity_kind", "invalid_code", "p3mi, company or place")
            })?;
            let id = new_id();
            app.store
                .insert_entity(&CaseEntity {
                    id: id.clone(),
                    case_id: case_id.into(),
                    kind,
                    name: required("name", name)?,
                    detail: detail.trim().into(),
                    added_at: app.now_ms(),
                })
                .await?;
            app.case_event(actor, case_id, "case.add_entity", &format!("{kind} {id}"))
                .await
        })
        .await
    }

    /// Links a passport screening (the application's id, as the picker gives it) to a case: an
    /// application Imigrasi may see, or one reported to the actor's agency. An unknown id is
    /// refused, so a link always leads to a record.
    pub async fn link_screening(
        &self,
        actor: &Actor,
        case_id: &str,
        screening_id: &str,
    ) -> Result<(), AppError> {
        self.atomically(async |app| {
            if !actor.can(Permission::ManageCases) && !actor.can(Permission::ScreenApplicants) {
                return Err(AppError::Forbidden);
            }
            app.visible_case(actor, case_id).await?;
            let sid = required("screening_id", screening_id)?;
            if !app.may_link_applicant(actor, &sid).await? {
                return Err(AppError::invalid(
                    "screening_id",
                    "screening_unknown",
                    "no screening you may link has this reference",
                ));
            }
            app.store
                .link_case(case_id, LinkKind::Screening, &sid, app.now_ms())
                .await?;
            app.case_event(actor, case_id, "case.link_screening", &sid)
                .await
        })
        .await
    }

    /// Stores an attachment under `data_dir/cases/<case>/<id>` after checking size and type
    /// from its content.
    pub async fn add_attachment(
        &self,
        actor: &Actor,
        case_id: &str,
        data_dir: &Path,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<String, AppError> {
        self.atomically(async |app| {
            actor.require(Permission::ManageCases)?;
            app.visible_case(actor, case_id).await?;
            let content_type = attachment_type(bytes)
                .map_err(|e| AppError::invalid("file", "invalid_attachment", e.to_string()))?;
            let safe: String = file_name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                .take(100)
                .collect();
            let id = new_id();
            let rel = format!("cases/{case_id}/{id}");
            let dir = data_dir.join("cases").join(case_id);
            std::fs::create_dir_all(&dir)
                .map_err(|e| AppError::Internal(format!("attachment dir: {e}")))?;
            std::fs::write(dir.join(&id), bytes)
                .map_err(|e| AppError::Internal(format!("attachment write: {e}")))?;
            let sha = crate::audit::hex(&Sha256::digest(bytes));
            app.store
                .insert_attachment(&Attachment {
                    id: id.clone(),
                    case_id: case_id.into(),
                    file_name: if safe.is_empty() { "file".into() } else { safe },
                    content_type: content_type.into(),
                    size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                    sha256: sha,
                    path: rel,
                    added_by: actor.user.id.clone(),
                    added_at: app.now_ms(),
                })
                .await?;
            app.case_event(actor, case_id, "case.attach", &id).await?;
            Ok(id)
        })
        .await
    }

    /// An attachment for download: (file name, content type, bytes), for whoever may read the
    /// case (a break-glass grant included). The file must still have the hash recorded at upload;
    /// a file changed on disk is refused. Every download is in the audit trail.
    pub async fn read_attachment(
        &self,
        actor: &Actor,
        case_id: &str,
        attachment_id: &str,
        data_dir: &Path,
    ) -> Result<(String, String, Vec<u8>), AppError> {
        self.readable_case(actor, case_id).await?;
        let a = self
            .store
            .case_attachments(case_id)
            .await?
            .into_iter()
            .find(|a| a.id == attachment_id)
            .ok_or(AppError::NotFound)?;
        let bytes = std::fs::read(data_dir.join(&a.path)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => AppError::NotFound,
            _ => AppError::Internal(format!("attachment read: {e}")),
        })?;
        if crate::audit::hex(&Sha256::digest(&bytes)) != a.sha256 {
            return Err(AppError::Internal("attachment changed on disk".into()));
        }
        self.audit(
            &actor.origin(),
            "case.attachment_read",
            case_id,
            attachment_id,
        )
        .await?;
        Ok((a.file_name, a.content_type, bytes))
    }

    /// Records a victim's consent to share their data for `purpose`.
    pub async fn record_victim_consent(
        &self,
        actor: &Actor,
        person_id: &str,
        purpose: &str,
        given_on: &str,
    ) -> Result<(), AppError> {
        self.atomically(async |app| {
            actor.require(Permission::ManageCases)?;
            let p = app
                .store
                .case_person(person_id)
                .await?
                .ok_or(AppError::NotFound)?;
            app.visible_case(actor, &p.case_id).await?;
            let day = parse_date("given_on", given_on)?;
            let id = new_id();
            app.store
                .insert_case_consent(
                    &id,
                    person_id,
                    required("purpose", purpose)?.as_str(),
                    &date_text(day),
                    &actor.user.id,
                    app.now_ms(),
                )
                .await?;
            app.case_event(
                actor,
                &p.case_id,
                "case.consent",
                &format!("{person_id} {purpose}"),
            )
            .await
        })
        .await
    }
}
