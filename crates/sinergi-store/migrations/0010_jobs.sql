-- Background jobs (reminders, retention purge): one row per job holds its schedule and a lease,
-- so a job survives restarts (next_due_at is kept) and never runs twice at once, even with
-- several server processes on one database (whoever takes the lease runs it; a lease whose
-- holder died expires at lease_until). Portable rules as in 0001.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT,
    lease_until BIGINT NOT NULL,
    next_due_at BIGINT NOT NULL,
    last_started_at BIGINT,
    last_finished_at BIGINT,
    last_outcome TEXT,
    runs BIGINT NOT NULL
);

-- Row counts kept in step with inserts and deletes (same transaction), so "how many person
-- records" is one primary-key read instead of a scan that grows with the table.
CREATE TABLE row_counts (
    name TEXT PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO row_counts (name, n) SELECT 'people', CAST(COUNT(*) AS BIGINT) FROM people;
