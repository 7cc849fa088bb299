// Leak canaries (issue 3, "Tests that must exist"): persons in four municipalities, each with a
// distinctive synthetic personnummer and name, with and without consents (in force, revoked,
// expired, limited). Every demo role logs in and crawls the whole API generically: every GET
// route of the router, each `{id}` filled with every id the crawl found so far and with the ids
// of the persons the role must not see, every documented query variant (formats included),
// the search with every canary personnummer. No answer, body or header, may hold the
// personnummer (in any printed form) or the name of a person the role may not read under
// DOMAIN.md §3, computed here with the domain's own DecideCaseAccess from the journal; and
// every person the role may read must have been seen, so the test cannot pass by refusing all.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "../unit/pdf_tools.hpp"
#include "app/import.hpp"
#include "app/own.hpp"
#include "app/queries.hpp"
#include "app/sip.hpp"
#include "demo_server.hpp"
#include "domain/access.hpp"
#include "domain/personnummer.hpp"
#include "http/api.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr int64_t kNow = 1'780'272'000;  // 2026-06-01 00:00 UTC.
const Date kToday(2026, 6, 1);

// One canary person: where the case belongs, a distinctive name (written into the case's free
// text, where a caseworker would write it), and the consent events after the registration.
struct Canary {
  const char* municipality;
  const char* given;
  const char* surname;  // Unique, and no surname is part of another.
  std::vector<std::string> consents;  // Exchange-format lines without `person`.
  bool moved_to_halmstad = false;     // Registered in its municipality, then moved to 1380.
};

std::string Consent(const char* date, const char* id, const char* parties, const char* until = nullptr) {
  std::string line = fmt::format(R"({{"type":"consent_given","date":"{}","consent_id":"{}","parties":[{}],"purpose":"PURPOSE")",
                                 date, id, parties);
  if (until) line += fmt::format(R"(,"until":"{}")", until);
  return line + "}";
}
std::string Revoke(const char* date, const char* id) {
  return fmt::format(R"({{"type":"consent_revoked","date":"{}","consent_id":"{}"}})", date, id);
}

// Halmstad (1380) and Laholm (1381) have EB users; Burlöv (1231) is in the demo FK office's area
// without an EB user; Stockholm (0180) is served only by another FK office (fk.annan).
const std::vector<Canary>& Canaries() {
  static const std::vector<Canary> canaries = {
      {"1380", "Astrid", "Kanariedal", {}},
      {"1380", "Bertil", "Kanarieholm", {Consent("2026-01-10", "C1", R"("fk","region")")}},
      {"1380", "Cecilia", "Kanarieberg", {Consent("2026-01-10", "C1", R"("fk")"), Revoke("2026-05-01", "C1")}},
      {"1380", "David", "Kanariestrom", {Consent("2025-01-10", "C1", R"("fk","region")", "2026-05-31")}},  // Expired yesterday.
      {"1380", "Elsa", "Kanarielund", {Consent("2026-02-01", "C1", R"("af","ame","nurse")", "2026-06-01")}},  // Last day today.
      {"1380", "Folke", "Kanarievik",  // Limited: FK and region, then the region only.
       {Consent("2026-01-10", "C1", R"("fk","region")"), Consent("2026-03-01", "C2", R"("region")"), Revoke("2026-03-01", "C1")}},
      {"1380", "Greta", "Kanariekvist", {Consent("2026-01-10", "C1", R"("fk")"), Revoke("2026-06-01", "C1")}},  // Revoked today.
      {"1381", "Hugo", "Kanariemark", {}},
      {"1381", "Ingrid", "Kanariesten", {Consent("2026-01-10", "C1", R"("fk","region","af","ame","nurse")")}},
      {"1381", "Johan", "Kanariefors", {Consent("2026-01-10", "C1", R"("fk")"), Revoke("2026-05-31", "C1")}},
      {"1381", "Karin", "Kanariesjo", {Consent("2025-05-01", "C1", R"("af")", "2026-04-30")}},
      {"1381", "Lars", "Kanarieang", {Consent("2026-01-10", "C1", R"("fk")")}, true},
      {"1231", "Maja", "Kanariebacke", {Consent("2026-01-10", "C1", R"("fk")")}},
      {"1231", "Nils", "Kanarieryd", {}},
      {"0180", "Olga", "Kanariehult", {Consent("2026-01-10", "C1", R"("fk","region")")}},
      {"0180", "Per", "Kanarieas", {}},
  };
  return canaries;
}

// The i-th canary's personnummer: born on a distinct day, serial 980 + i, Luhn check digit.
std::string PersonnummerOf(size_t i) {
  const int year = 1970 + static_cast<int>(i), month = 1 + static_cast<int>(i % 12), day = 1 + static_cast<int>((i * 3) % 28);
  const std::string nine = fmt::format("{:02}{:02}{:02}{:03}", year % 100, month, day, 980 + i);
  return fmt::format("{:04}{:02}{:02}{:03}{}", year, month, day, 980 + i, LuhnCheckDigit(nine));
}

