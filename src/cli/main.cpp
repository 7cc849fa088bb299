// The `rattvag` command line: the composition root. Only this file reads the clock and picks
// the concrete storage (STYLE.md 7).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <csignal>
#include <mutex>
#include <tuple>

#include "app/access_review.hpp"
#include "app/demo.hpp"
#include "app/own.hpp"
#include "app/sip.hpp"
#include "app/meetings.hpp"  // Issue 5: demo meetings.
#include "app/import.hpp"
#include "app/organisation.hpp"
#include "app/queries.hpp"
#include "app/totp.hpp"
#include "codec/access_review_format.hpp"
#include "codec/event_json.hpp"
#include "codec/organisation_json.hpp"
#include "domain/audit.hpp"
#include "http/api.hpp"
#include "domain/accounts.hpp"
#include "security/password.hpp"
#include "security/random.hpp"
#include "security/sha256.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "http/session_routes.hpp"
#include "codec/report_format.hpp"
#include "domain/personnummer.hpp"
#include "storage/journal.hpp"

namespace rattvag {
namespace {

constexpr const char* kHelp = R"(rattvag — Rätt väg: the case journal of the target group ("nollplacerade")

Usage:
  rattvag import --db DB FILE.jsonl
      Imports a JSON Lines file of events (DOMAIN.md §10). All or nothing: on any bad line
      nothing is stored and every bad line is printed as FILE:LINE: field: reason (exit 1).
      Lines whose `id` is already stored with the same content are skipped, so a re-import is
      a no-op. Prints a summary: lines, events stored, persons, seconds.
      A FILE ending in .csv is read in the CSV form (docs/CSV.md: a header row naming the
      fields, `;` or `,`); its errors are FILE:LINE:COLUMN: field: reason.

  rattvag report --db DB --as-of YYYY-MM-DD [--municipality CODE]... [--format table|json|csv]
      The follow-up (DOMAIN.md §9) as of the date, per municipality and in total. `json` is the
      machine form of DOMAIN.md §10; `table` (default) a Swedish report; `csv` one row per
      municipality plus "total".

  rattvag deadlines --db DB --as-of YYYY-MM-DD [--municipality CODE]... [--format table|json]
      Every open and overdue deadline of DOMAIN.md §6, most urgent first.

  rattvag person --db DB [--as-of YYYY-MM-DD] [--format text|json] PERSONNUMMER
      One person's timeline, current step, open tracks, deadlines and hints (as of today by
      default). Accepts every form of personnummer and samordningsnummer.

  rattvag demo --db DB [--persons N] [--municipalities M] [--seed S] [--today YYYY-MM-DD]
               [--jsonl FILE] [--users]
      Creates a realistic synthetic caseload (defaults: 1000 persons, 6 municipalities, seed 1,
      today's date) and stores it like an import. With --jsonl also writes it as an exchange
      file (use `--db ''` to only write the file). The same options give the same data.
      With --users also adds demo units and one demo user per role (see the README), all with
      the password demo-lösenord-2026: for demos only; and, when the journal has none, a
      synthetic contact list for the Kunskapsbank.

  rattvag serve --db DB [--listen ADDRESS:PORT] [--threads N (8)] [--tls-cert FILE --tls-key FILE]
                [--web DIR]
      The shared server: GET /healthz, GET /metrics (Prometheus) and the API under /api/v1
      (login, persons and their events, consents and log extract, the anonymous referral and
      FK's mailbox, the work list, registration, consents, import, the follow-up (JSON or CSV),
      the access review, administration), described by GET /api/v1/openapi.json. Listens on
      127.0.0.1:8080 by default (port 0: any free port); prints the address it listens on.
      Plain HTTP by default: put it behind a TLS-terminating reverse proxy (docs/DEPLOYMENT.md).
      With --web (web/dist, made by `make build`) also the web application on every other path.
      With --tls-cert (PEM certificate chain) and --tls-key (PEM private key) it speaks HTTPS
      itself (TLS 1.2 or 1.3) and sends HSTS. SIGINT or SIGTERM drain it: no new connections,
      requests in progress are answered (10 seconds at most), then it exits 0. Refuses to start
      unless the journal is in WAL mode with synchronous=FULL.

  rattvag unit add --db DB --id ID --kind KIND --name NAME [--municipality CODE] [--area CODE,CODE…]
      Adds a unit of one party: KIND is eb, ame or nurse (with --municipality), fk, region, af or
      forbund (with --area, the municipalities served), or admin.

  rattvag user add --db DB --username NAME --name "DISPLAY NAME" --role ROLE --unit ID
                   [--password-stdin]
      Adds a user of a unit. ROLE is one of socialsekreterare, kontaktperson_eb, enhetschef,
      personlig_handlaggare_fk, rehabsamordnare, af_handlaggare, ame_handlaggare,
      sjukskoterska, forbund_analyst, administrator, and must belong to the unit's kind. With
      --password-stdin the password is read from the first line of standard input (never from
      the command line) and stored only as an Argon2id hash; at least 12 characters.

  rattvag user totp --db DB --username NAME [--off]
      Gives the user a new TOTP second factor, on at once (RFC 6238: 30 s, 6 digits, SHA-1),
      and prints its secret (base32) and otpauth:// URI for an authenticator app: hand them to
      the user in person. From then on logging in needs a code as well. With --off the second
      factor is removed (a lost phone). Users can also enrol themselves through the API.
  rattvag user password --db DB --username NAME --password-stdin
      Sets a user's password (first line of standard input; the rules of `user add`), resets
      their failed logins and ends their open sessions. Audited.

  rattvag config apply --db DB [--check] FILE.json
      Applies an organisation file: the förbund's units and users (README.md, "Organisations and
      accounts"; docs/organisation.example.json). Everything is checked first: a bad file
      stores nothing and every problem is printed as FILE: units[3].municipality: reason
      (exit 1). Then, in one transaction, missing units and users are added (without a password),
      users marked "disabled": true are disabled (their sessions end) and the others enabled.
      A unit or user stored with other content is reported as a difference and left unchanged;
      nothing is ever deleted. Every change is audited. Applying the same file again changes
      nothing. --check prints the plan and changes nothing (the database must exist).

  rattvag audit verify --db DB
      Checks the audit log's hash chain: every entry in place, none changed, removed, inserted
      or moved. Prints the number of entries and the head hash (keep it elsewhere: removing the
      newest entries leaves a shorter chain that is valid in itself). Exit 1 when broken, naming
      the first entry that fails.

  rattvag audit review --db DB --municipality CODE --from YYYY-MM-DD --to YYYY-MM-DD
                       [--unit ID] [--format text|json]
      The access review (loggkontroll) of the municipality's persons, dates in Swedish time:
      every user who accessed them with counts per action and ground, disclosures to other
      parties under consent, refusals, and accesses worth a look (outside working hours, many
      persons read without recording, by ownership from another unit than --unit). Persons
      appear by opaque id only. The reading is itself written to the audit log.

  rattvag --help | help       This text.
  rattvag --version           The version.

Exit status: 0 on success, 1 when the input was refused, 2 on a usage error, 3 on a storage
error. Long operations show progress on a terminal and stay quiet when piped.
)";

struct Args {
  std::string command;
  std::vector<std::pair<std::string, std::string>> options;
  std::vector<std::string> positional;

