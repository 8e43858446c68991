-- Information: the public licence registry of placement companies (P3MI) and training institutes
-- (LPK), and outreach events (sosialisasi). Same portability rules as 0001.

-- One licensed company or institute. `id` is `<kind>:<licence number folded>`, so re-importing the
-- same CSV replaces rows instead of adding them.
CREATE TABLE licence_registry (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    licence_no TEXT NOT NULL,
    valid_from TEXT,
    valid_until TEXT,
    address TEXT NOT NULL,
    branches TEXT NOT NULL,
    job_orders TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at BIGINT NOT NULL
);
CREATE INDEX licence_registry_kind ON licence_registry (kind);

-- An outreach event (sosialisasi) on safe migration, entered by an officer.
CREATE TABLE outreach_events (
    id TEXT PRIMARY KEY,
    held_on TEXT NOT NULL,
    start_time TEXT NOT NULL,
    kecamatan_code TEXT NOT NULL,
    place TEXT NOT NULL,
    title TEXT NOT NULL,
    agencies TEXT NOT NULL,
    audience TEXT NOT NULL,
    expected_audience BIGINT NOT NULL,
    materials TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX outreach_events_place ON outreach_events (kecamatan_code, held_on);
