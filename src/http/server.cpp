#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
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

// The live connections, for draining: each registers itself and is told to close when idle.
class Connection {
 public:
  virtual ~Connection() = default;
  // Closes the connection when it is waiting for a request; a connection handling one closes
  // after answering it. Posts to the connection's strand: callable from any thread.
  virtual void DrainIfIdle() = 0;
};

struct Registry {
  std::mutex mutex;
  std::condition_variable changed;
  std::map<uint64_t, std::weak_ptr<Connection>> live;
  uint64_t next_id = 0;
  std::atomic<bool> draining{false};
  // Answers waiting for their gate (AnswerGate) to open; Stop waits for none to be left.
  int gated = 0;  // Under `mutex`.

  uint64_t Add(std::weak_ptr<Connection> connection) {
    std::lock_guard lock(mutex);
    live.emplace(++next_id, std::move(connection));
    return next_id;
  }
  void Ungate() {
    {
      std::lock_guard lock(mutex);
      --gated;
    }
    changed.notify_all();
  }
  void Remove(uint64_t id) {
    {
      std::lock_guard lock(mutex);
      live.erase(id);
    }
    changed.notify_all();
  }
};

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection: (for TLS, the handshake, then) reads requests one after the other
// (keep-alive), answers each. Everything of one connection runs on its strand.
template <class Stream>
class Session : public Connection, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  Session(tcp::socket socket, asio::ssl::context* tls, const ServerOptions& options, const Router& router,
          Metrics& metrics, std::shared_ptr<Registry> registry)
      : stream_(MakeStream(std::move(socket), tls)),
        options_(options),
        router_(router),
        metrics_(metrics),
        registry_(std::move(registry)) {}
  ~Session() override {
    if (id_) registry_->Remove(id_);
  }

  void Start() {
    id_ = registry_->Add(this->weak_from_this());
    if constexpr (kTls) {
      // The handshake is part of reading the first request: same deadline.
      beast::get_lowest_layer(stream_).expires_after(options_.read_timeout);
      stream_.async_handshake(asio::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (ec) return self->CloseNow();
        self->Read();
      });
    } else {
      Read();
    }
  }

  void DrainIfIdle() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (!self->busy_) self->CloseNow();
    });
  }

 private:
  static Stream MakeStream(tcp::socket socket, asio::ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *tls);
    } else {
      (void)tls;
      return Stream(std::move(socket));
    }
  }

  // Waits for the next request's headers (idle: a drain closes the connection now), then reads
  // its body (busy: the request is answered before the connection closes).
  void Read() {
    busy_ = false;
    if (registry_->draining) return CloseNow();
    parser_.emplace();
    // The body's limit depends on the route (an upload takes more): none while the headers are
    // read, then the route's, checked against Content-Length at once and against a chunked
    // body as it arrives.
    body_limit_ = options_.body_limit;
    parser_->body_limit(boost::none);
    parser_->header_limit(static_cast<uint32_t>(options_.header_limit));
    beast::get_lowest_layer(stream_).expires_after(options_.read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->OnRead(ec);
      self->busy_ = true;
      const auto& header = self->parser_->get();
      const std::string_view target(header.target().data(), header.target().size());
      self->body_limit_ = self->router_.BodyLimitFor(std::string_view(header.method_string().data(),
                                                                      header.method_string().size()),
                                                     target.substr(0, target.find('?')), self->options_.body_limit);
      if (self->parser_->content_length() && *self->parser_->content_length() > self->body_limit_)
        return self->OnRead(bhttp::error::body_limit);
      self->parser_->body_limit(self->body_limit_);
      if (self->parser_->is_done()) return self->OnRead(ec);
      bhttp::async_read(self->stream_, self->buffer_, *self->parser_,
                        [self](beast::error_code ec, size_t) { self->OnRead(ec); });
    });
  }

  void OnRead(beast::error_code ec) {
    busy_ = true;
    started_ = std::chrono::steady_clock::now();
    if (ec) {
      if (ec == asio::ssl::error::stream_truncated) return CloseNow();
      ServerOptions applied = options_;
      applied.body_limit = body_limit_;
      if (auto answer = HandleReadError(ec, applied)) return Answer(std::move(*answer), "unmatched", "", /*keep_alive=*/false);
      return CloseNow();
    }
    auto& message = parser_->get();
    const std::string method(message.method_string());
    const bool keep_alive = message.keep_alive();
    std::string route;
    // A GET's handler may leave the write of its audit entries to finish before the answer goes
    // out (AnswerGate): this thread goes on to other requests meanwhile.
    AnswerGate gate;
    if (method == "GET") ThisThreadsAnswerGate() = &gate;
    Response response = HandleRequest(router_, parser_->release(), route);
    ThisThreadsAnswerGate() = nullptr;
    if (!gate.start) return Answer(std::move(response), route, method, keep_alive);
    {
      std::lock_guard lock(registry_->mutex);
      ++registry_->gated;
    }
    // Outstanding work: the server's threads keep running for this answer even when nothing
    // else is left to do (a draining server's closed acceptor).
    auto work = asio::prefer(stream_.get_executor(), asio::execution::outstanding_work.tracked);
    gate.start([self = this->shared_from_this(), answer = std::make_shared<Response>(std::move(response)),
                refusal = std::make_shared<Response>(std::move(gate.refusal)), route, method, keep_alive,
                work = std::move(work)](bool done) {
      asio::post(self->stream_.get_executor(), [self, answer, refusal, route, method, keep_alive, done, work] {
        self->Answer(std::move(done ? *answer : *refusal), route, method, keep_alive);
      });
      // After the post: the server's threads and executor outlive every gate (Server::Stop).
      self->registry_->Ungate();
    });
  }

  void Answer(Response response, const std::string& route, const std::string& method, bool keep_alive) {
    // A draining server answers, then closes.
    keep_alive = keep_alive && !registry_->draining;
    const int status = response.status;
    auto reply = std::make_shared<BeastResponse>(ToBeastResponse(std::move(response), keep_alive));
    if constexpr (kTls) reply->set(bhttp::field::strict_transport_security, kHstsValue);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    metrics_.Record(route, method.empty() ? "-" : method, status, seconds);
    beast::get_lowest_layer(stream_).expires_after(options_.read_timeout);
    bhttp::async_write(stream_, *reply,
                       [self = this->shared_from_this(), reply, keep_alive](beast::error_code ec, size_t) {
                         if (ec) return self->CloseNow();
                         if (!keep_alive) return self->CloseGracefully();
                         self->Read();
                       });
  }

  // After a last answer: TLS sends its close_notify (bounded by a short deadline), then the
  // TCP connection is shut down.
  void CloseGracefully() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->CloseNow(); });
    } else {
      CloseNow();
    }
  }

  // Closes the socket; a pending read or write ends with operation_aborted.
  void CloseNow() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ignored;
    auto& lowest = beast::get_lowest_layer(stream_);
    lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest.close();
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  size_t body_limit_ = 0;  // Of the request being read: its route's or the server's.
  const ServerOptions& options_;
  const Router& router_;
  Metrics& metrics_;
  std::shared_ptr<Registry> registry_;
  uint64_t id_ = 0;
  bool busy_ = false;    // A request's headers are read and it is not yet answered.
  bool closed_ = false;
  std::chrono::steady_clock::time_point started_;
};

