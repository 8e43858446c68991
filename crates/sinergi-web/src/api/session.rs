//! `POST/DELETE /api/v1/session` and `GET /api/v1/me`.

use crate::AppState;
use crate::error::WebError;
use crate::middleware::ApiErrorBody;
use crate::session::{ApiCaller, ClientAddr};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sinergi_app::auth::Actor;
use sinergi_domain::access::Permission;
use utoipa::ToSchema;

/// Credentials for `POST /api/v1/session`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// Username.
    pub username: String,
    /// Password.
    pub password: String,
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    /// Account id.
    pub id: String,
    /// Username.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Agency code, e.g. `kanim-malang`.
    pub agency_code: String,
    /// The agency's name in force today.
    pub agency_name: String,
    /// Role code, e.g. `immigration_officer`.
    pub role: String,
    /// Permission codes the account may use.
    pub permissions: Vec<String>,
}

impl UserView {
    /// The view of an actor.
    pub fn of(actor: &Actor) -> Self {
        UserView {
            id: actor.user.id.clone(),
            username: actor.user.username.clone(),
            display_name: actor.user.display_name.clone(),
            agency_code: actor.user.agency_code.clone(),
            agency_name: actor.agency_name.clone(),
            role: actor.user.role.code().to_string(),
            permissions: Permission::ALL
                .iter()
                .filter(|p| actor.can(**p))
                .map(|p| p.code().to_string())
                .collect(),
        }
    }
}

/// A new session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResponse {
    /// The bearer token. Shown once; keep it secret.
    pub token: String,
    /// The signed-in user.
    pub user: UserView,
}

/// Signs in and returns a bearer token.
#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 201, description = "Signed in", body = SessionResponse),
        (status = 401, description = "Wrong username or password", body = ApiErrorBody),
        (status = 429, description = "Too many failed sign-ins", body = ApiErrorBody),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<SessionResponse>), WebError> {
    let Json(body) = body.map_err(|_| WebError::BadRequest)?;
    let session = state
        .app
        .login(&body.username, &body.password, &client)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionResponse {
            user: UserView::of(&session.actor),
            token: session.token,
        }),
    ))
}

/// Ends the session of the bearer token.
#[utoipa::path(
    delete,
    path = "/api/v1/session",
    tag = "session",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "No valid token", body = ApiErrorBody),
    )
)]
pub(crate) async fn delete(
    State(state): State<AppState>,
    ApiCaller { actor, token }: ApiCaller,
) -> Result<StatusCode, WebError> {
    state.app.logout(&token, &actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The user behind the bearer token.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "session",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = UserView),
        (status = 401, description = "No valid token", body = ApiErrorBody),
    )
)]
pub(crate) async fn me(ApiCaller { actor, .. }: ApiCaller) -> Json<UserView> {
    Json(UserView::of(&actor))
}
