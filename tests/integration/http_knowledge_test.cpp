// The Kunskapsbank over HTTP (issue 4, view 9): the method as the domain describes it, for every
// logged-in user; the contact list, read by everyone and kept by administrators (CSRF, field
// errors, audit); and the demo's synthetic contacts.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "demo_server.hpp"
#include "domain/method.hpp"
#include "http/knowledge_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr int64_t kNow = 1'780'272'000;  // 2026-06-01.

class HttpKnowledgeTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) { AddKnowledgeRoutes(router, sessions); });
  }
  testing::HttpReply Send(const Login& who, bhttp::verb verb, const std::string& target, const std::string& body = "") {
    return testing::HttpSend(port_, verb, target, body, {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
  }
  testing::HttpReply Get(const Login& who, const std::string& target) {
    return testing::HttpSend(port_, bhttp::verb::get, target, "", {{"Cookie", who.cookie}});
  }
  static json::object GoodContact() {
    return {{"party", "fk"},
            {"name", "FK:s funktionsbrevlåda, samordnad rehabilitering"},
            {"mailbox", "samordning@fk.example.se"},
            {"phone", "070-174 06 10"},
            {"note", "Ringer upp inom tre arbetsdagar"}};
  }
  static std::string Field(const testing::HttpReply& reply) {
    return std::string(json::parse(reply.body).at("error").at("field").as_string());
  }
};

TEST_F(HttpKnowledgeTest, TheMethodIsTheDomainsDescriptionForEveryLoggedInUser) {
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/method").status, 401);
  const MethodDescription expected = DescribeMethod(RuleOn(DefaultEligibilityRules(), Date(2026, 6, 1)));
  for (const char* user : {"eb.handlaggare", "fk.handlaggare", "forbund.analys", "admin"}) {
    SCOPED_TRACE(user);
    auto reply = Get(LogIn(user), "/api/v1/method");
    ASSERT_EQ(reply.status, 200) << reply.body;
    const json::object m = json::parse(reply.body).as_object();
    const auto& steps = m.at("steps").as_array();
    ASSERT_EQ(steps.size(), expected.steps.size());
    for (size_t i = 0; i < steps.size(); ++i) {
      EXPECT_EQ(steps[i].at("step").as_string(), Name(expected.steps[i].step));
      EXPECT_EQ(steps[i].at("title").as_string(), SwedishName(expected.steps[i].step));
    }
    const auto& transitions = m.at("transitions").as_array();
    ASSERT_EQ(transitions.size(), static_cast<size_t>(kEventTypeCount));
    for (size_t i = 0; i < transitions.size(); ++i) {
      const auto type = static_cast<EventType>(i);
      const json::value& t = transitions[i];
      EXPECT_EQ(t.at("event").as_string(), Name(type));
      // The step: StepOf of the case projection, and the exit for the EB period's end.
      const Step to = type == EventType::kEbPeriodEnded ? Step::kExited : StepOf(type);
      if (to == Step::kNone) {
        EXPECT_TRUE(t.at("to").is_null());
      } else {
        EXPECT_EQ(t.at("to").as_string(), Name(to));
      }
      std::vector<std::string> parties;
      for (const auto& p : t.at("recorded_by").as_array()) parties.emplace_back(p.as_string());
      for (int p = 0; p < kPartyCount; ++p) {
        const bool listed = std::find(parties.begin(), parties.end(), Name(static_cast<Party>(p))) != parties.end();
        EXPECT_EQ(listed, RecordableBy(static_cast<Party>(p), type)) << Name(type);
      }
    }
    EXPECT_EQ(m.at("directions").as_array().size(), static_cast<size_t>(kDirectionCount));
    const auto& deadlines = m.at("deadlines").as_array();
    ASSERT_EQ(deadlines.size(), static_cast<size_t>(kDeadlineKindCount));
    for (size_t i = 0; i < deadlines.size(); ++i) {
      const auto kind = static_cast<DeadlineKind>(i);
      EXPECT_EQ(deadlines[i].at("kind").as_string(), Name(kind));
      EXPECT_EQ(deadlines[i].at("responsible").as_string(), Name(ResponsibleOf(kind)));
      EXPECT_EQ(deadlines[i].at("action").as_string(), ActionOf(kind));
    }
  }
  EXPECT_EQ(Get(LogIn("eb.handlaggare"), "/api/v1/method?x=1").status, 400);
}

TEST_F(HttpKnowledgeTest, AdministratorsKeepTheContactListEveryoneReadsIt) {
  const Login admin = LogIn("admin");
  const Login eb = LogIn("eb.handlaggare");
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/contacts").status, 401);
  auto empty = Get(eb, "/api/v1/contacts");
  ASSERT_EQ(empty.status, 200);
  EXPECT_TRUE(json::parse(empty.body).at("contacts").as_array().empty());
  EXPECT_FALSE(json::parse(empty.body).at("editable").as_bool());
  EXPECT_TRUE(json::parse(Get(admin, "/api/v1/contacts").body).at("editable").as_bool());

  // Others may not change it; nor may an administrator without the CSRF token.
  EXPECT_EQ(Send(eb, bhttp::verb::post, "/api/v1/contacts", json::serialize(GoodContact())).status, 403);
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::post, "/api/v1/contacts", json::serialize(GoodContact()),
                              {{"Cookie", admin.cookie}})
                .status,
            403);

  // Bad fields are refused, naming the field.
  auto bad = GoodContact();
  bad["mailbox"] = "samordning-at-fk";
  auto refused = Send(admin, bhttp::verb::post, "/api/v1/contacts", json::serialize(bad));
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Field(refused), "mailbox");
  bad = GoodContact();
  bad["phone"] = "ring växeln";
  EXPECT_EQ(Field(Send(admin, bhttp::verb::post, "/api/v1/contacts", json::serialize(bad))), "phone");
  bad = GoodContact();
  bad["homepage"] = "x";
  EXPECT_EQ(Field(Send(admin, bhttp::verb::post, "/api/v1/contacts", json::serialize(bad))), "homepage");
  bad = GoodContact();
  bad["party"] = 3;
  EXPECT_EQ(Field(Send(admin, bhttp::verb::post, "/api/v1/contacts", json::serialize(bad))), "party");
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::post, "/api/v1/contacts", "party=fk",
                              {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}, {"Content-Type", "text/plain"}})
                .status,
            415);
  EXPECT_EQ(AuditCount("action LIKE 'contact_%'"), 0);

  // Added, listed for everyone, replaced, removed; each change in the audit log.
  auto added = Send(admin, bhttp::verb::post, "/api/v1/contacts", json::serialize(GoodContact()));
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string id(json::parse(added.body).at("id").as_string());
  auto listed = json::parse(Get(LogIn("fk.handlaggare"), "/api/v1/contacts").body).at("contacts").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("mailbox").as_string(), "samordning@fk.example.se");
  auto changed = GoodContact();
  changed["mailbox"] = "  rehab@fk.example.se ";  // Trimmed.
  changed["municipality"] = "1380";
  auto put = Send(admin, bhttp::verb::put, "/api/v1/contacts/" + id, json::serialize(changed));
  ASSERT_EQ(put.status, 200) << put.body;
  listed = json::parse(Get(eb, "/api/v1/contacts").body).at("contacts").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("mailbox").as_string(), "rehab@fk.example.se");
  EXPECT_EQ(listed[0].at("municipality").as_string(), "1380");
  EXPECT_EQ(Send(eb, bhttp::verb::put, "/api/v1/contacts/" + id, json::serialize(changed)).status, 403);
  EXPECT_EQ(Send(admin, bhttp::verb::put, "/api/v1/contacts/k-nope", json::serialize(changed)).status, 404);
  EXPECT_EQ(Send(eb, bhttp::verb::delete_, "/api/v1/contacts/" + id).status, 403);
  EXPECT_EQ(Send(admin, bhttp::verb::delete_, "/api/v1/contacts/" + id).status, 200);
  EXPECT_EQ(Send(admin, bhttp::verb::delete_, "/api/v1/contacts/" + id).status, 404);
  EXPECT_TRUE(json::parse(Get(eb, "/api/v1/contacts").body).at("contacts").as_array().empty());
  EXPECT_EQ(AuditCount("action = 'contact_add' AND user_id = 'u-demo-admin'"), 1);
  EXPECT_EQ(AuditCount("action = 'contact_update' AND detail LIKE '%" + id + "%'"), 1);
  EXPECT_EQ(AuditCount("action = 'contact_delete' AND detail LIKE '%" + id + "%FK:s funktionsbrevlåda%'"), 1);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

