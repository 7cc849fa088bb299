// libFuzzer target: raw HTTP/1.1 requests through the server's own reading and handling path.
//
// The bytes are parsed by Beast's request parser with the server's limits, turned into a
// Response by HandleRequest (src/http/server.hpp, the function Server uses) over the full router
// (AddSystemRoutes + AddApiRoutes) and written out as Server writes them. Up to kMaxRequests
// pipelined requests are read from one input, like a keep-alive connection.
//
// The journal is a real SQLite file in a temporary directory: a small demo caseload
// (app/demo.hpp) with the demo units and users, an open session for every demo user and two
// anonymous referrals, built once. Before an input runs, the journal is put back to that state
// when the previous input wrote to it, so each input meets the same journal and a reproducer
// reproduces.
//
// Input layout:
//   byte 0      which session, if any, is attached to every request of the input:
//               bit 7 adds the session cookie, bit 6 its X-CSRF-Token, bits 0-5 (modulo the
//               number of demo users) choose the user, in the order of MakeDemoAccounts.
//   the rest    the raw bytes of the request(s). Placeholders followed by a digit d stand for
//               values of the journal: `@Pd` the public id of the d-th demo person (random per
//               journal; persons 0-4 are of the home municipality 1380, 5-9 of others), `@Nd`
//               that person's personnummer, `@Ed` the ETag sequence of the person's case (for
//               If-Match), `@Rd` the id of the d-th referral (0 open, 1 called back).
//
// Invariants (abort, reported by libFuzzer as a crash): no crash or sanitizer report, no 5xx
// answer (the journal is healthy throughout, so a 503 can only come from bad input), JSON
// bodies are valid JSON with {"error":{"field","reason"}} on errors, no CR/LF in a response
// header, and a bounded number of metrics series however many distinct requests come.
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <sanitizer/common_interface_defs.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "app/demo.hpp"
#include "app/import.hpp"
#include "app/login.hpp"
#include "domain/referral.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "http/session_routes.hpp"
#include "security/password.hpp"
#include "security/sha256.hpp"
#include "fuzz_support.hpp"

namespace rattvag::fuzz {
namespace {

namespace fs = std::filesystem;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr Date kToday(2026, 11, 1);
constexpr int64_t kNow = int64_t{kToday.DaysSinceEpoch()} * 86400 + 10 * 3600;  // 10:00 UTC.
constexpr int kDemoPersons = 40;
constexpr size_t kMaxRequests = 4;
// Series of rattvag_http_requests_total: route templates (about 20, plus "unmatched") times
// methods times statuses stay far below this; one per distinct input would not.
constexpr size_t kMaxMetricLines = 2000;

struct Session {
  std::string cookie;  // "__Host-rattvag_session=…"
  std::string csrf;
};

struct Person {
  std::string public_id;
  int64_t sequence = 0;
  std::string personnummer;
};

void CheckStatus(const Status& s, const char* what) {
  if (!s.ok()) Fail(what, s.error().ToString());
}

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) Fail(what, r.error().ToString());
  return std::move(r).value();
}

