//! Administration pages: user accounts (`/admin/users`) and API clients of other agencies'
//! systems (`/admin/api-clients`). The application checks `ManageUsers` / `ManageApiClients`.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::pages::home::role_name;
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::AppError;
use sinergi_app::auth::{Caller, NewUser};
use sinergi_domain::access::{Permission, Role};

/// One row of the user list.
pub(crate) struct UserRow {
    username: String,
    display_name: String,
    agency_code: String,
    role: &'static str,
    active: bool,
}

/// `templates/trust/users.html`.
#[derive(Template, WebTemplate)]
#[template(path = "trust/users.html")]
pub(crate) struct UsersPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, &'static str)>,
    agencies: Vec<(String, String)>,
    notice: Option<String>,
    error: Option<&'static str>,
}

/// The new-user form.
#[derive(serde::Deserialize)]
pub(crate) struct UserForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

async fn users_page(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    notice: Option<String>,
    error: Option<&'static str>,
) -> Result<UsersPage, WebError> {
    let users = state
        .app
        .users(&signed.actor)
        .await?
        .into_iter()
        .map(|u| UserRow {
            role: role_name(lang, u.role),
            username: u.username,
            display_name: u.display_name,
            agency_code: u.agency_code,
            active: u.active,
        })
        .collect();
    let today = state.app.clock().now_wib().date();
    let agencies = state
        .app
        .agencies()
        .await?
        .into_iter()
        .map(|a| (a.code.clone(), a.name_on(today).to_string()))
        .collect();
    Ok(UsersPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        users,
        roles: Role::ALL
            .into_iter()
            .map(|r| (r.code(), role_name(lang, r)))
            .collect(),
        agencies,
        notice,
        error,
    })
}

/// `GET /admin/users`.
pub(crate) async fn users(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<UsersPage, WebError> {
    users_page(&state, lang, &signed, None, None).await
}

/// `POST /admin/users`: creates an account.
pub(crate) async fn add_user(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    form: Result<Form<UserForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    signed.actor.require(Permission::ManageUsers)?;
    let role = form
        .role
        .parse::<Role>()
        .map_err(|e| AppError::invalid("role", "role_unknown", e.to_string()))?;
    let result = state
        .app
        .add_user(
            Caller::Actor(&signed.actor),
            NewUser {
                username: form.username,
                display_name: form.display_name,
                agency_code: form.agency,
                role,
                password: form.password,
            },
        )
        .await;
    match result {
        Ok(u) => Ok(users_page(
            &state,
            lang,
            &signed,
            Some(format!("{} {}", lang.t("user_created"), u.username)),
            None,
        )
        .await?
        .into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            Ok(
                users_page(&state, lang, &signed, None, Some(lang.t(e.key())))
                    .await?
                    .into_response(),
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// One row of the API-client list.
pub(crate) struct ClientRow {
    id: String,
    name: String,
    agency: String,
    /// Permission codes (for the page to label).
    scopes: Vec<&'static str>,
    revoked: bool,
}

/// `templates/trust/api_clients.html`.
#[derive(Template, WebTemplate)]
#[template(path = "trust/api_clients.html")]
pub(crate) struct ClientsPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    clients: Vec<ClientRow>,
    scopes: Vec<&'static str>,
    agencies: Vec<(String, String)>,
    new_token: Option<String>,
    error: Option<&'static str>,
}

/// The new-client form: `scopes` repeats, one permission code per ticked box (a space- or
/// comma-separated list in one field is read too, for scripts).
pub(crate) struct ClientForm {
    csrf_token: String,
    name: String,
    agency: String,
    scopes: String,
}

impl ClientForm {
    fn from_pairs(pairs: &[(String, String)]) -> ClientForm {
        let one = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        ClientForm {
            csrf_token: one("csrf_token"),
            name: one("name"),
            agency: one("agency"),
            scopes: pairs
                .iter()
                .filter(|(n, _)| n == "scopes")
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// A form with a CSRF token only.
#[derive(serde::Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf_token: String,
}

async fn clients_page(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    new_token: Option<String>,
    error: Option<&'static str>,
) -> Result<ClientsPage, WebError> {
    let today = state.app.clock().now_wib().date();
    let agencies: Vec<(String, String)> = state
        .app
        .agencies()
        .await?
        .into_iter()
        .map(|a| (a.code.clone(), a.name_on(today).to_string()))
        .collect();
    let clients = state
        .app
        .api_clients(&signed.actor)
        .await?
        .into_iter()
        .map(|c| ClientRow {
            scopes: c.scopes.iter().map(|p| p.code()).collect(),
            id: c.id,
            name: c.name,
            agency: agencies
                .iter()
                .find(|(code, _)| *code == c.agency_code)
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
            revoked: c.revoked,
        })
        .collect();
    Ok(ClientsPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        clients,
        scopes: Permission::ALL.into_iter().map(|p| p.code()).collect(),
        agencies,
        new_token,
        error,
    })
}

/// `GET /admin/api-clients`.
pub(crate) async fn clients(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<ClientsPage, WebError> {
    clients_page(&state, lang, &signed, None, None).await
}

/// `POST /admin/api-clients`: registers a client and shows its token once.
pub(crate) async fn add_client(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(pairs) = form.map_err(|_| WebError::BadRequest)?;
    let form = ClientForm::from_pairs(&pairs);
    check_csrf(&signed.actor, &form.csrf_token)?;
    signed.actor.require(Permission::ManageApiClients)?;
    let scopes: Result<Vec<Permission>, _> = form
        .scopes
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse::<Permission>)
        .collect();
    let scopes = scopes.map_err(|e| AppError::invalid("scopes", "scope_unknown", e.to_string()))?;
    match state
        .app
        .create_api_client(&signed.actor, &form.name, &form.agency, &scopes)
        .await
    {
        Ok((_, token)) => Ok(clients_page(&state, lang, &signed, Some(token), None)
            .await?
            .into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            Ok(
                clients_page(&state, lang, &signed, None, Some(lang.t(e.key())))
                    .await?
                    .into_response(),
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/api-clients/{id}/revoke`.
pub(crate) async fn revoke_client(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    state.app.revoke_api_client(&signed.actor, &id).await?;
    Ok(Redirect::to("/admin/api-clients").into_response())
}
