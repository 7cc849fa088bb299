// The person's own view over HTTP (issue 5 item 3): the caseworker creates the account and hands
// over a one-time code, the person chooses a password, logs in (lockout like staff), reads their
// consents and revokes one with immediate effect on the party, reads their log extract in plain
// Swedish; their session never reaches a staff route nor a staff session an /own route; another
// person's id is denied with 404 and logged.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/import.hpp"
#include "demo_server.hpp"
#include "http/case_access.hpp"
#include "http/case_routes.hpp"
#include "http/own_routes.hpp"
#include "http/person_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr int64_t kNow = 1'780'272'000 + 9 * 3600;  // Monday 2026-06-01, 09:00 UTC.
const std::string kAnna = "198503129804";            // Halmstad, consent C1 to FK and the region.
const std::string kBo = "199001019828";              // Halmstad, consent C2 to FK.
const std::string kLaholm = "197007079804";           // Laholm (1381).
const char* kPassword = "ett långt eget lösenord";

const char* kJournal = R"({"person":"198503129804","type":"eb_period_started","date":"2025-01-05","municipality":"1380"}
{"person":"198503129804","type":"target_group_identified","date":"2025-01-06","municipality":"1380","source":"caseworker"}
{"person":"198503129804","type":"consent_given","date":"2026-01-10","consent_id":"C1","parties":["fk","region"],"purpose":"samordnad rehabilitering"}
{"person":"199001019828","type":"eb_period_started","date":"2025-01-05","municipality":"1380"}
{"person":"199001019828","type":"target_group_identified","date":"2025-01-06","municipality":"1380","source":"caseworker"}
{"person":"199001019828","type":"consent_given","date":"2026-01-10","consent_id":"C2","parties":["fk"],"purpose":"p"}
{"person":"197007079804","type":"eb_period_started","date":"2025-01-05","municipality":"1381"}
{"person":"197007079804","type":"target_group_identified","date":"2025-01-06","municipality":"1381","source":"caseworker"}
)";

class HttpOwnTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) {
      AddPersonRoutes(router, sessions);
      AddCaseRoutes(router, sessions);
      AddOwnRoutes(router, sessions);
    });
    auto imported = ImportJsonLines(*journal_, kJournal, Date(2026, 6, 1));
    ASSERT_TRUE(imported.ok());
  }

  testing::HttpReply Send(const Login& who, bhttp::verb verb, const std::string& target, const std::string& body = "") {
    return testing::HttpSend(port_, verb, target, body, {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
  }
  std::string IdOf(const std::string& pnr) {
    auto record = journal_->LoadPerson(pnr);
    return record.ok() && *record ? (*record)->public_id : "";
  }
  // The caseworker creates (or resets) the account; the one-time code.
  std::string Issue(const std::string& pnr, const std::string& first_name = "Anna Maria") {
    auto r = Send(LogIn("eb.handlaggare"), bhttp::verb::post, "/api/v1/persons/" + IdOf(pnr) + "/own-account",
                  json::serialize(json::object{{"first_name", first_name}}));
    EXPECT_TRUE(r.status == 201 || r.status == 200) << r.body;
    return r.status < 300 ? std::string(json::parse(r.body).at("code").as_string()) : "";
  }
  testing::HttpReply Activate(const std::string& pnr, const std::string& code, const std::string& password = kPassword) {
    return testing::HttpSend(port_, bhttp::verb::post, "/api/v1/own/session/activate",
                             json::serialize(json::object{{"personnummer", pnr}, {"code", code}, {"password", password}}));
  }
  testing::HttpReply OwnLogIn(const std::string& pnr, const std::string& password = kPassword) {
    return testing::HttpSend(port_, bhttp::verb::post, "/api/v1/own/session",
                             json::serialize(json::object{{"personnummer", pnr}, {"password", password}}));
  }
  static Login LoginOf(const testing::HttpReply& r) {
    if (r.status != 200) return {};
    const std::string& set = r.headers.at("Set-Cookie");
    return {set.substr(0, set.find(';')), std::string(json::parse(r.body).at("csrf_token").as_string())};
  }
  // An activated account of `pnr`, logged in.
  Login Person(const std::string& pnr) {
    auto r = Activate(pnr, Issue(pnr));
    EXPECT_EQ(r.status, 200) << r.body;
    return LoginOf(r);
  }
};

TEST_F(HttpOwnTest, TheCaseworkerIssuesACodeAndThePersonChoosesAPassword) {
  const std::string code = Issue(kAnna);
  ASSERT_EQ(code.size(), 14u);  // ABCD-EFGH-JKMN
  EXPECT_EQ(AuditCount("action = 'own_account_create' AND person = '" + kAnna + "' AND user_id = 'u-demo-eb'"), 1);
  // Nothing stores the code in the clear.
  std::string plain = code;
  std::erase(plain, '-');
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM own_accounts WHERE length(activation_hash) != 64 OR "
                                     "instr(activation_hash, '" + plain + "') > 0 OR instr(activation_hash, '" + code + "') > 0"),
            0);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM own_accounts"), 1);
  auto status = Send(LogIn("eb.handlaggare"), bhttp::verb::get, "/api/v1/persons/" + IdOf(kAnna) + "/own-account");
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(json::parse(status.body).at("account").at("activated"), false);

  // No password yet: a login is refused like a wrong one.
  EXPECT_EQ(OwnLogIn(kAnna).status, 401);
  // A too short password is refused at its field, and the code stays usable.
  auto weak = Activate(kAnna, code, "kort");
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(json::parse(weak.body).at("error").at("field"), "password");
  auto bad_code = Activate(kAnna, "ABCD");
  EXPECT_EQ(bad_code.status, 400);
  EXPECT_EQ(json::parse(bad_code.body).at("error").at("field"), "code");

  // The code typed in lower case, with the personnummer in another form.
  std::string typed = code;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto first = Activate("19850312-9804", typed);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body).at("first_name"), "Anna");  // The first name only.
  const std::string& cookie = first.headers.at("Set-Cookie");
  EXPECT_EQ(cookie.rfind("__Host-rattvag_own=", 0), 0u) << cookie;
  for (const char* attribute : {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict"})
    EXPECT_NE(cookie.find(attribute), std::string::npos) << attribute;
  EXPECT_EQ(cookie.find("Domain"), std::string::npos);

  // The code is used up; the password works from now on.
  EXPECT_EQ(Activate(kAnna, code).status, 401);
  const Login anna = LoginOf(OwnLogIn(kAnna));
  ASSERT_FALSE(anna.cookie.empty());
  auto me = Send(anna, bhttp::verb::get, "/api/v1/own/session");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.body, json::serialize(json::object{{"first_name", "Anna"}, {"csrf_token", anna.csrf}}));
  EXPECT_EQ(AuditCount("action = 'own_login' AND outcome = 'allowed' AND person = '" + kAnna + "' AND party = 'person'"), 2);

  // Logging out ends the session.
  auto out = Send(anna, bhttp::verb::delete_, "/api/v1/own/session");
  EXPECT_EQ(out.status, 204);
  EXPECT_EQ(Send(anna, bhttp::verb::get, "/api/v1/own/session").status, 401);
}

TEST_F(HttpOwnTest, WrongPasswordsLockTheAccountLikeStaff) {
  Person(kAnna);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(OwnLogIn(kAnna, "fel lösenord igen").status, 401);
  auto locked = OwnLogIn(kAnna);  // Even the right password, while locked.
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.headers.count("Retry-After"), 1u);
  now_ += 61;
  EXPECT_EQ(OwnLogIn(kAnna).status, 200);
  // A person without an account and a person not in the journal answer the same.
  EXPECT_EQ(OwnLogIn(kBo).status, 401);
  EXPECT_EQ(OwnLogIn("19111111-9804").status, 401);
  EXPECT_EQ(AuditCount("action = 'own_login' AND outcome = 'denied' AND person = '" + kBo + "' AND detail = 'no account'"), 1);
  auto bad = OwnLogIn("19850312-9805");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("field"), "personnummer");
}

TEST_F(HttpOwnTest, AResetEndsTheSessionsAndTheOldPassword) {
  const Login anna = Person(kAnna);
  ASSERT_EQ(Send(anna, bhttp::verb::get, "/api/v1/own/session").status, 200);
  const std::string code = Issue(kAnna);
  EXPECT_EQ(AuditCount("action = 'own_account_reset' AND person = '" + kAnna + "'"), 1);
  EXPECT_EQ(Send(anna, bhttp::verb::get, "/api/v1/own/session").status, 401);
  EXPECT_EQ(OwnLogIn(kAnna).status, 401);
  EXPECT_EQ(Activate(kAnna, code, "ett nytt långt lösenord").status, 200);
}

