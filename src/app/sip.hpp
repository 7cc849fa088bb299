// The SIP's commands and queries (issue 5 item 1): calling a SIP, saving a new version with
// optimistic concurrency on the version number, and loading a SIP with its versions. Each write
// commits with its audit entry in one transaction. The access decisions are the caller's
// (domain/sip.hpp DecideSipAccess); these functions do what was decided.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/queries.hpp"
#include "domain/audit.hpp"
#include "domain/sip.hpp"
#include "storage/journal.hpp"

namespace rattvag {

// A SIP with every version, ascending, or nothing when no SIP has `sip_id`. The seam for the
// renderings of a SIP (the PDF, the FHIR CarePlan): their routes load through this.
Result<std::optional<Sip>> LoadSip(Journal& journal, std::string_view sip_id);

// A new opaque SIP id ("sip-" and 16 hex digits).
std::string NewSipId();

// Stores `sip` (with its first version) and `audit` in one transaction. Storage failures and a
// person without a case are errors (the latter on field "person").
// REQUIRES: sip.versions holds exactly version 1; the caller checked the call and the plan.
Status CallSip(Journal& journal, const Sip& sip, const AuditEntry& audit);

struct SaveSipOutcome {
  enum class Kind { kStored, kConflict, kUnknown } kind = Kind::kUnknown;
  int number = 0;  // kStored: the new version's number; kConflict: the current latest one.
};

// Appends `version` as number expected_latest + 1 when the SIP's latest version is
// `expected_latest` (else kConflict with the current number, nothing written), with `audit`, in
// one transaction. kUnknown when no SIP has `sip_id`. `version.number` is set here.
Result<SaveSipOutcome> SaveSipVersion(Journal& journal, std::string_view sip_id, int expected_latest,
                                      SipVersion version, const AuditEntry& audit);

// The SIP follow-ups of an EB unit's work list (DOMAIN.md §6): for each SIP of `municipality`
// whose latest agreed version has EB as coordinator, its follow-up deadline as of `as_of` (open or
// overdue; SipFollowUpDeadline), with the person's personnummer and public id. Left out: persons
// whose case has moved to another municipality or is closed (no longer on EB), as ComputeDeadlines
// does with theirs. Ordered like the work list (DeadlineRowBefore).
struct SipFollowUpRow {
  DeadlineRow row;
  std::string person_public_id;
};
Result<std::vector<SipFollowUpRow>> ListSipFollowUps(Journal& journal, std::string_view municipality, Date as_of);

// The demo's SIPs (`rattvag demo --users`, issue 5): for the first Halmstad person (lowest
// personnummer) on EB with a consent in force to FK, a SIP called by the demo EB caseworker
// with two versions (a draft, then the agreed plan), inviting FK, the region and AME; and for
// the first one without any consent, a SIP inviting FK and AF, who see only the invitation.
// Nothing when the journal has SIPs of Halmstad already. Returns how many were added.
Result<int> AddDemoSips(Journal& journal, Date today);

}  // namespace rattvag
