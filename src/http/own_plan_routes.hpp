// Mina sidor, the person's own view (issue 5 items 3 and 5; docs/OWN.md): their plan (SIP),
// their meetings and the questionnaires they may answer, for a person logged in with their own
// account (RequireOwnSession). Every answer holds the session person's data only; every id in a
// URL that is not theirs answers 404, like a missing one, and is logged (DenyForeignId); every
// read is an audit entry about the person (OwnAuditEntry).
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// GET  /api/v1/own/sips                 the person's SIPs, the latest version of each, in brief.
// GET  /api/v1/own/sips/{sip}           one plan in plain terms (?version=N, else the latest).
// GET  /api/v1/own/sips/{sip}/pdf       the plan as a PDF to print (?version=N).
// GET  /api/v1/own/meetings             the person's meetings, coming first (no minutes notes).
// GET  /api/v1/own/surveys              the questionnaires the person may answer now.
// POST /api/v1/own/surveys/answers      {"survey","answers"}: answer one (RecordSurveyAnswer).
void AddOwnPlanRoutes(Router& router, SessionContext& context);

}  // namespace rattvag::http
