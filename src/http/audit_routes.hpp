// The access review over HTTP (loggkontroll; issue 3): the EB unit's manager reviews who
// accessed the municipality's persons in a period (domain/access_review.hpp).
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// GET /api/v1/audit/review?from=YYYY-MM-DD&to=YYYY-MM-DD, for the role enhetschef only.
void AddAuditRoutes(Router& router, SessionContext& sessions);

}  // namespace rattvag::http