// Every printed form of a 12-digit personnummer: YYYYMMDDNNNC, YYYYMMDD-NNNC, YYMMDDNNNC,
// YYMMDD-NNNC and YYMMDD+NNNC.
std::vector<std::string> PrintedForms(const std::string& p) {
  const std::string ten = p.substr(2);
  return {p, p.substr(0, 8) + "-" + p.substr(8), ten, ten.substr(0, 6) + "-" + ten.substr(6),
          ten.substr(0, 6) + "+" + ten.substr(6)};
}

std::string JournalLines() {
  std::string out;
  for (size_t i = 0; i < Canaries().size(); ++i) {
    const Canary& c = Canaries()[i];
    const std::string name = std::string(c.given) + " " + c.surname;
    auto line = [&](std::string body) {
      if (const size_t at = body.find("PURPOSE"); at != std::string::npos) body.replace(at, 7, "samordning kring " + name);
      out += fmt::format(R"({{"person":"{}",{})", PersonnummerOf(i), body.substr(1)) + "\n";
    };
    line(fmt::format(R"({{"type":"eb_period_started","date":"2025-01-05","municipality":"{}"}})", c.municipality));
    line(fmt::format(R"({{"type":"target_group_identified","date":"2025-01-06","municipality":"{}","source":"caseworker"}})",
                     c.municipality));
    if (c.moved_to_halmstad) {
      line(fmt::format(R"({{"type":"eb_period_ended","date":"2026-02-28","municipality":"{}","reason":"flyttat"}})", c.municipality));
      line(R"({"type":"eb_period_started","date":"2026-03-01","municipality":"1380"})");
    }
    // A certificate running now: every case has open deadlines, so it is on its unit's work list.
    line(R"({"type":"sick_certificate","date":"2026-03-01","from":"2026-03-01","to":"2026-06-30","extent":100,"supports_reduced_capacity":true})");
    // Every case names its person in a stance's note; half of them before this spell, so that
    // their stance on it is overdue.
    line(fmt::format(R"({{"type":"stance_taken","date":"{}","direction":"other","note":"Samtal med {} om planeringen"}})",
                     i % 2 == 0 ? "2026-03-20" : "2025-02-01", name));
    if (i % 3 == 0) line(fmt::format(R"({{"type":"fk_referral_sent","date":"2026-05-20","referral_id":"R{}"}})", i));
    for (const std::string& consent : c.consents) line(consent);
  }
  return out;
}

// A user of the crawl and what the policy lets it read, by canary index.
struct Viewer {
  std::string username;  // Empty: no session at all.
  std::set<size_t> readable;
  std::set<size_t> owned;  // The EB unit owns the case: the log extract too.
};

class HttpLeakTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    // Serve exactly the routes of `rattvag serve`: the system routes and every API route. The
    // fixture has added the session routes already; the others are forwarded to `all_`.
    Start(kNow, [this](Router& router, SessionContext& sessions) {
      AddSystemRoutes(all_, metrics_, [] { return Status::Ok(); });
      AddApiRoutes(all_, sessions);
      std::set<std::pair<std::string, std::string>> present;
      for (const Route& r : router.Routes()) present.insert({r.method, r.path});
      for (const Route& r : all_.Routes())
        if (!present.count({r.method, r.path}))
          router.Add(r.method, r.path, r.summary, [this](const Request& request) { return all_.Dispatch(request); });
    });
    auto imported = ImportJsonLines(*journal_, JournalLines(), kToday);
    ASSERT_TRUE(imported.ok()) << imported.errors[0].line << ": " << imported.errors[0].error.ToString();
    for (size_t i = 0; i < Canaries().size(); ++i) {
      auto record = journal_->LoadPerson(PersonnummerOf(i));
      ASSERT_TRUE(record.ok() && record->has_value());
      records_.push_back(**record);
    }
    // A SIP for every canary (issue 5), inviting every other party: its second version names the
    // person in a goal and as a participant, so an invited party without consent that saw more
    // than the invitation would show up as a leak.
    for (size_t i = 0; i < records_.size(); ++i) {
      const Canary& c = Canaries()[i];
      const std::string name = std::string(c.given) + " " + c.surname;
      const bool eb_unit = records_[i].municipality != "0180";  // Stockholm has no demo EB unit.
      Sip sip;
      sip.id = "sip-canary" + std::to_string(i);
      sip.person_public_id = records_[i].public_id;
      sip.municipality = records_[i].municipality;
      sip.called_by = eb_unit ? Party::kEb : Party::kFk;
      sip.called_by_unit = eb_unit ? "eb-" + records_[i].municipality : "fk-other";
      sip.called_on = kToday;
      for (Party p : {Party::kEb, Party::kFk, Party::kRegion, Party::kAf, Party::kAme, Party::kNurse})
        if (p != sip.called_by) sip.invited.push_back(p);
      sip.title = "SIP kring arbete och hälsa";
      SipVersion first;
      first.number = 1;
      first.created_at = "2026-06-01T08:00:00.000Z";
      first.author_user_id = "u-demo-eb";
      first.author_name = "EB";
      SipVersion second = first;
      second.number = 2;
      second.plan.goals = {{"g1", name + " vill orka arbeta halvtid"}};
      second.plan.participants = {{name, std::nullopt, "Den enskilde"}};
      sip.versions = {first, second};
      AuditEntry entry;
      entry.at = "2026-06-01T08:00:00.000Z";
      entry.user = "u-demo-eb";
      entry.party = "eb";
      entry.unit = "eb-1380";
      entry.role = "socialsekreterare";
      entry.person = records_[i].personnummer;
      entry.action = "sip_call";
      entry.ground = "ownership";
      entry.outcome = "allowed";
      ASSERT_TRUE(CallSip(*journal_, sip, entry).ok()) << sip.id;
      sips_.push_back(sip.id);
    }
    // Issue 5: a meeting of every canary, called by its EB unit with FK and the region invited,
    // so that the meeting routes answer (in full to readers, the invitation only to the others).
    UnitOfWork work(*journal_);
    ASSERT_TRUE(work.Begin().ok());
    for (size_t i = 0; i < records_.size(); ++i) {
      Meeting m;
      m.id = "m-canary-" + std::to_string(i);
      m.person = records_[i].personnummer;
      m.municipality = records_[i].municipality;
      m.kind = MeetingKind::kAvstamning;
      m.date = kToday.AddDays(7);
      m.start_minutes = 600;
      m.place = "Rum 1";
      m.invitations = {Invite(Party::kFk), Invite(Party::kRegion)};
      m.called_by_unit = "eb-" + records_[i].municipality;
      m.called_by_user = "u-demo-eb";
      m.called_by_name = "EB";
      m.created_at = "2026-06-01T00:00:00.000Z";
      ASSERT_TRUE(journal_->AddMeeting(m).ok());
    }
    ASSERT_TRUE(work.Commit().ok());
  }

  // What the user may read, from the journal's ownership and consents and the domain's rules.
  Viewer ViewerOf(const std::string& username) {
    Viewer viewer{username, {}, {}};
    auto stored = journal_->FindUserByUsername(username);
    EXPECT_TRUE(stored.ok() && stored->has_value()) << username;
    if (!stored.ok() || !stored->has_value()) return viewer;
    auto unit = journal_->FindUnit((*stored)->user.unit_id);
    EXPECT_TRUE(unit.ok() && unit->has_value());
    const Actor actor = ActorOf((*stored)->user, **unit);
    for (size_t i = 0; i < records_.size(); ++i) {
      auto view = LoadPersonView(*journal_, records_[i].personnummer, kToday, DefaultEligibilityRules());
      EXPECT_TRUE(view.ok() && view->has_value());
      const auto decision = DecideCaseAccess(actor, records_[i].municipality, (*view)->projection.consents, kToday,
                                             CaseAction::kRead);
      if (decision.allowed) viewer.readable.insert(i);
      if (decision.ground == AccessGround::kOwnership) viewer.owned.insert(i);
    }
    return viewer;
  }

  // The canaries whose personnummer or name `text` holds, each with what was found.
  std::map<size_t, std::string> CanariesIn(std::string_view text) const {
    std::map<size_t, std::string> found;
    for (size_t i = 0; i < Canaries().size(); ++i) {
      for (const std::string& form : PrintedForms(records_[i].personnummer)) {
        if (text.find(form) == std::string_view::npos) continue;
        found[i] = "personnummer in the form of " + std::to_string(form.size()) + " characters";
        break;  // The longest form first: the shorter ones are part of it.
      }
      if (text.find(Canaries()[i].surname) != std::string_view::npos) found[i] += " name";
      // The opaque id says the person exists and is the case of a unit: no less a leak.
      if (text.find(records_[i].public_id) != std::string_view::npos) found[i] += " opaque id";
    }
    return found;
  }

  // Values of the query parameters the OpenAPI document describes without an enumeration or a
  // numeric range, by name. A documented parameter the crawl has no values for fails the test.
  std::map<std::string, std::vector<std::string>> QueryValues() const {
    std::set<std::string> municipalities;
    for (const PersonRecord& r : records_) municipalities.insert(r.municipality);
    std::vector<std::string> codes(municipalities.begin(), municipalities.end());
    std::string all;
    for (const auto& m : codes) all += (all.empty() ? "" : ",") + m;
    codes.push_back(all);
    std::vector<std::string> units = {"fk-other"};  // The fixture's unit besides the demo ones.
    for (const Unit& u : MakeDemoAccounts(6).units) units.push_back(u.id);
    return {{"municipalities", codes}, {"unit", units}};
  }

  // The query strings to crawl a route with: none; every documented query parameter at its
  // first value (for routes that require them together); and each parameter at each of its
  // values, alone and with the others at their first values. Computed once per route, so that
  // a parameter without values fails the test once.
  const std::vector<std::string>& QueryVariants(const Route& route) {
    const auto key = std::make_pair(route.method, route.path);
    if (auto cached = variants_.find(key); cached != variants_.end()) return cached->second;
    std::vector<std::pair<std::string, std::vector<std::string>>> parameters = DocumentedQuery(route);
    std::set<std::string> variants = {""};
    auto join = [&](const std::string& name, const std::string& value) {
      std::string query;
      for (const auto& [n, values] : parameters) {
        if (values.empty()) continue;
        query += (query.empty() ? "" : "&") + n + "=" + (n == name ? value : values.front());
      }
      return query;
    };
    for (const auto& [name, values] : parameters) {
      for (const std::string& v : values) {
        variants.insert(name + "=" + v);
        variants.insert(join(name, v));
      }
    }
    return variants_[key] = std::vector<std::string>(variants.begin(), variants.end());
  }

  // The query parameters the OpenAPI document gives the route, each with the values to try.
  std::vector<std::pair<std::string, std::vector<std::string>>> DocumentedQuery(const Route& route) const {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    const json::value doc = json::parse(OpenApiDocument());
    const json::value* path = doc.at("paths").as_object().if_contains(route.path);
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::tolower(c); });
    const json::value* operation = path ? path->as_object().if_contains(method) : nullptr;
    if (!operation) {
      ADD_FAILURE() << route.method << " " << route.path << " is not in the OpenAPI document: its query is unknown";
      return out;
    }
    const json::value* parameters = operation->as_object().if_contains("parameters");
    if (!parameters) return out;
    const auto known = QueryValues();
    for (const json::value& p : parameters->as_array()) {
      if (p.at("in").as_string() != "query") continue;
      const std::string name(p.at("name").as_string());
      const json::object& schema = p.at("schema").as_object();
      std::vector<std::string> values;
      if (const json::value* e = schema.if_contains("enum")) {
        for (const json::value& v : e->as_array()) values.emplace_back(v.as_string());
      } else if (schema.contains("format") && schema.at("format").as_string() == "date") {
        values = {kToday.ToString(), "2026-03-15", "2025-01-01"};
      } else if (schema.at("type").as_string() == "integer" && schema.contains("minimum")) {
        const int64_t min = schema.at("minimum").to_number<int64_t>();
        values = {std::to_string(min), std::to_string(min + 1)};
        if (schema.contains("maximum")) values.push_back(std::to_string(schema.at("maximum").to_number<int64_t>()));
      } else if (known.count(name)) {
        values = known.at(name);
      } else {
        ADD_FAILURE() << route.method << " " << route.path << ": the crawl has no values for query parameter '" << name
                      << "'; add them to QueryValues()";
      }
      out.emplace_back(name, std::move(values));
    }
    return out;
  }

  struct Crawl {
    int requests = 0;
    int ok_answers = 0;
    std::set<std::string> answered;  // Route templates that answered 2xx at least once.
    std::set<size_t> seen_personnummer, seen_name, seen_in_log;
    std::set<std::pair<std::string, std::string>> routes_tried;  // (method, template).
  };

  // Checks one answer for the viewer: no canary it may not read, in the body or any header.
  // Records what it does see, and the ids the answer holds (values of `id` and `…_id` keys).
  void Inspect(const Viewer& viewer, const std::string& what, const testing::HttpReply& reply, Crawl& crawl,
               std::set<std::string>& ids) {
    ++crawl.requests;
    if (reply.status >= 200 && reply.status < 300) ++crawl.ok_answers;
    EXPECT_LT(reply.status, 500) << what << ": " << reply.body;
    std::string everything = reply.body;
    for (const auto& [name, value] : reply.headers) everything += "\n" + name + ": " + value;
    for (const auto& [i, found] : CanariesIn(everything)) {
      if (!viewer.readable.count(i)) {
        ADD_FAILURE() << "LEAK: " << (viewer.username.empty() ? "(no session)" : viewer.username) << " got canary #"
                      << i << " (" << Canaries()[i].municipality << ", " << found << ") from " << what;
        continue;
      }
      if (found.find("personnummer") != std::string::npos) crawl.seen_personnummer.insert(i);
      if (found.find("name") != std::string::npos) crawl.seen_name.insert(i);
      if (what.find("/log") != std::string::npos && reply.status == 200) crawl.seen_in_log.insert(i);
    }
    json::error_code ec;
    const json::value body = json::parse(reply.body, ec);
    if (!ec) CollectIds(body, ids);
  }

  static void CollectIds(const json::value& v, std::set<std::string>& ids) {
    if (v.is_array()) {
      for (const auto& x : v.as_array()) CollectIds(x, ids);
    } else if (v.is_object()) {
      for (const auto& [key, x] : v.as_object()) {
        const bool id_key = key == "id" || (key.size() > 3 && key.substr(key.size() - 3) == "_id");
        if (id_key && x.is_string() && !x.as_string().empty()) ids.insert(std::string(x.as_string()));
        CollectIds(x, ids);
      }
    }
  }

  // Logs in (unless the viewer has no username), crawls, logs out; returns what was seen.
  Crawl CrawlAs(const Viewer& viewer) {
    Crawl crawl;
    std::set<std::string> ids;
    std::vector<std::pair<std::string, std::string>> auth, auth_csrf;
    if (!viewer.username.empty()) {
      auto login = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/session",
                                     json::serialize(json::object{{"username", viewer.username}, {"password", kDemoPassword}}));
      Inspect(viewer, "POST /api/v1/session", login, crawl, ids);
      EXPECT_EQ(login.status, 200) << viewer.username;
      if (login.status != 200) return crawl;
      const std::string& set = login.headers.at("Set-Cookie");
      const std::string cookie = set.substr(0, set.find(';'));
      const std::string csrf(json::parse(login.body).at("csrf_token").as_string());
      auth = {{"Cookie", cookie}};
      auth_csrf = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
    }
    const std::vector<Route> routes = all_.Routes();

    // The search, with every canary's personnummer in the forms a user types.
    for (size_t i = 0; i < records_.size(); ++i) {
      const auto forms = PrintedForms(records_[i].personnummer);
      for (const std::string& form : {forms[0], forms[1], forms[3]}) {
        auto r = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/search",
                                   json::serialize(json::object{{"personnummer", form}}), auth_csrf);
        Inspect(viewer, "POST /api/v1/persons/search #" + std::to_string(i), r, crawl, ids);
      }
    }
    crawl.routes_tried.insert({"POST", "/api/v1/persons/search"});
    // The referral check stores nothing and answers only places in the text it was sent.
    auto checked = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/referrals/check",
                                     R"({"description":"Behöver råd om planering vid lång sjukskrivning."})", auth_csrf);
    Inspect(viewer, "POST /api/v1/referrals/check", checked, crawl, ids);
    crawl.routes_tried.insert({"POST", "/api/v1/referrals/check"});

    // Every GET route: those without parameters first, then those with, filled from the ids
    // found so far and the ids of every person the viewer may not read, until no new id turns up.
    std::set<std::string> foreign;
    for (size_t i = 0; i < records_.size(); ++i)
      if (!viewer.readable.count(i)) foreign.insert(records_[i].public_id);
    std::set<std::string> tried;  // Request lines already sent.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    for (int round = 0; round < 6; ++round) {
      const size_t ids_before = ids.size();
      std::set<std::string> pool = ids;
      pool.insert(foreign.begin(), foreign.end());
      for (const Route& route : routes) {
        if (route.method != "GET") continue;
        for (const std::string& path : FillPath(route, pool)) {
          for (const std::string& query : QueryVariants(route)) {
            const std::string target = path + (query.empty() ? "" : "?" + query);
            if (!tried.insert(target).second) continue;
            auto r = testing::HttpSend(port_, bhttp::verb::get, target, "", auth);
            Inspect(viewer, "GET " + target, r, crawl, ids);
            crawl.routes_tried.insert({route.method, route.path});
            if (r.status >= 200 && r.status < 300) crawl.answered.insert(route.path);
          }
        }
      }
      // Recording, with a stale If-Match so that nothing changes: no answer may leak either.
      auto stale = auth_csrf;
      stale.emplace_back("If-Match", "\"999999\"");
      for (const Route& route : routes) {
        if (route.method != "POST" || route.path != "/api/v1/persons/{id}/events") continue;
        for (const std::string& path : FillPath(route, pool)) {
          if (!tried.insert("POST " + path).second) continue;
          auto r = testing::HttpSend(port_, bhttp::verb::post, path,
                                     R"({"type":"sip_meeting_held","date":"2026-05-30","parties":["eb","fk"]})", stale);
          Inspect(viewer, "POST " + path, r, crawl, ids);
          crawl.routes_tried.insert({route.method, route.path});
        }
      }
      // The forms as PDF (issue 5 item 4): the text of a PDF, as pdftotext reads it, is inspected
      // like any body (the PDF's own streams are compressed).
      for (const Route& route : routes) {
        if (route.method != "POST" || route.path != "/api/v1/persons/{id}/forms/{form}") continue;
        for (const auto& [form, body] : FormBodies()) {
          Route filled = route;
          filled.path.replace(filled.path.find("{form}"), 6, form);
          for (const std::string& path : FillPath(filled, pool)) {
            if (!tried.insert("POST " + path).second) continue;
            auto r = testing::HttpSend(port_, bhttp::verb::post, path, body, auth_csrf);
            if (r.headers["Content-Type"] == "application/pdf") {
              testing::PdfScratch scratch;
              r.body = testing::PdfText(scratch.Write(r.body));
            }
            Inspect(viewer, "POST " + path, r, crawl, ids);
            crawl.routes_tried.insert({route.method, route.path});
          }
        }
      }
      if (ids.size() == ids_before) break;
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "the crawl as " << viewer.username << " took more than 5 minutes";
        break;
      }
    }
    if (!viewer.username.empty()) {
      auto out = testing::HttpSend(port_, bhttp::verb::delete_, "/api/v1/session", "", auth_csrf);
      Inspect(viewer, "DELETE /api/v1/session", out, crawl, ids);
      EXPECT_EQ(out.status, 204);
      crawl.routes_tried.insert({"DELETE", "/api/v1/session"});
      crawl.routes_tried.insert({"POST", "/api/v1/session"});
    }
    return crawl;
  }

  // A good body of each form (the written fields only; the case's data comes from the journal).
  static const std::vector<std::pair<std::string, std::string>>& FormBodies() {
    static const std::vector<std::pair<std::string, std::string>> bodies = {
        {"lakarunderlag",
         R"({"person_name":"Kim Prov","activities":"Arbetsträning","difficulties":"Yrsel","caseworker_name":"Eva Ek","caseworker_phone":"035-13 70 00"})"},
        {"kontaktplan",
         R"({"person_name":"Kim Prov","contact_ways":"Telefon","frequency":"Varannan vecka","next_contact":"2026-06-10","caseworker_name":"Eva Ek","caseworker_phone":"035-13 70 00"})"},
        {"remissammanfattning", R"({"caseworker_name":"Eva Ek","caseworker_phone":"035-13 70 00"})"},
    };
    return bodies;
  }

  // Every path of `route` with its `{…}` segments filled from `pool`. A parameter the crawl
  // cannot fill fails the test.
  std::vector<std::string> FillPath(const Route& route, const std::set<std::string>& pool) {
    std::vector<std::string> paths = {""};
    size_t at = 0;
    while (at < route.path.size()) {
      const size_t open = route.path.find('{', at);
      const std::string literal = route.path.substr(at, open == std::string::npos ? std::string::npos : open - at);
      for (auto& p : paths) p += literal;
      if (open == std::string::npos) break;
      const size_t close = route.path.find('}', open);
      const std::string name = route.path.substr(open + 1, close - open - 1);
      // {sip}: the SIP ids found so far and every SIP of the journal (those the viewer may not
      // see included); {number}: a SIP's versions.
      std::set<std::string> values;
      if (name == "id") {
        values = pool;
      } else if (name == "sip") {
        for (const std::string& id : pool)
          if (id.rfind("sip-", 0) == 0) values.insert(id);
        values.insert(sips_.begin(), sips_.end());
      } else if (name == "number") {
        values = {"1", "2"};
      } else if (name == "meeting_id") {  // The ids found so far (meetings' ids among them).
        values = pool;
      } else {
        ADD_FAILURE() << route.method << " " << route.path << ": the crawl cannot fill {" << name
                      << "}; teach FillPath where its values come from";
        return {};
      }
      if (values.empty()) ADD_FAILURE() << route.method << " " << route.path << ": no value to fill {" << name << "} with";
      std::vector<std::string> next;
      for (const auto& p : paths)
        for (const auto& id : values) next.push_back(p + id);
      paths = std::move(next);
      at = close + 1;
    }
    return paths;
  }

  Router all_;
  std::vector<PersonRecord> records_;
  std::vector<std::string> sips_;  // Every SIP's id.
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> variants_;
};

