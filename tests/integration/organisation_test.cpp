// The organisation file (`rattvag config apply`) and `rattvag user password` through the real
// binary (issue 3 item 2): every problem of a bad file with its path and nothing stored; a good
// file applied in one transaction and audited; a second apply changes nothing; --check changes
// nothing; a difference is reported and not applied; a new password ends open sessions.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "app/demo.hpp"
#include "app/login.hpp"
#include "security/password.hpp"
#include "storage/journal.hpp"
#include "test_support.hpp"

namespace rattvag {
namespace {

using testing::DumpDatabase;
using testing::QueryInt;
using testing::QueryText;
using testing::RunRattvag;
using testing::TempDir;

bool Contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::string ExampleFile() { return std::string(RATTVAG_TEST_DATA) + "/../../docs/organisation.example.json"; }

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class OrganisationCli : public ::testing::Test {
 protected:
  void SetUp() override { db_ = dir_.File("org.db"); }
  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = dir_.File(name);
    testing::WriteFile(path, content);
    return path;
  }
  testing::CommandResult Apply(const std::string& file, const std::string& extra = "") {
    return RunRattvag("config apply --db " + db_ + " " + extra + " " + file);
  }
  // `rattvag user password` with `password` on standard input.
  testing::CommandResult SetPassword(const std::string& username, const std::string& password) {
    const std::string input = Write("password.txt", password + "\n");
    return RunRattvag("user password --db " + db_ + " --username " + username + " --password-stdin < " + input);
  }
  int64_t Count(const std::string& sql) { return QueryInt(db_, sql); }

  TempDir dir_;
  std::string db_;
};

TEST(OrganisationHelp, TheCommandsAreDocumented) {
  auto r = RunRattvag("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* text : {"rattvag config apply --db DB [--check] FILE.json", "rattvag user password --db DB"})
    EXPECT_TRUE(Contains(r.out, text)) << text;
  auto usage = RunRattvag("config frobnicate x.json --db x.db");
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_TRUE(Contains(usage.out, "config: the subcommand is `apply`")) << usage.out;
}

TEST_F(OrganisationCli, ABadFileReportsEveryProblemWithItsPathAndStoresNothing) {
  ASSERT_EQ(RunRattvag("unit add --db " + db_ + " --id eb-1380 --kind eb --name 'EB Halmstad' --municipality 1380").exit_code, 0);
  const std::string before = DumpDatabase(db_);
  const std::string file = Write("bad.json", R"json({
  "units": [
    {"id": "eb-1381", "name": "EB Laholm", "kind": "eb"},
    {"id": "fk-x", "name": "FK", "kind": "fk", "area": ["1380", "138"]},
    {"id": "eb-1381", "name": "Again", "kind": "eb", "municipality": "1381"},
    {"id": "ame-1380", "name": "AME", "kind": "ame", "municipality": "1380", "colour": "blue"},
    {"id": "af-x", "name": "AF", "kind": "af", "area": "1380,1381"},
    {"id": "ok-unit", "name": "Good", "kind": "forbund", "area": ["1380"]}
  ],
  "users": [
    {"username": "a.one", "name": "A", "role": "chef", "unit": "eb-1380"},
    {"username": "a.two", "name": "A", "role": "socialsekreterare", "unit": "nowhere"},
    {"username": "a.three", "name": "A", "role": "rehabsamordnare", "unit": "eb-1380"},
    {"username": "A Four", "name": "A", "role": "socialsekreterare", "unit": "eb-1380"},
    {"username": "a.five", "name": "A", "role": "socialsekreterare", "unit": "eb-1380", "disabled": "yes"},
    {"username": "a.six", "name": "A", "role": "socialsekreterare", "unit": "eb-1380"},
    {"username": "a.six", "name": "A", "role": "socialsekreterare", "unit": "eb-1380"},
    {"username": "a.eight", "name": "", "role": "forbund_analyst", "unit": "ok-unit"},
    {"username": "a.nine", "name": "A", "role": "socialsekreterare"},
    {"username": "a.ten", "name": 10, "role": "socialsekreterare", "unit": "eb-1380"}
  ],
  "colour": "red"
})json");
  auto r = Apply(file);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const std::vector<std::string> expected = {
      "colour: ",
      "units[0].municipality: ",
      "units[1].area: holds '138'",
      "units[2].id: is declared twice (first as units[0])",
      "units[3].colour: ",
      "units[4].area: must be an array",
      "users[0].role: is not a role",
      "users[1].unit: no unit has this id",
      "users[2].role: rehabsamordnare belongs to a region unit",
      "users[3].username: ",
      "users[4].disabled: must be true or false",
      "users[6].username: is declared twice (first as users[5])",
      "users[7].name: ",
      "users[8].unit: is required",
      "users[9].name: must be a string",
  };
  for (const std::string& e : expected) EXPECT_TRUE(Contains(r.out, file + ": " + e)) << e << "\n" << r.out;
  // Each problem once, and nothing else reported as a problem.
  size_t lines = 0;
  for (size_t at = r.out.find(file + ": "); at != std::string::npos; at = r.out.find(file + ": ", at + 1)) ++lines;
  EXPECT_EQ(lines, expected.size()) << r.out;
  EXPECT_TRUE(Contains(r.out, "nothing changed (15 problems)")) << r.out;
  EXPECT_EQ(DumpDatabase(db_), before);

  auto not_json = Apply(Write("broken.json", "{\"units\": ["));
  EXPECT_EQ(not_json.exit_code, 1);
  EXPECT_TRUE(Contains(not_json.out, "broken.json: is not valid JSON")) << not_json.out;
  auto missing = Apply(dir_.File("missing.json"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(Contains(missing.out, "missing.json: cannot be read")) << missing.out;
  EXPECT_EQ(DumpDatabase(db_), before);
}

TEST_F(OrganisationCli, TheExampleFileIsAppliedOnceAndAgainChangesNothing) {
  auto first = Apply(ExampleFile());
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_TRUE(Contains(first.out, "applied: 13 units and 12 users added, 0 users disabled, 0 enabled")) << first.out;
  EXPECT_EQ(Count("SELECT count(*) FROM units"), 13);
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 12);
  EXPECT_EQ(Count("SELECT count(*) FROM users WHERE password_hash <> ''"), 0);  // An IdP or `user password` later.
  EXPECT_EQ(Count("SELECT disabled FROM users WHERE username = 'gunnar.ny'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM users WHERE disabled = 1"), 1);
  EXPECT_EQ(QueryText(db_, "SELECT area FROM units WHERE id = 'fk-demo'"), "1380,1381,1499,1231,1230,1763");
  EXPECT_EQ(QueryText(db_, "SELECT role || ' ' || unit_id FROM users WHERE username = 'sofia.strand'"),
            "personlig_handlaggare_fk fk-demo");
  // One audit entry per change, by the command line, and the chain holds.
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'unit_add' AND user_id = 'command-line'"), 13);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'user_add' AND user_id = 'command-line'"), 12);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log"), 25);
  EXPECT_EQ(RunRattvag("audit verify --db " + db_).exit_code, 0);

