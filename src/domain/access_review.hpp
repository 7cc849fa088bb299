// The access review (loggkontroll, DOMAIN.md §3; issue 3): the EB unit's manager follows up who
// accessed the municipality's persons in a period, under which ground, what was disclosed to
// other parties, what was refused, and the accesses worth a second look. Systematic log checks
// are what patientdatalagen (4 kap. 3 §) and HSLF-FS 2016:40 ask of a care provider, and the
// logging requirements of OWASP ASVS of any system that logs access to personal data; social
// services follow the same practice. Pure: the caller scans the audit log and resolves each
// entry's person to the person's opaque id.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "domain/audit.hpp"
#include "domain/date.hpp"

namespace rattvag {

// A moment in Swedish local time (Europe/Stockholm).
struct SwedishLocalTime {
  Date date;
  int minute_of_day = 0;  // 0–1439.
};

// The local time of an audit entry's UTC time "YYYY-MM-DDTHH:MM:SS[.mmm]Z": CET (UTC+1), and
// CEST (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
// October (the EU rule, Sweden's since 1996). Nothing when the text is not such a time.
std::optional<SwedishLocalTime> ToSwedishLocalTime(std::string_view utc);

struct AccessReviewOptions {
  Date from;  // Swedish local dates, both included.
  Date to;
  // The units whose accesses by ownership are expected (the manager's own EB unit). An access by
  // ownership from any other unit is flagged. Empty: no such flag.
  std::vector<std::string> owner_units;
  // Working hours, in minutes after local midnight, on Swedish working days (DOMAIN.md §7): an
  // access outside them is flagged.
  int working_day_starts = 7 * 60;
  int working_day_ends = 18 * 60;
  // A user who read at least this many different persons in the period and recorded nothing is
  // flagged. Reads are the allowed actions other than recording and the work list (which logs
  // every person on its page).
  int many_persons = 10;
};

struct ReviewedUser {
  std::string user;  // The user's id, and what the log says of them (the latest entry).
  std::string party;
  std::string unit;
  std::string role;
  std::string username;      // Filled in by the caller when the user is known; else empty.
  std::string display_name;
  int64_t accesses = 0;  // Entries, allowed or denied.
  int64_t denied = 0;
  std::map<std::string, int64_t> actions;  // "read_person" → count, …
  std::map<std::string, int64_t> grounds;  // "ownership", "consent:C1", "none" → count.
  std::set<std::string> persons;           // Opaque ids of the persons accessed (allowed).
};

// The accesses of another party under one consent to one person (utlämnanden).
struct Disclosure {
  std::string person_id;
  std::string consent_id;
  std::string party;
  std::string unit;
  std::set<std::string> users;
  int64_t accesses = 0;
  std::string first_at;
  std::string last_at;
};

struct Refusal {
  std::string at;
  std::string user;
  std::string party;
  std::string unit;
  std::string role;
  std::string person_id;
  std::string action;
  std::string reason;
};

enum class ReviewFlagKind : uint8_t {
  kOutsideWorkingHours,       // Allowed access to a person outside working hours.
  kManyPersonsWithoutRecords, // Read many persons, recorded nothing.
  kOtherUnit,                 // Access by ownership from a unit other than the owner units.
};
std::string_view Name(ReviewFlagKind kind);

struct ReviewFlag {
  ReviewFlagKind kind;
  std::string user;
  std::string person_id;  // Empty for kManyPersonsWithoutRecords.
  int64_t count = 0;      // Accesses (persons for kManyPersonsWithoutRecords).
  std::string first_at;
  std::string last_at;
};

struct AccessReview {
  Date from;
  Date to;
  int64_t entries = 0;
  std::set<std::string> persons;            // Opaque ids of every person accessed or tried.
  std::vector<ReviewedUser> users;          // By user id.
  std::vector<Disclosure> disclosures;      // By person, consent, unit.
  std::vector<Refusal> refusals;            // In log order.
  std::vector<ReviewFlag> flags;            // By kind, user, person.
};

// Builds the review entry by entry, in log order. Not thread-safe.
class AccessReviewBuilder {
 public:
  explicit AccessReviewBuilder(AccessReviewOptions options);

  // True when the entry's local date falls in the period.
  bool InPeriod(const AuditEntry& entry) const;
  // Adds one entry about one of the reviewed persons; `entry.person` is not read (the review
  // never holds a personnummer). REQUIRES: InPeriod(entry); person_id is not empty.
  void Add(const AuditEntry& entry, std::string_view person_id);

  AccessReview Finish() const;

 private:
  struct Span {
    int64_t count = 0;
    std::string first_at, last_at;
    void Add(const std::string& at);
  };
  AccessReviewOptions options_;
  AccessReview review_;
  std::map<std::string, ReviewedUser> users_;
  std::map<std::tuple<std::string, std::string, std::string>, Disclosure> disclosures_;
  std::map<std::string, std::set<std::string>> read_persons_;  // user → persons read.
  std::set<std::string> recorders_;                           // Users who recorded something.
  std::map<std::string, Span> last_reads_;                    // user → span of their reads.
  std::map<std::tuple<ReviewFlagKind, std::string, std::string>, Span> flags_;
};

}  // namespace rattvag
