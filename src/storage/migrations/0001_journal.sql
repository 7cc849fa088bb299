-- The event journal: one append-only stream per person, plus the projection row reads need.
--
-- The migration runner creates `schema_migrations(version, name, applied_at)` itself (it must
-- read it before it knows which migrations to run), runs this file in one transaction and
-- records version 1.
--
-- PostgreSQL 15 portability: the tables below are valid PostgreSQL except for the spellings a
-- `.sql.postgres` variant will need: INTEGER PRIMARY KEY -> BIGINT GENERATED ALWAYS AS
-- IDENTITY PRIMARY KEY, INTEGER -> BIGINT, BLOB -> BYTEA, and the two triggers, which need a
-- plpgsql function that raises an exception.

-- One row per person with a stream: the last sequence number (the optimistic concurrency
-- token of Journal::Append) and the projection values the follow-up and the deadline list scan.
CREATE TABLE persons (
  id INTEGER PRIMARY KEY,
  personnummer TEXT NOT NULL UNIQUE,
  last_sequence INTEGER NOT NULL CHECK (last_sequence >= 0),
  municipality TEXT NOT NULL DEFAULT '',
  digest BLOB NOT NULL
);

CREATE INDEX persons_by_municipality ON persons (municipality);

-- Every stored event, in append order (`id`). A person's events carry sequences 1, 2, 3…;
-- anonymous events (survey answers) have neither a person nor a sequence. `event_id` is the
-- exchange format's `id`, NULL when the event has none (NULLs never collide in a UNIQUE index,
-- in SQLite and in PostgreSQL alike).
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  person_id INTEGER REFERENCES persons (id),
  sequence INTEGER,
  event_id TEXT UNIQUE,
  type TEXT NOT NULL,
  date TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (person_id, sequence),
  CHECK ((person_id IS NULL) = (sequence IS NULL)),
  CHECK (sequence IS NULL OR sequence >= 1)
);

-- The journal is append-only: nothing may change or remove a stored event.
CREATE TRIGGER events_are_not_updated BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'the journal is append-only: stored events cannot be changed');
END;

CREATE TRIGGER events_are_not_deleted BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'the journal is append-only: stored events cannot be deleted');
END;
