// TLS in the server process (issue 3): a throwaway self-signed certificate made in the test, a
// real HTTPS exchange on loopback with TLS 1.3 (and 1.2) and the HSTS header, plain HTTP and
// TLS 1.1 refused on the TLS port, no HSTS without TLS, and clear startup errors for a missing,
// bad or mismatched certificate or key, on the server and on `rattvag serve`.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "http/api.hpp"
#include "http/server.hpp"
#include "http_client.hpp"
#include "https_client.hpp"
#include "test_support.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;

class HttpTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cert_ = dir_.File("cert.pem");
    key_ = dir_.File("key.pem");
    testing::WriteSelfSignedCertificate(cert_, key_);
    AddSystemRoutes(router_, metrics_, [] { return Status::Ok(); });
  }

  // Starts a server with these TLS files; the port, or the start error.
  Result<uint16_t> StartServer(const std::string& cert, const std::string& key) {
    ServerOptions options;
    options.port = 0;
    options.tls_cert_file = cert;
    options.tls_key_file = key;
    options.read_timeout = std::chrono::seconds(5);
    server_ = std::make_unique<Server>(options, router_, metrics_);
    return server_->Start();
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  testing::TempDir dir_;
  std::string cert_, key_;
  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
};

TEST_F(HttpTlsTest, ServesHttpsWithTls13AndHsts) {
  auto port = StartServer(cert_, key_);
  ASSERT_TRUE(port.ok()) << port.error().ToString();
  const testing::HttpsReply r = testing::HttpsSend(*port, bhttp::verb::get, "/healthz", cert_);
  EXPECT_EQ(r.reply.status, 200);
  EXPECT_EQ(r.reply.body, R"({"status":"ok"})");
  EXPECT_EQ(r.tls_version, TLS1_3_VERSION);  // Preferred when the client offers it.
  EXPECT_EQ(r.reply.headers.count("Strict-Transport-Security") ? r.reply.headers.at("Strict-Transport-Security") : "",
            "max-age=31536000; includeSubDomains");
  for (const auto& [name, value] : SecurityHeaders()) EXPECT_EQ(r.reply.headers.at(name), value) << name;
}

TEST_F(HttpTlsTest, AcceptsTls12AndRefusesTls11) {
  auto port = StartServer(cert_, key_);
  ASSERT_TRUE(port.ok()) << port.error().ToString();
  const testing::HttpsReply tls12 = testing::HttpsSend(*port, bhttp::verb::get, "/healthz", cert_, TLS1_2_VERSION);
  EXPECT_EQ(tls12.reply.status, 200);
  EXPECT_EQ(tls12.tls_version, TLS1_2_VERSION);
  EXPECT_ANY_THROW(testing::HttpsSend(*port, bhttp::verb::get, "/healthz", cert_, TLS1_1_VERSION));
  // The server is still there after the refused handshake.
  EXPECT_EQ(testing::HttpsSend(*port, bhttp::verb::get, "/healthz", cert_).reply.status, 200);
}

TEST_F(HttpTlsTest, PlainHttpToTheTlsPortGetsNoAnswer) {
  auto port = StartServer(cert_, key_);
  ASSERT_TRUE(port.ok()) << port.error().ToString();
  int status = 0;
  try {
    status = testing::HttpSend(*port, bhttp::verb::get, "/healthz").status;
  } catch (const std::exception&) {
    status = -1;  // The connection was closed (or answered with a TLS alert, which is no HTTP).
  }
  EXPECT_EQ(status, -1);
  EXPECT_EQ(testing::HttpsSend(*port, bhttp::verb::get, "/healthz", cert_).reply.status, 200);
}

TEST_F(HttpTlsTest, NoHstsWithoutTls) {
  std::unique_ptr<Server> plain;
  const uint16_t port = testing::StartLoopbackServer(plain, router_, metrics_);
  ASSERT_NE(port, 0);
  const testing::HttpReply r = testing::HttpSend(port, bhttp::verb::get, "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.count("Strict-Transport-Security"), 0u);
  plain->Stop();
}

TEST_F(HttpTlsTest, ABadOrMissingCertificateOrKeyIsAStartupErrorNamingTheOption) {
  const std::string junk = dir_.File("junk.pem");
  testing::WriteFile(junk, "not a certificate\n");
  const std::string other_cert = dir_.File("other-cert.pem"), other_key = dir_.File("other-key.pem");
  testing::WriteSelfSignedCertificate(other_cert, other_key);
  struct Case {
    std::string cert, key, field, reason_part;
  };
  const Case cases[] = {
      {dir_.File("missing.pem"), key_, "tls-cert", "cannot be read"},
      {cert_, dir_.File("missing.pem"), "tls-key", "cannot be read"},
      {junk, key_, "tls-cert", "not a PEM certificate"},
      {cert_, junk, "tls-key", "not a PEM private key"},
      {cert_, other_key, "tls-key", "does not match"},
      {cert_, "", "tls-key", "is required"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.cert + " " + c.key);
    auto port = StartServer(c.cert, c.key);
    ASSERT_FALSE(port.ok());
    EXPECT_EQ(port.error().field, c.field);
    EXPECT_NE(port.error().reason.find(c.reason_part), std::string::npos) << port.error().reason;
  }
}

TEST(ServeCommandTls, BadTlsFilesAreClearErrorsNamingTheOption) {
  testing::TempDir dir;
  const std::string db = dir.File("serve.db");
  auto missing = testing::RunRattvag("serve --db " + db + " --listen 127.0.0.1:0 --tls-cert " + dir.File("no.pem") +
                                     " --tls-key " + dir.File("no-key.pem"));
  EXPECT_EQ(missing.exit_code, 1) << missing.out;
  EXPECT_NE(missing.out.find("--tls-cert: "), std::string::npos) << missing.out;
  EXPECT_EQ(missing.out.find("listening"), std::string::npos);
  auto half = testing::RunRattvag("serve --db " + db + " --listen 127.0.0.1:0 --tls-cert " + dir.File("no.pem"));
  EXPECT_EQ(half.exit_code, 2) << half.out;
  EXPECT_NE(half.out.find("--tls-key"), std::string::npos) << half.out;
}

// `rattvag serve --tls-cert --tls-key` end to end: says https, answers over TLS with HSTS, and
// stops with exit status 0 on SIGTERM.
TEST(ServeCommandTls, ServesHttpsAndStopsOnSigterm) {
  testing::TempDir dir;
  const std::string db = dir.File("serve.db"), cert = dir.File("cert.pem"), key = dir.File("key.pem");
  testing::WriteSelfSignedCertificate(cert, key);
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execl(RATTVAG_BINARY, RATTVAG_BINARY, "serve", "--db", db.c_str(), "--listen", "127.0.0.1:0", "--tls-cert",
          cert.c_str(), "--tls-key", key.c_str(), nullptr);
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;  // Bounded by the child's first line.
  const std::string prefix = "rattvag: listening on https://127.0.0.1:";
  if (line.rfind(prefix, 0) == 0) {
    const auto port = static_cast<uint16_t>(std::stoi(line.substr(prefix.size())));
    testing::HttpsReply r = testing::HttpsSend(port, bhttp::verb::get, "/healthz", cert);
    EXPECT_EQ(r.reply.status, 200);
    EXPECT_EQ(r.reply.headers["Strict-Transport-Security"], "max-age=31536000; includeSubDomains");
  } else {
    ADD_FAILURE() << line;
  }
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  close(out[0]);
}

}  // namespace
}  // namespace rattvag::http
