// A person's case over HTTP (issue 3): who may find and read whom, the 404 that says nothing,
// consent given and revoked with immediate effect, no personnummer in any URL, and an audit
// entry for every attempt.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <thread>

#include "app/import.hpp"
#include "demo_server.hpp"
#include "http/person_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

// 2026-06-01 00:00 UTC.
constexpr int64_t kNow = 1'780'272'000;

// Anna (Halmstad, 1380) consented to FK; Bo (Halmstad) to nobody; Cecilia (Laholm, 1381) to FK.
constexpr const char* kAnna = "198503129804";
constexpr const char* kBo = "199001019828";
constexpr const char* kCecilia = "19850372-9819";  // A samordningsnummer.
const char* kJournal = R"({"type":"eb_period_started","person":"198503129804","date":"2025-01-10","municipality":"1380"}
{"type":"target_group_identified","person":"198503129804","date":"2025-02-01","municipality":"1380","source":"caseworker"}
{"type":"consent_given","person":"198503129804","date":"2025-02-10","consent_id":"C1","parties":["fk"],"purpose":"samordnad rehabilitering"}
{"type":"eb_period_started","person":"199001019828","date":"2025-03-01","municipality":"1380"}
{"type":"target_group_identified","person":"199001019828","date":"2025-03-05","municipality":"1380","source":"application"}
{"type":"eb_period_started","person":"198503729819","date":"2025-04-01","municipality":"1381"}
{"type":"target_group_identified","person":"198503729819","date":"2025-04-02","municipality":"1381","source":"mapping"}
{"type":"consent_given","person":"198503729819","date":"2025-04-03","consent_id":"C1","parties":["fk","region"],"purpose":"samordnad rehabilitering"}
)";

class HttpPersonTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) { AddPersonRoutes(router, sessions); });
    auto imported = ImportJsonLines(*journal_, kJournal, Date(2026, 6, 1));
    ASSERT_TRUE(imported.ok()) << imported.errors[0].line << ": " << imported.errors[0].error.ToString();
  }

  testing::HttpReply Search(const Login& who, const std::string& personnummer) {
    return testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/search",
                             json::serialize(json::object{{"personnummer", personnummer}}),
                             {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
  }
  testing::HttpReply Read(const Login& who, const std::string& id) {
    return testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id, "", {{"Cookie", who.cookie}});
  }
  // The id of a person, found by the EB caseworker of the person's municipality's side.
  std::string IdOf(const char* personnummer) {
    auto record = journal_->LoadPerson(personnummer);
    EXPECT_TRUE(record.ok() && record->has_value());
    return (*record)->public_id;
  }
  int64_t Audit(const std::string& where) { return AuditCount(where); }
};

TEST_F(HttpPersonTest, WhoMayFindAndReadWhom) {
  struct Case {
    const char* username;
    bool anna, bo, cecilia;
  };
  // Written from DOMAIN.md §3: EB Halmstad owns Anna and Bo; FK (serving the six) sees Anna
  // and Cecilia by consent; the region sees Cecilia by consent; the others see nobody.
  const Case cases[] = {
      {"eb.handlaggare", true, true, false}, {"eb.kontakt", true, true, false}, {"eb.chef", true, true, false},
      {"fk.handlaggare", true, false, true}, {"region.rehab", false, false, true}, {"af.handlaggare", false, false, false},
      {"ame.handlaggare", false, false, false}, {"sjukskoterska", false, false, false},
      {"forbund.analys", false, false, false}, {"admin", false, false, false}, {"fk.annan", false, false, false},
  };
  const std::string missing_body = ErrorResponse(404, "person", "no such person").body;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.username);
    const Login who = LogIn(c.username);
    for (const auto& [pnr, allowed] : {std::pair{kAnna, c.anna}, std::pair{kBo, c.bo}, std::pair{kCecilia, c.cecilia}}) {
      SCOPED_TRACE(pnr);
      const std::string id = IdOf(std::string(pnr).size() == 13 ? "198503729819" : pnr);
      auto found = Search(who, pnr);
      auto read = Read(who, id);
      if (allowed) {
        ASSERT_EQ(found.status, 200) << found.body;
        EXPECT_EQ(json::parse(found.body).at("id").as_string(), id);
        EXPECT_EQ(read.status, 200);
        EXPECT_NE(read.body.find("\"person\""), std::string::npos);
      } else {
        // Exactly like a person who does not exist.
        EXPECT_EQ(found.status, 404);
        EXPECT_EQ(found.body, missing_body);
        EXPECT_EQ(read.status, 404);
        EXPECT_EQ(read.body, missing_body);
      }
    }
    auto nobody = Search(who, "19121212-1212");
    EXPECT_EQ(nobody.status, 404);
    EXPECT_EQ(nobody.body, missing_body);
    EXPECT_EQ(Read(who, "0123456789abcdef0123456789abcdef").body, missing_body);
  }
  // Every attempt is in the log: 11 users × (3 persons × 2 + 2 unknown).
  EXPECT_EQ(Audit("action IN ('search_person', 'read_person')"), 11 * 8);
  EXPECT_EQ(Audit("action = 'read_person' AND user_id = 'u-demo-fk' AND ground = 'consent:C1' AND "
                  "detail = 'utlämnande till fk' AND person = '198503129804'"),
            1);
  EXPECT_EQ(Audit("user_id = 'u-demo-eb' AND ground = 'ownership' AND outcome = 'allowed'"), 4);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

