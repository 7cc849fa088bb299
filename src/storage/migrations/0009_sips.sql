-- SIPs, samordnad individuell plan (DOMAIN.md §5.7, issue 5 item 1): a plan the person owns,
-- called by a party that may read the person's case, with the parties it invites. Every change
-- is a new row of sip_versions; a version is never changed or removed (the triggers), so any
-- two versions can always be compared. The person is named by the opaque public id only.
--
-- PostgreSQL 15 portability: the two triggers as in 0001 (a function raising an exception).
CREATE TABLE sips (
  id TEXT PRIMARY KEY,                    -- "sip-" and hex digits.
  person_public_id TEXT NOT NULL REFERENCES persons (public_id),
  municipality TEXT NOT NULL,             -- SCB code of the owning municipality.
  called_by TEXT NOT NULL,                -- Party wire name.
  called_by_unit TEXT NOT NULL REFERENCES units (id),
  called_on TEXT NOT NULL,                -- YYYY-MM-DD.
  invited TEXT NOT NULL,                  -- Party wire names, comma separated.
  title TEXT NOT NULL
);

CREATE INDEX sips_by_person ON sips (person_public_id);
CREATE INDEX sips_by_municipality ON sips (municipality, called_on);

CREATE TABLE sip_versions (
  sip_id TEXT NOT NULL REFERENCES sips (id),
  number INTEGER NOT NULL CHECK (number >= 1),
  created_at TEXT NOT NULL,               -- UTC, ISO 8601.
  author_user TEXT NOT NULL REFERENCES users (id),
  author_name TEXT NOT NULL,
  author_party TEXT NOT NULL,
  comment TEXT NOT NULL,
  plan TEXT NOT NULL,                     -- The plan as JSON (src/codec/sip_json.hpp).
  PRIMARY KEY (sip_id, number)
);

CREATE TRIGGER sip_versions_are_not_updated BEFORE UPDATE ON sip_versions
BEGIN
  SELECT RAISE(ABORT, 'SIP versions are append-only: a version cannot be changed');
END;

CREATE TRIGGER sip_versions_are_not_deleted BEFORE DELETE ON sip_versions
BEGIN
  SELECT RAISE(ABORT, 'SIP versions are append-only: a version cannot be deleted');
END;
