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
    /// A case the person may ask emergency access to: (case id, CSRF token).
    pub(crate) break_glass: Option<(String, String)>,
}

/// When a signed-in officer who reads cases meets "not found" on a case page, the page offers
/// a break-glass request for that case: `(case id, CSRF token)`.
pub(crate) fn break_glass_offer(
    actor: &sinergi_app::auth::Actor,
    path: &str,
) -> Option<(String, String)> {
    let id = path.strip_prefix("/kasus/")?;
    let is_case_id = id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    (is_case_id
        && actor.scopes.is_none()
        && actor.can(sinergi_domain::access::Permission::ViewCases))
    .then(|| (id.to_string(), actor.csrf_token.clone()))
}

/// Renders the error page for `key` with `status` (with the menu for a signed-in person).
pub(crate) fn page(
    lang: Lang,
    key: &'static str,
    request_id: &str,
    status: StatusCode,
    nav: Option<Nav>,
    break_glass: Option<(String, String)>,
) -> Response {
    let page = ErrorPage {
        lang,
        nav,
        message: lang.t(key),
        request_id,
        break_glass,
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
