// The authorization matrix over the server's routes (issue 3): every route has a policy here,
// so a new route without one fails this test; and the person routes are tried by every role
// against persons of the own and another municipality with every kind of consent, asserting
// the exact answer and that a refusal looks exactly like a missing person.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>
#include <set>

#include "app/import.hpp"
#include "demo_server.hpp"
#include "http/admin_routes.hpp"
#include "http/api.hpp"
#include "http/audit_routes.hpp"
#include "http/case_routes.hpp"
#include "http/form_routes.hpp"
#include "http/import_routes.hpp"
#include "http/knowledge_routes.hpp"
#include "http/meeting_routes.hpp"
#include "http/person_routes.hpp"
#include "http/referral_routes.hpp"
#include "http/report_routes.hpp"
#include "http/survey_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

// Who may use each route (the policy in words; the tests below and the route tests check it).
const std::map<std::pair<std::string, std::string>, std::string> kRoutePolicy = {
    {{"GET", "/healthz"}, "anyone"},
    {{"GET", "/metrics"}, "anyone on the listening address (no personal data)"},
    {{"GET", "/api/v1/openapi.json"}, "anyone"},
    {{"POST", "/api/v1/session"}, "anyone with a username and password"},
    {{"GET", "/api/v1/session"}, "a session"},
    {{"DELETE", "/api/v1/session"}, "a session with its CSRF token"},
    {{"POST", "/api/v1/session/totp"}, "a session with its CSRF token (the session's own user only)"},
    {{"POST", "/api/v1/session/totp/confirm"}, "a session with its CSRF token (the session's own user only)"},
    {{"POST", "/api/v1/persons/search"}, "read access to the person (DecideCaseAccess kRead)"},
    {{"GET", "/api/v1/persons/{id}"}, "read access to the person"},
    {{"GET", "/api/v1/persons/{id}/log"}, "ownership of the case"},
    {{"GET", "/api/v1/persons/{id}/consents"}, "read access to the person"},
    {{"POST", "/api/v1/persons/{id}/events"}, "read access, and record access for the event's type"},
    {{"GET", "/api/v1/worklist"}, "EB roles, their municipality"},
    {{"POST", "/api/v1/referrals"}, "EB roles"},
    {{"POST", "/api/v1/referrals/check"}, "EB roles (nothing stored or logged)"},
    {{"GET", "/api/v1/mailbox"}, "FK (its area) and EB (its municipality)"},
    {{"POST", "/api/v1/referrals/{id}/callback"}, "FK, within its area"},
    {{"GET", "/api/v1/report"}, "EB roles (own, full) and förbund analysts (area, suppressed)"},
    {{"GET", "/api/v1/report/over-time"}, "as /api/v1/report (http_report_test: the suppression)"},
    {{"POST", "/api/v1/persons"}, "EB roles, their municipality"},
    {{"POST", "/api/v1/persons/{id}/consents"}, "ownership of the case (DecideConsentChange kGive)"},
    {{"PATCH", "/api/v1/persons/{id}/consents/{consent_id}"}, "ownership of the case (DecideConsentChange kLimit)"},
    {{"DELETE", "/api/v1/persons/{id}/consents/{consent_id}"},
     "ownership, or a party named by that consent in force (DecideConsentChange kRevoke)"},
    {{"PUT", "/api/v1/persons/{id}/assignee"}, "ownership of the case; the assignee a user of the unit"},
    {{"DELETE", "/api/v1/persons/{id}/assignee"}, "ownership of the case"},
    {{"POST", "/api/v1/import"}, "EB roles, only their municipality's cases (http_case_test)"},
    {{"POST", "/api/v1/referrals/{id}/link"}, "the sending EB unit, owning the person, under a consent naming FK"},
    {{"GET", "/api/v1/audit/review"}, "enhetschef, its own municipality's persons; everyone else 403 (http_audit_test)"},
    {{"POST", "/api/v1/admin/units"}, "administrators"},
    {{"POST", "/api/v1/admin/users"}, "administrators"},
    {{"GET", "/api/v1/admin/units"}, "administrators (http_admin_test: everyone else 403)"},
    {{"GET", "/api/v1/admin/users"}, "administrators (http_admin_test: everyone else 403)"},
    {{"POST", "/api/v1/admin/users/{username}/disable"}, "administrators, not themselves (http_admin_test)"},
    {{"POST", "/api/v1/admin/users/{username}/enable"}, "administrators (http_admin_test)"},
    // Kunskapsbank (issue 4): the method and the contact list for everyone, kept by administrators.
    {{"GET", "/api/v1/method"}, "a session (every role)"},
    {{"GET", "/api/v1/contacts"}, "a session (every role)"},
    {{"POST", "/api/v1/contacts"}, "administrators, with the CSRF token (http_knowledge_test)"},
    {{"PUT", "/api/v1/contacts/{id}"}, "administrators, with the CSRF token (http_knowledge_test)"},
    {{"DELETE", "/api/v1/contacts/{id}"}, "administrators, with the CSRF token (http_knowledge_test)"},
    // The person's own view (issue 5 item 3; http_own_test): individuals' sessions only, never staff's.
    {{"POST", "/api/v1/own/session"}, "anyone with a personnummer and the person's password"},
    {{"POST", "/api/v1/own/session/activate"}, "anyone with a personnummer and its one-time code"},
    {{"GET", "/api/v1/own/session"}, "a person's session (a staff session is none)"},
    {{"DELETE", "/api/v1/own/session"}, "a person's session with its CSRF token"},
    {{"GET", "/api/v1/own/consents"}, "a person's session: their own consents only"},
    {{"DELETE", "/api/v1/own/consents/{consent_id}"}, "a person's session with its CSRF token: their own consents only (else 404, logged)"},
    {{"GET", "/api/v1/own/log"}, "a person's session: their own log extract only"},
    {{"GET", "/api/v1/persons/{id}/own-account"}, "ownership of the case"},
    {{"POST", "/api/v1/persons/{id}/own-account"}, "ownership of the case, with the CSRF token"},
    // FHIR R4 exports (issue 5 item 7).
    {{"GET", "/api/v1/persons/{id}/consents/fhir"}, "read access to the person, as its consents (http_fhir_test)"},
    // Issue 5 item 4: the forms as PDF.
    {{"POST", "/api/v1/persons/{id}/forms/{form}"},
     "ownership of the case (others with a consent 403, the rest 404); remissammanfattning also a consent "
     "covering FK (http_forms_test)"},
    // SIPs (issue 5 item 1; http_sip_test): the owner and parties under a consent in force see and
    // change the plan; an invited party without consent sees the invitation only.
    {{"POST", "/api/v1/persons/{id}/sips"}, "read access to the person, with the CSRF token"},
    {{"GET", "/api/v1/persons/{id}/sips"}, "read access to the person"},
    {{"GET", "/api/v1/sips/{sip}"}, "read access to the person (the plan); an invited party serving the municipality (the invitation only)"},
    {{"GET", "/api/v1/sips/{sip}/versions/{number}"}, "read access to the person"},
    {{"POST", "/api/v1/sips/{sip}/versions"}, "read access to the person, with the CSRF token and If-Match"},
    {{"GET", "/api/v1/sips/{sip}/compare"}, "read access to the person"},
    {{"GET", "/api/v1/sips/{sip}/pdf"}, "read access to the person (http_sip_test: ThePlanPrintsAsAPdfAndExportsAsFhir)"},
    {{"GET", "/api/v1/sips/{sip}/fhir"}, "read access to the person (http_sip_test: ThePlanPrintsAsAPdfAndExportsAsFhir)"},
    {{"GET", "/api/v1/sip-invitations"}, "the parties' roles (their area or municipality); analysts and administrators 403"},
    // Meetings (issue 5 item 2; http_meeting_test): the case's readers see all of a meeting, an
    // invited party without consent the invitation only; everyone else 404.
    {{"POST", "/api/v1/persons/{id}/meetings"}, "read access to the person (schedule)"},
    {{"GET", "/api/v1/persons/{id}/meetings"}, "read access to the person"},
    {{"GET", "/api/v1/meetings"}, "a party's role: the meetings its party is invited to or its unit called"},
    {{"GET", "/api/v1/meetings/{meeting_id}"}, "read access to the person (all), or invited (the invitation only)"},
    {{"PATCH", "/api/v1/meetings/{meeting_id}"}, "read access to the person, If-Match"},
    {{"POST", "/api/v1/meetings/{meeting_id}/cancel"}, "read access to the person, If-Match"},
    {{"PUT", "/api/v1/meetings/{meeting_id}/answer"}, "the invited party (no consent needed)"},
    {{"POST", "/api/v1/meetings/{meeting_id}/minutes"},
     "read access, and record access for every event the minutes make; If-Match"},
    {{"GET", "/api/v1/meetings/{meeting_id}/ics"}, "read access to the person, or invited (no personal data in it)"},
    // Questionnaires (issue 5 item 5; http_survey_test).
    {{"GET", "/api/v1/surveys"}, "a session (every role)"},
    {{"POST", "/api/v1/surveys/answers"},
     "the parties' staff (not analysts or administrators); a named person needs read and record access"},
    {{"POST", "/api/v1/surveys/staff/answers"}, "EB and FK staff, for themselves, placed in a municipality they work for"},
    {{"GET", "/api/v1/report/surveys"}, "as /api/v1/report (EB own in full, förbund analysts suppressed)"},
    // Mina sidor: the person's plan, meetings and questionnaires (http_own_plan_test): a person's
    // session only (staff 401); another person's id 404, logged.
    {{"GET", "/api/v1/own/sips"}, "a person's session: their own SIPs only"},
    {{"GET", "/api/v1/own/sips/{sip}"}, "a person's session: their own SIP only (else 404, logged)"},
    {{"GET", "/api/v1/own/sips/{sip}/pdf"}, "a person's session: their own SIP only (else 404, logged)"},
    {{"GET", "/api/v1/own/meetings"}, "a person's session: their own meetings only"},
    {{"GET", "/api/v1/own/surveys"}, "a person's session: the questionnaires open to them"},
    {{"POST", "/api/v1/own/surveys/answers"}, "a person's session with its CSRF token: a questionnaire open to them"},
};

