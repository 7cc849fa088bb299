// The FHIR R4 exports over HTTP (issue 5 item 7, docs/FHIR.md): the person's consents as a Bundle
// of Consent resources, read exactly like the consents (every role against persons with each kind
// of consent, a refusal like a missing person, every request audited, no-store, no personnummer
// in the export); and the SIP export function the lead wires to the SIP route, on hand-made SIPs.
// tests/fhir validates the FHIR itself against the R4 schema and FHIR.js.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/import.hpp"
#include "demo_server.hpp"
#include "http/case_routes.hpp"
#include "http/fhir_routes.hpp"
#include "http/person_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr int64_t kNow = 1'780'272'000;  // 2026-06-01 00:00 UTC.

// Halmstad (1380, the demo EB unit's): without consent, in force (FK, region), revoked, expired,
// and one in force with two consents; Burlöv (1231, served by the demo FK office and region):
// in force.
struct Person {
  const char* pnr;
  const char* municipality;
  const char* consents;  // Lines after the registration, or "".
  bool in_force;         // A consent naming FK and the region is in force on 2026-06-01.
};
const Person kPersons[] = {
    {"198503129804", "1380", "", false},
    {"199001019828", "1380",
     R"({"type":"consent_given","date":"2026-01-10","consent_id":"C1","parties":["fk","region"],"purpose":"samordning"})",
     true},
    {"198001019804", "1380",
     R"({"type":"consent_given","date":"2026-01-10","consent_id":"C1","parties":["fk","region"],"purpose":"p"}
{"type":"consent_revoked","date":"2026-05-01","consent_id":"C1"})",
     false},
    {"197505059803", "1380",
     R"({"type":"consent_given","date":"2025-01-10","consent_id":"C1","parties":["fk","region"],"purpose":"p","until":"2026-05-31"})",
     false},
    {"197007079804", "1231",
     R"({"type":"consent_given","date":"2026-01-10","consent_id":"C1","parties":["fk","region"],"purpose":"p"})", true},
};

std::string JournalLines() {
  std::string out;
  for (const Person& p : kPersons) {
    const std::string head = std::string(R"({"person":")") + p.pnr + "\",";
    out += head + R"("type":"eb_period_started","date":"2025-01-05","municipality":")" + p.municipality + "\"}\n";
    out += head + R"("type":"target_group_identified","date":"2025-01-06","municipality":")" + p.municipality +
           R"(","source":"caseworker"})" "\n";
    const std::string consents = p.consents;
    for (size_t start = 0; start < consents.size();) {
      const size_t end = std::min(consents.find('\n', start), consents.size());
      out += head + consents.substr(start + 1, end - start - 1) + "\n";
      start = end + 1;
    }
  }
  return out;
}

class HttpFhirTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) {
      AddPersonRoutes(router, sessions);
      AddCaseRoutes(router, sessions);
      AddFhirRoutes(router, sessions);
    });
    auto imported = ImportJsonLines(*journal_, JournalLines(), Date(2026, 6, 1));
    ASSERT_TRUE(imported.ok()) << imported.errors[0].line << ": " << imported.errors[0].error.ToString();
  }
  std::string IdOf(const char* pnr) { return (*journal_->LoadPerson(pnr))->public_id; }
  testing::HttpReply Export(const Login& who, const std::string& id) {
    return testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id + "/consents/fhir", "",
                             {{"Cookie", who.cookie}});
  }
};

// The Consent resources of a bundle, in order.
std::vector<json::object> Consents(const json::value& bundle) {
  std::vector<json::object> out;
  for (const auto& e : bundle.at("entry").as_array()) out.push_back(e.at("resource").as_object());
  return out;
}

