//! A case opened from another agency's record: Imigrasi reports an applicant it deferred or
//! refused as a likely PMI-NP to the police (a tip of channel "agency" that names the office and
//! the applicant), the police open a case from that tip, and the case starts with the screening
//! linked and the applicant as the person to protect (identity sealed, as for every victim).
//!
//! The legal ground is the duty of a civil servant to report a crime learnt of in the course of
//! duty (KUHAP 1981 Pasal 108 ayat (3); see `data/cases/forwarding.toml`); what crosses to the
//! police is what the case needs: name, NIK, phone, birth date and the sponsor as reported.

use super::*;
use sinergi_domain::cases::tip_record::TipSource;
use sinergi_domain::prevention::Applicant;

/// A passport screening an officer may link to a case, as the picker shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkableScreening {
    /// The application's id.
    pub applicant_id: String,
    /// The applicant's name (masked without `ViewVictimIdentity` for readers outside Imigrasi).
    pub name: String,
    /// Birth date, if recorded.
    pub birth_date: Option<Date>,
    /// Where the application stands.
    pub status: sinergi_domain::prevention::ApplicationStatus,
    /// The office that holds it.
    pub office_code: String,
}

/// A link of a case as a person reads it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkView {
    /// What is linked.
    pub kind: LinkKind,
    /// The linked record's id (used only in URLs).
    pub ref_id: String,
    /// What a person reads: an applicant's name, a tip's receipt code, a meeting's title and
    /// date, or the reference as typed for older links.
    pub label: String,
    /// The meeting's date, for a meeting.
    pub on: Option<Date>,
    /// Whether the viewer may open the linked record's own page.
    pub openable: bool,
}

impl App {
    /// Imigrasi reports an applicant it deferred or refused to the police as a tip (channel
    /// "agency"): the tip names the office and the applicant, carries the sponsor as the reported
    /// recruiter and the officer's note (sealed). One open report per applicant. Returns the
    /// tip's receipt code.
    pub async fn report_applicant_to_police(
        &self,
        actor: &Actor,
        applicant_id: &str,
        note: &str,
    ) -> Result<String, AppError> {
        actor.require(Permission::DecideApplicants)?;
        let note = required("note", note)?;
        let a = self
            .store
            .applicant(applicant_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if a.office_code != actor.user.agency_code {
            return Err(AppError::NotFound);
        }
        if !a.status.held_back() {
            return Err(AppError::invalid(
                "applicant",
                "report_needs_deferral",
                "only a deferred or refused application can be reported",
            ));
        }
        let earlier = self.store.tips_from_applicant(applicant_id).await?;
        if earlier
            .iter()
            .any(|t| t.status.is_open() || t.case_id.is_some())
        {
            return Err(AppError::Conflict("already_reported"));
        }
        let now = self.now_ms();
        let mut random = [0u8; 10];
        getrandom::fill(&mut random).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
        let receipt = receipt_code(&random);
        let kind = CaseKind::PmiNp;
        let severity = Severity::Ordinary;
        let tip = Tip {
            id: new_id(),
            receipt: receipt.clone(),
            channel: TipChannel::Agency,
            kind,
            severity,
            consent: false,
            region_code: a.region_code.as_ref().map(|r| r.chars().take(4).collect()),
            suspect_name: a.sponsor_name.clone().filter(|s| !s.trim().is_empty()),
            suspect_phone_idx: a.sponsor_phone.as_ref().map(|p| p.index.clone()),
            narrative_sealed: Some(self.vault.seal(Field::VictimIdentity, &note)?),
            reporter_contact_sealed: None,
            status: TipStatus::Received,
            assigned_agency: None,
            duplicate_of: None,
            case_id: None,
            received_at: now,
            escalate_at: forwarding_policy().escalation_deadline(severity, now),
            escalated: false,
            updated_at: now,
            source: Some(TipSource {
                agency: actor.user.agency_code.clone(),
                applicant_id: Some(a.id.clone()),
            }),
            close_reason_sealed: None,
        };
        let police: Vec<String> = self
            .store
            .agencies()
            .await?
            .into_iter()
            .filter(|ag| ag.kind == AgencyKind::Polri)
            .map(|ag| ag.code)
            .collect();
        self.atomically(async |app| {
            app.store.insert_tip(&tip).await?;
            app.audit(&actor.origin(), "tip.report_applicant", &tip.id, &a.id)
                .await?;
            for code in &police {
                app.notify(
                    code,
                    NotificationKind::TipAssigned,
                    &tip.id,
                    severity.code(),
                )
                .await?;
            }
            Ok(())
        })
        .await?;
        Ok(receipt)
    }

    /// The police report made about an applicant, if any: (receipt, status, case id).
    pub async fn applicant_police_report(
        &self,
        actor: &Actor,
        applicant_id: &str,
    ) -> Result<Option<(String, TipStatus, Option<String>)>, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        Ok(self
            .store
            .tips_from_applicant(applicant_id)
            .await?
            .into_iter()
            .next()
            .map(|t| (t.receipt, t.status, t.case_id)))
    }

