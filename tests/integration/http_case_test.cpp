// Case work over HTTP (issue 3 items 4–5): registering a person, consent given, limited and
// revoked with immediate effect on who can read the case, the anonymous referral linked to the
// named case once the person consented to FK, and cases assigned to caseworkers ("my deadlines").
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "demo_server.hpp"
#include "http/case_routes.hpp"
#include "http/import_routes.hpp"
#include "http/person_routes.hpp"
#include "http/referral_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr int64_t kNow = 1'780'272'000 + 9 * 3600;  // Monday 2026-06-01, 09:00 UTC.
const std::string kPerson = "198503129804";         // Synthetic (serial 980).
const std::string kOther = "199001019828";

class HttpCaseTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) {
      AddPersonRoutes(router, sessions);
      AddCaseRoutes(router, sessions);
      AddReferralRoutes(router, sessions);
    });
  }

  testing::HttpReply Send(const Login& who, bhttp::verb verb, const std::string& target, const std::string& body = "") {
    return testing::HttpSend(port_, verb, target, body, {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
  }
  // Registers `pnr` as `who` and answers the case's id.
  std::string Register(const Login& who, const std::string& pnr) {
    auto r = Send(who, bhttp::verb::post, "/api/v1/persons", json::serialize(json::object{{"personnummer", pnr}}));
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return "";
    return std::string(json::parse(r.body).at("id").as_string());
  }
  std::string GiveConsent(const Login& who, const std::string& id, json::array parties, const std::string& extra = "") {
    auto r = Send(who, bhttp::verb::post, "/api/v1/persons/" + id + "/consents",
                  "{\"parties\":" + json::serialize(parties) + ",\"purpose\":\"samordnad rehabilitering\"" + extra + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return "";
    return std::string(json::parse(r.body).at("consent_id").as_string());
  }
  int Read(const Login& who, const std::string& id) {
    return testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id, "", {{"Cookie", who.cookie}}).status;
  }
  json::value Case(const Login& who, const std::string& id) {
    auto r = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id, "", {{"Cookie", who.cookie}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body) : json::value();
  }
  std::vector<std::string> EventTypes(const Login& who, const std::string& id) {
    std::vector<std::string> types;
    const json::value c = Case(who, id);
    if (!c.is_object()) return types;
    for (const auto& e : c.at("events").as_array()) types.emplace_back(e.at("type").as_string());
    return types;
  }
};

TEST_F(HttpCaseTest, TheEbUnitRegistersAPersonOfItsMunicipality) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string id = Register(eb, "19850312-9804");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(EventTypes(eb, id), (std::vector<std::string>{"eb_period_started", "target_group_identified"}));
  EXPECT_EQ(AuditCount("action = 'register_person' AND person = '" + kPerson + "' AND ground = 'ownership'"), 1);

  // Again: the unit is pointed to the case it has.
  auto again = Send(eb, bhttp::verb::post, "/api/v1/persons", R"({"personnummer":"198503129804"})");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(json::parse(again.body).at("id").as_string(), id);
  // Another municipality's unit learns no id.
  auto laholm = Send(LogIn("eb.laholm"), bhttp::verb::post, "/api/v1/persons", R"({"personnummer":"198503129804"})");
  EXPECT_EQ(laholm.status, 409);
  EXPECT_EQ(laholm.body.find(id), std::string::npos);
  EXPECT_FALSE(json::parse(laholm.body).as_object().contains("id"));
}

TEST_F(HttpCaseTest, RegistrationRefusesBadInputNamingTheField) {
  const Login eb = LogIn("eb.handlaggare");
  auto field = [&](const std::string& body) {
    auto r = Send(eb, bhttp::verb::post, "/api/v1/persons", body);
    EXPECT_EQ(r.status, 400) << body << " → " << r.body;
    return r.status == 400 ? std::string(json::parse(r.body).at("error").at("field").as_string()) : "";
  };
  EXPECT_EQ(field(R"({"personnummer":"198503129805"})"), "personnummer");  // Wrong check digit.
  EXPECT_EQ(field(R"({})"), "personnummer");
  EXPECT_EQ(field(R"({"personnummer":"198503129804","date":"2026-06-02"})"), "date");  // The future.
  EXPECT_EQ(field(R"({"personnummer":"198503129804","date":"1 juni"})"), "date");
  EXPECT_EQ(field(R"({"personnummer":"198503129804","source":"rumour"})"), "source");
  EXPECT_EQ(field(R"({"personnummer":"198503129804","eb_period_started":"2026-06-01","date":"2026-05-01"})"),
            "eb_period_started");
  EXPECT_EQ(field(R"({"personnummer":"198503129804","name":"Anna"})"), "name");
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM persons"), 0);
  // Other parties do not register persons.
  auto fk = Send(LogIn("fk.handlaggare"), bhttp::verb::post, "/api/v1/persons", R"({"personnummer":"198503129804"})");
  EXPECT_EQ(fk.status, 403);
}

