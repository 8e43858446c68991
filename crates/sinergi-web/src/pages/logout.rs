//! Signing out (`POST /logout`, `POST /logout/everywhere`), both CSRF-checked.

use crate::AppState;
use crate::error::WebError;
use crate::session::{SESSION_COOKIE, SignedIn, check_csrf, cookie_header};
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};

/// A form that only carries the CSRF token.
#[derive(serde::Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf_token: String,
}

fn signed_out(state: &AppState, to: &'static str) -> Response {
    let mut res = Redirect::to(to).into_response();
    let c = cookie_header(SESSION_COOKIE, "", "/", Some(0), &state.settings);
    if let Ok(v) = HeaderValue::from_str(&c) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    res
}

/// `POST /logout`: ends this session.
pub(crate) async fn post(
    State(state): State<AppState>,
    SignedIn { actor, token }: SignedIn,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&actor, &form.csrf_token)?;
    state.app.logout(&token, &actor).await?;
    Ok(signed_out(&state, "/login?signed_out=1"))
}

/// `POST /logout/everywhere`: ends every session of the account.
pub(crate) async fn post_everywhere(
    State(state): State<AppState>,
    SignedIn { actor, .. }: SignedIn,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&actor, &form.csrf_token)?;
    state.app.logout_everywhere(&actor).await?;
    Ok(signed_out(&state, "/login?signed_out=everywhere"))
}