// Routes the crawl does not send (they change state and carry no person's data), with why.
// Every other route must be crawled, so a new route is crawled or named here.
// Those that change a person's consents would change, in the middle of the crawl, what the
// viewers may see; the route tests and the matrix check their refusals.
const std::map<std::pair<std::string, std::string>, std::string> kNotCrawled = {
    {{"POST", "/api/v1/referrals"}, "sent once by each EB user before the crawl; answers checked there"},
    {{"POST", "/api/v1/referrals/{id}/callback"}, "records a callback once; its answer is the referral the mailbox shows"},
    {{"POST", "/api/v1/referrals/{id}/link"}, "links a referral to a named case: changes state"},
    {{"POST", "/api/v1/admin/units"}, "adds a unit; no person's data"},
    {{"POST", "/api/v1/admin/users"}, "adds a user; no person's data"},
    {{"POST", "/api/v1/admin/users/{username}/disable"}, "would end the crawl's own sessions"},
    {{"POST", "/api/v1/admin/users/{username}/enable"}, "changes an account; no person's data"},
    {{"POST", "/api/v1/session/totp"}, "enrols a second factor: later logins of the crawl would need it"},
    {{"POST", "/api/v1/session/totp/confirm"}, "confirms a second factor: changes the account"},
    {{"POST", "/api/v1/persons"}, "registers a person: changes the journal the expectations come from"},
    {{"POST", "/api/v1/import"}, "stores events: changes the journal the expectations come from"},
    {{"POST", "/api/v1/persons/{id}/consents"}, "gives a consent: changes who may see the person"},
    {{"PATCH", "/api/v1/persons/{id}/consents/{consent_id}"}, "limits a consent: changes who may see the person"},
    {{"DELETE", "/api/v1/persons/{id}/consents/{consent_id}"}, "revokes a consent: changes who may see the person"},
    {{"PUT", "/api/v1/persons/{id}/assignee"}, "assigns a case: changes state"},
    {{"DELETE", "/api/v1/persons/{id}/assignee"}, "unassigns a case: changes state"},
    {{"POST", "/api/v1/contacts"}, "adds a contact of a unit: no person's data (http_knowledge_test)"},
    {{"PUT", "/api/v1/contacts/{id}"}, "changes a contact of a unit: no person's data (http_knowledge_test)"},
    {{"DELETE", "/api/v1/contacts/{id}"}, "removes a contact of a unit: no person's data (http_knowledge_test)"},
    {{"POST", "/api/v1/persons/{id}/own-account"}, "creates or resets a person's own account: changes state (http_own_test)"},
    {{"POST", "/api/v1/own/session"}, "a person's login (http_own_test); the own GET routes: APersonSeesNoOtherPerson"},
    {{"POST", "/api/v1/own/session/activate"}, "a person's first login: done for every canary in APersonSeesNoOtherPerson"},
    {{"DELETE", "/api/v1/own/session"}, "logs a person out (http_own_test)"},
    {{"DELETE", "/api/v1/own/consents/{consent_id}"}, "revokes a consent: changes who may see the person (http_own_test)"},
    {{"POST", "/api/v1/persons/{id}/sips"}, "calls a SIP: changes state (http_sip_test checks its answers)"},
    {{"POST", "/api/v1/sips/{sip}/versions"}, "saves a SIP version: changes state (http_sip_test checks its refusals)"},
    // Issue 5: meetings. Their refusals are in the matrix; what readers and the invited see, in
    // http_meeting_test.
    {{"POST", "/api/v1/persons/{id}/meetings"}, "schedules a meeting: changes state"},
    {{"PATCH", "/api/v1/meetings/{meeting_id}"}, "changes a meeting: changes state"},
    {{"POST", "/api/v1/meetings/{meeting_id}/cancel"}, "cancels a meeting: changes state"},
    {{"PUT", "/api/v1/meetings/{meeting_id}/answer"}, "answers an invitation: changes state"},
    {{"POST", "/api/v1/meetings/{meeting_id}/minutes"}, "records minutes and events: changes the journal"},
    // Questionnaires (issue 5 item 5): answers store events; a foreign person answers 404 (http_survey_test).
    {{"POST", "/api/v1/surveys/answers"}, "stores an answer: changes the journal (http_survey_test: foreign person 404)"},
    {{"POST", "/api/v1/surveys/staff/answers"}, "stores the caller's own answer; names no person"},
    // Mina sidor: a person's answer (http_own_plan_test); the own GET routes: APersonSeesNoOtherPerson.
    {{"POST", "/api/v1/own/surveys/answers"}, "stores a person's own answer (http_own_plan_test)"},
};

