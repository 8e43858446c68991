//! Imports from Excel and CSV files, in the browser and on the command line, for five kinds of
//! records ([`ImportKind`]): person records, passport applications, the P3MI/LPK registry, tips
//! and outreach events.
//!
//! A file is **staged** first ([`App::stage_import`]): read into sheets ([`table`]), sealed
//! with the vault key and kept in an import job (migration 0021) while the user checks a
//! preview and the **column mapping** (which column fills which field). The mapping is
//! remembered per kind and source (migration 0020), so the next export of the same agency
//! system maps itself. [`App::start_import`] checks the mapping; [`App::run_import`] then
//! imports every sheet in chunks of [`CHUNK`] rows, recording progress after each chunk (the
//! browser shows a page that refreshes itself), and ends with the counts and the **problems**
//! of bad rows by sheet, row and column (never the value: values are personal data). The
//! sealed file is dropped when the job ends.
//!
//! Re-running an import adds nothing: person records and applications are unique by (source,
//! id) in the store, registry entries by licence number, and tips and outreach events by a key
//! kept in `import_keys` (migration 0022). The rows of a chunk go through the same use cases as
//! single records (`import_people_csv`, `import_applications`, `import_licence_registry`,
//! `submit_tip`, `record_outreach`), so an imported row is checked, screened and audited as a
//! typed one.

pub mod kinds;
mod run;
pub mod table;

pub use kinds::{FieldSpec, ImportKind};
pub use run::CHUNK;

use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::access::{Role, User};
use sinergi_domain::clock::to_millis;
use sinergi_store::imports::ImportJobRow;
use std::collections::BTreeMap;
use table::Sheet;

/// Which header fills which field: field code → header text of the file.
pub type Mapping = BTreeMap<String, String>;

/// Problems kept per job (the counts stay exact beyond it).
pub const MAX_PROBLEMS: usize = 1000;

/// Why a row was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A required column is not mapped or not in this sheet.
    MissingColumn,
    /// A required value is empty.
    Empty,
    /// The value is not valid for its field.
    Invalid,
    /// The row could not be read.
    Unreadable,
}

impl Reason {
    /// The stable code (labels `imp_reason_<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Reason::MissingColumn => "missing_column",
            Reason::Empty => "empty",
            Reason::Invalid => "invalid",
            Reason::Unreadable => "unreadable",
        }
    }
}

/// One bad row: where it is and why, without its value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Sheet name (the file name for a CSV).
    pub sheet: String,
    /// Row number as the spreadsheet shows it.
    pub row: u32,
    /// Column letter (`C`), empty when the whole row is at fault.
    pub column: String,
    /// The file's header of that column, if known.
    pub header: String,
    /// The field code, if the problem is about one field.
    pub field: String,
    /// Why.
    pub reason: Reason,
    /// What the checking use case said (English, never the value).
    pub detail: String,
}

/// Where an import job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Uploaded; waiting for the mapping.
    Staged,
    /// Importing.
    Running,
    /// Finished.
    Done,
    /// Stopped by an error (the rows before it are stored).
    Failed,
}

impl JobState {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            JobState::Staged => "staged",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }

    fn parse(code: &str) -> Result<JobState, AppError> {
        match code {
            "staged" => Ok(JobState::Staged),
            "running" => Ok(JobState::Running),
            "done" => Ok(JobState::Done),
            "failed" => Ok(JobState::Failed),
            other => Err(AppError::Internal(format!(
                "unknown import state {other:?}"
            ))),
        }
    }
}

/// An import job as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportJob {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: ImportKind,
    /// Source label.
    pub source: String,
    /// The uploaded file's name.
    pub file_name: String,
    /// The uploader (user id).
    pub created_by: String,
    /// When uploaded (ms).
    pub created_at: i64,
    /// State.
    pub state: JobState,
    /// Data rows over all sheets.
    pub total_rows: i64,
    /// Rows handled so far.
    pub done_rows: i64,
    /// Rows stored.
    pub added: i64,
    /// Rows already stored by an earlier run.
    pub present: i64,
    /// Rows refused.
    pub refused: i64,
    /// The bad rows (at most [`MAX_PROBLEMS`]).
    pub problems: Vec<Problem>,
    /// When it ended (ms).
    pub finished_at: Option<i64>,
}

