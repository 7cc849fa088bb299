// The follow-up over HTTP (DOMAIN.md §9, §3; issue 3 item 5): aggregates only, for the EB roles
// of a municipality in full and for the förbund's analysts with small cells suppressed.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// GET /api/v1/report?as_of=YYYY-MM-DD&municipalities=CODE,CODE
void AddReportRoutes(Router& router, SessionContext& sessions);

// For other aggregate routes (the questionnaires' results): the municipalities a report covers
// (`municipalities` of the query, or every one the user may see) and of those the ones the user
// is entitled to in full; or the 400/403 to answer. The as-of date (`as_of`, default today).
struct ReportScope {
  std::vector<std::string> allowed;
  std::vector<std::string> entitled;
};
std::variant<ReportScope, Response> ReportScopeOf(const Authenticated& who,
                                                  const std::map<std::string, std::string>& query);
std::variant<Date, Response> ReportAsOf(SessionContext& context, const std::map<std::string, std::string>& query);

}  // namespace rattvag::http