  const std::string before = DumpDatabase(db_);
  auto second = Apply(ExampleFile());
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_TRUE(Contains(second.out, "no change (13 units and 12 users as in the file)")) << second.out;
  EXPECT_EQ(DumpDatabase(db_), before);  // Not even an audit entry.
}

TEST_F(OrganisationCli, CheckPrintsThePlanAndChangesNothing) {
  auto none = Apply(ExampleFile(), "--check");
  EXPECT_EQ(none.exit_code, 3) << none.out;  // A check never creates a database.
  EXPECT_FALSE(std::filesystem::exists(db_));
  ASSERT_EQ(RunRattvag("unit add --db " + db_ + " --id admin --kind admin --name Systemförvaltningen").exit_code, 0);
  const std::string before = DumpDatabase(db_);
  auto r = Apply(ExampleFile(), "--check");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "add unit eb-1380 (eb for 1380): Ekonomiskt bistånd Halmstad")) << r.out;
  EXPECT_TRUE(Contains(r.out, "add user gunnar.ny (socialsekreterare) in unit eb-1380, without a password, disabled")) << r.out;
  EXPECT_TRUE(Contains(r.out, "check only, nothing changed: 12 units and 12 users to add")) << r.out;
  EXPECT_EQ(DumpDatabase(db_), before);
}

