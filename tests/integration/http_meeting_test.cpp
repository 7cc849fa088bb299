// Meetings over HTTP (issue 5 item 2): scheduling, the invitation an invited party without a
// consent sees (no personal data), answers, changes with If-Match, cancelling, minutes that
// become journal events all or nothing, and the .ics export parsed back with libical.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <libical/ical.h>

#include "demo_server.hpp"
#include "http/case_routes.hpp"
#include "http/meeting_routes.hpp"
#include "http/person_routes.hpp"
#include "http/sip_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr int64_t kDay = 1'780'272'000;  // Monday 2026-06-01 00:00 UTC.
constexpr int64_t kNow = kDay + 7 * 3600;  // 07:00 UTC, 09:00 in Sweden.
const std::string kPerson = "198503129804";  // Synthetic (serial 980).

class HttpMeetingTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) {
      AddPersonRoutes(router, sessions);
      AddCaseRoutes(router, sessions);
      AddMeetingRoutes(router, sessions);
      AddSipRoutes(router, sessions);  // A SIP-möte's SIP.
    });
    eb_ = LogIn("eb.handlaggare");
    auto r = Send(eb_, bhttp::verb::post, "/api/v1/persons", R"({"personnummer":"198503129804"})");
    ASSERT_EQ(r.status, 201) << r.body;
    person_ = std::string(json::parse(r.body).at("id").as_string());
  }

  testing::HttpReply Send(const Login& who, bhttp::verb verb, const std::string& target, const std::string& body = "",
                          std::vector<std::pair<std::string, std::string>> extra = {}) {
    extra.push_back({"Cookie", who.cookie});
    extra.push_back({"X-CSRF-Token", who.csrf});
    return testing::HttpSend(port_, verb, target, body, extra);
  }
  // Schedules a meeting of the person as EB and answers its id.
  std::string Schedule(const std::string& body) {
    auto r = Send(eb_, bhttp::verb::post, "/api/v1/persons/" + person_ + "/meetings", body);
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return "";
    EXPECT_EQ(r.headers["ETag"], "\"1\"");
    return std::string(json::parse(r.body).at("id").as_string());
  }
  std::string Avstamning(const std::string& date = "2026-06-01", const std::string& time = "10:00") {
    return Schedule(R"({"kind":"avstamningsmote","date":")" + date + R"(","time":")" + time +
                    R"(","duration_minutes":90,"place":"FK, Halmstad, rum 3","invited":["fk","region"],)"
                    R"("message":"Vi ses i receptionen."})");
  }
  json::value Get(const Login& who, const std::string& target, int expected = 200) {
    auto r = Send(who, bhttp::verb::get, target);
    EXPECT_EQ(r.status, expected) << target << ": " << r.body;
    return r.status == 200 ? json::parse(r.body) : json::value();
  }
  std::string ErrorField(const testing::HttpReply& r) {
    json::error_code ec;
    const json::value v = json::parse(r.body, ec);
    if (ec || !v.is_object() || !v.as_object().contains("error")) return "";
    return std::string(v.at("error").at("field").as_string());
  }
  std::vector<std::string> EventTypes() {
    std::vector<std::string> types;
    const json::value c = Get(eb_, "/api/v1/persons/" + person_);
    if (c.is_object())
      for (const auto& e : c.at("events").as_array()) types.emplace_back(e.at("type").as_string());
    return types;
  }
  void GiveConsent(const std::string& parties) {
    auto r = Send(eb_, bhttp::verb::post, "/api/v1/persons/" + person_ + "/consents",
                  R"({"parties":)" + parties + R"(,"purpose":"samordnad rehabilitering"})");
    ASSERT_EQ(r.status, 201) << r.body;
  }

  Login eb_;
  std::string person_;
};

