//! The case page (`/kasus/{id}`) as labelled sections: summary, people, the legal process per
//! suspect, referrals, victim assistance, links, history in sentences. Every form picks people,
//! stages, agencies and codes from lists with labels; nobody types an id or a code. A form the
//! app refuses re-renders the page with the typed input kept and the message beside the form.

use super::case_forms::CaseForm;
use super::history::{Names, narrate};
use super::pages::{dmy, dmy_date, wib};
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::SignedIn;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use sinergi_domain::access::Permission;
use sinergi_domain::cases::PersonRole;
use sinergi_domain::cases::assistance::{Outcome, Service};
use sinergi_domain::cases::case_record::LinkKind;
use sinergi_domain::cases::charges::Verdict;
use sinergi_domain::cases::legal::{Stage, allowed_next};
use std::collections::HashMap;

/// A choice in a picker: (value sent, label shown).
type Choice = (String, String);

/// One person line.
pub(crate) struct PersonLine {
    id: String,
    role: &'static str,
    role_code: &'static str,
    name: String,
    masked: bool,
    nik: Option<String>,
    phone: Option<String>,
    alias: Option<String>,
    /// Whether the person's network may be opened (not for protected identities).
    network: bool,
}

/// A link of the case as a person reads it.
pub(crate) struct LinkLine {
    kind: &'static str,
    label: String,
    on: String,
    href: Option<String>,
}

/// `?cari_skrining=` on the case page: Imigrasi's search for a screening to link.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct DetailQuery {
    cari_skrining: String,
}

/// The legal process of one suspect.
pub(crate) struct SuspectCard {
    id: String,
    name: String,
    stage: String,
    since: String,
    stalled: bool,
    regime: &'static str,
    p19_rounds: usize,
    /// (what is due, by when, overdue).
    deadlines: Vec<(&'static str, String, bool)>,
    /// (stage, date, document number, office).
    steps: Vec<(&'static str, String, String, String)>,
    charges: Option<String>,
    verdict: Option<String>,
    /// The stages that may be recorded next.
    next: Vec<Choice>,
}

/// A form the app refused: which form, and why.
pub(crate) struct FormErr {
    form: &'static str,
    message: &'static str,
}

impl FormErr {
    /// The refusal of `form` with its message.
    pub(super) fn new(form: &'static str, message: &'static str) -> FormErr {
        FormErr { form, message }
    }
}

/// `templates/cases/detail.html`.
#[derive(Template, WebTemplate)]
#[template(path = "cases/detail.html")]
pub(crate) struct DetailPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    id: String,
    number: String,
    title: String,
    kind: &'static str,
    lead: String,
    regime: &'static str,
    status: &'static str,
    started: String,
    shared: Vec<String>,
    people: Vec<PersonLine>,
    suspects: Vec<SuspectCard>,
    victims: Vec<Choice>,
    /// (from, to, purpose, state, state code, due).
    referrals: Vec<(
        String,
        String,
        &'static str,
        &'static str,
        &'static str,
        String,
    )>,
    /// (service, agency, start, end, outcome, SIMFONI number).
    assistance: Vec<(&'static str, String, String, String, &'static str, String)>,
    links: Vec<LinkLine>,
    /// Meetings of the viewer's agency that may be linked: (id, "title · date").
    meetings: Vec<Choice>,
    /// Screenings the viewer may link: (application id, "name · birth date · status · office").
    screenings: Vec<Choice>,
    /// Whether the viewer searches every screening (Imigrasi) rather than picking from the
    /// applicants reported to the agency.
    screening_search: bool,
    /// The search as typed.
    screening_query: String,
    /// (id, file name, type, size in KB).
    attachments: Vec<(String, String, String, String)>,
    /// (when, who, agency, sentence).
    history: Vec<(String, String, String, String)>,
    roles: Vec<Choice>,
    investigators: Vec<Choice>,
    agencies: Vec<Choice>,
    purposes: Vec<Choice>,
    services: Vec<Choice>,
    outcomes: Vec<Choice>,
    can_manage: bool,
    can_legal: bool,
    can_refer: bool,
    can_assist: bool,
    break_glass_until: Option<String>,
    err: Option<FormErr>,
    input: CaseForm,
}

impl DetailPage {
    /// The message for `form`, if that form was refused.
    fn error_of(&self, form: &str) -> Option<&'static str> {
        self.err
            .as_ref()
            .filter(|e| e.form == form)
            .map(|e| e.message)
    }

