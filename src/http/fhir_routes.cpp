#include "http/fhir_routes.hpp"

#include <boost/json.hpp>

#include <mutex>
#include <string>

#include "codec/report_format.hpp"
#include "domain/method.hpp"
#include "http/case_access.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

Response FhirAnswer(const Result<json::object>& bundle) {
  // The inputs are ours (a formatted clock, stored versions): an error here is a bug, but it
  // still answers with the field and the reason rather than a crash.
  if (!bundle.ok()) return ErrorResponse(500, bundle.error().field, bundle.error().reason);
  Response r;
  r.content_type = kFhirJson;
  r.body = json::serialize(*bundle);
  return r;
}

// The owning EB unit as the organisation that recorded a consent, e.g. "Ekonomiskt bistånd
// (kommunen), Halmstad (kommunkod 1380)".
std::string OwnerDisplay(const std::string& municipality) {
  std::string out(MethodTitle(Party::kEb));
  const std::string name = MunicipalityName(municipality);
  if (municipality.empty()) return out;
  return out + ", " + (name == municipality ? "kommunkod " + municipality : name + " (kommunkod " + municipality + ")");
}

}  // namespace

Response SipFhirAnswer(const Sip& sip, std::optional<int> version, const std::optional<fhir::PatientIdentity>& identity,
                       int64_t now) {
  if (!version) {
    if (sip.versions.empty()) return ErrorResponse(404, "version", "this SIP has no version yet");
    version = sip.versions.back().number;
    for (const SipVersion& v : sip.versions) version = std::max(*version, v.number);
  }
  auto bundle = fhir::SipBundle(sip, *version, identity, FormatUtcTimestamp(now));
  if (!bundle.ok() && bundle.error().field == "version") return ErrorResponse(404, "version", bundle.error().reason);
  return FhirAnswer(bundle);
}

void AddFhirRoutes(Router& router, SessionContext& context) {
  PrepareContext(context);
  router.Add("GET", "/api/v1/persons/{id}/consents/fhir", "The person's consents as a FHIR R4 Bundle of Consent resources",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated* who = &std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
               if (!record.ok()) return StorageFailure();
               auto decided = DecideAndLog(context, *who, *record, "export_consents_fhir");
               if (!decided.ok()) return StorageFailure();
               if (!decided->first.allowed || !decided->second) return NotFound();
               const PersonRecord& person = **record;
               Response r = FhirAnswer(fhir::ConsentBundle(person.public_id, decided->second->projection.consents,
                                                           Today(context), OwnerDisplay(person.municipality),
                                                           FormatUtcTimestamp(context.now())));
               if (r.status == 200)
                 r.headers.emplace_back("Content-Disposition", "attachment; filename=\"samtycken-fhir.json\"");
               return r;
             });
}

}  // namespace rattvag::http