TEST_F(HttpCaseTest, ConsentGivenLimitedAndRevokedTakesEffectAtOnce) {
  const Login eb = LogIn("eb.handlaggare"), fk = LogIn("fk.handlaggare"), region = LogIn("region.rehab");
  const std::string id = Register(eb, kPerson);
  EXPECT_EQ(Read(fk, id), 404);
  EXPECT_EQ(Read(region, id), 404);

  const std::string both = GiveConsent(eb, id, {"fk", "region"});
  EXPECT_EQ(Read(fk, id), 200);
  EXPECT_EQ(Read(region, id), 200);
  EXPECT_EQ(AuditCount("action = 'consent_give' AND ground = 'ownership'"), 1);

  // Widening is not a limit; the owner's limit leaves FK out from today.
  auto wider = Send(eb, bhttp::verb::patch, "/api/v1/persons/" + id + "/consents/" + both, R"({"parties":["fk","af"]})");
  EXPECT_EQ(wider.status, 400);
  EXPECT_EQ(json::parse(wider.body).at("error").at("field").as_string(), "parties");
  // FK may not limit a consent (it may only record a revocation of one that names it).
  EXPECT_EQ(Send(fk, bhttp::verb::patch, "/api/v1/persons/" + id + "/consents/" + both, R"({"parties":["fk"]})").status, 403);
  auto limited = Send(eb, bhttp::verb::patch, "/api/v1/persons/" + id + "/consents/" + both, R"({"parties":["region"]})");
  ASSERT_EQ(limited.status, 201) << limited.body;
  const std::string region_only(json::parse(limited.body).at("consent_id").as_string());
  EXPECT_EQ(json::parse(limited.body).at("replaces").as_string(), both);
  EXPECT_EQ(Read(fk, id), 404);
  EXPECT_EQ(Read(region, id), 200);

  auto consents = json::parse(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id + "/consents", "",
                                                {{"Cookie", eb.cookie}}).body);
  ASSERT_EQ(consents.at("consents").as_array().size(), 2u);
  EXPECT_FALSE(consents.at("consents").as_array()[0].at("in_force").as_bool());
  EXPECT_EQ(consents.at("consents").as_array()[1].at("purpose").as_string(), "samordnad rehabilitering");
  EXPECT_EQ(consents.at("can_see").as_array().size(), 2u);  // EB and the region.

  // The region is told by the person and records the revocation itself: its access ends now.
  auto revoked = Send(region, bhttp::verb::delete_, "/api/v1/persons/" + id + "/consents/" + region_only);
  ASSERT_EQ(revoked.status, 201) << revoked.body;
  EXPECT_EQ(Read(region, id), 404);
  EXPECT_EQ(AuditCount("action = 'consent_revoke' AND ground = 'consent:" + region_only + "'"), 1);
  // Revoking twice is a conflict for the owner.
  EXPECT_EQ(Send(eb, bhttp::verb::delete_, "/api/v1/persons/" + id + "/consents/" + region_only).status, 409);
  EXPECT_EQ(Send(eb, bhttp::verb::delete_, "/api/v1/persons/" + id + "/consents/nope").status, 404);
}

TEST_F(HttpCaseTest, AConsentWithAnEndExpiresAndALimitMayOnlyShortenIt) {
  const Login eb = LogIn("eb.handlaggare"), fk = LogIn("fk.handlaggare");
  const std::string id = Register(eb, kPerson);
  const std::string c = GiveConsent(eb, id, {"fk"}, R"(,"until":"2026-06-30")");
  EXPECT_EQ(Read(fk, id), 200);
  auto later = Send(eb, bhttp::verb::patch, "/api/v1/persons/" + id + "/consents/" + c, R"({"until":"2026-12-31"})");
  EXPECT_EQ(later.status, 400);
  EXPECT_EQ(json::parse(later.body).at("error").at("field").as_string(), "until");
  auto shorter = Send(eb, bhttp::verb::patch, "/api/v1/persons/" + id + "/consents/" + c, R"({"until":"2026-06-10"})");
  ASSERT_EQ(shorter.status, 201) << shorter.body;
  EXPECT_EQ(Read(fk, id), 200);
  now_ += 10 * 86400;  // 2026-06-11: past the end (and past the sessions' lifetime: log in again).
  EXPECT_EQ(Read(LogIn("fk.handlaggare"), id), 404);
  const Login eb_later = LogIn("eb.handlaggare");
  // Past consents cannot be given with an end before today, nor in the future.
  auto past = Send(eb_later, bhttp::verb::post, "/api/v1/persons/" + id + "/consents",
                   R"({"parties":["fk"],"purpose":"p","until":"2026-06-10"})");
  EXPECT_EQ(past.status, 400);
  auto eb_party = Send(eb_later, bhttp::verb::post, "/api/v1/persons/" + id + "/consents", R"({"parties":["eb"],"purpose":"p"})");
  EXPECT_EQ(eb_party.status, 400);
  EXPECT_EQ(json::parse(eb_party.body).at("error").at("field").as_string(), "parties");
}

