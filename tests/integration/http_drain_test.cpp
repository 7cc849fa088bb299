// A graceful stop (issue 3): when Stop() is called, a request being handled still gets its
// whole answer (with Connection: close), an idle keep-alive connection is closed at once, new
// connections are refused, and Stop() returns once the last request is answered.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "http/server.hpp"
#include "http_client.hpp"

namespace rattvag::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// A gate the /slow handler waits at (at most 10 s) until the test opens it.
struct Gate {
  std::mutex mutex;
  std::condition_variable changed;
  bool entered = false, open = false;

  void Enter() {
    std::unique_lock lock(mutex);
    entered = true;
    changed.notify_all();
    changed.wait_for(lock, 10s, [this] { return open; });
  }
  bool WaitEntered() {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 10s, [this] { return entered; });
  }
  void Open() {
    std::lock_guard lock(mutex);
    open = true;
    changed.notify_all();
  }
};

bool ConnectionRefused(uint16_t port) {
  asio::io_context io;
  tcp::socket socket(io);
  beast::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  return ec == asio::error::connection_refused;
}

TEST(ServerDrain, ARequestInProgressIsAnsweredIdleConnectionsCloseNewOnesAreRefused) {
  Gate gate;
  Router router;
  Metrics metrics;
  const std::string big(200'000, 'x');  // More than one write: the whole answer must arrive.
  router.Add("GET", "/slow", "Slow (test only)", [&](const Request&) {
    gate.Enter();
    Response r;
    r.content_type = "text/plain";
    r.body = big;
    return r;
  });
  router.Add("GET", "/fast", "Fast (test only)", [](const Request&) { return Response{}; });
  std::unique_ptr<Server> server;
  const uint16_t port = testing::StartLoopbackServer(server, router, metrics);
  ASSERT_NE(port, 0);

  // An idle keep-alive connection: one request answered, then nothing.
  asio::io_context io;
  auto idle = testing::HttpConnect(io, port);
  bhttp::request<bhttp::string_body> fast(bhttp::verb::get, "/fast", 11);
  fast.set(bhttp::field::host, "127.0.0.1");
  fast.keep_alive(true);
  bhttp::write(idle, fast);
  ASSERT_EQ(testing::HttpRead(idle).status, 200);

  // A request in progress.
  auto slow = std::async(std::launch::async, [port] { return testing::HttpSend(port, bhttp::verb::get, "/slow"); });
  ASSERT_TRUE(gate.WaitEntered());

  const auto stop_started = std::chrono::steady_clock::now();
  auto stopping = std::async(std::launch::async, [&] { server->Stop(); });
  // New connections are refused (the acceptor closes at once; polled for at most 5 s).
  bool refused = false;
  for (int i = 0; i < 100 && !refused; ++i) {
    refused = ConnectionRefused(port);
    if (!refused) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(refused);
  // The idle connection is closed by the server: reading ends without an answer.
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> nothing;
  beast::error_code ec;
  idle.expires_after(5s);
  bhttp::read(idle, buffer, nothing, ec);
  EXPECT_TRUE(ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset)
      << ec.message();
  // Stop waits for the request in progress.
  EXPECT_EQ(stopping.wait_for(200ms), std::future_status::timeout);

  gate.Open();
  const testing::HttpReply answer = slow.get();
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, big);
  EXPECT_EQ(answer.headers.count("Connection") ? answer.headers.at("Connection") : "", "close");
  ASSERT_EQ(stopping.wait_for(5s), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 8s);
  EXPECT_TRUE(ConnectionRefused(port));
}

TEST(ServerDrain, StopGivesUpOnAClientThatDoesNotReadAfterTheDrainTime) {
  Router router;
  Metrics metrics;
  std::atomic<bool> handled{false};
  router.Add("GET", "/big", "Big (test only)", [&handled](const Request&) {
    handled = true;
    Response r;
    r.content_type = "text/plain";
    r.body = std::string(64 << 20, 'x');  // Far more than the socket buffers hold.
    return r;
  });
  ServerOptions options;
  options.port = 0;
  options.drain_timeout = 500ms;
  Server server(options, router, metrics);
  auto port = server.Start();
  ASSERT_TRUE(port.ok());
  asio::io_context io;
  auto stalled = testing::HttpConnect(io, *port);
  bhttp::request<bhttp::string_body> request(bhttp::verb::get, "/big", 11);
  request.set(bhttp::field::host, "127.0.0.1");
  bhttp::write(stalled, request);
  for (int i = 0; i < 200 && !handled; ++i) std::this_thread::sleep_for(25ms);
  ASSERT_TRUE(handled);
  std::this_thread::sleep_for(100ms);  // The answer is being written; the client reads nothing.
  const auto started = std::chrono::steady_clock::now();
  server.Stop();
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 400ms);
  EXPECT_LT(took, 5s);
}

}  // namespace
}  // namespace rattvag::http