constexpr int64_t kNow = 1'780'272'000;  // 2026-06-01.

// Persons of Halmstad (the demo EB unit's) with each kind of consent to FK and the region, and
// one of Burlöv (served by the same FK office and region) with a consent in force.
struct Person {
  const char* pnr;
  const char* municipality;
  const char* consent;  // Lines after the registration, or "".
  bool consent_in_force;
};
const Person kPersons[] = {
    {"198503129804", "1380", "", false},  // No consent.
    {"199001019828", "1380", R"({"type":"consent_given","date":"2026-01-10","consent_id":"C1","parties":["fk","region"],"purpose":"p"})", true},
    {"198001019804", "1380",
     R"({"type":"consent_given","date":"2026-01-10","consent_id":"C1","parties":["fk","region"],"purpose":"p"}
{"type":"consent_revoked","date":"2026-05-01","consent_id":"C1"})", false},  // Revoked.
    {"197505059803", "1380", R"({"type":"consent_given","date":"2025-01-10","consent_id":"C1","parties":["fk","region"],"purpose":"p","until":"2026-05-31"})", false},  // Expired.
    {"197007079804", "1231", R"({"type":"consent_given","date":"2026-01-10","consent_id":"C1","parties":["fk","region"],"purpose":"p"})", true},
};

