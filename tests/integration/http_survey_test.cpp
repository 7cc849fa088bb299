// Questionnaires over HTTP (issue 5 item 5): paper answers entered by staff (anonymous ones
// stored without the person, the participant survey only after an avstämningsmöte, another
// municipality's person answered like a missing one), the staff member's own answer, the audit
// entries, and the results with their figures worked out by hand from what the test entered.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/import.hpp"
#include "demo_server.hpp"
#include "http/person_routes.hpp"
#include "http/survey_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr int64_t kNow = 1'780'272'000;  // 2026-06-01.

// Halmstad: 198503129804 had an avstämningsmöte on 2025-03-01, 199001019828 none. Laholm:
// 196003049811.
std::string JournalLines() {
  std::string out;
  auto person = [&](const std::string& p, const std::string& m) {
    out += R"({"type":"eb_period_started","person":")" + p + R"(","date":"2025-01-05","municipality":")" + m + "\"}\n";
    out += R"({"type":"target_group_identified","person":")" + p + R"(","date":"2025-01-06","municipality":")" + m +
           R"(","source":"caseworker"})" "\n";
  };
  person("198503129804", "1380");
  person("199001019828", "1380");
  person("196003049811", "1381");
  out += R"({"type":"avstamningsmote_held","person":"198503129804","date":"2025-03-01","parties":["fk","eb"]})" "\n";
  return out;
}

class HttpSurveyTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) {
      AddSurveyRoutes(router, sessions);
      AddPersonRoutes(router, sessions);  // The case's event route, which refuses survey answers.
    });
    auto imported = ImportJsonLines(*journal_, JournalLines(), Date(2026, 6, 1));
    ASSERT_TRUE(imported.ok()) << imported.errors[0].line << ": " << imported.errors[0].error.ToString();
  }
  testing::HttpReply Post(const Login& who, const std::string& target, const std::string& body) {
    return testing::HttpSend(port_, bhttp::verb::post, target, body, {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
  }
  testing::HttpReply Get(const Login& who, const std::string& target) {
    return testing::HttpSend(port_, bhttp::verb::get, target, "", {{"Cookie", who.cookie}});
  }
  static std::string FieldOf(const testing::HttpReply& r) {
    return std::string(json::parse(r.body).at("error").at("field").as_string());
  }
  int64_t Count(const std::string& sql) { return testing::QueryInt(path_, sql); }
};

TEST_F(HttpSurveyTest, DefinitionsNeedASession) {
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/surveys").status, 401);
  const auto r = Get(LogIn("sjukskoterska"), "/api/v1/surveys");
  ASSERT_EQ(r.status, 200);
  const json::value doc = json::parse(r.body);
  ASSERT_EQ(doc.at("surveys").as_array().size(), 3u);
  EXPECT_EQ(doc.at("surveys").at(2).at("questions").at(0).at("target").as_double(), 0.7);
  EXPECT_EQ(doc.at("surveys").at(0).at("questions").at(0).at("options").at(1).at("label").as_string(),
            "För tidigt att avgöra");
}

TEST_F(HttpSurveyTest, PaperAnswersAreStoredAnonymouslyWhereTheSurveySays) {
  const Login eb = LogIn("eb.handlaggare");  // Halmstad's EB unit.
  // Indikatorer naming a person: the person places the answer in Halmstad and is not stored.
  auto r = Post(eb, "/api/v1/surveys/answers",
                R"({"survey":"indikatorer","date":"2026-05-20","person":"19850312-9804","answers":{"more_ready":true,"great_use":false}})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(json::parse(r.body).at("anonymous").as_bool());
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE type = 'survey_answered' AND person_id IS NULL AND body LIKE "
                  "'%\"municipality\":\"1380\"%' AND body NOT LIKE '%198503129804%'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE type = 'survey_answered' AND person_id IS NOT NULL"), 0);
  // The participant survey keeps the person, who had an avstämningsmöte before the answer.
  r = Post(eb, "/api/v1/surveys/answers",
           R"({"survey":"participant","date":"2026-05-20","person":"198503129804","answers":{"planning":"good","cooperation":"yes"}})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(json::parse(r.body).at("anonymous").as_bool());
  EXPECT_EQ(Count("SELECT count(*) FROM events e JOIN persons p ON p.id = e.person_id WHERE e.type = "
                  "'survey_answered' AND p.personnummer = '198503129804'"),
            1);
  // Each entry is in the audit log: the named ones with the person.
  EXPECT_EQ(AuditCount("action = 'record:survey_answered' AND person = '198503129804' AND outcome = 'allowed'"), 2);
  // Without a person: placed in the caller's municipality, logged without a person.
  r = Post(eb, "/api/v1/surveys/answers", R"({"survey":"staff","answers":{"contact":"neither"}})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(AuditCount("action = 'record:survey_answered' AND ground = 'anonymous'"), 1);
}

// The case's event route does not take questionnaire answers: it would store an anonymous
// survey's answer with the person and skip the check of who may answer.
TEST_F(HttpSurveyTest, TheCasesEventRouteRefusesSurveyAnswers) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string id = (*journal_->LoadPerson("198503129804"))->public_id;
  const int64_t events_before = Count("SELECT count(*) FROM events");
  for (const char* survey : {"indikatorer", "participant"}) {
    const std::string answers =
        std::string(survey) == "indikatorer" ? R"({"more_ready":true})" : R"({"planning":"good"})";
    auto r = Post(eb, "/api/v1/persons/" + id + "/events",
                  std::string(R"({"type":"survey_answered","date":"2026-05-20","survey":")") + survey +
                      R"(","answers":)" + answers + "}");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(FieldOf(r), "type");
    EXPECT_NE(r.body.find("/api/v1/surveys/answers"), std::string::npos) << r.body;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM events"), events_before);
}

TEST_F(HttpSurveyTest, BadPaperAnswersNameTheirField) {
  const Login eb = LogIn("eb.handlaggare");
  struct Case {
    const char* body;
    int status;
    const char* field;
  };
  const Case cases[] = {
      {R"({"survey":"participant","answers":{"planning":"great"}})", 400, "answers.planning"},
      {R"({"survey":"participant","answers":{"contact":"good"}})", 400, "answers.contact"},
      {R"({"survey":"indikatorer","answers":{"more_ready":"ja"}})", 400, "answers.more_ready"},
      {R"({"survey":"staff","answers":{}})", 400, "answers"},
      {R"({"survey":"everyone","answers":{"contact":"good"}})", 400, "survey"},
      {R"({"answers":{"contact":"good"}})", 400, "survey"},
      {R"({"survey":"staff","answers":{"contact":"good"},"colour":"red"})", 400, "colour"},
      {R"({"survey":"staff","answers":{"contact":"good"},"date":"2027-01-01"})", 400, "date"},
      {R"({"survey":"staff","answers":{"contact":"good"},"date":"1 maj"})", 400, "date"},
      {R"({"survey":"staff","answers":{"contact":"good"},"municipality":"1381"})", 403, "municipality"},
      {R"({"survey":"staff","answers":{"contact":"good"},"person":"198503129804","municipality":"1380"})", 400,
       "municipality"},
      {R"({"survey":"staff","answers":{"contact":"good"},"person":"19850312-9805"})", 400, "person"},
      // A participant without an avstämningsmöte by the answer's date.
      {R"({"survey":"participant","answers":{"planning":"good"},"person":"199001019828"})", 400, "person"},
      {R"({"survey":"participant","answers":{"planning":"good"},"person":"198503129804","date":"2025-02-28"})", 400,
       "person"},
      // Another municipality's person, and one not registered: the same 404.
      {R"({"survey":"participant","answers":{"planning":"good"},"person":"196003049811"})", 404, "person"},
      {R"({"survey":"participant","answers":{"planning":"good"},"person":"197505059803"})", 404, "person"},
      {"[]", 400, "body"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    const auto r = Post(eb, "/api/v1/surveys/answers", c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    if (r.status == c.status) {
      EXPECT_EQ(FieldOf(r), c.field) << r.body;
    }
  }
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE type = 'survey_answered'"), 0);
  // The refused look at Laholm's person is logged as denied.
  EXPECT_EQ(AuditCount("action = 'record:survey_answered' AND person = '196003049811' AND outcome = 'denied'"), 1);
  // A write without the CSRF token is refused.
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::post, "/api/v1/surveys/answers",
                              R"({"survey":"staff","answers":{"contact":"good"}})", {{"Cookie", eb.cookie}})
                .status,
            403);
}

TEST_F(HttpSurveyTest, StaffAnswerTheStaffSurveyThemselves) {
  auto r = Post(LogIn("eb.handlaggare"), "/api/v1/surveys/staff/answers", R"({"answers":{"contact":"good"}})");
  ASSERT_EQ(r.status, 201) << r.body;
  // FK serves several municipalities: it names the one.
  const Login fk = LogIn("fk.handlaggare");
  r = Post(fk, "/api/v1/surveys/staff/answers", R"({"answers":{"contact":"good"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(FieldOf(r), "municipality");
  r = Post(fk, "/api/v1/surveys/staff/answers", R"({"answers":{"contact":"good"},"municipality":"0180"})");
  EXPECT_EQ(r.status, 403);
  r = Post(fk, "/api/v1/surveys/staff/answers", R"({"answers":{"contact":"bad"},"municipality":"1380"})");
  ASSERT_EQ(r.status, 201) << r.body;
  r = Post(fk, "/api/v1/surveys/staff/answers", R"({"answers":{"planning":"good"},"municipality":"1380"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(FieldOf(r), "answers.planning");
  r = Post(fk, "/api/v1/surveys/staff/answers", R"({"survey":"participant","answers":{"contact":"good"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(FieldOf(r), "survey");
  EXPECT_EQ(Post(LogIn("forbund.analys"), "/api/v1/surveys/staff/answers", R"({"answers":{"contact":"good"}})").status,
            403);
  EXPECT_EQ(Post(LogIn("sjukskoterska"), "/api/v1/surveys/staff/answers", R"({"answers":{"contact":"good"}})").status,
            403);
  // Stored without anyone's name; the audit log says who answered, not what.
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE type = 'survey_answered' AND person_id IS NULL AND body LIKE "
                  "'%\"survey\":\"staff\"%'"),
            2);
  EXPECT_EQ(AuditCount("action = 'answer:staff_survey'"), 2);
  EXPECT_EQ(AuditCount("action = 'answer:staff_survey' AND detail LIKE '%good%'"), 0);
  // Once a year each: a second answer is refused and nothing more is stored. Who answered is
  // kept apart from what (no column links the two).
  r = Post(LogIn("eb.handlaggare"), "/api/v1/surveys/staff/answers", R"({"answers":{"contact":"bad"}})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(FieldOf(r), "respondent");
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE type = 'survey_answered'"), 2);
  EXPECT_EQ(AuditCount("action = 'answer:staff_survey'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM staff_survey_respondents WHERE year = 2026"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM pragma_table_info('staff_survey_respondents')"), 2);  // user_id, year.
}

// Results on answers entered here. Halmstad: participant answers of 198503129804 (good/yes,
// 2026-05-20) and an anonymous one (too_early, cooperation left out); a named answer of a person
// without a meeting cannot be entered, so none is excluded. Indikatorer: 6 answers, more_ready
// yes in 5 (83.33 % ≥ 70 %: met), great_use yes in 5 (83.33 % < 90 %: not met), the last
// question answered by none (n 0: no share, no verdict). Staff: good, good, bad, dont_know =
// 2 of 4 = 0.5. Laholm: one staff answer (bad) by Laholm's caseworker.
TEST_F(HttpSurveyTest, ResultsPerQuestionWithTargets) {
  const Login eb = LogIn("eb.handlaggare");
  auto post = [&](const Login& who, const std::string& body) {
    const auto r = Post(who, "/api/v1/surveys/answers", body);
    ASSERT_EQ(r.status, 201) << body << ": " << r.body;
  };
  post(eb, R"({"survey":"participant","date":"2026-05-20","person":"198503129804","answers":{"planning":"good","cooperation":"yes"}})");
  post(eb, R"({"survey":"participant","date":"2026-05-21","answers":{"planning":"too_early"}})");
  for (int i = 0; i < 6; ++i)
    post(eb, std::string(R"({"survey":"indikatorer","date":"2026-05-22","answers":{"more_ready":)") +
                 (i < 5 ? "true" : "false") + R"(,"great_use":)" + (i == 0 ? "false" : "true") + "}}");
  for (const char* c : {"good", "good", "bad", "dont_know"})
    post(eb, std::string(R"({"survey":"staff","date":"2026-05-23","answers":{"contact":")") + c + "\"}}");
  post(LogIn("eb.laholm"), R"({"survey":"staff","date":"2026-05-23","answers":{"contact":"bad"}})");

  const Login chef = LogIn("eb.chef");
  auto r = Get(chef, "/api/v1/report/surveys?as_of=2026-06-01");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value doc = json::parse(r.body);
  EXPECT_FALSE(doc.as_object().contains("suppressed"));  // Their own municipality: in full.
  EXPECT_EQ(doc.at("municipalities").at(0).as_string(), "1380");
  const json::value& participant = doc.at("surveys").at(0);
  EXPECT_EQ(participant.at("answers").as_int64(), 2);
  EXPECT_EQ(participant.at("anonymous_answers").as_int64(), 1);
  EXPECT_EQ(participant.at("excluded").as_int64(), 0);
  const json::value& planning = participant.at("questions").at(0);
  EXPECT_EQ(planning.at("n").as_int64(), 2);
  EXPECT_EQ(planning.at("options").at(0).at("count").as_int64(), 1);
  EXPECT_EQ(planning.at("options").at(1).at("count").as_int64(), 1);
  EXPECT_DOUBLE_EQ(planning.at("share_positive").as_double(), 0.5);
  EXPECT_TRUE(planning.at("met").is_null());
  EXPECT_EQ(participant.at("questions").at(1).at("n").as_int64(), 1);
  const json::value& staff = doc.at("surveys").at(1);
  EXPECT_EQ(staff.at("answers").as_int64(), 4);  // Laholm's is not Halmstad's.
  EXPECT_DOUBLE_EQ(staff.at("questions").at(0).at("share_positive").as_double(), 0.5);
  const json::value& ind = doc.at("surveys").at(2);
  EXPECT_EQ(ind.at("answers").as_int64(), 6);
  EXPECT_DOUBLE_EQ(ind.at("questions").at(0).at("share_positive").as_double(), 0.8333);
  EXPECT_DOUBLE_EQ(ind.at("questions").at(0).at("target").as_double(), 0.7);
  EXPECT_TRUE(ind.at("questions").at(0).at("met").as_bool());
  EXPECT_FALSE(ind.at("questions").at(1).at("met").as_bool());
  EXPECT_EQ(ind.at("questions").at(2).at("n").as_int64(), 0);
  EXPECT_TRUE(ind.at("questions").at(2).at("share_positive").is_null());
  EXPECT_TRUE(ind.at("questions").at(2).at("met").is_null());

  // Before the answers: nothing.
  doc = json::parse(Get(chef, "/api/v1/report/surveys?as_of=2026-05-19").body);
  EXPECT_EQ(doc.at("surveys").at(2).at("answers").as_int64(), 0);

  // CSV: one row per option.
  r = Get(chef, "/api/v1/report/surveys?as_of=2026-06-01&format=csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("indikatorer,more_ready,yes,2026-06-01,6,6,5,yes,0.8333,0.70,yes\r\n"), std::string::npos)
      << r.body;
  EXPECT_EQ(Get(chef, "/api/v1/report/surveys?format=xml").status, 400);
  EXPECT_EQ(Get(chef, "/api/v1/report/surveys?as_of=igår").status, 400);
  EXPECT_EQ(Get(chef, "/api/v1/report/surveys?municipalities=1381").status, 403);
  EXPECT_EQ(Get(LogIn("fk.handlaggare"), "/api/v1/report/surveys").status, 403);

  // The förbund's analyst sees Halmstad and Laholm with small cells hidden: Laholm's single staff
  // answer makes the staff survey 5 answers (shown); its counts good 2, neither 0, bad 2, dont_know 1
  // are small (hidden) but for the zero.
  r = Get(LogIn("forbund.analys"), "/api/v1/report/surveys?as_of=2026-06-01&municipalities=1380,1381");
  ASSERT_EQ(r.status, 200) << r.body;
  doc = json::parse(r.body);
  EXPECT_EQ(doc.at("suppression_threshold").as_int64(), 5);
  const json::value& staff_all = doc.at("surveys").at(1);
  EXPECT_EQ(staff_all.at("answers").as_int64(), 5);
  EXPECT_TRUE(staff_all.at("questions").at(0).at("options").at(0).at("count").is_null());
  EXPECT_TRUE(staff_all.at("questions").at(0).at("share_positive").is_null());
  EXPECT_EQ(staff_all.at("questions").at(0).at("options").at(1).at("count").as_int64(), 0);
  EXPECT_TRUE(doc.at("surveys").at(0).at("answers").is_null());  // 2 participants.
}

}  // namespace
}  // namespace rattvag::http
