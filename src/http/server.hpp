// The HTTP server of `rattvag serve` on Boost.Beast (issue 3): reads whole requests within size
// limits and a read deadline, answers through a Router, adds the security headers to every
// response and records metrics. Plain HTTP by default (behind a TLS-terminating reverse proxy);
// with a certificate and key, HTTPS itself (OpenSSL through Beast's ssl_stream). Stop() drains:
// requests being handled are answered, idle connections closed.
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
  std::chrono::seconds read_timeout{30};  // A request (or TLS handshake) not read whole by then is dropped.
  // TLS in the process: both PEM files, or neither (plain HTTP). The certificate file may hold
  // the chain (leaf first). TLS 1.2 at least, 1.3 preferred; HSTS is then sent.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Stop() waits this long at most for requests in progress to be answered.
  std::chrono::milliseconds drain_timeout{10'000};
};

// The Strict-Transport-Security value sent on every response when the server speaks TLS.
inline constexpr const char* kHstsValue = "max-age=31536000; includeSubDomains";

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

  // Loads the TLS certificate and key (when given), binds, listens and starts the worker
  // threads. Returns the bound port. Errors name the option: "tls-cert" or "tls-key" (missing,
  // unreadable, not PEM, key not matching the certificate) or "listen" (in use, not permitted,
  // not an address).
  Result<uint16_t> Start();
  // Drains and stops: stops accepting at once (new connections are refused), closes idle
  // connections (keep-alive, or waiting for a request's headers), lets every request whose
  // headers were read finish and be answered (with `Connection: close`) for at most
  // `drain_timeout`, then closes what is left and joins the threads. Blocks until done. Safe to
  // call twice, and from any thread but the server's own.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rattvag::http
