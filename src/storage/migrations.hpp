// Numbered schema migrations (src/storage/migrations/NNNN_name.sql), embedded at build time.
#pragma once

#include <string_view>
#include <vector>

namespace rattvag {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// All migrations in ascending version order.
const std::vector<Migration>& Migrations();

}  // namespace rattvag
