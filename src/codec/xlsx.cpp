#include "codec/xlsx.hpp"

#include <xlsxwriter.h>

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace rattvag {

namespace {

bool IsPlainNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t digits = 0, dots = 0;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') ++digits;
    else if (s[i] == '.' && dots == 0 && digits > 0) ++dots;
    else return false;
  }
  return digits > 0 && s.back() != '.' && digits <= 15;
}

double ToDouble(std::string_view s) {
  double value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);  // Locale-independent.
  return value;
}

}  // namespace

std::vector<std::vector<std::string>> CsvRows(std::string_view csv) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ++i;
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      cell += c;
    }
  }
  if (!cell.empty() || !row.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets) {
  std::error_code ec;
  std::string path = (std::filesystem::temp_directory_path(ec) / "rattvag-xlsx-XXXXXX").string();
  if (ec) path = "/tmp/rattvag-xlsx-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return Error{"xlsx", "could not create a temporary file"};
  ::close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::filesystem::remove(path); }
  } remove{path};

  lxw_workbook* workbook = workbook_new(path.c_str());
  if (!workbook) return Error{"xlsx", "could not start the workbook"};
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  for (const auto& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook, sheet.name.c_str());
    if (!ws) {
      workbook_close(workbook);
      return Error{"xlsx", "could not add the sheet " + sheet.name};
    }
    size_t widest = 0;
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const std::string& text = sheet.rows[r][c];
        const auto row = static_cast<lxw_row_t>(r);
        const auto col = static_cast<lxw_col_t>(c);
        if (c == 0) widest = std::max(widest, text.size());
        if (text.empty()) continue;
        if (r > 0 && c > 0 && IsPlainNumber(text)) worksheet_write_number(ws, row, col, ToDouble(text), nullptr);
        else worksheet_write_string(ws, row, col, text.c_str(), r == 0 ? bold : nullptr);
      }
    }
    worksheet_set_column(ws, 0, 0, static_cast<double>(std::max<size_t>(widest, 8)) + 2, nullptr);
    worksheet_freeze_panes(ws, 1, 1);
  }
  if (workbook_close(workbook) != LXW_NO_ERROR) return Error{"xlsx", "could not write the workbook"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"xlsx", "could not read the workbook back"};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace rattvag
