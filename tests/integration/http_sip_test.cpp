// SIPs over HTTP (issue 5 item 1): calling a SIP, saving versions with If-Match, reading any
// version (an old one stays exactly as it was), comparing two; an invited party without consent
// sees the invitation and no personal data; field errors; the audit entries.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../unit/pdf_tools.hpp"
#include "app/import.hpp"
#include "demo_server.hpp"
#include "http/person_routes.hpp"
#include "http/sip_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr int64_t kNow = 1'780'272'000;  // 2026-06-01.

// Two persons of Halmstad: one without consent, one with a consent in force to FK and the region.
constexpr const char* kNoConsent = "198503129804";
constexpr const char* kConsent = "199001019828";
constexpr const char* kLines =
    R"({"person":"198503129804","type":"eb_period_started","date":"2025-01-05","municipality":"1380"}
{"person":"199001019828","type":"eb_period_started","date":"2025-01-05","municipality":"1380"}
{"person":"199001019828","type":"consent_given","date":"2026-01-10","consent_id":"C1","parties":["fk","region"],"purpose":"SIP"}
)";

json::object Plan() {
  return json::object{
      {"goals", json::array{json::object{{"id", "g1"}, {"text", "Jag vill orka gå till gymmet två gånger i veckan."}}}},
      {"interventions",
       json::array{json::object{{"id", "i1"},
                                {"description", "Arbetsförmågebedömning vid Arbetsmarknadscenter"},
                                {"responsible", "ame"},
                                {"contact_name", "Karin Lind"},
                                {"contact_phone", "035-13 70 00"},
                                {"start", "2026-06-10"},
                                {"end", "2026-08-31"},
                                {"status", "planned"},
                                {"goal_id", "g1"}}}},
      {"others_do", "Syster följer med till första mötet."},
      {"coordinator_name", "Eva Ek"},
      {"coordinator_party", "eb"},
      {"participants", json::array{json::object{{"name", "Den enskilde"}, {"party", nullptr}, {"role", "Den enskilde"}}}},
      {"follow_up", "2026-09-01"},
      {"person_consents", true},
      {"agreed_on", "2026-06-01"}};
}

class HttpSipTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) {
      AddSipRoutes(router, sessions);
      AddPersonRoutes(router, sessions);  // The work list, for the SIP follow-up.
    });
    auto imported = ImportJsonLines(*journal_, kLines, Date(2026, 6, 1));
    ASSERT_TRUE(imported.ok());
  }
  std::string PublicId(const char* pnr) { return (*journal_->LoadPerson(pnr))->public_id; }
  testing::HttpReply Send(const Login& who, bhttp::verb verb, const std::string& target, const std::string& body = "",
                          std::vector<std::pair<std::string, std::string>> extra = {}) {
    extra.emplace_back("Cookie", who.cookie);
    extra.emplace_back("X-CSRF-Token", who.csrf);
    return testing::HttpSend(port_, verb, target, body, extra);
  }
  testing::HttpReply Get(const Login& who, const std::string& target) {
    return testing::HttpSend(port_, bhttp::verb::get, target, "", {{"Cookie", who.cookie}});
  }
  // Calls a SIP for `pnr` as `who`; returns its id.
  std::string Call(const Login& who, const char* pnr, json::object body) {
    auto r = Send(who, bhttp::verb::post, "/api/v1/persons/" + PublicId(pnr) + "/sips", json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return "";
    return std::string(json::parse(r.body).at("id").as_string());
  }
  static std::string Field(const testing::HttpReply& r) {
    return std::string(json::parse(r.body).at("error").at("field").as_string());
  }
};