impl ImportJob {
    fn of(row: ImportJobRow) -> Result<ImportJob, AppError> {
        let kind = ImportKind::from_code(&row.kind)
            .ok_or_else(|| AppError::Internal(format!("unknown import kind {:?}", row.kind)))?;
        Ok(ImportJob {
            kind,
            state: JobState::parse(&row.state)?,
            problems: serde_json::from_str(&row.problems).unwrap_or_default(),
            id: row.id,
            source: row.source,
            file_name: row.file_name,
            created_by: row.created_by,
            created_at: row.created_at,
            total_rows: row.total_rows,
            done_rows: row.done_rows,
            added: row.added,
            present: row.present,
            refused: row.refused,
            finished_at: row.finished_at,
        })
    }

    /// Per cent of the rows handled (0-100).
    pub fn percent(&self) -> i64 {
        if self.total_rows == 0 {
            100
        } else {
            (self.done_rows * 100 / self.total_rows).clamp(0, 100)
        }
    }
}

/// A few rows of one sheet, for the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetPreview {
    /// Sheet name.
    pub name: String,
    /// Its headers.
    pub headers: Vec<String>,
    /// The first rows.
    pub rows: Vec<table::SheetRow>,
    /// How many data rows it has.
    pub total_rows: usize,
}

/// What the mapping page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The job.
    pub job: ImportJob,
    /// The sheets with their first rows.
    pub sheets: Vec<SheetPreview>,
    /// Every header of the file (over all sheets, first seen first).
    pub headers: Vec<String>,
    /// The mapping to propose: remembered for this kind and source, else guessed.
    pub mapping: Mapping,
    /// Whether `mapping` was remembered.
    pub remembered: bool,
}

/// Rows shown in the preview per sheet.
pub const PREVIEW_ROWS: usize = 5;

/// The purpose under which staged files are sealed.
const SEAL_PURPOSE: &[u8] = b"import-file";

fn check_kind(actor: &Actor, kind: ImportKind) -> Result<(), AppError> {
    kind.permissions()
        .iter()
        .try_for_each(|p| actor.require(*p))
}

/// The kinds `actor` may import (the menu and the upload form ask).
pub fn kinds_for(actor: &Actor) -> Vec<ImportKind> {
    ImportKind::ALL
        .into_iter()
        .filter(|k| check_kind(actor, *k).is_ok())
        .collect()
}

fn check_source(source: &str) -> Result<String, AppError> {
    let s = source.trim();
    if s.is_empty() || s.chars().count() > 64 {
        return Err(AppError::invalid(
            "source",
            "source_invalid",
            "the source label must be 1-64 characters",
        ));
    }
    Ok(s.to_string())
}

/// Every header of the sheets, first seen first.
fn all_headers(sheets: &[Sheet]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in sheets {
        for h in &s.headers {
            if !h.is_empty() && !out.contains(h) {
                out.push(h.clone());
            }
        }
    }
    out
}

/// The mapping guessed from the headers.
pub fn guess_mapping(kind: ImportKind, headers: &[String]) -> Mapping {
    kind.fields()
        .iter()
        .filter_map(|f| kinds::guess(f, headers).map(|h| (f.code.to_string(), h.clone())))
        .collect()
}

