// The exchange format of DOMAIN.md §10: one JSON object per line.
//
// Decoding uses Boost.JSON's SAX parser (basic_parser) with a handler that files each top-level
// value into a slot per known key, so no DOM is built and a thread's parser is reused from line
// to line. The slots are then checked against the fields of the line's `type`.
#include "codec/event_json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>

#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <span>
#include <string>

#include "codec/survey_json.hpp"
#include "domain/personnummer.hpp"
#include "domain/survey.hpp"

namespace rattvag {

namespace {

constexpr size_t kMaxLineBytes = 64 * 1024;
constexpr size_t kMaxDepth = 8;
// A line with many unknown or repeated keys reports only the first few.
constexpr size_t kMaxReportedExtraKeys = 10;
// Unknown key names are echoed in the error's field, cut to this many bytes.
constexpr size_t kMaxKeyNameInError = 64;

// Every key the exchange format knows, over all types.
enum class Key : uint8_t {
  kType,
  kPerson,
  kDate,
  kId,
  kMunicipality,
  kReason,
  kSource,
  kSgi,
  kConsentId,
  kParties,
  kPurpose,
  kUntil,
  kFrom,
  kTo,
  kExtent,
  kIcd10,
  kSupportsReducedCapacity,
  kDirection,
  kReviewDate,
  kNote,
  kReferralId,
  kReady,
  kPrognosisDate,
  kBenefit,
  kOutcome,
  kSurvey,
  kAnswers,
  kUnknown,
};
constexpr size_t kKeyCount = static_cast<size_t>(Key::kUnknown);

constexpr std::array<std::string_view, kKeyCount> kKeyNames = {
    "type",          "person",       "date",    "id",      "municipality", "reason",
    "source",        "sgi",          "consent_id", "parties", "purpose",   "until",
    "from",          "to",           "extent",  "icd10",   "supports_reduced_capacity",
    "direction",     "review_date",  "note",    "referral_id", "ready",    "prognosis_date",
    "benefit",       "outcome",      "survey",  "answers"};

constexpr std::string_view KeyName(Key key) { return kKeyNames[static_cast<size_t>(key)]; }
constexpr uint32_t KeyBit(Key key) { return uint32_t{1} << static_cast<unsigned>(key); }

Key LookupKey(std::string_view name) {
  for (size_t i = 0; i < kKeyCount; ++i)
    if (kKeyNames[i] == name) return static_cast<Key>(i);
  return Key::kUnknown;
}

enum class Presence : uint8_t { kRequired, kOptional };
struct FieldSpec {
  Key key;
  Presence presence;
};

// The fields of each type besides type/person/date/id, in the order of the §10 table.
std::span<const FieldSpec> FieldsOf(EventType type) {
  using enum Key;
  constexpr Presence R = Presence::kRequired;
  constexpr Presence O = Presence::kOptional;
  static constexpr FieldSpec kMunicipalityOnly[] = {{kMunicipality, R}};
  static constexpr FieldSpec kEbEnded[] = {{kMunicipality, R}, {kReason, R}};
  static constexpr FieldSpec kTargetGroup[] = {{kMunicipality, R}, {kSource, R}};
  static constexpr FieldSpec kSgiChecked[] = {{kSgi, R}};
  static constexpr FieldSpec kConsentGiven[] = {{kConsentId, R}, {kParties, R}, {kPurpose, R}, {kUntil, O}};
  static constexpr FieldSpec kConsentRevoked[] = {{kConsentId, R}};
  static constexpr FieldSpec kSickCertificate[] = {
      {kFrom, R}, {kTo, R}, {kExtent, R}, {kIcd10, O}, {kSupportsReducedCapacity, R}};
  static constexpr FieldSpec kStance[] = {{kDirection, R}, {kReviewDate, O}, {kNote, O}};
  static constexpr FieldSpec kReferral[] = {{kReferralId, R}};
  static constexpr FieldSpec kPartiesOnly[] = {{kParties, R}};
  static constexpr FieldSpec kReadiness[] = {{kReady, R}, {kPrognosisDate, O}};
  static constexpr FieldSpec kReasonOnly[] = {{kReason, R}};
  static constexpr FieldSpec kBenefitApplied[] = {{kBenefit, R}};
  static constexpr FieldSpec kBenefitDecided[] = {{kBenefit, R}, {kOutcome, R}, {kExtent, O}};
  static constexpr FieldSpec kSurveyAnswered[] = {{kSurvey, R}, {kAnswers, R}, {kMunicipality, O}};
  switch (type) {
    case EventType::kEbPeriodStarted: return kMunicipalityOnly;
    case EventType::kEbPeriodEnded: return kEbEnded;
    case EventType::kTargetGroupIdentified: return kTargetGroup;
    case EventType::kSgiChecked: return kSgiChecked;
    case EventType::kConsentGiven: return kConsentGiven;
    case EventType::kConsentRevoked: return kConsentRevoked;
    case EventType::kSickCertificate: return kSickCertificate;
    case EventType::kStanceTaken: return kStance;
    case EventType::kFkReferralSent:
    case EventType::kFkContactMade: return kReferral;
    case EventType::kAvstamningsmoteHeld:
    case EventType::kSipMeetingHeld: return kPartiesOnly;
    case EventType::kFkReadinessAssessed: return kReadiness;
    case EventType::kFkCoordinationEnded: return kReasonOnly;
    case EventType::kBenefitApplied: return kBenefitApplied;
    case EventType::kBenefitDecided: return kBenefitDecided;
    case EventType::kSurveyAnswered: return kSurveyAnswered;
    case EventType::kMappingMeetingHeld:
    case EventType::kFkCoordinationStarted:
    case EventType::kWorkCapacityAssessed: return {};
  }
  return {};
}

// "a, b, c": the wire names of an enum with `count` values.
template <typename E>
std::string JoinNames(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    if (i > 0) text += ", ";
    text += Name(static_cast<E>(i));
  }
  return text;
}

template <typename E>
std::string OneOf(int count) {
  return "must be one of " + JoinNames<E>(count);
}

struct EnumReasons {
  std::string event_type = OneOf<EventType>(kEventTypeCount);
  std::string exit_reason = OneOf<ExitReason>(kExitReasonCount);
  std::string source = OneOf<IdentificationSource>(3);
  std::string sgi = OneOf<Sgi>(2);
  std::string direction = OneOf<Direction>(kDirectionCount);
  std::string coordination_end = OneOf<CoordinationEndReason>(5);
  std::string benefit = OneOf<Benefit>(kBenefitCount);
  std::string outcome = OneOf<Outcome>(2);
  std::string survey = OneOf<Survey>(3);
  std::string party = "must name only the parties " + JoinNames<Party>(kPartyCount);
};

const EnumReasons& Reasons() {
  static const EnumReasons reasons;
  return reasons;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t run_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default: {
        const char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        out.append(escape, sizeof escape);
      }
    }
  }
  out.append(text.data() + run_start, text.size() - run_start);
  out.push_back('"');
}