TEST_F(HttpMeetingTest, TheOwnerSchedulesReadsAndListsMeetings) {
  const std::string id = Avstamning();
  ASSERT_FALSE(id.empty());
  const json::value m = Get(eb_, "/api/v1/meetings/" + id);
  EXPECT_EQ(m.at("kind"), "avstamningsmote");
  EXPECT_EQ(m.at("title"), "Avstämningsmöte");
  EXPECT_EQ(m.at("status"), "planned");
  EXPECT_EQ(m.at("time"), "10:00");
  EXPECT_EQ(m.at("duration_minutes"), 90);
  EXPECT_EQ(m.at("access"), "full");
  EXPECT_EQ(m.at("person_id"), json::value(person_));
  EXPECT_EQ(m.at("municipality"), "1380");
  EXPECT_EQ(m.at("called_by").at("party"), "eb");
  ASSERT_EQ(m.at("invitations").as_array().size(), 2u);
  EXPECT_EQ(m.at("invitations").at(0).at("party"), "fk");
  EXPECT_EQ(m.at("invitations").at(0).at("answer"), "unanswered");

  const json::value list = Get(eb_, "/api/v1/persons/" + person_ + "/meetings");
  ASSERT_EQ(list.at("meetings").as_array().size(), 1u);
  EXPECT_EQ(list.at("meetings").at(0).at("id"), json::value(id));
  EXPECT_EQ(AuditCount("action = 'meeting_schedule' AND person = '" + kPerson + "' AND ground = 'ownership'"), 1);
  EXPECT_EQ(AuditCount("action = 'read_meeting' AND person = '" + kPerson + "'"), 1);
  EXPECT_EQ(AuditCount("action = 'read_meetings' AND person = '" + kPerson + "'"), 1);
}

// A SIP-möte names one of the person's own SIPs: an unknown SIP and another person's are refused
// alike on "sip_id"; the link can be changed to another of the person's SIPs, or removed.
TEST_F(HttpMeetingTest, AMeetingsSipIsOneOfThePersonsSips) {
  auto call_sip = [&](const std::string& person) {
    auto r = Send(eb_, bhttp::verb::post, "/api/v1/persons/" + person + "/sips",
                  R"({"title":"SIP kring arbete och hälsa","invited":["fk"]})");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(json::parse(r.body).at("id").as_string()) : std::string();
  };
  const std::string own = call_sip(person_);
  const std::string own2 = call_sip(person_);
  auto other = Send(eb_, bhttp::verb::post, "/api/v1/persons", R"({"personnummer":"199001019828"})");
  ASSERT_EQ(other.status, 201) << other.body;
  const std::string foreign = call_sip(std::string(json::parse(other.body).at("id").as_string()));
  ASSERT_FALSE(own.empty() || own2.empty() || foreign.empty());

  const std::string target = "/api/v1/persons/" + person_ + "/meetings";
  const std::string ok = R"({"kind":"sip_mote","date":"2026-06-02","time":"10:00","place":"Rum 1","sip_id":")";
  for (const std::string& wrong : {foreign, std::string("sip-0000000000000000")}) {
    auto r = Send(eb_, bhttp::verb::post, target, ok + wrong + R"("})");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(ErrorField(r), "sip_id");
  }
  const int meetings_before = AuditCount("action = 'meeting_schedule'");
  const std::string id = Schedule(ok + own + R"("})");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(AuditCount("action = 'meeting_schedule'"), meetings_before + 1);
  EXPECT_EQ(Get(eb_, "/api/v1/meetings/" + id).at("sip_id"), json::value(own));

  auto change = [&](const std::string& body, int version) {
    return Send(eb_, bhttp::verb::patch, "/api/v1/meetings/" + id, body, {{"If-Match", std::to_string(version)}});
  };
  auto refused = change(R"({"sip_id":")" + foreign + R"("})", 1);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(ErrorField(refused), "sip_id");
  EXPECT_EQ(Get(eb_, "/api/v1/meetings/" + id).at("sip_id"), json::value(own));  // Unchanged.
  ASSERT_EQ(change(R"({"sip_id":")" + own2 + R"("})", 1).status, 200);
  EXPECT_EQ(Get(eb_, "/api/v1/meetings/" + id).at("sip_id"), json::value(own2));
  ASSERT_EQ(change(R"({"sip_id":null})", 2).status, 200);
  EXPECT_TRUE(Get(eb_, "/api/v1/meetings/" + id).at("sip_id").is_null());
}

