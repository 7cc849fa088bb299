// FHIR R4 exports over HTTP (issue 5 item 7, docs/FHIR.md), as `application/fhir+json`.
#pragma once

#include <cstdint>
#include <optional>

#include "codec/fhir.hpp"
#include "domain/sip.hpp"
#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

inline constexpr const char* kFhirJson = "application/fhir+json; fhirVersion=4.0";

// GET /api/v1/persons/{id}/consents/fhir: the person's consents as a Bundle of FHIR Consent
// resources, their status as of today. Access and audit exactly as GET /api/v1/persons/{id}/consents
// (read access to the person; the audit action is "export_consents_fhir"; a person the user may
// not see answers 404 like a missing one). `context` must outlive the router.
void AddFhirRoutes(Router& router, SessionContext& context);

// The answer to a request for the FHIR export of `sip`: version `version` (the latest when
// empty) as a Bundle (fhir::SipBundle) stamped `now` (seconds since 1970 UTC); 404 naming
// "version" when the SIP has no such version. The Patient with its personnummer is included only
// when `identity` is given. The caller (GET /api/v1/sips/{sip}/fhir, sip_routes.cpp) decides access
// to the person and writes the audit entry first.
Response SipFhirAnswer(const Sip& sip, std::optional<int> version, const std::optional<fhir::PatientIdentity>& identity,
                       int64_t now);

}  // namespace rattvag::http
