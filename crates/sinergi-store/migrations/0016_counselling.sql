-- The record a receiving agency keeps when it has counselled a referred applicant.
CREATE TABLE IF NOT EXISTS applicant_counselling (
    referral_id TEXT PRIMARY KEY REFERENCES applicant_referrals(id),
    counselled_on TEXT NOT NULL,
    outcome TEXT NOT NULL,
    notes_enc BYTEA,
    forwarded_to TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