TEST_F(HttpSipTest, VersionsAreKeptAndCompared) {
  const Login eb = LogIn("eb.handlaggare");
  json::object call{{"title", "SIP kring arbete och hälsa"}, {"invited", json::array{"fk", "region", "ame"}},
                    {"comment", "Första utkastet"}};
  const std::string id = Call(eb, kConsent, call);
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(id.rfind("sip-", 0), 0u);

  // The first version is an empty draft; the second holds the agreed plan.
  auto read = Get(eb, "/api/v1/sips/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.headers.at("ETag"), "\"1\"");
  json::object plan = Plan();
  plan["comment"] = "Överenskommen på SIP-mötet";
  auto missing = Send(eb, bhttp::verb::post, "/api/v1/sips/" + id + "/versions", json::serialize(plan));
  EXPECT_EQ(missing.status, 428);
  auto saved = Send(eb, bhttp::verb::post, "/api/v1/sips/" + id + "/versions", json::serialize(plan), {{"If-Match", "\"1\""}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  EXPECT_EQ(json::parse(saved.body).at("number").as_int64(), 2);
  const std::string version1 = testing::QueryText(path_, "SELECT plan FROM sip_versions WHERE number = 1");
  const std::string created1 = testing::QueryText(path_, "SELECT created_at || comment FROM sip_versions WHERE number = 1");

  // A save on a stale read is refused with the current version; nothing is written.
  auto stale = Send(eb, bhttp::verb::post, "/api/v1/sips/" + id + "/versions", json::serialize(plan), {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.headers.at("ETag"), "\"2\"");
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM sip_versions"), 2);

  // FK (consent in force) changes an intervention's status: version 3.
  const Login fk = LogIn("fk.handlaggare");
  plan["interventions"].as_array()[0].as_object()["status"] = "ongoing";
  plan["comment"] = "Bedömningen har börjat";
  auto third = Send(fk, bhttp::verb::post, "/api/v1/sips/" + id + "/versions", json::serialize(plan), {{"If-Match", "2"}});
  ASSERT_EQ(third.status, 201) << third.body;

  // Version 1 is unchanged in storage and over the API after two newer versions.
  EXPECT_EQ(testing::QueryText(path_, "SELECT plan FROM sip_versions WHERE number = 1"), version1);
  EXPECT_EQ(testing::QueryText(path_, "SELECT created_at || comment FROM sip_versions WHERE number = 1"), created1);
  auto v1 = Get(eb, "/api/v1/sips/" + id + "/versions/1");
  ASSERT_EQ(v1.status, 200);
  EXPECT_TRUE(json::parse(v1.body).at("plan").at("goals").as_array().empty());
  EXPECT_EQ(json::parse(v1.body).at("comment").as_string(), "Första utkastet");
  // The table refuses changes: the versions are append-only.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(db, "UPDATE sip_versions SET comment = 'x' WHERE number = 1", nullptr, nullptr, nullptr), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(db, "DELETE FROM sip_versions WHERE number = 1", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  EXPECT_EQ(testing::QueryText(path_, "SELECT plan FROM sip_versions WHERE number = 1"), version1);

  // The latest with its history.
  read = Get(eb, "/api/v1/sips/" + id);
  ASSERT_EQ(read.status, 200);
  const json::value sip = json::parse(read.body);
  EXPECT_EQ(read.headers.at("ETag"), "\"3\"");
  EXPECT_EQ(sip.at("access").as_string(), "full");
  EXPECT_EQ(sip.at("person_id").as_string(), PublicId(kConsent));
  ASSERT_EQ(sip.at("versions").as_array().size(), 3u);
  EXPECT_EQ(sip.at("versions").as_array()[2].at("author_party").as_string(), "fk");
  EXPECT_EQ(sip.at("latest").at("plan").at("interventions").as_array()[0].at("status").as_string(), "ongoing");
  EXPECT_EQ(sip.at("follow_up").at("due").as_string(), "2026-09-01");

  // 2 → 3: one field of one intervention.
  auto diff = Get(eb, "/api/v1/sips/" + id + "/compare?from=2&to=3");
  ASSERT_EQ(diff.status, 200) << diff.body;
  const json::value changes_doc = json::parse(diff.body);
  const json::array& changes = changes_doc.at("changes").as_array();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].at("kind").as_string(), "changed");
  EXPECT_EQ(changes[0].at("item").as_string(), "intervention");
  EXPECT_EQ(changes[0].at("id").as_string(), "i1");
  EXPECT_EQ(changes[0].at("field").as_string(), "status");
  EXPECT_EQ(changes[0].at("before").as_string(), "Planerad");
  EXPECT_EQ(changes[0].at("after").as_string(), "Pågår");
  // 1 → 2: the goal, the intervention and the participant added, and the plan's fields set.
  auto first = Get(eb, "/api/v1/sips/" + id + "/compare?from=1&to=2");
  ASSERT_EQ(first.status, 200);
  int added = 0, changed = 0;
  const json::value first_doc = json::parse(first.body);
  for (const auto& c : first_doc.at("changes").as_array())
    (c.at("kind").as_string() == "added" ? added : changed) += 1;
  EXPECT_EQ(added, 3);
  EXPECT_EQ(changed, 5);  // others_do, coordinator_name, follow_up, person_consents, agreed_on.
  EXPECT_EQ(Get(eb, "/api/v1/sips/" + id + "/compare?from=1&to=9").status, 404);
  EXPECT_EQ(Field(Get(eb, "/api/v1/sips/" + id + "/compare?from=1")), "to");
  EXPECT_EQ(Field(Get(eb, "/api/v1/sips/" + id + "/compare?from=x&to=2")), "from");
  EXPECT_EQ(Get(eb, "/api/v1/sips/" + id + "/versions/4").status, 404);

  // The person's list.
  auto list = Get(eb, "/api/v1/persons/" + PublicId(kConsent) + "/sips");
  ASSERT_EQ(list.status, 200);
  const json::value items_doc = json::parse(list.body);
  const json::array& items = items_doc.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("latest_version").as_int64(), 3);
  EXPECT_EQ(items[0].at("agreed_on").as_string(), "2026-06-01");

  // Each read and write is in the audit log, with its ground.
  EXPECT_EQ(AuditCount("action = 'sip_call' AND ground = 'ownership' AND person = '199001019828'"), 1);
  // The refused saves (no If-Match, a stale one) wrote nothing and read nothing new.
  EXPECT_EQ(AuditCount("action = 'sip_save_version' AND ground = 'ownership'"), 1);
  EXPECT_EQ(AuditCount("action = 'sip_save_version' AND ground = 'consent:C1' AND party = 'fk'"), 1);
  EXPECT_EQ(AuditCount("action = 'compare_sip'"), 3);  // The one with a bad number was refused before.
  EXPECT_EQ(AuditCount("action = 'read_sip_version'"), 2);
  EXPECT_EQ(AuditCount("action = 'read_sips'"), 1);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

// The SIP follow-up deadline (DOMAIN.md §6) is on the EB unit's work list once a plan with EB as
// coordinator is agreed; a later draft does not move it; a plan coordinated by another party
// leaves the EB list; another municipality's EB never sees it.
TEST_F(HttpSipTest, TheAgreedPlansFollowUpIsOnTheWorkList) {
  const Login eb = LogIn("eb.handlaggare");
  auto sip_items = [&](const Login& who) {
    auto list = Get(who, "/api/v1/worklist?scope=unit&limit=500");
    EXPECT_EQ(list.status, 200) << list.body;
    std::vector<json::object> out;
    const json::value parsed = json::parse(list.body);
    for (const auto& item : parsed.at("items").as_array())
      if (item.at("kind") == "sip_follow_up") out.push_back(item.as_object());
    return out;
  };
  const std::string id = Call(eb, kConsent, json::object{{"title", "SIP kring arbete och hälsa"},
                                                         {"invited", json::array{"fk", "region"}}});
  ASSERT_FALSE(id.empty());
  EXPECT_TRUE(sip_items(eb).empty());  // A draft: nothing is due yet.

  json::object plan = Plan();
  auto saved = Send(eb, bhttp::verb::post, "/api/v1/sips/" + id + "/versions", json::serialize(plan), {{"If-Match", "1"}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  const int64_t reads_before = testing::QueryInt(path_, "SELECT count(*) FROM audit_log WHERE action = 'read_worklist'");
  auto items = sip_items(eb);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("reference"), json::value(id));
  EXPECT_EQ(items[0].at("person_id"), json::value(PublicId(kConsent)));
  EXPECT_EQ(items[0].at("personnummer"), kConsent);
  EXPECT_EQ(items[0].at("due"), plan.at("follow_up"));
  EXPECT_EQ(items[0].at("status"), "open");
  EXPECT_EQ(items[0].at("responsible"), "sip_coordinator");
  EXPECT_EQ(items[0].at("action"), json::value(ActionOf(DeadlineKind::kSipFollowUp)));
  // Listed is read: the page's read of the person is in the audit log like any other row's.
  EXPECT_GT(testing::QueryInt(path_, "SELECT count(*) FROM audit_log WHERE action = 'read_worklist'"), reads_before);
  EXPECT_TRUE(sip_items(LogIn("eb.laholm")).empty());

  // A draft after it keeps the agreed plan's date.
  json::object draft = Plan();
  draft.erase("agreed_on");
  draft["follow_up"] = "2026-07-01";
  ASSERT_EQ(Send(eb, bhttp::verb::post, "/api/v1/sips/" + id + "/versions", json::serialize(draft), {{"If-Match", "2"}}).status,
            201);
  items = sip_items(eb);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("due"), plan.at("follow_up"));

  // Agreed again with the region as coordinator: the region's, no longer on EB's list.
  json::object region = Plan();
  region["coordinator_party"] = "region";
  region["coordinator_name"] = "Ali Berg";
  ASSERT_EQ(Send(eb, bhttp::verb::post, "/api/v1/sips/" + id + "/versions", json::serialize(region), {{"If-Match", "3"}}).status,
            201);
  EXPECT_TRUE(sip_items(eb).empty());
}

TEST_F(HttpSipTest, AnInvitedPartyWithoutConsentSeesTheInvitationButNoPersonalData) {
  const Login eb = LogIn("eb.handlaggare");
  json::object call = Plan();
  call["title"] = "SIP kring arbete och hälsa";
  call["invited"] = json::array{"fk", "af"};
  const std::string id = Call(eb, kNoConsent, call);
  ASSERT_FALSE(id.empty());
  const std::string person_id = PublicId(kNoConsent);

  for (const char* user : {"fk.handlaggare", "af.handlaggare"}) {
    SCOPED_TRACE(user);
    const Login who = LogIn(user);
    auto read = Get(who, "/api/v1/sips/" + id);
    ASSERT_EQ(read.status, 200) << read.body;
    const json::object o = json::parse(read.body).as_object();
    EXPECT_EQ(o.at("access").as_string(), "invitation");
    EXPECT_EQ(o.at("title").as_string(), "SIP kring arbete och hälsa");
    EXPECT_EQ(o.at("municipality").as_string(), "1380");
    EXPECT_EQ(o.at("called_by").as_string(), "eb");
    EXPECT_EQ(o.at("called_on").as_string(), "2026-06-01");
    // No personal data: no person id, no plan, no names, no personnummer.
    EXPECT_FALSE(o.contains("person_id"));
    EXPECT_FALSE(o.contains("latest"));
    EXPECT_FALSE(o.contains("versions"));
    for (const char* secret : {kNoConsent, "19850312", person_id.c_str(), "gymmet", "Karin Lind", "Eva Ek", "Syster"})
      EXPECT_EQ(read.body.find(secret), std::string::npos) << secret;
    // The invitation list shows it, without the person.
    auto invitations = Get(who, "/api/v1/sip-invitations");
    ASSERT_EQ(invitations.status, 200);
    const json::value items_doc = json::parse(invitations.body);
    const json::array& items = items_doc.at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].at("id").as_string(), id);
    EXPECT_EQ(items[0].at("access").as_string(), "invitation");
    EXPECT_TRUE(items[0].at("person_id").is_null());
    EXPECT_EQ(invitations.body.find(kNoConsent), std::string::npos);
    // The content stays closed: versions, comparison, a new version, the person's list.
    EXPECT_EQ(Get(who, "/api/v1/sips/" + id + "/versions/1").status, 404);
    EXPECT_EQ(Get(who, "/api/v1/sips/" + id + "/compare?from=1&to=1").status, 404);
    EXPECT_EQ(Send(who, bhttp::verb::post, "/api/v1/sips/" + id + "/versions", json::serialize(Plan()), {{"If-Match", "1"}}).status,
              404);
    EXPECT_EQ(Get(who, "/api/v1/persons/" + person_id + "/sips").status, 404);
  }
  // The reads of the invitation are logged as such; the refused reads of the content as denials.
  EXPECT_EQ(AuditCount("action = 'read_sip_invitation' AND ground = 'invitation' AND outcome = 'allowed'"), 2);
  EXPECT_EQ(AuditCount("action = 'read_sip_invitations' AND ground = 'invitation'"), 2);
  EXPECT_EQ(AuditCount("action IN ('read_sip_version', 'compare_sip', 'sip_save_version') AND outcome = 'denied'"), 6);

  // Neither invited nor consented (the region), or outside the area (fk.annan): nothing at all.
  for (const char* user : {"region.rehab", "fk.annan", "eb.laholm", "forbund.analys"}) {
    SCOPED_TRACE(user);
    const Login who = LogIn(user);
    auto read = Get(who, "/api/v1/sips/" + id);
    EXPECT_EQ(read.status, 404);
    EXPECT_EQ(read.body, ErrorResponse(404, "sip", "no such SIP").body);
    auto invitations = Get(who, "/api/v1/sip-invitations");
    if (invitations.status == 200) {
      EXPECT_TRUE(json::parse(invitations.body).at("items").as_array().empty());
    } else {
      EXPECT_EQ(invitations.status, 403);  // The analyst is no party.
    }
  }

  // Under a consent the same FK user sees the plan and may open the person from the list.
  const std::string with_consent = Call(eb, kConsent, json::object{{"title", "SIP"}, {"invited", json::array{"fk"}}});
  const Login fk = LogIn("fk.handlaggare");
  auto items = json::parse(Get(fk, "/api/v1/sip-invitations").body).at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  for (const auto& item : items) {
    if (item.at("id").as_string() == with_consent) {
      EXPECT_EQ(item.at("access").as_string(), "full");
      EXPECT_EQ(item.at("person_id").as_string(), PublicId(kConsent));
    }
  }
  EXPECT_EQ(json::parse(Get(fk, "/api/v1/sips/" + with_consent).body).at("access").as_string(), "full");
}

