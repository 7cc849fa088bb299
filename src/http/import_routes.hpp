// Import over HTTP (issue 3 item 5): an EB unit uploads a JSON Lines file of the exchange format
// (DOMAIN.md §10) with the same rules as `rattvag import` (all or nothing, every bad line
// reported), plus the server's own: only the unit's municipality's cases, each person imported
// audited in the import's transaction, and a dry run that shows every bad line before anything
// is stored.
#pragma once

#include <cstddef>

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// The largest file POST /api/v1/import takes (the other routes keep the server's 1 MiB).
inline constexpr size_t kImportBodyLimit = size_t{64} << 20;

// POST /api/v1/import[?dry_run=true]
void AddImportRoutes(Router& router, SessionContext& context);

}  // namespace rattvag::http
