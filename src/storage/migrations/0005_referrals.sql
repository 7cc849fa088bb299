-- Anonymous referrals to FK's function mailbox (DOMAIN.md §3, §5.5): no personal data of the
-- person; the sending caseworker's contact details for the callback.
--
-- PostgreSQL 15 portability: as written.
CREATE TABLE referrals (
  id TEXT PRIMARY KEY,
  municipality TEXT NOT NULL,
  sent_on TEXT NOT NULL,  -- YYYY-MM-DD; the callback is due on the 3rd working day after.
  sender_user TEXT NOT NULL REFERENCES users (id),
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  description TEXT NOT NULL,
  called_back_on TEXT,
  called_back_by TEXT REFERENCES users (id)
);

CREATE INDEX referrals_by_municipality ON referrals (municipality, sent_on);
