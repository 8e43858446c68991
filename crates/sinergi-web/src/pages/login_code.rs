//! The second sign-in step (`GET`/`POST /login/code`) for accounts with a TOTP second factor.
//! The password step left a short-lived pending token in an HttpOnly cookie scoped to `/login`.

use crate::AppState;
use crate::error::{WebError, status_of};
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::{ClientAddr, SESSION_COOKIE, cookie, cookie_header};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use sinergi_app::AppError;

/// Cookie holding the pending sign-in token between the password and the code.
pub(crate) const PENDING_COOKIE: &str = "sinergi_pending";

/// `templates/trust/login_code.html`.
#[derive(Template)]
#[template(path = "trust/login_code.html")]
pub(crate) struct CodePage {
    lang: Lang,
    nav: Option<Nav>,
    error: Option<&'static str>,
}

/// The posted code.
#[derive(serde::Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    code: String,
}

fn render(page: &CodePage, status: StatusCode) -> Response {
    match page.render() {
        Ok(h) => (status, Html(h)).into_response(),
        Err(e) => WebError::App(AppError::Internal(format!("template: {e}"))).into_response(),
    }
}

/// `GET /login/code`.
pub(crate) async fn get(lang: Lang, headers: HeaderMap) -> Response {
    if cookie(&headers, PENDING_COOKIE).is_none() {
        return Redirect::to("/login").into_response();
    }
    render(
        &CodePage {
            lang,
            nav: None,
            error: None,
        },
        StatusCode::OK,
    )
}

/// `POST /login/code`: a valid code opens the session; the pending token is single-use (a
/// cross-site post cannot know it, so no extra CSRF token is needed).
pub(crate) async fn post(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    let Some(pending) = cookie(&headers, PENDING_COOKIE) else {
        return Ok(Redirect::to("/login").into_response());
    };
    let clear = cookie_header(PENDING_COOKIE, "", "/login", Some(0), &state.settings);
    match state
        .app
        .login_second_factor(pending, &form.code, &client)
        .await
    {
        Ok(session) => {
            let c = cookie_header(SESSION_COOKIE, &session.token, "/", None, &state.settings);
            let mut res = Redirect::to("/").into_response();
            for v in [c, clear] {
                let v = HeaderValue::from_str(&v)
                    .map_err(|e| AppError::Internal(format!("cookie: {e}")))?;
                res.headers_mut().append(SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(e @ (AppError::BadCredentials | AppError::Unauthenticated)) => {
            // The pending sign-in is used up either way: back to the password.
            let mut res = render(
                &CodePage {
                    lang,
                    nav: None,
                    error: Some(lang.t(e.key())),
                },
                status_of(&e),
            );
            if let Ok(v) = HeaderValue::from_str(&clear) {
                res.headers_mut().append(SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}
