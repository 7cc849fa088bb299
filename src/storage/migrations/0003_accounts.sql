-- Units and users of the shared server (DOMAIN.md §2, issue 3). Passwords are stored only as
-- Argon2id hash strings (libsodium); a user with no password hash cannot log in with a
-- password (an identity provider may log them in later).
--
-- PostgreSQL 15 portability: as written.
CREATE TABLE units (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('eb', 'fk', 'region', 'af', 'ame', 'nurse', 'forbund', 'admin')),
  municipality TEXT NOT NULL DEFAULT '',
  area TEXT NOT NULL DEFAULT ''  -- Municipality codes separated by commas.
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_id TEXT NOT NULL REFERENCES units (id),
  password_hash TEXT NOT NULL DEFAULT '',
  failed_logins INTEGER NOT NULL DEFAULT 0,
  last_failed_login INTEGER NOT NULL DEFAULT 0,  -- Seconds since 1970-01-01 UTC.
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

-- Login sessions. The browser holds a random token; only its SHA-256 is stored, so a copy of
-- the database logs nobody in. The CSRF token is sent back by the client in a header on every
-- state-changing request.
CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,    -- Seconds since 1970-01-01 UTC.
  last_seen_at INTEGER NOT NULL,
  ended_at INTEGER                -- Logged out; NULL while open.
);
