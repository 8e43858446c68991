//! The automatic checks and the explained score of one application. Hits carry typed targets
//! (the web layer makes links of them) and what the matched record is, as codes.

use super::config::{p3mi_licensed, rules};
use super::index::{EntryKind, IndexFields, parse_entry_id};
use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::prevention::{
    Applicant, ApplicationStatus, Document, Evidence, Facts, Hit, HitAbout, HitTarget, NikNote,
    Screening, Verdict, WatchlistKind, WorkType,
};
use sinergi_store::prevention::ApplicantKey;

/// Probability from which an index hit on an ordinary record (person, earlier application) is
/// shown to the officer.
pub const SHOW_FROM: f64 = 0.5;
/// For the high-consequence lists (watchlist, people in cases) a possible match is shown for
/// the officer to confirm or dismiss as soon as the names agree this strongly (bits of
/// evidence), even when the name alone is too little for a high probability; it adds to the
/// score only at probability ≥ 0.5 or once an officer confirms it.
pub const SHOW_LIST_NAME_BITS: f64 = 6.0;

fn exact(field: &str) -> Vec<Evidence> {
    vec![Evidence {
        field: field.into(),
        level: "exact".into(),
        bits: None,
    }]
}

impl App {
    /// The key under which hit verdicts of this person are kept: the NIK's blind index, or the
    /// application id when there is no NIK.
    pub(crate) fn subject_key(a: &Applicant) -> String {
        a.nik
            .as_ref()
            .map_or_else(|| format!("a:{}", a.id), |n| n.index.clone())
    }

