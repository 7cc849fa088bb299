// The forms of the method as PDF (issue 5 item 4): POST /api/v1/persons/{id}/forms/{form} with
// the fields the caseworker writes as a JSON object of strings answers the form as an
// attachment (application/pdf). `form` is lakarunderlag, kontaktplan or remissammanfattning
// (src/pdf/forms.hpp). Only the owning EB unit makes forms (DOMAIN.md §3): who may not read the
// person gets the same 404 as for a missing one, another party with a consent 403; the referral
// summary answers 409 (field "consent") without a consent in force covering FK. Every attempt on
// a person is audited ("form:<name>"), before anything is answered.
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

void AddFormRoutes(Router& router, SessionContext& context);

}  // namespace rattvag::http