TEST_F(HttpPersonTest, ARevokedConsentCutsAccessAtOnce) {
  const Login fk = LogIn("fk.handlaggare");
  const std::string anna = IdOf(kAnna);
  ASSERT_EQ(Read(fk, anna).status, 200);
  auto revoked = ImportJsonLines(*journal_, R"({"type":"consent_revoked","person":"198503129804","date":"2026-06-01","consent_id":"C1"})",
                                 Date(2026, 6, 1));
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(Read(fk, anna).status, 404);
  EXPECT_EQ(Search(fk, kAnna).status, 404);
  EXPECT_EQ(Read(LogIn("eb.handlaggare"), anna).status, 200);  // The owner still sees it.
}

TEST_F(HttpPersonTest, NoLoginNoCsrfNoBadNumbers) {
  const std::string anna = IdOf(kAnna);
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + anna).status, 401);
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/search", R"({"personnummer":"198503129804"})").status, 401);
  const Login eb = LogIn("eb.handlaggare");
  auto no_csrf = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/search", R"({"personnummer":"198503129804"})",
                                   {{"Cookie", eb.cookie}});
  EXPECT_EQ(no_csrf.status, 403);
  auto bad = Search(eb, "198503129805");  // Wrong check digit.
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("field").as_string(), "personnummer");
  EXPECT_EQ(bad.body.find("198503129805"), std::string::npos);  // Never repeated.
  auto extra = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/search",
                                 R"({"personnummer":"198503129804","name":"x"})", {{"Cookie", eb.cookie}, {"X-CSRF-Token", eb.csrf}});
  EXPECT_EQ(extra.status, 400);
  // Every accepted form finds the same id; the id is opaque (not the personnummer, not a count).
  for (const char* form : {"198503129804", "19850312-9804", "850312-9804", "8503129804"}) {
    auto r = Search(eb, form);
    ASSERT_EQ(r.status, 200) << form;
    EXPECT_EQ(json::parse(r.body).at("id").as_string(), anna);
  }
  EXPECT_EQ(anna.size(), 32u);
  EXPECT_EQ(anna.find("850312"), std::string::npos);
  // Person data is never cached.
  EXPECT_EQ(Read(eb, anna).headers.at("Cache-Control"), "no-store");
}

}  // namespace
}  // namespace rattvag::http