namespace {

// Appends the date as `YYYY-MM-DD` without going through snprintf.
void AppendDate(std::string& out, Date date) {
  const std::chrono::year_month_day ymd = date.Ymd();
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    out += date.ToString();
    return;
  }
  const unsigned month = static_cast<unsigned>(ymd.month());
  const unsigned day = static_cast<unsigned>(ymd.day());
  const char text[10] = {static_cast<char>('0' + year / 1000),     static_cast<char>('0' + year / 100 % 10),
                         static_cast<char>('0' + year / 10 % 10),  static_cast<char>('0' + year % 10),
                         '-',
                         static_cast<char>('0' + month / 10),      static_cast<char>('0' + month % 10),
                         '-',
                         static_cast<char>('0' + day / 10),        static_cast<char>('0' + day % 10)};
  out.append(text, sizeof text);
}

// ---------------------------------------------------------------------------------------------
// Decoding.

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF). Only used to explain a parse failure, so it need not be fast.
bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t length;
    uint32_t code;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2, code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3, code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4, code = c & 0x07;
    } else {
      return false;
    }
    if (text.size() - i < length) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if ((length == 3 && code < 0x800) || (length == 4 && (code < 0x10000 || code > 0x10FFFF)) ||
        (code >= 0xD800 && code <= 0xDFFF))
      return false;
    i += length;
  }
  return true;
}