    /// Only the office that holds an application changes it (screening, interview, verdicts,
    /// decisions); other offices read it.
    pub(crate) fn require_holder(actor: &Actor, a: &Applicant) -> Result<(), AppError> {
        if a.office_code == actor.user.agency_code {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Runs every check on an application held by the actor's office and stores the explained
    /// score with its audit row, in one transaction (needs `ScreenApplicants`). The officer
    /// decides; this only advises.
    pub async fn screen_applicant(&self, actor: &Actor, id: &str) -> Result<Screening, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        self.ensure_prevention_index().await?;
        self.atomically(async |app| {
            let a = app.store.applicant(id).await?.ok_or(AppError::NotFound)?;
            app.screen_loaded(actor, &a).await
        })
        .await
    }

    /// Screens an application already loaded (inside the caller's transaction): checks, score,
    /// save, audit. The caller has opened the prevention index.
    pub(crate) async fn screen_loaded(
        &self,
        actor: &Actor,
        a: &Applicant,
    ) -> Result<Screening, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        Self::require_holder(actor, a)?;
        let _timer = self.ops.time_screening();
        let rules = rules()?;
        let indicators = self.indicators().await?;
        let today = self.clock.now_wib().date();
        let fields = self.applicant_fields(a)?;
        let verdicts = self.store.hit_verdicts(&Self::subject_key(a)).await?;
        let verdict_of = |key: &str| verdicts.iter().find(|(e, _)| e == key).map(|(_, v)| *v);

        // Index: watchlist, earlier applicants (every office), person records, case people.
        // The watchlist is read once per screening (hits and recruiter phones both use it).
        let watch = self.store.watchlist().await?;
        let mut recruiter_link = false;
        let mut hits: Vec<Hit> = Vec::new();
        let mut watchlist_score: f64 = 0.0;
        let mut earlier_deferral = false;
        for h in self.index_search(&fields, 10).await? {
            let Some((kind, rid)) = parse_entry_id(&h.entry_id) else {
                continue;
            };
            let name_bits = h
                .explanation
                .fields
                .iter()
                .find(|f| f.field == "full_name")
                .map_or(0.0, |f| f.weight + f.tf_adjustment);
            let shown = match kind {
                EntryKind::Watchlist | EntryKind::CasePerson => {
                    h.score >= SHOW_FROM || name_bits >= SHOW_LIST_NAME_BITS
                }
                EntryKind::Applicant | EntryKind::Person => h.score >= SHOW_FROM,
            };
            if !shown || (kind == EntryKind::Applicant && rid == a.id) {
                continue;
            }
            let verdict = verdict_of(&h.entry_id);
            if verdict == Some(Verdict::FalseMatch) {
                continue;
            }
            let confirmed = verdict == Some(Verdict::Confirmed);
            let evidence = h
                .explanation
                .fields
                .iter()
                .map(|f| Evidence {
                    field: f.field.clone(),
                    level: f.level.to_string(),
                    bits: Some(f.weight + f.tf_adjustment),
                })
                .collect();
            let (target, about, name) = match kind {
                EntryKind::Watchlist => {
                    let Some(w) = watch.iter().find(|w| w.id == rid) else {
                        continue;
                    };
                    watchlist_score = watchlist_score.max(if confirmed { 1.0 } else { h.score });
                    (
                        HitTarget::Watchlist { id: w.id.clone() },
                        HitAbout::Listed {
                            kind: w.kind,
                            reason: w.reason.clone(),
                        },
                        w.full_name.clone(),
                    )
                }
                EntryKind::Applicant => {
                    let Some(e) = self.store.applicant(rid).await? else {
                        continue;
                    };
                    if e.status.held_back() && h.score >= 0.8 {
                        earlier_deferral = true;
                    }
                    (
                        HitTarget::Applicant { id: e.id },
                        HitAbout::Application {
                            office: e.office_code,
                            status: e.status,
                            destination: e.destination,
                        },
                        e.full_name,
                    )
                }
                EntryKind::Person => {
                    let Some(p) = self.store.person(rid).await? else {
                        continue;
                    };
                    (
                        HitTarget::Person { id: p.id },
                        HitAbout::Record {
                            source: p.source.to_string(),
                        },
                        p.full_name,
                    )
                }
                EntryKind::CasePerson => {
                    let Some(p) = self.store.case_person(rid).await? else {
                        continue;
                    };
                    let Some(c) = self.store.case(&p.case_id).await? else {
                        continue;
                    };
                    // Need to know: the case is named and referenced only for agencies that may
                    // read it; others learn that a case exists and whom to ask (the lead).
                    let visible = c.lead_agency == actor.user.agency_code
                        || self
                            .store
                            .case_agencies(&c.id)
                            .await?
                            .contains(&actor.user.agency_code);
                    if matches!(
                        p.role,
                        sinergi_domain::cases::PersonRole::Suspect
                            | sinergi_domain::cases::PersonRole::Recruiter
                    ) && (h.score >= 0.8 || confirmed)
                    {
                        recruiter_link = true;
                    }
                    (
                        HitTarget::CasePerson {
                            id: p.id.clone(),
                            case_id: visible.then(|| c.id.clone()),
                        },
                        HitAbout::InCase {
                            role: p.role,
                            lead_agency: c.lead_agency.clone(),
                            case_number: visible.then(|| c.number.clone()),
                        },
                        p.name.unwrap_or_default(),
                    )
                }
            };
            hits.push(Hit {
                target,
                about,
                name,
                probability: h.score,
                evidence,
                verdict,
            });
        }
        // Exact identifier links to earlier applications (NIK or passport at any office).
        for (key, sealed, field) in [
            (ApplicantKey::Nik, &a.nik, "nik"),
            (ApplicantKey::Passport, &a.passport, "passport"),
        ] {
            let Some(sealed) = sealed else { continue };
            for e in self.store.applicants_by(key, &sealed.index).await? {
                let target = HitTarget::Applicant { id: e.id.clone() };
                let k = target.key();
                if e.id == a.id || hits.iter().any(|h| h.target.key() == k) {
                    continue;
                }
                let verdict = verdict_of(&k);
                if verdict == Some(Verdict::FalseMatch) {
                    continue;
                }
                if e.status.held_back() {
                    earlier_deferral = true;
                }
                hits.push(Hit {
                    target,
                    about: HitAbout::Application {
                        office: e.office_code,
                        status: e.status,
                        destination: e.destination,
                    },
                    name: e.full_name,
                    probability: 1.0,
                    evidence: exact(field),
                    verdict,
                });
            }
        }
        // Recruiter links: the sponsor's or the applicant's phone is a watchlisted recruiter's,
        // a case suspect's or recruiter's, or the sponsor phone recurs on applications
        // deferred or refused before.
        let phones: Vec<&str> = [&a.sponsor_phone, &a.phone]
            .into_iter()
            .flatten()
            .map(|s| s.index.as_str())
            .collect();
        for idx in &phones {
            for w in watch.iter().filter(|w| {
                w.kind == WatchlistKind::Recruiter
                    && w.status.in_use()
                    && w.phone.as_ref().is_some_and(|p| p.index == *idx)
            }) {
                let target = HitTarget::RecruiterPhone { id: w.id.clone() };
                let k = target.key();
                let verdict = verdict_of(&k);
                if verdict == Some(Verdict::FalseMatch) {
                    continue;
                }
                recruiter_link = true;
                if !hits.iter().any(|h| h.target.key() == k) {
                    hits.push(Hit {
                        target,
                        about: HitAbout::Listed {
                            kind: w.kind,
                            reason: w.reason.clone(),
                        },
                        name: w.full_name.clone(),
                        probability: 1.0,
                        evidence: exact("phone"),
                        verdict,
                    });
                }
            }
            if self
                .store
                .case_people_by_phone_idx(idx)
                .await?
                .iter()
                .any(|p| {
                    matches!(
                        p.role,
                        sinergi_domain::cases::PersonRole::Suspect
                            | sinergi_domain::cases::PersonRole::Recruiter
                    )
                })
            {
                recruiter_link = true;
            }
        }
        // The sponsor phone: two earlier adverse decisions link it to a recruiter; several other
        // applications still waiting for a decision sharing it is a (weaker) indicator of its own.
        let mut sponsor_phone_shared = false;
        if let Some(sp) = &a.sponsor_phone {
            let earlier = self
                .store
                .applicants_by(ApplicantKey::SponsorPhone, &sp.index)
                .await?;
            let others = earlier.iter().filter(|e| e.id != a.id);
            if others.clone().filter(|e| e.status.held_back()).count() >= 2 {
                recruiter_link = true;
            }
            let pending = others
                .filter(|e| e.status == ApplicationStatus::New)
                .count();
            sponsor_phone_shared =
                rules.sponsor_min_other_pending > 0 && pending >= rules.sponsor_min_other_pending;
        }

        // NIK consistency with the stated data (the NIK is parsed once, here). Where the NIK
        // was issued is never scored.
        let nik_notes: Vec<NikNote> = fields
            .nik
            .as_deref()
            .and_then(|t| sinergi_domain::nik::Nik::parse_accepting_unknown_region(t).ok())
            .map(|n| {
                let stated = sinergi_domain::nik::Stated {
                    birth_date: a.birth_date,
                    sex: a.sex,
                    region_code: None,
                };
                n.check_against(&stated).iter().map(NikNote::of).collect()
            })
            .unwrap_or_default();
        let nik_inconsistent = nik_notes.iter().any(|n| !n.is_informative());
        let under_work_age = a.birth_date.is_some_and(|b| rules.under_work_age(b, today));

        let work_type = a.interview.work_type;
        let shown: Vec<String> = a.documents.iter().map(|d| d.code().to_string()).collect();
        let missing =
            rules.missing_documents(Some(a.purpose), a.interview.work_intent, &shown, today);
        let documents = |codes: Vec<String>| -> Result<Vec<Document>, AppError> {
            let mut out: Vec<Document> = Vec::new();
            for code in codes {
                let d = Document::from_code(&code)
                    .ok_or_else(|| AppError::Internal(format!("rules name document `{code}`")))?;
                if !out.contains(&d) {
                    out.push(d);
                }
            }
            Ok(out)
        };
        let missing_documents = documents(missing.counted())?;
        let advisory_documents = documents(missing.advisory.clone())?;
        let facts = Facts {
            purpose: Some(a.purpose),
            destination: a.destination.clone(),
            work_type,
            interview_work_intent: a.interview.work_intent,
            job_offer: a.interview.job_offer,
            agency_licensed: a.agency_name.as_deref().is_some_and(p3mi_licensed),
            agency_name: a.agency_name.clone(),
            documents: shown,
            missing,
            nik_inconsistent,
            under_work_age,
            sponsor_phone_shared,
            watchlist_score,
            recruiter_link,
            earlier_deferral,
            moratorium: !rules
                .moratoria_for(&a.destination, work_type, today)
                .is_empty()
                && rules.domestic_moratorium(&a.destination, today)
                && work_type == Some(WorkType::Domestic),
            scam_sector: rules.total_ban(&a.destination, today),
        };
        hits.sort_by(|x, y| y.probability.total_cmp(&x.probability));
        let screening = Screening {
            score: indicators.score(&facts),
            rules_version: rules.version.clone(),
            hits,
            nik_notes,
            missing_documents,
            advisory_documents,
        };
        self.store.save_screening(&a.id, &screening).await?;
        // Keep the index current: this application is now an "earlier applicant" for others.
        self.index_upsert(&format!("a:{}", a.id), &fields);
        self.audit(
            &actor.origin(),
            "applicant.screen",
            &a.id,
            &format!(
                "score={} hits={}",
                screening.score.total,
                screening.hits.len()
            ),
        )
        .await?;
        Ok(screening)
    }

    /// Screens an in-memory query against the index only (benchmarks: no database writes).
    pub fn bench_screen(&self, f: &IndexFields) -> usize {
        self.prevention
            .index
            .read()
            .map(|g| g.as_ref().map(|i| i.search(f, 10).len()).unwrap_or(0))
            .unwrap_or(0)
    }
}
