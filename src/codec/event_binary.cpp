// The digest: a compact binary form of one person's events.
//
// Layout (version 1), all integers as LEB128 varints, signed ones zigzag-encoded:
//   version byte (1), event count,
//   then per event: type byte, date as the signed difference in days from the previous
//   event's date (the first from 1970-01-01), `id` as a string, then only the fields of its
//   type (DOMAIN.md §10) in table order:
//     string          length, then the bytes
//     enum, bool      one byte (bools are 0 or 1; parties one bit per Party)
//     optional date   a presence byte (0 or 1), then the signed difference from the event's date
//     from / to       the difference from the event's date / from `from`
//     extent          signed varint
#include "codec/event_binary.hpp"

#include <cstdint>
#include <limits>
#include <optional>

namespace rattvag {

namespace {

constexpr uint8_t kVersion = 1;
// Each event takes at least a type byte, a date and the length of its id.
constexpr size_t kMinEventBytes = 3;

constexpr uint64_t ZigZag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
constexpr int64_t UnZigZag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void Byte(uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void Varint(uint64_t value) {
    char buffer[10];
    size_t n = 0;
    while (value >= 0x80) {
      buffer[n++] = static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    buffer[n++] = static_cast<char>(value);
    out_.append(buffer, n);
  }
  void Signed(int64_t value) { Varint(ZigZag(value)); }
  void String(const std::string& value) {
    Varint(value.size());
    out_.append(value);
  }
  template <typename E>
  void Enum(E value) { Byte(static_cast<uint8_t>(value)); }
  void Bool(bool value) { Byte(value ? 1 : 0); }
  void OptionalDate(const std::optional<Date>& date, Date base) {
    Bool(date.has_value());
    if (date) Signed(int64_t{date->DaysSinceEpoch()} - base.DaysSinceEpoch());
  }

 private:
  std::string& out_;
};

// Reads with a bounds check on every byte. The first failure is kept in `problem` and makes
// every later read fail too, so a decoder can check once per event.
class Reader {
 public:
  explicit Reader(std::string_view bytes)
      : next_(reinterpret_cast<const uint8_t*>(bytes.data())), end_(next_ + bytes.size()) {}

  const char* problem = nullptr;

  bool ok() const { return problem == nullptr; }
  size_t remaining() const { return static_cast<size_t>(end_ - next_); }

  uint8_t Byte() {
    if (next_ == end_) return Fail("truncated");
    return *next_++;
  }
  uint64_t Varint() {
    uint64_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (next_ == end_) return Fail("truncated");
      const uint8_t byte = *next_++;
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return value;
    }
    return Fail("overlong number");
  }
  int64_t Signed() { return UnZigZag(Varint()); }
  void String(std::string& out) {
    const uint64_t length = Varint();
    if (length > remaining()) {
      Fail("truncated");
      out.clear();
      return;
    }
    if (length == 0) {
      out.clear();  // Most optional strings are empty; this skips a call into the library.
      return;
    }
    out.assign(reinterpret_cast<const char*>(next_), static_cast<size_t>(length));
    next_ += length;
  }
  // Reads a string into `out`, or only steps over it when `out` is null.
  void Text(std::string* out) {
    if (out) return String(*out);
    const uint64_t length = Varint();
    if (length > remaining()) {
      Fail("truncated");
      return;
    }
    next_ += length;
  }
  template <typename E>
  E Enum(int count) {
    const uint8_t value = Byte();
    if (value >= count) Fail("value out of range");
    return ok() ? static_cast<E>(value) : E{};
  }
  bool Bool() {
    const uint8_t value = Byte();
    if (value > 1) Fail("value out of range");
    return value == 1;
  }
  PartySet Parties() {
    const uint8_t value = Byte();
    if (value >= (1u << kPartyCount)) Fail("value out of range");
    return value;
  }
  // A date `base` plus a signed number of days.
  Date DateFrom(Date base) {
    const int64_t delta = Signed();
    // No difference beyond ±2^32 days gives a date from any base; refusing those first keeps the
    // sum from overflowing int64 (a corrupt varint can hold any value).
    constexpr int64_t kMaxDelta = int64_t{1} << 32;
    if (delta < -kMaxDelta || delta > kMaxDelta) {
      Fail("date out of range");
      return Date();
    }
    const int64_t days = int64_t{base.DaysSinceEpoch()} + delta;
    if (days < std::numeric_limits<int32_t>::min() || days > std::numeric_limits<int32_t>::max())
      Fail("date out of range");
    return ok() ? Date::FromDaysSinceEpoch(static_cast<int32_t>(days)) : Date();
  }
  std::optional<Date> OptionalDate(Date base) {
    if (!Bool()) return std::nullopt;
    Date date = DateFrom(base);
    if (!ok()) return std::nullopt;
    return date;
  }
  int Int() {
    const int64_t value = Signed();
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) Fail("value out of range");
    return ok() ? static_cast<int>(value) : 0;
  }

  uint8_t Fail(const char* what) {
    if (!problem) problem = what;
    next_ = end_;
    return 0;
  }