    /// What was typed into `field` of `form` before it was refused (empty otherwise).
    fn val(&self, form: &str, field: &str) -> &str {
        if self.error_of(form).is_none() {
            return "";
        }
        let f = &self.input;
        match field {
            "role" => &f.role,
            "name" => &f.name,
            "nik" => &f.nik,
            "phone" => &f.phone,
            "birth_date" => &f.birth_date,
            "address" => &f.address,
            "investigator" => &f.investigator,
            "screening_id" => &f.screening_id,
            "person_id" => &f.person_id,
            "purpose" => &f.purpose,
            "given_on" => &f.given_on,
            "to_agency" => &f.to_agency,
            "reason" => &f.reason,
            "due_on" => &f.due_on,
            "override_reason" => &f.override_reason,
            "stage" => &f.stage,
            "on" => &f.on,
            "document_no" => &f.document_no,
            "office" => &f.office,
            "charges" => &f.charges,
            "offence_on" => &f.offence_on,
            "number" => &f.number,
            "sentence_months" => &f.sentence_months,
            "fine" => &f.fine,
            "restitution" => &f.restitution,
            "service" => &f.service,
            "started_on" => &f.started_on,
            "ended_on" => &f.ended_on,
            "outcome" => &f.outcome,
            "simfoni_no" => &f.simfoni_no,
            "alias" => &f.alias,
            "meeting_id" => &f.meeting_id,
            _ => "",
        }
    }

    /// Whether `value` was the choice made in `field` of `form` before it was refused.
    fn chosen(&self, form: &str, field: &str, value: &str) -> bool {
        self.val(form, field) == value
    }
}

/// Rupiah with dots: `120.000.000`.
fn rupiah(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn verdict_text(lang: Lang, v: &Verdict) -> String {
    format!(
        "{} · {} {} · {} Rp{} · {} Rp{}",
        v.number,
        v.sentence_months,
        lang.t("months"),
        lang.t("verdict_fine"),
        rupiah(v.fine),
        lang.t("verdict_restitution"),
        rupiah(v.restitution)
    )
}

fn choices<T: Copy>(
    lang: Lang,
    group: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| {
            (
                code(*v).to_string(),
                lang.label(group, code(*v)).to_string(),
            )
        })
        .collect()
}

/// Builds the case page for `signed`, with a refused form's message and input if any.
pub(super) async fn detail_page(
    s: &AppState,
    lang: Lang,
    signed: &SignedIn,
    id: &str,
    err: Option<FormErr>,
    input: CaseForm,
) -> Result<DetailPage, WebError> {
    detail_page_with(s, lang, signed, id, err, input, DetailQuery::default()).await
}

