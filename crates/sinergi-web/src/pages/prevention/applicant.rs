//! The applicant page (`/prevention/{id}`): facts, the explained score, hits with verdict
//! buttons, the interview and decision forms, referrals and history; and the printable
//! deferral notice (`/prevention/{id}/notice`).

use super::{CsrfForm, Line, status_key};
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::App;
use sinergi_app::AppError;
use sinergi_app::prevention::decide::{DecisionInput, Interview, REFERRAL_KINDS};
use sinergi_app::prevention::{HitView, Screening};
use sinergi_domain::access::Permission;
use sinergi_domain::clock::{format_wib, from_millis};
use sinergi_domain::dates::format_id;

/// One contribution line.
pub(crate) struct Part {
    code: String,
    weight: i64,
    text: String,
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
    band: String,
    parts: Vec<Part>,
    indicator_version: String,
    rules_version: String,
    hits: Vec<HitView>,
    nik_notes: Vec<String>,
    missing: Vec<String>,
    decision: Option<(String, String, String)>,
    deadline: Option<String>,
    referrals: Vec<(String, String)>,
    history: Vec<Line>,
    referral_targets: Vec<(String, String)>,
    can_screen: bool,
    can_decide: bool,
    open: bool,
    deferred: bool,
    error: Option<&'static str>,
}

fn iso_to_id(s: &str) -> String {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map(format_id)
        .unwrap_or_else(|_| s.to_string())
}

async fn page(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    id: &str,
    error: Option<&'static str>,
) -> Result<ApplicantPage, WebError> {
    let app = &state.app;
    if !(signed.actor.can(Permission::ScreenApplicants)
        || signed.actor.can(Permission::HandleReferrals))
    {
        return Err(AppError::Forbidden.into());
    }
    app.applicant_for(&signed.actor, id).await?;
    app.screen_if_pending(&signed.actor, id).await?;
    let a = app.applicant_for(&signed.actor, id).await?;
    let screening: Option<Screening> = App::screening_of(&a);
    let can_screen = signed.actor.can(Permission::ScreenApplicants);
    let history = if can_screen {
        app.applicant_history(&signed.actor, &a)
            .await?
            .iter()
            .map(Line::of)
            .collect()
    } else {
        Vec::new()
    };
    let mut referrals = Vec::new();
    for r in app.applicant_referrals_of(&a.id).await? {
        referrals.push((app.agency_name_today(&r.to_agency).await, r.status));
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
            a.nik_idx.as_ref().map_or("–".into(), |_| {
                lang.t("prevention_nik_sealed").to_string()
            }),
        ),
        (
            "prevention_birth_date",
            a.birth_date.as_deref().map_or("–".into(), iso_to_id),
        ),
        (
            "prevention_sex",
            a.sex.clone().unwrap_or_else(|| "–".into()),
        ),
        (
            "prevention_purpose",
            lang.t(purpose_key(&a.purpose)).to_string(),
        ),
        ("prevention_destination", a.destination.clone()),
        (
            "prevention_departure",
            a.departure_date.as_deref().map_or("–".into(), iso_to_id),
        ),
        (
            "prevention_sponsor",
            a.sponsor_name.clone().unwrap_or_else(|| "–".into()),
        ),
        (
            "prevention_agency",
            a.agency_name.clone().unwrap_or_else(|| "–".into()),
        ),
        (
            "prevention_documents",
            if a.documents.is_empty() {
                "–".into()
            } else {
                a.documents.replace(',', ", ")
            },
        ),
        (
            "prevention_office",
            app.agency_name_today(&a.office_code).await,
        ),
        ("prevention_created", format_wib(from_millis(a.created_at))),
    ];
    let decision = a.decision.as_ref().map(|d| {
        (
            d.clone(),
            a.decision_reason.clone().unwrap_or_default(),
            a.decided_at
                .map(|t| format_wib(from_millis(t)))
                .unwrap_or_default(),
        )
    });
    Ok(ApplicantPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        id: a.id.clone(),
        name: a.full_name.clone(),
        facts,
        status: status_key(&a.status),
        score: a.score,
        band: screening
            .as_ref()
            .map(|s| s.score.band.clone())
            .unwrap_or_default(),
        parts: screening
            .as_ref()
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
        indicator_version: a
            .indicator_version
            .map(|v| v.to_string())
            .unwrap_or_default(),
        rules_version: a.rules_version.clone().unwrap_or_default(),
        hits: screening
            .as_ref()
            .map(|s| s.hits.clone())
            .unwrap_or_default(),
        nik_notes: screening
            .as_ref()
            .map(|s| s.nik_notes.clone())
            .unwrap_or_default(),
        missing: screening
            .as_ref()
            .map(|s| s.missing_documents.clone())
            .unwrap_or_default(),
        decision,
        deadline: a.deadline.as_deref().map(iso_to_id),
        referrals,
        history,
        referral_targets,
        can_screen,
        can_decide: signed.actor.can(Permission::DecideApplicants),
        open: a.status == "new",
        deferred: a.status == "deferred",
        error,
    })
}