 private:
  const uint8_t* next_;
  const uint8_t* end_;
};

void EncodeFields(Writer& w, const Event& e) {
  switch (e.type) {
    case EventType::kEbPeriodStarted:
      w.String(e.municipality);
      break;
    case EventType::kEbPeriodEnded:
      w.String(e.municipality);
      w.Enum(e.exit_reason);
      break;
    case EventType::kTargetGroupIdentified:
      w.String(e.municipality);
      w.Enum(e.source);
      break;
    case EventType::kSgiChecked:
      w.Enum(e.sgi);
      break;
    case EventType::kConsentGiven:
      w.String(e.consent_id);
      w.Byte(e.parties);
      w.String(e.purpose);
      w.OptionalDate(e.until, e.date);
      break;
    case EventType::kConsentRevoked:
      w.String(e.consent_id);
      break;
    case EventType::kSickCertificate:
      w.Signed(int64_t{e.from.DaysSinceEpoch()} - e.date.DaysSinceEpoch());
      w.Signed(int64_t{e.to.DaysSinceEpoch()} - e.from.DaysSinceEpoch());
      w.Signed(e.extent);
      w.String(e.icd10);
      w.Bool(e.supports_reduced_capacity);
      break;
    case EventType::kStanceTaken:
      w.Enum(e.direction);
      w.OptionalDate(e.review_date, e.date);
      w.String(e.note);
      break;
    case EventType::kFkReferralSent:
    case EventType::kFkContactMade:
      w.String(e.referral_id);
      break;
    case EventType::kAvstamningsmoteHeld:
    case EventType::kSipMeetingHeld:
      w.Byte(e.parties);
      break;
    case EventType::kFkReadinessAssessed:
      w.Bool(e.ready);
      w.OptionalDate(e.prognosis_date, e.date);
      break;
    case EventType::kFkCoordinationEnded:
      w.Enum(e.coordination_end_reason);
      break;
    case EventType::kBenefitApplied:
      w.Enum(e.benefit);
      break;
    case EventType::kBenefitDecided:
      w.Enum(e.benefit);
      w.Enum(e.outcome);
      w.Signed(e.extent);
      break;
    case EventType::kSurveyAnswered:
      w.Enum(e.survey);
      w.String(e.answers_json);
      break;
    case EventType::kMappingMeetingHeld:
    case EventType::kFkCoordinationStarted:
    case EventType::kWorkCapacityAssessed:
      break;
  }
}

// Puts every field but type, date, person and id back to its default, keeping the capacity
// of the strings, so that a reused element carries nothing over from an earlier person.
void ResetFields(Event& e) {
  static const Event kDefaults;
  e.municipality.clear();
  e.exit_reason = kDefaults.exit_reason;
  e.source = kDefaults.source;
  e.sgi = kDefaults.sgi;
  e.consent_id.clear();
  e.parties = kDefaults.parties;
  e.purpose.clear();
  e.until.reset();
  e.from = kDefaults.from;
  e.to = kDefaults.to;
  e.extent = kDefaults.extent;
  e.icd10.clear();
  e.supports_reduced_capacity = kDefaults.supports_reduced_capacity;
  e.direction = kDefaults.direction;
  e.review_date.reset();
  e.note.clear();
  e.referral_id.clear();
  e.ready = kDefaults.ready;
  e.prognosis_date.reset();
  e.coordination_end_reason = kDefaults.coordination_end_reason;
  e.benefit = kDefaults.benefit;
  e.outcome = kDefaults.outcome;
  e.survey = kDefaults.survey;
  e.answers_json.clear();
}

// Free text is decoded only when `full`; otherwise it is stepped over and left empty.
void DecodeFields(Reader& r, Event& e, bool full) {
  switch (e.type) {
    case EventType::kEbPeriodStarted:
      r.String(e.municipality);
      break;
    case EventType::kEbPeriodEnded:
      r.String(e.municipality);
      e.exit_reason = r.Enum<ExitReason>(kExitReasonCount);
      break;
    case EventType::kTargetGroupIdentified:
      r.String(e.municipality);
      e.source = r.Enum<IdentificationSource>(3);
      break;
    case EventType::kSgiChecked:
      e.sgi = r.Enum<Sgi>(2);
      break;
    case EventType::kConsentGiven:
      r.String(e.consent_id);
      e.parties = r.Parties();
      r.Text(full ? &e.purpose : nullptr);
      e.until = r.OptionalDate(e.date);
      break;
    case EventType::kConsentRevoked:
      r.String(e.consent_id);
      break;
    case EventType::kSickCertificate:
      e.from = r.DateFrom(e.date);
      e.to = r.DateFrom(e.from);
      e.extent = r.Int();
      r.Text(full ? &e.icd10 : nullptr);
      e.supports_reduced_capacity = r.Bool();
      break;
    case EventType::kStanceTaken:
      e.direction = r.Enum<Direction>(kDirectionCount);
      e.review_date = r.OptionalDate(e.date);
      r.Text(full ? &e.note : nullptr);
      break;
    case EventType::kFkReferralSent:
    case EventType::kFkContactMade:
      r.String(e.referral_id);
      break;
    case EventType::kAvstamningsmoteHeld:
    case EventType::kSipMeetingHeld:
      e.parties = r.Parties();
      break;
    case EventType::kFkReadinessAssessed:
      e.ready = r.Bool();
      e.prognosis_date = r.OptionalDate(e.date);
      break;
    case EventType::kFkCoordinationEnded:
      e.coordination_end_reason = r.Enum<CoordinationEndReason>(5);
      break;
    case EventType::kBenefitApplied:
      e.benefit = r.Enum<Benefit>(kBenefitCount);
      break;
    case EventType::kBenefitDecided:
      e.benefit = r.Enum<Benefit>(kBenefitCount);
      e.outcome = r.Enum<Outcome>(2);
      e.extent = r.Int();
      break;
    case EventType::kSurveyAnswered:
      e.survey = r.Enum<Survey>(3);
      r.Text(full ? &e.answers_json : nullptr);
      break;
    case EventType::kMappingMeetingHeld:
    case EventType::kFkCoordinationStarted:
    case EventType::kWorkCapacityAssessed:
      break;
  }
}

Status Corrupt(const char* what) { return Error{"digest", std::string("is corrupt: ") + what}; }

}  // namespace