// Modern TLS (the Mozilla "intermediate" profile): TLS 1.2 with forward-secret AEAD ciphers, or
// TLS 1.3 (preferred by OpenSSL when the client offers it).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string OpenSslReason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  const char* reason = ERR_reason_error_string(code);
  return reason ? reason : "error " + std::to_string(code);
}

Result<std::unique_ptr<asio::ssl::context>> MakeTlsContext(const ServerOptions& options) {
  if (options.tls_cert_file.empty()) return Error{"tls-cert", "is required with --tls-key"};
  if (options.tls_key_file.empty()) return Error{"tls-key", "is required with --tls-cert"};
  for (const auto& [option, file] : {std::pair{"tls-cert", &options.tls_cert_file}, {"tls-key", &options.tls_key_file}})
    if (std::ifstream probe(*file); !probe) return Error{option, *file + ": cannot be read: " + std::strerror(errno)};
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                       asio::ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) return Error{"tls", "the cipher list is not supported"};
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(native, options.tls_cert_file.c_str()) != 1)
    return Error{"tls-cert", options.tls_cert_file + ": is not a PEM certificate (" + OpenSslReason() + ")"};
  if (SSL_CTX_use_PrivateKey_file(native, options.tls_key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(native) != 1) {
    const unsigned long code = ERR_peek_last_error();
    if (ERR_GET_LIB(code) == ERR_LIB_X509 && ERR_GET_REASON(code) == X509_R_KEY_VALUES_MISMATCH) {
      ERR_clear_error();
      return Error{"tls-key", options.tls_key_file + ": does not match the certificate of --tls-cert"};
    }
    return Error{"tls-key", options.tls_key_file + ": is not a PEM private key (" + OpenSslReason() + ")"};
  }
  return context;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Router& r, Metrics& m) : options(std::move(o)), router(r), metrics(m) {}

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec && !registry->draining) {
        if (tls)
          std::make_shared<Session<TlsStream>>(std::move(socket), tls.get(), options, router, metrics, registry)->Start();
        else
          std::make_shared<Session<beast::tcp_stream>>(std::move(socket), nullptr, options, router, metrics, registry)
              ->Start();
      }
      Accept();
    });
  }

  ServerOptions options;
  const Router& router;
  Metrics& metrics;
  std::shared_ptr<Registry> registry = std::make_shared<Registry>();
  std::unique_ptr<asio::ssl::context> tls;  // Set when serving TLS.
  asio::io_context io;
  tcp::acceptor acceptor{asio::make_strand(io)};
  std::vector<std::thread> threads;
  bool stopped = false;
};

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() { Stop(); }

