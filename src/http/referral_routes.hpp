// The anonymous referral and FK's function mailbox over HTTP (DOMAIN.md §3, §5.5, issue 3
// item 4): EB sends a referral with no personal data of the person (a valid personnummer is
// refused, probable names and the like must be confirmed); FK sees the referrals of its area
// with the due time in working days and records the callback.
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// POST /api/v1/referrals, GET /api/v1/mailbox, POST /api/v1/referrals/{id}/callback.
void AddReferralRoutes(Router& router, SessionContext& sessions);

}  // namespace rattvag::http
