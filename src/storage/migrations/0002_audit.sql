-- The audit log (DOMAIN.md §3, issue 3): every read and write of a person's data, appended in
-- the same transaction as the access it records, hash-chained (src/domain/audit.hpp) so that a
-- changed, removed, inserted or reordered entry is detected by `rattvag audit verify`.
--
-- PostgreSQL 15 portability: BLOB -> BYTEA and the two triggers as in 0001.
CREATE TABLE audit_log (
  sequence INTEGER PRIMARY KEY CHECK (sequence >= 1),
  at TEXT NOT NULL,
  user_id TEXT NOT NULL,
  party TEXT NOT NULL,
  unit TEXT NOT NULL,
  role TEXT NOT NULL,
  person TEXT NOT NULL,
  action TEXT NOT NULL,
  ground TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  previous_hash BLOB NOT NULL,
  hash BLOB NOT NULL
);

-- The person's log extract (loggutdrag) reads by person.
CREATE INDEX audit_log_by_person ON audit_log (person, sequence);

CREATE TRIGGER audit_log_is_not_updated BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_log_is_not_deleted BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted');
END;
