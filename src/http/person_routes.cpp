#include "http/person_routes.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>


#include "app/queries.hpp"
#include "codec/report_format.hpp"
#include "domain/access.hpp"
#include "domain/personnummer.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

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

// Decides a read of the person in `record` (none: unknown) and writes the audit entry in its
// own transaction. Returns the decision, or an error when the entry could not be written (then
// the request fails: no access without its log entry).
// REQUIRES: the journal mutex is held.
Result<std::pair<AccessDecision, std::optional<PersonView>>> DecideAndLog(SessionContext& context,
                                                                          const Authenticated& who,
                                                                          const std::optional<PersonRecord>& record,
                                                                          const std::string& action) {
  const int64_t now = context.now();
  const Date today = Date::FromDaysSinceEpoch(static_cast<int32_t>(now / 86400));
  AccessDecision decision;
  std::optional<PersonView> view;
  if (!record) {
    decision.reason = "no such person";
  } else {
    auto loaded = LoadPersonView(context.journal, record->personnummer, today, DefaultEligibilityRules());
    if (!loaded.ok()) return loaded.error();
    view = std::move(*loaded);
    std::vector<ConsentView> consents = view ? view->projection.consents : std::vector<ConsentView>{};
    decision = DecideCaseAccess(ActorOf(who.user, who.unit), record->municipality, consents, today, CaseAction::kRead);
  }
  AuditEntry entry;
  entry.at = FormatUtcTimestamp(now);
  entry.user = who.user.id;
  entry.party = who.unit.kind;
  entry.unit = who.unit.id;
  entry.role = std::string(Name(who.user.role));
  entry.person = record ? record->personnummer : "";
  entry.action = action;
  entry.ground = GroundText(decision);
  entry.outcome = decision.allowed ? "allowed" : "denied";
  // A read by another party under a consent is a disclosure (utlämnande) to that party.
  entry.detail = decision.ground == AccessGround::kConsent ? "utlämnande till " + who.unit.kind : decision.reason;
  UnitOfWork work(context.journal);
  RATTVAG_TRY_STATUS(work.Begin());
  RATTVAG_TRY_STATUS(context.journal.AppendAudit(entry));
  RATTVAG_TRY_STATUS(work.Commit());
  return std::make_pair(decision, decision.allowed ? std::move(view) : std::nullopt);
}

}  // namespace

void AddPersonRoutes(Router& router, SessionContext& context) {
  router.Add("POST", "/api/v1/persons/search", "Find a person by personnummer", [&context](const Request& request) {
    auto who = Authenticate(context, request);
    if (!who.ok()) return StorageFailure();
    if (!who->has_value()) return ErrorResponse(401, "session", "not logged in, or the session has ended");
    if (auto refused = RefuseForgery(request, &**who)) return *refused;
    json::error_code ec;
    const json::value body = json::parse(request.body, ec);
    if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
    for (const auto& [key, value] : body.as_object())
      if (key != "personnummer") return ErrorResponse(400, std::string(key), "is not a field of a search");
    const json::value* text = body.as_object().if_contains("personnummer");
    if (!text || !text->is_string()) return ErrorResponse(400, "personnummer", "is required, as a string");
    const Date today = Date::FromDaysSinceEpoch(static_cast<int32_t>(context.now() / 86400));
    auto parsed = ParsePersonnummer(std::string(text->as_string()), today, "personnummer");
    if (!parsed.ok()) return ErrorResponse(400, parsed.error().field, parsed.error().reason);
    std::lock_guard lock(context.journal_mutex);
    auto record = context.journal.LoadPerson(parsed->digits);
    if (!record.ok()) return StorageFailure();
    auto decided = DecideAndLog(context, **who, *record, "search_person");
    if (!decided.ok()) return StorageFailure();
    if (!decided->first.allowed) return NotFound();
    Response r;
    r.body = json::serialize(json::object{{"id", (*record)->public_id}});
    return r;
  });
  router.Add("GET", "/api/v1/persons/{id}", "A person's case: timeline, tracks, deadlines, hints",
             [&context](const Request& request) {
               auto who = Authenticate(context, request);
               if (!who.ok()) return StorageFailure();
               if (!who->has_value()) return ErrorResponse(401, "session", "not logged in, or the session has ended");
               const std::string& id = request.params.at("id");
               std::lock_guard lock(context.journal_mutex);
               auto record = context.journal.LoadPersonByPublicId(id);
               if (!record.ok()) return StorageFailure();
               auto decided = DecideAndLog(context, **who, *record, "read_person");
               if (!decided.ok()) return StorageFailure();
               if (!decided->first.allowed || !decided->second) return NotFound();
               Response r;
               r.body = PersonJson(*decided->second);
               return r;
             });
}

}  // namespace rattvag::http