TEST_F(HttpOwnTest, OnlyTheOwningEbUnitIssuesAccounts) {
  const std::string id = IdOf(kAnna);
  for (const char* user : {"fk.handlaggare", "eb.laholm", "admin"}) {
    auto r = Send(LogIn(user), bhttp::verb::post, "/api/v1/persons/" + id + "/own-account", "{}");
    EXPECT_EQ(r.status, 404) << user << ": " << r.body;
  }
  EXPECT_EQ(AuditCount("action = 'own_account_create' AND outcome = 'denied'"), 3);
  auto name = Send(LogIn("eb.handlaggare"), bhttp::verb::post, "/api/v1/persons/" + id + "/own-account",
                   R"({"first_name":"19850312-9804"})");
  EXPECT_EQ(name.status, 400);
  EXPECT_EQ(json::parse(name.body).at("error").at("field"), "first_name");
  EXPECT_EQ(Send(LogIn("eb.handlaggare"), bhttp::verb::post, "/api/v1/persons/" + id + "/own-account",
                 R"({"first_name":"Anna","extra":"x"})").status, 400);
}

TEST_F(HttpOwnTest, PersonAndStaffSessionsNeverCross) {
  const Login anna = Person(kAnna);
  const Login eb = LogIn("eb.handlaggare");
  // The person's session on staff routes: not logged in.
  EXPECT_EQ(Send(anna, bhttp::verb::get, "/api/v1/session").status, 401);
  EXPECT_EQ(Send(anna, bhttp::verb::get, "/api/v1/persons/" + IdOf(kAnna)).status, 401);
  EXPECT_EQ(Send(anna, bhttp::verb::get, "/api/v1/persons/" + IdOf(kAnna) + "/log").status, 401);
  EXPECT_EQ(Send(anna, bhttp::verb::delete_, "/api/v1/persons/" + IdOf(kAnna) + "/consents/C1").status, 401);
  // The person's token under the staff cookie's name, and a staff token under the person's.
  const std::string anna_token = anna.cookie.substr(anna.cookie.find('=') + 1);
  const std::string eb_token = eb.cookie.substr(eb.cookie.find('=') + 1);
  EXPECT_EQ(Send({"__Host-rattvag_session=" + anna_token, anna.csrf}, bhttp::verb::get, "/api/v1/session").status, 401);
  EXPECT_EQ(Send({"__Host-rattvag_own=" + eb_token, eb.csrf}, bhttp::verb::get, "/api/v1/own/consents").status, 401);
  // The staff session on the person's routes: not logged in.
  for (const char* path : {"/api/v1/own/session", "/api/v1/own/consents", "/api/v1/own/log"})
    EXPECT_EQ(Send(eb, bhttp::verb::get, path).status, 401) << path;
  EXPECT_EQ(Send(eb, bhttp::verb::delete_, "/api/v1/own/consents/C1").status, 401);
  // Both cookies at once: each side sees only its own.
  const Login both{eb.cookie + "; " + anna.cookie, anna.csrf};
  auto me = Send(both, bhttp::verb::get, "/api/v1/own/session");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(Send(both, bhttp::verb::get, "/api/v1/session").body).at("user").at("username"), "eb.handlaggare");
}

TEST_F(HttpOwnTest, NoStaffRoleReachesTheOwnRoutes) {
  for (const User& user : MakeDemoAccounts(6).users) {
    const Login staff = LogIn(user.username);
    for (const char* path : {"/api/v1/own/session", "/api/v1/own/consents", "/api/v1/own/log"})
      EXPECT_EQ(Send(staff, bhttp::verb::get, path).status, 401) << user.username << " " << path;
    EXPECT_EQ(Send(staff, bhttp::verb::delete_, "/api/v1/own/consents/C1").status, 401) << user.username;
    EXPECT_EQ(Send(staff, bhttp::verb::delete_, "/api/v1/own/session").status, 401) << user.username;
  }
  EXPECT_EQ(AuditCount("action = 'own_consent_revoke'"), 0);
}

