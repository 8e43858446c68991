-- Coordination: tips, cases, referrals, legal process, assistance, meetings, bulletins,
-- notifications. Same portability rules as 0001. Victim identity (name, NIK, phone, address) and
-- free text a member of the public wrote are stored only sealed (*_enc); NIK/phone also as blind
-- index (*_idx).

CREATE TABLE tips (
    id TEXT PRIMARY KEY,
    receipt TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    consent BIGINT NOT NULL,
    region_code TEXT,
    suspect_name TEXT,
    suspect_phone_idx TEXT,
    narrative_enc BYTEA,
    reporter_contact_enc BYTEA,
    status TEXT NOT NULL,
    assigned_agency TEXT,
    duplicate_of TEXT,
    case_id TEXT,
    received_at BIGINT NOT NULL,
    escalate_at BIGINT NOT NULL,
    escalated BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX tips_status ON tips (status, escalate_at);

CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    lead_agency TEXT NOT NULL REFERENCES agencies(code),
    regime TEXT NOT NULL,
    started_on TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE case_agencies (
    case_id TEXT NOT NULL REFERENCES cases(id),
    agency_code TEXT NOT NULL REFERENCES agencies(code),
    since BIGINT NOT NULL,
    PRIMARY KEY (case_id, agency_code)
);
CREATE INDEX case_agencies_agency ON case_agencies (agency_code);

CREATE TABLE case_people (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    role TEXT NOT NULL,
    name TEXT,
    name_enc BYTEA,
    nik_enc BYTEA,
    nik_idx TEXT,
    phone_enc BYTEA,
    phone_idx TEXT,
    address_enc BYTEA,
    birth_date TEXT,
    investigator TEXT,
    added_at BIGINT NOT NULL
);
CREATE INDEX case_people_case ON case_people (case_id);
CREATE INDEX case_people_nik ON case_people (nik_idx);
CREATE INDEX case_people_phone ON case_people (phone_idx);

CREATE TABLE case_entities (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    entity_kind TEXT NOT NULL,
    name TEXT NOT NULL,
    detail TEXT NOT NULL,
    added_at BIGINT NOT NULL
);

CREATE TABLE case_events (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    at BIGINT NOT NULL,
    actor_id TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    agency_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, at);

CREATE TABLE case_links (
    case_id TEXT NOT NULL REFERENCES cases(id),
    link_kind TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    linked_at BIGINT NOT NULL,
    PRIMARY KEY (case_id, link_kind, ref_id)
);

CREATE TABLE case_attachments (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at BIGINT NOT NULL
);

CREATE TABLE case_consents (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES case_people(id),
    purpose TEXT NOT NULL,
    given_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX case_consents_person ON case_consents (person_id, purpose);

CREATE TABLE referrals (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    from_agency TEXT NOT NULL REFERENCES agencies(code),
    to_agency TEXT NOT NULL REFERENCES agencies(code),
    purpose TEXT NOT NULL,
    reason TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    state_reason TEXT,
    consent_basis TEXT NOT NULL,
    transfer_lead BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    reminded_at BIGINT
);
CREATE INDEX referrals_to ON referrals (to_agency, state);
CREATE INDEX referrals_case ON referrals (case_id);

CREATE TABLE legal_steps (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    person_id TEXT NOT NULL REFERENCES case_people(id),
    seq BIGINT NOT NULL,
    stage TEXT NOT NULL,
    on_date TEXT NOT NULL,
    document_no TEXT NOT NULL,
    office TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    UNIQUE (person_id, seq)
);

CREATE TABLE legal_charges (
    person_id TEXT PRIMARY KEY REFERENCES case_people(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    sheet_json TEXT NOT NULL,
    offence_on TEXT NOT NULL,
    verdict_json TEXT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE assistance (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    person_id TEXT REFERENCES case_people(id),
    service TEXT NOT NULL,
    agency_code TEXT NOT NULL REFERENCES agencies(code),
    started_on TEXT NOT NULL,
    ended_on TEXT,
    outcome TEXT NOT NULL,
    simfoni_no TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    held_on TEXT NOT NULL,
    host_agency TEXT NOT NULL REFERENCES agencies(code),
    title TEXT NOT NULL,
    agenda TEXT NOT NULL,
    minutes TEXT NOT NULL,
    decisions TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE meeting_attendees (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    agency_code TEXT NOT NULL REFERENCES agencies(code),
    PRIMARY KEY (meeting_id, agency_code)
);

CREATE TABLE action_items (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    agency_code TEXT NOT NULL REFERENCES agencies(code),
    description TEXT NOT NULL,
    due_on TEXT NOT NULL,
    state TEXT NOT NULL,
    closed_by TEXT,
    closed_at BIGINT
);
CREATE INDEX action_items_agency ON action_items (agency_code, state);

CREATE TABLE bulletins (
    id TEXT PRIMARY KEY,
    from_agency TEXT NOT NULL REFERENCES agencies(code),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    region_code TEXT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE bulletin_reads (
    bulletin_id TEXT NOT NULL REFERENCES bulletins(id),
    user_id TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    read_at BIGINT NOT NULL,
    PRIMARY KEY (bulletin_id, user_id)
);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    agency_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_agency ON notifications (agency_code, created_at);
