-- Import jobs: an uploaded CSV/XLSX file waiting for its column mapping (`staged`), being
-- imported (`running`, with progress), or finished (`done` / `failed`) with its counts and the
-- problems of bad rows (JSON list of {sheet, row, column, message}; messages never echo a
-- value). The file is kept sealed with the vault key only while the job needs it.
CREATE TABLE IF NOT EXISTS import_jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    file_name TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    content_enc BYTEA,
    total_rows BIGINT NOT NULL,
    done_rows BIGINT NOT NULL,
    added BIGINT NOT NULL,
    present BIGINT NOT NULL,
    refused BIGINT NOT NULL,
    problems TEXT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX IF NOT EXISTS import_jobs_agency ON import_jobs (agency_code, created_at);