enum class Kind : uint8_t { kAbsent, kString, kInteger, kNumber, kBool, kNull, kArray, kObject };

// The value of one top-level key, as the JSON gave it.
struct Slot {
  Kind kind = Kind::kAbsent;
  std::string text;         // kString.
  int64_t integer = 0;      // kInteger.
  bool integer_fits = true; // False for integers beyond int64.
  bool boolean = false;     // kBool.
};

// A top-level key of the line, in line order.
struct LineKey {
  Key key;                // kUnknown for a key the format does not know.
  bool repeated;          // A known key given a second time.
  uint8_t unknown_index;  // Into LineHandler::unknown_names when key is kUnknown.
};

// The SAX handler of basic_parser. It is reused from line to line: Reset() clears it while
// keeping the capacity of its strings.
class LineHandler {
 public:
  static constexpr size_t max_array_size = kMaxLineBytes;
  static constexpr size_t max_object_size = kMaxLineBytes;
  static constexpr size_t max_string_size = kMaxLineBytes;
  static constexpr size_t max_key_size = kMaxLineBytes;

  using error_code = boost::json::error_code;
  using string_view = boost::json::string_view;

  void Reset() {
    root_is_object = false;
    for (uint32_t bits = seen; bits != 0; bits &= bits - 1)
      slots[static_cast<size_t>(std::countr_zero(bits))].kind = Kind::kAbsent;
    seen = 0;
    keys.clear();
    unknown_names.clear();
    parties = 0;
    parties_unknown = parties_repeated = parties_malformed = false;
    answers.clear();
    extra_key_count_ = 0;
    depth_ = 0;
    nested_ = Nested::kNone;
    current_ = &discard_;
    current_key_ = Key::kUnknown;
    key_buffer_.clear();
    string_buffer_.clear();
    number_buffer_.clear();
  }

  // Results.
  bool root_is_object = false;
  std::array<Slot, kKeyCount> slots;
  uint32_t seen = 0;  // KeyBit of every known key given.
  // The first occurrence of each known key and at most kMaxReportedExtraKeys unknown or
  // repeated keys, in line order.
  std::vector<LineKey> keys;
  std::vector<std::string> unknown_names;
  PartySet parties = 0;
  bool parties_unknown = false;
  bool parties_repeated = false;
  bool parties_malformed = false;  // An element that is not a string.
  std::string answers;             // Compact JSON of `answers` when it is an object.

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

  bool on_object_begin(error_code&) {
    if (depth_ == 0) {
      root_is_object = true;
    } else if (root_is_object) {
      if (depth_ == 1) {
        current_->kind = Kind::kObject;
        if (current_key_ == Key::kAnswers) {
          nested_ = Nested::kAnswers;
          answers.assign(1, '{');
        } else {
          nested_ = Nested::kSkip;
        }
      } else if (nested_ == Nested::kAnswers) {
        BeginCapturedValue();
        answers.push_back('{');
      } else if (nested_ == Nested::kParties && depth_ == 2) {
        parties_malformed = true;
      }
    }
    ++depth_;
    is_array_[depth_] = false;
    need_comma_[depth_] = false;
    return true;
  }

  bool on_object_end(size_t, error_code&) {
    if (nested_ == Nested::kAnswers) answers.push_back('}');
    LeaveContainer();
    return true;
  }

  bool on_array_begin(error_code&) {
    if (root_is_object) {
      if (depth_ == 1) {
        current_->kind = Kind::kArray;
        nested_ = current_key_ == Key::kParties ? Nested::kParties : Nested::kSkip;
      } else if (nested_ == Nested::kAnswers) {
        BeginCapturedValue();
        answers.push_back('[');
      } else if (nested_ == Nested::kParties && depth_ == 2) {
        parties_malformed = true;
      }
    }
    ++depth_;
    is_array_[depth_] = true;
    need_comma_[depth_] = false;
    return true;
  }

  bool on_array_end(size_t, error_code&) {
    if (nested_ == Nested::kAnswers) answers.push_back(']');
    LeaveContainer();
    return true;
  }

