// Login, who-am-I and logout over HTTP (issue 3 item 3): thin handlers over app/login.hpp.
// The session token travels only in a `__Host-` cookie (HttpOnly, Secure, SameSite=Strict);
// every state-changing request of a session carries its CSRF token in `X-CSRF-Token`, and a
// cross-site Origin is refused.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "app/login.hpp"
#include "http/journal_access.hpp"
#include "http/router.hpp"

namespace rattvag::http {

inline constexpr const char* kSessionCookie = "__Host-rattvag_session";

// What the routes share: the journal's writer connection behind its mutex (every write goes
// through it), the clock, the login rules, and (with `path`) a read-only connection per server
// thread for the hot reads, the group commit of audit entries and the work-list cache
// (http/journal_access.hpp).
struct SessionContext {
  Journal& journal;
  std::mutex& journal_mutex;
  std::function<int64_t()> now;  // Seconds since 1970-01-01 UTC.
  LoginPolicy policy;
  std::string path = {};  // The journal's file; empty: reads go through the writer, under its mutex.
  std::shared_ptr<ServerState> state = std::make_shared<ServerState>();
};

// Sets up what `context` shares (the journal's append observer for the work-list cache); once,
// before the server starts. The route adders call it.
void PrepareContext(SessionContext& context);

// This thread's read connection, or nullptr (then read through the writer, under its mutex).
Journal* ReaderOf(SessionContext& context);

// Calls f(journal) with this thread's read connection, or with the writer under its mutex.
// REQUIRES: the journal mutex is not held.
template <class F>
auto WithReader(SessionContext& context, F&& f) {
  if (Journal* reader = ReaderOf(context)) return f(*reader);
  std::lock_guard lock(context.journal_mutex);
  return f(context.journal);
}

// WithReader inside one read transaction: every read of `f` sees one snapshot, and the reader
// starts from an empty page cache once (SQLite's WAL empties it at the first read after another
// connection's commit) instead of at each statement. `f` returns a Result.
template <class F>
auto InOneSnapshot(SessionContext& context, F&& f) {
  return WithReader(context, [&](Journal& journal) -> decltype(f(journal)) {
    RATTVAG_TRY_STATUS(journal.BeginRead());
    auto out = f(journal);
    journal.Rollback();
    return out;
  });
}

// Writes audit entries durably before the caller answers (group commit with the entries of
// concurrent requests). An error: the request must fail. REQUIRES: the journal mutex is not held.
Status LogAudit(SessionContext& context, std::span<const AuditEntry> entries);

// LogAudit for a handler that answers right after it and depends on nothing being written by
// then: when the server offers a gate (ThisThreadsAnswerGate, for GET requests), the entries are
// handed to the group commit and the answer is sent only once they are durable (otherwise a 503
// is sent instead), while this thread goes on to other requests; without a gate, or when this
// request already used it, LogAudit. An error: the request must fail.
Status LogAuditBeforeAnswer(SessionContext& context, std::vector<AuditEntry> entries);

// The value of cookie `name` in a request's Cookie header, if any.
std::optional<std::string> CookieValue(const Request& request, std::string_view name);

// The logged-in user of a request (its session cookie), or nothing. For other routes.
Result<std::optional<Authenticated>> Authenticate(SessionContext& context, const Request& request);

// The logged-in user of a request, or the answer to give instead: 401 without a session, 503
// when the journal cannot be read, and for a state-changing request 403 for a forgery
// (RefuseForgery).
std::variant<Authenticated, Response> RequireSession(SessionContext& context, const Request& request,
                                                     bool state_changing);

// A refusal for a state-changing request: a cross-site Origin, or (with `who`) a missing or
// wrong X-CSRF-Token. Nothing when the request may go on.
std::optional<Response> RefuseForgery(const Request& request, const Authenticated* who);

// An audit entry of an action by `who` now (person, ground, outcome and detail for the caller
// to fill in where they apply).
AuditEntry AuditEntryOf(SessionContext& context, const Authenticated& who, std::string action, std::string ground,
                        std::string outcome = "allowed", std::string detail = "");

// POST /api/v1/session {"username","password"[,"code"]} logs in; GET /api/v1/session tells who
// is logged in; DELETE /api/v1/session logs out; POST /api/v1/session/totp starts enrolling a
// TOTP second factor and POST /api/v1/session/totp/confirm {"code"} turns it on. `context` must
// outlive the router.
void AddSessionRoutes(Router& router, SessionContext& context);

}  // namespace rattvag::http
