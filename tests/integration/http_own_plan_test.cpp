// Mina sidor (issue 5 items 3 and 5): the person reads their own plan (SIP) in plain terms and
// prints it, reads their meetings (without the minutes' notes), and answers the questionnaires
// open to them, an anonymous one stored without them. Another person's SIP id answers 404 and
// is logged; a staff session reaches none of these routes.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../unit/pdf_tools.hpp"
#include "app/import.hpp"
#include "demo_server.hpp"
#include "domain/method.hpp"
#include "domain/sip.hpp"
#include "http/case_routes.hpp"
#include "http/meeting_routes.hpp"
#include "http/own_plan_routes.hpp"
#include "http/own_routes.hpp"
#include "http/person_routes.hpp"
#include "http/sip_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr int64_t kNow = 1'780'272'000 + 9 * 3600;  // Monday 2026-06-01, 09:00 UTC.
const std::string kAnna = "198503129804";            // Halmstad, consent to FK and the region.
const std::string kBo = "199001019828";              // Halmstad, consent to FK.
const char* kPassword = "ett långt eget lösenord";

const char* kJournal = R"({"person":"198503129804","type":"eb_period_started","date":"2025-01-05","municipality":"1380"}
{"person":"198503129804","type":"target_group_identified","date":"2025-01-06","municipality":"1380","source":"caseworker"}
{"person":"198503129804","type":"consent_given","date":"2026-01-10","consent_id":"C1","parties":["fk","region"],"purpose":"samordnad rehabilitering"}
{"person":"199001019828","type":"eb_period_started","date":"2025-01-05","municipality":"1380"}
{"person":"199001019828","type":"target_group_identified","date":"2025-01-06","municipality":"1380","source":"caseworker"}
{"person":"199001019828","type":"consent_given","date":"2026-01-10","consent_id":"C2","parties":["fk"],"purpose":"p"}
)";

json::object Plan(const std::string& goal, const std::string& status = "planned") {
  return json::object{
      {"goals", json::array{json::object{{"id", "g1"}, {"text", goal}}}},
      {"interventions",
       json::array{json::object{{"id", "i1"},
                                {"description", "Arbetsförmågebedömning vid Arbetsmarknadscenter"},
                                {"responsible", "ame"},
                                {"contact_name", "Karin Lind"},
                                {"contact_phone", "035-13 70 00"},
                                {"start", "2026-06-10"},
                                {"end", "2026-08-31"},
                                {"status", status},
                                {"goal_id", "g1"}}}},
      {"others_do", "Syster följer med till första mötet."},
      {"coordinator_name", "Eva Ek"},
      {"coordinator_party", "eb"},
      {"participants", json::array{json::object{{"name", "Den enskilde"}, {"party", nullptr}, {"role", "Den enskilde"}}}},
      {"follow_up", "2026-09-01"},
      {"person_consents", true},
      {"agreed_on", "2026-06-01"}};
}

class HttpOwnPlanTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) {
      AddPersonRoutes(router, sessions);
      AddCaseRoutes(router, sessions);
      AddOwnRoutes(router, sessions);
      AddSipRoutes(router, sessions);
      AddMeetingRoutes(router, sessions);
      AddOwnPlanRoutes(router, sessions);
    });
    ASSERT_TRUE(ImportJsonLines(*journal_, kJournal, Date(2026, 6, 1)).ok());
    eb_ = LogIn("eb.handlaggare");
  }
  testing::HttpReply Send(const Login& who, bhttp::verb verb, const std::string& target, const std::string& body = "",
                          std::vector<std::pair<std::string, std::string>> extra = {}) {
    extra.emplace_back("Cookie", who.cookie);
    extra.emplace_back("X-CSRF-Token", who.csrf);
    return testing::HttpSend(port_, verb, target, body, extra);
  }
  std::string IdOf(const std::string& pnr) { return (*journal_->LoadPerson(pnr))->public_id; }
  // The person's account, activated and logged in.
  Login Person(const std::string& pnr) {
    auto issued = Send(eb_, bhttp::verb::post, "/api/v1/persons/" + IdOf(pnr) + "/own-account", R"({"first_name":"Anna"})");
    EXPECT_EQ(issued.status, 201) << issued.body;
    auto r = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/own/session/activate",
                               json::serialize(json::object{{"personnummer", pnr},
                                                            {"code", json::parse(issued.body).at("code")},
                                                            {"password", kPassword}}));
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string& set = r.headers.at("Set-Cookie");
    return {set.substr(0, set.find(';')), std::string(json::parse(r.body).at("csrf_token").as_string())};
  }
  std::string CallSip(const std::string& pnr, const std::string& goal) {
    json::object body = Plan(goal);
    body["title"] = "SIP kring arbete och hälsa";
    body["invited"] = json::array{"fk"};
    auto r = Send(eb_, bhttp::verb::post, "/api/v1/persons/" + IdOf(pnr) + "/sips", json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(json::parse(r.body).at("id").as_string()) : "";
  }
  std::string Schedule(const std::string& pnr, const std::string& date, const std::string& kind = "avstamningsmote") {
    auto r = Send(eb_, bhttp::verb::post, "/api/v1/persons/" + IdOf(pnr) + "/meetings",
                  R"({"kind":")" + kind + R"(","date":")" + date +
                      R"(","time":"10:00","duration_minutes":90,"place":"FK, Halmstad, rum 3","invited":["fk","region"]})");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(json::parse(r.body).at("id").as_string()) : "";
  }
  void Hold(const std::string& meeting) {
    auto r = Send(eb_, bhttp::verb::post, "/api/v1/meetings/" + meeting + "/minutes",
                  R"({"attendees":["eb","fk"],"notes":"Hemlig arbetsanteckning om läget.","decisions":["Nytt möte om tre månader."]})",
                  {{"If-Match", "\"1\""}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  json::value Get(const Login& who, const std::string& target, int expected = 200) {
    auto r = Send(who, bhttp::verb::get, target);
    EXPECT_EQ(r.status, expected) << target << ": " << r.body;
    return r.status == 200 ? json::parse(r.body) : json::value();
  }
  std::string Field(const testing::HttpReply& r) {
    json::error_code ec;
    const json::value v = json::parse(r.body, ec);
    return ec ? "" : std::string(v.at("error").at("field").as_string());
  }
  int Count(const std::string& where) { return AuditCount(where); }

  Login eb_;
};

TEST_F(HttpOwnPlanTest, ThePersonReadsAndPrintsTheirOwnPlanOnly) {
  const std::string mine = CallSip(kAnna, "Jag vill orka gå till gymmet två gånger i veckan.");
  const std::string other = CallSip(kBo, "Bos eget mål om att börja studera.");
  // A second version of Anna's plan.
  json::object v2 = Plan("Jag vill kunna arbeta några timmar i veckan.", "ongoing");
  v2["comment"] = "Nytt mål";
  ASSERT_EQ(Send(eb_, bhttp::verb::post, "/api/v1/sips/" + mine + "/versions", json::serialize(v2), {{"If-Match", "\"1\""}}).status, 201);
  const Login anna = Person(kAnna);

  const json::value list = Get(anna, "/api/v1/own/sips");
  ASSERT_EQ(list.at("plans").as_array().size(), 1u);
  EXPECT_EQ(list.at("plans").at(0).at("id"), json::value(mine));
  EXPECT_EQ(list.at("plans").at(0).at("version"), 2);
  EXPECT_EQ(list.at("plans").at(0).at("draft"), false);
  EXPECT_EQ(list.at("plans").at(0).at("coordinator").at("organisation"), json::value(std::string(MethodTitle(Party::kEb))));
  EXPECT_EQ(Count("action = 'own_read_sips' AND person = '" + kAnna + "' AND party = 'person'"), 1);

  const json::value plan = Get(anna, "/api/v1/own/sips/" + mine);
  EXPECT_EQ(plan.at("version"), 2);
  EXPECT_EQ(plan.at("goals").at(0).at("text"), "Jag vill kunna arbeta några timmar i veckan.");
  EXPECT_EQ(plan.at("interventions").at(0).at("who"), json::value(std::string(MethodTitle(Party::kAme))));
  EXPECT_EQ(plan.at("interventions").at(0).at("status_text"), json::value(std::string(SwedishName(InterventionStatus::kOngoing))));
  EXPECT_EQ(plan.at("interventions").at(0).at("goal_text"), "Jag vill kunna arbeta några timmar i veckan.");
  EXPECT_EQ(plan.at("follow_up"), "2026-09-01");
  EXPECT_EQ(plan.at("versions").as_array().size(), 2u);
  const json::value first = Get(anna, "/api/v1/own/sips/" + mine + "?version=1");
  EXPECT_EQ(first.at("goals").at(0).at("text"), "Jag vill orka gå till gymmet två gånger i veckan.");
  EXPECT_EQ(Count("action = 'own_read_sip' AND person = '" + kAnna + "' AND detail = '" + mine + " version 1'"), 1);
  // Bad and missing versions of the person's own plan name the field; nothing is denied.
  auto bad = Send(anna, bhttp::verb::get, "/api/v1/own/sips/" + mine + "?version=x");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Field(bad), "version");
  auto missing = Send(anna, bhttp::verb::get, "/api/v1/own/sips/" + mine + "?version=9");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Field(missing), "version");
  EXPECT_EQ(Count("action = 'own_denied'"), 0);

  // The plan to print: a PDF with the person's goals.
  auto pdf = Send(anna, bhttp::verb::get, "/api/v1/own/sips/" + mine + "/pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.headers["Content-Type"], "application/pdf");
  EXPECT_EQ(pdf.headers["Cache-Control"], "no-store");
  testing::PdfScratch scratch;
  const std::string text = testing::PdfText(scratch.Write(pdf.body));
  EXPECT_NE(text.find("arbeta några timmar"), std::string::npos) << text;
  EXPECT_EQ(Count("action = 'own_print_sip' AND person = '" + kAnna + "'"), 1);

  // Another person's SIP, by changing the id: 404 like a missing one, and logged about Anna.
  for (const std::string& target : {"/api/v1/own/sips/" + other, "/api/v1/own/sips/" + other + "/pdf",
                                    "/api/v1/own/sips/" + other + "?version=1", std::string("/api/v1/own/sips/sip-0000000000000000")}) {
    auto r = Send(anna, bhttp::verb::get, target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find("Bos"), std::string::npos);
    EXPECT_EQ(r.body.find(kBo), std::string::npos);
  }
  EXPECT_EQ(Count("action = 'own_denied' AND outcome = 'denied' AND person = '" + kAnna + "' AND detail LIKE 'sip " +
                  other + "%'"),
            3);
  EXPECT_EQ(Count("action = 'own_denied' AND person = '" + kBo + "'"), 0);
  // The person's log extract shows their reads in plain Swedish.
  const json::value log = Get(anna, "/api/v1/own/log");
  bool printed = false;
  for (const auto& e : log.at("entries").as_array()) printed = printed || e.at("what") == "Du skrev ut din plan";
  EXPECT_TRUE(printed);

  // Staff sessions reach none of these routes.
  for (const std::string& target : {std::string("/api/v1/own/sips"), "/api/v1/own/sips/" + mine, std::string("/api/v1/own/meetings"),
                                    std::string("/api/v1/own/surveys")})
    EXPECT_EQ(Send(eb_, bhttp::verb::get, target).status, 401) << target;
  // Without a session: 401.
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/own/sips").status, 401);
}

TEST_F(HttpOwnPlanTest, ThePersonSeesTheirMeetingsComingFirstWithoutTheNotes) {
  const std::string held = Schedule(kAnna, "2026-06-01");
  Hold(held);
  const std::string coming = Schedule(kAnna, "2026-06-10", "sip_mote");
  Schedule(kBo, "2026-06-05");
  const Login anna = Person(kAnna);
  const json::value m = Get(anna, "/api/v1/own/meetings");
  ASSERT_EQ(m.at("upcoming").as_array().size(), 1u);
  EXPECT_EQ(m.at("upcoming").at(0).at("id"), json::value(coming));
  EXPECT_EQ(m.at("upcoming").at(0).at("kind_text"), "SIP-möte");
  EXPECT_EQ(m.at("upcoming").at(0).at("time"), "10:00");
  EXPECT_EQ(m.at("upcoming").at(0).at("end_time"), "11:30");
  EXPECT_EQ(m.at("upcoming").at(0).at("place"), "FK, Halmstad, rum 3");
  EXPECT_EQ(m.at("upcoming").at(0).at("invited").as_array().size(), 2u);
  EXPECT_EQ(m.at("upcoming").at(0).at("invited").at(0).at("answer_text"), "Har inte svarat än");
  ASSERT_EQ(m.at("earlier").as_array().size(), 1u);
  EXPECT_EQ(m.at("earlier").at(0).at("id"), json::value(held));
  EXPECT_EQ(m.at("earlier").at(0).at("status"), "held");
  EXPECT_EQ(m.at("earlier").at(0).at("decisions").at(0), "Nytt möte om tre månader.");
  // The staff's working notes of the minutes are not part of the person's view.
  const std::string body = json::serialize(m);
  EXPECT_EQ(body.find("Hemlig arbetsanteckning"), std::string::npos);
  EXPECT_EQ(Count("action = 'own_read_meetings' AND person = '" + kAnna + "'"), 1);
}

TEST_F(HttpOwnPlanTest, ThePersonAnswersTheQuestionnairesOpenToThem) {
  const Login anna = Person(kAnna);
  // No avstämningsmöte, no ended intervention: nothing to answer.
  EXPECT_TRUE(Get(anna, "/api/v1/own/surveys").at("surveys").as_array().empty());
  const std::string participant = R"({"survey":"participant","answers":{"planning":"good","cooperation":"yes"}})";
  auto early = Send(anna, bhttp::verb::post, "/api/v1/own/surveys/answers", participant);
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(Field(early), "survey");

  Hold(Schedule(kAnna, "2026-06-01"));
  json::value open = Get(anna, "/api/v1/own/surveys");
  ASSERT_EQ(open.at("surveys").as_array().size(), 1u);
  EXPECT_EQ(open.at("surveys").at(0).at("survey"), "participant");
  EXPECT_EQ(open.at("surveys").at(0).at("anonymous"), false);
  EXPECT_EQ(open.at("surveys").at(0).at("questions").as_array().size(), 2u);

  // Bad answers name their field; the CSRF token is required.
  auto wrong = Send(anna, bhttp::verb::post, "/api/v1/own/surveys/answers",
                    R"({"survey":"participant","answers":{"planning":"super"}})");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(Field(wrong), "answers.planning");
  auto staff = Send(anna, bhttp::verb::post, "/api/v1/own/surveys/answers", R"({"survey":"staff","answers":{"contact":"good"}})");
  EXPECT_EQ(staff.status, 400);
  EXPECT_EQ(Field(staff), "survey");
  auto extra = Send(anna, bhttp::verb::post, "/api/v1/own/surveys/answers", R"({"survey":"participant","person":"x"})");
  EXPECT_EQ(Field(extra), "person");
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::post, "/api/v1/own/surveys/answers", participant,
                              {{"Cookie", anna.cookie}})
                .status,
            403);

  auto stored = Send(anna, bhttp::verb::post, "/api/v1/own/surveys/answers", participant);
  ASSERT_EQ(stored.status, 201) << stored.body;
  EXPECT_EQ(json::parse(stored.body).at("anonymous"), false);
  // The participant answer is in the person's case (the survey keeps the person).
  const json::value c = Get(eb_, "/api/v1/persons/" + IdOf(kAnna));
  int answers = 0;
  for (const auto& e : c.at("events").as_array()) answers += e.at("type") == "survey_answered";
  EXPECT_EQ(answers, 1);
  EXPECT_TRUE(Get(anna, "/api/v1/own/surveys").at("surveys").as_array().empty());
  EXPECT_EQ(Send(anna, bhttp::verb::post, "/api/v1/own/surveys/answers", participant).status, 409);

  // An intervention of the plan is done: Indikatorer opens, and is stored without the person.
  const std::string sip = CallSip(kAnna, "Jag vill orka gå till gymmet två gånger i veckan.");
  json::object done = Plan("Jag vill orka gå till gymmet två gånger i veckan.", "done");
  ASSERT_EQ(Send(eb_, bhttp::verb::post, "/api/v1/sips/" + sip + "/versions", json::serialize(done), {{"If-Match", "\"1\""}}).status, 201);
  open = Get(anna, "/api/v1/own/surveys");
  ASSERT_EQ(open.at("surveys").as_array().size(), 1u);
  EXPECT_EQ(open.at("surveys").at(0).at("survey"), "indikatorer");
  EXPECT_EQ(open.at("surveys").at(0).at("anonymous"), true);
  const int before = testing::QueryInt(path_, "SELECT count(*) FROM events WHERE person_id IS NULL");
  auto anonymous = Send(anna, bhttp::verb::post, "/api/v1/own/surveys/answers",
                        R"({"survey":"indikatorer","answers":{"more_ready":true,"great_use":false}})");
  ASSERT_EQ(anonymous.status, 201) << anonymous.body;
  EXPECT_EQ(json::parse(anonymous.body).at("anonymous"), true);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM events WHERE person_id IS NULL AND type = 'survey_answered'"),
            before + 1);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM events WHERE person_id IS NULL AND (instr(body, '" + kAnna +
                                         "') > 0 OR instr(body, '" + IdOf(kAnna) + "') > 0)"),
            0);
  // The person's case holds no Indikatorer answer; the audit says that they answered, not what.
  const json::value after = Get(eb_, "/api/v1/persons/" + IdOf(kAnna));
  answers = 0;
  for (const auto& e : after.at("events").as_array()) answers += e.at("type") == "survey_answered";
  EXPECT_EQ(answers, 1);
  EXPECT_EQ(Count("action = 'own_survey_answer' AND person = '" + kAnna + "' AND detail = 'survey=indikatorer'"), 1);
  EXPECT_EQ(Count("instr(detail, 'more_ready') > 0 OR instr(detail, 'true') > 0"), 0);
  // Answered once: not asked again.
  EXPECT_TRUE(Get(anna, "/api/v1/own/surveys").at("surveys").as_array().empty());
  EXPECT_EQ(Send(anna, bhttp::verb::post, "/api/v1/own/surveys/answers",
                 R"({"survey":"indikatorer","answers":{"more_ready":true}})")
                .status,
            409);
}

}  // namespace
}  // namespace rattvag::http
