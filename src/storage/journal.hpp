// The storage port: an append-only event journal, one stream per person, with the projection
// rows that reads need. SQLite implements it now; PostgreSQL later, behind the same interface
// and the same contract tests (STYLE.md 5, 11).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/accounts.hpp"
#include "domain/audit.hpp"
#include "domain/contacts.hpp"
#include "domain/date.hpp"
#include "domain/meeting.hpp"
#include "domain/referral.hpp"
#include "domain/result.hpp"
#include "domain/sip.hpp"

namespace rattvag {

// One event ready to store: already validated and encoded by the caller.
struct EncodedEvent {
  std::string_view id;    // The exchange format's `id`; empty when none (then never deduplicated).
  std::string_view type;  // Wire name, e.g. "sick_certificate".
  Date date;
  std::string_view body;  // Canonical JSON of the event, without `person`.
};

// What is stored of one person's stream.
struct PersonRecord {
  std::string personnummer;     // 12 digits.
  std::string public_id;        // Opaque id for URLs (32 hex digits).
  int64_t last_sequence = 0;    // 0 for a person not yet in the journal.
  std::string municipality;     // The case's municipality (projection); empty when unknown.
  std::string digest;           // EncodeEventStream of all the person's events, in case order.
};

// A request to append to one person's stream, with the new projection row.
struct AppendRequest {
  std::string_view person;           // 12-digit personnummer.
  int64_t expected_last_sequence;    // The stream's last sequence the caller read.
  std::span<const EncodedEvent> events;
  std::string_view municipality;     // New projection values for the person.
  std::string_view digest;
};

// What a scan hands to its visitor for each person; views are valid during the call only.
struct PersonRow {
  std::string_view person;
  std::string_view municipality;
  std::string_view digest;
};

// A user's TOTP second factor as stored (migration 0007).
struct TotpState {
  std::string secret;      // Base32; empty while TOTP is off.
  std::string pending;     // Base32 secret of an enrolment not yet confirmed; empty when none.
  int64_t last_step = 0;   // The time step of the last code accepted (each code is used once).

  bool on() const { return !secret.empty(); }
};

// A user as stored, with what login needs.
struct StoredUser {
  User user;
  std::string password_hash;  // Argon2id hash string; empty when the user has no password.
  int failed_logins = 0;      // In a row, since the last successful login.
  int64_t last_failed_login = 0;
  bool disabled = false;
  TotpState totp;
};

// A user as listed for administration: what a stored user is, without the password hash.
struct UserListing {
  User user;
  bool has_password = false;  // False for users who log in through an identity provider only.
  int failed_logins = 0;      // In a row, since the last successful login.
  int64_t last_failed_login = 0;
  bool disabled = false;
};

// A login session as stored (the token itself is never stored, only its hash).
struct StoredSession {
  std::string user_id;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  bool ended = false;
};

// An individual's own account (migration 0011; the person's own view, issue 5 item 3): tied to
// one person of the journal, apart from the staff users.
struct OwnAccount {
  std::string id;                  // Opaque ("pa-" and 16 hex digits).
  std::string person;              // The person's 12-digit personnummer (stored by the person's key).
  std::string first_name;          // What the person is called in their own view; may be empty.
  std::string password_hash;       // Argon2id; empty until the person has chosen a password.
  std::string activation_hash;     // SHA-256 (hex) of the one-time activation code; empty when none waits.
  int64_t activation_expires = 0;  // Seconds since 1970-01-01 UTC.
  int failed_logins = 0;           // In a row, since the last successful login.
  int64_t last_failed_login = 0;
  bool disabled = false;
  int64_t created_at = 0;
  std::string created_by;          // The staff user who created or last reset it.
};

// An individual's session as stored (the token only as its hash).
struct StoredOwnSession {
  std::string account_id;
  std::string csrf_token;
  std::string method;  // How the person proved who they are: "password", "activation" (later "bankid").
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  bool ended = false;
};

// Storage errors: conflicts are expected failures, reported as values.
inline constexpr std::string_view kConflictReason = "the person's journal has changed since it was read";

// One open journal database. Not thread-safe: one Journal per thread.
class Journal {
 public:
  virtual ~Journal() = default;

  // Transactions: every write happens between Begin and Commit. Commit makes it durable
  // (synchronous=FULL) before returning. Rollback discards it; it is safe to call when no
  // transaction is open.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  // A read transaction: every read until Commit or Rollback sees one snapshot of the journal
  // (taken at the first read), and takes no write lock. Usable on a read-only journal.
  virtual Status BeginRead() = 0;
  // A savepoint inside the open write transaction (one at a time): what is written after it is
  // then either kept (ReleaseSavepoint) or undone alone (RollbackToSavepoint), the transaction
  // staying open either way. The server's group commit runs each request's write under one, so
  // that a refused or failed write undoes only itself (http/journal_access.hpp).
  virtual Status Savepoint() = 0;
  virtual Status ReleaseSavepoint() = 0;
  virtual void RollbackToSavepoint() = 0;