std::string JournalLines() {
  std::string out;
  for (const Person& p : kPersons) {
    const std::string head = std::string(R"({"person":")") + p.pnr + "\",";
    out += head + R"("type":"eb_period_started","date":"2025-01-05","municipality":")" + p.municipality + "\"}\n";
    out += head + R"("type":"target_group_identified","date":"2025-01-06","municipality":")" + p.municipality +
           R"(","source":"caseworker"})" "\n";
    std::string consent = p.consent;
    for (size_t start = 0; start < consent.size();) {
      const size_t end = std::min(consent.find('\n', start), consent.size());
      out += head + consent.substr(start + 1, end - start - 1) + "\n";
      start = end + 1;
    }
  }
  return out;
}

class HttpMatrixTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) {
      AddPersonRoutes(router, sessions);
      AddCaseRoutes(router, sessions);
      AddReferralRoutes(router, sessions);
      AddReportRoutes(router, sessions);
      AddFormRoutes(router, sessions);
      AddAdminRoutes(router, sessions);
      AddImportRoutes(router, sessions);
      AddAuditRoutes(router, sessions);
      AddKnowledgeRoutes(router, sessions);
      AddMeetingRoutes(router, sessions);  // Issue 5: meetings.
      AddSurveyRoutes(router, sessions);
    });
    auto imported = ImportJsonLines(*journal_, JournalLines(), Date(2026, 6, 1));
    ASSERT_TRUE(imported.ok()) << imported.errors[0].line << ": " << imported.errors[0].error.ToString();
  }
};