TEST_F(HttpOwnTest, PersonSessionsHaveTheirOwnShorterTimeouts) {
  Login anna = Person(kAnna);
  now_ += 14 * 60;
  EXPECT_EQ(Send(anna, bhttp::verb::get, "/api/v1/own/session").status, 200);
  now_ += 15 * 60;  // Idle for 15 minutes since the last use.
  EXPECT_EQ(Send(anna, bhttp::verb::get, "/api/v1/own/session").status, 401);
  // Used every ten minutes, a session still ends two hours after login.
  anna = LoginOf(OwnLogIn(kAnna));
  for (int i = 0; i < 11; ++i) {
    now_ += 10 * 60;
    EXPECT_EQ(Send(anna, bhttp::verb::get, "/api/v1/own/session").status, 200) << i;
  }
  now_ += 10 * 60;
  EXPECT_EQ(Send(anna, bhttp::verb::get, "/api/v1/own/session").status, 401);
  // A staff session of the same age lives on (its own limits).
}

TEST_F(HttpOwnTest, ThePersonRevokesAConsentAndThePartyLosesAccessAtOnce) {
  const Login anna = Person(kAnna);
  const Login fk = LogIn("fk.handlaggare");
  const std::string id = IdOf(kAnna);
  ASSERT_EQ(Send(fk, bhttp::verb::get, "/api/v1/persons/" + id).status, 200);

  auto list = Send(anna, bhttp::verb::get, "/api/v1/own/consents");
  ASSERT_EQ(list.status, 200) << list.body;
  const json::value consents = json::parse(list.body);
  ASSERT_EQ(consents.at("consents").as_array().size(), 1u);
  const json::value& c1 = consents.at("consents").as_array()[0];
  EXPECT_EQ(c1.at("consent_id"), "C1");
  EXPECT_EQ(c1.at("in_force"), true);
  EXPECT_EQ(c1.at("parties").as_array()[0].at("name"), "Försäkringskassan");
  EXPECT_EQ(consents.at("can_see").as_array().size(), 2u);
  EXPECT_EQ(AuditCount("action = 'own_read_consents' AND person = '" + kAnna + "'"), 1);
  // The answer carries no personnummer.
  EXPECT_EQ(list.body.find(kAnna), std::string::npos);

  // Without the CSRF token, or from another site: refused.
  EXPECT_EQ(Send({anna.cookie, "wrong"}, bhttp::verb::delete_, "/api/v1/own/consents/C1").status, 403);
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::delete_, "/api/v1/own/consents/C1", "",
                              {{"Cookie", anna.cookie}, {"X-CSRF-Token", anna.csrf}, {"Origin", "https://evil.example"}})
                .status,
            403);
  auto revoked = Send(anna, bhttp::verb::delete_, "/api/v1/own/consents/C1");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(json::parse(revoked.body).at("revoked"), "2026-06-01");
  EXPECT_EQ(AuditCount("action = 'own_consent_revoke' AND person = '" + kAnna + "' AND party = 'person' AND ground = 'self'"), 1);
  // At once: FK and the region no longer see the person.
  EXPECT_EQ(Send(fk, bhttp::verb::get, "/api/v1/persons/" + id).status, 404);
  EXPECT_EQ(Send(LogIn("region.rehab"), bhttp::verb::get, "/api/v1/persons/" + id).status, 404);
  // The journal has the revocation, as any consent_revoked.
  auto timeline = Send(LogIn("eb.handlaggare"), bhttp::verb::get, "/api/v1/persons/" + id);
  EXPECT_NE(timeline.body.find("\"consent_revoked\""), std::string::npos);
  // Again: already revoked.
  EXPECT_EQ(Send(anna, bhttp::verb::delete_, "/api/v1/own/consents/C1").status, 409);
  auto after = json::parse(Send(anna, bhttp::verb::get, "/api/v1/own/consents").body);
  EXPECT_EQ(after.at("consents").as_array()[0].at("revoked"), "2026-06-01");
  EXPECT_TRUE(after.at("can_see").as_array().empty());
}

TEST_F(HttpOwnTest, AnotherPersonsIdIsDeniedAndLogged) {
  const Login anna = Person(kAnna);
  const Login fk = LogIn("fk.handlaggare");
  // Bo's consent id, and ids that exist nowhere: all "not found", each logged about Anna.
  for (const char* id : {"C2", "C9", "..", "%2e%2e"}) {
    auto r = Send(anna, bhttp::verb::delete_, std::string("/api/v1/own/consents/") + id);
    EXPECT_EQ(r.status, 404) << id << ": " << r.body;
    EXPECT_EQ(r.body, NotFound().body);
  }
  EXPECT_EQ(AuditCount("action = 'own_denied' AND outcome = 'denied' AND person = '" + kAnna + "'"), 4);
  EXPECT_EQ(AuditCount("person = '" + kBo + "'"), 0);
  // Bo's consent holds: FK still reads Bo.
  EXPECT_EQ(Send(fk, bhttp::verb::get, "/api/v1/persons/" + IdOf(kBo)).status, 200);
  // Bo's case id on the person's routes reaches nothing: there is no such route.
  EXPECT_EQ(Send(anna, bhttp::verb::get, "/api/v1/own/persons/" + IdOf(kBo)).status, 404);
}