  // A number that changes when another connection (another process, or another Journal on the
  // same file) has committed since it was last read; this Journal's own commits leave it as it
  // is (SQLite's `PRAGMA data_version`).
  virtual Result<int64_t> DataVersion() = 0;
  // Called after each successful Commit that appended to persons' streams, with those persons
  // (12 digits, each once). Replaces any earlier observer; an empty function removes it. The
  // observer runs on the committing thread and must not use this Journal.
  virtual void SetAppendObserver(std::function<void(const std::vector<std::string>& persons)> observer) = 0;

  // The stored record of a person; nothing when the person has no stream yet.
  virtual Result<std::optional<PersonRecord>> LoadPerson(std::string_view person) = 0;
  // The same, by the person's opaque id.
  virtual Result<std::optional<PersonRecord>> LoadPersonByPublicId(std::string_view public_id) = 0;

  // Appends events to a person's stream at sequences expected_last_sequence+1… and replaces
  // the person's projection row. Fails with kConflictReason (field "sequence") and writes
  // nothing when the stream's last sequence is not `expected_last_sequence`. Any other failure
  // (a duplicate id, an I/O error) may leave part of the append written inside the transaction:
  // the caller must then roll the whole transaction back (UnitOfWork does); Commit refuses.
  // REQUIRES: inside a transaction.
  virtual Status Append(const AppendRequest& request) = 0;

  // Events without a person (anonymous survey answers).
  // REQUIRES: inside a transaction.
  virtual Status AppendAnonymous(std::span<const EncodedEvent> events) = 0;

  // Visits the events stored without a person (AppendAnonymous) of one type (wire name), in
  // append order: the date as stored (YYYY-MM-DD) and the body. The visitor returns false to stop.
  virtual Status ScanAnonymous(std::string_view type,
                               const std::function<bool(std::string_view date, std::string_view body)>& visit) = 0;

  // The body stored under an event `id`, or nothing when no event has that id.
  virtual Result<std::optional<std::string>> FindBodyById(std::string_view id) = 0;

  // Visits every person whose projection municipality is in `municipalities` (all persons
  // when empty), in no particular order. The visitor returns false to stop early.
  virtual Status ScanPersons(std::span<const std::string> municipalities,
                             const std::function<bool(const PersonRow&)>& visit) = 0;

  // Appends `entry` at the end of the audit log's hash chain (SHA-256). REQUIRES: inside a
  // transaction, so that the entry commits or rolls back with the access it records.
  virtual Status AppendAudit(const AuditEntry& entry) = 0;
  // Appends `entries` in this order, as AppendAudit one by one would (the same chain), at a
  // fraction of the cost. REQUIRES: inside a transaction.
  virtual Status AppendAudits(std::span<const AuditEntry* const> entries) {
    for (const AuditEntry* entry : entries) RATTVAG_TRY_STATUS(AppendAudit(*entry));
    return Status::Ok();
  }
  // Visits every audit entry as stored, in sequence order. The visitor returns false to stop.
  virtual Status ScanAudit(const std::function<bool(const ChainedAuditEntry&)>& visit) = 0;
  // The entries about one person (12-digit personnummer), in sequence order: the log extract.
  virtual Result<std::vector<AuditEntry>> AuditOfPerson(std::string_view person) = 0;

  // Units and users (issue 3). The Add methods REQUIRE: inside a transaction. A taken unit id
  // is an error on field "id", a taken username on "username", an unknown unit on "unit".
  virtual Status AddUnit(const Unit& unit) = 0;
  virtual Result<std::optional<Unit>> FindUnit(std::string_view id) = 0;
  virtual Status AddUser(const User& user, std::string_view password_hash) = 0;
  virtual Result<std::optional<StoredUser>> FindUserByUsername(std::string_view username) = 0;
  virtual Result<std::optional<StoredUser>> FindUserById(std::string_view id) = 0;
  // Login bookkeeping. REQUIRE: inside a transaction.
  virtual Status RecordLoginFailure(std::string_view user_id, int64_t at) = 0;
  virtual Status ResetLoginFailures(std::string_view user_id) = 0;
  // Replaces the user's TOTP state. REQUIRES: inside a transaction.
  virtual Status SetTotp(std::string_view user_id, const TotpState& totp) = 0;
  virtual Status CreateSession(std::string_view token_hash, const StoredSession& session) = 0;
  virtual Status TouchSession(std::string_view token_hash, int64_t at) = 0;
  virtual Status EndSession(std::string_view token_hash, int64_t at) = 0;
  virtual Result<std::optional<StoredSession>> FindSession(std::string_view token_hash) = 0;
  // A number that changes, in the same transaction, with every change to a session's end, a
  // user's name, role, unit, TOTP or disabled flag, or a unit (triggers of migration 0015); a
  // session's use, a login and a failed login leave it as it is. The server's kept sessions are
  // valid while it is unchanged.
  virtual Result<int64_t> AccountsVersion() = 0;