TEST_F(HttpCaseTest, AReferralIsLinkedToTheNamedCaseOnlyUnderAConsentToFk) {
  const Login eb = LogIn("eb.handlaggare"), fk = LogIn("fk.handlaggare");
  const std::string id = Register(eb, kPerson);
  auto sent = Send(eb, bhttp::verb::post, "/api/v1/referrals",
                   R"({"contact_name":"Eva","contact_phone":"035-13 70 00","description":"Sjukskriven i två år utan SGI."})");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string referral(json::parse(sent.body).at("id").as_string());
  ASSERT_EQ(Send(fk, bhttp::verb::post, "/api/v1/referrals/" + referral + "/callback").status, 200);

  const std::string link = "/api/v1/referrals/" + referral + "/link";
  const std::string body = json::serialize(json::object{{"person_id", id}});
  auto anonymous = Send(eb, bhttp::verb::post, link, body);
  EXPECT_EQ(anonymous.status, 409);
  EXPECT_EQ(json::parse(anonymous.body).at("error").at("field").as_string(), "person_id");
  // Other parties and other municipalities cannot link.
  EXPECT_EQ(Send(fk, bhttp::verb::post, link, body).status, 404);
  EXPECT_EQ(Send(LogIn("eb.laholm"), bhttp::verb::post, link, body).status, 404);

  const std::string consent = GiveConsent(eb, id, {"fk"});
  auto linked = Send(eb, bhttp::verb::post, link, body);
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(json::parse(linked.body).at("person_id").as_string(), id);
  const auto types = EventTypes(eb, id);
  EXPECT_NE(std::find(types.begin(), types.end(), "fk_referral_sent"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "fk_contact_made"), types.end());
  EXPECT_EQ(Send(eb, bhttp::verb::post, link, body).status, 409);  // Once.

  // FK's mailbox names the case while the consent is in force, and nothing after.
  auto mailbox = [&] {
    auto r = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/mailbox", "", {{"Cookie", fk.cookie}});
    EXPECT_EQ(r.status, 200);
    return json::parse(r.body).at("referrals").as_array().at(0).at("person_id");
  };
  EXPECT_EQ(mailbox().as_string(), id);
  ASSERT_EQ(Send(eb, bhttp::verb::delete_, "/api/v1/persons/" + id + "/consents/" + consent).status, 201);
  EXPECT_TRUE(mailbox().is_null());
}

TEST_F(HttpCaseTest, ACallbackOfALinkedReferralGoesIntoTheCase) {
  const Login eb = LogIn("eb.handlaggare"), fk = LogIn("fk.handlaggare");
  const std::string id = Register(eb, kPerson);
  GiveConsent(eb, id, {"fk"});
  auto sent = Send(eb, bhttp::verb::post, "/api/v1/referrals",
                   R"({"contact_name":"Eva","contact_phone":"035-13 70 00","description":"Sjukskriven länge, ingen SGI."})");
  ASSERT_EQ(sent.status, 201);
  const std::string referral(json::parse(sent.body).at("id").as_string());
  ASSERT_EQ(Send(eb, bhttp::verb::post, "/api/v1/referrals/" + referral + "/link",
                 json::serialize(json::object{{"person_id", id}})).status, 200);
  auto types = EventTypes(eb, id);
  EXPECT_EQ(std::count(types.begin(), types.end(), "fk_contact_made"), 0);
  auto callback = Send(fk, bhttp::verb::post, "/api/v1/referrals/" + referral + "/callback");
  ASSERT_EQ(callback.status, 200) << callback.body;
  types = EventTypes(eb, id);
  EXPECT_EQ(std::count(types.begin(), types.end(), "fk_contact_made"), 1);
  EXPECT_EQ(AuditCount("action = 'record:fk_contact_made' AND ground LIKE 'consent:%'"), 1);
  EXPECT_EQ(Send(fk, bhttp::verb::post, "/api/v1/referrals/" + referral + "/callback").status, 409);
}