  bool on_key_part(string_view s, size_t, error_code&) {
    key_buffer_.append(s.data(), s.size());
    return true;
  }

  bool on_key(string_view s, size_t, error_code&) {
    std::string_view key(s.data(), s.size());
    if (!key_buffer_.empty()) key = key_buffer_.append(s.data(), s.size());
    if (root_is_object && depth_ == 1) {
      OnRootKey(key);
    } else if (nested_ == Nested::kAnswers) {
      if (need_comma_[depth_]) answers.push_back(',');
      need_comma_[depth_] = true;
      AppendJsonString(answers, key);
      answers.push_back(':');
    }
    key_buffer_.clear();
    return true;
  }

  bool on_string_part(string_view s, size_t, error_code&) {
    string_buffer_.append(s.data(), s.size());
    return true;
  }

  bool on_string(string_view s, size_t, error_code&) {
    std::string_view text(s.data(), s.size());
    if (!string_buffer_.empty()) text = string_buffer_.append(s.data(), s.size());
    if (root_is_object) {
      if (depth_ == 1) {
        current_->kind = Kind::kString;
        current_->text.assign(text);
      } else if (nested_ == Nested::kParties && depth_ == 2) {
        if (auto party = ParseParty(text); !party)
          parties_unknown = true;
        else if (parties & PartyBit(*party))
          parties_repeated = true;
        else
          parties |= PartyBit(*party);
      } else if (nested_ == Nested::kAnswers) {
        BeginCapturedValue();
        AppendJsonString(answers, text);
      }
    }
    string_buffer_.clear();
    return true;
  }

  bool on_number_part(string_view s, error_code&) {
    number_buffer_.append(s.data(), s.size());
    return true;
  }

  bool on_int64(int64_t value, string_view s, error_code&) {
    OnNumber(Kind::kInteger, value, true, s);
    return true;
  }

  bool on_uint64(uint64_t value, string_view s, error_code&) {
    const bool fits = value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    OnNumber(Kind::kInteger, fits ? static_cast<int64_t>(value) : 0, fits, s);
    return true;
  }

  bool on_double(double, string_view s, error_code&) {
    OnNumber(Kind::kNumber, 0, true, s);
    return true;
  }

  bool on_bool(bool value, error_code&) {
    if (OnScalar(Kind::kBool)) {
      current_->boolean = value;
    } else if (nested_ == Nested::kAnswers && root_is_object) {
      BeginCapturedValue();
      answers.append(value ? "true" : "false");
    }
    return true;
  }

  bool on_null(error_code&) {
    if (!OnScalar(Kind::kNull) && nested_ == Nested::kAnswers && root_is_object) {
      BeginCapturedValue();
      answers.append("null");
    }
    return true;
  }

 private:
  enum class Nested : uint8_t { kNone, kSkip, kParties, kAnswers };

  void OnRootKey(std::string_view name) {
    const Key key = LookupKey(name);
    current_ = &discard_;
    current_key_ = Key::kUnknown;
    if (key == Key::kUnknown) {
      if (extra_key_count_ < kMaxReportedExtraKeys) {
        ++extra_key_count_;
        // Cut at a UTF-8 character boundary.
        size_t length = std::min(name.size(), kMaxKeyNameInError);
        while (length < name.size() && length > 0 && (static_cast<unsigned char>(name[length]) & 0xC0) == 0x80)
          --length;
        keys.push_back({Key::kUnknown, false, static_cast<uint8_t>(unknown_names.size())});
        std::string& shown = unknown_names.emplace_back(name.substr(0, length));
        // The name ends up on terminals: no control characters.
        for (char& c : shown)
          if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
      }
    } else if (seen & KeyBit(key)) {
      if (extra_key_count_ < kMaxReportedExtraKeys) {
        ++extra_key_count_;
        keys.push_back({key, true, 0});
      }
    } else {
      seen |= KeyBit(key);
      keys.push_back({key, false, 0});
      current_ = &slots[static_cast<size_t>(key)];
      current_key_ = key;
    }
  }