TEST_F(OrganisationCli, ADifferenceIsReportedAndNotAppliedWhileTheRestIs) {
  ASSERT_EQ(Apply(ExampleFile()).exit_code, 0);
  // omar.holm gets a password and an open session.
  ASSERT_EQ(SetPassword("omar.holm", "ett långt nytt lösenord").exit_code, 0);
  std::string token;
  {
    auto journal = OpenSqliteJournal(db_);
    ASSERT_TRUE(journal.ok());
    auto login = Login(**journal, "omar.holm", "ett långt nytt lösenord", Now());
    ASSERT_TRUE(login.ok());
    ASSERT_EQ(login->kind, LoginResult::Kind::kLoggedIn);
    token = login->token;
  }
  const std::string file = Write("changed.json", R"json({
  "units": [
    {"id": "eb-1380", "name": "EB Halmstad, nytt namn", "kind": "eb", "municipality": "1380"},
    {"id": "fk-demo", "name": "Försäkringskassan, lokalkontoret", "kind": "fk", "area": ["1763", "1230", "1231", "1499", "1381", "1380"]},
    {"id": "eb-1382", "name": "Ekonomiskt bistånd Falkenberg", "kind": "eb", "municipality": "1382"}
  ],
  "users": [
    {"username": "lena.lind", "name": "Lena Lind-Ek", "role": "enhetschef", "unit": "eb-1380"},
    {"username": "omar.holm", "name": "Omar Holm (exempel)", "role": "kontaktperson_eb", "unit": "eb-1380", "disabled": true},
    {"username": "gunnar.ny", "name": "Gunnar Ny (exempel, slutat)", "role": "socialsekreterare", "unit": "eb-1380"},
    {"username": "nils.ek", "name": "Nils Ek", "role": "socialsekreterare", "unit": "eb-1381", "disabled": true},
    {"username": "ny.person", "name": "Ny Person", "role": "socialsekreterare", "unit": "eb-1382"}
  ]
})json");
  auto r = Apply(file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "difference: units[0] (unit eb-1380): name is \"Ekonomiskt bistånd Halmstad\" in the "
                              "database and \"EB Halmstad, nytt namn\" in the file; left unchanged"))
      << r.out;
  EXPECT_TRUE(Contains(r.out, "difference: users[0] (user lena.lind): name is \"Lena Lind (exempel)\" in the database "
                              "and \"Lena Lind-Ek\" in the file; role is \"socialsekreterare\" in the database and "
                              "\"enhetschef\" in the file; left unchanged"))
      << r.out;
  EXPECT_FALSE(Contains(r.out, "units[1]")) << r.out;  // The same area in another order is no difference.
  EXPECT_TRUE(Contains(r.out, "applied: 1 units and 1 users added, 2 users disabled, 1 enabled")) << r.out;
  EXPECT_TRUE(Contains(r.out, "3 differences left unchanged")) << r.out;
  EXPECT_TRUE(Contains(r.out, "users[3] (user nils.ek): name is \"Nils Ek (exempel)\" in the database and \"Nils Ek\" "
                              "in the file; left unchanged, but disabled as the file says"))
      << r.out;
  // Not applied: the differences.
  EXPECT_EQ(QueryText(db_, "SELECT name FROM units WHERE id = 'eb-1380'"), "Ekonomiskt bistånd Halmstad");
  EXPECT_EQ(QueryText(db_, "SELECT display_name || ' ' || role FROM users WHERE username = 'lena.lind'"),
            "Lena Lind (exempel) socialsekreterare");
  // Applied: the rest, and disabled: true even for nils.ek, whose name differs.
  EXPECT_EQ(Count("SELECT count(*) FROM units WHERE id = 'eb-1382'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM users WHERE username = 'ny.person' AND unit_id = 'eb-1382'"), 1);
  EXPECT_EQ(Count("SELECT disabled FROM users WHERE username = 'omar.holm'"), 1);
  EXPECT_EQ(Count("SELECT disabled FROM users WHERE username = 'nils.ek'"), 1);
  EXPECT_EQ(Count("SELECT disabled FROM users WHERE username = 'gunnar.ny'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'omar.holm' "
                  "AND s.ended_at IS NULL"),
            0);
  {
    auto journal = OpenSqliteJournal(db_);
    ASSERT_TRUE(journal.ok());
    auto session = ResolveSession(**journal, token, Now());
    ASSERT_TRUE(session.ok());
    EXPECT_FALSE(session->has_value());
  }
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'user_disable' AND detail LIKE 'user omar.holm %"
                  "1 open sessions ended%'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'user_enable' AND detail LIKE 'user gunnar.ny %'"), 1);
  EXPECT_EQ(RunRattvag("audit verify --db " + db_).exit_code, 0);

  // Again: only the differences remain, and nothing is written.
  const std::string before = DumpDatabase(db_);
  auto again = Apply(file);
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_TRUE(Contains(again.out, "no change")) << again.out;
  EXPECT_TRUE(Contains(again.out, "3 differences left unchanged")) << again.out;
  EXPECT_EQ(DumpDatabase(db_), before);
}

TEST_F(OrganisationCli, ADisabledUserWhoDiffersIsNotEnabled) {
  ASSERT_EQ(Apply(ExampleFile()).exit_code, 0);
  const std::string file = Write("renamed.json", R"json({"users": [
    {"username": "gunnar.ny", "name": "Gunnar Nyman", "role": "socialsekreterare", "unit": "eb-1380"}
  ]})json");
  auto r = Apply(file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "users[0] (user gunnar.ny): name is \"Gunnar Ny (exempel, slutat)\" in the database and "
                              "\"Gunnar Nyman\" in the file; disabled in the database and not in the file; left unchanged"))
      << r.out;
  EXPECT_EQ(Count("SELECT disabled FROM users WHERE username = 'gunnar.ny'"), 1);
}

