//! The office queue (`GET /prevention`), search (`POST /prevention/search`) and the intake
//! form (`GET`/`POST /prevention/new`).

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::prevention::present::{Line, lines};
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::AppError;
use sinergi_app::prevention::ApplicationInput;
use sinergi_domain::access::Permission;
use sinergi_domain::prevention::{Document, Purpose};

/// `templates/prevention/queue.html`.
#[derive(Template, WebTemplate)]
#[template(path = "prevention/queue.html")]
pub(crate) struct QueuePage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    heading: &'static str,
    lines: Vec<Line>,
    query: String,
    error: Option<&'static str>,
}

/// `GET /prevention`: today's applications at the actor's office.
pub(crate) async fn queue(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<QueuePage, WebError> {
    let rows = state.app.todays_queue(&signed.actor).await?;
    Ok(QueuePage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        heading: lang.t("prevention_queue_today"),
        lines: lines(&state.app, lang, &rows).await,
        query: String::new(),
        error: None,
    })
}

/// The search form (names and numbers travel in the body, never the URL).
#[derive(serde::Deserialize)]
pub(crate) struct SearchForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    q: String,
}

/// `POST /prevention/search`.
pub(crate) async fn search(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    form: Result<Form<SearchForm>, FormRejection>,
) -> Result<QueuePage, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    signed.actor.require(Permission::ScreenApplicants)?;
    let (lines, error) = match state.app.search_applicants(&signed.actor, &form.q).await {
        Ok(rows) => (lines(&state.app, lang, &rows).await, None),
        Err(e @ AppError::Invalid { .. }) => (Vec::new(), Some(lang.t(e.key()))),
        Err(e) => return Err(e.into()),
    };
    Ok(QueuePage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        heading: lang.t("prevention_search_results"),
        lines,
        query: form.q,
        error,
    })
}

/// `templates/prevention/new.html`.
#[derive(Template, WebTemplate)]
#[template(path = "prevention/new.html")]
pub(crate) struct NewPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    purposes: Vec<(&'static str, &'static str)>,
    documents: Vec<&'static str>,
    input: ApplicationInput,
    error: Option<(String, &'static str)>,
}

fn new_page(
    lang: Lang,
    signed: &SignedIn,
    input: ApplicationInput,
    error: Option<(String, &'static str)>,
) -> NewPage {
    NewPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        purposes: Purpose::ALL
            .iter()
            .map(|p| {
                (
                    p.code(),
                    lang.t(crate::prevention::present::purpose_key(*p)),
                )
            })
            .collect(),
        documents: Document::ALL.iter().map(|d| d.code()).collect(),
        input,
        error,
    }
}

/// `GET /prevention/new`.
pub(crate) async fn new_form(lang: Lang, signed: SignedIn) -> Result<NewPage, WebError> {
    signed.actor.require(Permission::ScreenApplicants)?;
    Ok(new_page(lang, &signed, ApplicationInput::default(), None))
}

/// Reads the intake form. Checkbox lists repeat the `documents` key, which a struct cannot
/// take, so the pairs are gathered by hand.
pub(crate) fn read_intake(body: &str) -> Result<(String, ApplicationInput), WebError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(body).map_err(|_| WebError::BadRequest)?;
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "csrf_token")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let input = ApplicationInput::from_fields(
        pairs
            .iter()
            .filter(|(k, _)| k != "id" && k != "source_ref")
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    Ok((csrf, input))
}

/// `POST /prevention/new`: records, screens, and opens the applicant page.
pub(crate) async fn create(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    body: String,
) -> Result<Response, WebError> {
    let (csrf, input) = read_intake(&body)?;
    check_csrf(&signed.actor, &csrf)?;
    signed.actor.require(Permission::ScreenApplicants)?;
    match state.app.record_application(&signed.actor, &input).await {
        Ok(a) => {
            Ok(Redirect::to(&crate::prevention::present::applicant_href(&a.id)).into_response())
        }
        Err(AppError::Invalid { field, key, .. }) => {
            Ok(
                new_page(lang, &signed, input, Some((field.to_string(), lang.t(key))))
                    .into_response(),
            )
        }
        Err(e) => Err(e.into()),
    }
}
