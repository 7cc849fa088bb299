// The person's own view over HTTP (issue 5 item 3, "Mina sidor"): /api/v1/own/..., for
// individuals logged in with their own account (app/own.hpp), and the two routes by which the
// owning EB caseworker creates or resets a person's account. A person's session is its own
// cookie (kOwnSessionCookie), its own table and its own timeouts: it is never a staff session
// (staff routes answer it 401) and a staff session is never a person's (these routes answer it
// 401). Every id in a URL is checked against the session's person: any other answers 404, like
// a missing one, and is written to the audit log (DenyForeignId).
#pragma once

#include <string_view>
#include <variant>

#include "app/own.hpp"
#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

inline constexpr const char* kOwnSessionCookie = "__Host-rattvag_own";

// The person of a request's own session, or the answer to give instead: 401 without one, 503
// when the journal cannot be read, and for a state-changing request 403 for a forgery (a
// cross-site Origin, a missing or wrong X-CSRF-Token).
std::variant<OwnAuthenticated, Response> RequireOwnSession(SessionContext& context, const Request& request,
                                                           bool state_changing);

// The answer to an id in a URL that is not the session person's (`what`: "consent", later
// "sip", "meeting", "survey"): an audit entry (own_denied, about the session's person) and 404.
// The seam for the plan, meetings and questions sections: their routes check every id with
// their own lookup and answer this when it is not the person's.
Response DenyForeignId(SessionContext& context, const OwnAuthenticated& who, std::string_view what,
                       std::string_view id);

// POST   /api/v1/own/session            {"personnummer","password"}: log in.
// POST   /api/v1/own/session/activate   {"personnummer","code","password"}: the first login.
// GET    /api/v1/own/session            who is logged in (the first name only).
// DELETE /api/v1/own/session            log out.
// GET    /api/v1/own/consents           the person's consents, what each lets whom see.
// DELETE /api/v1/own/consents/{consent_id}  revoke one, from now.
// GET    /api/v1/own/log                the person's log extract, in plain Swedish.
// GET    /api/v1/persons/{id}/own-account   (staff, owning EB unit) whether the person has an account.
// POST   /api/v1/persons/{id}/own-account   (staff, owning EB unit) create or reset it: a one-time code.
void AddOwnRoutes(Router& router, SessionContext& context);

}  // namespace rattvag::http
