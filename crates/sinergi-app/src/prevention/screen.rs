//! The automatic checks and the explained score of one application.

use super::config::{p3mi_licensed, rules};
use super::index::{EntryKind, IndexFields, parse_entry_id};
use crate::auth::Actor;

use crate::{App, AppError};
use serde::{Deserialize, Serialize};
use sinergi_domain::access::Permission;
use sinergi_domain::prevention::{Facts, Purpose, Score, WorkType};
use sinergi_store::prevention::{ApplicantKey, ApplicantRow};

/// Probability from which an index hit on an ordinary record (person, earlier application) is
/// shown to the officer.
pub const SHOW_FROM: f64 = 0.5;
/// For the high-consequence lists (watchlist, people in cases) a possible match is shown for
/// the officer to confirm or dismiss as soon as the names agree this strongly (bits of
/// evidence), even when the name alone is too little for a high probability; it adds to the
/// score only at probability ≥ 0.5 or once an officer confirms it.
pub const SHOW_LIST_NAME_BITS: f64 = 6.0;

/// One hit as the officer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HitView {
    /// `w:…` watchlist, `a:…` earlier applicant, `p:…` person record, `r:…` recruiter phone link.
    pub entry_ref: String,
    /// `watchlist`, `applicant`, `person`, `recruiter_phone`.
    pub kind: String,
    /// What the entry is (office and status for an applicant, reason for a watchlist entry).
    pub label: String,
    /// Name on the entry.
    pub name: String,
    /// Match probability 0-1 (1 for exact identifier links).
    pub probability: f64,
    /// Per-field explanation, e.g. `full_name=one typo(+7.2)`.
    pub explanation: Vec<String>,
    /// Link to the earlier record, when there is a page for it.
    pub link: Option<String>,
    /// `confirmed` once an officer confirmed it.
    pub verdict: Option<String>,
}

/// The result of screening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Screening {
    /// Score with its contributions (and the indicator version).
    pub score: Score,
    /// Rules version used.
    pub rules_version: String,
    /// The hits shown (false matches removed).
    pub hits: Vec<HitView>,
    /// NIK discrepancies in Indonesian.
    pub nik_notes: Vec<String>,
    /// Documents the purpose requires that were not shown.
    pub missing_documents: Vec<String>,
}

impl App {
    /// The key under which hit verdicts of this person are kept: the NIK's blind index, or the
    /// application id when there is no NIK.
    pub(crate) fn subject_key(a: &ApplicantRow) -> String {
        a.nik_idx.clone().unwrap_or_else(|| format!("a:{}", a.id))
    }

    /// Runs every check on an application and stores the explained score (needs
    /// `ScreenApplicants`). The officer decides; this only advises.
    pub async fn screen_applicant(&self, actor: &Actor, id: &str) -> Result<Screening, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        let a = self.store.applicant(id).await?.ok_or(AppError::NotFound)?;
        let rules = rules()?;
        let indicators = self.indicators().await?;
        let today = self.clock.now_wib().date();
        let fields = self.applicant_fields(&a)?;

        let verdicts = self.store.hit_verdicts(&Self::subject_key(&a)).await?;
        let verdict_of = |r: &str| {
            verdicts
                .iter()
                .find(|(e, _)| e == r)
                .map(|(_, v)| v.clone())
        };