namespace rattvag::http {
namespace {

class HttpRecordTest : public HttpPersonTest {
 protected:
  testing::HttpReply Record(const Login& who, const std::string& id, const std::string& event,
                            std::optional<std::string> if_match) {
    std::vector<std::pair<std::string, std::string>> headers = {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}};
    if (if_match) headers.emplace_back("If-Match", *if_match);
    return testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/" + id + "/events", event, headers);
  }
  std::string ETagOf(const Login& who, const std::string& id) { return Read(who, id).headers["ETag"]; }
};

TEST_F(HttpRecordTest, TheOwnerRecordsWithTheCasesETagAndAStaleOneConflicts) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string anna = IdOf(kAnna);
  const std::string etag = ETagOf(eb, anna);
  EXPECT_EQ(etag, "\"3\"");
  const std::string certificate =
      R"({"type":"sick_certificate","date":"2026-05-20","from":"2026-05-20","to":"2026-07-31","extent":100,"supports_reduced_capacity":true})";
  auto stored = Record(eb, anna, certificate, etag);
  ASSERT_EQ(stored.status, 201) << stored.body;
  EXPECT_EQ(stored.headers["ETag"], "\"4\"");
  // The same ETag again: someone (we) changed the case since.
  auto stale = Record(eb, anna, R"({"type":"mapping_meeting_held","date":"2026-05-25"})", etag);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.headers["ETag"], "\"4\"");
  EXPECT_EQ(Record(eb, anna, R"({"type":"mapping_meeting_held","date":"2026-05-25"})", std::nullopt).status, 428);
  EXPECT_EQ(Record(eb, anna, R"({"type":"mapping_meeting_held","date":"2026-05-25"})", "\"4\"").status, 201);
  // The case now shows the certificate, and the deadline of a stance.
  auto read = Read(eb, anna);
  EXPECT_NE(read.body.find("sick_certificate"), std::string::npos);
  EXPECT_EQ(Audit("action = 'record:sick_certificate' AND outcome = 'allowed' AND ground = 'ownership'"), 1);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

// What the web application's case view draws (issue 4): SGI, EB periods, the sick-leave spells
// with their stance due date and the stance taken, referrals, consents, each deadline's action.
TEST_F(HttpRecordTest, TheCaseGivesItsSpellsPeriodsConsentsAndDeadlineActions) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string anna = IdOf(kAnna);
  json::object before = json::parse(Read(eb, anna).body).as_object();
  EXPECT_TRUE(before.at("sgi").is_null());
  EXPECT_EQ(before.at("registered").as_string(), "2025-02-01");
  EXPECT_EQ(before.at("municipality_name").as_string(), "Halmstad");
  ASSERT_EQ(before.at("eb_periods").as_array().size(), 1u);
  EXPECT_EQ(before.at("eb_periods").as_array()[0].at("start").as_string(), "2025-01-10");
  EXPECT_TRUE(before.at("eb_periods").as_array()[0].at("end").is_null());
  ASSERT_EQ(before.at("consents").as_array().size(), 1u);
  EXPECT_EQ(before.at("consents").as_array()[0].at("parties").as_array()[0].as_string(), "fk");
  EXPECT_TRUE(before.at("consents").as_array()[0].at("active").as_bool());
  EXPECT_TRUE(before.at("spells").as_array().empty());

  // Two certificates without a gap form one spell; its stance is due two months after its start.
  std::string etag = ETagOf(eb, anna);
  for (const char* event :
       {R"({"type":"sick_certificate","date":"2026-04-02","from":"2026-03-31","to":"2026-04-30","extent":50,"supports_reduced_capacity":true})",
        R"({"type":"sick_certificate","date":"2026-05-01","from":"2026-05-01","to":"2026-06-30","extent":100,"supports_reduced_capacity":true})",
        R"({"type":"sgi_checked","date":"2026-05-02","sgi":"zero"})",
        R"({"type":"fk_referral_sent","date":"2026-05-04","referral_id":"R1"})"}) {
    auto r = Record(eb, anna, event, etag);
    ASSERT_EQ(r.status, 201) << r.body;
    etag = r.headers["ETag"];
  }
  json::object after = json::parse(Read(eb, anna).body).as_object();
  EXPECT_EQ(after.at("sgi").as_string(), "zero");
  ASSERT_EQ(after.at("spells").as_array().size(), 1u);
  const json::object& spell = after.at("spells").as_array()[0].as_object();
  EXPECT_EQ(spell.at("start").as_string(), "2026-03-31");
  EXPECT_EQ(spell.at("end").as_string(), "2026-06-30");
  EXPECT_EQ(spell.at("certificates").as_int64(), 2);
  EXPECT_EQ(spell.at("max_extent").as_int64(), 100);
  EXPECT_EQ(spell.at("stance_due").as_string(), "2026-05-31");  // March 31 + 2 months.
  EXPECT_TRUE(spell.at("stance_date").is_null());
  ASSERT_EQ(after.at("referrals").as_array().size(), 1u);
  EXPECT_EQ(after.at("referrals").as_array()[0].at("referral_id").as_string(), "R1");
  EXPECT_TRUE(after.at("referrals").as_array()[0].at("contacted").is_null());
  bool stance_deadline = false;
  for (const auto& d : after.at("deadlines").as_array())
    if (d.at("kind").as_string() == "stance") {
      stance_deadline = true;
      EXPECT_EQ(d.at("status").as_string(), "overdue");
      EXPECT_FALSE(d.at("action").as_string().empty());
    }
  EXPECT_TRUE(stance_deadline);

  auto taken = Record(eb, anna, R"({"type":"stance_taken","date":"2026-06-01","direction":"sip"})", etag);
  ASSERT_EQ(taken.status, 201) << taken.body;
  json::object last = json::parse(Read(eb, anna).body).as_object();
  EXPECT_EQ(last.at("spells").as_array()[0].at("stance_date").as_string(), "2026-06-01");
  EXPECT_EQ(last.at("spells").as_array()[0].at("stance_direction").as_string(), "sip");
}

