-- The audit log's look-up by person moves out of the journal file (issue 3, "Speed"). Kept in the
-- same transaction as each entry, this index cost a page write per entry: the entries of one
-- commit are about different persons, so each lands on another leaf page, and the WAL writes each
-- dirty page whole at every commit (docs/BENCHMARKS.md, run g). The person index is now derived
-- data in a file of its own beside the journal (`<journal>-audit-index`), filled in batches by
-- the server (src/storage/sqlite/sqlite_journal.hpp, AuditPersonIndexer); the log extract reads
-- it up to the entry it has reached and the log itself after that. The same statement runs on
-- PostgreSQL 15.
DROP INDEX audit_log_by_person;
