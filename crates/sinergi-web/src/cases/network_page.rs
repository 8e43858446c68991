//! The network pages of a case and of a person: the typed graph drawn by [`super::network_svg`].

use super::pages::wib;
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::SignedIn;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use sinergi_app::cases::network::NetworkGraph;

/// `templates/cases/network.html`.
#[derive(Template, WebTemplate)]
#[template(path = "cases/network.html")]
pub(crate) struct NetworkPage {
    lang: Lang,
    nav: Option<Nav>,
    case_id: String,
    svg: String,
    nodes: Vec<(&'static str, String)>,
    break_glass_until: Option<String>,
}

fn network_page(lang: Lang, signed: &SignedIn, n: NetworkGraph) -> NetworkPage {
    NetworkPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        svg: super::network_svg::draw(lang, &n),
        nodes: n
            .nodes
            .iter()
            .map(|x| {
                (
                    super::network_svg::class(x.kind),
                    super::network_svg::label(lang, x),
                )
            })
            .collect(),
        break_glass_until: n.break_glass_until.map(wib),
        case_id: n.case_id,
    }
}

pub(crate) async fn network(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<NetworkPage, WebError> {
    let n = s.app.case_network(&signed.actor, &id).await?;
    Ok(network_page(lang, &signed, n))
}

pub(crate) async fn person_network(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<NetworkPage, WebError> {
    let n = s.app.person_network(&signed.actor, &id).await?;
    Ok(network_page(lang, &signed, n))
}