Result<uint16_t> Server::Start() {
  Impl& s = *impl_;
  if (!s.options.tls_cert_file.empty() || !s.options.tls_key_file.empty()) {
    auto context = MakeTlsContext(s.options);
    if (!context.ok()) return context.error();
    s.tls = std::move(context).value();
  }
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
  Registry& registry = *s.registry;
  registry.draining = true;
  if (s.threads.empty()) {  // Never started.
    beast::error_code ignored;
    s.acceptor.close(ignored);
    return;
  }
  // Stop accepting now: closed on the acceptor's strand, and waited for.
  std::promise<void> closed;
  asio::post(s.acceptor.get_executor(), [&s, &closed] {
    beast::error_code ignored;
    s.acceptor.close(ignored);
    closed.set_value();
  });
  closed.get_future().wait_for(std::chrono::seconds(5));
  // Close idle connections, again every 50 ms (a connection may just have finished a request),
  // until none is left or the drain time is up.
  const auto deadline = std::chrono::steady_clock::now() + s.options.drain_timeout;
  std::unique_lock lock(registry.mutex);
  while (!registry.live.empty() && std::chrono::steady_clock::now() < deadline) {
    std::vector<std::shared_ptr<Connection>> live;
    for (const auto& [id, weak] : registry.live)
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    lock.unlock();
    for (const auto& connection : live) connection->DrainIfIdle();
    live.clear();  // The connections may end now.
    lock.lock();
    registry.changed.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50)),
                                [&] { return registry.live.empty(); });
  }
  // An answer whose audit entries are still being written is sent when they are (or refused);
  // its gate calls back into this server's executor, so the server waits for every gate, also
  // after the drain time (a commit ends within SQLite's busy timeout).
  registry.changed.wait(lock, [&] { return registry.gated == 0; });
  lock.unlock();
  s.io.stop();
  for (auto& t : s.threads)
    if (t.joinable()) t.join();
}

}  // namespace rattvag::http
