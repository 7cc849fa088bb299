#include "http/form_routes.hpp"

#include <boost/json.hpp>

#include "codec/report_format.hpp"
#include "http/case_access.hpp"
#include "pdf/forms.hpp"
#include "pdf/render.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

// The request body as written fields: a JSON object of strings (null: not written).
std::variant<pdf::WrittenFields, Response> WrittenFieldsOf(const Request& request) {
  json::error_code ec;
  const json::value body = json::parse(request.body.empty() ? std::string("{}") : request.body, ec);
  if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object of the form's fields");
  pdf::WrittenFields fields;
  for (const auto& [key, value] : body.as_object()) {
    if (value.is_null()) continue;
    if (!value.is_string()) return ErrorResponse(400, std::string(key), "must be a string");
    fields[std::string(key)] = std::string(value.as_string());
  }
  return fields;
}

}  // namespace

void AddFormRoutes(Router& router, SessionContext& context) {
  PrepareContext(context);
  router.Add(
      "POST", "/api/v1/persons/{id}/forms/{form}",
      "A form of the person's case as PDF: lakarunderlag, kontaktplan or remissammanfattning",
      [&context](const Request& request) {
        auto session = RequireSession(context, request, true);
        if (auto* answer = std::get_if<Response>(&session)) return *answer;
        const Authenticated* who = &std::get<Authenticated>(session);
        const auto kind = pdf::ParseFormKind(request.params.at("form"));
        if (!kind)
          return ErrorResponse(404, "form", "no such form; lakarunderlag, kontaktplan or remissammanfattning");
        const std::string action = "form:" + std::string(pdf::Name(*kind));
        auto written = WrittenFieldsOf(request);
        if (auto* bad = std::get_if<Response>(&written)) return *bad;

        pdf::Document document;
        {
          std::lock_guard lock(context.journal_mutex);
          auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
          if (!record.ok()) return StorageFailure();
          auto decided = Decide(context, *who, *record, CaseAction::kRead);
          if (!decided.ok()) return StorageFailure();
          AccessDecision decision = decided->first;
          if (!decision.allowed || !decided->second) {
            if (!WriteAudit(context, EntryFor(context, *who, *record, action, decision)).ok()) return StorageFailure();
            return NotFound();
          }
          // Forms speak for the social services: the owning EB unit's alone.
          if (decision.ground != AccessGround::kOwnership) {
            decision = {false, AccessGround::kNone, "", "forms are made by the EB unit that owns the case"};
            if (!WriteAudit(context, EntryFor(context, *who, *record, action, decision)).ok()) return StorageFailure();
            return ErrorResponse(403, "role", "forms are made by the EB unit that owns the case");
          }
          const Date today = Today(context);
          auto fields = pdf::CheckFields(*kind, std::get<pdf::WrittenFields>(written), today);
          if (!fields.ok()) return ErrorResponse(400, fields.error().field, fields.error().reason);
          const pdf::CaseFacts facts{(*record)->personnummer, MunicipalityName((*record)->municipality),
                                     decided->second->projection};
          auto built = pdf::BuildForm(*kind, facts, *fields);
          if (!built.ok()) {
            // Refused by the case (no consent covering FK): logged as a refusal with its reason.
            const AccessDecision refused{false, AccessGround::kNone, "", built.error().field + ": " + built.error().reason};
            if (!WriteAudit(context, EntryFor(context, *who, *record, action, refused)).ok()) return StorageFailure();
            return ErrorResponse(409, built.error().field, built.error().reason);
          }
          // The disclosure is logged before the document leaves the server.
          if (!WriteAudit(context, EntryFor(context, *who, *record, action, decision)).ok()) return StorageFailure();
          document = std::move(*built);
        }
        // Laid out outside the journal's lock: rendering takes a while and reads nothing.
        auto bytes = pdf::RenderPdf(document);
        if (!bytes.ok()) return ErrorResponse(422, bytes.error().field, bytes.error().reason);
        Response r;
        r.content_type = "application/pdf";
        r.body = std::move(*bytes);
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + std::string(pdf::Name(*kind)) + "-" +
                                                          document.generated.ToString() + ".pdf\"");
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
      });
}

}  // namespace rattvag::http
