#include "http/report_routes.hpp"

#include <algorithm>
#include <variant>

#include "app/queries.hpp"
#include "codec/report_format.hpp"
#include "codec/xlsx.hpp"
#include "domain/access.hpp"
#include "domain/accounts.hpp"
#include "domain/suppression.hpp"

namespace rattvag::http {

namespace {

constexpr std::string_view kXlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The municipalities a report covers: those asked for, or every one the user may see; and of
// those, the ones the user is entitled to in full (the others are suppressed).
struct Scope {
  std::vector<std::string> allowed;
  std::vector<std::string> entitled;
};

std::variant<Scope, Response> ScopeOf(const Authenticated& who, const std::map<std::string, std::string>& q) {
  const Actor actor = ActorOf(who.user, who.unit);
  std::vector<std::string> wanted;
  if (q.count("municipalities")) {
    for (auto& m : SplitCodes(q.at("municipalities")))
      if (std::find(wanted.begin(), wanted.end(), m) == wanted.end()) wanted.push_back(std::move(m));
    if (wanted.empty()) return ErrorResponse(400, "municipalities", "names no municipality");
  } else {
    if (!actor.municipality.empty()) wanted.push_back(actor.municipality);
    for (const auto& m : actor.area) wanted.push_back(m);
  }
  Scope scope;
  for (const auto& m : wanted) {
    const AggregateAccess a = DecideAggregateAccess(actor, m);
    if (a == AggregateAccess::kDenied) continue;
    if (std::find(scope.allowed.begin(), scope.allowed.end(), m) != scope.allowed.end()) continue;
    scope.allowed.push_back(m);
    if (a == AggregateAccess::kFull) scope.entitled.push_back(m);
  }
  if (scope.allowed.empty() || (q.count("municipalities") && scope.allowed.size() != wanted.size()))
    return ErrorResponse(403, "municipalities", "holds a municipality whose follow-up you may not see");
  return scope;
}

std::variant<Date, Response> AsOfOf(SessionContext& context, const std::map<std::string, std::string>& q) {
  if (!q.count("as_of")) return Date::FromDaysSinceEpoch(static_cast<int32_t>(context.now() / 86400));
  auto parsed = Date::Parse(q.at("as_of"));
  if (!parsed) return ErrorResponse(400, "as_of", "must be a date YYYY-MM-DD");
  return *parsed;
}

}  // namespace

std::variant<ReportScope, Response> ReportScopeOf(const Authenticated& who,
                                                  const std::map<std::string, std::string>& query) {
  auto scope = ScopeOf(who, query);
  if (auto* refused = std::get_if<Response>(&scope)) return *refused;
  return ReportScope{std::get<Scope>(scope).allowed, std::get<Scope>(scope).entitled};
}

std::variant<Date, Response> ReportAsOf(SessionContext& context, const std::map<std::string, std::string>& query) {
  return AsOfOf(context, query);
}

void AddReportRoutes(Router& router, SessionContext& context) {
  router.Add("GET", "/api/v1/report", "The follow-up of DOMAIN.md §9 for the municipalities the user may see",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated* who = &std::get<Authenticated>(session);
               auto query = ParseQuery(request.query, {"as_of", "municipalities", "format"});
               if (auto* bad = std::get_if<Response>(&query)) return *bad;
               const auto& q = std::get<0>(query);
               const std::string format = q.count("format") ? q.at("format") : "json";
               if (format != "json" && format != "csv" && format != "xlsx")
                 return ErrorResponse(400, "format", "must be json, csv or xlsx");
               auto as_of_or = AsOfOf(context, q);
               if (auto* bad = std::get_if<Response>(&as_of_or)) return *bad;
               const Date as_of = std::get<Date>(as_of_or);
               auto scope = ScopeOf(*who, q);
               if (auto* refused = std::get_if<Response>(&scope)) return *refused;
               // Plain references, not a structured binding: clang 14 (the fuzz build) cannot capture
               // a structured binding in the lambdas below.
               const Scope& chosen = std::get<Scope>(scope);
               const auto& allowed = chosen.allowed;
               const auto& entitled = chosen.entitled;
               auto report = [&] {
                 std::lock_guard lock(context.journal_mutex);
                 return BuildFollowUp(context.journal, as_of, allowed);
               }();
               if (!report.ok()) return ErrorResponse(503, "database", "is not available; try again");
               const FollowUpSuppression suppression =
                   SuppressFollowUp(*report, entitled, kDefaultSuppressionThreshold);
               const bool full = entitled.size() == allowed.size();
               Response r;
               if (format == "csv") {
                 r.content_type = "text/csv; charset=utf-8";
                 r.body = FollowUpCsv(*report, full ? nullptr : &suppression);
                 r.headers.emplace_back("Content-Disposition",
                                        "attachment; filename=uppfoljning-" + as_of.ToString() + ".csv");
               } else if (format == "xlsx") {
                 // The CSV's table and the series over time, each on a sheet, with the same suppression.
                 auto over_time = [&] {
                   std::lock_guard lock(context.journal_mutex);
                   return BuildEbOverTime(context.journal, as_of, kDefaultOverTimeMonths, allowed);
                 }();
                 if (!over_time.ok()) return ErrorResponse(503, "database", "is not available; try again");
                 const EbOverTimeSuppression hidden_over_time =
                     SuppressEbOverTime(*over_time, entitled, kDefaultSuppressionThreshold);
                 auto workbook = WriteXlsx(
                     {{"Uppföljning", CsvRows(FollowUpCsv(*report, full ? nullptr : &suppression))},
                      {"Över tid", CsvRows(EbOverTimeCsv(*over_time, full ? nullptr : &hidden_over_time))}});
                 if (!workbook.ok()) return ErrorResponse(503, "xlsx", "could not be written; try again");
                 r.content_type = std::string(kXlsxMediaType);
                 r.body = std::move(*workbook);
                 r.headers.emplace_back("Content-Disposition",
                                        "attachment; filename=uppfoljning-" + as_of.ToString() + ".xlsx");
               } else {
                 r.body = full ? FollowUpJson(*report) : FollowUpJsonSuppressed(*report, suppression);
               }
               return r;
             });

