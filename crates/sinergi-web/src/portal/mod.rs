//! The public portal (no sign-in): safe-migration guidance, the licence check of placement
//! companies and training institutes, banned destinations and the law in plain words, and
//! outreach events near the visitor's kecamatan; plus the officers' page to enter outreach
//! events. Every public page carries the quick-exit button and the links to the report form and
//! its status check (from `templates/portal/_public_bar.html`, included by `base.html` for
//! visitors who are not signed in). Light pages: no third-party script or font, one small
//! same-origin script for the quick exit (the plain link works without it).

mod officer;
mod pages;

use crate::AppState;
use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;

/// The quick-exit script: one press of the button or Esc replaces this page in the history with
/// a neutral site.
const QUICK_EXIT_JS: &str = include_str!("../../static/portal.js");

/// `GET /static/portal.js`, cacheable for a day.
async fn quick_exit_js() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        QUICK_EXIT_JS,
    )
}

/// Every route of the portal.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/informasi", get(pages::guidance))
        .route("/informasi/izin", get(pages::licence))
        .route("/informasi/larangan", get(pages::bans))
        .route("/informasi/sosialisasi", get(pages::outreach))
        .route("/static/portal.js", get(quick_exit_js))
        .route("/sosialisasi", get(officer::form).post(officer::create))
}