impl App {
    /// An actor for the operator at the command line, acting for `agency_code` with a
    /// supervisor's permissions (imports need an office: applications are recorded at one).
    /// Only the CLI calls this; the audit trail names the actor `cli`.
    pub async fn operator_actor(&self, agency_code: &str) -> Result<Actor, AppError> {
        let agency = self.store.agency(agency_code).await.map_err(|_| {
            AppError::invalid(
                "agency",
                "agency_unknown",
                format!("unknown agency `{agency_code}`"),
            )
        })?;
        let today = self.clock.now_wib().date();
        Ok(Actor {
            user: User {
                id: "cli".into(),
                username: "cli".into(),
                display_name: "operator".into(),
                agency_code: agency.code.clone(),
                role: Role::Supervisor,
                active: true,
            },
            agency_name: agency.name_on(today).to_string(),
            csrf_token: String::new(),
            client: "cli".into(),
            scopes: None,
        })
    }

    /// Reads an uploaded file and keeps it sealed in a new job waiting for its mapping.
    /// `source` names the system the file comes from (default: the file name).
    pub async fn stage_import(
        &self,
        actor: &Actor,
        kind: ImportKind,
        source: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ImportJob, AppError> {
        check_kind(actor, kind)?;
        let file_name: String = file_name.trim().chars().take(200).collect();
        let stem = std::path::Path::new(&file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source = check_source(if source.trim().is_empty() {
            &stem
        } else {
            source
        })?;
        let sheets = table::read_file(&file_name, bytes)?;
        let total: usize = sheets.iter().map(|s| s.rows.len()).sum();
        let sealed = self.vault.seal_file(SEAL_PURPOSE, bytes)?;
        let row = ImportJobRow {
            id: uuid::Uuid::new_v4().to_string(),
            kind: kind.code().into(),
            source,
            file_name,
            agency_code: actor.user.agency_code.clone(),
            created_by: actor.user.id.clone(),
            created_at: to_millis(self.clock.now()),
            state: JobState::Staged.code().into(),
            total_rows: total as i64,
            done_rows: 0,
            added: 0,
            present: 0,
            refused: 0,
            problems: "[]".into(),
            finished_at: None,
        };
        self.atomically(async |app| {
            app.store.insert_import_job(&row, &sealed).await?;
            app.audit(&actor.origin(), "import.stage", &row.id, kind.code())
                .await
        })
        .await?;
        ImportJob::of(row)
    }

    /// A job of the actor's agency (others' jobs are not found).
    pub async fn import_job(&self, actor: &Actor, id: &str) -> Result<ImportJob, AppError> {
        let row = self.store.import_job(id).await?.ok_or(AppError::NotFound)?;
        if row.agency_code != actor.user.agency_code {
            return Err(AppError::NotFound);
        }
        let job = ImportJob::of(row)?;
        check_kind(actor, job.kind)?;
        Ok(job)
    }

    /// The latest jobs of the actor's agency that the actor may see, newest first.
    pub async fn import_jobs(&self, actor: &Actor) -> Result<Vec<ImportJob>, AppError> {
        let kinds = kinds_for(actor);
        let rows = self.store.import_jobs(&actor.user.agency_code, 30).await?;
        let mut out = Vec::new();
        for row in rows {
            let job = ImportJob::of(row)?;
            if kinds.contains(&job.kind) {
                out.push(job);
            }
        }
        Ok(out)
    }

    async fn staged_sheets(&self, id: &str, file_name: &str) -> Result<Vec<Sheet>, AppError> {
        let sealed = self
            .store
            .import_job_content(id)
            .await?
            .ok_or(AppError::Conflict("import_not_staged"))?;
        let bytes = self
            .vault
            .open_file(SEAL_PURPOSE, &sealed)
            .ok_or_else(|| AppError::Internal("staged import does not open".into()))?;
        table::read_file(file_name, &bytes)
    }

    /// The preview of a staged job: the first rows of each sheet and the mapping to propose.
    pub async fn import_preview(&self, actor: &Actor, id: &str) -> Result<Preview, AppError> {
        let job = self.import_job(actor, id).await?;
        let sheets = self.staged_sheets(id, &job.file_name).await?;
        let headers = all_headers(&sheets);
        let remembered = self
            .store
            .import_mapping(job.kind.code(), &job.source)
            .await?
            .and_then(|m| serde_json::from_str::<Mapping>(&m).ok())
            .map(|m| {
                m.into_iter()
                    .filter(|(_, h)| headers.contains(h))
                    .collect::<Mapping>()
            })
            .filter(|m| !m.is_empty());
        let (mapping, was_remembered) = match remembered {
            Some(m) => (m, true),
            None => (guess_mapping(job.kind, &headers), false),
        };
        Ok(Preview {
            sheets: sheets
                .into_iter()
                .map(|s| SheetPreview {
                    total_rows: s.rows.len(),
                    rows: s.rows.into_iter().take(PREVIEW_ROWS).collect(),
                    name: s.name,
                    headers: s.headers,
                })
                .collect(),
            headers,
            mapping,
            remembered: was_remembered,
            job,
        })
    }

    /// Accepts the mapping of a staged job (every required field mapped to a header of the
    /// file), remembers it for the kind and source, and marks the job running; call
    /// [`App::run_import`] next. Starting a job twice starts it once.
    pub async fn start_import(
        &self,
        actor: &Actor,
        id: &str,
        source: &str,
        mapping: &Mapping,
    ) -> Result<ImportJob, AppError> {
        let job = self.import_job(actor, id).await?;
        if job.state != JobState::Staged {
            return Ok(job);
        }
        let source = check_source(if source.trim().is_empty() {
            &job.source
        } else {
            source
        })?;
        let sheets = self.staged_sheets(id, &job.file_name).await?;
        let headers = all_headers(&sheets);
        let mapping: Mapping = mapping
            .iter()
            .filter(|(f, h)| !h.is_empty() && job.kind.fields().iter().any(|s| s.code == *f))
            .map(|(f, h)| (f.clone(), h.clone()))
            .collect();
        for spec in job.kind.fields() {
            match mapping.get(spec.code) {
                Some(h) if !headers.contains(h) => {
                    return Err(AppError::invalid(
                        "mapping",
                        "import_header_unknown",
                        format!("field {} maps to a header the file lacks", spec.code),
                    ));
                }
                None if spec.required => {
                    return Err(AppError::invalid(
                        "mapping",
                        "import_field_unmapped",
                        format!("required field {} is not mapped", spec.code),
                    ));
                }
                _ => {}
            }
        }
        let text = serde_json::to_string(&mapping)
            .map_err(|e| AppError::Internal(format!("mapping: {e}")))?;
        let now = to_millis(self.clock.now());
        self.atomically(async |app| {
            app.store
                .put_import_mapping(job.kind.code(), &source, &text, &actor.user.id, now)
                .await?;
            app.store.start_import_job(id, &source).await?;
            app.audit(&actor.origin(), "import.start", id, job.kind.code())
                .await
        })
        .await?;
        self.import_job(actor, id).await
    }
}

/// The column letters of a 0-based column index (`0` → `A`, `26` → `AA`).
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_is_guessed_from_the_headers_of_every_sheet() {
        let sheet = |name: &str, headers: &[&str]| Sheet {
            name: name.into(),
            headers: headers.iter().map(|s| s.to_string()).collect(),
            header_row: 1,
            rows: Vec::new(),
        };
        let sheets = [
            sheet("Jan", &["No", "Nama Lengkap"]),
            sheet("Feb", &["No", "Nama Lengkap", "NIK"]),
        ];
        let headers = all_headers(&sheets);
        assert_eq!(headers, vec!["No", "Nama Lengkap", "NIK"]);
        let m = guess_mapping(ImportKind::People, &headers);
        assert_eq!(m.get("id").map(String::as_str), Some("No"));
        assert_eq!(m.get("nik").map(String::as_str), Some("NIK"));
        assert_eq!(m.len(), 3);
        assert!(check_source("").is_err());
        assert!(check_source(&"x".repeat(65)).is_err());
    }
}