        // Index: watchlist, earlier applicants (every office), person records, case people.
        // The watchlist is read once per screening (hits and recruiter phones both use it).
        let watch = self.store.watchlist().await?;
        let mut recruiter_link = false;
        let mut hits = Vec::new();
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
            if !shown {
                continue;
            }
            let confirmed = verdict_of(&h.entry_id).as_deref() == Some("confirmed");
            if kind == EntryKind::Applicant && rid == a.id {
                continue;
            }
            let verdict = verdict_of(&h.entry_id);
            if verdict.as_deref() == Some("false_match") {
                continue;
            }
            let explanation = h
                .explanation
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{}={}({:+.1})",
                        f.field,
                        f.level,
                        f.weight + f.tf_adjustment
                    )
                })
                .collect();
            let (kind_s, label, name, link) = match kind {
                EntryKind::Watchlist => {
                    let w = watch.iter().find(|w| w.id == rid).cloned();
                    watchlist_score = watchlist_score.max(if confirmed { 1.0 } else { h.score });
                    match w {
                        Some(w) => (
                            "watchlist",
                            format!("{}: {}", w.kind, w.reason),
                            w.full_name,
                            None,
                        ),
                        None => continue,
                    }
                }
                EntryKind::Applicant => {
                    let Some(e) = self.store.applicant(rid).await? else {
                        continue;
                    };
                    if matches!(e.status.as_str(), "deferred" | "refused" | "lapsed")
                        && h.score >= 0.8
                    {
                        earlier_deferral = true;
                    }
                    (
                        "applicant",
                        format!(
                            "{} · {} · {}",
                            self.agency_name_today(&e.office_code).await,
                            e.status,
                            e.destination
                        ),
                        e.full_name,
                        Some(format!("/prevention/{}", e.id)),
                    )
                }
                EntryKind::Person => {
                    let Some(p) = self.store.person(rid).await? else {
                        continue;
                    };
                    ("person", p.source.to_string(), p.full_name, None)
                }
                EntryKind::CasePerson => {
                    let Some(p) = self.store.case_person(rid).await? else {
                        continue;
                    };
                    let Some(c) = self.store.case(&p.case_id).await? else {
                        continue;
                    };
                    // Need to know: the case is named and linked only for agencies that may
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
                    let lead = self.agency_name_today(&c.lead_agency).await;
                    (
                        "case_person",
                        if visible {
                            format!("{} · {} · {}", c.number, p.role, lead)
                        } else {
                            format!("{} · {}", p.role, lead)
                        },
                        p.name.unwrap_or_default(),
                        visible.then(|| format!("/kasus/{}", c.id)),
                    )
                }
            };
            hits.push(HitView {
                entry_ref: h.entry_id.clone(),
                kind: kind_s.into(),
                label,
                name,
                probability: h.score,
                explanation,
                link,
                verdict,
            });
        }
        // Exact identifier links to earlier applications (NIK or passport at any office).
        for (key, idx) in [
            (ApplicantKey::Nik, &a.nik_idx),
            (ApplicantKey::Passport, &a.passport_idx),
        ] {
            let Some(idx) = idx else { continue };
            for e in self.store.applicants_by(key, idx).await? {
                let r = format!("a:{}", e.id);
                if e.id == a.id || hits.iter().any(|h| h.entry_ref == r) {
                    continue;
                }
                if verdict_of(&r).as_deref() == Some("false_match") {
                    continue;
                }
                if matches!(e.status.as_str(), "deferred" | "refused" | "lapsed") {
                    earlier_deferral = true;
                }
                hits.push(HitView {
                    entry_ref: r.clone(),
                    kind: "applicant".into(),
                    label: format!(
                        "{} · {} · {}",
                        self.agency_name_today(&e.office_code).await,
                        e.status,
                        e.destination
                    ),
                    name: e.full_name,
                    probability: 1.0,
                    explanation: vec![format!(
                        "{}=exact",
                        if key == ApplicantKey::Nik {
                            "nik"
                        } else {
                            "passport"
                        }
                    )],
                    link: Some(format!("/prevention/{}", e.id)),
                    verdict: verdict_of(&r),
                });
            }
        }
        // Recruiter links: the sponsor's or the applicant's phone is a watchlisted recruiter's,
        // or the sponsor phone recurs on applications deferred or refused before.
        for phone_idx in [&a.sponsor_phone_idx, &a.phone_idx].into_iter().flatten() {
            for w in watch.iter().filter(|w| {
                w.kind == "recruiter"
                    && matches!(w.status.as_str(), "active" | "removal_proposed")
                    && w.phone_idx.as_ref() == Some(phone_idx)
            }) {
                let r = format!("r:{}", w.id);
                if verdict_of(&r).as_deref() == Some("false_match") {
                    continue;
                }
                recruiter_link = true;
                if !hits.iter().any(|h| h.entry_ref == r) {
                    hits.push(HitView {
                        entry_ref: r.clone(),
                        kind: "recruiter_phone".into(),
                        label: format!("recruiter: {}", w.reason),
                        name: w.full_name.clone(),
                        probability: 1.0,
                        explanation: vec!["phone=exact".into()],
                        link: None,
                        verdict: verdict_of(&r),
                    });
                }
            }
        }
        // A case's suspect or recruiter with the same phone as the sponsor or the applicant.
        let phones: Vec<&String> = [&a.sponsor_phone_idx, &a.phone_idx]
            .into_iter()
            .flatten()
            .collect();
        for idx in phones {
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
        if let Some(sp) = &a.sponsor_phone_idx {
            let earlier = self
                .store
                .applicants_by(ApplicantKey::SponsorPhone, sp)
                .await?;
            let flagged = earlier
                .iter()
                .filter(|e| {
                    e.id != a.id && matches!(e.status.as_str(), "deferred" | "refused" | "lapsed")
                })
                .count();
            if flagged >= 2 {
                recruiter_link = true;
            }
        }

        // NIK consistency with the stated data.
        let mut nik_inconsistent = false;
        let mut nik_notes = Vec::new();
        let mut far_from_home = false;
        if let Some(nik) = &fields.nik
            && let Ok(n) = sinergi_domain::nik::Nik::parse(nik)
        {
            let stated = sinergi_domain::nik::Stated {
                birth_date: a
                    .birth_date
                    .as_deref()
                    .and_then(|d| sinergi_domain::dates::parse_date(d, today.year()).ok()),
                sex: a.sex.as_deref().and_then(|s| s.parse().ok()),
                region_code: None,
            };
            for d in n.check_against(&stated) {
                if !d.is_informative() {
                    nik_inconsistent = true;
                }
                nik_notes.push(d.message_id());
            }
            let office_province = self
                .store
                .agency(&a.office_code)
                .await
                .ok()
                .and_then(|o| o.region_code)
                .and_then(|r| r.get(..2).map(str::to_string));
            let nik_province = n.region_code().to_string().get(..2).map(str::to_string);
            far_from_home = office_province.is_some() && nik_province != office_province;
        }

        let purpose: Option<Purpose> = a.purpose.parse().ok();
        let work_type = match a.work_type.as_deref() {
            Some("domestic") => Some(WorkType::Domestic),
            Some(_) => Some(WorkType::Other),
            None => None,
        };
        let shown: Vec<String> = a
            .documents
            .split(',')
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect();
        let mut required = purpose
            .map(|p| rules.required_documents(p, today))
            .unwrap_or_default();
        if a.work_intent == 1 && purpose != Some(Purpose::Work) {
            required.extend(rules.required_documents(Purpose::Work, today));
        }
        let missing_documents: Vec<String> = required
            .into_iter()
            .filter(|d| !shown.contains(d))
            .collect();
        let facts = Facts {
            purpose,
            destination: a.destination.clone(),
            work_type,
            interview_work_intent: a.work_intent == 1,
            job_offer: a.job_offer == 1,
            agency_licensed: a.agency_name.as_deref().is_some_and(p3mi_licensed),
            agency_name: a.agency_name.clone(),
            documents: shown,
            missing_documents: missing_documents.clone(),
            nik_inconsistent,
            far_from_home,
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
        let score = indicators.score(&facts);
        hits.sort_by(|x, y| y.probability.total_cmp(&x.probability));
        let screening = Screening {
            score,
            rules_version: rules.version.clone(),
            hits,
            nik_notes,
            missing_documents,
        };
        let score_json = serde_json::to_string(&screening)
            .map_err(|e| AppError::Internal(format!("screening json: {e}")))?;
        self.store
            .save_screening(
                &a.id,
                screening.score.total,
                &score_json,
                "[]",
                screening.score.indicator_version,
                &screening.rules_version,
            )
            .await?;
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
