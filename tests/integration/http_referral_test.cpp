// The anonymous referral and FK's function mailbox (DOMAIN.md §3, §5.5, §6; issue 3): no
// personnummer gets in, other personal data must be confirmed, FK sees its area's referrals
// with the due day counted in Swedish working days, and the callback is recorded once.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>

#include "demo_server.hpp"
#include "http/referral_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

// Thursday 2026-04-02, before Easter: Good Friday 3 April and Easter Monday 6 April are closed,
// so the 3rd working day after is Thursday 9 April (7, 8, 9).
constexpr int64_t kMaundyThursday = 1'775'088'000;

class HttpReferralTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kMaundyThursday + 10 * 3600, [](Router& router, SessionContext& sessions) { AddReferralRoutes(router, sessions); });
  }

  testing::HttpReply Post(const Login& who, const std::string& target, const json::object& body) {
    return testing::HttpSend(port_, bhttp::verb::post, target, json::serialize(body),
                             {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
  }
  json::object Referral(const std::string& description, bool acknowledge = false) {
    json::object o{{"contact_name", "Eva Bergström"}, {"contact_phone", "035-13 70 00"}, {"description", description}};
    if (acknowledge) o["acknowledge_warnings"] = true;
    return o;
  }
  json::array Mailbox(const Login& who, int expected_status = 200) {
    auto r = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/mailbox", "", {{"Cookie", who.cookie}});
    EXPECT_EQ(r.status, expected_status) << r.body;
    if (r.status != 200) return {};
    return json::parse(r.body).at("referrals").as_array();
  }

};

TEST_F(HttpReferralTest, ReferralsWithAPersonnummerAreRefusedAndOtherPersonalDataMustBeConfirmed) {
  const Login eb = LogIn("eb.handlaggare");
  auto refused = Post(eb, "/api/v1/referrals", Referral("Gäller 850312-9804, sjukskriven sedan 2025."));
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(json::parse(refused.body).at("error").at("field").as_string(), "description");
  EXPECT_EQ(refused.body.find("850312"), std::string::npos);
  // Even with the warnings acknowledged.
  EXPECT_EQ(Post(eb, "/api/v1/referrals", Referral("Gäller 850312-9804.", true)).status, 400);

  const std::string named = "Vi har träffat Anna Svensson, 40 år, sjukskriven i två år utan SGI.";
  auto warned = Post(eb, "/api/v1/referrals", Referral(named));
  ASSERT_EQ(warned.status, 422) << warned.body;
  const auto warnings = json::parse(warned.body).at("warnings").as_array();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].at("kind").as_string(), "probable_name");
  EXPECT_EQ(named.substr(static_cast<size_t>(warnings[0].at("offset").as_int64()),
                         static_cast<size_t>(warnings[0].at("length").as_int64())),
            "Anna Svensson");
  EXPECT_EQ(Post(eb, "/api/v1/referrals", Referral(named, true)).status, 201);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM referrals"), 1);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM audit_log WHERE action = 'referral_send' AND detail LIKE '%acknowledged'"), 1);
}

// The check the web view calls while the caseworker types: the same findings as a send, and
// nothing stored or logged.
TEST_F(HttpReferralTest, TheCheckFindsWhatASendWouldRefuseOrWarnAboutAndStoresNothing) {
  const Login eb = LogIn("eb.handlaggare");
  auto check = [&](const std::string& text) {
    auto r = Post(eb, "/api/v1/referrals/check", json::object{{"description", text}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).as_object();
  };
  const auto clean = check("Sjukskriven länge utan SGI, behöver samordning.");
  EXPECT_FALSE(clean.at("refused").as_bool());
  EXPECT_TRUE(clean.at("findings").as_array().empty());
  const std::string text = "Gäller 850312-9804 och Anna Svensson.";
  const auto found = check(text);
  EXPECT_TRUE(found.at("refused").as_bool());
  const auto& findings = found.at("findings").as_array();
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].at("kind").as_string(), "personnummer");
  EXPECT_EQ(findings[0].at("severity").as_string(), "refuse");
  EXPECT_EQ(findings[1].at("kind").as_string(), "probable_name");
  EXPECT_EQ(findings[1].at("severity").as_string(), "warn");
  EXPECT_EQ(text.substr(static_cast<size_t>(findings[1].at("offset").as_int64()),
                        static_cast<size_t>(findings[1].at("length").as_int64())),
            "Anna Svensson");
  // A send of the same text is refused: the check agrees with it.
  EXPECT_EQ(Post(eb, "/api/v1/referrals", Referral(text, true)).status, 400);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM referrals"), 0);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM audit_log WHERE detail LIKE '%850312%'"), 0);
  // Bad input names the field; only EB checks.
  auto extra = Post(eb, "/api/v1/referrals/check", json::object{{"description", "x"}, {"person", "1"}});
  EXPECT_EQ(extra.status, 400);
  EXPECT_EQ(json::parse(extra.body).at("error").at("field").as_string(), "person");
  EXPECT_EQ(Post(eb, "/api/v1/referrals/check", json::object{{"description", std::string(2001, 'a')}}).status, 400);
  EXPECT_EQ(Post(eb, "/api/v1/referrals/check", json::object{}).status, 400);
  EXPECT_EQ(Post(LogIn("fk.handlaggare"), "/api/v1/referrals/check", json::object{{"description", "x"}}).status, 403);
}