TEST_F(HttpMatrixTest, EveryRouteHasAPolicy) {
  Router all;
  Metrics metrics;
  AddSystemRoutes(all, metrics, [] { return Status::Ok(); });
  AddApiRoutes(all, *context_);
  std::set<std::pair<std::string, std::string>> routed, covered;
  for (const auto& r : all.Routes()) routed.insert({r.method, r.path});
  for (const auto& [route, policy] : kRoutePolicy) covered.insert(route);
  EXPECT_EQ(routed, covered) << "a route without a policy in the matrix, or a policy without a route";
}

TEST_F(HttpMatrixTest, PersonRoutesByEveryRoleAndConsent) {
  const std::string not_found = ErrorResponse(404, "person", "no such person").body;
  int checked = 0;
  for (const User& user : MakeDemoAccounts(6).users) {
    const Login who = LogIn(user.username);
    const std::optional<Party> party = PartyOf(user.role);
    for (const Person& p : kPersons) {
      SCOPED_TRACE(user.username + " / " + p.pnr);
      const std::string id = (*journal_->LoadPerson(p.pnr))->public_id;
      // Expected, from DOMAIN.md §3: the EB unit of Halmstad owns Halmstad's persons; FK and
      // the region (serving Halmstad and Burlöv) read under a consent in force naming them;
      // AF, AME and the nurse are named by no consent here; analysts and admins never.
      const bool own = party == Party::kEb && std::string(p.municipality) == "1380";
      const bool by_consent = (party == Party::kFk || party == Party::kRegion) && p.consent_in_force;
      const bool read = own || by_consent;
      auto get = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id, "", {{"Cookie", who.cookie}});
      EXPECT_EQ(get.status, read ? 200 : 404);
      if (!read) {
        EXPECT_EQ(get.body, not_found);  // Leaks nothing, not even existence.
      }
      auto search = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/search",
                                      json::serialize(json::object{{"personnummer", p.pnr}}),
                                      {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
      EXPECT_EQ(search.status, read ? 200 : 404);
      if (!read) {
        EXPECT_EQ(search.body, not_found);
      }
      auto log = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id + "/log", "", {{"Cookie", who.cookie}});
      EXPECT_EQ(log.status, own ? 200 : 404);
      auto consents = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id + "/consents", "", {{"Cookie", who.cookie}});
      EXPECT_EQ(consents.status, read ? 200 : 404);
      // Recording a SIP meeting: every party with read access may (no change is made: the
      // If-Match is stale on purpose, so an allowed request answers 409, a refused one 404).
      auto record = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/" + id + "/events",
                                      R"({"type":"sip_meeting_held","date":"2026-05-30","parties":["eb","fk"]})",
                                      {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}, {"If-Match", "\"999\""}});
      EXPECT_EQ(record.status, read ? 409 : 404);
      // Consents: the owner gives, limits and revokes; a party named by a consent in force may
      // record its revocation; every other reader is refused (403), a non-reader learns nothing
      // (404). A stale If-Match makes every allowed change answer 409 without changing anything.
      const bool has_consent = std::string(p.consent).size() > 0;
      const std::vector<std::pair<std::string, std::string>> stale = {
          {"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}, {"If-Match", "\"999\""}};
      auto give = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/" + id + "/consents",
                                    R"({"parties":["af"],"purpose":"samordning"})", stale);
      EXPECT_EQ(give.status, own ? 409 : read ? 403 : 404) << give.body;
      auto limit = testing::HttpSend(port_, bhttp::verb::patch, "/api/v1/persons/" + id + "/consents/C1",
                                     R"({"parties":["fk"]})", stale);
      EXPECT_EQ(limit.status, !read       ? 404
                              : !own      ? 403
                              : !has_consent ? 404
                              : p.consent_in_force ? 409
                                                   : 400)
          << limit.body;
      auto revoke = testing::HttpSend(port_, bhttp::verb::delete_, "/api/v1/persons/" + id + "/consents/C1", "", stale);
      EXPECT_EQ(revoke.status, !read ? 404 : (own && !has_consent) ? 404 : 409) << revoke.body;
      if (!read) {
        EXPECT_EQ(give.body, not_found);
        EXPECT_EQ(limit.body, not_found);
        EXPECT_EQ(revoke.body, not_found);
      }
      // Assigning the case: the owner only.
      auto assign = testing::HttpSend(port_, bhttp::verb::put, "/api/v1/persons/" + id + "/assignee",
                                      R"({"username":"eb.handlaggare"})",
                                      {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
      EXPECT_EQ(assign.status, own ? 200 : read ? 403 : 404) << assign.body;
      if (!read) {
        EXPECT_EQ(assign.body, not_found);
      }
      // The referral summary as PDF: the owner only, and only under a consent in force naming FK.
      auto form = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/" + id + "/forms/remissammanfattning",
                                    R"({"caseworker_name":"Eva Ek","caseworker_phone":"035-13 70 00"})",
                                    {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
      EXPECT_EQ(form.status, own ? (p.consent_in_force ? 200 : 409) : read ? 403 : 404) << form.body.substr(0, 200);
      if (!read) {
        EXPECT_EQ(form.body, not_found);
      }
      checked += 10;
    }
  }
  EXPECT_EQ(checked, 10 * 5 * 10);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

TEST_F(HttpMatrixTest, ConsentsShowWhoCanSeeTheCase) {
  const Login eb = LogIn("eb.handlaggare");
  auto get = [&](const char* pnr) {
    const std::string id = (*journal_->LoadPerson(pnr))->public_id;
    auto r = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id + "/consents", "", {{"Cookie", eb.cookie}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  };
  const json::value in_force = get("199001019828");
  EXPECT_EQ(in_force.at("person").as_string(), "199001019828");  // The consent view names whom it is about.
  ASSERT_EQ(in_force.at("consents").as_array().size(), 1u);
  EXPECT_TRUE(in_force.at("consents").as_array()[0].at("in_force").as_bool());
  EXPECT_EQ(in_force.at("can_see").as_array().size(), 3u);  // EB (owner), FK, region.
  EXPECT_EQ(in_force.at("can_see").as_array()[1].at("party").as_string(), "fk");
  const json::value revoked = get("198001019804");
  EXPECT_FALSE(revoked.at("consents").as_array()[0].at("in_force").as_bool());
  EXPECT_EQ(revoked.at("consents").as_array()[0].at("revoked").as_string(), "2026-05-01");
  EXPECT_EQ(revoked.at("can_see").as_array().size(), 1u);  // The owner only.
  const json::value expired = get("197505059803");
  EXPECT_EQ(expired.at("consents").as_array()[0].at("until").as_string(), "2026-05-31");
  EXPECT_EQ(expired.at("can_see").as_array().size(), 1u);
}

// The routes that are not about one person, by every role and (where it matters) own and other
// municipality. The expected answers come from the policy functions of the domain (PartyOf,
// MaySeeMailbox, DecideAggregateAccess), not from the handlers; each allowed request must
// pass authorization and each refused one answer 403 (404 for a referral outside the mailbox,
// which must not tell whether it exists).
TEST_F(HttpMatrixTest, OtherRoutesByEveryRole) {
  const std::vector<std::string> users = {"eb.handlaggare", "eb.kontakt", "eb.chef", "fk.handlaggare", "region.rehab",
                                          "af.handlaggare", "ame.handlaggare", "sjukskoterska", "forbund.analys",
                                          "admin", "fk.annan", "eb.laholm"};
  const Login sender = LogIn("eb.handlaggare");
  auto new_referral = [&] {
    auto r = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/referrals",
                               R"({"contact_name":"Eva","contact_phone":"035-13 70 00","description":"Sjukskriven länge utan SGI."})",
                               {{"Cookie", sender.cookie}, {"X-CSRF-Token", sender.csrf}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(json::parse(r.body).at("id").as_string());
  };
  const std::string no_consent_person = (*journal_->LoadPerson("198503129804"))->public_id;
  std::set<std::string> roles_seen;
  int checked = 0;
  for (const std::string& username : users) {
    SCOPED_TRACE(username);
    auto stored = journal_->FindUserByUsername(username);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    auto unit = journal_->FindUnit((*stored)->user.unit_id);
    ASSERT_TRUE(unit.ok() && unit->has_value());
    const Actor actor = ActorOf((*stored)->user, **unit);
    roles_seen.insert(std::string(Name(actor.role)));
    const std::optional<Party> party = PartyOf(actor.role);
    const bool eb = party == Party::kEb;
    const Login who = LogIn(username);
    const std::vector<std::pair<std::string, std::string>> headers = {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}};
    auto status = [&](bhttp::verb verb, const std::string& target, const std::string& body = "") {
      return testing::HttpSend(port_, verb, target, body, headers).status;
    };
    auto expect = [&](int got, bool allowed, int allowed_status, int refused_status, const char* what) {
      EXPECT_EQ(got, allowed ? allowed_status : refused_status) << what;
      ++checked;
    };
    expect(status(bhttp::verb::get, "/api/v1/worklist"), eb, 200, 403, "worklist");
    expect(status(bhttp::verb::post, "/api/v1/persons", R"({"personnummer":"not a number"})"), eb, 400, 403, "register");
    expect(status(bhttp::verb::post, "/api/v1/import?dry_run=true",
                  R"({"type":"eb_period_started","person":"198503129804","date":"2026-01-05","municipality":")" +
                      actor.municipality + "\"}\n"),
           // Halmstad's unit: a second open EB period; Laholm's: a person Halmstad keeps. Both are
           // refused line by line (422) once the role may import at all.
           eb, 422, 403, "import (a person Halmstad keeps, with an open EB period)");
    expect(status(bhttp::verb::post, "/api/v1/referrals",
                  R"({"contact_name":"Eva","contact_phone":"035","description":"Sjukskriven länge utan SGI."})"),
           eb, 201, 403, "referral");
    expect(status(bhttp::verb::post, "/api/v1/referrals/check", R"({"description":"Sjukskriven utan SGI."})"), eb, 200,
           403, "referral check");
    const bool mailbox = MaySeeMailbox(actor, actor.municipality) ||
                         std::any_of(actor.area.begin(), actor.area.end(),
                                     [&](const std::string& m) { return MaySeeMailbox(actor, m); });
    expect(status(bhttp::verb::get, "/api/v1/mailbox"), mailbox, 200, 403, "mailbox");
    // A Halmstad referral: FK serving Halmstad calls back; everyone else does not see it.
    const std::string referral = new_referral();
    expect(status(bhttp::verb::post, "/api/v1/referrals/" + referral + "/callback"),
           party == Party::kFk && MaySeeMailbox(actor, "1380"), 200, 404, "callback");
    // Linking needs the sending unit and a consent naming FK (none here: 409 when allowed so far).
    expect(status(bhttp::verb::post, "/api/v1/referrals/" + referral + "/link",
                  json::serialize(json::object{{"person_id", no_consent_person}})),
           eb && actor.municipality == "1380", 409, 404, "link");
    const bool report = DecideAggregateAccess(actor, "1380") != AggregateAccess::kDenied;
    expect(status(bhttp::verb::get, "/api/v1/report?as_of=2026-06-01&municipalities=1380"), report, 200, 403,
           "report of Halmstad");
    expect(status(bhttp::verb::get, "/api/v1/report?as_of=2026-06-01&municipalities=1380&format=xlsx"), report, 200, 403,
           "report of Halmstad as xlsx");
    expect(status(bhttp::verb::get, "/api/v1/report/over-time?as_of=2026-06-01&municipalities=1380"), report, 200, 403,
           "report over time of Halmstad");
    expect(status(bhttp::verb::get, "/api/v1/audit/review?from=2026-05-01&to=2026-06-01"),
           actor.role == Role::kEnhetschef, 200, 403, "access review");
    expect(status(bhttp::verb::post, "/api/v1/admin/units", R"({"id":"x"})"), actor.role == Role::kAdministrator, 400,
           403, "add unit (a bad one)");
    expect(status(bhttp::verb::post, "/api/v1/admin/users", R"({"username":"x"})"), actor.role == Role::kAdministrator,
           400, 403, "add user (a bad one)");
  }
  EXPECT_EQ(roles_seen.size(), AllRoles().size());  // Every role of the system was tried.
  EXPECT_EQ(checked, static_cast<int>(users.size()) * 14);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

// The Kunskapsbank's routes by every role: everyone reads the method and the contacts; only
// administrators change the contacts (a bad body answers 400 and an unknown id 404 once the role
// passes; everyone else 403).
TEST_F(HttpMatrixTest, KnowledgeRoutesByEveryRole) {
  std::set<Role> roles;
  for (const User& user : MakeDemoAccounts(6).users) {
    SCOPED_TRACE(user.username);
    roles.insert(user.role);
    const Login who = LogIn(user.username);
    const std::vector<std::pair<std::string, std::string>> headers = {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}};
    const bool admin = user.role == Role::kAdministrator;
    EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/method", "", headers).status, 200);
    EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/contacts", "", headers).status, 200);
    EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::post, "/api/v1/contacts", R"({"party":"x"})", headers).status,
              admin ? 400 : 403);
    EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::put, "/api/v1/contacts/k-nope", R"({"party":"x"})", headers).status,
              admin ? 400 : 403);
    EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::delete_, "/api/v1/contacts/k-nope", "", headers).status,
              admin ? 404 : 403);
  }
  EXPECT_EQ(roles.size(), AllRoles().size());
}

