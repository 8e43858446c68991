-- Foundation schema. Portable rules (see ARCHITECTURE.md): TEXT/BIGINT/DOUBLE PRECISION/BYTEA only,
-- booleans as BIGINT 0/1, instants as BIGINT epoch milliseconds, dates as TEXT yyyy-mm-dd,
-- application-generated TEXT ids, no triggers, no auto-increment.
-- Identifiers (NIK, phone, passport) are stored only sealed (*_enc, encrypted by the application
-- with a key outside the database) and as a keyed blind index (*_idx) for exact look-up.

CREATE TABLE agencies (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    region_code TEXT
);

CREATE TABLE agency_names (
    agency_code TEXT NOT NULL REFERENCES agencies(code),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    name TEXT NOT NULL,
    parent_code TEXT,
    PRIMARY KEY (agency_code, valid_from)
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    agency_code TEXT NOT NULL REFERENCES agencies(code),
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    client TEXT NOT NULL,
    at BIGINT NOT NULL,
    success BIGINT NOT NULL
);
CREATE INDEX login_attempts_username ON login_attempts (username, at);
CREATE INDEX login_attempts_client ON login_attempts (client, at);

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    source_ref TEXT NOT NULL,
    full_name TEXT NOT NULL,
    birth_date TEXT,
    sex TEXT,
    birth_place TEXT,
    nik_enc BYTEA,
    nik_idx TEXT,
    phone_enc BYTEA,
    phone_idx TEXT,
    address TEXT,
    region_code TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (source, source_ref)
);
CREATE INDEX people_nik_idx ON people (nik_idx);
CREATE INDEX people_phone_idx ON people (phone_idx);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    client TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
