//! The legal process per suspect: steps, charges and verdict.

use super::*;

impl App {
    pub(super) async fn suspect_for(
        &self,
        actor: &Actor,
        person_id: &str,
    ) -> Result<(Case, CasePerson), AppError> {
        actor.require(Permission::RecordLegalSteps)?;
        let p = self
            .store
            .case_person(person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let case = self.visible_case(actor, &p.case_id).await?;
        if p.role != PersonRole::Suspect {
            return Err(AppError::invalid(
                "person_id",
                "not_a_suspect",
                "only suspects have a legal process",
            ));
        }
        Ok((case, p))
    }

    pub(super) fn history_of(
        steps: &[LegalStep],
        person_id: &str,
    ) -> Result<Vec<Transition>, AppError> {
        steps
            .iter()
            .filter(|s| s.person_id == person_id)
            .map(|s| {
                Ok(Transition {
                    to: s.stage,
                    on: s.on_date,
                    document_no: s.document_no.clone(),
                    office: s.office.clone(),
                })
            })
            .collect()
    }

    /// Records the next legal stage of a suspect (checked by the state machine).
    pub async fn record_legal_step(
        &self,
        actor: &Actor,
        person_id: &str,
        new: NewLegalStep,
    ) -> Result<Stage, AppError> {
        self.atomically(async |app| {
            let (case, _p) = app.suspect_for(actor, person_id).await?;
            let steps = app.store.legal_steps_for_case(&case.id).await?;
            let history = Self::history_of(&steps, person_id)?;
            let t = Transition {
                to: parse_code("stage", &new.stage)?,
                on: parse_date("on", &new.on)?,
                document_no: new.document_no.trim().into(),
                office: new.office.trim().into(),
            };
            legal::check(&history, &t)
                .map_err(|e| AppError::invalid("stage", "invalid_transition", e.to_string()))?;
            app.store
                .insert_legal_step(&LegalStep {
                    id: new_id(),
                    case_id: case.id.clone(),
                    person_id: person_id.into(),
                    seq: i64::try_from(history.len()).unwrap_or(i64::MAX) + 1,
                    stage: t.to,
                    on_date: t.on,
                    document_no: t.document_no.clone(),
                    office: t.office.clone(),
                    recorded_by: actor.user.id.clone(),
                    recorded_at: app.now_ms(),
                })
                .await
                .map_err(|e| match e {
                    sinergi_store::StoreError::Conflict(_) => {
                        AppError::Conflict("legal_step_changed")
                    }
                    e => e.into(),
                })?;
            app.case_event(
                actor,
                &case.id,
                "legal.step",
                &format!("{person_id} {} {}", t.to.code(), date_text(t.on)),
            )
            .await?;
            for a in app.store.case_agencies(&case.id).await? {
                if a != actor.user.agency_code {
                    app.notify(&a, NotificationKind::LegalStage, &case.id, t.to.code())
                        .await?;
                }
            }
            Ok(t.to)
        })
        .await
    }

    /// Sets the charges of a suspect (older flat form); see [`App::set_indictment`].
    pub async fn set_charges(
        &self,
        actor: &Actor,
        person_id: &str,
        sheet: ChargeSheet,
        offence_on: &str,
    ) -> Result<String, AppError> {
        self.set_indictment(actor, person_id, Indictment::from(sheet), offence_on)
            .await
    }

    /// Sets the charges of a suspect from the text a prosecutor writes
    /// (`Primair: Pasal 4 jo Pasal 10 UU 21/2007 jo Pasal 55 ayat (1) ke-1 KUHP; Subsidair: …`).
    pub async fn set_charges_text(
        &self,
        actor: &Actor,
        person_id: &str,
        text: &str,
        offence_on: &str,
    ) -> Result<String, AppError> {
        // Who may charge this suspect is decided before the text is read.
        self.suspect_for(actor, person_id).await?;
        let i = Indictment::parse(text)
            .map_err(|e| AppError::invalid("charges", "invalid_charges", e.to_string()))?;
        self.set_indictment(actor, person_id, i, offence_on).await
    }

    /// Sets the charges of a suspect. Articles in the reference table must be in force on the
    /// offence date; articles it does not know are accepted (their penalty is not shown).
    pub async fn set_indictment(
        &self,
        actor: &Actor,
        person_id: &str,
        sheet: Indictment,
        offence_on: &str,
    ) -> Result<String, AppError> {
        self.atomically(async |app| {
            let (case, _) = app.suspect_for(actor, person_id).await?;
            let day = parse_date("offence_on", offence_on)?;
            if sheet.counts().is_empty() || sheet.counts().iter().any(|c| c.is_empty()) {
                return Err(AppError::invalid(
                    "charges",
                    "invalid_charges",
                    "a charge needs at least one article per count",
                ));
            }
            let check = sheet.check_against(&articles()?, day);
            if let Some(c) = check.not_in_force.first() {
                return Err(AppError::invalid(
                    "charges",
                    "invalid_charges",
                    format!(
                        "Pasal {} {} is not in force on the offence date",
                        c.article, c.law
                    ),
                ));
            }
            let existing = app
                .store
                .charges_for_case(&case.id)
                .await?
                .into_iter()
                .find(|c| c.person_id == person_id);
            app.store
                .upsert_charges(&Charges {
                    person_id: person_id.into(),
                    case_id: case.id.clone(),
                    sheet: sheet.clone(),
                    offence_on: day,
                    verdict: existing.and_then(|c| c.verdict),
                    updated_at: app.now_ms(),
                })
                .await?;
            let rendered = sheet.render();
            app.case_event(
                actor,
                &case.id,
                "legal.charges",
                &format!("{person_id} {rendered}"),
            )
            .await?;
            Ok(rendered)
        })
        .await
    }

    /// Records the verdict (sentence, fine, restitution) of a suspect with charges.
    pub async fn set_verdict(
        &self,
        actor: &Actor,
        person_id: &str,
        verdict: Verdict,
    ) -> Result<(), AppError> {
        self.atomically(async |app| {
            let (case, _) = app.suspect_for(actor, person_id).await?;
            let mut c = app
                .store
                .charges_for_case(&case.id)
                .await?
                .into_iter()
                .find(|c| c.person_id == person_id)
                .ok_or(AppError::invalid(
                    "verdict",
                    "charges_first",
                    "record the charges first",
                ))?;
            let detail = format!("{person_id} {}", verdict.number);
            c.verdict = Some(verdict);
            c.updated_at = app.now_ms();
            app.store.upsert_charges(&c).await?;
            app.case_event(actor, &case.id, "legal.verdict", &detail)
                .await
        })
        .await
    }

    pub(super) async fn legal_progress(
        &self,
        case: &Case,
        people: &[PersonView],
    ) -> Result<Vec<SuspectProgress>, AppError> {
        let steps = self.store.legal_steps_for_case(&case.id).await?;
        let charges = self.store.charges_for_case(&case.id).await?;
        let today = self.today();
        let mut out = Vec::new();
        for p in people.iter().filter(|p| p.role == PersonRole::Suspect) {
            let h = Self::history_of(&steps, &p.id)?;
            // The main stage: side steps (praperadilan, restitution, PK) do not move it.
            let last = h.iter().rev().find(|t| !t.to.is_side());
            let regime = sinergi_domain::cases::process::regime_for(&h).0;
            let ch = charges.iter().find(|c| c.person_id == p.id);
            out.push(SuspectProgress {
                person_id: p.id.clone(),
                name: p.name.clone(),
                stage: last.map(|t| t.to),
                phase: last.map(|t| t.to.phase()).unwrap_or(0),
                since: last.map(|t| date_text(t.on)),
                stalled: last.is_some_and(|t| t.to.stalled(t.on, today)),
                p19_rounds: legal::p19_rounds(&h),
                regime,
                deadlines: sinergi_domain::cases::process::deadlines(&h, regime, today)
                    .into_iter()
                    .map(|d| {
                        let due = sinergi_domain::dates::format_id(d.due);
                        (d.rule.code.as_str(), due, d.overdue)
                    })
                    .collect(),
                steps: h
                    .iter()
                    .map(|t| {
                        (
                            t.to,
                            date_text(t.on),
                            t.document_no.clone(),
                            t.office.clone(),
                        )
                    })
                    .collect(),
                charges: ch.map(|c| c.sheet.render()),
                verdict: ch.and_then(|c| c.verdict.clone()),
            });
        }
        Ok(out)
    }
}