// Meetings (issue 5 item 2) by every role, for persons with every kind of consent: a meeting
// called by the person's EB unit with FK and the region invited. Whoever reads the case sees all
// of it; FK and the region within their area see the invitation only; everyone else gets 404.
// A stale If-Match makes every allowed change answer 409 without changing anything.
TEST_F(HttpMatrixTest, MeetingRoutesByEveryRoleAndConsent) {
  const std::vector<std::string> users = {"eb.handlaggare", "eb.kontakt", "eb.chef", "fk.handlaggare", "region.rehab",
                                          "af.handlaggare", "ame.handlaggare", "sjukskoterska", "forbund.analys",
                                          "admin", "fk.annan", "eb.laholm"};
  std::map<std::string, std::string> meeting_of;  // Person → meeting id.
  {
    UnitOfWork work(*journal_);
    ASSERT_TRUE(work.Begin().ok());
    for (const Person& p : kPersons) {
      Meeting m;
      m.id = "m-matrix-" + std::to_string(meeting_of.size());  // Never the personnummer.
      m.person = p.pnr;
      m.municipality = p.municipality;
      m.kind = MeetingKind::kAvstamning;
      m.date = Date(2026, 6, 10);
      m.start_minutes = 600;
      m.place = "Rum 1";
      m.invitations = {Invite(Party::kFk), Invite(Party::kRegion)};
      m.called_by_unit = std::string("eb-") + p.municipality;
      m.called_by_user = "u-demo-eb";
      m.called_by_name = "EB";
      m.created_at = "2026-06-01T00:00:00.000Z";
      ASSERT_TRUE(journal_->AddMeeting(m).ok());
      meeting_of[p.pnr] = m.id;
    }
    ASSERT_TRUE(work.Commit().ok());
  }
  const std::string not_found = R"({"error":{"field":"meeting","reason":"no such meeting"}})";
  int checked = 0;
  for (const std::string& username : users) {
    const Login who = LogIn(username);
    const std::vector<std::pair<std::string, std::string>> headers = {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}};
    auto stale = headers;
    stale.push_back({"If-Match", "\"999\""});
    for (const Person& p : kPersons) {
      const std::string id = (*journal_->LoadPerson(p.pnr))->public_id;
      const std::string meeting = "/api/v1/meetings/" + meeting_of[p.pnr];
      // Read access to the case, as the person routes (checked above) decide it.
      const bool read = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id, "", headers).status == 200;
      const bool invited = username == "fk.handlaggare" || username == "region.rehab";  // Their area holds both.
      const bool sees = read || invited;
      auto got = testing::HttpSend(port_, bhttp::verb::get, meeting, "", headers);
      EXPECT_EQ(got.status, sees ? 200 : 404) << username << " " << p.pnr << ": " << got.body;
      if (got.status == 200) {
        EXPECT_EQ(json::parse(got.body).at("access"), read ? "full" : "invitation") << username << " " << p.pnr;
        if (!read) {
          EXPECT_EQ(got.body.find(p.pnr), std::string::npos);
        }
      } else {
        EXPECT_EQ(got.body, not_found);
      }
      EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, meeting + "/ics", "", headers).status, sees ? 200 : 404);
      EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/persons/" + id + "/meetings", "", headers).status,
                read ? 200 : 404);
      EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::patch, meeting, R"({"time":"11:00"})", stale).status,
                read ? 409 : 404) << username << " " << p.pnr;
      EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::post, meeting + "/minutes", R"({"attendees":["fk"]})", stale).status,
                read ? 409 : 404);
      EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::post, meeting + "/cancel", "{}", stale).status, read ? 409 : 404);
      // Answering: the invited parties; a reader whose party is not invited is told so.
      auto answer = testing::HttpSend(port_, bhttp::verb::put, meeting + "/answer", R"({"answer":"kanske"})", headers);
      EXPECT_EQ(answer.status, invited ? 400 : read ? 403 : 404) << username << " " << p.pnr << ": " << answer.body;
      checked += 8;
    }
  }
  EXPECT_EQ(checked, 12 * 5 * 8);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