  // Files a scalar that is the value of a top-level key. Returns false when the scalar is
  // somewhere else (inside an array or object), having noted a malformed party list.
  bool OnScalar(Kind kind) {
    if (!root_is_object) return false;
    if (depth_ == 1) {
      current_->kind = kind;
      return true;
    }
    if (nested_ == Nested::kParties && depth_ == 2) parties_malformed = true;
    return false;
  }

  void OnNumber(Kind kind, int64_t value, bool fits, string_view s) {
    if (OnScalar(kind)) {
      current_->integer = value;
      current_->integer_fits = fits;
    } else if (nested_ == Nested::kAnswers && root_is_object) {
      // Numbers keep their original spelling, which Boost has already validated.
      BeginCapturedValue();
      answers.append(number_buffer_);
      answers.append(s.data(), s.size());
    }
    number_buffer_.clear();
  }

  // Writes the comma before a value inside a captured array.
  void BeginCapturedValue() {
    if (!is_array_[depth_]) return;
    if (need_comma_[depth_]) answers.push_back(',');
    need_comma_[depth_] = true;
  }

  void LeaveContainer() {
    --depth_;
    if (depth_ <= 1) nested_ = Nested::kNone;
  }

  size_t extra_key_count_ = 0;
  int depth_ = 0;
  Nested nested_ = Nested::kNone;
  Slot* current_ = &discard_;
  Key current_key_ = Key::kUnknown;
  Slot discard_;
  std::array<bool, kMaxDepth + 2> is_array_{};
  std::array<bool, kMaxDepth + 2> need_comma_{};
  std::string key_buffer_;
  std::string string_buffer_;
  std::string number_buffer_;
};

using LineParser = boost::json::basic_parser<LineHandler>;

LineParser& ThreadParser() {
  static const boost::json::parse_options options = [] {
    boost::json::parse_options o;
    o.max_depth = kMaxDepth;
    return o;
  }();
  thread_local LineParser parser(options);
  return parser;
}

// Turns the slots of a parsed line into an event, collecting errors in field order.
class LineChecker {
 public:
  LineChecker(const LineHandler& handler, Date reference, DecodedLine& out)
      : handler_(handler), reference_(reference), event_(out.event), errors_(out.errors) {}

  void Run() {
    const Slot& type_slot = SlotOf(Key::kType);
    if (type_slot.kind == Kind::kAbsent) return Fail(Key::kType, "is required");
    std::optional<EventType> type;
    if (type_slot.kind == Kind::kString) type = ParseEventType(type_slot.text);
    if (!type) return Fail(Key::kType, Reasons().event_type);
    for (const LineKey& key : handler_.keys)
      if (key.key == Key::kType && key.repeated) return Fail(Key::kType, "is given more than once");
    event_.type = *type;

    const std::span<const FieldSpec> fields = FieldsOf(*type);
    uint32_t allowed = KeyBit(Key::kType) | KeyBit(Key::kPerson) | KeyBit(Key::kDate) | KeyBit(Key::kId);
    for (const FieldSpec& field : fields) allowed |= KeyBit(field.key);

    CheckPerson();
    if (const Slot& s = SlotOf(Key::kDate); s.kind == Kind::kAbsent)
      Fail(Key::kDate, "is required");
    else if (auto date = ToDate(Key::kDate, s))
      event_.date = *date;
    if (const Slot& s = SlotOf(Key::kId); s.kind != Kind::kAbsent) {
      if (s.kind != Kind::kString)
        Fail(Key::kId, "must be a string");
      else if (s.text.empty())
        Fail(Key::kId, "must not be empty");
      else
        event_.id = s.text;
    }
    for (const FieldSpec& field : fields) {
      const Slot& s = SlotOf(field.key);
      if (s.kind == Kind::kAbsent) {
        if (field.presence == Presence::kRequired) Fail(field.key, "is required");
      } else {
        CheckField(field.key, s);
      }
    }

    // Keys that do not belong, and keys given twice, in line order.
    const std::string not_a_field = "is not a field of " + std::string(Name(*type));
    for (const LineKey& key : handler_.keys) {
      if (key.key == Key::kUnknown) {
        errors_.push_back({handler_.unknown_names[key.unknown_index], not_a_field});
      } else if (!(allowed & KeyBit(key.key))) {
        if (!key.repeated) Fail(key.key, not_a_field);  // A repeat was reported at the first.
      } else if (key.repeated) {
        Fail(key.key, "is given more than once");
      }
    }

    if (errors_.empty()) errors_ = ValidateEventFields(event_);
    // The answers against their survey's questions (domain/survey.hpp), for every way in: import,
    // CSV and the API all decode here.
    if (errors_.empty() && event_.type == EventType::kSurveyAnswered)
      errors_ = ParseSurveyAnswers(event_.survey, RawAnswersFromJson(event_.answers_json)).errors;
  }

