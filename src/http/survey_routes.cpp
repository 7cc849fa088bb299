#include "http/survey_routes.hpp"

#include <algorithm>
#include <variant>

#include <boost/json.hpp>

#include "app/survey.hpp"
#include "codec/event_json.hpp"
#include "codec/survey_json.hpp"
#include "domain/access.hpp"
#include "domain/accounts.hpp"
#include "domain/survey.hpp"
#include "http/case_access.hpp"
#include "http/report_routes.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

constexpr std::string_view kAction = "record:survey_answered";

// The municipality an answer without a person belongs to: the one asked for, which must be the
// caller's own or one their organisation serves, else the caller's unit's; or the answer to give.
std::variant<std::string, Response> PlaceOf(const Actor& actor, const json::value* asked) {
  if (asked) {
    if (!asked->is_string()) return ErrorResponse(400, "municipality", "must be a string");
    const std::string m(asked->as_string());
    const bool own = m == actor.municipality || std::find(actor.area.begin(), actor.area.end(), m) != actor.area.end();
    if (!own) return ErrorResponse(403, "municipality", "is not a municipality your unit works for");
    return m;
  }
  if (!actor.municipality.empty()) return actor.municipality;
  return ErrorResponse(400, "municipality",
                       "is required: name the municipality of the answer (one your organisation serves)");
}

// 201 for a stored answer; 400/409 naming the field of a refusal; 503 on a storage failure.
Response Answered(const Result<RecordOutcome>& outcome, const Event& event) {
  if (!outcome.ok()) return StorageFailure();
  switch (outcome->kind) {
    case RecordOutcome::Kind::kStored: {
      Response r;
      r.status = 201;
      r.body = json::serialize(json::object{{"survey", Name(event.survey)},
                                            {"date", event.date.ToString()},
                                            {"anonymous", DefinitionOf(event.survey).anonymous || event.person.empty()}});
      return r;
    }
    case RecordOutcome::Kind::kConflict:
      return ErrorResponse(409, "person", "the case changed at the same moment; send the answer again");
    case RecordOutcome::Kind::kRefused:
      return ErrorResponse(outcome->refusal.field == "id" || outcome->refusal.field == "respondent" ? 409 : 400,
                           outcome->refusal.field, outcome->refusal.reason);
  }
  return StorageFailure();
}

}  // namespace

