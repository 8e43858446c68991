//! The account security page (`/account/security`): optional TOTP second factor (enrol,
//! confirm, remove) and signing out everywhere.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::response::{IntoResponse, Redirect, Response};

/// `templates/trust/security.html`.
#[derive(Template, WebTemplate)]
#[template(path = "trust/security.html")]
pub(crate) struct SecurityPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    has_totp: bool,
    enrolment: Option<(String, String)>,
    notice: Option<&'static str>,
    error: Option<&'static str>,
}

/// A form with a one-time code.
#[derive(serde::Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    code: String,
}

/// A change of the second factor: the password again, and a current code when one is on.
#[derive(serde::Deserialize)]
pub(crate) struct ReauthForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

/// Errors the user can correct on the page itself (a wrong password or code, a pause).
fn shown_on_page(e: &sinergi_app::AppError) -> bool {
    matches!(
        e,
        sinergi_app::AppError::Invalid { .. }
            | sinergi_app::AppError::BadCredentials
            | sinergi_app::AppError::Throttled
    )
}

async fn page(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    enrolment: Option<(String, String)>,
    notice: Option<&'static str>,
    error: Option<&'static str>,
) -> Result<SecurityPage, WebError> {
    Ok(SecurityPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        has_totp: state.app.has_totp(&signed.actor.user.id).await?,
        enrolment,
        notice,
        error,
    })
}

/// `GET /account/security`.
pub(crate) async fn get(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<SecurityPage, WebError> {
    page(&state, lang, &signed, None, None, None).await
}

/// `POST /account/totp/enrol`: a new secret to type into an authenticator app (needs the
/// password, and a current code when a second factor is already on).
pub(crate) async fn enrol(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    form: Result<Form<ReauthForm>, FormRejection>,
) -> Result<SecurityPage, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    match state
        .app
        .enrol_totp(&signed.actor, &form.password, &form.code)
        .await
    {
        Ok(e) => {
            page(
                &state,
                lang,
                &signed,
                Some((e.secret_base32, e.uri)),
                None,
                None,
            )
            .await
        }
        Err(e) if shown_on_page(&e) => {
            page(&state, lang, &signed, None, None, Some(lang.t(e.key()))).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /account/totp/confirm`: the first code switches the second factor on.
pub(crate) async fn confirm(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    match state.app.confirm_totp(&signed.actor, &form.code).await {
        Ok(()) => Ok(page(
            &state,
            lang,
            &signed,
            None,
            Some(lang.t("totp_enabled")),
            None,
        )
        .await?
        .into_response()),
        Err(e) if shown_on_page(&e) => {
            Ok(
                page(&state, lang, &signed, None, None, Some(lang.t(e.key())))
                    .await?
                    .into_response(),
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /account/totp/disable`: needs the password and a current code.
pub(crate) async fn disable(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    form: Result<Form<ReauthForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    match state
        .app
        .disable_totp(&signed.actor, &form.password, &form.code)
        .await
    {
        Ok(()) => Ok(Redirect::to("/account/security").into_response()),
        Err(e) if shown_on_page(&e) => {
            Ok(
                page(&state, lang, &signed, None, None, Some(lang.t(e.key())))
                    .await?
                    .into_response(),
            )
        }
        Err(e) => Err(e.into()),
    }
}