namespace {

template <typename Events, typename Deref>
std::string EncodeStream(const Events& events, Deref deref) {
  std::string out;
  out.reserve(8 + events.size() * 16);
  Writer w(out);
  w.Byte(kVersion);
  w.Varint(events.size());
  Date previous;
  for (const auto& item : events) {
    const Event& e = deref(item);
    w.Enum(e.type);
    w.Signed(int64_t{e.date.DaysSinceEpoch()} - previous.DaysSinceEpoch());
    previous = e.date;
    w.String(e.id);
    EncodeFields(w, e);
  }
  return out;
}

}  // namespace

std::string EncodeEventStream(std::span<const Event> events) {
  return EncodeStream(events, [](const Event& e) -> const Event& { return e; });
}

std::string EncodeEventPointers(std::span<const Event* const> events) {
  return EncodeStream(events, [](const Event* e) -> const Event& { return *e; });
}

Result<size_t> DecodeEventStreamInto(std::string_view bytes, std::string_view person, std::vector<Event>& storage,
                                     DecodeDetail detail, uint32_t types) {
  const bool full = detail == DecodeDetail::kFull;
  Reader r(bytes);
  const uint8_t version = r.Byte();
  if (!r.ok()) return Corrupt("empty").error();
  if (version != kVersion) return Corrupt("unknown version").error();
  const uint64_t count = r.Varint();
  if (!r.ok() || count > r.remaining() / kMinEventBytes)
    return Corrupt(r.ok() ? "event count larger than the data" : r.problem).error();
  if (storage.size() < count) storage.resize(static_cast<size_t>(count));
  Date previous;
  size_t kept = 0;
  Event skipped;  // Where a left-out event's fields are read to be checked, then forgotten.
  for (size_t i = 0; i < count; ++i) {
    const EventType type = r.Enum<EventType>(kEventTypeCount);
    const Date date = r.DateFrom(previous);
    previous = date;
    if (!r.ok()) break;
    if (!(types & (1u << static_cast<unsigned>(type)))) {
      skipped.type = type;
      skipped.date = date;
      r.Text(nullptr);
      DecodeFields(r, skipped, /*full=*/false);
      if (!r.ok()) break;
      continue;
    }
    Event& e = storage[kept++];
    e.type = type;
    e.date = date;
    if (full) {
      e.person.assign(person);
    } else {
      e.person.clear();
      e.id.clear();
    }
    r.Text(full ? &e.id : nullptr);
    ResetFields(e);
    DecodeFields(r, e, full);
    if (!r.ok()) break;
  }
  if (r.ok() && r.remaining() != 0) r.Fail("bytes after the last event");
  if (!r.ok()) return Corrupt(r.problem).error();
  return kept;
}

Status DecodeEventStream(std::string_view bytes, std::string_view person, std::vector<Event>& out,
                         DecodeDetail detail) {
  auto count = DecodeEventStreamInto(bytes, person, out, detail);
  if (!count.ok()) {
    out.clear();
    return count.error();
  }
  out.resize(*count);
  return Status::Ok();
}

void AppendEventRecord(const Event& event, std::string& out) {
  Writer w(out);
  w.Enum(event.type);
  w.Signed(event.date.DaysSinceEpoch());
  EncodeFields(w, event);
}

Status DecodeEventRecord(std::string_view record, Event& out) {
  Reader r(record);
  out.type = r.Enum<EventType>(kEventTypeCount);
  out.date = r.DateFrom(Date());
  ResetFields(out);
  DecodeFields(r, out, /*full=*/true);
  if (r.ok() && r.remaining() != 0) r.Fail("bytes after the event");
  if (!r.ok()) return Corrupt(r.problem);
  return Status::Ok();
}

}  // namespace rattvag