TEST_F(HttpMeetingTest, AnInvitedPartyWithoutConsentSeesTheInvitationButNoPersonalData) {
  const std::string id = Avstamning();
  const Login fk = LogIn("fk.handlaggare");
  auto r = Send(fk, bhttp::verb::get, "/api/v1/meetings/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value m = json::parse(r.body);
  EXPECT_EQ(m.at("access"), "invitation");
  EXPECT_EQ(m.at("title"), "Avstämningsmöte");
  EXPECT_EQ(m.at("date"), "2026-06-01");
  EXPECT_EQ(m.at("place"), "FK, Halmstad, rum 3");
  EXPECT_EQ(m.at("municipality_name"), "Halmstad");
  EXPECT_EQ(m.at("called_by").at("party"), "eb");
  EXPECT_FALSE(m.as_object().contains("person_id"));
  EXPECT_FALSE(m.as_object().contains("minutes"));
  EXPECT_EQ(r.body.find(kPerson), std::string::npos);
  EXPECT_EQ(r.body.find("19850312"), std::string::npos);
  EXPECT_EQ(r.body.find(person_), std::string::npos);
  EXPECT_EQ(AuditCount("action = 'read_meeting' AND ground = 'invitation' AND person = '" + kPerson + "'"), 1);

  // The person's case and meeting list stay closed.
  Get(fk, "/api/v1/persons/" + person_ + "/meetings", 404);
  Get(fk, "/api/v1/persons/" + person_, 404);
  // The invitation is on FK's list, to answer, without personal data.
  auto mine = Send(fk, bhttp::verb::get, "/api/v1/meetings");
  ASSERT_EQ(mine.status, 200);
  const json::value list = json::parse(mine.body);
  ASSERT_EQ(list.at("invitations").as_array().size(), 1u);
  EXPECT_EQ(list.at("invitations").at(0).at("id"), json::value(id));
  EXPECT_EQ(mine.body.find(kPerson), std::string::npos);
  EXPECT_EQ(mine.body.find(person_), std::string::npos);

  // FK answers; the owner sees the answer and who gave it.
  auto answered = Send(fk, bhttp::verb::put, "/api/v1/meetings/" + id + "/answer",
                       R"({"answer":"accepted","comment":"Jag kommer."})");
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.body.find(kPerson), std::string::npos);
  const json::value seen = Get(eb_, "/api/v1/meetings/" + id);
  EXPECT_EQ(seen.at("invitations").at(0).at("answer"), "accepted");
  EXPECT_FALSE(seen.at("invitations").at(0).at("answered_by_name").as_string().empty());
  EXPECT_EQ(seen.at("version"), 2);
  EXPECT_TRUE(Get(fk, "/api/v1/meetings").at("invitations").as_array().empty());
  EXPECT_EQ(Get(fk, "/api/v1/meetings").at("meetings").as_array().size(), 1u);

  // Not invited, or another area: nothing, like a missing meeting.
  const Login af = LogIn("af.handlaggare");
  auto refused = Send(af, bhttp::verb::get, "/api/v1/meetings/" + id);
  EXPECT_EQ(refused.status, 404);
  EXPECT_EQ(refused.body, Send(af, bhttp::verb::get, "/api/v1/meetings/m-0000000000000000").body);
  EXPECT_EQ(Send(af, bhttp::verb::put, "/api/v1/meetings/" + id + "/answer", R"({"answer":"accepted"})").status, 404);
  EXPECT_EQ(Send(LogIn("fk.annan"), bhttp::verb::get, "/api/v1/meetings/" + id).status, 404);
  EXPECT_EQ(AuditCount("action = 'read_meeting' AND outcome = 'denied' AND person = '" + kPerson + "'"), 2);
  // The invited party without consent may not change, cancel or record the minutes.
  EXPECT_EQ(Send(fk, bhttp::verb::post, "/api/v1/meetings/" + id + "/cancel", "{}", {{"If-Match", "\"2\""}}).status, 404);
  EXPECT_EQ(Send(fk, bhttp::verb::post, "/api/v1/meetings/" + id + "/minutes", R"({"attendees":["fk"]})",
                 {{"If-Match", "\"2\""}}).status, 404);
}

