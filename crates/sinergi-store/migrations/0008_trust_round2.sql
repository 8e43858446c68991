-- Trust, round 2. Same portability rules as 0001.
-- The audit chain's version per row: 1 = plain SHA-256 (rows written before this migration),
-- 2 = HMAC-SHA-256 under a key derived from the master key (outside the database).
ALTER TABLE audit_log ADD COLUMN chain BIGINT NOT NULL DEFAULT 1;
-- A second factor being re-enrolled: the confirmed secret stays in force until the new one is
-- confirmed with a code, so re-enrolment can never switch the second factor off.
ALTER TABLE totp_secrets ADD COLUMN pending_enc BYTEA;
-- Sign-in throttling per (account, address) pair.
CREATE INDEX login_attempts_pair ON login_attempts (username, client, at);
-- What an anonymous reporter said about urgency (a child, danger now). It is a statement for
-- triage to confirm, not the tip's severity, so it alerts nobody by itself.
ALTER TABLE tips ADD COLUMN reported_severity TEXT;