    /// When a case is opened from an agency's report about an applicant: links the screening
    /// and adds the applicant as the person to protect, in the caller's transaction.
    pub(super) async fn take_over_reported_applicant(
        &self,
        actor: &Actor,
        case_id: &str,
        tip: &Tip,
        now: i64,
    ) -> Result<(), AppError> {
        let Some(applicant_id) = tip.source.as_ref().and_then(|s| s.applicant_id.as_deref()) else {
            return Ok(());
        };
        let Some(a) = self.store.applicant(applicant_id).await? else {
            return Ok(());
        };
        self.store
            .link_case(case_id, LinkKind::Screening, &a.id, now)
            .await?;
        self.case_event(actor, case_id, "case.link_screening", &a.id)
            .await?;
        let person = CasePerson {
            name: None,
            name_enc: Some(self.vault.seal(Field::VictimIdentity, &a.full_name)?),
            nik_enc: a.nik.as_ref().map(|s| s.sealed.clone()),
            nik_idx: a.nik.as_ref().map(|s| s.index.clone()),
            phone_enc: a.phone.as_ref().map(|s| s.sealed.clone()),
            phone_idx: a.phone.as_ref().map(|s| s.index.clone()),
            address_enc: a
                .address
                .as_deref()
                .map(|s| self.vault.seal(Field::VictimIdentity, s))
                .transpose()?,
            birth_date: a.birth_date,
            ..CasePerson::named(
                new_id(),
                case_id.to_string(),
                PersonRole::Victim,
                String::new(),
                now,
            )
        };
        self.store.insert_case_person(&person).await?;
        self.case_event(
            actor,
            case_id,
            "case.add_person",
            &format!("{} {}", person.role, person.id),
        )
        .await
    }

    /// Screenings the actor may link to a case: Imigrasi searches every application (by name,
    /// NIK or passport number); other agencies see only the applicants reported to them.
    pub async fn linkable_screenings(
        &self,
        actor: &Actor,
        case_id: &str,
        q: &str,
    ) -> Result<Vec<LinkableScreening>, AppError> {
        actor.require(Permission::ManageCases)?;
        self.visible_case(actor, case_id).await?;
        let found: Vec<Applicant> = if actor.can(Permission::ScreenApplicants) {
            self.search_applicants(actor, q).await?
        } else {
            self.reported_applicants(actor).await?
        };
        let may =
            actor.can(Permission::ViewVictimIdentity) || actor.can(Permission::ScreenApplicants);
        Ok(found
            .into_iter()
            .map(|a| LinkableScreening {
                name: if may {
                    a.full_name.clone()
                } else {
                    mask_name(&a.full_name)
                },
                applicant_id: a.id,
                birth_date: a.birth_date,
                status: a.status,
                office_code: a.office_code,
            })
            .collect())
    }

    /// The applicants named in agency reports that the actor's agency holds.
    async fn reported_applicants(&self, actor: &Actor) -> Result<Vec<Applicant>, AppError> {
        let policy = forwarding_policy();
        let kind = self.agency_kind_of(actor).await?;
        let mut out = Vec::new();
        for t in self.store.tips(1000).await? {
            if !t.held_by(&policy, &actor.user.agency_code, kind) {
                continue;
            }
            if let Some(id) = t.source.as_ref().and_then(|s| s.applicant_id.as_deref())
                && let Some(a) = self.store.applicant(id).await?
                && !out.iter().any(|o: &Applicant| o.id == a.id)
            {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// Whether the actor may link this application: Imigrasi always, others only an applicant
    /// reported to their agency.
    pub(super) async fn may_link_applicant(
        &self,
        actor: &Actor,
        applicant_id: &str,
    ) -> Result<bool, AppError> {
        if actor.can(Permission::ScreenApplicants) {
            return Ok(self.store.applicant(applicant_id).await?.is_some());
        }
        Ok(self
            .reported_applicants(actor)
            .await?
            .iter()
            .any(|a| a.id == applicant_id))
    }

    /// The links of a case in words for this viewer.
    pub(super) async fn link_views(
        &self,
        actor: &Actor,
        case_id: &str,
    ) -> Result<Vec<LinkView>, AppError> {
        let may_name =
            actor.can(Permission::ViewVictimIdentity) || actor.can(Permission::ScreenApplicants);
        let mut out = Vec::new();
        for l in self.store.case_links(case_id).await? {
            let mut on = None;
            let (label, openable) = match l.kind {
                LinkKind::Screening => match self.store.applicant(&l.ref_id).await? {
                    Some(a) => (
                        if may_name {
                            a.full_name
                        } else {
                            mask_name(&a.full_name)
                        },
                        actor.can(Permission::ScreenApplicants),
                    ),
                    None => (l.ref_id.clone(), false),
                },
                LinkKind::Tip => match self.store.tip(&l.ref_id).await? {
                    Some(t) => (t.receipt, false),
                    None => (String::new(), false),
                },
                LinkKind::Meeting => match self.store.meeting(&l.ref_id).await? {
                    Some(m) => {
                        on = Some(m.held_on);
                        (m.title, actor.can(Permission::Coordinate))
                    }
                    None => (String::new(), false),
                },
            };
            out.push(LinkView {
                kind: l.kind,
                ref_id: l.ref_id,
                label,
                on,
                openable,
            });
        }
        Ok(out)
    }
}
