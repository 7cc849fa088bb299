-- A number that moves with every change to who a session logs in as (issue 3, "Speed"): the
-- server keeps the sessions it has looked up in memory, each with this number as it was read,
-- and uses one only while the number is still the same; any other change is looked up again.
-- Triggers move it, so a change by any connection or process (the command line's `user`
-- commands) counts: a session ended (logout, a new password, a disabled account), a user's
-- name, role, unit, TOTP or disabled flag, any unit. A session's use (last_seen_at), a login
-- and a failed login do not move it.
CREATE TABLE account_changes (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO account_changes (id, version) VALUES (1, 0);

CREATE TRIGGER account_changes_session_ended AFTER UPDATE OF ended_at, user_id, csrf_token, created_at ON sessions
BEGIN UPDATE account_changes SET version = version + 1; END;
CREATE TRIGGER account_changes_session_deleted AFTER DELETE ON sessions
BEGIN UPDATE account_changes SET version = version + 1; END;
CREATE TRIGGER account_changes_user_changed AFTER UPDATE OF id, username, display_name, role, unit_id, disabled, totp_secret ON users
BEGIN UPDATE account_changes SET version = version + 1; END;
CREATE TRIGGER account_changes_user_deleted AFTER DELETE ON users
BEGIN UPDATE account_changes SET version = version + 1; END;
CREATE TRIGGER account_changes_unit_changed AFTER UPDATE ON units
BEGIN UPDATE account_changes SET version = version + 1; END;
CREATE TRIGGER account_changes_unit_deleted AFTER DELETE ON units
BEGIN UPDATE account_changes SET version = version + 1; END;
