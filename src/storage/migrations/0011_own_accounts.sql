-- Accounts for individuals (issue 5 item 3: the person's own view, "Mina sidor"), entirely
-- apart from the staff users of 0003: an account belongs to one person of the journal (by the
-- person's internal key), has no role, no unit and no access to any staff route. The owning EB
-- caseworker creates or resets it; the person then logs in once with the one-time activation
-- code (only its SHA-256 is stored) and chooses a password (an Argon2id hash string, as for
-- staff). An identity provider (BankID, later) logs a person in without the password: the
-- account is still what ties the person to their sessions (docs/OWN.md).
--
-- PostgreSQL 15 portability: as written (BLOB → bytea).
CREATE TABLE own_accounts (
  id TEXT PRIMARY KEY,
  person_id INTEGER NOT NULL UNIQUE REFERENCES persons (id),
  first_name TEXT NOT NULL DEFAULT '',        -- What the person is called in their own view.
  password_hash TEXT NOT NULL DEFAULT '',     -- Argon2id; '' until the person has chosen one.
  activation_hash TEXT NOT NULL DEFAULT '',   -- SHA-256 (hex) of the one-time code; '' when none waits.
  activation_expires INTEGER NOT NULL DEFAULT 0,  -- Seconds since 1970-01-01 UTC.
  failed_logins INTEGER NOT NULL DEFAULT 0,
  last_failed_login INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id)  -- The caseworker who created or last reset it.
);

-- The individuals' sessions: like staff sessions (only the token's hash is stored, a CSRF token
-- per session) but in a table of their own, so that a person's token can never be taken for a
-- staff session nor the other way round.
CREATE TABLE own_sessions (
  token_hash BLOB PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES own_accounts (id),
  csrf_token TEXT NOT NULL,
  method TEXT NOT NULL,           -- How the person proved who they are: 'password', 'activation', later 'bankid'.
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX own_sessions_by_account ON own_sessions (account_id);