TEST_F(HttpCaseTest, MyDeadlinesAreThoseOfTheCasesAssignedToMe) {
  const Login eb = LogIn("eb.handlaggare"), kontakt = LogIn("eb.kontakt");
  const std::string first = Register(eb, kPerson), second = Register(eb, kOther);
  // A sick certificate from a month ago opens a stance deadline in each case.
  for (const std::string& id : {first, second}) {
    auto etag = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id, "", {{"Cookie", eb.cookie}})
                    .headers.at("ETag");
    auto r = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/" + id + "/events",
                               R"({"type":"sick_certificate","date":"2026-05-01","from":"2026-05-01","to":"2026-08-31","extent":100,"supports_reduced_capacity":false})",
                               {{"Cookie", eb.cookie}, {"X-CSRF-Token", eb.csrf}, {"If-Match", etag}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto worklist = [&](const Login& who, const std::string& scope) {
    auto r = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/worklist?scope=" + scope, "", {{"Cookie", who.cookie}});
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> persons;
    const json::value answer = json::parse(r.body);
    for (const auto& item : answer.at("items").as_array())
      persons.insert(std::string(item.at("person_id").as_string()));
    return persons;
  };
  EXPECT_EQ(worklist(eb, "unit"), (std::set<std::string>{first, second}));
  EXPECT_TRUE(worklist(kontakt, "mine").empty());

  auto assigned = Send(eb, bhttp::verb::put, "/api/v1/persons/" + first + "/assignee", R"({"username":"eb.kontakt"})");
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(worklist(kontakt, "mine"), (std::set<std::string>{first}));
  EXPECT_TRUE(worklist(eb, "mine").empty());
  EXPECT_EQ(Case(eb, first).at("assignee").at("username").as_string(), "eb.kontakt");
  EXPECT_TRUE(Case(eb, second).at("assignee").is_null());
  EXPECT_EQ(AuditCount("action = 'assign' AND detail = 'to eb.kontakt'"), 1);

  // Only users of the unit, and only the owner assigns.
  auto foreign = Send(eb, bhttp::verb::put, "/api/v1/persons/" + first + "/assignee", R"({"username":"eb.laholm"})");
  EXPECT_EQ(foreign.status, 400);
  EXPECT_EQ(json::parse(foreign.body).at("error").at("field").as_string(), "username");
  EXPECT_EQ(Send(eb, bhttp::verb::put, "/api/v1/persons/" + first + "/assignee", R"({"username":"fk.handlaggare"})").status, 400);
  EXPECT_EQ(Send(LogIn("eb.laholm"), bhttp::verb::put, "/api/v1/persons/" + first + "/assignee",
                 R"({"username":"eb.laholm"})").status, 404);

  ASSERT_EQ(Send(eb, bhttp::verb::delete_, "/api/v1/persons/" + first + "/assignee").status, 200);
  EXPECT_TRUE(worklist(kontakt, "mine").empty());
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/worklist?scope=all", "", {{"Cookie", eb.cookie}}).status, 400);
}

}  // namespace
}  // namespace rattvag::http

namespace rattvag::http {
namespace {

class HttpImportTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) {
      AddPersonRoutes(router, sessions);
      AddImportRoutes(router, sessions);
    });
  }
  testing::HttpReply Upload(const Login& who, const std::string& body, const std::string& query = "") {
    return testing::HttpSend(port_, bhttp::verb::post, "/api/v1/import" + query, body,
                             {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}, {"Content-Type", "application/x-ndjson"}});
  }
  static std::string Registration(const std::string& pnr, const std::string& municipality) {
    return R"({"type":"eb_period_started","person":")" + pnr + R"(","date":"2026-01-05","municipality":")" +
           municipality + "\"}\n" + R"({"type":"target_group_identified","person":")" + pnr +
           R"(","date":"2026-01-06","municipality":")" + municipality + R"(","source":"caseworker"})" + "\n";
  }
};

