//! `POST /api/v1/cases/{id}/attachments?name=FILE`: adds an attachment to a case. The body is the
//! file itself (PDF, PNG or JPEG, at most 10 MiB; the type is read from the content, not trusted
//! from the name). Files are stored in the data folder, never in the database.

use crate::AppState;
use crate::error::WebError;
use crate::middleware::ApiErrorBody;
use crate::session::ApiCaller;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use sinergi_app::AppError;
use utoipa::ToSchema;

/// The file name given by the uploader (only letters, digits, `.`, `-`, `_` are kept).
#[derive(Debug, Deserialize)]
pub(crate) struct NameQuery {
    #[serde(default)]
    name: String,
}

/// The stored attachment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentBody {
    /// Attachment id.
    pub id: String,
}

/// Adds an attachment to a case visible to the caller (needs `manage_cases`).
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/attachments",
    tag = "cases",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Case id"),
        ("name" = String, Query, description = "File name"),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "Stored", body = AttachmentBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed", body = ApiErrorBody),
        (status = 404, description = "No such case visible to the caller", body = ApiErrorBody),
        (status = 413, description = "Larger than 10 MiB"),
        (status = 422, description = "Not a PDF, PNG or JPEG", body = ApiErrorBody),
    )
)]
pub(crate) async fn upload(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    Query(q): Query<NameQuery>,
    body: Bytes,
) -> Result<Json<AttachmentBody>, WebError> {
    caller
        .actor
        .require(sinergi_domain::access::Permission::ManageCases)?;
    let Some(dir) = state.settings.data_dir.clone() else {
        return Err(AppError::Conflict("attachments_not_configured").into());
    };
    let id = state
        .app
        .add_attachment(&caller.actor, &id, &dir, &q.name, &body)
        .await?;
    Ok(Json(AttachmentBody { id }))
}