/// The case page with a screening search as typed.
async fn detail_page_with(
    s: &AppState,
    lang: Lang,
    signed: &SignedIn,
    id: &str,
    err: Option<FormErr>,
    input: CaseForm,
    query: DetailQuery,
) -> Result<DetailPage, WebError> {
    let c = s.app.case_detail(&signed.actor, id).await?;
    let actor = &signed.actor;
    let can_manage = actor.can(Permission::ManageCases);
    let screening_search = actor.can(Permission::ScreenApplicants);
    let q = query.cari_skrining.trim().to_string();
    let screenings = if !can_manage || (screening_search && q.chars().count() < 3) {
        Vec::new()
    } else {
        match s.app.linkable_screenings(actor, id, &q).await {
            Ok(found) => found,
            Err(sinergi_app::AppError::Invalid { .. }) => Vec::new(),
            Err(e) => return Err(e.into()),
        }
    };
    let meetings = if can_manage || actor.can(Permission::ManageMeetings) {
        s.app.my_meetings(actor).await?
    } else {
        Vec::new()
    };
    let agency_names = super::pages::agency_names(s).await?;
    let agency = |code: &str| agency_names.get(code).cloned().unwrap_or_default();
    let person_names: HashMap<String, String> = c
        .people
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let names = Names {
        people: &person_names,
        agencies: &agency_names,
    };
    let history = c
        .timeline
        .iter()
        .map(|t| {
            (
                wib(t.at),
                t.actor_name.clone(),
                t.agency_name.clone(),
                narrate(lang, &t.kind, &t.detail, &names),
            )
        })
        .collect();
    let suspects = c
        .legal
        .iter()
        .map(|p| SuspectCard {
            id: p.person_id.clone(),
            name: p.name.clone(),
            stage: p
                .stage
                .map(|st| lang.label("stage", st.code()).to_string())
                .unwrap_or_else(|| lang.t("stage_none").to_string()),
            since: p.since.as_deref().map(dmy).unwrap_or_default(),
            stalled: p.stalled,
            regime: lang.label("regime", p.regime.code()),
            p19_rounds: p.p19_rounds,
            deadlines: p
                .deadlines
                .iter()
                .map(|(code, due, overdue)| (lang.t(code), due.clone(), *overdue))
                .collect(),
            steps: p
                .steps
                .iter()
                .map(|(st, on, doc, office)| {
                    (
                        lang.label("stage", st.code()),
                        dmy(on),
                        doc.clone(),
                        office.clone(),
                    )
                })
                .collect(),
            charges: p.charges.clone(),
            verdict: p.verdict.as_ref().map(|v| verdict_text(lang, v)),
            next: allowed_next(p.stage)
                .into_iter()
                .map(|st: Stage| {
                    (
                        st.code().to_string(),
                        lang.label("stage", st.code()).to_string(),
                    )
                })
                .collect(),
        })
        .collect();
    let mut agencies: Vec<Choice> = agency_names
        .iter()
        .filter(|(code, _)| **code != signed.actor.user.agency_code)
        .map(|(code, name)| (code.clone(), name.clone()))
        .collect();
    agencies.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(DetailPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        number: c.number.clone(),
        title: c.title.clone(),
        kind: lang.label("case_kind", c.kind.code()),
        lead: agency(&c.lead_agency),
        regime: lang.label("regime", c.regime.code()),
        status: lang.label("case_status", c.status.code()),
        started: dmy(&c.started_on),
        shared: c.agencies.iter().map(|a| agency(a)).collect(),
        people: c
            .people
            .iter()
            .map(|p| PersonLine {
                id: p.id.clone(),
                role: lang.label("person_role", p.role.code()),
                role_code: p.role.code(),
                name: p.name.clone(),
                masked: p.masked,
                nik: p.nik.clone(),
                phone: p.phone.clone(),
                alias: p.alias.clone(),
                network: !p.masked && !p.role.protected_identity(),
            })
            .collect(),
        victims: c
            .people
            .iter()
            .filter(|p| p.role == PersonRole::Victim)
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect(),
        suspects,
        referrals: c
            .referrals
            .iter()
            .map(|(_, from, to, purpose, state, due)| {
                let state_code: &'static str = sinergi_domain::cases::referral::ReferralState::ALL
                    .iter()
                    .find(|s| s.code() == state)
                    .map(|s| s.code())
                    .unwrap_or("in_progress");
                (
                    agency(from),
                    agency(to),
                    lang.label("purpose", purpose),
                    lang.label("referral_state", state),
                    state_code,
                    wib(*due),
                )
            })
            .collect(),
        assistance: c
            .assistance
            .iter()
            .map(|(service, by, start, end, outcome, simfoni)| {
                (
                    lang.label("service", service),
                    agency(by),
                    dmy(start),
                    end.as_deref().map(dmy).unwrap_or_default(),
                    lang.label("outcome", outcome),
                    simfoni.clone().unwrap_or_default(),
                )
            })
            .collect(),
        links: c
            .links
            .iter()
            .map(|l| LinkLine {
                kind: lang.label("link_kind", l.kind.code()),
                label: l.label.clone(),
                on: l.on.map(dmy_date).unwrap_or_default(),
                href: match (l.openable, l.kind) {
                    (false, _) => None,
                    (true, LinkKind::Screening) => Some(format!("/prevention/{}", l.ref_id)),
                    (true, LinkKind::Meeting) => Some(format!("/kasus/rapat#rapat-{}", l.ref_id)),
                    (true, LinkKind::Tip) => None,
                },
            })
            .collect(),
        meetings: meetings
            .iter()
            .map(|m| {
                (
                    m.id.clone(),
                    format!("{} · {}", m.title, dmy_date(m.held_on)),
                )
            })
            .collect(),
        screenings: screenings
            .iter()
            .map(|sc| {
                let mut label = sc.name.clone();
                if let Some(b) = sc.birth_date {
                    label.push_str(&format!(" · {}", dmy_date(b)));
                }
                label.push_str(&format!(
                    " · {} · {}",
                    lang.t(crate::prevention::present::status_key(sc.status)),
                    agency(&sc.office_code)
                ));
                (sc.applicant_id.clone(), label)
            })
            .collect(),
        screening_search,
        screening_query: q,
        attachments: c
            .attachments
            .iter()
            .map(|(aid, name, kind, size)| {
                let kind = kind.rsplit('/').next().unwrap_or("").to_uppercase();
                (
                    aid.clone(),
                    name.clone(),
                    kind,
                    format!("{}", (size + 1023) / 1024),
                )
            })
            .collect(),
        history,
        roles: choices(lang, "person_role", PersonRole::ALL, |r| r.code()),
        investigators: choices(
            lang,
            "investigator",
            sinergi_domain::cases::legal::Investigator::ALL,
            |r| r.code(),
        ),
        agencies,
        purposes: [
            "victim_assistance",
            "investigation",
            "prosecution",
            "coordination",
            "lead_transfer",
        ]
        .iter()
        .map(|p| (p.to_string(), lang.label("purpose", p).to_string()))
        .collect(),
        services: choices(lang, "service", Service::ALL, |v| v.code()),
        outcomes: choices(lang, "outcome", Outcome::ALL, |v| v.code()),
        can_manage,
        can_legal: signed.actor.can(Permission::RecordLegalSteps),
        can_refer: signed.actor.can(Permission::HandleReferrals),
        can_assist: signed.actor.can(Permission::RecordAssistance),
        break_glass_until: c.break_glass_until.map(wib),
        id: c.id,
        err,
        input,
    })
}

/// A record's reference as an officer reads it: the first block of an id, upper case.
pub(crate) fn short_ref(id: &str) -> String {
    if super::history::looks_like_id(id) {
        id.split('-').next().unwrap_or(id).to_uppercase()
    } else {
        id.to_string()
    }
}

/// `GET /kasus/{id}`.
pub(crate) async fn detail(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<DetailQuery>,
) -> Result<DetailPage, WebError> {
    detail_page_with(&s, lang, &signed, &id, None, CaseForm::default(), query).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_as_written() {
        assert_eq!(rupiah(120_000_000), "120.000.000");
        assert_eq!(rupiah(500), "500");
    }
}
