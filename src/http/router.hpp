// The HTTP routes of `rattvag serve` (issue 3): a table of (method, path template) → handler,
// independent of the network code so that handlers and the route set can be tested directly.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rattvag::http {

// A request as the handlers see it: already read whole and within the size limits.
struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // The target's path, without the query, percent-decoding not applied.
  std::string query;   // After '?', empty when none.
  std::map<std::string, std::string> headers;  // Lower-case names.
  std::string body;
  // Values of `{name}` segments of the matched route template.
  std::map<std::string, std::string> params;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Besides the standard ones.
};

// A step a handler leaves for the server to finish before the handler's answer is sent, so that
// the request's thread does not wait for it: the durable write of a read's audit entries, done
// by a group commit for many requests (LogAuditBeforeAnswer, http/session_routes.hpp). The
// server offers a gate for GET requests only; where there is none (other methods, and tests or
// the fuzzer calling handlers directly) the handler does the step itself before answering.
// `start` is called once, after the handler has returned, with the function to call (from any
// thread) when the step is over: true sends the handler's answer, false sends `refusal` instead.
struct AnswerGate {
  std::function<void(std::function<void(bool done)>)> start;
  Response refusal;
};

// The gate of the request this thread is handling for a server, or nullptr.
AnswerGate*& ThisThreadsAnswerGate();

// A JSON error body naming the field and the reason: {"error":{"field":…,"reason":…}}.
Response ErrorResponse(int status, std::string_view field, std::string_view reason);

// The query's parameters when every name is in `allowed` and every value is plain (letters,
// digits, '-', '_', '.', ',', the comma also as "%2C"); otherwise the 400 to answer, naming the
// parameter.
std::variant<std::map<std::string, std::string>, Response> ParseQuery(std::string_view query,
                                                                      const std::vector<std::string>& allowed);

using Handler = std::function<Response(const Request&)>;

struct Route {
  std::string method;
  std::string path;  // Template: literal segments and `{name}` segments, e.g. /api/v1/persons/{id}.
  std::string summary;
};

class Router {
 public:
  // Adds a route. REQUIRES: no route with the same method and template yet.
  void Add(std::string method, std::string path, std::string summary, Handler handler);

  // Dispatches to the matching route: 404 when no template matches the path, 405 (with an
  // `Allow` header) when templates match but not for this method. HEAD is not special.
  Response Dispatch(Request request) const;

  // Every route, in the order added.
  std::vector<Route> Routes() const;
  // The template a request's path matches (for metrics labels), or nothing.
  std::optional<std::string> MatchTemplate(std::string_view path) const;

  // A route that takes larger bodies than the server's limit (an uploaded file).
  // REQUIRES: the route was added.
  void SetBodyLimit(std::string_view method, std::string_view path, size_t bytes);
  // The body limit for a request: its route's own, or `fallback`.
  size_t BodyLimitFor(std::string_view method, std::string_view path, size_t fallback) const;

  // What answers a request that no route's template matches (the web application's files):
  // its response, or nothing for the usual 404. Not a route: the route set stays the API's.
  using Fallback = std::function<std::optional<Response>(const Request&)>;
  void SetFallback(Fallback fallback) { fallback_ = std::move(fallback); }

 private:
  struct Entry {
    Route route;
    std::vector<std::string> segments;
    Handler handler;
    std::optional<size_t> body_limit;
  };
  static bool Match(const Entry& entry, const std::vector<std::string_view>& segments,
                    std::map<std::string, std::string>* params);
  std::vector<Entry> entries_;
  Fallback fallback_;
};

}  // namespace rattvag::http
