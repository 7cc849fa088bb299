-- An optional second factor per user (issue 3): TOTP (RFC 6238; 30-second steps, 6 digits,
-- HMAC-SHA-1, as authenticator apps expect). The secret must be readable by the server to
-- compute codes, so it is stored as is (base32); protect the database file and its backups
-- like the password hashes. A user turns TOTP on in two steps: POST /api/v1/session/totp
-- stores a pending secret, a code of it confirms it (it then becomes totp_secret). Each code
-- is accepted once: the time step of the last accepted code is kept.
--
-- PostgreSQL 15 portability: as written.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';   -- Base32; '' while TOTP is off.
ALTER TABLE users ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';  -- Base32; '' when no enrolment waits.
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;  -- floor(seconds since 1970 / 30).