  // Administration of accounts (issue 3 item 2). Every unit, by id; every user, by username,
  // without password hashes.
  virtual Result<std::vector<Unit>> ListUnits() = 0;
  virtual Result<std::vector<UserListing>> ListUsers() = 0;
  // The writes REQUIRE: inside a transaction. An unknown user id is an error on field "user".
  virtual Status SetUserDisabled(std::string_view user_id, bool disabled) = 0;
  virtual Status SetPasswordHash(std::string_view user_id, std::string_view password_hash) = 0;
  // Ends every open session of the user at `at`; returns how many were open.
  virtual Result<int64_t> EndSessionsOfUser(std::string_view user_id, int64_t at) = 0;

  // Anonymous referrals (FK's function mailbox). AddReferral and RecordCallback REQUIRE: inside
  // a transaction. RecordCallback fails on field "referral" when the referral is unknown or
  // already called back.
  virtual Status AddReferral(const AnonymousReferral& referral) = 0;
  virtual Result<std::optional<AnonymousReferral>> FindReferral(std::string_view id) = 0;
  // Every referral of the municipalities, oldest first.
  virtual Result<std::vector<AnonymousReferral>> ListReferrals(std::span<const std::string> municipalities) = 0;
  virtual Status RecordCallback(std::string_view id, Date on, std::string_view user_id) = 0;
  // Links a referral to the named case of `person` (12 digits, with a stream). REQUIRES: inside a
  // transaction. Fails on field "referral" when the referral is unknown or already linked.
  virtual Status LinkReferral(std::string_view id, std::string_view person) = 0;

  // The caseworker a person's case is assigned to (issue 3: "my deadlines"). SetAssignee with an
  // empty user id removes the assignment. REQUIRES: inside a transaction.
  virtual Status SetAssignee(std::string_view person, std::string_view user_id, int64_t at,
                             std::string_view assigned_by) = 0;
  virtual Result<std::optional<std::string>> FindAssignee(std::string_view person) = 0;
  // The persons (12 digits) assigned to a user.
  virtual Result<std::vector<std::string>> AssignedTo(std::string_view user_id) = 0;

  // The Kunskapsbank's contact list (migration 0008). ListContacts orders by party, municipality
  // and name. The writes REQUIRE: inside a transaction; a taken id is an error on field "id",
  // an unknown one (update, delete) on field "id" too.
  virtual Result<std::vector<Contact>> ListContacts() = 0;
  virtual Result<std::optional<Contact>> FindContact(std::string_view id) = 0;
  virtual Status AddContact(const Contact& contact) = 0;
  virtual Status UpdateContact(const Contact& contact) = 0;
  virtual Status DeleteContact(std::string_view id) = 0;

