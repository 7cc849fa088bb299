-- Meetings of a person's case (issue 5 item 2): kartläggningsmöte, avstämningsmöte, SIP-möte.
-- A meeting is scheduled, changed, answered by the invited parties, cancelled or held; held, it
-- has minutes (protokoll) whose decisions are also events of the journal (stored in the same
-- transaction). `version` is the meeting's optimistic-concurrency token (its ETag).
--
-- PostgreSQL 15 portability: as written (INTEGER -> BIGINT where noted).
CREATE TABLE meetings (
  id TEXT PRIMARY KEY,
  person TEXT NOT NULL REFERENCES persons (personnummer),
  municipality TEXT NOT NULL,
  kind TEXT NOT NULL,                        -- kartlaggningsmote, avstamningsmote, sip_mote.
  date TEXT NOT NULL,                        -- Local date, Europe/Stockholm.
  start_minutes INTEGER NOT NULL CHECK (start_minutes BETWEEN 0 AND 1439),
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
  place TEXT NOT NULL DEFAULT '',
  video_url TEXT NOT NULL DEFAULT '',
  sip_id TEXT,
  message TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,                      -- planned, held, cancelled.
  cancel_reason TEXT NOT NULL DEFAULT '',
  called_by TEXT NOT NULL,                   -- Party.
  called_by_unit TEXT NOT NULL,
  called_by_user TEXT NOT NULL,
  called_by_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1) -- BIGINT on PostgreSQL.
);
CREATE INDEX meetings_by_person ON meetings (person, date);
CREATE INDEX meetings_by_date ON meetings (municipality, date);

-- The invited parties and their answers, one row per party.
CREATE TABLE meeting_invitations (
  meeting TEXT NOT NULL REFERENCES meetings (id),
  party TEXT NOT NULL,
  answer TEXT NOT NULL,                      -- unanswered, accepted, declined.
  answered_by TEXT NOT NULL DEFAULT '',
  answered_by_name TEXT NOT NULL DEFAULT '',
  answered_at TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (meeting, party)
);

-- The minutes of a held meeting; the decisions in their order.
CREATE TABLE meeting_minutes (
  meeting TEXT PRIMARY KEY REFERENCES meetings (id),
  attendees TEXT NOT NULL,                   -- Parties, comma-separated.
  notes TEXT NOT NULL DEFAULT '',
  ready INTEGER,                             -- NULL: no readiness assessment; 0/1.
  prognosis_date TEXT,
  coordination_started INTEGER NOT NULL DEFAULT 0,
  recorded_by TEXT NOT NULL,
  recorded_by_name TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE TABLE meeting_decisions (
  meeting TEXT NOT NULL REFERENCES meetings (id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (meeting, position)
);