TEST_F(HttpFhirTest, TheOwnerExportsTheConsentsAsFhir) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string id = IdOf("199001019828");
  auto r = Export(eb, id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers.at("Content-Type").rfind("application/fhir+json", 0), 0u) << r.headers.at("Content-Type");
  EXPECT_EQ(r.headers.at("Cache-Control"), "no-store");
  EXPECT_NE(r.headers.at("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(r.body.find("199001019828"), std::string::npos) << "the export carries no personnummer";
  const json::value bundle = json::parse(r.body);
  EXPECT_EQ(bundle.at("resourceType").as_string(), "Bundle");
  EXPECT_EQ(bundle.at("type").as_string(), "collection");
  EXPECT_EQ(bundle.at("timestamp").as_string(), "2026-06-01T00:00:00.000Z");
  const auto consents = Consents(bundle);
  ASSERT_EQ(consents.size(), 1u);
  const json::object& c = consents[0];
  EXPECT_EQ(c.at("resourceType").as_string(), "Consent");
  EXPECT_EQ(c.at("id").as_string(), "C1");
  EXPECT_EQ(c.at("status").as_string(), "active");
  EXPECT_EQ(c.at("patient").at("reference").as_string(), "Patient/" + id);
  EXPECT_EQ(c.at("dateTime").as_string(), "2026-01-10");
  EXPECT_EQ(c.at("provision").at("period").at("start").as_string(), "2026-01-10");
  EXPECT_FALSE(c.at("provision").at("period").as_object().contains("end"));
  const auto& actors = c.at("provision").at("actor").as_array();
  ASSERT_EQ(actors.size(), 2u);
  EXPECT_EQ(actors[0].at("reference").at("display").as_string(), "Försäkringskassan");
  EXPECT_EQ(actors[1].at("reference").at("display").as_string(), "Regionen (vården)");
  EXPECT_NE(std::string(c.at("organization").as_array()[0].at("display").as_string()).find("Halmstad"), std::string::npos);
  EXPECT_NE(std::string(c.at("text").at("div").as_string()).find("Syfte: samordning"), std::string::npos);
  EXPECT_EQ(AuditCount("action = 'export_consents_fhir' AND person = '199001019828' AND outcome = 'allowed' AND "
                       "user_id = 'u-demo-eb' AND ground = 'ownership'"),
            1);
}

TEST_F(HttpFhirTest, StatusFollowsRevocationAndEndDateAsOfToday) {
  const Login eb = LogIn("eb.handlaggare");
  auto revoked = Export(eb, IdOf("198001019804"));
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(Consents(json::parse(revoked.body))[0].at("status").as_string(), "inactive");
  auto expired = Export(eb, IdOf("197505059803"));
  ASSERT_EQ(expired.status, 200) << expired.body;
  const json::object c = Consents(json::parse(expired.body))[0];
  EXPECT_EQ(c.at("status").as_string(), "inactive");
  EXPECT_EQ(c.at("provision").at("period").at("end").as_string(), "2026-05-31");
  // The day before the end date it was in force: the same journal read on 2026-05-31.
  now_ = kNow - 86400;
  auto before = Export(eb, IdOf("197505059803"));
  EXPECT_EQ(Consents(json::parse(before.body))[0].at("status").as_string(), "active");
  auto none = Export(eb, IdOf("198503129804"));
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(json::parse(none.body).at("entry").as_array().empty());
}

TEST_F(HttpFhirTest, EveryRoleReadsItExactlyAsTheConsents) {
  const std::string not_found = ErrorResponse(404, "person", "no such person").body;
  int checked = 0;
  for (const User& user : MakeDemoAccounts(6).users) {
    const Login who = LogIn(user.username);
    for (const Person& p : kPersons) {
      SCOPED_TRACE(user.username + " / " + p.pnr);
      const std::string id = IdOf(p.pnr);
      // DOMAIN.md §3: the EB unit of Halmstad owns Halmstad's persons; FK and the region read
      // under a consent in force naming them; nobody else.
      const std::optional<Party> party = PartyOf(user.role);
      const bool read = (party == Party::kEb && std::string(p.municipality) == "1380") ||
                        ((party == Party::kFk || party == Party::kRegion) && p.in_force);
      auto plain = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id + "/consents", "",
                                     {{"Cookie", who.cookie}});
      auto fhir = Export(who, id);
      EXPECT_EQ(fhir.status, read ? 200 : 404);
      EXPECT_EQ(fhir.status, plain.status);
      if (!read) {
        EXPECT_EQ(fhir.body, not_found);
      } else {
        EXPECT_EQ(Consents(json::parse(fhir.body)).size(), json::parse(plain.body).at("consents").as_array().size());
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 10 * 5);
  // Every request was logged, the refusals too, each under the person it asked about.
  EXPECT_EQ(AuditCount("action = 'export_consents_fhir'"), 50);
  EXPECT_EQ(AuditCount("action = 'export_consents_fhir' AND outcome = 'denied' AND person <> ''"),
            AuditCount("action = 'export_consents_fhir'") -
                AuditCount("action = 'export_consents_fhir' AND outcome = 'allowed'"));
  // A disclosure under consent is logged as one.
  EXPECT_GT(AuditCount("action = 'export_consents_fhir' AND ground = 'consent:C1' AND detail LIKE 'utlämnande%'"), 0);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

TEST_F(HttpFhirTest, UnknownPersonAndNoSession) {
  const Login eb = LogIn("eb.handlaggare");
  auto missing = Export(eb, "00000000000000000000000000000000");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, ErrorResponse(404, "person", "no such person").body);
  auto anonymous = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + IdOf("199001019828") + "/consents/fhir");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(AuditCount("action = 'export_consents_fhir' AND person = '199001019828'"), 0);
}

// ---- The SIP export (wired to a route by the lead) --------------------------------------------

Sip HandMadeSip() {
  Sip sip;
  sip.id = "sip-00ff";
  sip.person_public_id = "8f14e45fceea167a5a36dedd4bea2543";
  sip.municipality = "1380";
  sip.called_on = Date(2026, 5, 4);
  sip.title = "SIP kring arbete och hälsa";
  SipVersion v1;
  v1.number = 1;
  v1.created_at = "2026-05-04T09:00:00Z";
  v1.author_name = "Eva Bergström";
  v1.plan.goals = {{"g1", "Jag vill kunna gå ut med hunden varje dag"}};
  v1.plan.interventions = {{"i1", "Samtal med arbetsterapeut", Party::kRegion, "Rut Rehab", "", Date(2026, 5, 10),
                            std::nullopt, InterventionStatus::kOngoing, std::string("g1")}};
  SipVersion v2 = v1;
  v2.number = 2;
  v2.created_at = "2026-05-20T09:00:00Z";
  v2.plan.agreed_on = Date(2026, 5, 20);
  v2.plan.person_consents = true;
  sip.versions = {v1, v2};
  return sip;
}

const json::object& Resource(const json::value& bundle, std::string_view type) {
  for (const auto& e : bundle.at("entry").as_array())
    if (e.at("resource").at("resourceType").as_string() == type) return e.at("resource").as_object();
  static const json::object kNone;
  return kNone;
}

TEST(SipFhirAnswer, LatestVersionByDefaultAndAnyVersionOnRequest) {
  const Sip sip = HandMadeSip();
  Response latest = SipFhirAnswer(sip, std::nullopt, std::nullopt, kNow);
  ASSERT_EQ(latest.status, 200) << latest.body;
  EXPECT_EQ(latest.content_type.rfind("application/fhir+json", 0), 0u);
  const json::value bundle = json::parse(latest.body);
  EXPECT_EQ(bundle.at("timestamp").as_string(), "2026-06-01T00:00:00.000Z");
  const json::object& plan = Resource(bundle, "CarePlan");
  EXPECT_EQ(plan.at("meta").at("versionId").as_string(), "2");
  EXPECT_EQ(plan.at("status").as_string(), "active");
  EXPECT_EQ(plan.at("subject").at("reference").as_string(), "Patient/8f14e45fceea167a5a36dedd4bea2543");
  EXPECT_TRUE(Resource(bundle, "Patient").empty()) << "no Patient without identity";
  EXPECT_EQ(Resource(bundle, "Goal").at("description").at("text").as_string(), "Jag vill kunna gå ut med hunden varje dag");

  Response first = SipFhirAnswer(sip, 1, std::nullopt, kNow);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Resource(json::parse(first.body), "CarePlan").at("status").as_string(), "draft");
  EXPECT_EQ(Resource(json::parse(first.body), "Goal").at("lifecycleStatus").as_string(), "proposed");
}

