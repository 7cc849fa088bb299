#include "http/case_access.hpp"

namespace rattvag::http {

Response NotFound() { return ErrorResponse(404, "person", "no such person"); }
Response StorageFailure() { return ErrorResponse(503, "database", "is not available; try again"); }

std::string GroundText(const AccessDecision& d) {
  switch (d.ground) {
    case AccessGround::kOwnership:
      return "ownership";
    case AccessGround::kConsent:
      return "consent:" + d.consent_id;
    case AccessGround::kNone:
      break;
  }
  return "none";
}

AuditEntry EntryFor(SessionContext& context, const Authenticated& who, const std::optional<PersonRecord>& record,
                    const std::string& action, const AccessDecision& decision) {
  // Access by another party under a consent is a disclosure (utlämnande) to that party.
  AuditEntry entry = AuditEntryOf(context, who, action, GroundText(decision), decision.allowed ? "allowed" : "denied",
                                  decision.ground == AccessGround::kConsent ? "utlämnande till " + who.unit.kind
                                                                            : decision.reason);
  entry.person = record ? record->personnummer : "";
  return entry;
}

// Writes one audit entry in a transaction of its own.
// REQUIRES: the journal mutex is held.
Status WriteAudit(SessionContext& context, const AuditEntry& entry) {
  UnitOfWork work(context.journal);
  RATTVAG_TRY_STATUS(work.Begin());
  RATTVAG_TRY_STATUS(context.journal.AppendAudit(entry));
  return work.Commit();
}

Date Today(SessionContext& context) {
  return Date::FromDaysSinceEpoch(static_cast<int32_t>(context.now() / 86400));
}

// The person's case as of today and the decision on `action` for `who` (none: unknown person).
Result<std::pair<AccessDecision, std::optional<PersonView>>> Decide(SessionContext& context, const Authenticated& who,
                                                                    const std::optional<PersonRecord>& record,
                                                                    CaseAction action,
                                                                    std::optional<EventType> type) {
  AccessDecision decision;
  std::optional<PersonView> view;
  if (!record) {
    decision.reason = "no such person";
    return std::make_pair(decision, view);
  }
  // Decoded from the record as loaded: no second read, and the view matches the record's ETag.
  Status decoded;
  view = LoadPersonView(*record, Today(context), DefaultEligibilityRules(), decoded);
  RATTVAG_TRY_STATUS(decoded);
  const std::vector<ConsentView> consents = view ? view->projection.consents : std::vector<ConsentView>{};
  decision = DecideCaseAccess(ActorOf(who.user, who.unit), record->municipality, consents, Today(context), action, type);
  return std::make_pair(decision, std::move(view));
}

// Decides a read and writes its audit entry; the view only when allowed. An error when the
// entry could not be written: then the request fails (no access without its log entry).
// REQUIRES: the journal mutex is held.
Result<std::pair<AccessDecision, std::optional<PersonView>>> DecideAndLog(SessionContext& context,
                                                                          const Authenticated& who,
                                                                          const std::optional<PersonRecord>& record,
                                                                          const std::string& action) {
  auto decided = Decide(context, who, record, CaseAction::kRead);
  if (!decided.ok()) return decided.error();
  RATTVAG_TRY_STATUS(WriteAudit(context, EntryFor(context, who, record, action, decided->first)));
  if (!decided->first.allowed) decided->second.reset();
  return decided;
}

std::string ETag(int64_t sequence) { return "\"" + std::to_string(sequence) + "\""; }

// `"12"`, `W/"12"` or `12` → 12.
std::optional<int64_t> ParseIfMatch(std::string text) {
  if (text.rfind("W/", 0) == 0) text = text.substr(2);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(text);
}

Response RecordAnswer(const Result<RecordOutcome>& outcome, boost::json::object answer) {
  if (!outcome.ok()) return StorageFailure();
  switch (outcome->kind) {
    case RecordOutcome::Kind::kConflict: {
      Response r = ErrorResponse(409, "if-match", "the case has changed since it was read; read it again");
      r.headers.emplace_back("ETag", ETag(outcome->sequence));
      return r;
    }
    case RecordOutcome::Kind::kRefused:
      return ErrorResponse(400, outcome->refusal.field, outcome->refusal.reason);
    case RecordOutcome::Kind::kStored:
      break;
  }
  answer["sequence"] = outcome->sequence;
  Response r;
  r.status = 201;
  r.body = boost::json::serialize(answer);
  r.headers.emplace_back("ETag", ETag(outcome->sequence));
  return r;
}

std::variant<int64_t, Response> RequireIfMatch(const Request& request) {
  const auto if_match = request.headers.find("if-match");
  if (if_match == request.headers.end())
    return ErrorResponse(428, "if-match", "is required: the ETag of the person's case as last read");
  const auto expected = ParseIfMatch(if_match->second);
  if (!expected) return ErrorResponse(400, "if-match", "must be the ETag of the person's case, e.g. \"12\"");
  return *expected;
}

// `limit` (1–500, default 100) and `offset` (default 0) of a list, or the 400 to answer.
std::variant<std::pair<size_t, size_t>, Response> Paging(const std::map<std::string, std::string>& query) {
  size_t limit = 100, offset = 0;
  for (const auto& [name, value] : query) {
    if (name != "limit" && name != "offset") continue;
    if (value.empty() || value.size() > 9 || value.find_first_not_of("0123456789") != std::string::npos)
      return ErrorResponse(400, name, "must be a whole number");
    const size_t n = std::stoul(value);
    if (name == "limit" && (n < 1 || n > 500)) return ErrorResponse(400, "limit", "must be from 1 to 500");
    (name == "limit" ? limit : offset) = n;
  }
  return std::make_pair(limit, offset);
}

}  // namespace rattvag::http
