//! The applicant page (`/prevention/{id}`): facts, the explained score, hits with verdict
//! buttons, the interview and decision forms, referrals and history; and the printable
//! deferral notice (`/prevention/{id}/notice`). Every form calls one use case and returns here.

use super::CsrfForm;
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::prevention::present::{
    HitLine, Line, applicant_href, band_key, date_text, decision_key, destination_text,
    documents_text, hit_lines, lines, nik_note_text, purpose_key, referral_status_key, sex_text,
    status_key,
};
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::AppError;
use sinergi_app::prevention::decide::REFERRAL_KINDS;
use sinergi_app::prevention::{DecisionInput, Interview};
use sinergi_domain::access::Permission;
use sinergi_domain::clock::{format_wib, from_millis};
use sinergi_domain::prevention::{ApplicationStatus, Decision};

/// One contribution line.
pub(crate) struct Part {
    code: String,
    weight: i64,
    text: String,
}

/// The decision as shown.
pub(crate) struct Decided {
    label: &'static str,
    deferral: bool,
    reason: String,
    at: String,
    deadline: Option<String>,
}

/// `templates/prevention/applicant.html`.
#[derive(Template, WebTemplate)]
#[template(path = "prevention/applicant.html")]
pub(crate) struct ApplicantPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    id: String,
    name: String,
    facts: Vec<(&'static str, String)>,
    status: &'static str,
    score: Option<i64>,
    band: &'static str,
    parts: Vec<Part>,
    versions: Option<(i64, String)>,
    hits: Vec<HitLine>,
    nik_notes: Vec<String>,
    missing: String,
    decision: Option<Decided>,
    referrals: Vec<(String, &'static str)>,
    history: Vec<Line>,
    referral_targets: Vec<(String, String)>,
    can_screen: bool,
    can_decide: bool,
    holder: bool,
    open: bool,
    deferred: bool,
    /// The report of this applicant to the police: (receipt code, status), if made.
    police_report: Option<(String, &'static str)>,
    /// Whether the officer may report the applicant to the police now.
    can_report: bool,
    error: Option<&'static str>,
}

async fn page(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    id: &str,
    error: Option<&'static str>,
) -> Result<ApplicantPage, WebError> {
    let app = &state.app;
    let view = app.open_applicant(&signed.actor, id).await?;
    let a = &view.applicant;
    let police_report = if signed.actor.can(Permission::ScreenApplicants) {
        app.applicant_police_report(&signed.actor, id).await?
    } else {
        None
    };
    let mut referrals = Vec::new();
    for r in &view.referrals {
        referrals.push((
            app.agency_name_today(&r.to_agency).await,
            lang.t(referral_status_key(r.status)),
        ));
    }
    let today = app.clock().now_wib().date();
    let referral_targets = app
        .agencies()
        .await?
        .into_iter()
        .filter(|g| REFERRAL_KINDS.contains(&g.kind))
        .map(|g| (g.code.clone(), g.name_on(today).to_string()))
        .collect();
    let facts = vec![
        (
            "prevention_nik",
            a.nik.as_ref().map_or("–".into(), |_| {
                lang.t("prevention_nik_sealed").to_string()
            }),
        ),
        ("prevention_birth_date", date_text(a.birth_date)),
        ("prevention_sex", sex_text(a.sex)),
        ("prevention_purpose", lang.t(purpose_key(a.purpose)).into()),
        (
            "prevention_destination",
            destination_text(lang, &a.destination),
        ),
        ("prevention_departure", date_text(a.departure_date)),
        (
            "prevention_sponsor",
            a.sponsor_name.clone().unwrap_or_else(|| "–".into()),
        ),
        (
            "prevention_agency",
            a.agency_name.clone().unwrap_or_else(|| "–".into()),
        ),
        ("prevention_documents", documents_text(lang, &a.documents)),
        (
            "prevention_office",
            app.agency_name_today(&a.office_code).await,
        ),
        ("prevention_created", format_wib(from_millis(a.created_at))),
    ];
    let decision = a.decision.as_ref().map(|d| Decided {
        label: lang.t(decision_key(d.decision)),
        deferral: d.decision == Decision::Defer,
        reason: d.reason.clone(),
        at: format_wib(from_millis(d.at)),
        deadline: d.deadline.map(|x| date_text(Some(x))),
    });
    let s = a.screening.as_ref();
    Ok(ApplicantPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        id: a.id.clone(),
        name: a.full_name.clone(),
        facts,
        status: status_key(a.status),
        score: s.map(|s| s.score.total),
        band: s.map_or("", |s| lang.t(band_key(s.band()))),
        parts: s
            .map(|s| {
                s.score
                    .contributions
                    .iter()
                    .map(|c| Part {
                        code: c.code.clone(),
                        weight: c.weight,
                        text: {
                            let t = if lang.is_id() { &c.id } else { &c.en };
                            match &c.same_fact_as {
                                Some(_) => format!("{t} ({})", lang.t("indicator_same_fact")),
                                None => t.clone(),
                            }
                        },
                    })
                    .collect()
            })
            .unwrap_or_default(),
        // The rules version is the date of the rule table: shown dd/mm/yyyy.
        versions: s.map(|s| {
            (
                s.score.indicator_version,
                crate::cases::dmy(&s.rules_version),
            )
        }),
        hits: match s {
            Some(s) => hit_lines(app, lang, &s.hits).await,
            None => Vec::new(),
        },
        nik_notes: s
            .map(|s| s.nik_notes.iter().map(|n| nik_note_text(lang, n)).collect())
            .unwrap_or_default(),
        missing: s
            .filter(|s| !s.missing_documents.is_empty())
            .map(|s| documents_text(lang, &s.missing_documents))
            .unwrap_or_default(),
        decision,
        referrals,
        history: lines(app, lang, &view.history).await,
        referral_targets,
        can_screen: signed.actor.can(Permission::ScreenApplicants) && view.holder,
        can_decide: signed.actor.can(Permission::DecideApplicants) && view.holder,
        holder: view.holder,
        open: a.status == ApplicationStatus::New,
        deferred: a.status == ApplicationStatus::Deferred,
        can_report: signed.actor.can(Permission::DecideApplicants)
            && view.holder
            && a.status.held_back()
            && police_report.is_none(),
        police_report: police_report
            .map(|(receipt, status, _)| (receipt, lang.label("tip_status", status.code()))),
        error,
    })
}

/// `GET /prevention/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<ApplicantPage, WebError> {
    page(&state, lang, &signed, &id, None).await
}

