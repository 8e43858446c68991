//! The entity pages: overview, one person, the person's network, and the forms that merge,
//! dismiss and undo (each carries the session's CSRF token and answers with a redirect).

use super::{MergeLine, ProposalLine, RecordLine, merge_line, proposal_line, record_line};
use crate::AppState;
use crate::cases::agency_names;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Redirect;
use serde::Deserialize;
use sinergi_app::AppError;
use sinergi_app::entities::{may_resolve, may_view};
use sinergi_domain::entities::RecordKey;

/// A record key from a URL or form; `NotFound` when it is not one (after the permission check,
/// so a caller without the permission always reads 403).
pub(crate) fn key(s: &str) -> Result<RecordKey, WebError> {
    RecordKey::parse(s).ok_or(WebError::App(AppError::NotFound))
}

/// `templates/entities/overview.html`.
#[derive(Template, WebTemplate)]
#[template(path = "entities/overview.html")]
pub(crate) struct OverviewPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    may_resolve: bool,
    proposals: Vec<ProposalLine>,
    merges: Vec<MergeLine>,
}

pub(crate) async fn overview(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<OverviewPage, WebError> {
    let o = s.app.entity_overview(&signed.actor).await?;
    let names = agency_names(&s).await?;
    Ok(OverviewPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        may_resolve: o.may_resolve,
        proposals: o
            .proposals
            .iter()
            .map(|p| proposal_line(lang, &names, p))
            .collect(),
        merges: o
            .merges
            .iter()
            .map(|m| merge_line(lang, &names, m))
            .collect(),
    })
}

/// `templates/entities/person.html`.
#[derive(Template, WebTemplate)]
#[template(path = "entities/person.html")]
pub(crate) struct PersonPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    may_resolve: bool,
    key: String,
    name: String,
    records: Vec<RecordLine>,
    proposals: Vec<ProposalLine>,
    merges: Vec<MergeLine>,
}

pub(crate) async fn person(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<PersonPage, WebError> {
    if !may_view(&signed.actor) {
        return Err(AppError::Forbidden.into());
    }
    let k = key(&id)?;
    let v = s.app.entity(&signed.actor, &k).await?;
    let names = agency_names(&s).await?;
    Ok(PersonPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        may_resolve: v.may_resolve,
        key: k.to_string(),
        name: v.name.clone(),
        records: v
            .records
            .iter()
            .map(|r| record_line(lang, &names, r))
            .collect(),
        proposals: v
            .proposals
            .iter()
            .map(|p| proposal_line(lang, &names, p))
            .collect(),
        merges: v
            .merges
            .iter()
            .map(|m| merge_line(lang, &names, m))
            .collect(),
    })
}

/// `templates/entities/network.html`.
#[derive(Template, WebTemplate)]
#[template(path = "entities/network.html")]
pub(crate) struct NetworkPage {
    lang: Lang,
    nav: Option<Nav>,
    key: String,
    svg: String,
    /// (css class, label, link)
    nodes: Vec<(&'static str, String, Option<String>)>,
}

/// The page a node of a network links to, from its id.
fn node_href(id: &str) -> Option<String> {
    let (kind, rest) = id.split_once(':')?;
    match kind {
        "case" => Some(format!("/kasus/{rest}")),
        "applicant" => Some(crate::prevention::present::applicant_href(rest)),
        "person" => RecordKey::parse(rest).map(|k| format!("/orang/{k}")),
        "watchlist" => Some("/prevention/watchlist".into()),
        _ => None,
    }
}

pub(crate) async fn network(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<NetworkPage, WebError> {
    if !may_view(&signed.actor) {
        return Err(AppError::Forbidden.into());
    }
    let k = key(&id)?;
    let g = s.app.entity_network(&signed.actor, &k).await?;
    Ok(NetworkPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        key: k.to_string(),
        svg: crate::cases::network_svg::draw(lang, &g),
        nodes: g
            .nodes
            .iter()
            .map(|n| {
                (
                    crate::cases::network_svg::class(n.kind),
                    crate::cases::network_svg::label(lang, n),
                    node_href(&n.id),
                )
            })
            .collect(),
    })
}

/// The merge and dismiss forms: the two records (missing fields read as not found).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PairForm {
    csrf_token: String,
    a: String,
    b: String,
    /// The page to go back to (a record key), else the overview.
    back: String,
}

fn back_to(back: &str) -> Redirect {
    match RecordKey::parse(back) {
        Some(k) => Redirect::to(&format!("/orang/{k}")),
        None => Redirect::to("/orang"),
    }
}

pub(crate) async fn merge(
    State(s): State<AppState>,
    signed: SignedIn,
    Form(f): Form<PairForm>,
) -> Result<Redirect, WebError> {
    check_csrf(&signed.actor, &f.csrf_token)?;
    if !may_resolve(&signed.actor) {
        return Err(AppError::Forbidden.into());
    }
    let (a, b) = (key(&f.a)?, key(&f.b)?);
    s.app.merge_entities(&signed.actor, &a, &b).await?;
    Ok(back_to(&f.back))
}

pub(crate) async fn dismiss(
    State(s): State<AppState>,
    signed: SignedIn,
    Form(f): Form<PairForm>,
) -> Result<Redirect, WebError> {
    check_csrf(&signed.actor, &f.csrf_token)?;
    if !may_resolve(&signed.actor) {
        return Err(AppError::Forbidden.into());
    }
    let (a, b) = (key(&f.a)?, key(&f.b)?);
    s.app.dismiss_pair(&signed.actor, &a, &b).await?;
    Ok(back_to(&f.back))
}

pub(crate) async fn undo(
    State(s): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<PairForm>,
) -> Result<Redirect, WebError> {
    check_csrf(&signed.actor, &f.csrf_token)?;
    s.app.undo_merge(&signed.actor, &id).await?;
    Ok(back_to(&f.back))
}
