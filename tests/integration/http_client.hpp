// A minimal HTTP/1.1 client for the server tests (Boost.Beast, loopback, bounded waits).
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/server.hpp"

#include <chrono>
#include <memory>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rattvag::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
};

// Reads one response from `stream` (at most 10 seconds).
inline HttpReply HttpRead(boost::beast::tcp_stream& stream) {
  namespace bhttp = boost::beast::http;
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> response;
  stream.expires_after(std::chrono::seconds(10));
  bhttp::read(stream, buffer, response);
  HttpReply r;
  r.status = static_cast<int>(response.result_int());
  for (const auto& field : response) r.headers[std::string(field.name_string())] = std::string(field.value());
  r.body = response.body();
  return r;
}

inline boost::beast::tcp_stream HttpConnect(boost::asio::io_context& io, uint16_t port) {
  boost::beast::tcp_stream stream(io);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  return stream;
}

// One request on a new connection to 127.0.0.1:`port`. A body is sent as application/json
// unless `headers` name another Content-Type.
inline HttpReply HttpSend(uint16_t port, boost::beast::http::verb verb, const std::string& target,
                          const std::string& body = "",
                          const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  namespace bhttp = boost::beast::http;
  boost::asio::io_context io;
  auto stream = HttpConnect(io, port);
  bhttp::request<bhttp::string_body> request(verb, target, 11);
  request.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
  if (!body.empty()) request.set(bhttp::field::content_type, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  bhttp::write(stream, request);
  return HttpRead(stream);
}

// Raw bytes on a new connection, and the one response to them.
inline HttpReply HttpSendRaw(uint16_t port, const std::string& bytes) {
  boost::asio::io_context io;
  auto stream = HttpConnect(io, port);
  boost::asio::write(stream, boost::asio::buffer(bytes));
  return HttpRead(stream);
}

// Starts `server` (made here) on a free loopback port for `router`; returns the port, 0 on failure.
inline uint16_t StartLoopbackServer(std::unique_ptr<http::Server>& server, const http::Router& router,
                                    http::Metrics& metrics) {
  http::ServerOptions options;
  options.port = 0;
  server = std::make_unique<http::Server>(options, router, metrics);
  auto port = server->Start();
  return port.ok() ? *port : 0;
}

}  // namespace rattvag::testing
