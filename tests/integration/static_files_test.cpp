// The web application's files as `rattvag serve --web DIR` serves them (issue 4): every file of
// the directory from memory, gzip for clients that take it, long caching only for Vite's
// hashed assets, index.html for the application's own paths, and the API's paths untouched.
#include <gtest/gtest.h>

#include <zlib.h>

#include <filesystem>
#include <string>

#include "http/router.hpp"
#include "http/static_files.hpp"
#include "test_support.hpp"

namespace rattvag::http {
namespace {

using rattvag::testing::TempDir;
using rattvag::testing::WriteFile;

std::string Gunzip(const std::string& data) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out;
  char buffer[4096];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  EXPECT_EQ(status, Z_STREAM_END);
  return out;
}

std::string Header(const Response& response, const std::string& name) {
  for (const auto& [n, v] : response.headers)
    if (n == name) return v;
  return "";
}

Request Get(const std::string& path, bool gzip = false) {
  Request request;
  request.method = "GET";
  request.path = path;
  if (gzip) request.headers["accept-encoding"] = "gzip, deflate, br";
  return request;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.File("web/assets"));
    std::filesystem::create_directories(dir_.File("web/.hidden"));
    index_ = "<!doctype html><html lang=\"sv\"><title>Rätt väg</title><script type=\"module\" src=\"/assets/index-ab12.js\"></script></html>";
    for (int i = 0; i < 200; ++i) script_ += "export const rad" + std::to_string(i) + " = \"Mitt arbete\";\n";
    WriteFile(dir_.File("web/index.html"), index_);
    WriteFile(dir_.File("web/assets/index-ab12.js"), script_);
    WriteFile(dir_.File("web/assets/index-ab12.css"), "body{margin:0}");
    WriteFile(dir_.File("web/favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    WriteFile(dir_.File("web/.hidden/secret.txt"), "not for the web");
    WriteFile(dir_.File("web/.env"), "SECRET=1");
    auto files = StaticFiles::Load(dir_.File("web"));
    ASSERT_TRUE(files.ok()) << files.error().ToString();
    files_.emplace(std::move(*files));
  }
  TempDir dir_;
  std::string index_, script_;
  std::optional<StaticFiles> files_;
};

TEST_F(StaticFilesTest, ServesEveryFileWithItsTypeAndTheRootAsIndex) {
  EXPECT_EQ(files_->size(), 4u);  // Dot files and dot directories are left out.
  auto root = files_->Serve(Get("/"));
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status, 200);
  EXPECT_EQ(root->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(root->body, index_);
  auto css = files_->Serve(Get("/assets/index-ab12.css"));
  ASSERT_TRUE(css);
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(css->body, "body{margin:0}");
  EXPECT_EQ(files_->Serve(Get("/favicon.svg"))->content_type, "image/svg+xml");
  EXPECT_EQ(files_->Serve(Get("/assets/index-ab12.js"))->content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, HashedAssetsAreCachedForAYearEverythingElseRevalidated) {
  EXPECT_EQ(Header(*files_->Serve(Get("/assets/index-ab12.js")), "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Header(*files_->Serve(Get("/")), "Cache-Control"), "no-cache");
  EXPECT_EQ(Header(*files_->Serve(Get("/favicon.svg")), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, TextIsGzippedForClientsThatAcceptItAndTheSameAfterInflating) {
  auto plain = files_->Serve(Get("/assets/index-ab12.js"));
  auto packed = files_->Serve(Get("/assets/index-ab12.js", true));
  EXPECT_EQ(plain->body, script_);
  EXPECT_EQ(Header(*plain, "Content-Encoding"), "");
  EXPECT_EQ(Header(*plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(Header(*packed, "Content-Encoding"), "gzip");
  EXPECT_LT(packed->body.size(), script_.size() / 4);
  EXPECT_EQ(Gunzip(packed->body), script_);
  // A client that refuses gzip gets the plain file.
  Request refusing = Get("/assets/index-ab12.js");
  refusing.headers["accept-encoding"] = "gzip;q=0, identity";
  EXPECT_EQ(files_->Serve(refusing)->body, script_);
  // A file too small to gain is never compressed.
  EXPECT_EQ(Header(*files_->Serve(Get("/assets/index-ab12.css", true)), "Content-Encoding"), "");
}

TEST_F(StaticFilesTest, TheApplicationsOwnPathsGetIndexAndOtherFilesAre404) {
  for (const char* path : {"/mitt-arbete", "/personer/352332e9780f57ad2b17c3ca6f55917f", "/personer/x/logg"}) {
    auto answer = files_->Serve(Get(path));
    ASSERT_TRUE(answer) << path;
    EXPECT_EQ(answer->status, 200) << path;
    EXPECT_EQ(answer->body, index_) << path;
  }
  for (const char* path : {"/missing.png", "/assets/gone-1234.js", "/assets/nothing", "/.env", "/.hidden/secret.txt",
                           "/../etc/passwd.txt", "/assets/../.env"}) {
    auto answer = files_->Serve(Get(path));
    ASSERT_TRUE(answer) << path;
    EXPECT_EQ(answer->status, 404) << path;
    EXPECT_EQ(answer->body.find("SECRET"), std::string::npos) << path;
    EXPECT_EQ(answer->body.find("not for the web"), std::string::npos) << path;
  }
}

TEST_F(StaticFilesTest, LeavesTheApiAndOtherMethodsToTheRouter) {
  EXPECT_FALSE(files_->Serve(Get("/api/v1/nothing")));
  EXPECT_FALSE(files_->Serve(Get("/api")));
  Request post = Get("/");
  post.method = "POST";
  EXPECT_FALSE(files_->Serve(post));

  // Behind a router: the API's routes first, its unknown paths the JSON 404, the rest the files.
  Router router;
  router.Add("GET", "/api/v1/thing", "A route (test only)", [](const Request&) {
    Response r;
    r.body = "{\"thing\":1}";
    return r;
  });
  router.SetFallback([this](const Request& request) { return files_->Serve(request); });
  EXPECT_EQ(router.Dispatch(Get("/api/v1/thing")).body, "{\"thing\":1}");
  const Response unknown = router.Dispatch(Get("/api/v1/unknown"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.content_type, "application/json");
  EXPECT_NE(unknown.body.find("no such resource"), std::string::npos);
  EXPECT_EQ(router.Dispatch(Get("/mitt-arbete")).body, index_);
  Request post_view = Get("/mitt-arbete");
  post_view.method = "POST";
  EXPECT_EQ(router.Dispatch(post_view).status, 404);
}

TEST(StaticFilesLoadTest, RefusesAMissingDirectoryOrOneWithoutIndex) {
  TempDir dir;
  auto missing = StaticFiles::Load(dir.File("nothing"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "web");
  EXPECT_NE(missing.error().reason.find("is not a directory"), std::string::npos);
  std::filesystem::create_directories(dir.File("empty"));
  WriteFile(dir.File("empty/app.js"), "1");
  auto no_index = StaticFiles::Load(dir.File("empty"));
  ASSERT_FALSE(no_index.ok());
  EXPECT_NE(no_index.error().reason.find("has no index.html"), std::string::npos);
}

TEST(StaticFilesLoadTest, ServeRefusesABadWebDirectoryNamingTheOption) {
  TempDir dir;
  auto result = rattvag::testing::RunRattvag("serve --db " + dir.File("j.db") + " --listen 127.0.0.1:0 --web " +
                                             dir.File("no-such-dir"));
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.out.find("--web: "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("is not a directory"), std::string::npos) << result.out;
}

TEST(ContentTypeTest, KnownExtensionsAndTheFallback) {
  EXPECT_EQ(ContentTypeFor("a/b.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("x.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("x.unknown"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("noextension"), "application/octet-stream");
}

}  // namespace
}  // namespace rattvag::http