TEST_F(HttpRecordTest, BadEventsNameTheFieldAndStoreNothing) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string anna = IdOf(kAnna);
  struct Case {
    std::string event, field;
  };
  const Case cases[] = {
      {R"({"type":"sick_certificate","date":"2026-05-20","from":"2026-05-20","to":"2026-05-01","extent":100,"supports_reduced_capacity":true})", "to"},
      {R"({"type":"sick_certificate","date":"2026-05-20","from":"2026-05-20","to":"2026-06-01","extent":30,"supports_reduced_capacity":true})", "extent"},
      {R"({"type":"stance_taken","date":"2026-05-20","direction":"later"})", "direction"},
      {R"({"type":"fk_contact_made","date":"2026-05-20","referral_id":"R9"})", "referral_id"},  // No such referral.
      {R"({"type":"consent_given","date":"2026-05-20","consent_id":"C1","parties":["af"],"purpose":"x"})", "consent_id"},  // Taken.
      {R"({"type":"mapping_meeting_held","date":"2026-05-20","person":"198503129804"})", "person"},
      {R"({"type":"no_such_type","date":"2026-05-20"})", "type"},
      {R"([1])", "body"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.event);
    auto r = Record(eb, anna, c.event, "\"3\"");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(json::parse(r.body).at("error").at("field").as_string(), c.field) << r.body;
  }
  EXPECT_EQ(ETagOf(eb, anna), "\"3\"");
}

TEST_F(HttpRecordTest, OtherPartiesRecordTheirOwnTypesUnderConsentOnly) {
  const Login fk = LogIn("fk.handlaggare");
  const std::string anna = IdOf(kAnna);
  const std::string bo = IdOf(kBo);
  // FK under Anna's consent: its own coordination, yes; the EB's stance, no (403: it may read).
  EXPECT_EQ(Record(fk, anna, R"({"type":"fk_coordination_started","date":"2026-05-28"})", "\"3\"").status, 201);
  auto stance = Record(fk, anna, R"({"type":"stance_taken","date":"2026-05-28","direction":"sip"})", "\"4\"");
  EXPECT_EQ(stance.status, 403);
  EXPECT_EQ(json::parse(stance.body).at("error").at("field").as_string(), "type");
  // Bo has not consented: FK cannot even tell he exists.
  auto hidden = Record(fk, bo, R"({"type":"fk_coordination_started","date":"2026-05-28"})", "\"2\"");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.body, ErrorResponse(404, "person", "no such person").body);
  EXPECT_EQ(Audit("action = 'record:fk_coordination_started' AND ground = 'consent:C1' AND outcome = 'allowed'"), 1);
  EXPECT_EQ(Audit("action = 'record:stance_taken' AND outcome = 'denied'"), 1);
  EXPECT_EQ(Audit("action = 'record' AND outcome = 'denied' AND person = '199001019828'"), 1);
}

}  // namespace
}  // namespace rattvag::http

