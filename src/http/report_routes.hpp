// The follow-up over HTTP (DOMAIN.md §9, §3; issue 3 item 5): aggregates only, for the EB roles
// of a municipality in full and for the förbund's analysts with small cells suppressed.
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// GET /api/v1/report?as_of=YYYY-MM-DD&municipalities=CODE,CODE
void AddReportRoutes(Router& router, SessionContext& sessions);

}  // namespace rattvag::http
