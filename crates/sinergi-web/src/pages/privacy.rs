//! Personal-data protection (`/privacy`, needs `ManagePrivacy`): the breach register with its
//! 3×24-hour countdown, consent per purpose, and the subject-access export. NIKs travel only in
//! POST bodies, never in URLs.

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
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::AppError;
use sinergi_app::privacy::BreachMark;
use sinergi_app::privacy::PURPOSES;
use sinergi_domain::access::Permission;
use sinergi_domain::clock::{format_wib, from_millis, to_millis};

/// One breach as shown.
pub(crate) struct BreachLine {
    id: String,
    description: String,
    data_kinds: String,
    subjects_estimate: i64,
    discovered: String,
    deadline: String,
    remaining: Option<String>,
    overdue: bool,
    subjects_notified: Option<String>,
    agency_notified: Option<String>,
    closed: bool,
}

/// `templates/trust/privacy.html`.
#[derive(Template, WebTemplate)]
#[template(path = "trust/privacy.html")]
pub(crate) struct PrivacyPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    breaches: Vec<BreachLine>,
    purposes: Vec<&'static str>,
    notice: Option<&'static str>,
    error: Option<&'static str>,
}

fn hours_minutes(ms: i64) -> String {
    let m = ms.abs() / 60_000;
    format!(
        "{}{} j {:02} m",
        if ms < 0 { "-" } else { "" },
        m / 60,
        m % 60
    )
}

async fn page(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    notice: Option<&'static str>,
    error: Option<&'static str>,
) -> Result<PrivacyPage, WebError> {
    let breaches = state
        .app
        .breaches(&signed.actor)
        .await?
        .into_iter()
        .map(|b| BreachLine {
            remaining: b.remaining_ms.map(hours_minutes),
            overdue: b.remaining_ms.is_some_and(|r| r < 0),
            discovered: format_wib(from_millis(b.discovered_at)),
            deadline: format_wib(from_millis(b.deadline)),
            subjects_notified: b.notified_subjects_at.map(|t| format_wib(from_millis(t))),
            agency_notified: b.notified_agency_at.map(|t| format_wib(from_millis(t))),
            closed: b.closed_at.is_some(),
            id: b.id,
            description: b.description,
            data_kinds: b.data_kinds,
            subjects_estimate: b.subjects_estimate,
        })
        .collect();
    Ok(PrivacyPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        breaches,
        purposes: PURPOSES.iter().map(|(p, _)| *p).collect(),
        notice,
        error,
    })
}

/// `GET /privacy`.
pub(crate) async fn get(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<PrivacyPage, WebError> {
    page(&state, lang, &signed, None, None).await
}

/// The breach form. `discovered_hours_ago` lets the recorder say when it was discovered.
#[derive(serde::Deserialize)]
pub(crate) struct BreachForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    data_kinds: String,
    #[serde(default)]
    subjects_estimate: String,
    #[serde(default)]
    measures: String,
    #[serde(default)]
    discovered_hours_ago: String,
}

/// `POST /privacy/breaches`.
pub(crate) async fn record_breach(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    form: Result<Form<BreachForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    signed.actor.require(Permission::ManagePrivacy)?;
    let number = |field: &'static str, text: &str| {
        let t = text.trim();
        if t.is_empty() {
            return Ok(0);
        }
        t.parse::<i64>()
            .map_err(|_| AppError::invalid(field, "number_invalid", "not a whole number"))
    };
    let estimate = number("subjects_estimate", &form.subjects_estimate)?;
    let hours_ago = number("discovered_hours_ago", &form.discovered_hours_ago)?.clamp(0, 24 * 365);
    let discovered = to_millis(state.app.clock().now()) - hours_ago * 3_600_000;
    match state
        .app
        .record_breach(
            &signed.actor,
            discovered,
            &form.description,
            &form.data_kinds,
            estimate,
            &form.measures,
        )
        .await
    {
        Ok(_) => Ok(Redirect::to("/privacy").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            Ok(page(&state, lang, &signed, None, Some(lang.t(e.key())))
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The mark form: `what` is `subjects`, `agency` or `close`.
#[derive(serde::Deserialize)]
pub(crate) struct MarkForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    what: String,
}

/// `POST /privacy/breaches/{id}/mark`.
pub(crate) async fn mark_breach(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    form: Result<Form<MarkForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    signed.actor.require(Permission::ManagePrivacy)?;
    let what = match form.what.as_str() {
        "subjects" => BreachMark::SubjectsNotified,
        "agency" => BreachMark::AgencyNotified,
        "close" => BreachMark::Closed,
        _ => return Err(WebError::BadRequest),
    };
    state.app.mark_breach(&signed.actor, &id, what).await?;
    Ok(Redirect::to("/privacy").into_response())
}

/// The consent form: `action` is `record` or `withdraw`.
#[derive(serde::Deserialize)]
pub(crate) struct ConsentForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    nik: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    action: String,
}

/// `POST /privacy/consent`.
pub(crate) async fn consent(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    form: Result<Form<ConsentForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    if !(signed.actor.can(Permission::ManagePrivacy)
        || signed.actor.can(Permission::RecordAssistance))
    {
        return Err(AppError::Forbidden.into());
    }
    let result = match form.action.as_str() {
        "record" => state
            .app
            .record_consent(&signed.actor, &form.nik, &form.purpose)
            .await
            .map(|()| "consent_recorded"),
        "withdraw" => state
            .app
            .withdraw_consent(&signed.actor, &form.nik, &form.purpose)
            .await
            .map(|_| "consent_withdrawn"),
        _ => return Err(WebError::BadRequest),
    };
    match result {
        Ok(key) => Ok(page(&state, lang, &signed, Some(lang.t(key)), None)
            .await?
            .into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            Ok(page(&state, lang, &signed, None, Some(lang.t(e.key())))
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The subject-access form.
#[derive(serde::Deserialize)]
pub(crate) struct ExportForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    nik: String,
}

/// `POST /privacy/export`: everything held about one NIK, as a JSON download.
pub(crate) async fn export(
    State(state): State<AppState>,
    signed: SignedIn,
    form: Result<Form<ExportForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    signed.actor.require(Permission::ManagePrivacy)?;
    let export = state
        .app
        .subject_access_export(&signed.actor, &form.nik)
        .await?;
    let body = serde_json::to_vec_pretty(&export)
        .map_err(|e| AppError::Internal(format!("export: {e}")))?;
    Ok((
        [
            (CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"sinergi-data-subjek.json\"",
            ),
        ],
        body,
    )
        .into_response())
}