// The renderings: the owner and a party under consent get the plan as a PDF to take home and as
// a FHIR Bundle; an invited party without consent gets neither; each is audited.
TEST_F(HttpSipTest, ThePlanPrintsAsAPdfAndExportsAsFhir) {
  const Login eb = LogIn("eb.handlaggare");
  json::object call{{"title", "SIP kring arbete och hälsa"}, {"invited", json::array{"fk", "af"}}};
  const std::string id = Call(eb, kConsent, call);
  ASSERT_FALSE(id.empty());
  json::object plan = Plan();
  plan["comment"] = "Överenskommen";
  ASSERT_EQ(Send(eb, bhttp::verb::post, "/api/v1/sips/" + id + "/versions", json::serialize(plan), {{"If-Match", "1"}}).status,
            201);

  for (const char* user : {"eb.handlaggare", "fk.handlaggare"}) {
    SCOPED_TRACE(user);
    const Login who = LogIn(user);
    auto pdf = Get(who, "/api/v1/sips/" + id + "/pdf");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.headers["Content-Type"], "application/pdf");
    EXPECT_EQ(pdf.headers["Cache-Control"], "no-store");
    EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
    testing::PdfScratch scratch;
    const std::string text = testing::PdfText(scratch.Write(pdf.body));
    EXPECT_NE(text.find("Jag vill orka gå till gymmet"), std::string::npos) << text;  // Version 2, the latest.
    EXPECT_NE(text.find("19900101-9828"), std::string::npos);
    EXPECT_NE(text.find("Sida 1 av"), std::string::npos);
    // Version 1 was an empty draft: its document has no goal.
    auto first = Get(who, "/api/v1/sips/" + id + "/pdf?version=1");
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(testing::PdfText(scratch.Write(first.body)).find("gymmet"), std::string::npos);

    auto fhir = Get(who, "/api/v1/sips/" + id + "/fhir");
    ASSERT_EQ(fhir.status, 200) << fhir.body;
    EXPECT_EQ(fhir.headers["Content-Type"].rfind("application/fhir+json", 0), 0u);
    const json::value bundle = json::parse(fhir.body);
    EXPECT_EQ(bundle.at("resourceType").as_string(), "Bundle");
    int care_plans = 0;
    for (const auto& entry : bundle.at("entry").as_array())
      if (entry.at("resource").at("resourceType").as_string() == "CarePlan") {
        ++care_plans;
        EXPECT_EQ(entry.at("resource").at("meta").at("versionId").as_string(), "2");
      }
    EXPECT_EQ(care_plans, 1);
  }
  EXPECT_EQ(AuditCount("action = 'print_sip' AND outcome = 'allowed' AND person = '" + std::string(kConsent) + "'"), 4);
  EXPECT_EQ(AuditCount("action = 'export_sip_fhir' AND outcome = 'allowed'"), 2);

  // AF is invited but not covered by the consent: the invitation only, no document, no export.
  const Login af = LogIn("af.handlaggare");
  EXPECT_EQ(Get(af, "/api/v1/sips/" + id + "/pdf").status, 404);
  EXPECT_EQ(Get(af, "/api/v1/sips/" + id + "/fhir").status, 404);
  EXPECT_EQ(Get(eb, "/api/v1/sips/" + id + "/pdf?version=9").status, 404);
  auto bad = Get(eb, "/api/v1/sips/" + id + "/fhir?version=x");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Field(bad), "version");
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

