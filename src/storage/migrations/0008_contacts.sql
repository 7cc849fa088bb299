-- The contact list of the Kunskapsbank (issue 4): how to reach each party, unit and
-- municipality of the method. Kept by administrators (every change is in the audit log), read
-- by every logged-in user. Only the contact details of units and functions, never of a person
-- in the target group.
--
-- PostgreSQL 15 portability: as written.
CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  party TEXT NOT NULL,                     -- eb, fk, region, af, ame, nurse, forbund.
  name TEXT NOT NULL,                      -- The unit or function.
  municipality TEXT NOT NULL DEFAULT '',   -- SCB code; '' when not a municipality's unit.
  mailbox TEXT NOT NULL DEFAULT '',        -- Function mailbox (e-mail).
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
