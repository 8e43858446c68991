//! The sign-in page (`GET`/`POST /login`).
//!
//! CSRF on this form (there is no session yet) uses a double-submit cookie: `GET /login` sets
//! a random `sinergi_login_csrf` cookie and puts the same value in a hidden field; `POST`
//! accepts only when both are present and equal. A cross-site page can make a browser post
//! the form but can neither read nor set that cookie, so it cannot forge a sign-in into the
//! attacker's account (login CSRF).

use crate::AppState;
use crate::error::{WebError, status_of};
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::pages::login_code::PENDING_COOKIE;
use crate::session::{
    ClientAddr, LOGIN_CSRF_COOKIE, SESSION_COOKIE, constant_time_eq, cookie, cookie_header,
};
use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use sinergi_app::AppError;
use sinergi_app::totp::LoginStep;

/// `templates/login.html`.
#[derive(Template)]
#[template(path = "login.html")]
pub(crate) struct LoginPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    username: String,
    error: Option<&'static str>,
    notice: Option<&'static str>,
}

/// Query of `GET /login`.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct LoginQuery {
    /// Set after signing out, to confirm it.
    #[serde(default)]
    signed_out: Option<String>,
}

/// The posted sign-in form.
#[derive(serde::Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
}

fn is_token(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn render(
    page: &LoginPage,
    status: StatusCode,
    set_csrf: Option<&str>,
    state: &AppState,
) -> Response {
    let html = match page.render() {
        Ok(h) => h,
        Err(e) => {
            return WebError::App(AppError::Internal(format!("login template: {e}")))
                .into_response();
        }
    };
    let mut res = (status, Html(html)).into_response();
    if let Some(token) = set_csrf {
        let c = cookie_header(LOGIN_CSRF_COOKIE, token, "/login", None, &state.settings);
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

/// `GET /login`: the form (or straight to `/` when already signed in).
pub(crate) async fn get(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE)
        && let Ok(Some(_)) = state.app.actor_for_token(token, &client).await
    {
        return Redirect::to("/").into_response();
    }
    let existing = cookie(&headers, LOGIN_CSRF_COOKIE).filter(|t| is_token(t));
    let csrf_token =
        existing.map_or_else(|| uuid::Uuid::new_v4().simple().to_string(), str::to_string);
    let page = LoginPage {
        lang,
        nav: None,
        csrf_token: csrf_token.clone(),
        username: String::new(),
        error: None,
        notice: match query.signed_out.as_deref() {
            Some("everywhere") => Some(lang.t("logged_out_everywhere")),
            Some(_) => Some(lang.t("logged_out")),
            None => None,
        },
    };
    let set = existing.is_none().then_some(csrf_token.as_str());
    render(&page, StatusCode::OK, set, &state)
}

/// `POST /login`: on success sets the session cookie and redirects (303) to `/`; on wrong
/// credentials re-renders the form with the message, 401 (429 when throttled).
pub(crate) async fn post(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    let cookie_token = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or("");
    if !is_token(cookie_token) || !constant_time_eq(cookie_token, &form.csrf_token) {
        return Err(WebError::Csrf);
    }
    match state
        .app
        .login_start(&form.username, &form.password, &client)
        .await
    {
        Ok(LoginStep::Done(session)) => {
            let c = cookie_header(SESSION_COOKIE, &session.token, "/", None, &state.settings);
            let mut res = Redirect::to("/").into_response();
            let v = HeaderValue::from_str(&c)
                .map_err(|e| AppError::Internal(format!("session cookie: {e}")))?;
            res.headers_mut().append(SET_COOKIE, v);
            Ok(res)
        }
        Ok(LoginStep::SecondFactor { pending_token }) => {
            // The password was right; the one-time code comes next, on /login/code.
            let c = cookie_header(
                PENDING_COOKIE,
                &pending_token,
                "/login",
                Some(5 * 60),
                &state.settings,
            );
            let mut res = Redirect::to("/login/code").into_response();
            let v = HeaderValue::from_str(&c)
                .map_err(|e| AppError::Internal(format!("pending cookie: {e}")))?;
            res.headers_mut().append(SET_COOKIE, v);
            Ok(res)
        }
        Err(e @ (AppError::BadCredentials | AppError::Throttled | AppError::Invalid { .. })) => {
            let page = LoginPage {
                lang,
                nav: None,
                csrf_token: form.csrf_token,
                username: form.username,
                error: Some(lang.t(e.key())),
                notice: None,
            };
            let mut res = render(&page, status_of(&e), None, &state);
            if matches!(e, AppError::Throttled) {
                res.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    HeaderValue::from_static("900"),
                );
            }
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}
