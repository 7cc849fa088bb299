// The HTTP server on loopback (issue 3): system routes, the security headers on every answer,
// bad requests answered 4xx with a JSON error naming the field, metrics, and the OpenAPI
// document describing exactly the router's routes.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "http/api.hpp"
#include "http/server.hpp"
#include "http/person_routes.hpp"
#include "http/session_routes.hpp"
#include "http_client.hpp"
#include "test_support.hpp"

namespace rattvag::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

using Answer = testing::HttpReply;

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AddSystemRoutes(router_, metrics_, [this]() -> Status {
      if (healthy_) return Status::Ok();
      return Error{"database", "cannot be read"};
    });
    router_.Add("POST", "/echo", "Echo (test only)", [](const Request& r) {
      Response response;
      response.content_type = "text/plain";
      response.body = r.body;
      return response;
    });
    router_.Add("GET", "/things/{id}", "A parameter (test only)", [](const Request& r) {
      Response response;
      response.body = json::serialize(json::object{{"id", r.params.at("id")}, {"query", r.query}});
      return response;
    });
    router_.Add("GET", "/boom", "Throws (test only)", [](const Request&) -> Response {
      throw std::runtime_error("secret detail 19800101-9800");
    });
    // A GET's handler may leave a step to finish before its answer goes out (AnswerGate); here
    // a thread opens ("open") or shuts ("shut") the gate after `ms` milliseconds.
    router_.Add("GET", "/gated/{outcome}/{ms}", "Answer gate (test only)", [this](const Request& r) {
      AnswerGate* gate = ThisThreadsAnswerGate();
      EXPECT_NE(gate, nullptr);
      if (gate == nullptr) return ErrorResponse(500, "gate", "none");
      const bool open = r.params.at("outcome") == "open";
      const int ms = std::stoi(r.params.at("ms"));
      gate->refusal = ErrorResponse(503, "gate", "shut");
      gate->start = [this, open, ms](std::function<void(bool)> done) {
        std::lock_guard lock(gate_mutex_);
        gate_threads_.emplace_back([open, ms, done = std::move(done)] {
          std::this_thread::sleep_for(std::chrono::milliseconds(ms));
          done(open);
        });
      };
      Response response;
      response.body = R"({"answer":"after the gate"})";
      return response;
    });
    router_.Add("POST", "/gated", "No answer gate for a POST (test only)", [](const Request&) {
      Response response;
      response.body = ThisThreadsAnswerGate() == nullptr ? R"({"gate":"none"})" : R"({"gate":"offered"})";
      return response;
    });
    ServerOptions options;
    options.port = 0;
    options.body_limit = 1024;
    options.header_limit = 2048;
    options.read_timeout = std::chrono::seconds(5);
    server_ = std::make_unique<Server>(options, router_, metrics_);
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.error().ToString();
    port_ = *port;
  }
  void TearDown() override {
    server_->Stop();
    std::lock_guard lock(gate_mutex_);
    for (auto& t : gate_threads_) t.join();
  }

  Answer Send(bhttp::verb verb, const std::string& target, const std::string& body = "") {
    return testing::HttpSend(port_, verb, target, body, {{"Content-Type", "text/plain"}});
  }
  Answer SendRaw(const std::string& bytes) { return testing::HttpSendRaw(port_, bytes); }
  static Answer Read(beast::tcp_stream& stream) { return testing::HttpRead(stream); }

  static void ExpectSecurityHeaders(const Answer& a) {
    for (const auto& [name, value] : SecurityHeaders()) EXPECT_EQ(a.headers.count(name) ? a.headers.at(name) : "", value) << name;
    EXPECT_EQ(a.headers.count("Server"), 0u);  // Nothing about the software.
  }

  static void ExpectError(const Answer& a, int status, const std::string& field) {
    EXPECT_EQ(a.status, status) << a.body;
    EXPECT_EQ(a.headers.at("Content-Type"), "application/json");
    auto parsed = json::parse(a.body);
    EXPECT_EQ(parsed.at("error").at("field").as_string(), field) << a.body;
    EXPECT_FALSE(parsed.at("error").at("reason").as_string().empty());
    ExpectSecurityHeaders(a);
  }

  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
  std::atomic<bool> healthy_{true};
  std::mutex gate_mutex_;
  std::vector<std::thread> gate_threads_;
};