  router.Add("GET", "/api/v1/report/over-time",
             "The target group on EB per month (inflow, outflow, stock) for the municipalities the user may see",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated* who = &std::get<Authenticated>(session);
               auto query = ParseQuery(request.query, {"as_of", "municipalities", "months", "format"});
               if (auto* bad = std::get_if<Response>(&query)) return *bad;
               const auto& q = std::get<0>(query);
               const std::string format = q.count("format") ? q.at("format") : "json";
               if (format != "json" && format != "csv") return ErrorResponse(400, "format", "must be json or csv");
               int months = kDefaultOverTimeMonths;
               if (q.count("months")) {
                 const std::string& text = q.at("months");
                 const bool digits = !text.empty() && text.size() <= 3 &&
                                     std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
                 months = digits ? std::stoi(text) : 0;
                 if (months < 1 || months > kMaxOverTimeMonths)
                   return ErrorResponse(400, "months", "must be a whole number from 1 to " + std::to_string(kMaxOverTimeMonths));
               }
               auto as_of_or = AsOfOf(context, q);
               if (auto* bad = std::get_if<Response>(&as_of_or)) return *bad;
               const Date as_of = std::get<Date>(as_of_or);
               auto scope = ScopeOf(*who, q);
               if (auto* refused = std::get_if<Response>(&scope)) return *refused;
               // Plain references, not a structured binding: clang 14 (the fuzz build) cannot capture
               // a structured binding in the lambdas below.
               const Scope& chosen = std::get<Scope>(scope);
               const auto& allowed = chosen.allowed;
               const auto& entitled = chosen.entitled;
               auto report = [&] {
                 std::lock_guard lock(context.journal_mutex);
                 return BuildEbOverTime(context.journal, as_of, months, allowed);
               }();
               if (!report.ok()) return ErrorResponse(503, "database", "is not available; try again");
               const bool full = entitled.size() == allowed.size();
               const EbOverTimeSuppression suppression =
                   full ? EbOverTimeSuppression{} : SuppressEbOverTime(*report, entitled, kDefaultSuppressionThreshold);
               Response r;
               if (format == "csv") {
                 r.content_type = "text/csv; charset=utf-8";
                 r.body = EbOverTimeCsv(*report, full ? nullptr : &suppression);
                 r.headers.emplace_back("Content-Disposition",
                                        "attachment; filename=uppfoljning-over-tid-" + as_of.ToString() + ".csv");
               } else {
                 r.body = EbOverTimeJson(*report, full ? nullptr : &suppression);
               }
               return r;
             });
}

}  // namespace rattvag::http
