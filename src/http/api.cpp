#include "http/api.hpp"

#include "http/admin_routes.hpp"
#include "http/case_routes.hpp"
#include "http/fhir_routes.hpp"
#include "http/form_routes.hpp"
#include "http/import_routes.hpp"
#include "http/knowledge_routes.hpp"
#include "http/own_routes.hpp"
#include "http/own_plan_routes.hpp"
#include "http/meeting_routes.hpp"  // Issue 5: meetings.
#include "http/audit_routes.hpp"
#include "http/person_routes.hpp"
#include "http/referral_routes.hpp"
#include "http/report_routes.hpp"
#include "http/sip_routes.hpp"
#include "http/survey_routes.hpp"  // Questionnaires (issue 5 item 5).

namespace rattvag::http {

void AddSystemRoutes(Router& router, Metrics& metrics, std::function<Status()> check) {
  router.Add("GET", "/healthz", "Liveness and database reachability", [check](const Request&) {
    if (Status s = check(); !s.ok()) return ErrorResponse(503, s.error().field, s.error().reason);
    Response response;
    response.body = R"({"status":"ok"})";
    return response;
  });
  router.Add("GET", "/metrics", "Prometheus metrics", [&metrics](const Request&) {
    Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = metrics.Render();
    return response;
  });
  router.Add("GET", "/api/v1/openapi.json", "This API's OpenAPI 3 description", [](const Request&) {
    Response response;
    response.body = std::string(OpenApiDocument());
    return response;
  });
}

void AddApiRoutes(Router& router, SessionContext& context) {
  AddSessionRoutes(router, context);
  AddPersonRoutes(router, context);
  AddCaseRoutes(router, context);
  AddImportRoutes(router, context);
  AddReferralRoutes(router, context);
  AddReportRoutes(router, context);
  AddAdminRoutes(router, context);
  AddAuditRoutes(router, context);
  AddKnowledgeRoutes(router, context);
  // The person's own view (issue 5 item 3): /api/v1/own/... and the caseworker's account routes.
  AddOwnRoutes(router, context);
  AddFhirRoutes(router, context);  // FHIR R4 exports (issue 5 item 7).
  // Issue 5 item 4: the method's forms as PDF.
  AddFormRoutes(router, context);
  AddSipRoutes(router, context);  // Issue 5 item 1.
  AddMeetingRoutes(router, context);  // Issue 5: meetings.
  AddSurveyRoutes(router, context);  // Questionnaires (issue 5 item 5).
  // Mina sidor: the person's plan, meetings and questionnaires (issue 5 items 3 and 5).
  AddOwnPlanRoutes(router, context);
}

}  // namespace rattvag::http
