//! `/impor`: imports of Excel (XLSX) and CSV files in the browser. Upload a file (`POST
//! /impor`), check its preview and the column mapping (`/impor/{id}`, remembered per source),
//! start it (`POST /impor/{id}/mulai`); the import runs in the background and `/impor/{id}`
//! shows its progress (the page refreshes itself every two seconds, no script), then the
//! counts and the bad rows by sheet, row and column. The list of imports and the bad rows
//! download as XLSX and CSV ([`crate::exports`]).

pub(crate) mod api;

use crate::AppState;
use crate::error::WebError;
use crate::exports::{self, Format, Sheet};
use crate::i18n::Lang;
use crate::multipart;
use crate::pages::Nav;
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_TYPE, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use sinergi_app::AppError;
use sinergi_app::imports::{ImportJob, ImportKind, JobState, Mapping, Preview, kinds_for};
use sinergi_domain::clock::{format_wib, from_millis};

/// The largest upload (the app refuses files over 25 MiB).
const MAX_UPLOAD: usize = sinergi_app::imports::table::MAX_FILE_BYTES + 64 * 1024;

/// The routes of the imports.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/impor",
            get(index)
                .post(upload)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/impor/unduh", get(download_list))
        .route("/impor/{id}", get(job_page))
        .route("/impor/{id}/mulai", post(start))
        .route("/impor/{id}/masalah", get(download_problems))
        .route("/api/v1/imports", get(api::list))
        .route("/api/v1/imports/{id}", get(api::one))
}

/// `?format=` of a download.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct DownloadParams {
    format: String,
}

/// One job in the list.
#[derive(Debug, Clone)]
pub(crate) struct JobRow {
    id: String,
    when: String,
    kind: &'static str,
    file_name: String,
    source: String,
    state: &'static str,
    added: i64,
    present: i64,
    refused: i64,
}

fn job_row(j: &ImportJob, lang: Lang) -> JobRow {
    JobRow {
        id: j.id.clone(),
        when: format_wib(from_millis(j.created_at)),
        kind: lang.label("imp_kind", j.kind.code()),
        file_name: j.file_name.clone(),
        source: j.source.clone(),
        state: lang.label("imp_state", j.state.code()),
        added: j.added,
        present: j.present,
        refused: j.refused,
    }
}

/// `templates/imports/index.html`.
#[derive(Template, WebTemplate)]
#[template(path = "imports/index.html")]
pub(crate) struct IndexPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    kinds: Vec<(&'static str, &'static str)>,
    jobs: Vec<JobRow>,
    error: Option<&'static str>,
}

/// Who may import nothing is refused before anything is read.
fn may_import(signed: &SignedIn) -> Result<(), WebError> {
    if kinds_for(&signed.actor).is_empty() {
        return Err(AppError::Forbidden.into());
    }
    Ok(())
}

async fn index_page(
    s: &AppState,
    lang: Lang,
    signed: &SignedIn,
    error: Option<&'static str>,
) -> Result<IndexPage, WebError> {
    let kinds = kinds_for(&signed.actor);
    if kinds.is_empty() {
        return Err(AppError::Forbidden.into());
    }
    let jobs = s.app.import_jobs(&signed.actor).await?;
    Ok(IndexPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        kinds: kinds
            .iter()
            .map(|k| (k.code(), lang.label("imp_kind", k.code())))
            .collect(),
        jobs: jobs.iter().map(|j| job_row(j, lang)).collect(),
        error,
    })
}