TEST_F(HttpImportTest, TheUnitChecksThenImportsItsOwnCases) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string file = Registration(kPerson, "1380") + Registration(kOther, "1380");
  auto check = Upload(eb, file, "?dry_run=true");
  ASSERT_EQ(check.status, 200) << check.body;
  const json::value checked = json::parse(check.body);
  EXPECT_EQ(checked.at("events_to_store").as_int64(), 4);
  EXPECT_EQ(checked.at("events_stored").as_int64(), 0);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM persons"), 0);
  EXPECT_EQ(AuditCount("action = 'import_check'"), 1);

  auto stored = Upload(eb, file);
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(json::parse(stored.body).at("events_stored").as_int64(), 4);
  EXPECT_EQ(json::parse(stored.body).at("persons").as_int64(), 2);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM persons WHERE municipality = '1380'"), 2);
  EXPECT_EQ(AuditCount("action = 'import' AND ground = 'ownership' AND person = '" + kPerson + "'"), 1);
  EXPECT_EQ(AuditCount("action = 'import_file'"), 1);
  // The same file again changes nothing (no ids: the case refuses a second open EB period).
  EXPECT_EQ(Upload(eb, file).status, 422);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM events"), 4);
}

TEST_F(HttpImportTest, EveryBadLineIsReportedAndNothingIsStored) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string file = Registration(kPerson, "1380") +
                           R"({"type":"sick_certificate","person":")" + kPerson + R"(","date":"2026-02-30"})" + "\n" +
                           "not json\n" + R"({"type":"no_such_type","person":")" + kPerson + R"(","date":"2026-02-01"})" + "\n";
  auto r = Upload(eb, file);
  ASSERT_EQ(r.status, 422) << r.body;
  const json::value answer = json::parse(r.body);
  std::set<int64_t> lines;
  for (const auto& e : answer.at("errors").as_array()) lines.insert(e.at("line").as_int64());
  EXPECT_EQ(lines, (std::set<int64_t>{3, 4, 5}));
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM events"), 0);
  EXPECT_EQ(Upload(eb, "").status, 400);
  EXPECT_EQ(Upload(eb, Registration(kPerson, "1380"), "?dry_run=maybe").status, 400);
}

TEST_F(HttpImportTest, AFileMayBeLargerThanOtherBodies) {
  const Login eb = LogIn("eb.handlaggare");
  // Over the server's 1 MiB limit for other routes (blank lines are skipped by the import).
  const std::string file = Registration(kPerson, "1380") + std::string(size_t{3} << 20, '\n');
  auto r = Upload(eb, file, "?dry_run=true");
  EXPECT_EQ(r.status, 200) << r.body;
  // Another route refuses the same length at once, from the header (the server answers before
  // the body and closes, so only the header is sent here: a client still writing would get a
  // broken pipe).
  auto other = testing::HttpSendRaw(port_, "POST /api/v1/persons/search HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " +
                                               eb.cookie + "\r\nX-CSRF-Token: " + eb.csrf + "\r\nContent-Length: " +
                                               std::to_string(file.size()) + "\r\n\r\n");
  EXPECT_EQ(other.status, 413);
  // A declared length over the import's own limit is refused before the body is read.
  auto huge = testing::HttpSendRaw(port_, "POST /api/v1/import HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + eb.cookie +
                                              "\r\nX-CSRF-Token: " + eb.csrf + "\r\nContent-Length: " +
                                              std::to_string(kImportBodyLimit + 1) + "\r\n\r\n{}");
  EXPECT_EQ(huge.status, 413);
  EXPECT_NE(huge.body.find(std::to_string(kImportBodyLimit)), std::string::npos) << huge.body;
}

TEST_F(HttpImportTest, AUnitImportsOnlyItsOwnMunicipalitysCases) {
  const Login eb = LogIn("eb.handlaggare");
  // Laholm's case, in the file of Halmstad's unit.
  auto foreign = Upload(eb, Registration(kPerson, "1381"));
  ASSERT_EQ(foreign.status, 422) << foreign.body;
  EXPECT_EQ(json::parse(foreign.body).at("errors").as_array()[0].at("field").as_string(), "municipality");
  // A person Laholm keeps cannot be added to from Halmstad, and the answer does not say whose.
  ASSERT_EQ(Upload(LogIn("eb.laholm"), Registration(kOther, "1381")).status, 200);
  const std::string addition = R"({"type":"mapping_meeting_held","person":")" + kOther + R"(","date":"2026-03-01"})" + "\n";
  auto kept = Upload(eb, addition);
  ASSERT_EQ(kept.status, 422) << kept.body;
  EXPECT_EQ(json::parse(kept.body).at("errors").as_array()[0].at("field").as_string(), "person");
  EXPECT_EQ(kept.body.find("1381"), std::string::npos);
  // Other parties do not import.
  EXPECT_EQ(Upload(LogIn("fk.handlaggare"), Registration(kPerson, "1380")).status, 403);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM events"), 2);
}

}  // namespace
}  // namespace rattvag::http