  std::optional<std::string> Get(const std::string& name) const {
    for (const auto& [k, v] : options)
      if (k == name) return v;
    return std::nullopt;
  }
  std::vector<std::string> GetAll(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : options)
      if (k == name) out.push_back(v);
    return out;
  }
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `known` options take a value (`--name value` or `--name=value`); `flags` take none.
Args ParseArgs(int argc, char** argv, const std::vector<std::string>& known, const std::vector<std::string>& flags = {}) {
  Args args;
  args.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) == 0 && a.size() > 2) {
      std::string name = a.substr(2), value;
      if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
        args.options.emplace_back(name, "");
        continue;
      }
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else {
        if (i + 1 >= argc) throw UsageError("--" + name + ": needs a value");
        value = argv[++i];
      }
      if (std::find(known.begin(), known.end(), name) == known.end())
        throw UsageError("--" + name + ": is not an option of `" + args.command + "`");
      args.options.emplace_back(name, value);
    } else {
      args.positional.push_back(a);
    }
  }
  return args;
}

Date Today() {
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date(std::chrono::sys_days(today));
}

Date RequireDate(const Args& args, const std::string& name, std::optional<Date> fallback = std::nullopt) {
  auto v = args.Get(name);
  if (!v) {
    if (fallback) return *fallback;
    throw UsageError("--" + name + ": is required (YYYY-MM-DD)");
  }
  auto d = Date::Parse(*v);
  if (!d) throw UsageError("--" + name + ": must be a date YYYY-MM-DD");
  return *d;
}

std::string RequireDb(const Args& args) {
  auto db = args.Get("db");
  if (!db || db->empty()) throw UsageError("--db: is required (the journal's SQLite file)");
  return *db;
}

int IntOption(const Args& args, const std::string& name, int fallback, int min, int max) {
  auto v = args.Get(name);
  if (!v) return fallback;
  try {
    size_t used = 0;
    long long n = std::stoll(*v, &used);
    if (used != v->size() || n < min || n > max) throw std::out_of_range("");
    return static_cast<int>(n);
  } catch (const std::exception&) {
    throw UsageError(fmt::format("--{}: must be a whole number from {} to {}", name, min, max));
  }
}

std::vector<std::string> Municipalities(const Args& args) {
  auto all = args.GetAll("municipality");
  for (const auto& m : all)
    if (m.size() != 4 || m.find_first_not_of("0123456789") != std::string::npos)
      throw UsageError("--municipality: must be a four-digit SCB kommunkod, e.g. 1380");
  return all;
}

std::string Format(const Args& args, std::initializer_list<const char*> allowed) {
  std::string f = args.Get("format").value_or(*allowed.begin());
  for (const char* a : allowed)
    if (f == a) return f;
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw UsageError("--format: must be one of " + list);
}

// Progress on a terminal only; quiet when stderr is piped.
ProgressFn TerminalProgress() {
  if (!isatty(STDERR_FILENO)) return {};
  return [last = std::string()](std::string_view phase, size_t done, size_t total) mutable {
    int percent = total ? static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total)) : 100;
    std::string line = fmt::format("\r{:<16} {:3d} %", phase, percent);
    if (line == last) return;
    last = line;
    std::fputs(line.c_str(), stderr);
    if (done >= total) std::fputs("\n", stderr);
    std::fflush(stderr);
  };
}