 private:
  const Slot& SlotOf(Key key) const { return handler_.slots[static_cast<size_t>(key)]; }

  void Fail(Key key, std::string reason) { errors_.push_back({std::string(KeyName(key)), std::move(reason)}); }

  void CheckPerson() {
    const Slot& s = SlotOf(Key::kPerson);
    if (s.kind == Kind::kAbsent) {
      if (RequiresPerson(event_.type)) Fail(Key::kPerson, "is required");
      return;
    }
    if (s.kind != Kind::kString) return Fail(Key::kPerson, "must be a string");
    Result<Personnummer> parsed = ParsePersonnummer(s.text, reference_, "person");
    if (!parsed.ok()) {
      errors_.push_back(parsed.error());
      return;
    }
    event_.person = std::move(parsed->digits);
  }

  std::optional<Date> ToDate(Key key, const Slot& s) {
    std::optional<Date> date;
    if (s.kind == Kind::kString) date = Date::Parse(s.text);
    if (!date) Fail(key, "must be a date YYYY-MM-DD");
    return date;
  }

  template <typename E>
  void ToEnum(Key key, const Slot& s, std::optional<E> (*parse)(std::string_view), const std::string& reason,
              E& field) {
    std::optional<E> value;
    if (s.kind == Kind::kString) value = parse(s.text);
    if (value)
      field = *value;
    else
      Fail(key, reason);
  }

  void ToString(Key key, const Slot& s, std::string& field) {
    if (s.kind == Kind::kString)
      field = s.text;
    else
      Fail(key, "must be a string");
  }

  void ToBool(Key key, const Slot& s, bool& field) {
    if (s.kind == Kind::kBool)
      field = s.boolean;
    else
      Fail(key, "must be a boolean");
  }

  void CheckField(Key key, const Slot& s) {
    const EnumReasons& reasons = Reasons();
    switch (key) {
      case Key::kMunicipality: return ToString(key, s, event_.municipality);
      case Key::kReason:
        if (event_.type == EventType::kEbPeriodEnded)
          return ToEnum(key, s, &ParseExitReason, reasons.exit_reason, event_.exit_reason);
        return ToEnum(key, s, &ParseCoordinationEndReason, reasons.coordination_end, event_.coordination_end_reason);
      case Key::kSource: return ToEnum(key, s, &ParseIdentificationSource, reasons.source, event_.source);
      case Key::kSgi: return ToEnum(key, s, &ParseSgi, reasons.sgi, event_.sgi);
      case Key::kConsentId: return ToString(key, s, event_.consent_id);
      case Key::kParties:
        if (s.kind != Kind::kArray || handler_.parties_malformed) return Fail(key, "must be a list of parties");
        if (handler_.parties_unknown) return Fail(key, reasons.party);
        if (handler_.parties_repeated) return Fail(key, "must not name a party more than once");
        event_.parties = handler_.parties;
        return;
      case Key::kPurpose: return ToString(key, s, event_.purpose);
      case Key::kUntil: event_.until = ToDate(key, s); return;
      case Key::kFrom:
        if (auto date = ToDate(key, s)) event_.from = *date;
        return;
      case Key::kTo:
        if (auto date = ToDate(key, s)) event_.to = *date;
        return;
      case Key::kExtent:
        if (s.kind != Kind::kInteger) return Fail(key, "must be an integer");
        // Zero means "no extent" in Event, so it is not a value one can give.
        if (!s.integer_fits || s.integer <= 0 || s.integer > 100) return Fail(key, "must be 25, 50, 75 or 100");
        event_.extent = static_cast<int>(s.integer);
        return;
      case Key::kIcd10: return ToString(key, s, event_.icd10);
      case Key::kSupportsReducedCapacity: return ToBool(key, s, event_.supports_reduced_capacity);
      case Key::kDirection: return ToEnum(key, s, &ParseDirection, reasons.direction, event_.direction);
      case Key::kReviewDate: event_.review_date = ToDate(key, s); return;
      case Key::kNote: return ToString(key, s, event_.note);
      case Key::kReferralId: return ToString(key, s, event_.referral_id);
      case Key::kReady: return ToBool(key, s, event_.ready);
      case Key::kPrognosisDate: event_.prognosis_date = ToDate(key, s); return;
      case Key::kBenefit: return ToEnum(key, s, &ParseBenefit, reasons.benefit, event_.benefit);
      case Key::kOutcome: return ToEnum(key, s, &ParseOutcome, reasons.outcome, event_.outcome);
      case Key::kSurvey: return ToEnum(key, s, &ParseSurvey, reasons.survey, event_.survey);
      case Key::kAnswers:
        if (s.kind != Kind::kObject) return Fail(key, "must be an object");
        event_.answers_json = handler_.answers;
        return;
      case Key::kType:
      case Key::kPerson:
      case Key::kDate:
      case Key::kId:
      case Key::kUnknown:
        break;
    }
    assert(false && "common keys are checked by Run()");
  }

