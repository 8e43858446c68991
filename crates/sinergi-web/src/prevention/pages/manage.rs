//! Around the counter: the watchlist with four eyes (`/prevention/watchlist`), indicator weights
//! (`/prevention/indicators`) and the deferral figures (`/prevention/figures`).

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::prevention::present::{status_key, watchlist_kind_key, watchlist_status_key};
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::AppError;
use sinergi_app::prevention::watchlist::WatchlistInput;
use sinergi_domain::access::Permission;
use sinergi_domain::dates::format_id;
use sinergi_domain::prevention::WatchlistStatus;

/// One watchlist line (identifiers are never shown, only whether they are known).
pub(crate) struct WatchLine {
    id: String,
    kind: &'static str,
    name: String,
    reason: String,
    legal_basis: String,
    review_date: String,
    status: &'static str,
    proposed: bool,
    active: bool,
    removal_proposed: bool,
    has_nik: bool,
    has_phone: bool,
}

/// `templates/prevention/watchlist.html`.
#[derive(Template, WebTemplate)]
#[template(path = "prevention/watchlist.html")]
pub(crate) struct WatchlistPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    lines: Vec<WatchLine>,
    can_propose: bool,
    can_approve: bool,
    error: Option<&'static str>,
}

async fn watchlist_page(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    error: Option<&'static str>,
) -> Result<WatchlistPage, WebError> {
    let lines = state
        .app
        .watchlist(&signed.actor)
        .await?
        .into_iter()
        .map(|w| WatchLine {
            has_nik: w.nik.is_some(),
            has_phone: w.phone.is_some(),
            id: w.id,
            kind: lang.t(watchlist_kind_key(w.kind)),
            name: w.full_name,
            reason: w.reason,
            legal_basis: w.legal_basis,
            review_date: format_id(w.review_date),
            status: lang.t(watchlist_status_key(w.status)),
            proposed: w.status == WatchlistStatus::Proposed,
            active: w.status == WatchlistStatus::Active,
            removal_proposed: w.status == WatchlistStatus::RemovalProposed,
        })
        .collect();
    Ok(WatchlistPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        lines,
        can_propose: signed.actor.can(Permission::ProposeWatchlist),
        can_approve: signed.actor.can(Permission::ApproveWatchlist),
        error,
    })
}

/// `GET /prevention/watchlist`.
pub(crate) async fn watchlist(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<WatchlistPage, WebError> {
    watchlist_page(&state, lang, &signed, None).await
}

/// The proposal form.
#[derive(serde::Deserialize)]
pub(crate) struct ProposeForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    input: WatchlistInput,
}