void AddSurveyRoutes(Router& router, SessionContext& context) {
  router.Add("GET", "/api/v1/surveys", "The questionnaires of the follow-up: questions, options, targets",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               Response r;
               r.body = json::serialize(SurveyDefinitionsJson());
               return r;
             });

  router.Add(
      "POST", "/api/v1/surveys/answers", "Enter one questionnaire answer given on paper",
      [&context](const Request& request) {
        auto session = RequireSession(context, request, true);
        if (auto* answer = std::get_if<Response>(&session)) return *answer;
        const Authenticated* who = &std::get<Authenticated>(session);
        const Actor actor = ActorOf(who->user, who->unit);
        if (!PartyOf(who->user.role))
          return ErrorResponse(403, "role", "only the parties' staff enter questionnaire answers");
        json::error_code ec;
        const json::value body = json::parse(request.body, ec);
        if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
        const json::object& in = body.as_object();
        for (const auto& member : in) {
          const std::string_view key = member.key();
          if (key != "survey" && key != "answers" && key != "date" && key != "person" && key != "municipality")
            return ErrorResponse(400, key, "is not a field of a questionnaire answer");
        }
        const Date today = Today(context);
        json::object line{{"type", "survey_answered"}, {"date", today.ToString()}};
        for (const char* key : {"date", "survey", "answers", "person"})
          if (const json::value* v = in.if_contains(key)) line[key] = *v;
        const json::value* person = in.if_contains("person");
        if (person && person->is_string() && person->as_string().empty()) {
          line.erase("person");
          person = nullptr;
        }
        if (!person) {
          auto place = PlaceOf(actor, in.if_contains("municipality"));
          if (auto* refused = std::get_if<Response>(&place)) return *refused;
          line["municipality"] = std::get<std::string>(place);
        } else if (in.contains("municipality")) {
          return ErrorResponse(400, "municipality",
                               "is not given with a person: the answer belongs to the municipality of their case");
        }
        DecodedLine decoded = DecodeEventLine(json::serialize(line), today);
        if (!decoded.errors.empty())
          return ErrorResponse(400, decoded.errors.front().field, decoded.errors.front().reason);
        const Event& event = decoded.event;
        if (event.date > today) return ErrorResponse(400, "date", "must not be in the future");
        std::lock_guard lock(context.journal_mutex);
        if (event.person.empty()) {
          AuditEntry audit = AuditEntryOf(context, *who, std::string(kAction), "anonymous", "allowed",
                                          "survey=" + std::string(Name(event.survey)) + " municipality=" + event.municipality);
          return Answered(RecordSurveyAnswer(context.journal, event, audit), event);
        }
        auto record = context.journal.LoadPerson(event.person);
        if (!record.ok()) return StorageFailure();
        // Who may not read the person learns nothing, not even whether they are registered.
        auto readable = Decide(context, *who, *record, CaseAction::kRead);
        if (!readable.ok()) return StorageFailure();
        if (!readable->first.allowed) {
          if (record->has_value() &&
              !WriteAudit(context, EntryFor(context, *who, *record, std::string(kAction), readable->first)).ok())
            return StorageFailure();
          return NotFound();
        }
        const std::vector<ConsentView> consents =
            readable->second ? readable->second->projection.consents : std::vector<ConsentView>{};
        const AccessDecision allowed = DecideCaseAccess(actor, (*record)->municipality, consents, today,
                                                        CaseAction::kRecord, EventType::kSurveyAnswered);
        if (!allowed.allowed) {
          if (!WriteAudit(context, EntryFor(context, *who, *record, std::string(kAction), allowed)).ok())
            return StorageFailure();
          return ErrorResponse(403, "person", allowed.reason);
        }
        return Answered(
            RecordSurveyAnswer(context.journal, event, EntryFor(context, *who, *record, std::string(kAction), allowed)),
            event);
      });

  router.Add("POST", "/api/v1/surveys/staff/answers", "Answer the staff questionnaire yourself (stored without your name)",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated* who = &std::get<Authenticated>(session);
               const Actor actor = ActorOf(who->user, who->unit);
               const std::optional<Party> party = PartyOf(who->user.role);
               if (party != Party::kEb && party != Party::kFk)
                 return ErrorResponse(403, "role",
                                      "the staff questionnaire is for ekonomiskt bistånd and Försäkringskassan");
               json::error_code ec;
               const json::value body = json::parse(request.body, ec);
               if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
               const json::object& in = body.as_object();
               for (const auto& member : in)
                 if (member.key() != "answers" && member.key() != "municipality")
                   return ErrorResponse(400, member.key(), "is not a field of a staff questionnaire answer");
               auto place = PlaceOf(actor, in.if_contains("municipality"));
               if (auto* refused = std::get_if<Response>(&place)) return *refused;
               const Date today = Today(context);
               json::object line{{"type", "survey_answered"},
                                 {"date", today.ToString()},
                                 {"survey", "staff"},
                                 {"municipality", std::get<std::string>(place)}};
               if (const json::value* v = in.if_contains("answers")) line["answers"] = *v;
               DecodedLine decoded = DecodeEventLine(json::serialize(line), today);
               if (!decoded.errors.empty())
                 return ErrorResponse(400, decoded.errors.front().field, decoded.errors.front().reason);
               std::lock_guard lock(context.journal_mutex);
               AuditEntry audit = AuditEntryOf(context, *who, "answer:staff_survey", "anonymous", "allowed",
                                               "municipality=" + decoded.event.municipality);
               return Answered(RecordSurveyAnswer(context.journal, decoded.event, audit, who->user.id), decoded.event);
             });

  router.Add("GET", "/api/v1/report/surveys",
             "Questionnaire results (n, share positive, target, met) for the municipalities the user may see",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated* who = &std::get<Authenticated>(session);
               auto query = ParseQuery(request.query, {"as_of", "municipalities", "format"});
               if (auto* bad = std::get_if<Response>(&query)) return *bad;
               const auto& q = std::get<0>(query);
               const std::string format = q.count("format") ? q.at("format") : "json";
               if (format != "json" && format != "csv") return ErrorResponse(400, "format", "must be json or csv");
               auto as_of_or = ReportAsOf(context, q);
               if (auto* bad = std::get_if<Response>(&as_of_or)) return *bad;
               const Date as_of = std::get<Date>(as_of_or);
               auto scope = ReportScopeOf(*who, q);
               if (auto* refused = std::get_if<Response>(&scope)) return *refused;
               const ReportScope& chosen = std::get<ReportScope>(scope);
               auto results = [&] {
                 std::lock_guard lock(context.journal_mutex);
                 return BuildSurveyResults(context.journal, as_of, chosen.allowed);
               }();
               if (!results.ok()) return ErrorResponse(503, "database", "is not available; try again");
               const bool full = chosen.entitled.size() == chosen.allowed.size();
               SurveySuppression hidden;
               if (!full) hidden = SuppressSurveyResults(*results, kDefaultSuppressionThreshold);
               Response r;
               if (format == "csv") {
                 r.content_type = "text/csv; charset=utf-8";
                 r.body = SurveyResultsCsv(*results, full ? nullptr : &hidden);
                 r.headers.emplace_back("Content-Disposition",
                                        "attachment; filename=enkater-" + as_of.ToString() + ".csv");
               } else {
                 r.body = SurveyResultsJson(*results, chosen.allowed, full ? nullptr : &hidden, kDefaultSuppressionThreshold);
               }
               return r;
             });
}

}  // namespace rattvag::http
