-- Case work of the shared server (issue 3): the caseworker a case is assigned to ("my"
-- deadlines), and the named case an anonymous referral was linked to once the person consented
-- to FK (DOMAIN.md §5.5).
--
-- PostgreSQL 15 portability: as written.
CREATE TABLE case_assignments (
  personnummer TEXT PRIMARY KEY REFERENCES persons (personnummer),
  user_id TEXT NOT NULL REFERENCES users (id),
  assigned_at INTEGER NOT NULL,  -- Seconds since 1970-01-01 UTC.
  assigned_by TEXT NOT NULL REFERENCES users (id)
);

CREATE INDEX case_assignments_by_user ON case_assignments (user_id);

-- The person (12-digit personnummer) of a linked referral; NULL while anonymous. Only the
-- owning EB unit links, and only under a consent in force that names FK.
ALTER TABLE referrals ADD COLUMN person TEXT REFERENCES persons (personnummer);
