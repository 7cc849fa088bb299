#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <optional>
#include <thread>
#include <vector>

namespace rattvag::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders() {
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
  };
  return headers;
}

std::optional<Response> HandleReadError(beast::error_code ec, const ServerOptions& options) {
  if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
      ec == asio::error::connection_reset || ec == asio::error::eof) {
    return std::nullopt;
  }
  if (ec == bhttp::error::body_limit)
    return ErrorResponse(413, "body", "is larger than " + std::to_string(options.body_limit) + " bytes");
  if (ec == bhttp::error::header_limit)
    return ErrorResponse(431, "headers", "are larger than " + std::to_string(options.header_limit) + " bytes");
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category())
    return ErrorResponse(400, "request", "is not a well-formed HTTP/1.1 request");
  return std::nullopt;
}

BeastResponse ToBeastResponse(Response response, bool keep_alive) {
  BeastResponse reply;
  reply.version(11);
  reply.result(static_cast<unsigned>(response.status));
  reply.set(bhttp::field::content_type, response.content_type);
  for (const auto& [name, value] : SecurityHeaders()) reply.set(name, value);
  for (const auto& [name, value] : response.headers) reply.set(name, value);
  reply.body() = std::move(response.body);
  reply.keep_alive(keep_alive);
  reply.prepare_payload();
  return reply;
}

Response HandleRequest(const Router& router, BeastRequest message, std::string& route) {
  Request request;
  request.method = std::string(message.method_string());
  const std::string target(message.target());
  const size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) request.query = target.substr(question + 1);
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = std::string(field.value());
  }
  request.body = std::move(message.body());
  route = router.MatchTemplate(request.path).value_or("unmatched");
  if (request.path.empty() || request.path[0] != '/') return ErrorResponse(400, "target", "must be an absolute path");
  try {
    return router.Dispatch(std::move(request));
  } catch (const std::exception&) {
    // Nothing of the failure reaches the client; the metrics count it.
    return ErrorResponse(500, "", "internal error");
  }
}

namespace {

// One connection: reads requests one after the other (keep-alive), answers each.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const ServerOptions& options, const Router& router, Metrics& metrics)
      : stream_(std::move(socket)), options_(options), router_(router), metrics_(metrics) {}

  void Start() { Read(); }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(options_.body_limit);
    parser_->header_limit(static_cast<uint32_t>(options_.header_limit));
    stream_.expires_after(options_.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    started_ = std::chrono::steady_clock::now();
    if (ec) {
      if (auto answer = HandleReadError(ec, options_)) return Answer(std::move(*answer), "unmatched", "", /*keep_alive=*/false);
      return Close();
    }
    auto& message = parser_->get();
    const std::string method(message.method_string());
    const bool keep_alive = message.keep_alive();
    std::string route;
    Response response = HandleRequest(router_, parser_->release(), route);
    Answer(std::move(response), route, method, keep_alive);
  }

  void Answer(Response response, const std::string& route, const std::string& method, bool keep_alive) {
    const int status = response.status;
    auto reply = std::make_shared<BeastResponse>(ToBeastResponse(std::move(response), keep_alive));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    metrics_.Record(route, method.empty() ? "-" : method, status, seconds);
    stream_.expires_after(options_.read_timeout);
    bhttp::async_write(stream_, *reply, [self = shared_from_this(), reply, keep_alive](beast::error_code ec, size_t) {
      if (ec || !keep_alive) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const ServerOptions& options_;
  const Router& router_;
  Metrics& metrics_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Router& r, Metrics& m) : options(std::move(o)), router(r), metrics(m) {}

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) std::make_shared<Session>(std::move(socket), options, router, metrics)->Start();
      Accept();
    });
  }

  ServerOptions options;
  const Router& router;
  Metrics& metrics;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::vector<std::thread> threads;
  bool stopped = false;
};

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() { Stop(); }

Result<uint16_t> Server::Start() {
  Impl& s = *impl_;
  beast::error_code ec;
  const auto address = asio::ip::make_address(s.options.address, ec);
  if (ec) return Error{"listen", s.options.address + " is not an IP address"};
  const tcp::endpoint endpoint(address, s.options.port);
  const std::string where = s.options.address + ":" + std::to_string(s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error{"listen", "cannot listen on " + where + ": " + ec.message()};
  const uint16_t port = s.acceptor.local_endpoint().port();
  s.Accept();
  for (int i = 0; i < std::max(1, s.options.threads); ++i) s.threads.emplace_back([&s] { s.io.run(); });
  return port;
}

void Server::Stop() {
  Impl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  asio::post(s.io, [&s] {
    beast::error_code ignored;
    s.acceptor.close(ignored);
  });
  s.io.stop();
  for (auto& t : s.threads)
    if (t.joinable()) t.join();
}

}  // namespace rattvag::http
