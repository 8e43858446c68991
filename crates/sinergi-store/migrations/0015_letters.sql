-- Official letters carry a number from a series per office and year (deferral notices,
-- referral letters). A letter keeps its number when printed again.
CREATE TABLE IF NOT EXISTS letter_numbers (
    office_code TEXT NOT NULL,
    year BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    PRIMARY KEY (office_code, year, seq),
    UNIQUE (kind, subject_id)
);
