//! Imports from CSV/XLSX files (migrations 0020-0022): remembered column mappings per kind and
//! source, import jobs with their progress and problems, and the keys of rows already imported
//! for kinds without a natural unique key.

use crate::query::{binds, text};
use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

/// One import job as stored (without the sealed file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportJobRow {
    /// Id.
    pub id: String,
    /// Kind code (`people`, `applicants`, `registry`, `tips`, `outreach`).
    pub kind: String,
    /// Source label.
    pub source: String,
    /// The uploaded file's name.
    pub file_name: String,
    /// The uploader's agency.
    pub agency_code: String,
    /// The uploader.
    pub created_by: String,
    /// When uploaded (ms).
    pub created_at: i64,
    /// `staged`, `running`, `done` or `failed`.
    pub state: String,
    /// Data rows in the file.
    pub total_rows: i64,
    /// Rows handled so far.
    pub done_rows: i64,
    /// Rows stored.
    pub added: i64,
    /// Rows already stored by an earlier run.
    pub present: i64,
    /// Rows refused.
    pub refused: i64,
    /// JSON list of problems.
    pub problems: String,
    /// When finished (ms).
    pub finished_at: Option<i64>,
}

const JOB_ONE: &str = "SELECT id, kind, source, file_name, agency_code, created_by, created_at, \
     state, total_rows, done_rows, added, present, refused, problems, finished_at \
     FROM import_jobs WHERE id = $1";
const JOB_LIST: &str = "SELECT id, kind, source, file_name, agency_code, created_by, created_at, \
     state, total_rows, done_rows, added, present, refused, problems, finished_at \
     FROM import_jobs WHERE agency_code = $1 ORDER BY created_at DESC, id LIMIT $2";

const MAPPING_GET: &str = "SELECT mapping FROM import_mappings WHERE kind = $1 AND source = $2";
const MAPPING_PUT: &str = "INSERT INTO import_mappings (kind, source, mapping, updated_by, \
     updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, source) DO UPDATE SET \
     mapping = excluded.mapping, updated_by = excluded.updated_by, updated_at = excluded.updated_at";
const JOB_INSERT: &str = "INSERT INTO import_jobs (id, kind, source, file_name, agency_code, \
     created_by, created_at, state, content_enc, total_rows, done_rows, added, present, refused, \
     problems, finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 0, 0, 0, '[]', NULL)";
const JOB_CONTENT: &str = "SELECT content_enc FROM import_jobs WHERE id = $1";
const JOB_START: &str = "UPDATE import_jobs SET state = 'running', source = $2 \
     WHERE id = $1 AND state = 'staged'";
const JOB_PROGRESS: &str = "UPDATE import_jobs SET total_rows = $2, done_rows = $3, added = $4, \
     present = $5, refused = $6 WHERE id = $1";
const JOB_FINISH: &str = "UPDATE import_jobs SET state = $2, problems = $3, finished_at = $4, \
     content_enc = NULL WHERE id = $1";
const KEY_INSERT: &str = "INSERT INTO import_keys (kind, row_key, record_id, created_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (kind, row_key) DO NOTHING";
const KEY_GET: &str = "SELECT record_id FROM import_keys WHERE kind = $1 AND row_key = $2";

fn job_row(r: &AnyRow) -> Result<ImportJobRow> {
    Ok(ImportJobRow {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        source: r.try_get(2)?,
        file_name: r.try_get(3)?,
        agency_code: r.try_get(4)?,
        created_by: r.try_get(5)?,
        created_at: r.try_get(6)?,
        state: r.try_get(7)?,
        total_rows: r.try_get(8)?,
        done_rows: r.try_get(9)?,
        added: r.try_get(10)?,
        present: r.try_get(11)?,
        refused: r.try_get(12)?,
        problems: r.try_get(13)?,
        finished_at: r.try_get(14)?,
    })
}

/// The counts of a job in progress.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportProgress {
    /// Data rows in the file.
    pub total_rows: i64,
    /// Rows handled so far.
    pub done_rows: i64,
    /// Rows stored.
    pub added: i64,
    /// Rows already stored.
    pub present: i64,
    /// Rows refused.
    pub refused: i64,
}

fn bytes_of(r: &AnyRow) -> Result<Option<Vec<u8>>> {
    Ok(r.try_get(0)?)
}

impl Store {
    /// The remembered mapping (JSON) of a kind and source.
    pub async fn import_mapping(&self, kind: &str, source: &str) -> Result<Option<String>> {
        self.row(MAPPING_GET, binds![kind, source], text).await
    }

    /// Remembers the mapping (JSON) of a kind and source.
    pub async fn put_import_mapping(
        &self,
        kind: &str,
        source: &str,
        mapping: &str,
        by: &str,
        at: i64,
    ) -> Result<()> {
        self.exec(MAPPING_PUT, binds![kind, source, mapping, by, at])
            .await?;
        Ok(())
    }

    /// Stores a new job in state `staged` with its sealed file and row count.
    pub async fn insert_import_job(&self, job: &ImportJobRow, content: &[u8]) -> Result<()> {
        self.exec(
            JOB_INSERT,
            binds![
                job.id.as_str(),
                job.kind.as_str(),
                job.source.as_str(),
                job.file_name.as_str(),
                job.agency_code.as_str(),
                job.created_by.as_str(),
                job.created_at,
                job.state.as_str(),
                content,
                job.total_rows
            ],
        )
        .await?;
        Ok(())
    }

    /// A job by id.
    pub async fn import_job(&self, id: &str) -> Result<Option<ImportJobRow>> {
        self.row(JOB_ONE, binds![id], job_row).await
    }

    /// The latest jobs of an agency, newest first.
    pub async fn import_jobs(&self, agency: &str, limit: i64) -> Result<Vec<ImportJobRow>> {
        self.rows(JOB_LIST, binds![agency, limit], job_row).await
    }

    /// The sealed file of a job (`None` once the job has ended).
    pub async fn import_job_content(&self, id: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.row(JOB_CONTENT, binds![id], bytes_of).await?.flatten())
    }

    /// Moves a staged job to `running` under its final source label; `false` when it was not
    /// staged (already started: a double submit starts it once).
    pub async fn start_import_job(&self, id: &str, source: &str) -> Result<bool> {
        Ok(self.exec(JOB_START, binds![id, source]).await? == 1)
    }

    /// Records a job's progress.
    pub async fn import_job_progress(&self, id: &str, p: ImportProgress) -> Result<()> {
        self.exec(
            JOB_PROGRESS,
            binds![id, p.total_rows, p.done_rows, p.added, p.present, p.refused],
        )
        .await?;
        Ok(())
    }

    /// Ends a job (`done` or `failed`) with its problems, dropping the sealed file.
    pub async fn finish_import_job(
        &self,
        id: &str,
        state: &str,
        problems: &str,
        at: i64,
    ) -> Result<()> {
        self.exec(JOB_FINISH, binds![id, state, problems, at])
            .await?;
        Ok(())
    }

    /// The record an imported row became, if a row with this key was imported before.
    pub async fn import_key(&self, kind: &str, key: &str) -> Result<Option<String>> {
        self.row(KEY_GET, binds![kind, key], text).await
    }

    /// Remembers that the row with this key became `record_id`; `false` if it was known.
    pub async fn put_import_key(
        &self,
        kind: &str,
        key: &str,
        record_id: &str,
        at: i64,
    ) -> Result<bool> {
        Ok(self
            .exec(KEY_INSERT, binds![kind, key, record_id, at])
            .await?
            == 1)
    }
}
