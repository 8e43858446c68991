-- Entities: records of every kind (applicants, case people, tip subjects, watchlist entries,
-- person records) that a person confirmed to be one human being. A record without a row here is
-- an entity of its own; the entity id is the record key ("k:<id>", "a:<id>" ...) of the record
-- it was first merged into.
CREATE TABLE IF NOT EXISTS entity_members (
    record_key TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    joined_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_members_entity ON entity_members (entity_id);

-- Each decision on a proposed pair: merged (and perhaps undone later) or dismissed as two
-- people. The engine's evidence is kept as it was when the person decided.
CREATE TABLE IF NOT EXISTS entity_merges (
    id TEXT PRIMARY KEY,
    record_a TEXT NOT NULL,
    record_b TEXT NOT NULL,
    into_entity TEXT NOT NULL,
    from_entity TEXT NOT NULL,
    probability DOUBLE PRECISION NOT NULL,
    evidence TEXT NOT NULL,
    state TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at BIGINT NOT NULL,
    undone_by TEXT,
    undone_at BIGINT
);
CREATE INDEX IF NOT EXISTS entity_merges_a ON entity_merges (record_a);
CREATE INDEX IF NOT EXISTS entity_merges_b ON entity_merges (record_b);

-- What a merge moved: each record's entity before the merge, so an undo restores it exactly.
CREATE TABLE IF NOT EXISTS entity_merge_moves (
    merge_id TEXT NOT NULL REFERENCES entity_merges(id),
    record_key TEXT NOT NULL,
    prev_entity TEXT NOT NULL,
    PRIMARY KEY (merge_id, record_key)
);
