// The HTTP server of `rattvag serve` on Boost.Beast (issue 3): reads whole requests within size
// limits and a read deadline, answers through a Router, adds the security headers to every
// response and records metrics. Plain HTTP by default (behind a TLS-terminating reverse proxy);
// with a certificate and key, HTTPS itself (OpenSSL through Beast's ssl_stream). Stop() drains:
// requests being handled are answered, idle connections closed.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

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