/// `POST /prevention/watchlist`: proposes an entry.
pub(crate) async fn propose(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    form: Result<Form<ProposeForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    signed.actor.require(Permission::ProposeWatchlist)?;
    match state
        .app
        .propose_watchlist(&signed.actor, &form.input)
        .await
    {
        Ok(_) => Ok(Redirect::to("/prevention/watchlist").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            Ok(watchlist_page(&state, lang, &signed, Some(lang.t(e.key())))
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The approve / removal form.
#[derive(serde::Deserialize)]
pub(crate) struct ChangeForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    reason: String,
}

/// `POST /prevention/watchlist/{id}/approve`.
pub(crate) async fn approve(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    form: Result<Form<ChangeForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    match state.app.approve_watchlist(&signed.actor, &id).await {
        Ok(()) => Ok(Redirect::to("/prevention/watchlist").into_response()),
        Err(e @ AppError::Conflict(_)) => {
            Ok(watchlist_page(&state, lang, &signed, Some(lang.t(e.key())))
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /prevention/watchlist/{id}/remove`: proposes removal.
pub(crate) async fn propose_removal(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    form: Result<Form<ChangeForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    signed.actor.require(Permission::ProposeWatchlist)?;
    match state
        .app
        .propose_watchlist_removal(&signed.actor, &id, &form.reason)
        .await
    {
        Ok(()) => Ok(Redirect::to("/prevention/watchlist").into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            Ok(watchlist_page(&state, lang, &signed, Some(lang.t(e.key())))
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /prevention/watchlist/{id}/confirm-removal`.
pub(crate) async fn confirm_removal(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    form: Result<Form<ChangeForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    match state
        .app
        .confirm_watchlist_removal(&signed.actor, &id)
        .await
    {
        Ok(()) => Ok(Redirect::to("/prevention/watchlist").into_response()),
        Err(e @ AppError::Conflict(_)) => {
            Ok(watchlist_page(&state, lang, &signed, Some(lang.t(e.key())))
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// One indicator row.
pub(crate) struct IndicatorLine {
    code: String,
    text: String,
    weight: i64,
}

/// `templates/prevention/indicators.html`.
#[derive(Template, WebTemplate)]
#[template(path = "prevention/indicators.html")]
pub(crate) struct IndicatorsPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    version: i64,
    lines: Vec<IndicatorLine>,
    can_edit: bool,
    error: Option<&'static str>,
}

async fn indicators_page(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    error: Option<&'static str>,
) -> Result<IndicatorsPage, WebError> {
    signed
        .actor
        .require(Permission::ScreenApplicants)
        .or_else(|_| signed.actor.require(Permission::ManageIndicators))?;
    let set = state.app.indicators().await?;
    Ok(IndicatorsPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        version: set.version,
        lines: set
            .indicators
            .into_iter()
            .map(|i| IndicatorLine {
                text: if lang.is_id() { i.id } else { i.en },
                code: i.code,
                weight: i.weight,
            })
            .collect(),
        can_edit: signed.actor.can(Permission::ManageIndicators),
        error,
    })
}

/// `GET /prevention/indicators`.
pub(crate) async fn indicators(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<IndicatorsPage, WebError> {
    indicators_page(&state, lang, &signed, None).await
}

/// The weight form.
#[derive(serde::Deserialize)]
pub(crate) struct WeightForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    weight: String,
}

/// `POST /prevention/indicators`: a new version with one weight changed.
pub(crate) async fn set_weight(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    form: Result<Form<WeightForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    signed.actor.require(Permission::ManageIndicators)?;
    let weight = form
        .weight
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::invalid("weight", "number_invalid", "a whole number"))?;
    match state
        .app
        .set_indicator_weight(&signed.actor, &form.code, weight)
        .await
    {
        Ok(_) => Ok(Redirect::to("/prevention/indicators").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            Ok(
                indicators_page(&state, lang, &signed, Some(lang.t(e.key())))
                    .await?
                    .into_response(),
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// One bar of a chart: label, count, width in percent of the largest.
pub(crate) struct Bar {
    label: String,
    count: i64,
    width: i64,
}

fn bars(rows: &[(String, i64)]) -> Vec<Bar> {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    rows.iter()
        .take(12)
        .map(|(l, c)| Bar {
            label: l.clone(),
            count: *c,
            width: c * 100 / max,
        })
        .collect()
}

/// `templates/prevention/figures.html`.
#[derive(Template, WebTemplate)]
#[template(path = "prevention/figures.html")]
pub(crate) struct FiguresPage {
    lang: Lang,
    nav: Option<Nav>,
    screened: i64,
    charts: Vec<(&'static str, Vec<Bar>)>,
}

/// `GET /prevention/figures`: deferrals per office, destination, indicator and kecamatan of
/// origin, drawn as SVG bars on the server.
pub(crate) async fn figures(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<FiguresPage, WebError> {
    let f = state.app.screening_figures(&signed.actor).await?;
    let per_status: Vec<(String, i64)> = f
        .per_status
        .iter()
        .map(|(s, n)| (lang.t(status_key(*s)).to_string(), *n))
        .collect();
    Ok(FiguresPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        screened: f.screened,
        charts: vec![
            ("figures_status", bars(&per_status)),
            ("figures_per_office", bars(&f.per_office)),
            ("figures_per_destination", bars(&f.per_destination)),
            ("figures_per_indicator", bars(&f.per_indicator)),
            ("figures_per_kecamatan", bars(&f.per_kecamatan)),
        ],
    })
}
