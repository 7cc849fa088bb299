// Regressions found by the fuzzer of the HTTP request path (fuzz/fuzz_http_request.cpp, issue 3:
// "never a crash, never a 500 for bad input"). Each test replays what the fuzzer's reproducer
// did, through the same functions the server uses; the reproducers are in the fuzz corpus too.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <variant>

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace rattvag::http {
namespace {

namespace json = boost::json;
namespace bhttp = boost::beast::http;

// The error object of a JSON error body; fails the test when the body is not valid JSON
// (Boost.JSON refuses malformed UTF-8).
json::object ErrorOf(const Response& response) {
  json::error_code ec;
  json::value body = json::parse(response.body, ec);
  EXPECT_FALSE(ec) << "not valid JSON: " << ec.message();
  if (ec || !body.is_object() || !body.as_object().contains("error")) return {};
  return body.at("error").as_object();
}

// fuzz/corpus/fuzz_http_request/query_junk.http: a query parameter's name is echoed in the
// error, cut to 64 bytes; the cut fell inside a two-byte character and the body was not UTF-8.
TEST(Issue3Fuzz, AnUnknownQueryParameterIsNamedInValidUtf8) {
  std::string o_umlauts;
  for (int i = 0; i < 40; ++i) o_umlauts += "\xC3\xB6";  // ö, 80 bytes.
  auto parsed = ParseQuery("f" + o_umlauts + "=1", {"format"});
  ASSERT_TRUE(std::holds_alternative<Response>(parsed));
  const Response& answer = std::get<Response>(parsed);
  EXPECT_EQ(answer.status, 400);
  const json::object error = ErrorOf(answer);
  const std::string field(error.at("field").as_string());
  // "f" and 31 whole ö (63 bytes): the cut moves back to the character boundary.
  EXPECT_EQ(field, "f" + o_umlauts.substr(0, 62));
  EXPECT_EQ(std::string(error.at("reason").as_string()), "is not a parameter of this resource");
}

// A list of municipalities as a browser writes it ("1380%2C1381") is the same list as
// "1380,1381"; any other escape is still refused, naming the parameter.
TEST(Issue3Fuzz, ACommaEscapedByABrowserIsAComma) {
  for (const char* query : {"municipalities=1380%2C1381", "municipalities=1380%2c1381", "municipalities=1380,1381"}) {
    auto parsed = ParseQuery(query, {"municipalities"});
    ASSERT_TRUE((std::holds_alternative<std::map<std::string, std::string>>(parsed))) << query;
    EXPECT_EQ((std::get<std::map<std::string, std::string>>(parsed).at("municipalities")), "1380,1381") << query;
  }
  for (const char* query : {"municipalities=1380%2D1381", "municipalities=1380%2", "municipalities=%", "municipalities=%252C"}) {
    auto parsed = ParseQuery(query, {"municipalities"});
    ASSERT_TRUE(std::holds_alternative<Response>(parsed)) << query;
    EXPECT_EQ(std::get<Response>(parsed).status, 400);
    EXPECT_EQ(std::string(ErrorOf(std::get<Response>(parsed)).at("field").as_string()), "municipalities");
  }
}

TEST(Issue3Fuzz, BytesThatAreNotUtf8AreReplacedInErrorBodies) {
  // A raw 0xFF, a lone continuation byte, a truncated sequence, an overlong '/', a surrogate.
  for (const std::string bad : {"a\xFF" "b", "\x80", "x\xE2\x82", "\xC0\xAF", "\xED\xA0\x80"}) {
    const Response answer = ErrorResponse(400, bad, "reason " + bad);
    const json::object error = ErrorOf(answer);
    ASSERT_FALSE(error.empty()) << answer.body;
    EXPECT_NE(std::string(error.at("field").as_string()).find("\xEF\xBF\xBD"), std::string::npos);
  }
  // Well-formed UTF-8 passes unchanged, including four-byte characters.
  const Response fine = ErrorResponse(400, "fält \xF0\x9F\x98\x80", "skäl");
  EXPECT_EQ(std::string(ErrorOf(fine).at("field").as_string()), "fält \xF0\x9F\x98\x80");
  EXPECT_EQ(std::string(ErrorOf(fine).at("reason").as_string()), "skäl");
}

TEST(Issue3Fuzz, AQueryParameterNameOfInvalidUtf8GetsAJsonErrorThroughTheServerPath) {
  Router router;
  router.Add("GET", "/list", "A list", [](const Request& request) {
    auto query = ParseQuery(request.query, {"limit"});
    if (auto* bad = std::get_if<Response>(&query)) return *bad;
    return Response{};
  });
  BeastRequest message(bhttp::verb::get, "/list?\xFF\xFE=1", 11);
  std::string route;
  const Response answer = HandleRequest(router, std::move(message), route);
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(route, "/list");
  EXPECT_EQ(std::string(ErrorOf(answer).at("field").as_string()), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

// The fuzzer's metrics invariant: every distinct method a client invented became a series of
// rattvag_http_requests_total, so the metrics (and the server's memory) grew without bound.
TEST(Issue3Fuzz, MethodsOutsideTheStandardOnesAreCountedAsOther) {
  Metrics metrics;
  for (int i = 0; i < 5000; ++i) metrics.Record("unmatched", "M" + std::to_string(i) + "X", 405, 0.001);
  metrics.Record("/healthz", "GET", 200, 0.001);
  metrics.Record("unmatched", "-", 400, 0.001);
  const std::string text = metrics.Render();
  EXPECT_LT(std::count(text.begin(), text.end(), '\n'), 100);
  EXPECT_NE(text.find(R"(rattvag_http_requests_total{route="unmatched",method="other",status="405"} 5000)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"({route="/healthz",method="GET",status="200"} 1)"), std::string::npos);
  EXPECT_NE(text.find(R"({route="unmatched",method="-",status="400"} 1)"), std::string::npos);
}

}  // namespace
}  // namespace rattvag::http