  const LineHandler& handler_;
  Date reference_;
  Event& event_;
  std::vector<Error>& errors_;
};

void Decode(std::string_view line, Date reference, DecodedLine& out) {
  if (line.size() > kMaxLineBytes) {
    out.errors.push_back({"", "is longer than " + std::to_string(kMaxLineBytes) + " bytes"});
    return;
  }
  LineParser& parser = ThreadParser();
  parser.reset();
  parser.handler().Reset();
  boost::json::error_code ec;
  const size_t used = parser.write_some(false, line.data(), line.size(), ec);
  if (!ec && used != line.size()) ec = boost::json::error::extra_data;
  if (ec) {
    // Boost's messages name the problem, never the text.
    out.errors.push_back({"", IsValidUtf8(line) ? "is not valid JSON: " + ec.message() : "is not valid UTF-8"});
    return;
  }
  const LineHandler& handler = parser.handler();
  if (!handler.root_is_object) {
    out.errors.push_back({"", "must be a JSON object"});
    return;
  }
  LineChecker(handler, reference, out).Run();
}

}  // namespace

DecodedLine DecodeEventLine(std::string_view line, Date reference) {
  DecodedLine decoded;
  try {
    Decode(line, reference, decoded);
  } catch (const std::exception&) {
    // Only allocation can throw here; the parser is reset before its next use.
    decoded.event = Event();
    decoded.errors.assign(1, Error{"", "could not be read: out of memory"});
  }
  return decoded;
}

// ---------------------------------------------------------------------------------------------
// Encoding.

namespace {

void AppendKey(std::string& out, std::string_view key) {
  out.append(",\"");
  out.append(key);
  out.append("\":");
}

void AppendStringField(std::string& out, std::string_view key, std::string_view value) {
  AppendKey(out, key);
  AppendJsonString(out, value);
}

void AppendNameField(std::string& out, std::string_view key, std::string_view name) {
  AppendKey(out, key);
  out.push_back('"');
  out.append(name);  // Wire names need no escaping.
  out.push_back('"');
}

void AppendDateField(std::string& out, std::string_view key, Date date) {
  AppendKey(out, key);
  out.push_back('"');
  AppendDate(out, date);
  out.push_back('"');
}

void AppendOptionalDateField(std::string& out, std::string_view key, const std::optional<Date>& date) {
  if (date) AppendDateField(out, key, *date);
}

void AppendBoolField(std::string& out, std::string_view key, bool value) {
  AppendKey(out, key);
  out.append(value ? "true" : "false");
}

void AppendParties(std::string& out, PartySet parties) {
  AppendKey(out, "parties");
  out.push_back('[');
  bool first = true;
  for (int i = 0; i < kPartyCount; ++i) {
    const auto party = static_cast<Party>(i);
    if (!(parties & PartyBit(party))) continue;
    if (!first) out.push_back(',');
    first = false;
    out.push_back('"');
    out.append(Name(party));
    out.push_back('"');
  }
  out.push_back(']');
}

}  // namespace

