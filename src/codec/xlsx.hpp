// Tables as an Office Open XML workbook (.xlsx), written with Debian's libxlsxwriter: the
// follow-up's spreadsheet export.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace rattvag {

// One sheet: rows of cells given as text. The first row is the header (bold, frozen). A cell
// that is a plain decimal number (digits, an optional '-', an optional '.' and decimals) is
// written as a number, except in the first column (names and codes stay text); an empty cell is
// left blank; anything else is text (e.g. ".." for a hidden figure).
struct XlsxSheet {
  std::string name;  // At most 31 characters, none of []:*?/\ .
  std::vector<std::vector<std::string>> rows;
};

// The workbook's bytes, or an error when it could not be written (a temporary file is used).
Result<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets);

// The rows of a CSV text as FollowUpCsv writes it (RFC 4180, `,`, CRLF).
std::vector<std::vector<std::string>> CsvRows(std::string_view csv);

}  // namespace rattvag