TEST_F(HttpServerTest, HealthAnswersOkWithTheSecurityHeaders) {
  Answer a = Send(bhttp::verb::get, "/healthz");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, R"({"status":"ok"})");
  EXPECT_EQ(a.headers["Content-Type"], "application/json");
  ExpectSecurityHeaders(a);
  EXPECT_NE(a.headers["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(a.headers["Content-Security-Policy"].find("unsafe-inline"), std::string::npos);
  healthy_ = false;
  ExpectError(Send(bhttp::verb::get, "/healthz"), 503, "database");
}

TEST_F(HttpServerTest, UnknownPathsAndWrongMethodsAreJsonErrors) {
  ExpectError(Send(bhttp::verb::get, "/nope"), 404, "path");
  ExpectError(Send(bhttp::verb::get, "/healthz/extra"), 404, "path");
  Answer wrong = Send(bhttp::verb::delete_, "/healthz");
  ExpectError(wrong, 405, "method");
  EXPECT_EQ(wrong.headers["Allow"], "GET");
}

TEST_F(HttpServerTest, PathParametersAndQueriesReachTheHandler) {
  Answer a = Send(bhttp::verb::get, "/things/abc-123?page=2");
  ASSERT_EQ(a.status, 200);
  EXPECT_EQ(a.body, R"({"id":"abc-123","query":"page=2"})");
  ExpectError(Send(bhttp::verb::get, "/things/"), 404, "path");
}

TEST_F(HttpServerTest, TooLargeBodiesAndHeadersAreRefused) {
  Answer echo = Send(bhttp::verb::post, "/echo", std::string(1024, 'x'));
  EXPECT_EQ(echo.status, 200);
  EXPECT_EQ(echo.body.size(), 1024u);
  ExpectError(Send(bhttp::verb::post, "/echo", std::string(1025, 'x')), 413, "body");
  ExpectError(SendRaw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(4096, 'a') + "\r\n\r\n"), 431,
              "headers");
}

TEST_F(HttpServerTest, MalformedRequestsAreAnswered400AndTheServerStaysUp) {
  for (const std::string& raw : {std::string("GARBAGE\r\n\r\n"), std::string("GET /healthz HTTP/9.9\r\n\r\n"),
                                 std::string("GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n"),
                                 std::string("GET healthz HTTP/1.1\r\nHost: x\r\n\r\n")}) {
    SCOPED_TRACE(raw);
    Answer a = SendRaw(raw);
    EXPECT_EQ(a.status, 400) << a.body;
    ExpectSecurityHeaders(a);
  }
  EXPECT_EQ(Send(bhttp::verb::get, "/healthz").status, 200);
}

TEST_F(HttpServerTest, AHandlerFailureIsA500WithoutDetails) {
  Answer a = Send(bhttp::verb::get, "/boom");
  ExpectError(a, 500, "");
  EXPECT_EQ(a.body.find("secret"), std::string::npos);
  EXPECT_EQ(a.body.find("19800101"), std::string::npos);
  EXPECT_NE(metrics_.Render().find("rattvag_http_errors_total 1\n"), std::string::npos);
}

