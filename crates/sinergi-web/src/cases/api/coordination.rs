//! Coordination between agencies over the JSON API: meetings and their action items,
//! bulletins, notifications and the home-page notices.

use super::body;
use super::requests::*;
use super::responses::*;
use crate::AppState;
use crate::error::WebError;
use crate::middleware::ApiErrorBody;
use crate::session::ApiCaller;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};

/// Every coordination meeting with its attendees and action items.
#[utoipa::path(
    get,
    path = "/api/v1/meetings",
    operation_id = "list_meetings",
    tag = "cases",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The meetings", body = [MeetingBody]),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs view_dashboard)", body = ApiErrorBody),
    )
)]
pub(crate) async fn meetings(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<Json<Vec<MeetingBody>>, WebError> {
    let rows = s.app.meetings(&c.actor).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(m, attendees, items)| MeetingBody::of(m, attendees, items))
            .collect(),
    ))
}

/// Records a coordination meeting hosted by the caller's agency.
#[utoipa::path(
    post,
    path = "/api/v1/meetings",
    operation_id = "create_meeting",
    tag = "cases",
    security(("bearer" = [])),
    request_body = MeetingRequest,
    responses(
        (status = 200, description = "Recorded", body = CreatedBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs manage_meetings)", body = ApiErrorBody),
        (status = 422, description = "A field is not valid, or an unknown agency", body = ApiErrorBody),
    )
)]
pub(crate) async fn create_meeting(
    State(s): State<AppState>,
    c: ApiCaller,
    req: Result<Json<MeetingRequest>, JsonRejection>,
) -> Result<Json<CreatedBody>, WebError> {
    let id = s.app.create_meeting(&c.actor, body(req)?.into()).await?;
    Ok(Json(CreatedBody { id }))
}

/// Assigns an action item of a meeting to an agency.
#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/actions",
    operation_id = "add_action_item",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Meeting id")),
    request_body = ActionItemRequest,
    responses(
        (status = 200, description = "Assigned", body = CreatedBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs manage_meetings)", body = ApiErrorBody),
        (status = 404, description = "Unknown meeting", body = ApiErrorBody),
        (status = 422, description = "A field is not valid, or an unknown agency", body = ApiErrorBody),
    )
)]
pub(crate) async fn add_action(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<ActionItemRequest>, JsonRejection>,
) -> Result<Json<CreatedBody>, WebError> {
    let b = body(req)?;
    let id = s
        .app
        .add_action_item(&c.actor, &id, &b.agency, &b.description, &b.due_on)
        .await?;
    Ok(Json(CreatedBody { id }))
}

/// Closes an action item of the caller's agency (`done` unless another state is given).
#[utoipa::path(
    post,
    path = "/api/v1/actions/{id}/close",
    operation_id = "close_action_item",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Action item id")),
    request_body = CloseActionRequest,
    responses(
        (status = 200, description = "Closed: the new state", body = ActionStateBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs view_dashboard), or another agency's item", body = ApiErrorBody),
        (status = 404, description = "Unknown action item", body = ApiErrorBody),
        (status = 409, description = "Already closed, or changed meanwhile", body = ApiErrorBody),
        (status = 422, description = "Unknown state", body = ApiErrorBody),
    )
)]
pub(crate) async fn close_action(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<CloseActionRequest>, JsonRejection>,
) -> Result<Json<ActionStateBody>, WebError> {
    let b = body(req)?;
    let to = if b.state.is_empty() {
        "done".to_string()
    } else {
        b.state
    };
    s.app.close_action_item(&c.actor, &id, &to).await?;
    Ok(Json(ActionStateBody { state: to }))
}

/// Every bulletin with its read receipts.
#[utoipa::path(
    get,
    path = "/api/v1/bulletins",
    operation_id = "list_bulletins",
    tag = "cases",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The bulletins", body = [BulletinBody]),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs view_dashboard)", body = ApiErrorBody),
    )
)]
pub(crate) async fn bulletins(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<Json<Vec<BulletinBody>>, WebError> {
    let rows = s.app.bulletins(&c.actor).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(b, reads)| BulletinBody::of(b, reads))
            .collect(),
    ))
}

/// Posts a bulletin to every agency (a modus, a recruiter active in a district, ...).
#[utoipa::path(
    post,
    path = "/api/v1/bulletins",
    operation_id = "post_bulletin",
    tag = "cases",
    security(("bearer" = [])),
    request_body = BulletinRequest,
    responses(
        (status = 200, description = "Posted", body = CreatedBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs coordinate)", body = ApiErrorBody),
        (status = 422, description = "A field is not valid", body = ApiErrorBody),
    )
)]
pub(crate) async fn post_bulletin(
    State(s): State<AppState>,
    c: ApiCaller,
    req: Result<Json<BulletinRequest>, JsonRejection>,
) -> Result<Json<CreatedBody>, WebError> {
    let b = body(req)?;
    let id = s
        .app
        .post_bulletin(&c.actor, &b.kind, &b.title, &b.body, b.region_code)
        .await?;
    Ok(Json(CreatedBody { id }))
}

/// Marks a bulletin read by the caller.
#[utoipa::path(
    post,
    path = "/api/v1/bulletins/{id}/read",
    operation_id = "read_bulletin",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Bulletin id")),
    responses(
        (status = 200, description = "Marked read", body = DoneBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs view_dashboard)", body = ApiErrorBody),
        (status = 404, description = "Unknown bulletin", body = ApiErrorBody),
    )
)]
pub(crate) async fn read_bulletin(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<DoneBody>, WebError> {
    s.app.read_bulletin(&c.actor, &id).await?;
    Ok(Json(DoneBody::YES))
}

/// The notifications of the caller's agency, newest first (at most 200).
#[utoipa::path(
    get,
    path = "/api/v1/notifications",
    operation_id = "list_notifications",
    tag = "cases",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The notifications", body = [NotificationBody]),
        (status = 401, description = "No valid token", body = ApiErrorBody),
    )
)]
pub(crate) async fn notifications(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<Json<Vec<NotificationBody>>, WebError> {
    let rows = s.app.notifications(&c.actor).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// What the home page shows the caller's agency: overdue action items, waiting and overdue
/// referrals, unread notifications.
#[utoipa::path(
    get,
    path = "/api/v1/home-notices",
    operation_id = "get_home_notices",
    tag = "cases",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The notices", body = HomeNoticesBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
    )
)]
pub(crate) async fn home_notices(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<Json<HomeNoticesBody>, WebError> {
    Ok(Json(s.app.home_notices(&c.actor).await?.into()))
}