std::string EncodeEventJson(const Event& e, bool include_person) {
  std::string out;
  out.reserve(128 + e.note.size() + e.purpose.size() + e.answers_json.size());
  out.append("{\"type\":\"");
  out.append(Name(e.type));
  out.push_back('"');
  if (!e.id.empty()) AppendStringField(out, "id", e.id);
  if (include_person && !e.person.empty()) AppendStringField(out, "person", e.person);
  AppendDateField(out, "date", e.date);
  switch (e.type) {
    case EventType::kEbPeriodStarted:
      AppendStringField(out, "municipality", e.municipality);
      break;
    case EventType::kEbPeriodEnded:
      AppendStringField(out, "municipality", e.municipality);
      AppendNameField(out, "reason", Name(e.exit_reason));
      break;
    case EventType::kTargetGroupIdentified:
      AppendStringField(out, "municipality", e.municipality);
      AppendNameField(out, "source", Name(e.source));
      break;
    case EventType::kSgiChecked:
      AppendNameField(out, "sgi", Name(e.sgi));
      break;
    case EventType::kConsentGiven:
      AppendStringField(out, "consent_id", e.consent_id);
      AppendParties(out, e.parties);
      AppendStringField(out, "purpose", e.purpose);
      AppendOptionalDateField(out, "until", e.until);
      break;
    case EventType::kConsentRevoked:
      AppendStringField(out, "consent_id", e.consent_id);
      break;
    case EventType::kSickCertificate:
      AppendDateField(out, "from", e.from);
      AppendDateField(out, "to", e.to);
      AppendKey(out, "extent");
      out.append(std::to_string(e.extent));
      if (!e.icd10.empty()) AppendStringField(out, "icd10", e.icd10);
      AppendBoolField(out, "supports_reduced_capacity", e.supports_reduced_capacity);
      break;
    case EventType::kStanceTaken:
      AppendNameField(out, "direction", Name(e.direction));
      AppendOptionalDateField(out, "review_date", e.review_date);
      if (!e.note.empty()) AppendStringField(out, "note", e.note);
      break;
    case EventType::kFkReferralSent:
    case EventType::kFkContactMade:
      AppendStringField(out, "referral_id", e.referral_id);
      break;
    case EventType::kAvstamningsmoteHeld:
    case EventType::kSipMeetingHeld:
      AppendParties(out, e.parties);
      break;
    case EventType::kFkReadinessAssessed:
      AppendBoolField(out, "ready", e.ready);
      AppendOptionalDateField(out, "prognosis_date", e.prognosis_date);
      break;
    case EventType::kFkCoordinationEnded:
      AppendNameField(out, "reason", Name(e.coordination_end_reason));
      break;
    case EventType::kBenefitApplied:
      AppendNameField(out, "benefit", Name(e.benefit));
      break;
    case EventType::kBenefitDecided:
      AppendNameField(out, "benefit", Name(e.benefit));
      AppendNameField(out, "outcome", Name(e.outcome));
      if (e.extent != 0) {
        AppendKey(out, "extent");
        out.append(std::to_string(e.extent));
      }
      break;
    case EventType::kSurveyAnswered:
      AppendNameField(out, "survey", Name(e.survey));
      AppendKey(out, "answers");
      // answers_json is compact JSON made by the decoder; an empty one would break the line.
      out.append(e.answers_json.empty() ? std::string_view("{}") : std::string_view(e.answers_json));
      if (!e.municipality.empty()) AppendStringField(out, "municipality", e.municipality);
      break;
    case EventType::kMappingMeetingHeld:
    case EventType::kFkCoordinationStarted:
    case EventType::kWorkCapacityAssessed:
      break;
  }
  out.push_back('}');
  return out;
}

}  // namespace rattvag