TEST_F(HttpSipTest, BadInputNamesTheField) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string target = "/api/v1/persons/" + PublicId(kNoConsent) + "/sips";
  auto post = [&](json::object body) { return Send(eb, bhttp::verb::post, target, json::serialize(body)); };
  struct Case {
    const char* what;
    std::function<void(json::object&)> change;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"no title", [](json::object& o) { o.erase("title"); }, "title"},
      {"personnummer in the title", [](json::object& o) { o["title"] = "SIP för 19850312-9804"; }, "title"},
      {"a name in the title", [](json::object& o) { o["title"] = "SIP för Anna Karlsson"; }, "title"},
      {"no party", [](json::object& o) { o["invited"] = json::array{}; }, "invited"},
      {"unknown party", [](json::object& o) { o["invited"] = json::array{"kommun"}; }, "invited[0]"},
      {"own party", [](json::object& o) { o["invited"] = json::array{"fk", "eb"}; }, "invited[1]"},
      {"unknown field", [](json::object& o) { o["personnummer"] = "198503129804"; }, "personnummer"},
      {"bad responsible",
       [](json::object& o) { o["interventions"].as_array()[0].as_object()["responsible"] = "kommun"; },
       "interventions[0].responsible"},
      {"end before start", [](json::object& o) { o["interventions"].as_array()[0].as_object()["end"] = "2026-06-01"; },
       "interventions[0].end"},
      {"bad date", [](json::object& o) { o["follow_up"] = "2026-02-30"; }, "follow_up"},
      {"blank goal", [](json::object& o) { o["goals"].as_array()[0].as_object()["text"] = " "; }, "goals[0].text"},
      {"agreed without follow-up", [](json::object& o) { o["follow_up"] = nullptr; }, "follow_up"},
      {"bad status", [](json::object& o) { o["interventions"].as_array()[0].as_object()["status"] = "klar"; },
       "interventions[0].status"},
      {"comment too long", [](json::object& o) { o["comment"] = std::string(1001, 'a'); }, "comment"},
  };
  for (const Case& c : cases) {
    json::object body = Plan();
    body["title"] = "SIP kring arbete och hälsa";
    body["invited"] = json::array{"fk"};
    c.change(body);
    auto r = post(body);
    EXPECT_EQ(r.status, 400) << c.what << ": " << r.body;
    if (r.status == 400) {
      EXPECT_EQ(Field(r), c.field) << c.what;
    }
  }
  EXPECT_EQ(Field(Send(eb, bhttp::verb::post, target, "[1]")), "body");
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM sips"), 0);
  // Without the CSRF token: refused before anything is read.
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::post, target, "{}", {{"Cookie", eb.cookie}}).status, 403);
  // A person the caller may not read: 404, logged as a denial.
  const Login laholm = LogIn("eb.laholm");
  json::object good = Plan();
  good["title"] = "SIP";
  good["invited"] = json::array{"fk"};
  EXPECT_EQ(Send(laholm, bhttp::verb::post, target, json::serialize(good)).status, 404);
  EXPECT_EQ(AuditCount("action = 'sip_call' AND outcome = 'denied'"), 1);
}