std::unique_ptr<Journal> OpenOrDie(const std::string& path, OpenMode mode) {
  auto journal = OpenSqliteJournal(path, mode);
  if (!journal.ok()) {
    std::cerr << "rattvag: " << journal.error().ToString() << "\n";
    std::exit(3);
  }
  return std::move(journal).value();
}

int PrintOutcome(const std::string& file, const ImportOutcome& outcome) {
  if (!outcome.ok()) {
    bool storage = false;
    for (const auto& e : outcome.errors) {
      if (e.line == 0) {
        storage = true;
        std::cerr << "rattvag: " << e.error.ToString() << "\n";
      } else {
        std::cout << file << ":" << e.line << (e.column ? ":" + std::to_string(e.column) : std::string()) << ": "
                  << (e.error.field.empty() ? "line" : e.error.field) << ": "
                  << e.error.reason << "\n";
      }
    }
    std::cerr << fmt::format("rattvag: {} refused, nothing stored ({} errors)\n", file, outcome.errors.size());
    return storage ? 3 : 1;
  }
  const auto& s = outcome.summary;
  std::cout << fmt::format("{}: {} lines, {} events stored, {} already stored, {} persons, {:.2f} seconds\n", file,
                           s.lines, s.events_stored, s.events_unchanged, s.persons, s.seconds);
  return 0;
}

// A file's content, mapped into memory when it is a regular file (a national file of several
// hundred megabytes is then not copied), read otherwise (a pipe, /dev/stdin).
class FileContent {
 public:
  // Opens `path`; on failure, error() says why.
  explicit FileContent(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      error_ = std::strerror(errno);
      return;
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        ::madvise(p, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
        mapped_ = p;
        size_ = static_cast<size_t>(st.st_size);
        ::close(fd);
        return;
      }
    }
    char buffer[1 << 16];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) read_.append(buffer, static_cast<size_t>(n));
    if (n < 0) error_ = std::strerror(errno);
    ::close(fd);
  }
  ~FileContent() {
    if (mapped_) ::munmap(mapped_, size_);
  }
  FileContent(const FileContent&) = delete;
  FileContent& operator=(const FileContent&) = delete;

  const std::string& error() const { return error_; }
  std::string_view view() const {
    return mapped_ ? std::string_view(static_cast<const char*>(mapped_), size_) : std::string_view(read_);
  }

 private:
  void* mapped_ = nullptr;
  size_t size_ = 0;
  std::string read_;
  std::string error_;
};

int Import(const Args& args) {
  std::string db = RequireDb(args);
  if (args.positional.size() != 1) throw UsageError("import: give exactly one FILE.jsonl");
  const std::string& file = args.positional[0];
  FileContent content(file);
  if (!content.error().empty()) {
    std::cerr << "rattvag: " << file << ": cannot be read: " << content.error() << "\n";
    return 1;
  }
  auto journal = OpenOrDie(db, OpenMode::kReadWrite);
  // The CSV form of the exchange format (docs/CSV.md) by the file's extension.
  const bool csv = file.size() >= 4 && (file.ends_with(".csv") || file.ends_with(".CSV"));
  if (csv) return PrintOutcome(file, ImportCsv(*journal, content.view(), Today(), TerminalProgress()));
  return PrintOutcome(file, ImportJsonLines(*journal, content.view(), Today(), TerminalProgress()));
}

int Report(const Args& args) {
  std::string db = RequireDb(args);
  Date as_of = RequireDate(args, "as-of");
  auto municipalities = Municipalities(args);
  std::string format = Format(args, {"table", "json", "csv"});
  if (!args.positional.empty()) throw UsageError("report: unexpected argument " + args.positional[0]);
  auto journal = OpenOrDie(db, OpenMode::kReadOnly);
  auto report = BuildFollowUp(*journal, as_of, municipalities);
  if (!report.ok()) {
    std::cerr << "rattvag: " << report.error().ToString() << "\n";
    return 3;
  }
  std::cout << (format == "json" ? FollowUpJson(*report) : format == "csv" ? FollowUpCsv(*report) : FollowUpTable(*report));
  return 0;
}

int Deadlines(const Args& args) {
  std::string db = RequireDb(args);
  Date as_of = RequireDate(args, "as-of");
  auto municipalities = Municipalities(args);
  std::string format = Format(args, {"table", "json"});
  if (!args.positional.empty()) throw UsageError("deadlines: unexpected argument " + args.positional[0]);
  auto journal = OpenOrDie(db, OpenMode::kReadOnly);
  auto rows = ListDeadlines(*journal, as_of, municipalities, DefaultEligibilityRules());
  if (!rows.ok()) {
    std::cerr << "rattvag: " << rows.error().ToString() << "\n";
    return 3;
  }
  std::cout << (format == "json" ? DeadlinesJson(as_of, *rows) : DeadlinesTable(as_of, *rows));
  return 0;
}