// The questionnaire routes by every role: the definitions for everyone; a paper answer (placed
// in Halmstad) by the parties' staff; the own staff answer by EB and FK; the results as the report.
TEST_F(HttpMatrixTest, SurveyRoutesByEveryRole) {
  std::set<Role> roles;
  for (const User& user : MakeDemoAccounts(6).users) {
    SCOPED_TRACE(user.username);
    roles.insert(user.role);
    const Login who = LogIn(user.username);
    const std::vector<std::pair<std::string, std::string>> headers = {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}};
    const std::optional<Party> party = PartyOf(user.role);
    auto status = [&](bhttp::verb verb, const std::string& target, const std::string& body = "") {
      return testing::HttpSend(port_, verb, target, body, headers).status;
    };
    EXPECT_EQ(status(bhttp::verb::get, "/api/v1/surveys"), 200);
    // Every party's unit here works for Halmstad (the municipality's units, or FK/region/AF's area).
    EXPECT_EQ(status(bhttp::verb::post, "/api/v1/surveys/answers",
                     R"({"survey":"indikatorer","answers":{"more_ready":true},"municipality":"1380"})"),
              party ? 201 : 403);
    EXPECT_EQ(status(bhttp::verb::post, "/api/v1/surveys/staff/answers",
                     R"({"answers":{"contact":"good"},"municipality":"1380"})"),
              party == Party::kEb || party == Party::kFk ? 201 : 403);
    const bool report = DecideAggregateAccess(ActorOf(user, **journal_->FindUnit(user.unit_id)), "1380") !=
                        AggregateAccess::kDenied;
    EXPECT_EQ(status(bhttp::verb::get, "/api/v1/report/surveys?as_of=2026-06-01&municipalities=1380"),
              report ? 200 : 403);
  }
  EXPECT_EQ(roles.size(), AllRoles().size());
}

}  // namespace
}  // namespace rattvag::http