namespace rattvag::http {
namespace {

class HttpWorkTest : public HttpPersonTest {
 protected:
  void SetUp() override {
    HttpPersonTest::SetUp();
    // Anna: a certificate from 1 May to 31 August 2026, so a stance is due by 1 July and the
    // certificate runs out (reminder 7 days before: 24 August); both open on 1 June.
    // Bo: a referral on Monday 25 May not called back: due Thursday 28 May, overdue on 1 June.
    auto more = ImportJsonLines(*journal_, R"({"type":"sick_certificate","person":"198503129804","date":"2026-05-01","from":"2026-05-01","to":"2026-08-31","extent":100,"supports_reduced_capacity":true}
{"type":"fk_referral_sent","person":"199001019828","date":"2026-05-25","referral_id":"R1"}
)", Date(2026, 6, 1));
    ASSERT_TRUE(more.ok()) << more.errors[0].error.ToString();
  }
  testing::HttpReply Get(const Login& who, const std::string& target) {
    return testing::HttpSend(port_, bhttp::verb::get, target, "", {{"Cookie", who.cookie}});
  }
};

TEST_F(HttpWorkTest, TheWorkListShowsTheUnitsDeadlinesMostUrgentFirstAndLogsEachPerson) {
  const Login eb = LogIn("eb.handlaggare");
  auto list = Get(eb, "/api/v1/worklist");
  ASSERT_EQ(list.status, 200) << list.body;
  const json::value body = json::parse(list.body);
  ASSERT_EQ(body.at("total").as_int64(), 3);
  const auto& items = body.at("items").as_array();
  // Overdue first: Bo's FK callback, then Anna's stance, then her certificate reminder.
  EXPECT_EQ(items[0].at("personnummer").as_string(), kBo);
  EXPECT_EQ(items[0].at("kind").as_string(), "fk_callback");
  EXPECT_EQ(items[0].at("due").as_string(), "2026-05-28");
  EXPECT_EQ(items[0].at("status").as_string(), "overdue");
  EXPECT_EQ(items[1].at("personnummer").as_string(), kAnna);
  EXPECT_EQ(items[1].at("kind").as_string(), "stance");
  EXPECT_EQ(items[1].at("due").as_string(), "2026-07-01");
  EXPECT_EQ(items[1].at("person_id").as_string(), IdOf(kAnna));
  EXPECT_EQ(items[2].at("kind").as_string(), "certificate_running_out");
  EXPECT_EQ(items[2].at("due").as_string(), "2026-08-24");
  EXPECT_EQ(Audit("action = 'read_worklist'"), 2);  // Two persons on the page, each logged once.
  // The page is written directly: exactly what serializing its parsed value gives (members in
  // this order, nothing else), and each item has these members in this order.
  EXPECT_EQ(list.body, json::serialize(body));
  std::vector<std::string> members;
  for (const auto& member : body.as_object()) members.emplace_back(member.key());
  EXPECT_EQ(members, (std::vector<std::string>{"as_of", "scope", "total", "offset", "items"}));
  for (const auto& item : items) {
    members.clear();
    for (const auto& member : item.as_object()) members.emplace_back(member.key());
    EXPECT_EQ(members, (std::vector<std::string>{"person_id", "personnummer", "kind", "responsible", "due", "status",
                                                 "reference", "action"}));
  }

  auto page = json::parse(Get(eb, "/api/v1/worklist?limit=1&offset=1").body);
  ASSERT_EQ(page.at("items").as_array().size(), 1u);
  EXPECT_EQ(page.at("items").as_array()[0].at("personnummer").as_string(), kAnna);
  EXPECT_EQ(page.at("total").as_int64(), 3);
  auto bad = Get(eb, "/api/v1/worklist?sort=name");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("field").as_string(), "sort");
  EXPECT_EQ(Get(eb, "/api/v1/worklist?limit=0").status, 400);
  EXPECT_EQ(Get(LogIn("fk.handlaggare"), "/api/v1/worklist").status, 403);
  auto laholm = json::parse(Get(LogIn("eb.laholm"), "/api/v1/worklist").body);
  EXPECT_EQ(laholm.at("total").as_int64(), 0);  // Halmstad's persons are not Laholm's work.
  EXPECT_EQ(laholm.at("items").as_array().size(), 0u);
  const auto beyond = Get(eb, "/api/v1/worklist?offset=5");
  EXPECT_EQ(beyond.body, json::serialize(json::parse(beyond.body)));
  EXPECT_EQ(json::parse(beyond.body).at("items").as_array().size(), 0u);
}

TEST_F(HttpWorkTest, TheLogExtractListsEveryAccessAndIsTheOwnersToGive) {
  const std::string anna = IdOf(kAnna);
  const Login fk = LogIn("fk.handlaggare");
  ASSERT_EQ(Read(fk, anna).status, 200);  // A disclosure under Anna's consent.
  const Login eb = LogIn("eb.handlaggare");
  auto extract = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + anna + "/log", "", {{"Cookie", eb.cookie}});
  ASSERT_EQ(extract.status, 200) << extract.body;
  const auto entries = json::parse(extract.body).at("entries").as_array();
  bool disclosure = false, own_read = false;
  for (const auto& e : entries) {
    if (e.at("user").as_string() == "u-demo-fk" && e.at("ground").as_string() == "consent:C1") {
      disclosure = true;
      // Named for the person who reads the extract, with the disclosure said.
      auto user = journal_->FindUserById("u-demo-fk");
      ASSERT_TRUE(user.ok() && user->has_value());
      EXPECT_EQ(e.at("user_name").as_string(), (*user)->user.display_name);
      auto unit = journal_->FindUnit((*user)->user.unit_id);
      ASSERT_TRUE(unit.ok() && unit->has_value());
      EXPECT_EQ(e.at("unit_name").as_string(), (*unit)->name);
      EXPECT_EQ(e.at("detail").as_string(), "utlämnande till fk");
    }
    if (e.at("action").as_string() == "read_log" && e.at("user").as_string() == "u-demo-eb") own_read = true;
  }
  EXPECT_TRUE(disclosure);
  EXPECT_TRUE(own_read);  // Reading the log is logged before it is read.
  auto html = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + anna + "/log?format=html", "", {{"Cookie", eb.cookie}});
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.headers["Content-Type"], "text/html; charset=utf-8");
  EXPECT_NE(html.body.find("<h1>Loggutdrag</h1>"), std::string::npos);
  EXPECT_NE(html.body.find("19850312-9804"), std::string::npos);
  EXPECT_EQ(html.body.find("<script"), std::string::npos);
  EXPECT_NE(html.body.find("utlämnande till fk"), std::string::npos);
  // FK may read the case under the consent, but the extract is the owner's to give.
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + anna + "/log", "", {{"Cookie", fk.cookie}}).status, 404);
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + anna + "/log?format=pdf", "", {{"Cookie", eb.cookie}}).status, 400);
}

}  // namespace
}  // namespace rattvag::http