fn purpose_key(p: &str) -> &'static str {
    match p {
        "tourism" => "purpose_tourism",
        "umrah_hajj" => "purpose_umrah_hajj",
        "visit_family" => "purpose_visit_family",
        "study" => "purpose_study",
        "work" => "purpose_work",
        _ => "purpose_other",
    }
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

async fn back_or_error(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    id: &str,
    result: Result<(), AppError>,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/prevention/{id}")).into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            Ok(page(state, lang, signed, id, Some(lang.t(e.key())))
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /prevention/{id}/interview`: checkboxes repeat `documents`.
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
    signed.actor.require(Permission::ScreenApplicants)?;
    let iv = Interview {
        work_type: get("work_type"),
        work_intent: get("work_intent") == "1",
        job_offer: get("job_offer") == "1",
        agency_name: get("agency_name"),
        documents: pairs
            .iter()
            .filter(|(k, _)| k == "documents")
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(","),
        notes: get("notes"),
    };
    let r = state
        .app
        .record_interview(&signed.actor, &id, &iv)
        .await
        .map(|_| ());
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
    signed.actor.require(Permission::ScreenApplicants)?;
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
    signed.actor.require(Permission::DecideApplicants)?;
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
    signed.actor.require(Permission::DecideApplicants)?;
    let r = state
        .app
        .documents_arrived(&signed.actor, &id)
        .await
        .map(|_| ());
    back_or_error(&state, lang, &signed, &id, r).await
}

/// `templates/prevention/notice.html`: a printable page of its own (no menu).
#[derive(Template, WebTemplate)]
#[template(path = "prevention/notice.html")]
pub(crate) struct NoticePage {
    lang: Lang,
    office: String,
    name: String,
    birth_date: String,
    purpose: &'static str,
    destination: String,
    decided: String,
    reason: String,
    missing: Vec<String>,
    deadline: String,
    referred_to: Option<String>,
    reference: String,
}

/// `GET /prevention/{id}/notice`.
pub(crate) async fn notice(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<NoticePage, WebError> {
    if !(signed.actor.can(Permission::ScreenApplicants)
        || signed.actor.can(Permission::HandleReferrals))
    {
        return Err(AppError::Forbidden.into());
    }
    let n = state.app.deferral_notice(&signed.actor, &id).await?;
    let a = &n.applicant;
    Ok(NoticePage {
        lang,
        office: n.office_name.clone(),
        name: a.full_name.clone(),
        birth_date: a.birth_date.as_deref().map_or("–".into(), iso_to_id),
        purpose: lang.t(purpose_key(&a.purpose)),
        destination: a.destination.clone(),
        decided: a
            .decided_at
            .map(|t| format_wib(from_millis(t)))
            .unwrap_or_default(),
        reason: a.decision_reason.clone().unwrap_or_default(),
        missing: n.missing.clone(),
        deadline: iso_to_id(&n.deadline),
        referred_to: n.referred_to.clone(),
        reference: a.id.chars().take(8).collect::<String>().to_uppercase(),
    })
}
