// The CSV form of the exchange format: each row becomes the JSON object of its fields and is
// decoded by the JSON codec, so both forms share every rule and reason.
#include "codec/event_csv.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <exception>
#include <optional>

#include "codec/event_json.hpp"

namespace rattvag {

namespace json = boost::json;

namespace {

enum class Kind { kText, kNumber, kBool, kList, kObject };

struct Column {
  std::string_view name;
  Kind kind;
};

// Every field of §10, in the order of its table.
constexpr Column kColumns[] = {
    {"type", Kind::kText},         {"person", Kind::kText},
    {"date", Kind::kText},         {"id", Kind::kText},
    {"municipality", Kind::kText}, {"reason", Kind::kText},
    {"source", Kind::kText},       {"sgi", Kind::kText},
    {"consent_id", Kind::kText},   {"parties", Kind::kList},
    {"purpose", Kind::kText},      {"until", Kind::kText},
    {"from", Kind::kText},         {"to", Kind::kText},
    {"extent", Kind::kNumber},     {"icd10", Kind::kText},
    {"supports_reduced_capacity", Kind::kBool},
    {"direction", Kind::kText},    {"review_date", Kind::kText},
    {"note", Kind::kText},         {"referral_id", Kind::kText},
    {"ready", Kind::kBool},        {"prognosis_date", Kind::kText},
    {"benefit", Kind::kText},      {"outcome", Kind::kText},
    {"survey", Kind::kText},       {"answers", Kind::kObject},
};

constexpr size_t kMaxColumns = 64;
constexpr size_t kMaxNameInError = 40;

const Column* FindColumn(std::string_view name) {
  for (const auto& c : kColumns)
    if (c.name == name) return &c;
  return nullptr;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n;  // Continuation bytes.
    if (c < 0x80) n = 0;
    else if (c >= 0xC2 && c <= 0xDF) n = 1;
    else if (c >= 0xE0 && c <= 0xEF) n = 2;
    else if (c >= 0xF0 && c <= 0xF4) n = 3;
    else return false;
    if (i + n >= s.size() && n > 0) return false;
    for (size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    if (n >= 2) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
          (c == 0xF4 && c1 >= 0x90))
        return false;
    }
    i += n + 1;
  }
  return true;
}

// One record of the file: its cells and the line it begins on.
struct Record {
  size_t line = 0;
  std::vector<std::string> cells;
};

// Splits the file into records (RFC 4180, separator `sep`). An unclosed quote is reported and
// ends the file.
class Reader {
 public:
  Reader(std::string_view content, char sep) : s_(content), sep_(sep) {}

  // The next record, or nothing at the end (or after an error, which goes to `error`).
  std::optional<Record> Next(std::optional<CsvError>& error) {
    if (pos_ >= s_.size()) return std::nullopt;
    Record r;
    r.line = line_;
    std::string cell;
    bool quoted = false;       // Inside quotes.
    bool was_quoted = false;   // This cell began with a quote.
    size_t quote_line = 0;
    for (;;) {
      if (pos_ >= s_.size()) {
        if (quoted) {
          error = CsvError{quote_line, r.cells.size() + 1, {"", "a quoted value is not closed (a \" is missing)"}};
          return std::nullopt;
        }
        r.cells.push_back(std::move(cell));
        return r;
      }
      const char c = s_[pos_++];
      if (quoted) {
        if (c == '"') {
          if (pos_ < s_.size() && s_[pos_] == '"') {
            cell += '"';
            ++pos_;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          cell += c;
        }
        continue;
      }
      if (c == '"' && !was_quoted && Trim(cell).empty()) {
        cell.clear();
        quoted = was_quoted = true;
        quote_line = line_;
      } else if (c == sep_) {
        r.cells.push_back(std::move(cell));
        cell.clear();
        was_quoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
        ++line_;
        r.cells.push_back(std::move(cell));
        return r;
      } else {
        cell += c;
      }
    }
  }

 private:
  std::string_view s_;
  char sep_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

// `;` or `,`: whichever the first line holds more of outside quotes.
char SeparatorOf(std::string_view content) {
  size_t semicolons = 0, commas = 0;
  bool quoted = false;
  for (char c : content) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r')) break;
    else if (!quoted && c == ';') ++semicolons;
    else if (!quoted && c == ',') ++commas;
  }
  return semicolons > commas ? ';' : ',';
}

bool AllEmpty(const Record& r) {
  return std::all_of(r.cells.begin(), r.cells.end(), [](const std::string& c) { return Trim(c).empty(); });
}

std::optional<bool> ParseBool(std::string_view text) {
  const std::string v = Lower(text);
  if (v == "true" || v == "ja") return true;
  if (v == "false" || v == "nej") return false;
  return std::nullopt;
}

// The column an error of the JSON codec concerns: its field, or the field before `[`/`.`.
size_t ColumnOfField(const std::vector<const Column*>& header, std::string_view field) {
  const size_t cut = field.find_first_of("[.");
  const std::string_view name = field.substr(0, cut);
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] && header[i]->name == name) return i + 1;
  return 0;
}

