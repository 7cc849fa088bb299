// A person's case over HTTP (issue 3 items 4, 5, 8): find a person by personnummer (a POST, so
// the number is never in a URL) and read the case by its opaque id. Every request is decided by
// the access policy (domain/access.hpp) and written to the audit log before it is answered; a
// person the user may not see answers 404 exactly like a person who does not exist.
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// POST /api/v1/persons/search {"personnummer": "..."} → {"id": "..."}
// GET /api/v1/persons/{id} → the person's timeline, tracks, deadlines and hints (as today).
// `sessions` must outlive the router.
void AddPersonRoutes(Router& router, SessionContext& sessions);

}  // namespace rattvag::http
