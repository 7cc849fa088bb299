// SIPs over HTTP (issue 5 item 1): calling a SIP for a person, its versions, the comparison of
// two versions, and the invitations of the user's party. Thin handlers over domain/sip.hpp
// (checks, comparison, access) and app/sip.hpp (the writes with their audit entries).
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// POST and GET /api/v1/persons/{id}/sips; GET /api/v1/sips/{sip}; GET and POST
// /api/v1/sips/{sip}/versions/...; GET /api/v1/sips/{sip}/compare; GET /api/v1/sip-invitations.
void AddSipRoutes(Router& router, SessionContext& context);

}  // namespace rattvag::http