/// After a form: back to the page, or the page with the error of an invalid or refused input.
async fn back_or_error<T>(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    id: &str,
    result: Result<T, AppError>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&applicant_href(id)).into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            Ok(page(state, lang, signed, id, Some(lang.t(e.key())))
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /prevention/{id}/interview`: checkboxes repeat `documents`; a form without any
/// `documents` field keeps the documents recorded at intake.
pub(crate) async fn interview(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    body: String,
) -> Result<Response, WebError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(&body).map_err(|_| WebError::BadRequest)?;
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    check_csrf(&signed.actor, &get("csrf_token"))?;
    let docs: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "documents")
        .map(|(_, v)| v.as_str())
        .collect();
    let iv = Interview {
        work_type: get("work_type"),
        work_intent: get("work_intent") == "1",
        job_offer: get("job_offer") == "1",
        agency_name: get("agency_name"),
        documents: (!docs.is_empty()).then(|| docs.join(",")),
        notes: get("notes"),
    };
    let r = state.app.record_interview(&signed.actor, &id, &iv).await;
    back_or_error(&state, lang, &signed, &id, r).await
}

/// The hit verdict form.
#[derive(serde::Deserialize)]
pub(crate) struct HitForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    entry: String,
    #[serde(default)]
    verdict: String,
}

/// `POST /prevention/{id}/hits`.
pub(crate) async fn hit(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    form: Result<Form<HitForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    let r = state
        .app
        .judge_hit(&signed.actor, &id, &form.entry, &form.verdict)
        .await;
    back_or_error(&state, lang, &signed, &id, r).await
}

/// The decision form.
#[derive(serde::Deserialize)]
pub(crate) struct DecisionForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    refer_to: String,
}

/// `POST /prevention/{id}/decision`.
pub(crate) async fn decide(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    form: Result<Form<DecisionForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    let input = DecisionInput {
        decision: form.decision,
        reason: form.reason,
        days: form.days.trim().parse().ok(),
        refer_to: form.refer_to,
    };
    let r = state.app.decide_applicant(&signed.actor, &id, &input).await;
    back_or_error(&state, lang, &signed, &id, r).await
}

/// `POST /prevention/{id}/documents-arrived`.
pub(crate) async fn documents_arrived(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    let r = state.app.documents_arrived(&signed.actor, &id).await;
    back_or_error(&state, lang, &signed, &id, r).await
}

/// The police-report form: the officer's note on why the applicant looks like a PMI-NP.
#[derive(serde::Deserialize)]
pub(crate) struct PoliceReportForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    note: String,
}

/// `POST /prevention/{id}/police-report`: Imigrasi reports a deferred or refused applicant to
/// the police, who may open a case from it.
pub(crate) async fn police_report(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    form: Result<Form<PoliceReportForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    let r = state
        .app
        .report_applicant_to_police(&signed.actor, &id, &form.note)
        .await;
    back_or_error(&state, lang, &signed, &id, r).await
}

/// `templates/prevention/notice.html`: a printable page of its own (no menu).
#[derive(Template, WebTemplate)]
#[template(path = "prevention/notice.html")]
pub(crate) struct NoticePage {
    pub(super) lang: Lang,
    pub(super) nav: Option<Nav>,
    pub(super) office: String,
    pub(super) name: String,
    pub(super) birth_date: String,
    pub(super) purpose: &'static str,
    pub(super) destination: String,
    pub(super) reason: String,
    pub(super) missing: Vec<&'static str>,
    pub(super) deadline: String,
    pub(super) referred_to: Option<String>,
    pub(super) reference: String,
    pub(super) letterhead: Vec<String>,
    /// `Malang, 7 Desember 2026`.
    pub(super) place_date: String,
    pub(super) officer: String,
}

/// `GET /prevention/{id}/notice`.
pub(crate) async fn notice(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<NoticePage, WebError> {
    notice_page(&state, lang, &signed, &id).await
}

/// The deferral notice's content, for the page and the PDF.
pub(super) async fn notice_page(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    id: &str,
) -> Result<NoticePage, WebError> {
    if !(signed.actor.can(Permission::ScreenApplicants)
        || signed.actor.can(Permission::HandleReferrals))
    {
        return Err(AppError::Forbidden.into());
    }
    let n = state.app.deferral_notice(&signed.actor, id).await?;
    let a = &n.applicant;
    Ok(NoticePage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        office: n.office_name.clone(),
        name: a.full_name.clone(),
        birth_date: date_text(a.birth_date),
        purpose: lang.t(purpose_key(a.purpose)),
        destination: destination_text(lang, &a.destination),
        reason: n.decision.reason.clone(),
        missing: n
            .decision
            .missing
            .iter()
            .map(|d| lang.label("document", d.code()))
            .collect(),
        deadline: date_text(n.decision.deadline),
        referred_to: n.referred_to.clone(),
        reference: n.number.clone(),
        letterhead: n.letterhead.lines.clone(),
        place_date: {
            let day = if lang.is_id() {
                sinergi_domain::dates::format_long_id(n.decided_on)
            } else {
                sinergi_domain::dates::format_id(n.decided_on)
            };
            if n.letterhead.place.is_empty() {
                day
            } else {
                format!("{}, {day}", n.letterhead.place)
            }
        },
        officer: n.officer.clone(),
    })
}
