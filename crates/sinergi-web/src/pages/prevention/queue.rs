//! The office queue (`GET /prevention`), search (`POST /prevention/search`) and the intake
//! form (`GET`/`POST /prevention/new`).

use super::Line;
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::AppError;
use sinergi_app::prevention::ApplicationInput;
use sinergi_app::prevention::intake::DOCUMENTS;
use sinergi_domain::access::Permission;
use sinergi_domain::prevention::Purpose;

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
        lines: rows.iter().map(Line::of).collect(),
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
        Ok(rows) => (rows.iter().map(Line::of).collect(), None),
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
    purposes: Vec<&'static str>,
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
        purposes: Purpose::ALL.iter().map(|p| p.code()).collect(),
        documents: DOCUMENTS.to_vec(),
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
    let mut csrf = String::new();
    let mut input = ApplicationInput::default();
    let mut docs = Vec::new();
    for (k, v) in pairs {
        match k.as_str() {
            "csrf_token" => csrf = v,
            "full_name" => input.full_name = v,
            "nik" => input.nik = v,
            "nik_region_accepted" => input.nik_region_accepted = v == "1",
            "birth_date" => input.birth_date = v,
            "birth_place" => input.birth_place = v,
            "sex" => input.sex = v,
            "address" => input.address = v,
            "phone" => input.phone = v,
            "passport_type" => input.passport_type = v,
            "purpose" => input.purpose = v,
            "destination" => input.destination = v,
            "departure_date" => input.departure_date = v,
            "sponsor_name" => input.sponsor_name = v,
            "sponsor_phone" => input.sponsor_phone = v,
            "agency_name" => input.agency_name = v,
            "previous_passport_no" => input.previous_passport_no = v,
            "previous_passports" => input.previous_passports = v,
            "documents" => docs.push(v),
            _ => {}
        }
    }
    input.documents = docs.join(",");
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
        Ok(id) => Ok(Redirect::to(&format!("/prevention/{id}")).into_response()),
        Err(AppError::Invalid { field, key, .. }) => {
            Ok(
                new_page(lang, &signed, input, Some((field.to_string(), lang.t(key))))
                    .into_response(),
            )
        }
        Err(e) => Err(e.into()),
    }
}