TEST(SipFhirAnswer, ThePatientOnlyWithIdentity) {
  const Sip sip = HandMadeSip();
  Response without = SipFhirAnswer(sip, std::nullopt, std::nullopt, kNow);
  EXPECT_EQ(without.body.find("191212129983"), std::string::npos);
  Response with = SipFhirAnswer(sip, std::nullopt, fhir::PatientIdentity{"191212129983", "Test Testsson"}, kNow);
  ASSERT_EQ(with.status, 200) << with.body;
  const json::value bundle = json::parse(with.body);
  const json::object& patient = Resource(bundle, "Patient");
  ASSERT_FALSE(patient.empty());
  EXPECT_EQ(patient.at("id").as_string(), "8f14e45fceea167a5a36dedd4bea2543");
  EXPECT_EQ(patient.at("identifier").as_array()[0].at("system").as_string(), "urn:oid:1.2.752.129.2.1.3.1");
  EXPECT_EQ(patient.at("identifier").as_array()[0].at("value").as_string(), "191212129983");
  // Exactly once: in the identifier, nowhere else (not in an id, a fullUrl or a reference).
  EXPECT_EQ(with.body.find("191212129983"), with.body.rfind("191212129983"));
}

TEST(SipFhirAnswer, MissingVersionIs404NamingTheVersion) {
  Sip sip = HandMadeSip();
  Response r = SipFhirAnswer(sip, 7, std::nullopt, kNow);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(json::parse(r.body).at("error").at("field").as_string(), "version");
  sip.versions.clear();
  Response none = SipFhirAnswer(sip, std::nullopt, std::nullopt, kNow);
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(json::parse(none.body).at("error").at("field").as_string(), "version");
}

}  // namespace
}  // namespace rattvag::http
