//! The style sheet, embedded in the binary: no build step, no files to deploy.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

/// The whole style sheet (a few kB; old office PCs and slow links).
const CSS: &str = include_str!("../../static/sinergi.css");

/// `GET /static/sinergi.css`, cacheable for a day.
pub(crate) async fn css() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        CSS,
    )
}
