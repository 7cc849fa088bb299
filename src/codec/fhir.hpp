// FHIR R4 (4.0.1) export of a SIP and of a person's consents (issue 5 item 7, docs/FHIR.md).
//
// A SIP version becomes a Bundle of type "collection" holding a CarePlan, a CareTeam, one Goal
// per goal of the person (in their own words) and, only when the caller passes the person's
// identity, the Patient. A person's consents become a Bundle of Consent resources, with their
// status as of a given date.
//
// Ids are derived from our opaque ids only (the SIP's, the person's public id, the consent's),
// never from a personnummer; every entry's fullUrl is a name-based urn:uuid (UUID version 8 over
// SHA-256, RFC 9562 appendix B.2) of "<ResourceType>/<id>", so an export made twice is the same
// and references inside a bundle resolve to its entries. The personnummer appears only in the
// Patient's identifier, and only when the caller passes it.
//
// Pure functions of their input: the time stamps and the as-of date are passed in.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "domain/case.hpp"
#include "domain/result.hpp"
#include "domain/sip.hpp"

namespace rattvag::fhir {

// The identifier system of Swedish personnummer (Skatteverket's OID).
inline constexpr std::string_view kPersonnummerSystem = "urn:oid:1.2.752.129.2.1.3.1";

// Who the person is, for exports that may carry it (the caller decides; most do not).
struct PatientIdentity {
  std::string personnummer;  // 12 digits, as stored.
  std::string name;          // The name as the plan shows it; may be empty.
};

// "urn:uuid:…": a name-based UUID (version 8, SHA-256) of `resource_type` + "/" + `id`.
std::string StableUuid(std::string_view resource_type, std::string_view id);

// A FHIR id (at most 64 of [A-Za-z0-9-.]) made from our `id`: itself when it already is one,
// otherwise the hex digits of its SHA-256 (so any opaque id maps to a valid, stable FHIR id).
std::string FhirId(std::string_view id);

// The CarePlan status of one version of a plan: "draft" until the person agreed to it;
// "completed" when agreed and every intervention is done or cancelled (at least one done);
// "revoked" when a later version replaced it (`superseded`); otherwise "active".
enum class Superseded : bool { kNo, kYes };
std::string_view CarePlanStatus(const SipPlan& plan, Superseded superseded);

// The activity status of an intervention: planned → "scheduled" (it has a start date), ongoing →
// "in-progress", done → "completed", cancelled → "cancelled".
std::string_view ActivityStatus(InterventionStatus status);

// Version `version` of `sip` as a FHIR Bundle (type "collection", `timestamp` an ISO 8601 UTC
// instant such as "2026-11-27T14:03:00Z"). The Patient is included only when `identity` is given;
// otherwise the plan refers to "Patient/<person_public_id>" without including it. Errors: "version"
// when the SIP has no such version; "timestamp" when it is not an instant with a time zone.
Result<boost::json::object> SipBundle(const Sip& sip, int version, const std::optional<PatientIdentity>& identity,
                                      std::string_view timestamp);

// One consent of the person with public id `person_public_id` as a FHIR Consent, its status as
// of `as_of`: "active" while in force (ConsentInForce), "inactive" once revoked or past its end
// date, "proposed" when it only starts after `as_of`. `organization` is the display text of the
// organisation that recorded it (the owning EB unit).
boost::json::object ConsentResource(std::string_view person_public_id, const ConsentView& consent, Date as_of,
                                    std::string_view organization);

// Every consent as a Bundle (type "collection") of Consent resources, in the given order.
// Errors: "timestamp" as for SipBundle.
Result<boost::json::object> ConsentBundle(std::string_view person_public_id, std::span<const ConsentView> consents,
                                          Date as_of, std::string_view organization, std::string_view timestamp);

}  // namespace rattvag::fhir
