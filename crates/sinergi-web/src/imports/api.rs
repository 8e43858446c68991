//! `GET /api/v1/imports` and `GET /api/v1/imports/{id}`: the caller's agency's import jobs with
//! their progress, counts and bad rows (by sheet, row and column), for systems that upload
//! through the pages or the command line and follow the job.

use crate::AppState;
use crate::error::WebError;
use crate::middleware::ApiErrorBody;
use crate::session::ApiCaller;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use sinergi_app::AppError;
use sinergi_app::imports::{ImportJob, kinds_for};
use utoipa::ToSchema;

/// One refused row.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ImportProblemBody {
    /// Sheet name.
    pub sheet: String,
    /// Row number as the spreadsheet shows it.
    pub row: u32,
    /// Column letter (empty when the whole row is at fault).
    pub column: String,
    /// The file's header of that column.
    pub header: String,
    /// Field code (`full_name`, `nik` …), empty for the whole row.
    pub field: String,
    /// `missing_column`, `empty`, `invalid` or `unreadable`.
    pub reason: String,
    /// What the check said (English; never the value).
    pub detail: String,
}

/// An import job.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ImportJobBody {
    /// Id.
    pub id: String,
    /// `people`, `applicants`, `registry`, `tips` or `outreach`.
    pub kind: String,
    /// Source label (the mapping is remembered under it).
    pub source: String,
    /// The uploaded file's name.
    pub file_name: String,
    /// `staged`, `running`, `done` or `failed`.
    pub state: String,
    /// When uploaded (epoch milliseconds).
    pub created_at: i64,
    /// When it ended (epoch milliseconds).
    pub finished_at: Option<i64>,
    /// Data rows in the file.
    pub total_rows: i64,
    /// Rows handled so far.
    pub done_rows: i64,
    /// Per cent done.
    pub percent: i64,
    /// Rows stored.
    pub added: i64,
    /// Rows already stored by an earlier run.
    pub present: i64,
    /// Rows refused.
    pub refused: i64,
    /// The refused rows (the first 1,000).
    pub problems: Vec<ImportProblemBody>,
}

impl ImportJobBody {
    fn of(j: ImportJob) -> ImportJobBody {
        ImportJobBody {
            kind: j.kind.code().to_string(),
            state: j.state.code().to_string(),
            percent: j.percent(),
            problems: j
                .problems
                .into_iter()
                .map(|p| ImportProblemBody {
                    reason: p.reason.code().to_string(),
                    sheet: p.sheet,
                    row: p.row,
                    column: p.column,
                    header: p.header,
                    field: p.field,
                    detail: p.detail,
                })
                .collect(),
            id: j.id,
            source: j.source,
            file_name: j.file_name,
            created_at: j.created_at,
            finished_at: j.finished_at,
            total_rows: j.total_rows,
            done_rows: j.done_rows,
            added: j.added,
            present: j.present,
            refused: j.refused,
        }
    }
}

fn may_import(c: &ApiCaller) -> Result<(), WebError> {
    if kinds_for(&c.actor).is_empty() {
        return Err(AppError::Forbidden.into());
    }
    Ok(())
}

/// The latest import jobs of the caller's agency, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/imports",
    operation_id = "list_imports",
    tag = "information",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The jobs", body = [ImportJobBody]),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed to import anything", body = ApiErrorBody),
    )
)]
pub(crate) async fn list(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<Json<Vec<ImportJobBody>>, WebError> {
    may_import(&c)?;
    let jobs = s.app.import_jobs(&c.actor).await?;
    Ok(Json(jobs.into_iter().map(ImportJobBody::of).collect()))
}

/// One import job of the caller's agency: its progress, counts and refused rows.
#[utoipa::path(
    get,
    path = "/api/v1/imports/{id}",
    operation_id = "get_import",
    tag = "information",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Import job id")),
    responses(
        (status = 200, description = "The job", body = ImportJobBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed to import this kind", body = ApiErrorBody),
        (status = 404, description = "No such job of the caller's agency", body = ApiErrorBody),
    )
)]
pub(crate) async fn one(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ImportJobBody>, WebError> {
    may_import(&c)?;
    let job = s.app.import_job(&c.actor, &id).await?;
    Ok(Json(ImportJobBody::of(job)))
}