void DecodeRow(const Record& r, const std::vector<const Column*>& header, Date reference,
               std::vector<CsvEvent>& events, std::vector<CsvError>& errors) {
  const size_t before = errors.size();
  if (r.cells.size() > header.size()) {
    errors.push_back({r.line, header.size() + 1,
                      {"", "the row has " + std::to_string(r.cells.size()) + " cells, the header names " +
                               std::to_string(header.size()) + " columns"}});
    return;
  }
  json::object o;
  for (size_t i = 0; i < r.cells.size(); ++i) {
    const Column& column = *header[i];
    const std::string_view text = Trim(r.cells[i]);
    if (text.empty()) continue;
    const std::string name(column.name);
    if (!IsUtf8(text)) {
      errors.push_back({r.line, i + 1, {name, "is not valid UTF-8 (save the file as UTF-8)"}});
      continue;
    }
    switch (column.kind) {
      case Kind::kText:
        o[name] = json::string(text);
        break;
      case Kind::kNumber: {
        const bool digits = text.size() <= 9 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits) o[name] = std::stoll(std::string(text));
        else o[name] = json::string(text);  // The codec names what it must be.
        break;
      }
      case Kind::kBool:
        if (auto b = ParseBool(text)) o[name] = *b;
        else errors.push_back({r.line, i + 1, {name, "must be true or false (or ja/nej)"}});
        break;
      case Kind::kList: {
        json::array list;
        size_t p = 0;
        while (p < text.size()) {
          const size_t end = text.find_first_of("|,; \t", p);
          const std::string_view item = text.substr(p, end == std::string_view::npos ? std::string_view::npos : end - p);
          if (!item.empty()) list.emplace_back(json::string(item));
          if (end == std::string_view::npos) break;
          p = end + 1;
        }
        o[name] = std::move(list);
        break;
      }
      case Kind::kObject: {
        json::error_code ec;
        json::value v = json::parse(text, ec);
        if (ec || !v.is_object()) errors.push_back({r.line, i + 1, {name, "must be a JSON object, e.g. {\"q1\": \"good\"}"}});
        else o[name] = std::move(v);
        break;
      }
    }
  }
  if (errors.size() != before) return;
  const DecodedLine decoded = DecodeEventLine(json::serialize(o), reference);
  if (decoded.errors.empty()) {
    events.push_back({r.line, decoded.event});
    return;
  }
  for (const auto& e : decoded.errors) errors.push_back({r.line, ColumnOfField(header, e.field), e});
}

void Decode(std::string_view content, Date reference, std::vector<CsvEvent>& events, std::vector<CsvError>& errors) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  Reader reader(content, SeparatorOf(content));
  std::optional<CsvError> read_error;
  // The header: the first record that is not empty.
  std::optional<Record> head;
  while ((head = reader.Next(read_error)) && AllEmpty(*head)) {
  }
  if (!head) {
    errors.push_back(read_error ? *read_error
                                : CsvError{1, 0, {"", "the file is empty: it needs a header row naming the columns"}});
    return;
  }
  std::vector<const Column*> header;
  const size_t errors_before = errors.size();
  if (head->cells.size() > kMaxColumns)
    errors.push_back({head->line, kMaxColumns + 1, {"", "the header has more than " + std::to_string(kMaxColumns) + " columns"}});
  for (size_t i = 0; i < head->cells.size() && i < kMaxColumns; ++i) {
    const std::string name = Lower(Trim(head->cells[i]));
    const Column* column = FindColumn(name);
    if (name.empty()) {
      errors.push_back({head->line, i + 1, {"", "the header cell is empty: name the column (e.g. type, person, date)"}});
    } else if (!column) {
      std::string shown = IsUtf8(name) ? name.substr(0, kMaxNameInError) : "?";
      errors.push_back({head->line, i + 1, {shown, "is not a field of the exchange format"}});
    } else if (std::find(header.begin(), header.end(), column) != header.end()) {
      errors.push_back({head->line, i + 1, {name, "is named twice in the header"}});
    }
    header.push_back(column);
  }
  if (errors.size() == errors_before && std::find(header.begin(), header.end(), FindColumn("type")) == header.end())
    errors.push_back({head->line, 0, {"type", "the header must name the column type"}});
  if (errors.size() != errors_before) return;

  while (auto record = reader.Next(read_error)) {
    if (AllEmpty(*record)) continue;
    DecodeRow(*record, header, reference, events, errors);
  }
  if (read_error) errors.push_back(*read_error);
}

}  // namespace

void DecodeEventCsv(std::string_view content, Date reference, std::vector<CsvEvent>& events,
                    std::vector<CsvError>& errors) {
  try {
    Decode(content, reference, events, errors);
  } catch (const std::exception&) {  // Allocation failure only.
    errors.push_back({0, 0, {"", "could not be read: out of memory"}});
  }
}

const std::vector<std::string>& CsvColumns() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& c : kColumns) v.emplace_back(c.name);
    return v;
  }();
  return names;
}

}  // namespace rattvag
