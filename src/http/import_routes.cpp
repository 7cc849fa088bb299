#include "http/import_routes.hpp"

#include <boost/json.hpp>

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "app/import.hpp"
#include "domain/access.hpp"
#include "http/case_access.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

constexpr size_t kMaxReportedErrors = 1000;

// text/csv, with or without parameters (charset, header), in any case.
bool IsCsvMediaType(std::string_view value) {
  const size_t semicolon = value.find(';');
  std::string type(value.substr(0, semicolon));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  while (!type.empty() && type.front() == ' ') type.erase(type.begin());
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "text/csv";
}

}  // namespace

void AddImportRoutes(Router& router, SessionContext& context) {
  router.Add("POST", "/api/v1/import",
             "Import a JSON Lines file (or its CSV form, Content-Type text/csv) of the unit's cases (all or nothing)",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               auto query = ParseQuery(request.query, {"dry_run"});
               if (auto* bad = std::get_if<Response>(&query)) return *bad;
               const auto& params = std::get<0>(query);
               const std::string dry = params.count("dry_run") ? params.at("dry_run") : "false";
               if (dry != "true" && dry != "false") return ErrorResponse(400, "dry_run", "must be true or false");
               const bool dry_run = dry == "true";
               if (PartyOf(who.user.role) != Party::kEb)
                 return ErrorResponse(403, "role", "only an EB unit imports its municipality's cases");
               if (request.body.empty()) return ErrorResponse(400, "body", "is empty: send a JSON Lines or CSV file");
               const Date today = Today(context);
               // The CSV form (docs/CSV.md) by its media type; anything else is read as JSON Lines.
               const auto content_type = request.headers.find("content-type");
               const bool csv = content_type != request.headers.end() && IsCsvMediaType(content_type->second);

               // Parsing needs no journal: it runs outside the lock, on several threads when large.
               EventBatch batch;
               std::vector<LineError> errors;
               size_t lines = 0;
               if (csv) {
                 lines = ParseCsv(request.body, today, batch, errors);
               } else {
                 ParseJsonLines(request.body, today, batch, errors);
                 std::set<size_t> bad_lines;
                 for (const auto& e : errors) bad_lines.insert(e.line);
                 lines = batch.size() + bad_lines.size();
               }

               ImportOutcome outcome;
               const std::string& municipality = who.unit.municipality;
               std::vector<std::string> persons;
               if (errors.empty()) {
                 StoreOptions options;
                 options.dry_run = dry_run;
                 options.check_person = [&](const std::string& person, const std::string& stored,
                                            const std::string& after) -> std::optional<Error> {
                   // Another municipality's case: refused without saying whose (as registration).
                   if (!stored.empty() && stored != municipality)
                     return Error{"person", "cannot be imported by this unit"};
                   if (after != municipality)
                     return Error{"municipality", after.empty()
                                                      ? "the person has no EB period in " + municipality +
                                                            ": the file must register the person (eb_period_started)"
                                                      : "the case would belong to municipality " + after +
                                                            "; a unit imports only its own municipality's cases"};
                   persons.push_back(person);
                   return std::nullopt;
                 };
                 options.before_commit = [&](Journal& journal, const ImportSummary& summary) -> Status {
                   // Every person imported is a write of that person's data, logged with it.
                   for (const std::string& person : persons) {
                     AuditEntry entry = AuditEntryOf(context, who, "import", "ownership");
                     entry.person = person;
                     RATTVAG_TRY_STATUS(journal.AppendAudit(entry));
                   }
                   return journal.AppendAudit(AuditEntryOf(
                       context, who, dry_run ? "import_check" : "import_file", "ownership", "allowed",
                       std::to_string(summary.events_stored) + " events, " + std::to_string(persons.size()) +
                           " persons"));
                 };
                 std::lock_guard lock(context.journal_mutex);
                 outcome = StoreEvents(context.journal, batch, options);
                 if (dry_run && outcome.ok()) {
                   // The check's own entry: the dry run's transaction was rolled back.
                   AuditEntry entry = AuditEntryOf(context, who, "import_check", "ownership", "allowed",
                                                   std::to_string(outcome.summary.events_stored) + " events, " +
                                                       std::to_string(persons.size()) + " persons");
                   if (!WriteAudit(context, entry).ok()) return StorageFailure();
                 }
               } else {
                 outcome.errors = std::move(errors);
               }
               for (const auto& e : outcome.errors)
                 if (e.line == 0) return StorageFailure();  // Storage failures come on line 0.

               if (!outcome.ok()) {
                 json::array list;
                 for (size_t i = 0; i < outcome.errors.size() && i < kMaxReportedErrors; ++i) {
                   const LineError& e = outcome.errors[i];
                   json::object item{{"line", e.line}, {"field", e.error.field}, {"reason", e.error.reason}};
                   if (e.column > 0) item["column"] = e.column;
                   list.push_back(std::move(item));
                 }
                 Response r;
                 r.status = 422;
                 r.body = json::serialize(json::object{
                     {"error", json::object{{"field", "body"}, {"reason", "the file has bad lines; nothing was stored"}}},
                     {"error_count", outcome.errors.size()},
                     {"errors", std::move(list)}});
                 return r;
               }
               Response r;
               r.body = json::serialize(json::object{{"dry_run", dry_run},
                                                     {"lines", lines},
                                                     {"events_stored", dry_run ? 0 : outcome.summary.events_stored},
                                                     {"events_to_store", outcome.summary.events_stored},
                                                     {"events_unchanged", outcome.summary.events_unchanged},
                                                     {"persons", outcome.summary.persons}});
               return r;
             });
  router.SetBodyLimit("POST", "/api/v1/import", kImportBodyLimit);
}

}  // namespace rattvag::http