  // --- SIPs (migration 0009, domain/sip.hpp) ---------------------------------------------
  // Versions are append-only: nothing here changes or removes one. The writes REQUIRE: inside a
  // transaction.
  // Stores a new SIP with its versions (the first, usually). A taken id is an error on field
  // "id"; a person without a stream on field "person".
  virtual Status AddSip(const Sip& sip) = 0;
  // Appends `version` to the SIP. Fails on field "version" when the SIP has a version with that
  // number already (a concurrent save: the caller answers a conflict), on "sip" when unknown.
  virtual Status AddSipVersion(std::string_view sip_id, const SipVersion& version) = 0;
  // A SIP with every version, ascending; nothing when unknown.
  virtual Result<std::optional<Sip>> FindSip(std::string_view id) = 0;
  // The SIPs of a person (by public id), oldest call first, with every version.
  virtual Result<std::vector<Sip>> ListSipsOfPerson(std::string_view person_public_id) = 0;
  // The SIPs of one municipality, oldest call first, with every version (the SIP follow-ups of
  // the EB unit's work list).
  virtual Result<std::vector<Sip>> ListSipsOfMunicipality(std::string_view municipality) = 0;
  // The SIPs of the municipalities that invite `party`, newest call first, without versions
  // (invitations: the header only).
  virtual Result<std::vector<Sip>> ListSipInvitations(std::span<const std::string> municipalities, Party party) = 0;
  // --- Meetings (migration 0010, issue 5 item 2) ---
  // AddMeeting stores a new meeting with its invitations (and minutes, when held); a taken id is
  // an error on field "id". SaveMeeting replaces a stored meeting (schedule, invitations, status,
  // minutes) when the stored version is `meeting.version - 1`; otherwise it fails on field
  // "if-match" and writes nothing; an unknown id fails on field "meeting". Both REQUIRE: inside a
  // transaction.
  virtual Status AddMeeting(const Meeting& meeting) = 0;
  virtual Status SaveMeeting(const Meeting& meeting) = 0;
  virtual Result<std::optional<Meeting>> FindMeeting(std::string_view id) = 0;
  // A person's meetings (12-digit personnummer), earliest first (MeetingStartsBefore).
  virtual Result<std::vector<Meeting>> MeetingsOfPerson(std::string_view person) = 0;
  // The meetings of the municipalities (every municipality when empty) on `from` or later,
  // earliest first.
  virtual Result<std::vector<Meeting>> MeetingsFrom(std::span<const std::string> municipalities, Date from) = 0;

  // The opaque id of every person whose projection municipality is in `municipalities`, as
  // (personnummer, public id) pairs in no particular order.
  virtual Result<std::vector<std::pair<std::string, std::string>>> PublicIds(
      std::span<const std::string> municipalities) = 0;

  // Individuals' own accounts and sessions (migration 0011). The writes REQUIRE: inside a
  // transaction. PutOwnAccount inserts the person's account or replaces every field of it (one
  // account per person; the person must have a stream, else an error on field "person").
  virtual Result<std::optional<OwnAccount>> FindOwnAccountByPerson(std::string_view person) = 0;
  virtual Result<std::optional<OwnAccount>> FindOwnAccountById(std::string_view id) = 0;
  virtual Status PutOwnAccount(const OwnAccount& account) = 0;
  virtual Status CreateOwnSession(std::string_view token_hash, const StoredOwnSession& session) = 0;
  virtual Status TouchOwnSession(std::string_view token_hash, int64_t at) = 0;
  virtual Status EndOwnSession(std::string_view token_hash, int64_t at) = 0;
  virtual Result<std::optional<StoredOwnSession>> FindOwnSession(std::string_view token_hash) = 0;
  // Ends every open session of the account at `at`; returns how many were open.
  virtual Result<int64_t> EndOwnSessionsOfAccount(std::string_view account_id, int64_t at) = 0;

  // The staff questionnaire's respondents (migration 0012): records that `user_id` answered in
  // `year`; false, and nothing written, when they already have. REQUIRES: inside a transaction.
  virtual Result<bool> AddStaffSurveyRespondent(std::string_view user_id, int year) = 0;

  // Counts, for summaries and metrics.
  virtual Result<int64_t> CountEvents() = 0;
  virtual Result<int64_t> CountPersons() = 0;
};

// kReadOnlyUnmapped: read-only, without mapping the file into memory. For connections that
// start many short read transactions while another connection commits (the server's readers):
// SQLite drops a connection's whole mapping at the first read after another connection's commit
// (munmap, a TLB shootdown on every core, then page faults on the new mapping), which costs far
// more than the page copies that mapping saves (docs/BENCHMARKS.md, run g). kReadOnly maps up to
// 4 GiB: a scan of every person's digest (the follow-up report) then copies nothing.
enum class OpenMode { kReadWrite, kReadOnly, kReadOnlyUnmapped };

// Opens (creating when missing, unless read-only) a SQLite journal at `path`, runs pending
// migrations, and sets WAL mode, foreign keys and synchronous=FULL. Errors name the path.
Result<std::unique_ptr<Journal>> OpenSqliteJournal(const std::string& path, OpenMode mode = OpenMode::kReadWrite);

// Rolls back unless Commit() was called (Cosmic Python's unit of work).
class UnitOfWork {
 public:
  explicit UnitOfWork(Journal& journal) : journal_(journal) {}
  UnitOfWork(const UnitOfWork&) = delete;
  UnitOfWork& operator=(const UnitOfWork&) = delete;
  ~UnitOfWork() { if (open_) journal_.Rollback(); }

  Status Begin() { auto s = journal_.Begin(); open_ = s.ok(); return s; }
  Status Commit() { auto s = journal_.Commit(); if (s.ok()) open_ = false; return s; }

 private:
  Journal& journal_;
  bool open_ = false;
};

}  // namespace rattvag
