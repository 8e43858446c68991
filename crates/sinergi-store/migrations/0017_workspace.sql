-- The officer's workspace (issue 10): a tip reported by an agency names the agency and the
-- applicant it came from; a closed tip keeps its reason (sealed); case people have aliases.
ALTER TABLE tips ADD COLUMN source_agency TEXT;
ALTER TABLE tips ADD COLUMN source_applicant TEXT;
ALTER TABLE tips ADD COLUMN close_reason_enc BYTEA;
CREATE INDEX tips_source_applicant ON tips (source_applicant);
ALTER TABLE case_people ADD COLUMN alias TEXT;
ALTER TABLE case_people ADD COLUMN alias_enc BYTEA;