/// `GET /impor`.
pub(crate) async fn index(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<IndexPage, WebError> {
    index_page(&s, lang, &signed, None).await
}

/// `POST /impor`: stages the uploaded file and shows its preview.
pub(crate) async fn upload(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    may_import(&signed)?;
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let parts = multipart::parse(content_type, &body).ok_or(WebError::BadRequest)?;
    check_csrf(&signed.actor, multipart::text(&parts, "csrf_token"))?;
    let kind = ImportKind::from_code(multipart::text(&parts, "jenis"))
        .ok_or_else(|| AppError::invalid("kind", "import_kind", "unknown kind"))?;
    let file = parts
        .iter()
        .find(|p| p.name == "berkas" && !p.data.is_empty());
    let result = match file {
        Some(f) => {
            let name = f.file_name.clone().unwrap_or_default();
            s.app
                .stage_import(
                    &signed.actor,
                    kind,
                    multipart::text(&parts, "sumber"),
                    &name,
                    f.data,
                )
                .await
        }
        None => Err(AppError::invalid("file", "file_required", "choose a file")),
    };
    match result {
        Ok(job) => Ok(Redirect::to(&format!("/impor/{}", job.id)).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let page = index_page(&s, lang, &signed, Some(e.key())).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// One field of the mapping form.
#[derive(Debug, Clone)]
pub(crate) struct FieldRow {
    code: &'static str,
    label: &'static str,
    required: bool,
    /// `(header, selected)` choices.
    choices: Vec<(String, bool)>,
}

/// One sheet of the preview.
#[derive(Debug, Clone)]
pub(crate) struct SheetView {
    name: String,
    total: usize,
    headers: Vec<String>,
    rows: Vec<(u32, Vec<String>)>,
}

/// One bad row as shown.
#[derive(Debug, Clone)]
pub(crate) struct ProblemRow {
    sheet: String,
    row: u32,
    column: String,
    reason: String,
}

/// `templates/imports/job.html`.
#[derive(Template, WebTemplate)]
#[template(path = "imports/job.html")]
pub(crate) struct JobPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    job: JobRow,
    staged: bool,
    running: bool,
    percent: i64,
    done_rows: i64,
    total_rows: i64,
    remembered: bool,
    fields: Vec<FieldRow>,
    sheets: Vec<SheetView>,
    problems: Vec<ProblemRow>,
    more_problems: bool,
    error: Option<&'static str>,
}

fn problem_rows(job: &ImportJob, lang: Lang) -> Vec<ProblemRow> {
    job.problems
        .iter()
        .map(|p| {
            let field = if p.field.is_empty() {
                String::new()
            } else {
                lang.label("imp_field", &p.field).to_string()
            };
            let column = match (p.column.as_str(), p.header.as_str()) {
                ("", "") => field.clone(),
                ("", h) => h.to_string(),
                (c, "") => c.to_string(),
                (c, h) => format!("{c} ({h})"),
            };
            let reason = lang.label("imp_reason", p.reason.code());
            ProblemRow {
                sheet: p.sheet.clone(),
                row: p.row,
                column,
                reason: if field.is_empty() {
                    reason.to_string()
                } else {
                    format!("{reason}: {field}")
                },
            }
        })
        .collect()
}

fn job_page_of(
    signed: &SignedIn,
    lang: Lang,
    job: &ImportJob,
    preview: Option<&Preview>,
    error: Option<&'static str>,
) -> JobPage {
    let fields = preview
        .map(|p| {
            job.kind
                .fields()
                .iter()
                .map(|f| FieldRow {
                    code: f.code,
                    label: lang.label("imp_field", f.code),
                    required: f.required,
                    choices: p
                        .headers
                        .iter()
                        .map(|h| (h.clone(), p.mapping.get(f.code) == Some(h)))
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let sheets = preview
        .map(|p| {
            p.sheets
                .iter()
                .map(|s| SheetView {
                    name: s.name.clone(),
                    total: s.total_rows,
                    headers: s.headers.clone(),
                    rows: s.rows.iter().map(|r| (r.number, r.cells.clone())).collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    JobPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        job: job_row(job, lang),
        staged: job.state == JobState::Staged,
        running: job.state == JobState::Running,
        percent: job.percent(),
        done_rows: job.done_rows,
        total_rows: job.total_rows,
        remembered: preview.is_some_and(|p| p.remembered),
        fields,
        sheets,
        problems: problem_rows(job, lang),
        more_problems: job.refused > job.problems.len() as i64,
        error,
    }
}

/// `GET /impor/{id}`: the preview and mapping, the progress, or the outcome.
pub(crate) async fn job_page(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    may_import(&signed)?;
    let job = s.app.import_job(&signed.actor, &id).await?;
    let preview = if job.state == JobState::Staged {
        Some(s.app.import_preview(&signed.actor, &id).await?)
    } else {
        None
    };
    let page = job_page_of(&signed, lang, &job, preview.as_ref(), None);
    if job.state == JobState::Running {
        // The progress page reloads itself (no script needed).
        return Ok(([("refresh", "2")], page).into_response());
    }
    Ok(page.into_response())
}

/// `POST /impor/{id}/mulai`: accepts the mapping and runs the import in the background.
pub(crate) async fn start(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    may_import(&signed)?;
    let value = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    check_csrf(&signed.actor, value("csrf_token"))?;
    let mapping: Mapping = form
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("kolom_")
                .filter(|_| !v.is_empty())
                .map(|f| (f.to_string(), v.clone()))
        })
        .collect();
    match s
        .app
        .start_import(&signed.actor, &id, value("sumber"), &mapping)
        .await
    {
        Ok(job) => {
            if job.state == JobState::Running && job.done_rows == 0 {
                let app = s.app.clone();
                let actor = signed.actor.clone();
                tokio::spawn(async move {
                    if let Err(e) = app.run_import(&actor, &id, &|_| {}).await {
                        tracing::error!(error = %e, "import failed");
                    }
                });
            }
            Ok(Redirect::to(&format!("/impor/{}", job.id)).into_response())
        }
        Err(e @ AppError::Invalid { .. }) => {
            let job = s.app.import_job(&signed.actor, &id).await?;
            let mut preview = s.app.import_preview(&signed.actor, &id).await?;
            preview.mapping = mapping;
            let page = job_page_of(&signed, lang, &job, Some(&preview), Some(e.key()));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

fn format_of(p: &DownloadParams) -> Result<Format, WebError> {
    Format::parse(&p.format)
        .ok_or_else(|| AppError::invalid("format", "export_format", "csv or xlsx").into())
}

/// `GET /impor/unduh?format=xlsx|csv`: the list of imports.
pub(crate) async fn download_list(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Query(p): Query<DownloadParams>,
) -> Result<Response, WebError> {
    may_import(&signed)?;
    let format = format_of(&p)?;
    let jobs = s.app.import_jobs(&signed.actor).await?;
    let sheet = Sheet {
        name: lang.t("imp_title").to_string(),
        headers: [
            "imp_col_when",
            "imp_col_kind",
            "imp_col_file",
            "imp_col_source",
            "imp_col_state",
            "imp_col_added",
            "imp_col_present",
            "imp_col_refused",
        ]
        .iter()
        .map(|k| lang.t(k).to_string())
        .collect(),
        rows: jobs
            .iter()
            .map(|j| {
                let r = job_row(j, lang);
                vec![
                    r.when,
                    r.kind.to_string(),
                    r.file_name,
                    r.source,
                    r.state.to_string(),
                    r.added.to_string(),
                    r.present.to_string(),
                    r.refused.to_string(),
                ]
            })
            .collect(),
    };
    Ok(exports::download(&sheet, format, "sinergi-impor"))
}

/// `GET /impor/{id}/masalah?format=xlsx|csv`: the bad rows of an import.
pub(crate) async fn download_problems(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    Query(p): Query<DownloadParams>,
) -> Result<Response, WebError> {
    may_import(&signed)?;
    let format = format_of(&p)?;
    let job = s.app.import_job(&signed.actor, &id).await?;
    let sheet = Sheet {
        name: lang.t("imp_problems").to_string(),
        headers: [
            "imp_col_sheet",
            "imp_col_row",
            "imp_col_column",
            "imp_col_problem",
        ]
        .iter()
        .map(|k| lang.t(k).to_string())
        .collect(),
        rows: problem_rows(&job, lang)
            .into_iter()
            .map(|r| vec![r.sheet, r.row.to_string(), r.column, r.reason])
            .collect(),
    };
    Ok(exports::download(&sheet, format, "sinergi-impor-masalah"))
}
