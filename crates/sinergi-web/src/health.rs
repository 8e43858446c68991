//! `GET /healthz`: is the process up and does the database answer.

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// 200 `{"status":"ok","database":"sqlite"}` when the database answers, else 503 with
/// `"status":"unavailable"`.
pub(crate) async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = state.app.backend_name();
    if state.app.healthy().await {
        (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": database})),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable", "database": database})),
        )
    }
}
