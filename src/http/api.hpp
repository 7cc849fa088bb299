// The routes of the server that exist before any case data is served (issue 3): health,
// metrics and the OpenAPI description of /api/v1. Handlers are thin: parse, call, map.
#pragma once

#include <functional>
#include <string_view>

#include "domain/result.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// The OpenAPI 3 document of the API (src/http/openapi.json, embedded at build time).
std::string_view OpenApiDocument();

// GET /healthz: 200 {"status":"ok"} when `check` succeeds, 503 with the reason otherwise.
// GET /metrics: the Prometheus text of `metrics`.
// GET /api/v1/openapi.json: OpenApiDocument().
// `metrics` must outlive the router.
void AddSystemRoutes(Router& router, Metrics& metrics, std::function<Status()> check);

// Every route of /api/v1 over the journal of `context` (login, persons, referrals, report,
// administration): what `rattvag serve` answers besides AddSystemRoutes. The one place that
// lists them, so the server, the OpenAPI test, the matrix and the fuzzer see the same set.
void AddApiRoutes(Router& router, SessionContext& context);

}  // namespace rattvag::http