TEST_F(HttpServerTest, MetricsCountRequestsByRouteTemplateAndStatus) {
  Send(bhttp::verb::get, "/healthz");
  Send(bhttp::verb::get, "/things/a");
  Send(bhttp::verb::get, "/things/b");
  Send(bhttp::verb::get, "/nope");
  metrics_.AddGauge("rattvag_journal_events", "Events in the journal.", [] { return 42.0; });
  Answer a = Send(bhttp::verb::get, "/metrics");
  ASSERT_EQ(a.status, 200);
  EXPECT_EQ(a.headers["Content-Type"], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(a.body.find("rattvag_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1\n"),
            std::string::npos)
      << a.body;
  // Two ids, one route template: persons' ids never become label values.
  EXPECT_NE(a.body.find("rattvag_http_requests_total{route=\"/things/{id}\",method=\"GET\",status=\"200\"} 2\n"),
            std::string::npos);
  EXPECT_NE(a.body.find("rattvag_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_NE(a.body.find("rattvag_http_request_duration_seconds_bucket{le=\"+Inf\"} 4\n"), std::string::npos);
  EXPECT_NE(a.body.find("rattvag_http_request_duration_seconds_count 4\n"), std::string::npos);
  EXPECT_NE(a.body.find("rattvag_journal_events 42\n"), std::string::npos);
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  for (int i = 0; i < 3; ++i) {
    bhttp::request<bhttp::string_body> request(bhttp::verb::get, "/healthz", 11);
    request.set(bhttp::field::host, "127.0.0.1");
    request.keep_alive(true);
    bhttp::write(stream, request);
    EXPECT_EQ(Read(stream).status, 200);
  }
}

// A handler's answer waits for its gate: sent when the gate opens, replaced by the gate's
// refusal when it shuts; only GET requests are offered a gate. A stopping server still sends
// the answer of a request waiting for its gate.
TEST_F(HttpServerTest, AnAnswerGoesOutOnlyWhenItsGateOpens) {
  const auto started = std::chrono::steady_clock::now();
  Answer opened = Send(bhttp::verb::get, "/gated/open/100");
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(100));
  EXPECT_EQ(opened.status, 200);
  EXPECT_EQ(opened.body, R"({"answer":"after the gate"})");
  ExpectSecurityHeaders(opened);
  Answer shut = Send(bhttp::verb::get, "/gated/shut/10");
  ExpectError(shut, 503, "gate");
  EXPECT_EQ(shut.body.find("after the gate"), std::string::npos);
  EXPECT_EQ(Send(bhttp::verb::post, "/gated").body, R"({"gate":"none"})");

  Answer during_stop;
  std::thread client([&] { during_stop = Send(bhttp::verb::get, "/gated/open/300"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server_->Stop();
  client.join();
  EXPECT_EQ(during_stop.status, 200);
  EXPECT_EQ(during_stop.body, R"({"answer":"after the gate"})");
}

// The OpenAPI document describes exactly the routes the server has (without the test-only ones).
TEST(OpenApi, DocumentDescribesExactlyTheServersRoutes) {
  Router router;
  Metrics metrics;
  AddSystemRoutes(router, metrics, [] { return Status::Ok(); });
  testing::TempDir dir;
  auto journal = OpenSqliteJournal(dir.File("openapi.db"));
  ASSERT_TRUE(journal.ok());
  std::mutex mutex;
  SessionContext sessions{**journal, mutex, [] { return int64_t{0}; }, LoginPolicy{}};
  AddApiRoutes(router, sessions);
  std::set<std::pair<std::string, std::string>> routed, documented;
  for (const auto& r : router.Routes()) {
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    routed.insert({method, r.path});
  }
  const json::value doc = json::parse(OpenApiDocument());
  EXPECT_EQ(std::string(doc.at("openapi").as_string()).substr(0, 2), "3.");
  for (const auto& [path, item] : doc.at("paths").as_object())
    for (const auto& [method, operation] : item.as_object()) {
      documented.insert({std::string(method), std::string(path)});
      EXPECT_TRUE(operation.as_object().contains("responses")) << method << " " << path;
    }
  EXPECT_EQ(routed, documented);
}

TEST(ServerStart, AnAddressInUseOrNotAnAddressIsAClearError) {
  Router router;
  Metrics metrics;
  ServerOptions options;
  options.port = 0;
  Server first(options, router, metrics);
  auto port = first.Start();
  ASSERT_TRUE(port.ok());
  options.port = *port;
  Server second(options, router, metrics);
  auto refused = second.Start();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "listen");
  EXPECT_NE(refused.error().reason.find(std::to_string(*port)), std::string::npos) << refused.error().reason;
  options.address = "not-an-address";
  Server third(options, router, metrics);
  auto bad = third.Start();
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().reason.find("not an IP address"), std::string::npos);
}

// `rattvag serve` end to end: starts on a free loopback port, says where, answers, and stops
// cleanly on SIGTERM.
TEST(ServeCommand, StartsOnLoopbackAnswersAndStopsOnSigterm) {
  testing::TempDir dir;
  const std::string db = dir.File("serve.db");
  ASSERT_EQ(testing::RunRattvag("demo --db " + db + " --persons 20 --seed 3").exit_code, 0);
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execl(RATTVAG_BINARY, RATTVAG_BINARY, "serve", "--db", db.c_str(), "--listen", "127.0.0.1:0", nullptr);
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;  // Bounded by the child's first line.
  const std::string prefix = "rattvag: listening on http://127.0.0.1:";
  ASSERT_EQ(line.rfind(prefix, 0), 0u) << line;
  const auto port = static_cast<uint16_t>(std::stoi(line.substr(prefix.size())));

  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  bhttp::request<bhttp::string_body> request(bhttp::verb::get, "/metrics", 11);
  request.set(bhttp::field::host, "127.0.0.1");
  bhttp::write(stream, request);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> response;
  stream.expires_after(std::chrono::seconds(10));
  bhttp::read(stream, buffer, response);
  EXPECT_EQ(response.result_int(), 200u);
  const long long events = testing::QueryInt(db, "SELECT count(*) FROM events");
  EXPECT_NE(response.body().find("rattvag_journal_events " + std::to_string(events) + "\n"), std::string::npos)
      << response.body();
  EXPECT_NE(response.body().find("rattvag_journal_persons 20\n"), std::string::npos);

  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  close(out[0]);
}

// The server refuses to start on anything but a journal it can open in WAL mode with
// synchronous=FULL: not a database, or a database of a newer schema.
TEST(ServeCommand, RefusesToStartOnABadJournal) {
  testing::TempDir dir;
  const std::string junk = dir.File("junk.db");
  testing::WriteFile(junk, std::string(8192, 'x'));
  auto r = testing::RunRattvag("serve --db " + junk + " --listen 127.0.0.1:0");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_EQ(r.out.find("listening"), std::string::npos);
  const std::string newer = dir.File("newer.db");
  ASSERT_EQ(testing::RunRattvag("demo --db " + newer + " --persons 5").exit_code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(newer.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  r = testing::RunRattvag("serve --db " + newer + " --listen 127.0.0.1:0");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("newer"), std::string::npos) << r.out;
}

// WAL is what lets the server's read connections run beside its writer: a journal that cannot
// be in WAL mode is refused. An in-memory database cannot (SQLite keeps its journal mode at
// "memory"), whatever the server asks for.
TEST(ServeCommand, RefusesToStartWhenTheJournalCannotBeInWalMode) {
  auto r = testing::RunRattvag("serve --db :memory: --listen 127.0.0.1:0");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_EQ(r.out.find("listening"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("could not switch the database to WAL mode"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"memory\""), std::string::npos) << r.out;
}

TEST(ServeCommand, ABadListenAddressIsAUsageError) {
  testing::TempDir dir;
  const std::string db = dir.File("serve.db");
  for (const char* listen : {"8080", "127.0.0.1:", "127.0.0.1:99999", "127.0.0.1:http"}) {
    SCOPED_TRACE(listen);
    auto result = testing::RunRattvag("serve --db " + db + " --listen " + listen);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.out.find("--listen"), std::string::npos) << result.out;
  }
}

}  // namespace
}  // namespace rattvag::http
