-- Rows already imported, for the kinds whose records have no natural unique key of their own
-- (tips, outreach events): the key is the source label with the row's id column, or a digest
-- of the row's mapped content. Re-running an import finds the key and adds nothing.
CREATE TABLE IF NOT EXISTS import_keys (
    kind TEXT NOT NULL,
    row_key TEXT NOT NULL,
    record_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (kind, row_key)
);
