-- Trust layer: API clients, second factor, break-glass access, consent, breaches, retention.
-- Same portability rules as 0001.

CREATE TABLE api_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    agency_code TEXT NOT NULL REFERENCES agencies(code),
    scopes TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE totp_secrets (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    secret_enc BYTEA NOT NULL,
    confirmed BIGINT NOT NULL,
    last_step BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE pending_logins (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    client TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE break_glass (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    agency_code TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    reviewed_by TEXT,
    reviewed_at BIGINT,
    review_verdict TEXT
);
CREATE INDEX break_glass_user ON break_glass (user_id, subject_kind, subject_id);

CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    subject_idx TEXT NOT NULL,
    purpose TEXT NOT NULL,
    basis TEXT NOT NULL,
    given_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    withdrawn_at BIGINT,
    withdrawn_by TEXT
);
CREATE INDEX consents_subject ON consents (subject_idx, purpose);

CREATE TABLE breaches (
    id TEXT PRIMARY KEY,
    discovered_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    description TEXT NOT NULL,
    data_kinds TEXT NOT NULL,
    subjects_estimate BIGINT NOT NULL,
    measures TEXT NOT NULL,
    notified_subjects_at BIGINT,
    notified_agency_at BIGINT,
    closed_at BIGINT
);

CREATE TABLE retained_statistics (
    record_type TEXT NOT NULL,
    period TEXT NOT NULL,
    dimension TEXT NOT NULL,
    value TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (record_type, period, dimension, value)
);

ALTER TABLE people ADD COLUMN purpose TEXT NOT NULL DEFAULT 'pencegahan_pmi_np';