// `rattvag demo --users` seeds synthetic contacts: fictional phone numbers (PTS reserves
// 070-1740605–070-1740699 for fiction) and example.se addresses only.
TEST(DemoContacts, AreSyntheticAndValid) {
  testing::TempDir dir;
  const std::string db = dir.File("demo.db");
  ASSERT_EQ(testing::RunRattvag("demo --db " + db + " --persons 5 --users").exit_code, 0);
  auto journal = OpenSqliteJournal(db);
  ASSERT_TRUE(journal.ok());
  auto contacts = (*journal)->ListContacts();
  ASSERT_TRUE(contacts.ok());
  ASSERT_GE(contacts->size(), 6u);
  std::set<std::string> parties;
  for (const Contact& c : *contacts) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(ValidateContact(c).empty());
    parties.insert(c.party);
    if (!c.phone.empty()) {
      std::string digits;
      for (char ch : c.phone)
        if (ch >= '0' && ch <= '9') digits += ch;
      EXPECT_EQ(digits.substr(0, 8), "07017406");
      EXPECT_GE(std::stoi(digits.substr(8)), 5);
    }
    for (const std::string* address : {&c.mailbox, &c.email})
      if (!address->empty()) {
        EXPECT_EQ(address->substr(address->size() - 11), ".example.se") << *address;
      }
  }
  for (const char* party : {"eb", "fk", "region", "af", "ame", "nurse", "forbund"}) EXPECT_TRUE(parties.count(party)) << party;
}

}  // namespace
}  // namespace rattvag::http
