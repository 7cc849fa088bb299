// The Kunskapsbank over HTTP (issue 4, view 9): the method described from the domain's own rules
// (domain/method.hpp) and the parties' contact list (domain/contacts.hpp), for every logged-in
// user; the contact list is kept by administrators, every change in the audit log.
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// GET /api/v1/method; GET and POST /api/v1/contacts, PUT and DELETE /api/v1/contacts/{id}.
void AddKnowledgeRoutes(Router& router, SessionContext& context);

}  // namespace rattvag::http