// The storage port directly: a taken version number is refused (a concurrent save), an unknown
// SIP too, and nothing of an earlier version changes.
TEST_F(HttpSipTest, TheJournalAppendsVersionsOnly) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string id = Call(eb, kConsent, json::object{{"title", "SIP"}, {"invited", json::array{"fk"}}});
  ASSERT_FALSE(id.empty());
  SipVersion v;
  v.number = 1;
  v.created_at = "2026-06-01T10:00:00.000Z";
  v.author_user_id = "u-demo-eb";
  v.author_name = "Eva";
  v.comment = "again";
  std::lock_guard lock(mutex_);
  {
    UnitOfWork work(*journal_);
    ASSERT_TRUE(work.Begin().ok());
    Status taken = journal_->AddSipVersion(id, v);
    ASSERT_FALSE(taken.ok());
    EXPECT_EQ(taken.error().field, "version");
  }
  {
    UnitOfWork work(*journal_);
    ASSERT_TRUE(work.Begin().ok());
    v.number = 2;
    Status unknown = journal_->AddSipVersion("sip-missing", v);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().field, "sip");
  }
  auto sip = journal_->FindSip(id);
  ASSERT_TRUE(sip.ok() && *sip);
  ASSERT_EQ((*sip)->versions.size(), 1u);
  EXPECT_EQ((*sip)->versions[0].comment, "");
  EXPECT_EQ((*sip)->invited, std::vector<Party>{Party::kFk});
  // Outside a transaction nothing is written.
  EXPECT_FALSE(journal_->AddSipVersion(id, v).ok());
}

}  // namespace
}  // namespace rattvag::http
