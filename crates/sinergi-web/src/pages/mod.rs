//! Server-rendered pages: one module per screen, each with its template struct next to its
//! handler. Templates live in `templates/` and extend `base.html`.

pub(crate) mod assets;
pub(crate) mod errors;
pub(crate) mod home;
pub(crate) mod login;
pub(crate) mod logout;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// What the page header shows for a signed-in user: the name and the sign-out form.
#[derive(Debug, Clone)]
pub(crate) struct Nav {
    pub(crate) display_name: String,
    pub(crate) csrf_token: String,
}

impl Nav {
    pub(crate) fn of(actor: &sinergi_app::auth::Actor) -> Self {
        Nav {
            display_name: actor.user.display_name.clone(),
            csrf_token: actor.csrf_token.clone(),
        }
    }
}

/// The routes of the pages and static files.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::get))
        .route("/login", get(login::get).post(login::post))
        .route("/logout", post(logout::post))
        .route("/logout/everywhere", post(logout::post_everywhere))
        .route("/static/sinergi.css", get(assets::css))
}
