//! The one mapping from errors to HTTP responses.
//!
//! Policy:
//! - Handlers return [`WebError`]; its `IntoResponse` sets only the status (from the exhaustive
//!   [`status_of`] table, no wildcard) and attaches an [`ErrorReport`] extension with the stable
//!   key and, for internal errors, the detail.
//! - The `render_errors` middleware (it knows the language, the request id and whether the
//!   request was for the API) turns the report into a translated HTML page or a JSON body
//!   `{"error", "message", "request_id"}` and logs the detail with the request id.
//! - Details never reach the client; messages come from the translation table only.

use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Response};
use sinergi_app::AppError;

/// An error of a web request.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// A use case failed.
    #[error(transparent)]
    App(#[from] AppError),
    /// A form came without the right CSRF token (403, key `csrf_invalid`).
    #[error("CSRF token missing or wrong")]
    Csrf,
    /// The body or query could not be parsed (400, key `bad_request`). The parser's message
    /// is logged, not shown, because it may quote the input.
    #[error("bad request")]
    BadRequest,
}

/// What went wrong, carried from a handler to the `render_errors` middleware in the response
/// extensions.
#[derive(Debug, Clone)]
pub struct ErrorReport {
    /// The stable translation key.
    pub key: &'static str,
    /// The input field, for `Invalid` errors.
    pub field: Option<&'static str>,
    /// Internal detail for the log (never sent).
    pub detail: Option<String>,
}

/// The HTTP status of an application error. Exhaustive on purpose: a new `AppError` variant
/// must be mapped here before the crate compiles.
pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::BadCredentials => StatusCode::UNAUTHORIZED,
        AppError::Throttled => StatusCode::TOO_MANY_REQUESTS,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl WebError {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::App(e) => status_of(e),
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::BadRequest => StatusCode::BAD_REQUEST,
        }
    }

    /// The stable translation key of this error.
    pub fn key(&self) -> &'static str {
        match self {
            WebError::App(e) => e.key(),
            WebError::Csrf => "csrf_invalid",
            WebError::BadRequest => "bad_request",
        }
    }

    /// The report the middleware renders and logs.
    pub fn report(&self) -> ErrorReport {
        let (field, detail) = match self {
            WebError::App(AppError::Invalid { field, .. }) => (Some(*field), None),
            WebError::App(AppError::Internal(detail)) => (None, Some(detail.clone())),
            WebError::App(_) | WebError::Csrf | WebError::BadRequest => (None, None),
        };
        ErrorReport {
            key: self.key(),
            field,
            detail,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        if matches!(self, WebError::App(AppError::Throttled)) {
            response
                .headers_mut()
                .insert(RETRY_AFTER, axum::http::HeaderValue::from_static("900"));
        }
        response.extensions_mut().insert(self.report());
        response
    }
}

/// The fallback for unknown paths: a translated 404.
pub(crate) async fn not_found() -> WebError {
    WebError::App(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(e: AppError) -> StatusCode {
        WebError::App(e).into_response().status()
    }

    #[test]
    fn invalid_is_422() {
        assert_eq!(
            status(AppError::invalid("nik", "nik_invalid", "x")),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }

    #[test]
    fn unauthenticated_is_401() {
        assert_eq!(status(AppError::Unauthenticated), StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn bad_credentials_is_401() {
        assert_eq!(status(AppError::BadCredentials), StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn throttled_is_429_with_retry_after() {
        let r = WebError::App(AppError::Throttled).into_response();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[RETRY_AFTER], "900");
    }

    #[test]
    fn forbidden_is_403() {
        assert_eq!(status(AppError::Forbidden), StatusCode::FORBIDDEN);
    }

    #[test]
    fn not_found_is_404() {
        assert_eq!(status(AppError::NotFound), StatusCode::NOT_FOUND);
    }

    #[test]
    fn conflict_is_409() {
        assert_eq!(
            status(AppError::Conflict("username_taken")),
            StatusCode::CONFLICT
        );
    }

    #[test]
    fn unavailable_is_503() {
        assert_eq!(
            status(AppError::Unavailable),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }

    #[test]
    fn internal_is_500_and_keeps_the_detail_for_the_log_only() {
        let r = WebError::App(AppError::Internal("secret detail".into())).into_response();
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let report = r.extensions().get::<ErrorReport>().unwrap();
        assert_eq!(report.key, "internal");
        assert_eq!(report.detail.as_deref(), Some("secret detail"));
    }

    #[test]
    fn csrf_is_403() {
        assert_eq!(
            WebError::Csrf.into_response().status(),
            StatusCode::FORBIDDEN
        );
    }

    #[test]
    fn bad_request_is_400() {
        assert_eq!(
            WebError::BadRequest.into_response().status(),
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn invalid_reports_its_field() {
        let r = WebError::App(AppError::invalid("nik", "nik_invalid", "x")).into_response();
        let report = r.extensions().get::<ErrorReport>().unwrap();
        assert_eq!((report.key, report.field), ("nik_invalid", Some("nik")));
    }
}