// The journal every input starts from, and the live copy the router uses.
class Fixture {
 public:
  Fixture() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/rattvag-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) Fail("cannot make a temporary directory", pattern);
    dir_ = pattern;
    template_path_ = dir_ + "/template.db";
    live_path_ = dir_ + "/live.db";
    BuildTemplate();
    Reset();
  }
  ~Fixture() {
    router_.reset();
    context_.reset();
    journal_.reset();
    RemoveDirectory();
  }

  // Removes the temporary directory; also when the run ends in a failure (see below).
  void RemoveDirectory() const {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // Puts the live journal back to the template when anything was written since the last reset.
  void PrepareForInput() {
    if (WalState() != clean_wal_) Reset();
  }

  const http::Router& router() const { return *router_; }
  http::Metrics& metrics() { return metrics_; }
  const std::vector<Session>& sessions() const { return sessions_; }
  const std::vector<Person>& persons() const { return persons_; }
  const std::vector<std::string>& referrals() const { return referrals_; }

 private:
  void BuildTemplate() {
    auto journal = Must(OpenSqliteJournal(template_path_), "cannot open the template journal");
    DemoOptions options;
    options.persons = kDemoPersons;
    options.municipalities = 6;
    options.seed = 1;
    options.today = kToday;
    EventBatch events;
    size_t line = 0;
    GenerateDemo(options, [&](const Event& e) { events.Add(e, ++line); });
    const ImportOutcome stored = StoreEvents(*journal, events);
    if (!stored.ok()) Fail("the demo caseload does not store", stored.errors[0].error.ToString());

    const DemoAccounts accounts = MakeDemoAccounts(6);
    const std::string hash = Must(HashPassword(kDemoPassword), "cannot hash the demo password");
    {
      UnitOfWork work(*journal);
      CheckStatus(work.Begin(), "begin");
      for (const Unit& u : accounts.units) CheckStatus(journal->AddUnit(u), "demo unit");
      for (const User& u : accounts.users) CheckStatus(journal->AddUser(u, hash), "demo user");
      // Two referrals for FK's mailbox: one open, one called back.
      for (int i = 0; i < 2; ++i) {
        AnonymousReferral r;
        r.id = "r-fuzz" + std::to_string(i);
        r.municipality = DemoMunicipalityCode(0);
        r.sent_on = kToday.AddDays(-2 - 5 * i);
        r.sender = "u-demo-eb";
        r.contact_name = "Eva Bergström";
        r.contact_phone = "035-00 00 00";
        r.contact_email = "eva@example.invalid";
        r.description = "Behöver samordnad rehabilitering";
        CheckStatus(journal->AddReferral(r), "demo referral");
        if (i == 1) CheckStatus(journal->RecordCallback(r.id, kToday.AddDays(-1), "u-demo-fk"), "demo callback");
        referrals_.push_back(r.id);
      }
      CheckStatus(work.Commit(), "commit");
    }
    // An open session per demo user, without the password path (a login costs an Argon2 hash).
    for (const User& u : accounts.users) {
      auto stored_user = Must(journal->FindUserByUsername(u.username), "find demo user");
      if (!stored_user) Fail("demo user missing", u.username);
      UnitOfWork work(*journal);
      CheckStatus(work.Begin(), "begin");
      const std::string token = Must(StartSession(*journal, *stored_user, kNow), "start session");
      CheckStatus(work.Commit(), "commit");
      auto session = Must(journal->FindSession(Sha256(token)), "find session");
      if (!session) Fail("session missing", u.username);
      sessions_.push_back({std::string(http::kSessionCookie) + "=" + token, session->csrf_token});
    }
    // Ten persons for the placeholders: the first five by personnummer of the home
    // municipality (where the EB demo users work), then the first five of the others.
    std::vector<std::pair<bool, std::string>> numbers;  // (elsewhere, personnummer)
    const std::string home = DemoMunicipalityCode(0);
    CheckStatus(journal->ScanPersons({}, [&](const PersonRow& row) {
      numbers.emplace_back(row.municipality != home, std::string(row.person));
      return true;
    }), "scan persons");
    std::sort(numbers.begin(), numbers.end());
    const auto elsewhere = std::find_if(numbers.begin(), numbers.end(), [](const auto& n) { return n.first; });
    if (elsewhere - numbers.begin() < 5 || numbers.end() - elsewhere < 5) Fail("too few demo persons per municipality");
    std::vector<std::string> chosen;
    for (int i = 0; i < 5; ++i) chosen.push_back(numbers[static_cast<size_t>(i)].second);
    for (int i = 0; i < 5; ++i) chosen.push_back(elsewhere[i].second);
    for (const auto& n : chosen) {
      auto record = Must(journal->LoadPerson(n), "load person");
      if (!record) Fail("person missing", n);
      persons_.push_back({record->public_id, record->last_sequence, n});
    }
    if (persons_.size() < 10) Fail("the demo caseload has fewer than ten persons");
    journal.reset();  // Closing checkpoints the WAL into the file.
  }

  void Reset() {
    router_.reset();
    context_.reset();
    journal_.reset();
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(live_path_ + suffix, ignored);
    fs::copy_file(template_path_, live_path_);
    if (fs::exists(template_path_ + "-wal")) fs::copy_file(template_path_ + "-wal", live_path_ + "-wal");
    journal_ = Must(OpenSqliteJournal(live_path_), "cannot open the live journal");
    context_ = std::make_unique<http::SessionContext>(
        http::SessionContext{*journal_, mutex_, [] { return kNow; }, LoginPolicy{}});
    router_ = std::make_unique<http::Router>();
    http::AddSystemRoutes(*router_, metrics_, [this]() -> Status {
      std::lock_guard lock(mutex_);
      auto n = journal_->CountPersons();
      if (!n.ok()) return Error{"database", "cannot be read"};
      return Status::Ok();
    });
    http::AddApiRoutes(*router_, *context_);
    clean_wal_ = WalState();
  }

  // Size and modification time of the live WAL: every commit changes them.
  std::pair<int64_t, int64_t> WalState() const {
    struct stat st {};
    if (stat((live_path_ + "-wal").c_str(), &st) != 0) return {-1, -1};
    return {static_cast<int64_t>(st.st_size), static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
  }

  std::string dir_, template_path_, live_path_;
  std::vector<Session> sessions_;
  std::vector<Person> persons_;
  std::vector<std::string> referrals_;
  std::mutex mutex_;
  http::Metrics metrics_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<http::SessionContext> context_;
  std::unique_ptr<http::Router> router_;
  std::pair<int64_t, int64_t> clean_wal_{-1, -1};
};

Fixture* fixture = nullptr;
// RATTVAG_FUZZ_VERBOSE=1 prints every request line and its answer (to check what seeds reach).
bool verbose = false;

// Replaces the placeholders (see the top of the file).
std::string Substitute(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + 64);
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '@' && i + 2 < raw.size() && raw[i + 2] >= '0' && raw[i + 2] <= '9') {
      const size_t d = static_cast<size_t>(raw[i + 2] - '0');
      const auto& persons = fixture->persons();
      switch (raw[i + 1]) {
        case 'P':
          out += persons[d % persons.size()].public_id;
          i += 2;
          continue;
        case 'E':
          out += std::to_string(persons[d % persons.size()].sequence);
          i += 2;
          continue;
        case 'N':
          out += persons[d % persons.size()].personnummer;
          i += 2;
          continue;
        case 'R':
          out += fixture->referrals()[d % fixture->referrals().size()];
          i += 2;
          continue;
        default:
          break;
      }
    }
    out.push_back(raw[i]);
  }
  return out;
}

