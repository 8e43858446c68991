-- Prevention at the door: passport applicants, their screening and decisions, indicator
-- versions, the watchlist (four eyes), hit verdicts and referrals to Disnaker/BP3MI.
-- Same portability rules as 0001; identifiers only sealed (*_enc) with a blind index (*_idx).

CREATE TABLE applicants (
    id TEXT PRIMARY KEY,
    office_code TEXT NOT NULL REFERENCES agencies(code),
    source_ref TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    full_name TEXT NOT NULL,
    birth_date TEXT,
    sex TEXT,
    birth_place TEXT,
    address TEXT,
    region_code TEXT,
    nik_enc BYTEA,
    nik_idx TEXT,
    passport_enc BYTEA,
    passport_idx TEXT,
    phone_enc BYTEA,
    phone_idx TEXT,
    passport_type TEXT NOT NULL,
    purpose TEXT NOT NULL,
    destination TEXT NOT NULL,
    departure_date TEXT,
    sponsor_name TEXT,
    sponsor_phone_enc BYTEA,
    sponsor_phone_idx TEXT,
    agency_name TEXT,
    documents TEXT NOT NULL,
    previous_passports BIGINT NOT NULL,
    work_type TEXT,
    work_intent BIGINT NOT NULL,
    job_offer BIGINT NOT NULL,
    interview_notes TEXT NOT NULL,
    status TEXT NOT NULL,
    score BIGINT,
    score_json TEXT,
    hits_json TEXT,
    indicator_version BIGINT,
    rules_version TEXT,
    decision TEXT,
    decision_reason TEXT,
    decided_by TEXT,
    decided_at BIGINT,
    deadline TEXT,
    missing_documents TEXT,
    UNIQUE (office_code, source_ref)
);
CREATE INDEX applicants_office_day ON applicants (office_code, created_at);
CREATE INDEX applicants_nik_idx ON applicants (nik_idx);
CREATE INDEX applicants_passport_idx ON applicants (passport_idx);
CREATE INDEX applicants_sponsor_idx ON applicants (sponsor_phone_idx);

CREATE TABLE indicator_versions (
    version BIGINT PRIMARY KEY,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE watchlist (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    full_name TEXT NOT NULL,
    nik_enc BYTEA,
    nik_idx TEXT,
    phone_enc BYTEA,
    phone_idx TEXT,
    reason TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    review_date TEXT NOT NULL,
    status TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at BIGINT NOT NULL,
    approved_by TEXT,
    approved_at BIGINT,
    removal_by TEXT,
    removal_reason TEXT
);
CREATE INDEX watchlist_phone_idx ON watchlist (phone_idx);

CREATE TABLE hit_verdicts (
    subject_key TEXT NOT NULL,
    entry_ref TEXT NOT NULL,
    verdict TEXT NOT NULL,
    by_user TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (subject_key, entry_ref)
);

CREATE TABLE applicant_referrals (
    id TEXT PRIMARY KEY,
    applicant_id TEXT NOT NULL REFERENCES applicants(id),
    from_agency TEXT NOT NULL,
    to_agency TEXT NOT NULL REFERENCES agencies(code),
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    status TEXT NOT NULL,
    done_at BIGINT,
    done_by TEXT
);
CREATE INDEX applicant_referrals_to ON applicant_referrals (to_agency, status);
