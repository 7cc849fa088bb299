-- Ending every open session of a user (a new password, an administrator's reset, a disabled
-- account) finds them through this index instead of reading every session ever opened. Partial:
-- only open sessions are looked up this way. The same statement runs on PostgreSQL 15.
CREATE INDEX sessions_by_user ON sessions (user_id) WHERE ended_at IS NULL;