bool HasLineBreak(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

void CheckResponse(const http::Response& response, const std::string& request_line) {
  const std::string context = "request: " + request_line + "\nstatus " + std::to_string(response.status) + "\n" +
                              response.body.substr(0, 2000);
  Check(response.status >= 200 && response.status <= 599, "a status outside 200-599", context);
  Check(response.status < 500, "a server error (5xx) for a request to a healthy journal", context);
  for (const auto& [name, value] : response.headers)
    Check(!HasLineBreak(name) && !HasLineBreak(value), "a line break in a response header", context);
  Check(!HasLineBreak(response.content_type), "a line break in the content type", context);
  if (response.content_type.rfind("application/json", 0) == 0 && response.status != 204) {
    boost::json::error_code ec;
    const boost::json::value body = boost::json::parse(response.body, ec);
    Check(!ec, "a JSON response that is not valid JSON (or not UTF-8)", context);
    if (response.status >= 400) {
      const auto* error = body.is_object() ? body.as_object().if_contains("error") : nullptr;
      Check(error && error->is_object(), "an error response without an error object", context);
      const auto* field = error->as_object().if_contains("field");
      const auto* reason = error->as_object().if_contains("reason");
      Check(field && field->is_string() && reason && reason->is_string() && !reason->as_string().empty(),
            "an error without a field and a reason", context);
    }
  }
  // Written out as the server writes it.
  std::ostringstream wire;
  wire << http::ToBeastResponse(response, /*keep_alive=*/true);
  Check(!wire.str().empty(), "nothing written", context);
}

}  // namespace
}  // namespace rattvag::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  rattvag::fuzz::fixture = new rattvag::fuzz::Fixture();
  // A broken invariant or a sanitizer report ends the process without atexit handlers.
  rattvag::fuzz::on_failure = [] { rattvag::fuzz::fixture->RemoveDirectory(); };
  __sanitizer_set_death_callback(rattvag::fuzz::on_failure);
  rattvag::fuzz::verbose = std::getenv("RATTVAG_FUZZ_VERBOSE") != nullptr;
  std::atexit([] { delete rattvag::fuzz::fixture; });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rattvag;
  using namespace rattvag::fuzz;
  if (size == 0) return 0;
  Fixture& f = *fixture;
  f.PrepareForInput();
  const uint8_t selector = data[0];
  const Session& session = f.sessions()[(selector & 0x3f) % f.sessions().size()];
  const std::string bytes = Substitute(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));

  const http::ServerOptions options;
  std::string_view rest = bytes;
  for (size_t n = 0; n < kMaxRequests && !rest.empty(); ++n) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.eager(true);
    parser.body_limit(options.body_limit);
    parser.header_limit(static_cast<uint32_t>(options.header_limit));
    beast::error_code ec;
    // As the server's read: the parser takes what has arrived; when it wants more and none
    // comes, the peer has closed the connection.
    while (!parser.is_done()) {
      if (rest.empty()) {
        if (parser.got_some())
          parser.put_eof(ec);
        else
          ec = bhttp::error::end_of_stream;
        break;
      }
      const size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
      rest.remove_prefix(used);
      if (ec == bhttp::error::need_more) {
        ec = {};
        if (used == 0) rest = {};  // Nothing more arrives: the next turn puts the end of stream.
        continue;
      }
      if (ec) break;
    }
    if (ec) {
      if (auto answer = http::HandleReadError(ec, options)) {
        CheckResponse(*answer, "(unreadable: " + ec.message() + ")");
        if (verbose) std::fprintf(stderr, "(unreadable: %s) -> %d\n", ec.message().c_str(), answer->status);
        f.metrics().Record("unmatched", "-", answer->status, 0);
      }
      break;  // The connection is closed after an unreadable request.
    }
    http::BeastRequest message = parser.release();
    if (selector & 0x80) message.set(bhttp::field::cookie, session.cookie);
    if (selector & 0x40) message.set("X-CSRF-Token", session.csrf);
    const std::string method(message.method_string());
    const std::string request_line = method + " " + std::string(message.target());
    const bool keep_alive = message.keep_alive();
    std::string route;
    const http::Response response = http::HandleRequest(f.router(), std::move(message), route);
    CheckResponse(response, request_line);
    if (verbose) std::fprintf(stderr, "%s -> %d %.200s\n", request_line.c_str(), response.status, response.body.c_str());
    f.metrics().Record(route, method.empty() ? "-" : method, response.status, 0);
    if (!keep_alive) break;
  }
  static size_t inputs = 0;
  if (++inputs % 1024 != 0) return 0;
  const std::string rendered = f.metrics().Render();
  Check(static_cast<size_t>(std::count(rendered.begin(), rendered.end(), '\n')) < kMaxMetricLines,
        "the metrics grow with the requests (unbounded label values)");
  return 0;
}