int Person(const Args& args) {
  std::string db = RequireDb(args);
  Date today = Today();
  Date as_of = RequireDate(args, "as-of", today);
  std::string format = Format(args, {"text", "json"});
  if (args.positional.size() != 1) throw UsageError("person: give exactly one PERSONNUMMER");
  auto pnr = ParsePersonnummer(args.positional[0], today, "PERSONNUMMER");
  if (!pnr.ok()) {
    std::cerr << "rattvag: " << pnr.error().ToString() << "\n";
    return 1;
  }
  auto journal = OpenOrDie(db, OpenMode::kReadOnly);
  auto view = LoadPersonView(*journal, pnr->digits, as_of, DefaultEligibilityRules());
  if (!view.ok()) {
    std::cerr << "rattvag: " << view.error().ToString() << "\n";
    return 3;
  }
  if (!view->has_value()) {
    std::cerr << "rattvag: PERSONNUMMER: no case is registered for this person\n";
    return 1;
  }
  std::cout << (format == "json" ? PersonJson(**view) : PersonText(**view));
  return 0;
}

// Now as ISO 8601 UTC with milliseconds, for audit entries.
std::string NowIso() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
  return FormatUtcTimestamp(ms / 1000, static_cast<int>(ms % 1000));
}

// Now in seconds since 1970-01-01 UTC (sessions and login bookkeeping).
int64_t NowSeconds() {
  return static_cast<int64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

// An administrative change made on the command line, for the audit log.
AuditEntry CommandLineEntry(std::string action, std::string detail) {
  return {NowIso(), "command-line", "admin", "", "administrator", "", std::move(action), "administration",
          "allowed", std::move(detail)};
}

int PrintErrors(const std::vector<Error>& errors) {
  for (const auto& e : errors) std::cerr << "rattvag: " << e.ToString() << "\n";
  return 1;
}

// Makes an administrative change and its audit entry in one transaction: both or neither.
// Returns the exit status (1 refused, 3 storage error), printing the error.
int CommitWithAudit(Journal& journal, const std::function<Status()>& change, const AuditEntry& entry) {
  UnitOfWork work(journal);
  Status s = work.Begin();
  if (s.ok()) s = change();
  if (s.ok()) s = journal.AppendAudit(entry);
  if (s.ok()) s = work.Commit();
  if (s.ok()) return 0;
  std::cerr << "rattvag: " << s.error().ToString() << "\n";
  return s.error().reason.rfind("database error", 0) == 0 ? 3 : 1;
}


// The person's own view (issue 5 item 3): demo accounts for a few Halmstad persons with a consent
// in force (README "Demo logins"), with the demo password.
int AddOwnDemo(Journal& journal, const DemoOptions& options) {
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  auto own = AddDemoOwnAccounts(journal, options.persons, DemoMunicipalityCode(0), 3, kDemoPassword, "u-demo-eb",
                                options.today, now);
  if (!own.ok()) return PrintErrors({own.error()});
  std::string listed;
  for (const std::string& pnr : *own) listed += (listed.empty() ? "" : ", ") + pnr.substr(0, 8) + "-" + pnr.substr(8);
  std::cout << fmt::format("demo: {} accounts for Mina sidor (personnummer {}; password {})\n", own->size(), listed,
                           kDemoPassword);
  return 0;
}

int Demo(const Args& args) {
  DemoOptions options;
  options.persons = IntOption(args, "persons", 1000, 1, 2'000'000);
  options.municipalities = IntOption(args, "municipalities", 6, 1, 2000);
  options.seed = static_cast<uint64_t>(IntOption(args, "seed", 1, 0, 2'000'000'000));
  options.today = RequireDate(args, "today", Today());
  auto db = args.Get("db");
  auto jsonl = args.Get("jsonl");
  if ((!db || db->empty()) && !jsonl) throw UsageError("--db: is required (or give --jsonl FILE)");
  if (!args.positional.empty()) throw UsageError("demo: unexpected argument " + args.positional[0]);

  EventBatch events;
  std::ofstream out;
  if (jsonl) {
    out.open(*jsonl, std::ios::binary | std::ios::trunc);
    if (!out) {
      std::cerr << "rattvag: " << *jsonl << ": cannot be written: " << std::strerror(errno) << "\n";
      return 1;
    }
  }
  const bool store = db && !db->empty();
  std::string buffer;
  size_t line = 0;
  GenerateDemo(options, [&](const Event& e) {
    ++line;
    if (jsonl) {
      buffer += EncodeEventJson(e);
      buffer += '\n';
      if (buffer.size() > (1 << 20)) {
        out << buffer;
        buffer.clear();
      }
    }
    if (store) events.Add(e, line);
  });
  if (jsonl) {
    out << buffer;
    out.close();
    if (!out) {
      std::cerr << "rattvag: " << *jsonl << ": could not be written completely\n";
      return 3;
    }
    std::cout << fmt::format("{}: {} events written\n", *jsonl, line);
  }
  if (!store) return 0;
  auto journal = OpenOrDie(*db, OpenMode::kReadWrite);
  if (int status = PrintOutcome("demo", StoreEvents(*journal, events, TerminalProgress())); status != 0) return status;
  if (!args.Get("users")) return 0;
  const DemoAccounts accounts = MakeDemoAccounts(options.municipalities);
  auto hash = HashPassword(kDemoPassword);
  if (!hash.ok()) return PrintErrors({hash.error()});
  for (const Unit& unit : accounts.units) {
    auto existing = journal->FindUnit(unit.id);
    if (!existing.ok()) return PrintErrors({existing.error()});
    if (existing->has_value()) continue;
    if (int status = CommitWithAudit(*journal, [&] { return journal->AddUnit(unit); },
                                     CommandLineEntry("unit_add", "demo unit " + unit.id));
        status != 0)
      return status;
  }
  for (const User& user : accounts.users) {
    auto existing = journal->FindUserByUsername(user.username);
    if (!existing.ok()) return PrintErrors({existing.error()});
    if (existing->has_value()) continue;
    if (int status = CommitWithAudit(*journal, [&] { return journal->AddUser(user, *hash); },
                                     CommandLineEntry("user_add", "demo user " + user.username));
        status != 0)
      return status;
  }
  std::cout << fmt::format("demo: {} units and {} users (password {})\n", accounts.units.size(), accounts.users.size(),
                           kDemoPassword);
  if (int status = AddOwnDemo(*journal, options); status != 0) return status;
  // The Kunskapsbank's synthetic contact list, when the journal has none yet.
  auto contacts = journal->ListContacts();
  if (!contacts.ok()) return PrintErrors({contacts.error()});
  if (contacts->empty()) {
    const std::vector<Contact> demo_contacts = MakeDemoContacts(options.municipalities);
    if (int status = CommitWithAudit(*journal,
                                     [&]() -> Status {
                                       for (const Contact& c : demo_contacts)
                                         RATTVAG_TRY_STATUS(journal->AddContact(c));
                                       return Status::Ok();
                                     },
                                     CommandLineEntry("contact_add", "demo contact list"));
        status != 0)
      return status;
    std::cout << fmt::format("demo: {} contacts for the Kunskapsbank\n", demo_contacts.size());
  }
  // Issue 5 item 1: SIPs of two Halmstad persons, one with two versions (app/sip.hpp).
  auto sips = AddDemoSips(*journal, options.today);
  if (!sips.ok()) return PrintErrors({sips.error()});
  if (*sips > 0) std::cout << fmt::format("demo: {} SIPs\n", *sips);
  // Issue 5: a few meetings of the home municipality's persons, planned and held.
  auto meetings = AddDemoMeetings(*journal, options.today, DemoMunicipalityCode(0),
                                  CommandLineEntry("meeting_demo", ""));
  if (!meetings.ok()) return PrintErrors({meetings.error()});
  if (*meetings > 0) std::cout << fmt::format("demo: {} meetings\n", *meetings);
  return 0;
}

// `--listen ADDRESS:PORT` (IPv4 or [IPv6]:PORT).
std::pair<std::string, uint16_t> ParseListen(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    throw UsageError("--listen: must be ADDRESS:PORT, e.g. 127.0.0.1:8080");
  std::string address = text.substr(0, colon);
  if (address.size() > 2 && address.front() == '[' && address.back() == ']') address = address.substr(1, address.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  if (port_text.find_first_not_of("0123456789") != std::string::npos || port_text.size() > 5 ||
      std::stoi(port_text) > 65535)
    throw UsageError("--listen: the port must be a number from 0 to 65535");
  return {address, static_cast<uint16_t>(std::stoi(port_text))};
}

int Serve(const Args& args) {
  std::string db = RequireDb(args);
  if (!args.positional.empty()) throw UsageError("serve: unexpected argument " + args.positional[0]);
  http::ServerOptions options;
  std::tie(options.address, options.port) = ParseListen(args.Get("listen").value_or("127.0.0.1:8080"));
  // Request threads: reads no longer wait for their audit entries' fsync on their thread (the
  // answer gate), and writes wait in the group commit, so a few threads a core keep the cores
  // busy; more only switch between each other (docs/BENCHMARKS.md, run h: 8 threads 1.4 × the
  // throughput of 32, with a quarter less CPU a request). Long requests (an import, a report)
  // each hold a thread while they run.
  options.threads = IntOption(args, "threads", 8, 1, 64);
  options.tls_cert_file = args.Get("tls-cert").value_or("");
  options.tls_key_file = args.Get("tls-key").value_or("");
  if (args.Get("tls-cert") && !args.Get("tls-key")) throw UsageError("--tls-key: is required with --tls-cert");
  if (args.Get("tls-key") && !args.Get("tls-cert")) throw UsageError("--tls-cert: is required with --tls-key");
  const bool tls = args.Get("tls-cert").has_value();

  // Opening read-write runs the migrations and refuses a journal without WAL and synchronous=FULL.
  auto journal = OpenOrDie(db, OpenMode::kReadWrite);
  std::mutex journal_mutex;  // One connection, shared by the health check and the gauges for now.
  auto count = [&](bool events) -> double {
    std::lock_guard lock(journal_mutex);
    auto n = events ? journal->CountEvents() : journal->CountPersons();
    return n.ok() ? static_cast<double>(*n) : -1;
  };
  http::Metrics metrics;
  metrics.AddGauge("rattvag_journal_events", "Events stored in the journal.", [&] { return count(true); });
  metrics.AddGauge("rattvag_journal_persons", "Persons with a stream in the journal.", [&] { return count(false); });
  http::Router router;
  http::AddSystemRoutes(router, metrics, [&]() -> Status {
    std::lock_guard lock(journal_mutex);
    auto n = journal->CountPersons();
    if (!n.ok()) return Error{"database", "cannot be read"};
    return Status::Ok();
  });
  http::SessionContext sessions{*journal, journal_mutex, [] {
                                  return static_cast<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                                                  std::chrono::system_clock::now().time_since_epoch())
                                                                  .count());
                                }, LoginPolicy{}, db};  // `db`: a read connection per server thread.
  http::AddApiRoutes(router, sessions);
  // The web application (web/dist after `make build`), when given: every other GET path.
  std::optional<http::StaticFiles> web;
  if (auto dir = args.Get("web")) {
    auto files = http::StaticFiles::Load(*dir);
    if (!files.ok()) throw UsageError("--" + files.error().ToString());
    web = std::move(*files);
    router.SetFallback([&web](const http::Request& request) { return web->Serve(request); });
  }

  // The signals are waited for in this thread; the server's threads never see them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // The audit log's person index, kept up to date in the background (JournalUpkeep).
  http::JournalUpkeep upkeep(db);
  http::Server server(options, router, metrics);
  auto port = server.Start();
  if (!port.ok()) {
    const Error& e = port.error();
    if (e.field.rfind("tls", 0) == 0) {  // A bad certificate or key: the operator's input.
      std::cerr << "rattvag: --" << e.ToString() << "\n";
      return 1;
    }
    std::cerr << "rattvag: " << e.ToString() << "\n";
    return 3;
  }
  const bool v6 = options.address.find(':') != std::string::npos;
  std::cout << fmt::format("rattvag: listening on {}://{}{}{}:{}\n", tls ? "https" : "http", v6 ? "[" : "",
                           options.address, v6 ? "]" : "", *port)
            << std::flush;
  int received = 0;
  sigwait(&signals, &received);
  std::cout << "rattvag: stopping: answering the requests in progress\n" << std::flush;
  server.Stop();  // Drains: bounded by ServerOptions::drain_timeout.
  std::cout << "rattvag: stopped\n";
  return 0;
}

int UnitCommand(const Args& args) {
  if (args.positional.size() != 1 || args.positional[0] != "add") throw UsageError("unit: the subcommand is `add`");
  Unit unit;
  unit.id = args.Get("id").value_or("");
  unit.kind = args.Get("kind").value_or("");
  unit.name = args.Get("name").value_or("");
  unit.municipality = args.Get("municipality").value_or("");
  unit.area = SplitCodes(args.Get("area").value_or(""));
  if (auto errors = ValidateUnit(unit); !errors.empty()) return PrintErrors(errors);
  auto journal = OpenOrDie(RequireDb(args), OpenMode::kReadWrite);
  if (int status = CommitWithAudit(*journal, [&] { return journal->AddUnit(unit); },
                                   CommandLineEntry("unit_add", "unit " + unit.id + " (" + unit.kind + ")"));
      status != 0)
    return status;
  std::cout << fmt::format("unit {} added\n", unit.id);
  return 0;
}

// `user totp`: an operator turns a user's second factor on (a new secret, printed) or off.
int UserTotpCommand(const Args& args) {
  const std::string username = args.Get("username").value_or("");
  if (username.empty()) throw UsageError("--username: is required");
  for (const char* option : {"name", "role", "unit", "password-stdin"})
    if (args.Get(option)) throw UsageError(std::string("--") + option + ": is not an option of `user totp`");
  auto journal = OpenOrDie(RequireDb(args), OpenMode::kReadWrite);
  auto report = [](const Error& e) {
    std::cerr << "rattvag: " << e.ToString() << "\n";
    return e.reason.rfind("database error", 0) == 0 ? 3 : 1;
  };
  if (args.Get("off")) {
    if (Status s = TurnTotpOff(*journal, username, CommandLineEntry("user_totp", "user " + username + ": TOTP off"));
        !s.ok())
      return report(s.error());
    std::cout << fmt::format("user {}: TOTP off; logging in needs the password only\n", username);
    return 0;
  }
  auto enrolment =
      SetTotpByOperator(*journal, username, CommandLineEntry("user_totp", "user " + username + ": TOTP on, new secret"));
  if (!enrolment.ok()) return report(enrolment.error());
  std::cout << fmt::format("user {}: TOTP on; logging in needs a code from now on\nsecret: {}\nuri: {}\n", username,
                           enrolment->secret, enrolment->uri);
  return 0;
}

int UserPassword(const Args& args);

int UserCommand(const Args& args) {
  if (args.positional.size() == 1 && args.positional[0] == "totp") return UserTotpCommand(args);
  if (args.positional.size() == 1 && args.positional[0] == "password") return UserPassword(args);
  if (args.positional.size() != 1 || args.positional[0] != "add")
    throw UsageError("user: the subcommands are `add`, `password` and `totp`");
  if (args.Get("off")) throw UsageError("--off: is not an option of `user add`");
  User user;
  user.username = args.Get("username").value_or("");
  user.display_name = args.Get("name").value_or("");
  user.unit_id = args.Get("unit").value_or("");
  const auto role = ParseRole(args.Get("role").value_or(""));
  if (!role) throw UsageError("--role: must be one of the roles listed in --help");
  user.role = *role;
  user.id = "u-" + RandomHex(12);
  std::string hash;
  if (args.Get("password-stdin")) {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (auto errors = CheckNewPassword(password, user.username, LoginPolicy{}); !errors.empty()) return PrintErrors(errors);
    auto hashed = HashPassword(password);
    std::fill(password.begin(), password.end(), '\0');
    if (!hashed.ok()) return PrintErrors({hashed.error()});
    hash = *hashed;
  }
  auto journal = OpenOrDie(RequireDb(args), OpenMode::kReadWrite);
  auto unit = journal->FindUnit(user.unit_id);
  if (!unit.ok()) return PrintErrors({unit.error()});
  if (!unit->has_value()) return PrintErrors({{"unit", "no unit has the id " + user.unit_id}});
  if (auto errors = ValidateUser(user, **unit); !errors.empty()) return PrintErrors(errors);
  if (int status = CommitWithAudit(*journal, [&] { return journal->AddUser(user, hash); },
                                   CommandLineEntry("user_add", "user " + user.username + " (" +
                                                                    std::string(Name(user.role)) + ") in unit " +
                                                                    user.unit_id));
      status != 0)
    return status;
  std::cout << fmt::format("user {} added ({}){}\n", user.username, user.id, hash.empty() ? ", without a password" : "");
  return 0;
}

// `rattvag user password`: a new password for a stored user.
int UserPassword(const Args& args) {
  const std::string username = args.Get("username").value_or("");
  if (username.empty()) throw UsageError("--username: is required");
  if (!args.Get("password-stdin"))
    throw UsageError("--password-stdin: is required (the password is read from standard input only)");
  for (const char* other : {"name", "role", "unit"})
    if (args.Get(other)) throw UsageError(std::string("--") + other + ": is not an option of `user password`");
  auto journal = OpenOrDie(RequireDb(args), OpenMode::kReadWrite);
  auto found = journal->FindUserByUsername(username);
  if (!found.ok()) return PrintErrors({found.error()});
  if (!found->has_value()) return PrintErrors({{"username", "no user has this username"}});
  const User user = (*found)->user;
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (auto errors = CheckNewPassword(password, user.username, LoginPolicy{}); !errors.empty()) return PrintErrors(errors);
  auto hashed = HashPassword(password);
  std::fill(password.begin(), password.end(), '\0');
  if (!hashed.ok()) return PrintErrors({hashed.error()});
  int64_t ended = 0;
  std::string detail = "user " + user.username + ": password set";
  const auto change = [&]() -> Status {
    auto n = ReplacePassword(*journal, user.id, *hashed, NowSeconds());
    if (!n.ok()) return n.error();
    ended = *n;
    detail += fmt::format("; failed logins reset; {} open sessions ended", ended);
    return Status::Ok();
  };
  // The entry is made after the change, with its outcome.
  UnitOfWork work(*journal);
  Status s = work.Begin();
  if (s.ok()) s = change();
  if (s.ok()) s = journal->AppendAudit(CommandLineEntry("user_password", detail));
  if (s.ok()) s = work.Commit();
  if (!s.ok()) {
    std::cerr << "rattvag: " << s.error().ToString() << "\n";
    return s.error().reason.rfind("database error", 0) == 0 ? 3 : 1;
  }
  std::cout << fmt::format("user {}: password set, {} open sessions ended\n", user.username, ended);
  return 0;
}

// `rattvag config apply`: the organisation file.
int ConfigApply(const Args& args) {
  if (args.positional.size() != 2 || args.positional[0] != "apply")
    throw UsageError("config: the subcommand is `apply`, with exactly one FILE.json");
  const std::string& file = args.positional[1];
  const std::string db = RequireDb(args);
  const bool check = args.Get("check").has_value();
  FileContent content(file);
  if (!content.error().empty()) {
    std::cerr << "rattvag: " << file << ": cannot be read: " << content.error() << "\n";
    return 1;
  }
  const DecodedOrganisation decoded = DecodeOrganisationJson(content.view());
  const auto refuse = [&](const std::vector<Error>& errors) {
    for (const Error& e : errors) std::cout << file << ": " << e.ToString() << "\n";
    std::cerr << fmt::format("rattvag: {} refused, nothing changed ({} problems)\n", file, errors.size());
    return 1;
  };
  if (check && ::access(db.c_str(), F_OK) != 0) {  // A check never creates a database.
    std::cerr << "rattvag: --db: " << db << ": no such file\n";
    return 3;
  }
  auto journal = OpenOrDie(db, check ? OpenMode::kReadOnly : OpenMode::kReadWrite);
  // The file's structure and its content are checked together, so that every problem is told.
  auto planned = check || !decoded.errors.empty()
                     ? PlanOrganisation(*journal, decoded.organisation)
                     : ApplyOrganisation(*journal, decoded.organisation, NowSeconds(), [&](std::string action, std::string detail) {
                         return CommandLineEntry(std::move(action), std::move(detail) + " (config apply " + file + ")");
                       });
  if (!planned.ok()) {
    std::cerr << "rattvag: " << planned.error().ToString() << "\n";
    return 3;
  }
  // A problem of the file's structure hides what the checks of content then find at the same path.
  std::vector<Error> errors = decoded.errors;
  for (const Error& e : planned->errors) {
    const bool hidden = std::any_of(decoded.errors.begin(), decoded.errors.end(), [&](const Error& d) {
      return d.field == e.field || e.field.rfind(d.field + ".", 0) == 0 || d.field.rfind(e.field + "[", 0) == 0;
    });
    if (!hidden) errors.push_back(e);
  }
  if (!errors.empty()) return refuse(errors);
  const OrganisationPlan& plan = planned->plan;
  for (const std::string& line : DescribePlan(plan)) std::cout << file << ": " << line << "\n";
  const std::string unchanged = fmt::format("{} units and {} users as in the file", plan.unchanged_units, plan.unchanged_users);
  const std::string differences =
      plan.differences.empty() ? "" : fmt::format(", {} differences left unchanged", plan.differences.size());
  if (plan.ChangesNothing()) {
    std::cout << fmt::format("{}: no change{} ({}{})\n", file, check ? " needed" : "", unchanged, differences);
    return 0;
  }
  const size_t units = plan.units_to_add.size(), users = plan.users_to_add.size();
  const size_t disable = plan.users_to_disable.size(), enable = plan.users_to_enable.size();
  if (check)
    std::cout << fmt::format("{}: check only, nothing changed: {} units and {} users to add, {} users to disable, {} to "
                             "enable; {}{}\n",
                             file, units, users, disable, enable, unchanged, differences);
  else
    std::cout << fmt::format("{}: applied: {} units and {} users added, {} users disabled, {} enabled; {}{}\n", file,
                             units, users, disable, enable, unchanged, differences);
  return 0;
}

int AuditReview(const Args& args) {
  const std::string municipality = args.Get("municipality").value_or("");
  if (municipality.size() != 4 || municipality.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError("--municipality: is required, a four-digit SCB code");
  AccessReviewOptions options;
  options.from = RequireDate(args, "from");
  options.to = RequireDate(args, "to");
  if (options.to < options.from) throw UsageError("--to: must not be before --from");
  if (auto unit = args.Get("unit")) options.owner_units = {*unit};
  const std::string format = Format(args, {"text", "json"});
  const std::string db = RequireDb(args);
  if (::access(db.c_str(), F_OK) != 0) {  // A review never creates a database.
    std::cerr << "rattvag: --db: " << db << ": no such file\n";
    return 3;
  }
  auto journal = OpenOrDie(db, OpenMode::kReadWrite);
  // The reading is logged first, like every reading of the log over the API.
  const AuditEntry entry = CommandLineEntry(
      "read_access_review", fmt::format("municipality {} {}..{}", municipality, options.from.ToString(), options.to.ToString()));
  if (int status = CommitWithAudit(*journal, [] { return Status::Ok(); }, entry); status != 0) return status;
  auto review = BuildAccessReview(*journal, municipality, options);
  if (!review.ok()) {
    std::cerr << "rattvag: " << review.error().ToString() << "\n";
    return 3;
  }
  std::cout << (format == "json" ? AccessReviewJson(*review, municipality) : AccessReviewText(*review, municipality));
  return 0;
}

int Audit(const Args& args) {
  if (args.positional.size() == 1 && args.positional[0] == "review") return AuditReview(args);
  if (args.positional.size() != 1 || args.positional[0] != "verify")
    throw UsageError("audit: the subcommand is `verify` or `review`");
  auto journal = OpenOrDie(RequireDb(args), OpenMode::kReadOnly);
  std::vector<ChainedAuditEntry> entries;
  if (Status s = journal->ScanAudit([&](const ChainedAuditEntry& e) {
        entries.push_back(e);
        return true;
      });
      !s.ok()) {
    std::cerr << "rattvag: " << s.error().ToString() << "\n";
    return 3;
  }
  const AuditVerification v = VerifyAuditChain(entries, Sha256);
  if (!v.ok()) {
    std::cout << fmt::format("audit log BROKEN at entry {} of {}: {}\n", *v.broken_at, entries.size(), v.reason);
    return 1;
  }
  std::cout << fmt::format("audit log intact: {} entries, head {}\n", v.entries, Hex(v.head_hash));
  return 0;
}

int Run(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kHelp;
    return 2;
  }
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kHelp;
    return 0;
  }
  if (command == "--version") {
    std::cout << "rattvag 0.1.0\n";
    return 0;
  }
  try {
    if (command == "import") return Import(ParseArgs(argc, argv, {"db"}));
    if (command == "audit") return Audit(ParseArgs(argc, argv, {"db", "municipality", "from", "to", "unit", "format"}));
    if (command == "unit")
      return UnitCommand(ParseArgs(argc, argv, {"db", "id", "kind", "name", "municipality", "area"}));
    if (command == "user")
      return UserCommand(ParseArgs(argc, argv, {"db", "username", "name", "role", "unit"}, {"password-stdin", "off"}));
    if (command == "config") return ConfigApply(ParseArgs(argc, argv, {"db"}, {"check"}));
    if (command == "serve")
      return Serve(ParseArgs(argc, argv, {"db", "listen", "threads", "tls-cert", "tls-key", "web"}));
    if (command == "report") return Report(ParseArgs(argc, argv, {"db", "as-of", "municipality", "format"}));
    if (command == "deadlines") return Deadlines(ParseArgs(argc, argv, {"db", "as-of", "municipality", "format"}));
    if (command == "person") return Person(ParseArgs(argc, argv, {"db", "as-of", "format"}));
    if (command == "demo")
      return Demo(ParseArgs(argc, argv, {"db", "persons", "municipalities", "seed", "today", "jsonl"}, {"users"}));
    throw UsageError("unknown command `" + command + "` (see rattvag --help)");
  } catch (const UsageError& e) {
    std::cerr << "rattvag: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace
}  // namespace rattvag

int main(int argc, char** argv) { return rattvag::Run(argc, argv); }
