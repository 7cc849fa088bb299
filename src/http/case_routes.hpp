// Routes that change a case besides recording one event (issue 3 items 4–5): registering a
// person in the target group, giving, limiting and revoking consent with immediate effect, and
// assigning the case to a caseworker (the "my deadlines" work list). Thin: parse, decide with
// the domain rules (domain/access.hpp, domain/consent.hpp), record through app/record.hpp with
// the audit entry in the same transaction.
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// POST   /api/v1/persons                               register a person (EB)
// POST   /api/v1/persons/{id}/consents                 give a consent (owner)
// PATCH  /api/v1/persons/{id}/consents/{consent_id}    limit it: fewer parties or an earlier end (owner)
// DELETE /api/v1/persons/{id}/consents/{consent_id}    revoke it now (owner, or a party it names)
// PUT    /api/v1/persons/{id}/assignee                 assign the case to an EB user of the unit
// DELETE /api/v1/persons/{id}/assignee                 remove the assignment
void AddCaseRoutes(Router& router, SessionContext& context);

}  // namespace rattvag::http