TEST_F(HttpMeetingTest, WithAConsentTheInvitedPartySeesTheWholeMeeting) {
  const std::string id = Avstamning();
  GiveConsent(R"(["fk"])");
  const Login fk = LogIn("fk.handlaggare");
  const json::value m = Get(fk, "/api/v1/meetings/" + id);
  EXPECT_EQ(m.at("access"), "full");
  EXPECT_EQ(m.at("person_id"), json::value(person_));
  EXPECT_EQ(AuditCount("action = 'read_meeting' AND ground LIKE 'consent:%'"), 1);
  const json::value list = Get(fk, "/api/v1/meetings");
  EXPECT_EQ(list.at("invitations").at(0).at("personnummer"), json::value(kPerson));
}

TEST_F(HttpMeetingTest, BadInputNamesTheField) {
  const std::string target = "/api/v1/persons/" + person_ + "/meetings";
  auto field = [&](const std::string& body) {
    auto r = Send(eb_, bhttp::verb::post, target, body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    return ErrorField(r);
  };
  const std::string ok = R"("date":"2026-06-02","time":"10:00","place":"Rum 1")";
  EXPECT_EQ(field(R"({"kind":"fika",)" + ok + "}"), "kind");
  EXPECT_EQ(field(R"({"kind":"sip_mote","date":"2026-05-31","time":"10:00","place":"Rum 1"})"), "date");
  EXPECT_EQ(field(R"({"kind":"sip_mote","date":"2026-06-02","time":"24:00","place":"Rum 1"})"), "time");
  EXPECT_EQ(field(R"({"kind":"sip_mote","date":"2026-06-02","time":"10:00"})"), "place");
  EXPECT_EQ(field(R"({"kind":"sip_mote","date":"2026-06-02","time":"10:00","video_url":"http://x.se"})"), "video_url");
  EXPECT_EQ(field(R"({"kind":"sip_mote",)" + ok + R"(,"duration_minutes":5})"), "duration_minutes");
  EXPECT_EQ(field(R"({"kind":"sip_mote",)" + ok + R"(,"invited":["eb"]})"), "invited");
  EXPECT_EQ(field(R"({"kind":"sip_mote",)" + ok + R"(,"invited":["fk","fk"]})"), "invited");
  EXPECT_EQ(field(R"({"kind":"sip_mote",)" + ok + R"(,"invited":["kommunen"]})"), "invited");
  EXPECT_EQ(field(R"({"kind":"sip_mote",)" + ok + R"(,"sip_id":"a b"})"), "sip_id");
  EXPECT_EQ(field(R"({"kind":"sip_mote",)" + ok + R"(,"name":"x"})"), "name");
  // The invitation's text carries no personal data: a personnummer is refused outright, a name
  // needs the sender's word that it is not the person's.
  EXPECT_EQ(field(R"({"kind":"sip_mote",)" + ok + R"(,"message":"Gäller 19850312-9804"})"), "message");
  EXPECT_EQ(field(R"({"kind":"sip_mote",)" + ok + R"(,"message":"Gäller Anna Andersson"})"), "message");
  EXPECT_EQ(Send(eb_, bhttp::verb::post, target,
                 R"({"kind":"sip_mote",)" + ok + R"(,"message":"Gäller Anna Andersson","acknowledge_warnings":true})")
                .status,
            201);
  EXPECT_EQ(Send(eb_, bhttp::verb::post, target, "[]").status, 400);
}

TEST_F(HttpMeetingTest, ChangesNeedTheMeetingsETagAndAskEveryoneAgain) {
  const std::string id = Avstamning("2026-06-03");
  const Login fk = LogIn("fk.handlaggare");
  ASSERT_EQ(Send(fk, bhttp::verb::put, "/api/v1/meetings/" + id + "/answer", R"({"answer":"declined"})").status, 200);
  const std::string target = "/api/v1/meetings/" + id;
  EXPECT_EQ(Send(eb_, bhttp::verb::patch, target, R"({"time":"13:00"})").status, 428);
  auto stale = Send(eb_, bhttp::verb::patch, target, R"({"time":"13:00"})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.headers["ETag"], "\"2\"");
  auto bad = Send(eb_, bhttp::verb::patch, target, R"({"time":"25:00"})", {{"If-Match", "\"2\""}});
  EXPECT_EQ(ErrorField(bad), "time");
  auto changed = Send(eb_, bhttp::verb::patch, target, R"({"time":"13:00","invited":["fk","af"]})", {{"If-Match", "\"2\""}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  const json::value m = json::parse(changed.body);
  EXPECT_EQ(m.at("time"), "13:00");
  EXPECT_EQ(m.at("version"), 3);
  ASSERT_EQ(m.at("invitations").as_array().size(), 2u);
  EXPECT_EQ(m.at("invitations").at(0).at("party"), "fk");
  EXPECT_EQ(m.at("invitations").at(0).at("answer"), "unanswered");  // A new time: asked again.
  EXPECT_EQ(m.at("invitations").at(1).at("party"), "af");
  EXPECT_EQ(AuditCount("action = 'meeting_change' AND person = '" + kPerson + "'"), 1);

  auto cancelled = Send(eb_, bhttp::verb::post, target + "/cancel", R"({"reason":"FK kan inte"})", {{"If-Match", "\"3\""}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(json::parse(cancelled.body).at("status"), "cancelled");
  auto late = Send(fk, bhttp::verb::put, target + "/answer", R"({"answer":"accepted"})");
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(ErrorField(late), "status");
  EXPECT_EQ(Send(eb_, bhttp::verb::patch, target, R"({"time":"14:00"})", {{"If-Match", "\"4\""}}).status, 409);
}

TEST_F(HttpMeetingTest, MinutesOfAnAvstamningsmoteBecomeJournalEvents) {
  const std::string id = Avstamning();
  const std::string target = "/api/v1/meetings/" + id + "/minutes";
  const std::string body =
      R"({"attendees":["eb","fk","region"],"notes":"Genomgång av läget.","decisions":["FK startar samordning.",)"
      R"("Nytt möte om tre månader."],"coordination_started":true,"ready":false,"prognosis_date":"2026-10-01"})";
  EXPECT_EQ(Send(eb_, bhttp::verb::post, target, body).status, 428);
  auto r = Send(eb_, bhttp::verb::post, target, body, {{"If-Match", "\"1\""}});
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value held = json::parse(r.body);
  EXPECT_EQ(held.at("status"), "held");
  EXPECT_EQ(held.at("version"), 2);
  EXPECT_EQ(held.at("minutes").at("decisions").as_array().size(), 2u);
  EXPECT_EQ(held.at("minutes").at("ready"), false);
  EXPECT_EQ(EventTypes(), (std::vector<std::string>{"eb_period_started", "target_group_identified",
                                                    "fk_coordination_started", "avstamningsmote_held",
                                                    "fk_readiness_assessed"}));
  const json::value c = Get(eb_, "/api/v1/persons/" + person_);
  for (const auto& e : c.at("events").as_array())
    if (e.at("type") == "avstamningsmote_held") {
      EXPECT_EQ(e.at("parties"), json::parse(R"(["eb","fk","region"])"));
    }
  EXPECT_EQ(AuditCount("action = 'meeting_minutes' AND person = '" + kPerson + "' AND outcome = 'allowed'"), 1);

  // Held once: the minutes are the record.
  auto again = Send(eb_, bhttp::verb::post, target, body, {{"If-Match", "\"2\""}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorField(again), "status");
  const json::value stored = Get(eb_, "/api/v1/meetings/" + id);
  EXPECT_EQ(stored.at("minutes").at("notes"), "Genomgång av läget.");
}

TEST_F(HttpMeetingTest, MinutesTheCaseRefusesStoreNothing) {
  // A readiness assessment needs an open FK coordination: the case refuses, and neither the
  // events nor the held meeting are stored.
  const std::string id = Avstamning();
  auto r = Send(eb_, bhttp::verb::post, "/api/v1/meetings/" + id + "/minutes",
                R"({"attendees":["fk"],"notes":"x","ready":true})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ErrorField(r), "type");
  EXPECT_EQ(EventTypes(), (std::vector<std::string>{"eb_period_started", "target_group_identified"}));
  const json::value m = Get(eb_, "/api/v1/meetings/" + id);
  EXPECT_EQ(m.at("status"), "planned");
  EXPECT_EQ(m.at("version"), 1);
  EXPECT_TRUE(m.at("minutes").is_null());
  // Minutes of a meeting in the future: refused on "date".
  const std::string later = Avstamning("2026-06-02");
  auto early = Send(eb_, bhttp::verb::post, "/api/v1/meetings/" + later + "/minutes", R"({"attendees":["fk"]})",
                    {{"If-Match", "\"1\""}});
  EXPECT_EQ(ErrorField(early), "date");
}

TEST_F(HttpMeetingTest, APartyRecordsOnlyTheEventsItMay) {
  GiveConsent(R"(["fk","af"])");
  const std::string id = Avstamning();
  const Login af = LogIn("af.handlaggare");
  auto refused = Send(af, bhttp::verb::post, "/api/v1/meetings/" + id + "/minutes", R"({"attendees":["fk","af"]})",
                      {{"If-Match", "\"1\""}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(AuditCount("action = 'meeting_minutes' AND outcome = 'denied'"), 1);
  const Login fk = LogIn("fk.handlaggare");
  auto stored = Send(fk, bhttp::verb::post, "/api/v1/meetings/" + id + "/minutes", R"({"attendees":["fk","af"]})",
                     {{"If-Match", "\"1\""}});
  EXPECT_EQ(stored.status, 201) << stored.body;
}

// The DTSTART of an .ics in UTC, through the VTIMEZONE the file itself carries.
struct ParsedIcs {
  std::string method, uid, summary, tzid, status;
  int64_t start_utc = 0, end_utc = 0;
  int attendees = 0;
};
ParsedIcs ParseIcs(const std::string& text) {
  ParsedIcs out;
  icalcomponent* calendar = icalparser_parse_string(text.c_str());
  EXPECT_NE(calendar, nullptr);
  if (!calendar) return out;
  EXPECT_EQ(icalcomponent_isa(calendar), ICAL_VCALENDAR_COMPONENT);
  EXPECT_EQ(icalrestriction_check(calendar), 1) << "RFC 5546 restrictions of the method";
  out.method = icalproperty_method_to_string(icalcomponent_get_method(calendar));
  icalcomponent* vtz = icalcomponent_get_first_component(calendar, ICAL_VTIMEZONE_COMPONENT);
  icalcomponent* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
  EXPECT_NE(vtz, nullptr);
  EXPECT_NE(event, nullptr);
  if (vtz && event) {
    icaltimezone* zone = icaltimezone_new();
    icaltimezone_set_component(zone, icalcomponent_new_clone(vtz));
    out.uid = icalcomponent_get_uid(event);
    out.summary = icalcomponent_get_summary(event);
    out.status = icalproperty_status_to_string(icalcomponent_get_status(event));
    icalproperty* start = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
    icalparameter* tzid = icalproperty_get_first_parameter(start, ICAL_TZID_PARAMETER);
    out.tzid = tzid ? icalparameter_get_tzid(tzid) : "";
    icaltimetype local = icalproperty_get_dtstart(start);
    out.start_utc = icaltime_as_timet_with_zone(local, zone);
    icalproperty* end = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY);
    out.end_utc = icaltime_as_timet_with_zone(icalproperty_get_dtend(end), zone);
    for (icalproperty* p = icalcomponent_get_first_property(event, ICAL_ATTENDEE_PROPERTY); p;
         p = icalcomponent_get_next_property(event, ICAL_ATTENDEE_PROPERTY))
      ++out.attendees;
    icaltimezone_free(zone, 1);
  }
  icalcomponent_free(calendar);
  return out;
}

TEST_F(HttpMeetingTest, TheIcsParsesBackWithTheRightTimesAndNoPersonalData) {
  // Expected UTC instants worked out by hand: CEST (+02:00) in summer; CET (+01:00) in winter;
  // the change on the last Sunday of March 2027 (the 28th) at 02:00.
  struct Case {
    std::string date, time;
    int64_t utc;
  } cases[] = {
      {"2026-06-01", "10:00", kDay + 8 * 3600},
      {"2026-12-01", "10:00", kDay + 183 * 86400 + 9 * 3600},
      {"2027-03-27", "10:00", kDay + 299 * 86400 + 9 * 3600},
      {"2027-03-28", "10:00", kDay + 300 * 86400 + 8 * 3600},
  };
  const Login fk = LogIn("fk.handlaggare");  // Invited, without a consent.
  for (const Case& c : cases) {
    const std::string id = Avstamning(c.date, c.time);
    auto r = Send(fk, bhttp::verb::get, "/api/v1/meetings/" + id + "/ics");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers["Content-Type"].rfind("text/calendar", 0), 0u);
    EXPECT_NE(r.headers["Content-Disposition"].find(".ics"), std::string::npos);
    for (const std::string& secret : {kPerson, std::string("19850312"), std::string("850312"), person_})
      EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;
    EXPECT_EQ(r.body.find("Vi ses i receptionen"), std::string::npos);  // The message stays in the system.
    const ParsedIcs ics = ParseIcs(r.body);
    EXPECT_EQ(ics.method, "REQUEST");
    EXPECT_EQ(ics.uid, id + "@rattvag");
    EXPECT_EQ(ics.summary, "Avstämningsmöte");
    EXPECT_EQ(ics.status, "CONFIRMED");
    EXPECT_EQ(ics.tzid, "Europe/Stockholm");
    EXPECT_EQ(ics.start_utc, c.utc) << c.date;
    EXPECT_EQ(ics.end_utc, c.utc + 90 * 60) << c.date;
    EXPECT_EQ(ics.attendees, 2);
    // The UID is the same on every export.
    EXPECT_EQ(ParseIcs(Send(eb_, bhttp::verb::get, "/api/v1/meetings/" + id + "/ics").body).uid, ics.uid);
  }
  EXPECT_EQ(AuditCount("action = 'meeting_ics' AND ground = 'invitation'"), 4);
  // Cancelled: METHOD:CANCEL with the same UID.
  const std::string id = Avstamning("2026-06-05");
  ASSERT_EQ(Send(eb_, bhttp::verb::post, "/api/v1/meetings/" + id + "/cancel", "{}", {{"If-Match", "\"1\""}}).status, 200);
  const ParsedIcs cancelled = ParseIcs(Send(fk, bhttp::verb::get, "/api/v1/meetings/" + id + "/ics").body);
  EXPECT_EQ(cancelled.method, "CANCEL");
  EXPECT_EQ(cancelled.status, "CANCELLED");
  EXPECT_EQ(cancelled.uid, id + "@rattvag");
  // Not invited: nothing.
  EXPECT_EQ(Send(LogIn("af.handlaggare"), bhttp::verb::get, "/api/v1/meetings/" + id + "/ics").status, 404);
}

}  // namespace
}  // namespace rattvag::http
