// Helpers for integration tests: temporary directories, files, running the binary, and a
// content dump of a SQLite database.
#pragma once

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace rattvag::testing {

// A fresh directory under the system's temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("rattvag-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

inline std::string DataFile(const std::string& name) { return std::string(RATTVAG_TEST_DATA) + "/" + name; }

struct CommandResult {
  int exit_code;
  std::string out;  // stdout and stderr, as the shell interleaves them.
};

// Runs the rattvag binary with `args` (already shell-quoted where needed).
inline CommandResult RunRattvag(const std::string& args) {
  std::string command = std::string(RATTVAG_BINARY) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// Every row of every table, in a stable order: equal dumps mean equal content.
inline std::string DumpDatabase(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return "<cannot open>";
  std::ostringstream dump;
  sqlite3_stmt* tables = nullptr;
  sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master ORDER BY type, name", -1, &tables, nullptr);
  while (sqlite3_step(tables) == SQLITE_ROW) {
    std::string name = reinterpret_cast<const char*>(sqlite3_column_text(tables, 0));
    const unsigned char* sql = sqlite3_column_text(tables, 1);
    dump << "== " << name << " " << (sql ? reinterpret_cast<const char*>(sql) : "") << "\n";
    sqlite3_stmt* rows = nullptr;
    if (sqlite3_prepare_v2(db, ("SELECT * FROM \"" + name + "\" ORDER BY 1, 2").c_str(), -1, &rows, nullptr) != SQLITE_OK) {
      sqlite3_finalize(rows);
      continue;  // An index or trigger, not a table.
    }
    while (sqlite3_step(rows) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(rows); ++c) {
        const void* blob = sqlite3_column_blob(rows, c);
        int bytes = sqlite3_column_bytes(rows, c);
        dump << (c ? "|" : "") << (blob ? std::string(static_cast<const char*>(blob), bytes) : "NULL");
      }
      dump << "\n";
    }
    sqlite3_finalize(rows);
  }
  sqlite3_finalize(tables);
  sqlite3_close(db);
  return dump.str();
}

inline long long QueryInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  long long v = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

inline std::string QueryText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  std::string v;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

}  // namespace rattvag::testing
