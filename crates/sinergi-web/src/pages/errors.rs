//! The error page: the translated message and the request id, never internal details.

use crate::i18n::Lang;
use crate::pages::Nav;
use askama::Template;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse, Response};

/// `templates/error.html`.
#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage<'a> {
    pub(crate) lang: Lang,
    pub(crate) nav: Option<Nav>,
    pub(crate) message: &'static str,
    pub(crate) request_id: &'a str,
}

/// Renders the error page for `key` with `status`.
pub(crate) fn page(
    lang: Lang,
    key: &'static str,
    request_id: &str,
    status: StatusCode,
) -> Response {
    let page = ErrorPage {
        lang,
        nav: None,
        message: lang.t(key),
        request_id,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(request_id, error = %e, "error page failed to render");
            (
                status,
                [(CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!("{} ({request_id})", lang.t(key)),
            )
                .into_response()
        }
    }
}
