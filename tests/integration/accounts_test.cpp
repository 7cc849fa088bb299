// Units and users on the command line and in SQLite (issue 3): Argon2id hashes only, the
// password from standard input, clear errors, every change in the audit log.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include "app/demo.hpp"
#include "app/login.hpp"
#include "security/password.hpp"
#include "storage/journal.hpp"
#include "storage/migrations.hpp"
#include "test_support.hpp"

namespace rattvag {
namespace {

using testing::QueryInt;
using testing::QueryText;
using testing::RunRattvag;
using testing::TempDir;

TEST(Password, Argon2idHashesVerifyAndAreSalted) {
  auto a = HashPassword("ett långt lösenord");
  auto b = HashPassword("ett långt lösenord");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->rfind("$argon2id$", 0), 0u) << *a;
  EXPECT_NE(*a, *b);  // A new salt each time.
  EXPECT_TRUE(VerifyPassword(*a, "ett långt lösenord"));
  EXPECT_FALSE(VerifyPassword(*a, "ett långt lösenord "));
  EXPECT_FALSE(VerifyPassword(*a, ""));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "x"));
  EXPECT_FALSE(PasswordNeedsRehash(*a));
}

class AccountsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("accounts.db");
    ASSERT_EQ(Run("unit add --db " + db_ + " --id eb-halmstad --kind eb --name 'EB Halmstad' --municipality 1380").exit_code, 0);
    ASSERT_EQ(Run("unit add --db " + db_ + " --id fk-halland --kind fk --name 'FK Halland' --area 1380,1381").exit_code, 0);
  }
  testing::CommandResult Run(const std::string& args, const std::string& input = "") {
    if (input.empty()) return RunRattvag(args);
    const std::string file = dir_.File("input.txt");
    testing::WriteFile(file, input);
    return RunRattvag(args + " < " + file);
  }

  TempDir dir_;
  std::string db_;
};

TEST_F(AccountsCli, AUserWithAPasswordIsStoredWithItsHashOnly) {
  auto r = Run("user add --db " + db_ + " --username anna.eb --name 'Anna EB' --role socialsekreterare --unit eb-halmstad "
               "--password-stdin",
               "ett långt lösenord\n");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string hash = QueryText(db_, "SELECT password_hash FROM users WHERE username = 'anna.eb'");
  EXPECT_TRUE(VerifyPassword(hash, "ett långt lösenord"));
  EXPECT_EQ(testing::DumpDatabase(db_).find("ett långt"), std::string::npos);  // Nowhere in clear.
  auto j = OpenSqliteJournal(db_, OpenMode::kReadOnly);
  ASSERT_TRUE(j.ok());
  auto user = (*j)->FindUserByUsername("anna.eb");
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(user->has_value());
  EXPECT_EQ((*user)->user.role, Role::kSocialsekreterare);
  EXPECT_EQ((*user)->user.unit_id, "eb-halmstad");
  EXPECT_EQ((*user)->user.id.rfind("u-", 0), 0u);
  auto unit = (*j)->FindUnit("fk-halland");
  ASSERT_TRUE(unit.ok());
  EXPECT_EQ((*unit)->area, (std::vector<std::string>{"1380", "1381"}));
  // Two units and one user: three audit entries, and the chain holds.
  EXPECT_EQ(QueryInt(db_, "SELECT count(*) FROM audit_log"), 3);
  EXPECT_EQ(QueryInt(db_, "SELECT count(*) FROM audit_log WHERE action = 'user_add' AND detail LIKE '%anna.eb%'"), 1);
  EXPECT_EQ(RunRattvag("audit verify --db " + db_).exit_code, 0);
}

TEST_F(AccountsCli, BadUsersAreRefusedWithTheFieldAndNothingIsStored) {
  struct Case {
    std::string args, input, field;
  };
  const Case cases[] = {
      {"--username bo.eb --name Bo --role socialsekreterare --unit eb-halmstad --password-stdin", "kort\n", "password"},
      {"--username anna --name Anna --role socialsekreterare --unit eb-halmstad --password-stdin",
       "hemligt anna 2026\n", "password"},
      {"--username cecilia --name C --role rehabsamordnare --unit fk-halland", "", "role"},
      {"--username dan --name D --role socialsekreterare --unit eb-laholm", "", "unit"},
      {"--username 'E F' --name E --role enhetschef --unit eb-halmstad", "", "username"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args);
    auto r = Run("user add --db " + db_ + " " + c.args, c.input);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find(c.field + ":"), std::string::npos) << r.out;
  }
  EXPECT_EQ(QueryInt(db_, "SELECT count(*) FROM users"), 0);
  auto usage = Run("user add --db " + db_ + " --username x.y --name X --role chef --unit eb-halmstad");
  EXPECT_EQ(usage.exit_code, 2) << usage.out;
}

