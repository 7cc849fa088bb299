#include "http/audit_routes.hpp"

#include <fmt/format.h>

#include <variant>

#include "app/access_review.hpp"
#include "codec/access_review_format.hpp"
#include "domain/access.hpp"

namespace rattvag::http {

namespace {

// A review covers at most a year (366 days with a leap day): the log is scanned whole for it.
constexpr int kMaxDaysAfterFrom = 365;

}  // namespace

void AddAuditRoutes(Router& router, SessionContext& context) {
  router.Add("GET", "/api/v1/audit/review",
             "The access review (loggkontroll) of the manager's municipality's persons over a period",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated* who = &std::get<Authenticated>(session);
               auto query = ParseQuery(request.query, {"from", "to"});
               if (auto* bad = std::get_if<Response>(&query)) return *bad;
               const auto& q = std::get<0>(query);
               std::optional<Date> from, to;
               for (const char* name : {"from", "to"}) {
                 if (!q.count(name)) return ErrorResponse(400, name, "is required, a date YYYY-MM-DD");
                 auto parsed = Date::Parse(q.at(name));
                 if (!parsed) return ErrorResponse(400, name, "must be a date YYYY-MM-DD");
                 (std::string_view(name) == "from" ? from : to) = parsed;
               }
               if (*to < *from) return ErrorResponse(400, "to", "must not be before from");
               if (from->DaysUntil(*to) > kMaxDaysAfterFrom)
                 return ErrorResponse(400, "to", fmt::format("must be at most {} days after from", kMaxDaysAfterFrom));
               // The review is the EB unit manager's (enhetschef): it shows which persons were
               // accessed, by whom and under which consents. Administrators manage accounts and
               // see no case content (DOMAIN.md §3); they verify the log's integrity instead.
               const bool manager = who->user.role == Role::kEnhetschef && !who->unit.municipality.empty();
               const std::string detail =
                   fmt::format("municipality {} {}..{}", who->unit.municipality, from->ToString(), to->ToString());
               AccessReviewOptions options;
               options.from = *from;
               options.to = *to;
               options.owner_units = {who->unit.id};
               std::lock_guard lock(context.journal_mutex);
               {
                 // Reading the review is itself logged, before it is read.
                 UnitOfWork work(context.journal);
                 Status s = work.Begin();
                 if (s.ok())
                   s = context.journal.AppendAudit(AuditEntryOf(context, *who, "read_access_review",
                                                                manager ? "management" : "none",
                                                                manager ? "allowed" : "denied", detail));
                 if (s.ok()) s = work.Commit();
                 if (!s.ok()) return ErrorResponse(503, "database", "is not available; try again");
               }
               if (!manager)
                 return ErrorResponse(403, "role", "the access review is for the EB unit's manager (enhetschef)");
               auto review = BuildAccessReview(context.journal, who->unit.municipality, options);
               if (!review.ok()) return ErrorResponse(503, "database", "is not available; try again");
               Response r;
               r.body = AccessReviewJson(*review, who->unit.municipality);
               return r;
             });
}

}  // namespace rattvag::http
