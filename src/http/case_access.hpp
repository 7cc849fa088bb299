// What the routes about one person's case share (issue 3): the access decision on the case as
// stored, its audit entry (written before anything is answered), the 404 that is the same for a
// missing person and one the user may not see, ETags and paging.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include <boost/json.hpp>

#include "app/queries.hpp"
#include "app/record.hpp"
#include "domain/access.hpp"
#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// The one answer for a person who is missing or whom the user may not see.
Response NotFound();
Response StorageFailure();

// "ownership", "consent:<id>" or "none": the legal ground of an audit entry.
std::string GroundText(const AccessDecision& decision);

// The audit entry of `action` on the person by `who`; access by another party under a consent
// is a disclosure (utlämnande) to that party.
AuditEntry EntryFor(SessionContext& context, const Authenticated& who, const std::optional<PersonRecord>& record,
                    const std::string& action, const AccessDecision& decision);

// Writes one audit entry in a transaction of its own. REQUIRES: the journal mutex is held.
Status WriteAudit(SessionContext& context, const AuditEntry& entry);

Date Today(SessionContext& context);

// The person's case as of today (decoded from `record`; reads nothing) and the decision on
// `action` for `who` (none: unknown person).
Result<std::pair<AccessDecision, std::optional<PersonView>>> Decide(SessionContext& context, const Authenticated& who,
                                                                    const std::optional<PersonRecord>& record,
                                                                    CaseAction action,
                                                                    std::optional<EventType> type = std::nullopt);

// Decides a read and writes its audit entry; the view only when allowed. An error when the
// entry could not be written: then the request fails (no access without its log entry).
// REQUIRES: the journal mutex is held.
Result<std::pair<AccessDecision, std::optional<PersonView>>> DecideAndLog(SessionContext& context,
                                                                          const Authenticated& who,
                                                                          const std::optional<PersonRecord>& record,
                                                                          const std::string& action);

std::string ETag(int64_t sequence);

// `"12"`, `W/"12"` or `12` → 12.
std::optional<int64_t> ParseIfMatch(std::string text);

// The If-Match header of a state-changing request as a sequence, or the 428/400 to answer.
std::variant<int64_t, Response> RequireIfMatch(const Request& request);

// The answer to a recorded change: 201 with `answer` plus the new `sequence` and its ETag; 409
// with the current ETag on a conflict; 400 naming the field the case refused; 503 on a storage
// failure.
Response RecordAnswer(const Result<RecordOutcome>& outcome, boost::json::object answer = {});

// `limit` (1–500, default 100) and `offset` (default 0) of a list, or the 400 to answer.
std::variant<std::pair<size_t, size_t>, Response> Paging(const std::map<std::string, std::string>& query);

}  // namespace rattvag::http