TEST_F(HttpReferralTest, OnlyEbSendsAndBadFieldsAreNamed) {
  EXPECT_EQ(Post(LogIn("fk.handlaggare"), "/api/v1/referrals", Referral("En person utan SGI.")).status, 403);
  const Login eb = LogIn("eb.handlaggare");
  auto unknown = Post(eb, "/api/v1/referrals", json::object{{"contact_name", "E"}, {"description", "x"}, {"person", "1"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(json::parse(unknown.body).at("error").at("field").as_string(), "person");
  auto no_contact = Post(eb, "/api/v1/referrals", json::object{{"contact_name", "E"}, {"description", "Utan SGI."}});
  EXPECT_EQ(json::parse(no_contact.body).at("error").at("field").as_string(), "contact_phone");
  auto long_text = Post(eb, "/api/v1/referrals", Referral(std::string(2001, 'a')));
  EXPECT_EQ(json::parse(long_text.body).at("error").at("field").as_string(), "description");
}

TEST_F(HttpReferralTest, FkSeesItsAreasMailboxWithWorkingDayDueDatesAndCallsBackOnce) {
  const Login eb = LogIn("eb.handlaggare");
  auto sent = Post(eb, "/api/v1/referrals", Referral("Nollplacerad sedan tre år, behöver råd om sjukpenning."));
  ASSERT_EQ(sent.status, 201) << sent.body;
  const json::value referral = json::parse(sent.body);
  EXPECT_EQ(referral.at("municipality").as_string(), "1380");
  EXPECT_EQ(referral.at("sent_on").as_string(), "2026-04-02");
  EXPECT_EQ(referral.at("callback_due").as_string(), "2026-04-09");  // Over Easter.
  EXPECT_EQ(referral.at("working_days_left").as_int64(), 3);          // 7, 8 and 9 April.
  const std::string id(referral.at("id").as_string());

  Login fk = LogIn("fk.handlaggare");
  auto box = Mailbox(fk);
  ASSERT_EQ(box.size(), 1u);
  EXPECT_EQ(box[0].at("status").as_string(), "open");
  EXPECT_EQ(box[0].at("contact").at("name").as_string(), "Eva Bergström");
  EXPECT_TRUE(Mailbox(LogIn("fk.annan")).empty());   // Another förbund's FK office.
  EXPECT_TRUE(Mailbox(LogIn("eb.laholm")).empty());  // Another municipality's EB.
  EXPECT_EQ(Mailbox(eb).size(), 1u);                  // The sender's unit follows it.
  Mailbox(LogIn("region.rehab"), 403);

  now_ += 7 * 86400;  // Thursday 9 April: due today, still open (a new day, a new login).
  fk = LogIn("fk.handlaggare");
  EXPECT_EQ(Mailbox(fk)[0].at("status").as_string(), "open");
  EXPECT_EQ(Mailbox(fk)[0].at("working_days_left").as_int64(), 0);
  now_ += 86400;      // Friday 10 April: overdue.
  fk = LogIn("fk.handlaggare");
  EXPECT_EQ(Mailbox(fk)[0].at("status").as_string(), "overdue");
  EXPECT_EQ(Mailbox(fk)[0].at("working_days_left").as_int64(), -1);

  EXPECT_EQ(Post(LogIn("fk.annan"), "/api/v1/referrals/" + id + "/callback", {}).status, 404);
  EXPECT_EQ(Post(LogIn("eb.handlaggare"), "/api/v1/referrals/" + id + "/callback", {}).status, 404);
  auto called = Post(fk, "/api/v1/referrals/" + id + "/callback", {});
  ASSERT_EQ(called.status, 200) << called.body;
  EXPECT_EQ(json::parse(called.body).at("called_back_on").as_string(), "2026-04-10");
  EXPECT_EQ(Post(fk, "/api/v1/referrals/" + id + "/callback", {}).status, 409);
  EXPECT_EQ(Mailbox(fk)[0].at("status").as_string(), "called_back");
  EXPECT_TRUE(Mailbox(fk)[0].at("working_days_left").is_null());
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM audit_log WHERE action = 'referral_callback'"), 1);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

}  // namespace
}  // namespace rattvag::http