TEST_F(HttpLeakTest, NoRoleSeesAForeignPersonAnywhere) {
  // The canaries are distinct: no surname is part of another, and every personnummer is valid.
  for (size_t i = 0; i < Canaries().size(); ++i) {
    EXPECT_TRUE(ParsePersonnummer(records_[i].personnummer, kToday).ok());
    for (size_t j = 0; j < Canaries().size(); ++j) {
      if (i == j) continue;
      EXPECT_EQ(std::string(Canaries()[i].surname).find(Canaries()[j].surname), std::string::npos);
    }
  }
  // Anonymous referrals from both municipalities, so that the mailboxes have content and ids.
  for (const char* sender : {"eb.handlaggare", "eb.laholm"}) {
    const Login who = LogIn(sender);
    auto r = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/referrals",
                               R"({"contact_name":"Handläggare","contact_phone":"035-123 45","contact_email":"eb@example.org",)"
                               R"("description":"Behöver råd om planering vid lång sjukskrivning utan SGI."})",
                               {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
    EXPECT_EQ(r.status, 201) << sender << ": " << r.body;
    EXPECT_TRUE(CanariesIn(r.body).empty());
  }

  std::vector<std::string> usernames;
  std::set<Role> roles;
  for (const User& u : MakeDemoAccounts(6).users) {
    usernames.push_back(u.username);
    roles.insert(u.role);
  }
  usernames.insert(usernames.end(), {"eb.laholm", "fk.annan"});  // The fixture's users of other units.
  EXPECT_EQ(roles.size(), static_cast<size_t>(kRoleCount)) << "every role has a demo user";
  usernames.push_back("");  // No session at all.

  std::set<std::pair<std::string, std::string>> crawled;
  std::set<std::string> answered;
  int requests = 0;
  for (const std::string& username : usernames) {
    const Viewer viewer = username.empty() ? Viewer{} : ViewerOf(username);
    SCOPED_TRACE(username.empty() ? "(no session)" : username);
    const Crawl crawl = CrawlAs(viewer);
    requests += crawl.requests;
    crawled.insert(crawl.routes_tried.begin(), crawl.routes_tried.end());
    answered.insert(crawl.answered.begin(), crawl.answered.end());
    EXPECT_GT(crawl.ok_answers, 0);
    // What the policy allows is seen: the personnummer and the name of every readable person,
    // and the owner's log extract of every owned case.
    for (size_t i : viewer.readable) {
      EXPECT_TRUE(crawl.seen_personnummer.count(i)) << "readable canary #" << i << " never shown";
      EXPECT_TRUE(crawl.seen_name.count(i)) << "readable canary #" << i << "'s name never shown";
    }
    for (size_t i : viewer.owned) EXPECT_TRUE(crawl.seen_in_log.count(i)) << "owned canary #" << i << ": no log extract";
  }

  // The data exercise the policy: each party sees someone and misses someone.
  for (const char* username : {"eb.handlaggare", "eb.laholm", "fk.handlaggare", "fk.annan", "region.rehab",
                               "af.handlaggare", "ame.handlaggare", "sjukskoterska"}) {
    const Viewer v = ViewerOf(username);
    EXPECT_FALSE(v.readable.empty()) << username;
    EXPECT_LT(v.readable.size(), Canaries().size()) << username;
  }
  EXPECT_TRUE(ViewerOf("forbund.analys").readable.empty());
  EXPECT_TRUE(ViewerOf("admin").readable.empty());

  // Every route was crawled or is named above with its reason.
  const std::vector<Route> routes = all_.Routes();
  for (const Route& r : routes) {
    const std::pair<std::string, std::string> key{r.method, r.path};
    EXPECT_TRUE(crawled.count(key) || kNotCrawled.count(key)) << r.method << " " << r.path << " was not crawled";
    EXPECT_FALSE(crawled.count(key) && kNotCrawled.count(key)) << r.method << " " << r.path;
    // A GET route that refused everyone was not really crawled (a required parameter missing?).
    // The person's own routes answer staff 401: APersonSeesNoOtherPerson crawls them as persons.
    if (r.method == "GET" && r.path.rfind("/api/v1/own/", 0) != 0) {
      EXPECT_TRUE(answered.count(r.path)) << "GET " << r.path << " never answered 2xx to anyone";
    }
  }
  for (const auto& [route, reason] : kNotCrawled)
    EXPECT_TRUE(std::any_of(routes.begin(), routes.end(),
                            [&](const Route& r) { return r.method == route.first && r.path == route.second; }))
        << route.first << " " << route.second << " is no longer a route";
  RecordProperty("requests", requests);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

// The person's own view (issue 5 item 3): its GET routes, crawled as each canary logged in to
// their own account after staff have read every case they may: each answers 2xx and shows
// nothing of any other person (no personnummer, name or opaque id).
TEST_F(HttpLeakTest, APersonSeesNoOtherPerson) {
  for (const char* username : {"eb.handlaggare", "eb.laholm", "fk.handlaggare", "region.rehab"}) {
    const Login staff = LogIn(username);
    for (const PersonRecord& r : records_)
      (void)testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + r.public_id, "", {{"Cookie", staff.cookie}});
  }
  std::vector<std::string> own_gets;
  for (const Route& r : all_.Routes())
    if (r.method == "GET" && r.path.rfind("/api/v1/own/", 0) == 0) own_gets.push_back(r.path);
  ASSERT_FALSE(own_gets.empty());
  // Every SIP of the journal with the canary it is about.
  std::vector<std::pair<std::string, size_t>> sips;
  {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < records_.size(); ++i) {
      auto of = journal_->ListSipsOfPerson(records_[i].public_id);
      ASSERT_TRUE(of.ok());
      for (const Sip& s : *of) sips.emplace_back(s.id, i);
    }
  }
  for (size_t i = 0; i < records_.size(); ++i) {
    SCOPED_TRACE("canary #" + std::to_string(i));
    Result<IssuedOwnAccount> issued = [&] {
      std::lock_guard lock(mutex_);
      User by;
      by.id = "u-demo-eb";
      AuditEntry audit;
      audit.at = FormatUtcTimestamp(kNow);
      audit.user = by.id;
      audit.ground = "ownership";
      audit.outcome = "allowed";
      return IssueOwnAccount(*journal_, records_[i].personnummer, "", by, audit, kNow);
    }();
    ASSERT_TRUE(issued.ok());
    auto login = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/own/session/activate",
                                   json::serialize(json::object{{"personnummer", records_[i].personnummer},
                                                                {"code", issued->code},
                                                                {"password", "ett långt eget lösenord"}}));
    ASSERT_EQ(login.status, 200) << login.body;
    const std::string& set = login.headers.at("Set-Cookie");
    const std::string cookie = set.substr(0, set.find(';'));
    for (const std::string& path : own_gets) {
      // A route with a SIP id (Mina sidor's plan): every SIP of the journal and an unknown id;
      // the person's own answer 200, any other 404.
      std::vector<std::pair<std::string, int>> targets;
      if (const size_t at = path.find("{sip}"); at != std::string::npos) {
        for (const auto& [sip, owner] : sips) {
          std::string target = path;
          targets.emplace_back(target.replace(at, 5, sip), owner == i ? 200 : 404);
        }
        std::string unknown = path;
        targets.emplace_back(unknown.replace(at, 5, "sip-0000000000000000"), 404);
      } else {
        targets.emplace_back(path, 200);
      }
      for (const auto& [target, expected] : targets) {
        auto r = testing::HttpSend(port_, bhttp::verb::get, target, "", {{"Cookie", cookie}});
        EXPECT_EQ(r.status, expected) << target << ": " << r.body.substr(0, 200);
        if (r.headers["Content-Type"] == "application/pdf") {
          testing::PdfScratch scratch;
          r.body = testing::PdfText(scratch.Write(r.body));
        }
        std::map<size_t, std::string> found = CanariesIn(r.body);
        found.erase(i);
        for (const auto& [j, what] : found) ADD_FAILURE() << target << " shows canary #" << j << ": " << what;
      }
    }
  }
}

}  // namespace
}  // namespace rattvag::http