TEST_F(HttpOwnTest, TheLogExtractSaysWhoReadWhatInPlainSwedish) {
  const Login anna = Person(kAnna);
  ASSERT_EQ(Send(LogIn("fk.handlaggare"), bhttp::verb::get, "/api/v1/persons/" + IdOf(kAnna)).status, 200);
  ASSERT_EQ(Send(LogIn("eb.handlaggare"), bhttp::verb::get, "/api/v1/persons/" + IdOf(kAnna)).status, 200);
  // Reading another person's case is not in Anna's extract.
  ASSERT_EQ(Send(LogIn("eb.handlaggare"), bhttp::verb::get, "/api/v1/persons/" + IdOf(kBo)).status, 200);
  auto r = Send(anna, bhttp::verb::get, "/api/v1/own/log");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::array entries = json::parse(r.body).at("entries").as_array();
  // Newest first: the read of the log itself.
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0].at("who"), "Du själv");
  EXPECT_EQ(entries[0].at("what"), "Du läste vem som har läst om dig");
  auto find = [&](std::string_view who) -> const json::value* {
    for (const auto& e : entries)
      if (e.at("who").as_string() == who) return &e;
    return nullptr;
  };
  const json::value* fk = find("Fatima Karlsson (demo)");
  ASSERT_NE(fk, nullptr) << r.body;
  EXPECT_EQ(fk->at("organisation"), "Försäkringskassan");
  EXPECT_EQ(fk->at("what"), "Läste ditt ärende");
  EXPECT_EQ(fk->at("why"), "Ditt samtycke");
  const json::value* eb = find("Eva Bergström (demo)");
  ASSERT_NE(eb, nullptr);
  EXPECT_EQ(eb->at("organisation"), "Ekonomiskt bistånd (kommunen)");
  EXPECT_EQ(eb->at("why"), "Ansvarar för ditt ärende");
  int reads_of_case = 0;
  for (const auto& e : entries) reads_of_case += e.at("what").as_string() == "Läste ditt ärende";
  EXPECT_EQ(reads_of_case, 2);  // FK's and EB's of Anna; not EB's of Bo.
  // Plain words only: no codes, no personnummer.
  for (const char* code : {"read_person", "consent:", "ownership", kAnna.c_str(), "socialsekreterare"})
    EXPECT_EQ(r.body.find(code), std::string::npos) << code;
  EXPECT_EQ(AuditCount("action = 'own_read_log' AND person = '" + kAnna + "'"), 1);
}

TEST_F(HttpOwnTest, BadInputNamesTheField) {
  struct Case {
    const char* path;
    const char* body;
    int status;
    const char* field;
  };
  const Case cases[] = {
      {"/api/v1/own/session", "[]", 400, "body"},
      {"/api/v1/own/session", R"({"personnummer":"198503129804"})", 400, "password"},
      {"/api/v1/own/session", R"({"password":"x"})", 400, "personnummer"},
      {"/api/v1/own/session", R"({"personnummer":198503129804,"password":"x"})", 400, "personnummer"},
      {"/api/v1/own/session", R"({"personnummer":"198503129804","password":"x","username":"a"})", 400, "username"},
      {"/api/v1/own/session/activate", R"({"personnummer":"198503129804","password":"ett långt eget lösenord"})", 400, "code"},
      {"/api/v1/own/session/activate", R"({"personnummer":"1985","code":"ABCD-EFGH-JKMN","password":"x"})", 400, "personnummer"},
  };
  for (const Case& c : cases) {
    auto r = testing::HttpSend(port_, bhttp::verb::post, c.path, c.body);
    EXPECT_EQ(r.status, c.status) << c.path << " " << c.body << ": " << r.body;
    if (r.status == c.status) {
      EXPECT_EQ(json::parse(r.body).at("error").at("field"), c.field) << c.body;
    }
  }
  auto plain = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/own/session", "x", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(plain.status, 415);
}

}  // namespace
}  // namespace rattvag::http