namespace rattvag::http {
namespace {

// Issue 3: readers in parallel with a revocation never get data once the revocation has
// committed. Four FK readers read Anna's case while the owner revokes her consent through the
// API; a read that starts after the revocation's 201 must answer 404. Bounded: 150 reads each.
TEST_F(HttpRecordTest, NoReadAfterARevocationHasCommitted) {
  const std::string anna = IdOf(kAnna);
  std::vector<Login> readers;
  for (int i = 0; i < 4; ++i) readers.push_back(LogIn("fk.handlaggare"));
  const Login eb = LogIn("eb.handlaggare");
  std::atomic<bool> revoked{false};
  std::atomic<int> allowed_before{0}, allowed_after{0}, denied_after{0};
  std::vector<std::thread> threads;
  for (const Login& reader : readers) {
    threads.emplace_back([&, reader] {
      for (int i = 0; i < 150; ++i) {
        const bool after = revoked.load();
        const int status = Read(reader, anna).status;
        if (after && status == 200) ++allowed_after;
        if (after && status == 404) ++denied_after;
        if (!after && status == 200) ++allowed_before;
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (allowed_before.load() < 20 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();  // The readers are going (bounded wait).
  EXPECT_GE(allowed_before.load(), 20);
  auto r = Record(eb, anna, R"({"type":"consent_revoked","date":"2026-06-01","consent_id":"C1"})", "\"3\"");
  revoked = true;
  for (auto& t : threads) t.join();  // Joined before any assertion can end the test.
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(allowed_after.load(), 0);
  EXPECT_GT(denied_after.load(), 0);  // Reads went on after the revocation, and were refused.
}

}  // namespace
}  // namespace rattvag::http
