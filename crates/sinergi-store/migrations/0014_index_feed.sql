-- The screening index replays rows added after its snapshot's watermark: range reads by
-- creation time instead of full scans.
CREATE INDEX IF NOT EXISTS people_created ON people (created_at);
CREATE INDEX IF NOT EXISTS applicants_created ON applicants (created_at);
