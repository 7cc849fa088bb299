// The HTTP server of `rattvag serve` on Boost.Beast (issue 3): reads whole requests within size
// limits and a read deadline, answers through a Router, adds the security headers to every
// response and records metrics. Plain HTTP: TLS is terminated by a reverse proxy for now.
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
  std::chrono::seconds read_timeout{30};  // A request not read whole by then is dropped.
};

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