TEST_F(OrganisationCli, TheExampleAddsOnlyItsUsersToTheDemoJournal) {
  ASSERT_EQ(RunRattvag("demo --db " + db_ + " --persons 10 --users").exit_code, 0);
  const int64_t units = Count("SELECT count(*) FROM units");
  const int64_t users = Count("SELECT count(*) FROM users");
  auto r = Apply(ExampleFile());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_FALSE(Contains(r.out, "difference")) << r.out;
  EXPECT_EQ(Count("SELECT count(*) FROM units"), units);
  EXPECT_EQ(Count("SELECT count(*) FROM users"), users + 12);
  EXPECT_EQ(static_cast<size_t>(users), MakeDemoAccounts(6).users.size());
}

TEST_F(OrganisationCli, UserPasswordSetsAHashEndsSessionsAndResetsFailures) {
  ASSERT_EQ(Apply(ExampleFile()).exit_code, 0);
  const int64_t entries = Count("SELECT count(*) FROM audit_log");
  auto first = SetPassword("lena.lind", "första långa lösenordet");
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_TRUE(Contains(first.out, "0 open sessions ended")) << first.out;
  std::string token;
  {
    auto journal = OpenSqliteJournal(db_);
    ASSERT_TRUE(journal.ok());
    auto login = Login(**journal, "lena.lind", "första långa lösenordet", Now());
    ASSERT_TRUE(login.ok());
    ASSERT_EQ(login->kind, LoginResult::Kind::kLoggedIn);
    token = login->token;
    auto wrong = Login(**journal, "lena.lind", "inte det lösenordet", Now());
    ASSERT_TRUE(wrong.ok());
    ASSERT_EQ(wrong->kind, LoginResult::Kind::kRefused);
  }
  EXPECT_EQ(Count("SELECT failed_logins FROM users WHERE username = 'lena.lind'"), 1);

  auto second = SetPassword("lena.lind", "andra långa lösenordet");
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_TRUE(Contains(second.out, "1 open sessions ended")) << second.out;
  EXPECT_EQ(Count("SELECT failed_logins FROM users WHERE username = 'lena.lind'"), 0);
  const std::string hash = QueryText(db_, "SELECT password_hash FROM users WHERE username = 'lena.lind'");
  EXPECT_TRUE(VerifyPassword(hash, "andra långa lösenordet"));
  EXPECT_FALSE(VerifyPassword(hash, "första långa lösenordet"));
  EXPECT_FALSE(Contains(DumpDatabase(db_), "långa lösenordet"));  // Nowhere in clear.
  {
    auto journal = OpenSqliteJournal(db_);
    ASSERT_TRUE(journal.ok());
    auto session = ResolveSession(**journal, token, Now());
    ASSERT_TRUE(session.ok());
    EXPECT_FALSE(session->has_value());  // The old session ended.
    auto login = Login(**journal, "lena.lind", "andra långa lösenordet", Now());
    ASSERT_TRUE(login.ok());
    EXPECT_EQ(login->kind, LoginResult::Kind::kLoggedIn);
  }
  // Audited (two password changes; the logins add their own entries).
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'user_password' AND user_id = 'command-line' "
                  "AND detail LIKE 'user lena.lind: password set%'"),
            2);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE detail LIKE '%lösenord%'"), 0);
  EXPECT_GT(Count("SELECT count(*) FROM audit_log"), entries + 2);
  EXPECT_EQ(RunRattvag("audit verify --db " + db_).exit_code, 0);
}

TEST_F(OrganisationCli, UserPasswordRefusesBadInputWithTheField) {
  ASSERT_EQ(Apply(ExampleFile()).exit_code, 0);
  const std::string before = DumpDatabase(db_);
  struct Case {
    std::string username, password, field;
  };
  const Case cases[] = {
      {"lena.lind", "kort", "password:"},
      {"lena.lind", "mitt lösenord lena.lind 2026", "password:"},
      {"nobody.here", "ett långt lösenord", "username:"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.username + " / " + c.password);
    auto r = SetPassword(c.username, c.password);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_TRUE(Contains(r.out, c.field)) << r.out;
  }
  auto usage = RunRattvag("user password --db " + db_ + " --username lena.lind");
  EXPECT_EQ(usage.exit_code, 2) << usage.out;
  EXPECT_TRUE(Contains(usage.out, "--password-stdin")) << usage.out;
  EXPECT_EQ(DumpDatabase(db_), before);
}

}  // namespace
}  // namespace rattvag