TEST_F(AccountsCli, ATakenUsernameOrUnitIdIsAnError) {
  ASSERT_EQ(Run("user add --db " + db_ + " --username anna.eb --name A --role enhetschef --unit eb-halmstad").exit_code, 0);
  auto again = Run("user add --db " + db_ + " --username anna.eb --name B --role socialsekreterare --unit eb-halmstad");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("username: is taken"), std::string::npos) << again.out;
  auto unit = Run("unit add --db " + db_ + " --id eb-halmstad --kind eb --name X --municipality 1380");
  EXPECT_EQ(unit.exit_code, 1);
  EXPECT_NE(unit.out.find("id: a unit with this id exists already"), std::string::npos) << unit.out;
  EXPECT_EQ(QueryInt(db_, "SELECT count(*) FROM users"), 1);
  EXPECT_EQ(QueryInt(db_, "SELECT count(*) FROM audit_log"), 3);  // Refused changes leave no entry.
}

// The administration methods of the storage port (issue 3 item 2) on a real SQLite file.
TEST(AccountStore, ListsDisablesEndsSessionsAndSetsPasswordsInsideTransactionsOnly) {
  TempDir dir;
  auto opened = OpenSqliteJournal(dir.File("store.db"));
  ASSERT_TRUE(opened.ok());
  Journal& j = **opened;
  {
    UnitOfWork work(j);
    ASSERT_TRUE(work.Begin().ok());
    ASSERT_TRUE(j.AddUnit({"fk-b", "FK B", "fk", "", {"1381", "1380"}}).ok());
    ASSERT_TRUE(j.AddUnit({"eb-a", "EB A", "eb", "1380", {}}).ok());
    ASSERT_TRUE(j.AddUser({"u-2", "zeta.eb", "Zeta", Role::kSocialsekreterare, "eb-a"}, "").ok());
    ASSERT_TRUE(j.AddUser({"u-1", "alfa.eb", "Alfa", Role::kEnhetschef, "eb-a"}, "$argon2id$stand-in").ok());
    ASSERT_TRUE(j.CreateSession("token-1", {"u-1", "csrf", 100, 100, false}).ok());
    ASSERT_TRUE(j.CreateSession("token-2", {"u-1", "csrf", 110, 110, false}).ok());
    ASSERT_TRUE(j.CreateSession("token-3", {"u-2", "csrf", 120, 120, false}).ok());
    ASSERT_TRUE(j.EndSession("token-2", 115).ok());
    ASSERT_TRUE(j.RecordLoginFailure("u-1", 130).ok());
    ASSERT_TRUE(work.Commit().ok());
  }
  auto units = j.ListUnits();
  ASSERT_TRUE(units.ok());
  ASSERT_EQ(units->size(), 2u);
  EXPECT_EQ((*units)[0].id, "eb-a");  // By id.
  EXPECT_EQ((*units)[0].municipality, "1380");
  EXPECT_EQ((*units)[1].area, (std::vector<std::string>{"1381", "1380"}));
  auto users = j.ListUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].user.username, "alfa.eb");  // By username.
  EXPECT_EQ((*users)[0].user.role, Role::kEnhetschef);
  EXPECT_TRUE((*users)[0].has_password);
  EXPECT_EQ((*users)[0].failed_logins, 1);
  EXPECT_EQ((*users)[0].last_failed_login, 130);
  EXPECT_FALSE((*users)[1].has_password);

  // Every write needs a transaction.
  const Status disable_outside = j.SetUserDisabled("u-1", true);
  ASSERT_FALSE(disable_outside.ok());
  EXPECT_NE(disable_outside.error().reason.find("requires an open transaction"), std::string::npos);
  const Status password_outside = j.SetPasswordHash("u-1", "x");
  ASSERT_FALSE(password_outside.ok());
  EXPECT_NE(password_outside.error().reason.find("requires an open transaction"), std::string::npos);
  auto end_outside = j.EndSessionsOfUser("u-1", 200);
  ASSERT_FALSE(end_outside.ok());
  EXPECT_NE(end_outside.error().reason.find("requires an open transaction"), std::string::npos);

  {  // Rolled back: nothing happened.
    UnitOfWork work(j);
    ASSERT_TRUE(work.Begin().ok());
    ASSERT_TRUE(j.SetUserDisabled("u-1", true).ok());
    auto ended = j.EndSessionsOfUser("u-1", 200);
    ASSERT_TRUE(ended.ok());
    EXPECT_EQ(*ended, 1);  // token-1; token-2 had ended already.
  }
  EXPECT_FALSE((*j.FindUserById("u-1"))->disabled);
  EXPECT_FALSE((*j.FindSession("token-1"))->ended);
  {
    UnitOfWork work(j);
    ASSERT_TRUE(work.Begin().ok());
    ASSERT_TRUE(j.SetUserDisabled("u-1", true).ok());
    auto ended = j.EndSessionsOfUser("u-1", 200);
    ASSERT_TRUE(ended.ok());
    EXPECT_EQ(*ended, 1);
    ASSERT_TRUE(j.SetPasswordHash("u-2", "$argon2id$new").ok());
    const Status unknown = j.SetUserDisabled("u-nobody", true);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().field, "user");
    EXPECT_EQ(j.SetPasswordHash("u-nobody", "x").error().field, "user");
    ASSERT_TRUE(work.Commit().ok());
  }
  EXPECT_TRUE((*j.FindUserById("u-1"))->disabled);
  EXPECT_TRUE((*j.FindSession("token-1"))->ended);
  EXPECT_FALSE((*j.FindSession("token-3"))->ended);  // Another user's session stays open.
  EXPECT_EQ((*j.FindUserById("u-2"))->password_hash, "$argon2id$new");

  // Ending a user's sessions finds the open ones through the index (migration 0013), not by
  // reading every session ever opened.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir.File("store.db").c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* plan = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw,
                               "EXPLAIN QUERY PLAN UPDATE sessions SET ended_at = ?2 WHERE user_id = ?1 AND ended_at "
                               "IS NULL",
                               -1, &plan, nullptr),
            SQLITE_OK);
  std::string details;
  while (sqlite3_step(plan) == SQLITE_ROW) details += reinterpret_cast<const char*>(sqlite3_column_text(plan, 3));
  sqlite3_finalize(plan);
  sqlite3_close(raw);
  EXPECT_NE(details.find("sessions_by_user"), std::string::npos) << details;
}

