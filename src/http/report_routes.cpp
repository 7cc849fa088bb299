#include "http/report_routes.hpp"

#include <algorithm>
#include <variant>

#include "app/queries.hpp"
#include "codec/report_format.hpp"
#include "domain/access.hpp"
#include "domain/accounts.hpp"
#include "domain/suppression.hpp"

namespace rattvag::http {

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
               if (format != "json" && format != "csv") return ErrorResponse(400, "format", "must be json or csv");
               const Date today = Date::FromDaysSinceEpoch(static_cast<int32_t>(context.now() / 86400));
               Date as_of = today;
               if (q.count("as_of")) {
                 auto parsed = Date::Parse(q.at("as_of"));
                 if (!parsed) return ErrorResponse(400, "as_of", "must be a date YYYY-MM-DD");
                 as_of = *parsed;
               }
               const Actor actor = ActorOf(who->user, who->unit);
               // The municipalities asked for, or every one the user may see.
               std::vector<std::string> wanted;
               if (q.count("municipalities")) {
                 for (auto& m : SplitCodes(q.at("municipalities")))
                   if (std::find(wanted.begin(), wanted.end(), m) == wanted.end()) wanted.push_back(std::move(m));
                 if (wanted.empty()) return ErrorResponse(400, "municipalities", "names no municipality");
               } else {
                 if (!actor.municipality.empty()) wanted.push_back(actor.municipality);
                 for (const auto& m : actor.area) wanted.push_back(m);
               }
               // The municipalities the user is entitled to in full; the others are suppressed.
               std::vector<std::string> allowed, entitled;
               for (const auto& m : wanted) {
                 const AggregateAccess a = DecideAggregateAccess(actor, m);
                 if (a == AggregateAccess::kDenied) continue;
                 if (std::find(allowed.begin(), allowed.end(), m) != allowed.end()) continue;
                 allowed.push_back(m);
                 if (a == AggregateAccess::kFull) entitled.push_back(m);
               }
               if (allowed.empty() || (q.count("municipalities") && allowed.size() != wanted.size()))
                 return ErrorResponse(403, "municipalities", "holds a municipality whose follow-up you may not see");
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
               } else {
                 r.body = full ? FollowUpJson(*report) : FollowUpJsonSuppressed(*report, suppression);
               }
               return r;
             });
}

}  // namespace rattvag::http
