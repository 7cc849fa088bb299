// Administration over HTTP (issue 3 item 2): units and users, for administrators only, who see
// no case content. Every change is in the audit log.
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// POST and GET /api/v1/admin/units, POST and GET /api/v1/admin/users, and
// POST /api/v1/admin/users/{username}/disable and …/enable.
void AddAdminRoutes(Router& router, SessionContext& sessions);

}  // namespace rattvag::http