TEST(DemoAccounts, EveryDemoUserCanLogIn) {
  TempDir dir;
  const std::string db = dir.File("demo.db");
  auto r = RunRattvag("demo --db " + db + " --persons 30 --users");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = OpenSqliteJournal(db);
  ASSERT_TRUE(j.ok());
  for (const User& user : MakeDemoAccounts(6).users) {
    auto login = Login(**j, user.username, kDemoPassword, 1'800'000'000);
    ASSERT_TRUE(login.ok());
    EXPECT_EQ(login->kind, LoginResult::Kind::kLoggedIn) << user.username;
    EXPECT_EQ(login->who.user.role, user.role);
  }
  // Run again: nothing is added twice.
  ASSERT_EQ(RunRattvag("demo --db " + db + " --persons 30 --users").exit_code, 0);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM users"), static_cast<long long>(MakeDemoAccounts(6).users.size()));
}

// Migration 0007: users of an older journal get TOTP off; the state round-trips and is written
// only inside a transaction.
TEST(TotpStorage, AnOlderJournalMigratesWithTotpOffAndTheStateRoundTrips) {
  TempDir dir;
  const std::string db = dir.File("totp.db");
  // A journal of the version before 0007: migrations 1-6 applied and recorded as the journal
  // records them, with one unit and user written in that schema. Built from the embedded
  // migrations, so later migrations never have to be undone here.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                         " applied_at TEXT NOT NULL)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  for (const Migration& m : Migrations()) {
    if (m.version >= 7) break;
    ASSERT_EQ(sqlite3_exec(raw, std::string(m.sql).c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << m.name;
    const std::string record = "INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", '" +
                               std::string(m.name) + "', CURRENT_TIMESTAMP)";
    ASSERT_EQ(sqlite3_exec(raw, record.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  }
  ASSERT_EQ(sqlite3_exec(raw,
                         "INSERT INTO units (id, name, kind, municipality) VALUES ('eb-halmstad', 'EB Halmstad',"
                         " 'eb', '1380'); INSERT INTO users (id, username, display_name, role, unit_id) VALUES"
                         " ('u-anna', 'anna.eb', 'Anna', 'socialsekreterare', 'eb-halmstad')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto j = OpenSqliteJournal(db);
  ASSERT_TRUE(j.ok()) << j.error().ToString();
  auto user = (*j)->FindUserByUsername("anna.eb");
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(user->has_value());
  EXPECT_FALSE((*user)->totp.on());
  EXPECT_EQ((*user)->totp.pending, "");
  EXPECT_EQ((*user)->totp.last_step, 0);

  const TotpState state{"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U", 60000001};
  EXPECT_FALSE((*j)->SetTotp("u-anna", state).ok());  // Outside a transaction.
  UnitOfWork work(**j);
  ASSERT_TRUE(work.Begin().ok());
  ASSERT_TRUE((*j)->SetTotp("u-anna", state).ok());
  ASSERT_TRUE(work.Commit().ok());
  user = (*j)->FindUserById("u-anna");
  ASSERT_TRUE(user.ok());
  EXPECT_TRUE((*user)->totp.on());
  EXPECT_EQ((*user)->totp.secret, state.secret);
  EXPECT_EQ((*user)->totp.pending, state.pending);
  EXPECT_EQ((*user)->totp.last_step, state.last_step);
}

}  // namespace
}  // namespace rattvag
