// The HTTP server of `rattvag serve` on Boost.Beast (issue 3): reads whole requests within size
// limits and a read deadline, answers through a Router, adds the security headers to every
// response and records metrics. Plain HTTP: TLS is terminated by a reverse proxy for now.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "domain/result.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace rattvag::http {

struct ServerOptions {
  std::string address = "127.0.0.1";  // Loopback unless an operator says otherwise.
  uint16_t port = 8080;               // 0: any free port (tests).
  int threads = 2;
  size_t body_limit = 1 << 20;        // Bytes; a larger body is answered 413.
  size_t header_limit = 16 << 10;     // Bytes of the request line and headers; larger is 431.
  std::chrono::seconds read_timeout{30};  // A request not read whole by then is dropped.
};

// The headers every response carries (OWASP ASVS 14.4): no inline script, no framing, no sniffing,
// no referrer, nothing cached.
const std::vector<std::pair<std::string, std::string>>& SecurityHeaders();

// A request as Beast read it, whole and within the limits of ServerOptions.
using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// The answer to one request read whole, as the server gives it (without the security headers,
// which Server adds to every response): the request as the handlers see it (lower-case header
// names, path and query split), dispatched through `router`. A target that is not an absolute
// path is 400; an exception from a handler becomes a bare 500 that tells the client nothing.
// `route` is set to the matched route template, or "unmatched" (the metrics label).
// Shared by Server and the fuzzer (fuzz/fuzz_http_request.cpp).
Response HandleRequest(const Router& router, BeastRequest message, std::string& route);

// A response as Server writes it: status, content type, SecurityHeaders(), the response's own
// headers and the body, with Content-Length and Connection set.
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;
BeastResponse ToBeastResponse(Response response, bool keep_alive);

// The answer to a request that could not be read: 413 for a body over options.body_limit, 431
// for headers over options.header_limit, 400 for a malformed request. Nothing when the
// connection is just closed without an answer (end of stream, timeout, reset, other I/O errors).
std::optional<Response> HandleReadError(boost::beast::error_code ec, const ServerOptions& options);

class Server {
 public:
  // `router` and `metrics` must outlive the server.
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the worker threads. Returns the bound port. Errors name the
  // address and say why (in use, not permitted, not an address).
  Result<uint16_t> Start();
  // Stops accepting, closes every connection and joins the threads. Safe to call twice.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rattvag::http
