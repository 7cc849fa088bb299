// The digest: a person's events in binary, and its defences against corrupt bytes.
#include "codec/event_binary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace rattvag {
namespace {

// Synthetic personnummer (serials 980–999, Luhn checked; see event_json_test.cpp).
constexpr const char* kPerson = "198503129804";
constexpr const char* kOtherPerson = "199012249810";

void ExpectEventsEqual(const Event& actual, const Event& expected, size_t index) {
  SCOPED_TRACE("event " + std::to_string(index) + " (" + std::string(Name(expected.type)) + ")");
  EXPECT_EQ(actual.type, expected.type);
  EXPECT_EQ(actual.date, expected.date);
  EXPECT_EQ(actual.person, expected.person);
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.municipality, expected.municipality);
  EXPECT_EQ(actual.exit_reason, expected.exit_reason);
  EXPECT_EQ(actual.source, expected.source);
  EXPECT_EQ(actual.sgi, expected.sgi);
  EXPECT_EQ(actual.consent_id, expected.consent_id);
  EXPECT_EQ(actual.parties, expected.parties);
  EXPECT_EQ(actual.purpose, expected.purpose);
  EXPECT_EQ(actual.until, expected.until);
  EXPECT_EQ(actual.from, expected.from);
  EXPECT_EQ(actual.to, expected.to);
  EXPECT_EQ(actual.extent, expected.extent);
  EXPECT_EQ(actual.icd10, expected.icd10);
  EXPECT_EQ(actual.supports_reduced_capacity, expected.supports_reduced_capacity);
  EXPECT_EQ(actual.direction, expected.direction);
  EXPECT_EQ(actual.review_date, expected.review_date);
  EXPECT_EQ(actual.note, expected.note);
  EXPECT_EQ(actual.referral_id, expected.referral_id);
  EXPECT_EQ(actual.ready, expected.ready);
  EXPECT_EQ(actual.prognosis_date, expected.prognosis_date);
  EXPECT_EQ(actual.coordination_end_reason, expected.coordination_end_reason);
  EXPECT_EQ(actual.benefit, expected.benefit);
  EXPECT_EQ(actual.outcome, expected.outcome);
  EXPECT_EQ(actual.survey, expected.survey);
  EXPECT_EQ(actual.answers_json, expected.answers_json);
}

void ExpectAllEqual(const std::vector<Event>& actual, const std::vector<Event>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) ExpectEventsEqual(actual[i], expected[i], i);
}

enum class Optionals { kSet, kUnset };

// One event of every type, in type order, a few days apart. Only the fields of each type are
// set (as DecodeEventStream gives them back); with kSet every optional field has a value too.
std::vector<Event> EveryType(const std::string& person, Optionals optionals) {
  const bool set = optionals == Optionals::kSet;
  std::vector<Event> events;
  Date date(2021, 12, 30);
  for (int i = 0; i < kEventTypeCount; ++i) {
    Event e;
    e.type = static_cast<EventType>(i);
    e.date = date;
    e.person = person;
    if (set) e.id = "line-" + std::to_string(i) + "-åäö";
    switch (e.type) {
      case EventType::kEbPeriodStarted:
        e.municipality = "1380";
        break;
      case EventType::kEbPeriodEnded:
        e.municipality = "1382";
        e.exit_reason = ExitReason::kAnnanErsattning;
        break;
      case EventType::kTargetGroupIdentified:
        e.municipality = "1381";
        e.source = IdentificationSource::kCaseworker;
        break;
      case EventType::kSgiChecked:
        e.sgi = Sgi::kPositive;
        break;
      case EventType::kConsentGiven:
        e.consent_id = "c-1";
        e.parties = PartyBit(Party::kFk) | PartyBit(Party::kNurse);
        e.purpose = "Samordning";
        if (set) e.until = date.AddDays(365);
        break;
      case EventType::kConsentRevoked:
        e.consent_id = "c-1";
        break;
      case EventType::kSickCertificate:
        // A certificate written after its period began: `from` before the event's date.
        e.from = date.AddDays(-10);
        e.to = date.AddDays(50);
        e.extent = 75;
        if (set) e.icd10 = "F32.1";
        e.supports_reduced_capacity = true;
        break;
      case EventType::kStanceTaken:
        e.direction = set ? Direction::kOther : Direction::kSip;
        if (set) {
          e.review_date = date.AddDays(30);
          e.note = std::string("rad 1\nrad 2 ") + '\0' + " slut";
        }
        break;
      case EventType::kFkReferralSent:
      case EventType::kFkContactMade:
        e.referral_id = "r-" + std::string(300, 'x');  // Longer than one varint byte.
        break;
      case EventType::kAvstamningsmoteHeld:
        e.parties = PartyBit(Party::kEb) | PartyBit(Party::kFk) | PartyBit(Party::kAf);
        break;
      case EventType::kSipMeetingHeld:
        e.parties = PartyBit(Party::kEb) | PartyBit(Party::kFk) | PartyBit(Party::kRegion) | PartyBit(Party::kAf) |
                    PartyBit(Party::kAme) | PartyBit(Party::kNurse);
        break;
      case EventType::kFkReadinessAssessed:
        e.ready = !set;
        if (set) e.prognosis_date = date.AddDays(180);
        break;
      case EventType::kFkCoordinationEnded:
        e.coordination_end_reason = CoordinationEndReason::kBenefitGranted;
        break;
      case EventType::kBenefitApplied:
        e.benefit = Benefit::kAktivitetsersattning;
        break;
      case EventType::kBenefitDecided:
        e.benefit = Benefit::kSjukersattning;
        e.outcome = Outcome::kDenied;
        e.extent = set ? 25 : 0;
        break;
      case EventType::kSurveyAnswered:
        e.survey = Survey::kStaff;
        e.answers_json = R"({"contact":"good"})";
        break;
      case EventType::kMappingMeetingHeld:
      case EventType::kFkCoordinationStarted:
      case EventType::kWorkCapacityAssessed:
        break;
    }
    events.push_back(e);
    date = date.AddDays(i % 3 == 0 ? 0 : 17);
  }
  return events;
}

TEST(EventBinary, RoundTripEveryTypeWithOptionalFieldsSetAndUnset) {
  for (Optionals optionals : {Optionals::kSet, Optionals::kUnset}) {
    const std::vector<Event> events = EveryType(kPerson, optionals);
    const std::string bytes = EncodeEventStream(events);
    std::vector<Event> decoded;
    ASSERT_TRUE(DecodeEventStream(bytes, kPerson, decoded).ok());
    ExpectAllEqual(decoded, events);
  }
}

TEST(EventBinary, RecordsRoundTripEveryTypeAndLeavePersonAndIdAlone) {
  for (Optionals optionals : {Optionals::kSet, Optionals::kUnset}) {
    for (const Event& e : EveryType(kPerson, optionals)) {
      std::string record;
      AppendEventRecord(e, record);
      EXPECT_EQ(record.find(kPerson), std::string::npos);
      Event decoded;
      decoded.person = "kept";
      decoded.id = "kept too";
      decoded.note = "left over from an earlier use";
      ASSERT_TRUE(DecodeEventRecord(record, decoded).ok()) << Name(e.type);
      EXPECT_EQ(decoded.person, "kept");
      EXPECT_EQ(decoded.id, "kept too");
      decoded.person = e.person;
      decoded.id = e.id;
      ExpectAllEqual(std::vector<Event>{decoded}, std::vector<Event>{e});
      for (size_t length = 0; length < record.size(); ++length)
        EXPECT_FALSE(DecodeEventRecord(record.substr(0, length), decoded).ok()) << Name(e.type) << " " << length;
      EXPECT_FALSE(DecodeEventRecord(record + "x", decoded).ok()) << Name(e.type);
    }
  }
}

TEST(EventBinary, RulesDetailLeavesOutIdsPersonAndFreeTextOnly) {
  const std::vector<Event> events = EveryType(kPerson, Optionals::kSet);
  const std::string bytes = EncodeEventStream(events);
  std::vector<Event> lean;
  ASSERT_TRUE(DecodeEventStream(bytes, kPerson, lean, DecodeDetail::kRules).ok());
  ASSERT_EQ(lean.size(), events.size());
  std::vector<Event> expected = events;
  for (Event& e : expected) {
    e.person.clear();
    e.id.clear();
    e.icd10.clear();
    e.note.clear();
    e.purpose.clear();
    e.answers_json.clear();
  }
  ExpectAllEqual(lean, expected);
  // Truncated streams are refused in this mode too.
  for (size_t length = 0; length < bytes.size(); ++length)
    EXPECT_FALSE(DecodeEventStream(bytes.substr(0, length), kPerson, lean, DecodeDetail::kRules).ok()) << length;
}

TEST(EventBinary, DecodeIntoKeepsTheChosenTypesInOrderAndNeverShrinks) {
  const std::vector<Event> events = EveryType(kPerson, Optionals::kSet);
  const std::string bytes = EncodeEventStream(events);
  const uint32_t types = (1u << static_cast<unsigned>(EventType::kSickCertificate)) |
                         (1u << static_cast<unsigned>(EventType::kStanceTaken)) |
                         (1u << static_cast<unsigned>(EventType::kEbPeriodEnded));
  std::vector<Event> storage(events.size() + 5);  // Larger than needed: stays that large.
  auto n = DecodeEventStreamInto(bytes, kPerson, storage, DecodeDetail::kFull, types);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(storage.size(), events.size() + 5);
  std::vector<Event> expected;
  for (const Event& e : events)
    if (types & (1u << static_cast<unsigned>(e.type))) expected.push_back(e);
  ExpectAllEqual(std::vector<Event>(storage.begin(), storage.begin() + static_cast<long>(*n)), expected);
  // Every type: the same as DecodeEventStream.
  n = DecodeEventStreamInto(bytes, kPerson, storage);
  ASSERT_TRUE(n.ok());
  ExpectAllEqual(std::vector<Event>(storage.begin(), storage.begin() + static_cast<long>(*n)), events);
  // A stream cut inside a left-out event is still refused.
  for (size_t length = 0; length < bytes.size(); ++length)
    EXPECT_FALSE(DecodeEventStreamInto(bytes.substr(0, length), kPerson, storage, DecodeDetail::kRules, types).ok())
        << length;
}

TEST(EventBinary, PointersEncodeLikeTheEventsThemselves) {
  const std::vector<Event> events = EveryType(kPerson, Optionals::kSet);
  std::vector<const Event*> pointers;
  for (const Event& e : events) pointers.push_back(&e);
  EXPECT_EQ(EncodeEventPointers(pointers), EncodeEventStream(events));
  EXPECT_EQ(EncodeEventPointers({}), EncodeEventStream({}));
}

TEST(EventBinary, PersonIsNotStoredButSupplied) {
  std::vector<Event> events = EveryType(kPerson, Optionals::kSet);
  const std::string bytes = EncodeEventStream(events);
  EXPECT_EQ(bytes.find(kPerson), std::string::npos);
  std::vector<Event> decoded;
  ASSERT_TRUE(DecodeEventStream(bytes, kOtherPerson, decoded).ok());
  for (Event& e : events) e.person = kOtherPerson;
  ExpectAllEqual(decoded, events);
}

TEST(EventBinary, EmptyStream) {
  const std::string bytes = EncodeEventStream({});
  std::vector<Event> decoded = EveryType(kPerson, Optionals::kSet);
  ASSERT_TRUE(DecodeEventStream(bytes, kPerson, decoded).ok());
  EXPECT_TRUE(decoded.empty());
}

TEST(EventBinary, DatesFarApartAndOutOfOrder) {
  std::vector<Event> events;
  for (Date date : {Date(2023, 5, 1), Date(1900, 1, 1), Date(9999, 12, 31), Date(1970, 1, 1), Date(1000, 1, 1)}) {
    Event e;
    e.type = EventType::kStanceTaken;
    e.date = date;
    e.person = kPerson;
    e.direction = Direction::kAwaitTreatment;
    e.review_date = Date(1000, 1, 1);
    events.push_back(e);
  }
  std::vector<Event> decoded;
  ASSERT_TRUE(DecodeEventStream(EncodeEventStream(events), kPerson, decoded).ok());
  ExpectAllEqual(decoded, events);
}

// A vector reused from person to person holds exactly the new person's events, whatever the
// earlier ones had in their fields.
TEST(EventBinary, ReusedVectorGetsExactResults) {
  std::vector<Event> first = EveryType(kPerson, Optionals::kSet);
  // Put every field to a non-default value, so that anything not reset would show.
  for (Event& e : first) {
    e.municipality = "9999";
    e.exit_reason = ExitReason::kAvliden;
    e.source = IdentificationSource::kMapping;
    e.sgi = Sgi::kPositive;
    e.consent_id = "stale";
    e.parties = PartyBit(Party::kAme);
    e.purpose = "stale";
    e.until = Date(2030, 1, 1);
    e.from = Date(2030, 1, 1);
    e.to = Date(2030, 1, 2);
    e.extent = 50;
    e.icd10 = "stale";
    e.supports_reduced_capacity = true;
    e.direction = Direction::kLabourMarket;
    e.review_date = Date(2030, 1, 1);
    e.note = "stale";
    e.referral_id = "stale";
    e.ready = true;
    e.prognosis_date = Date(2030, 1, 1);
    e.coordination_end_reason = CoordinationEndReason::kSgiFound;
    e.benefit = Benefit::kSjukpenningSarskildaFall;
    e.outcome = Outcome::kDenied;
    e.survey = Survey::kIndikatorer;
    e.answers_json = "{\"stale\":1}";
  }
  std::vector<Event> reused = first;
  // The second person's events run in another order, so each element changes type.
  std::vector<Event> second = EveryType(kOtherPerson, Optionals::kUnset);
  std::reverse(second.begin(), second.end());
  for (size_t i = 0; i < second.size(); ++i) second[i].date = Date(2022, 1, 1).AddDays(static_cast<int32_t>(i));
  ASSERT_TRUE(DecodeEventStream(EncodeEventStream(second), kOtherPerson, reused).ok());
  ExpectAllEqual(reused, second);

  // Fewer events than before, then more.
  const std::vector<Event> few(second.begin(), second.begin() + 3);
  ASSERT_TRUE(DecodeEventStream(EncodeEventStream(few), kOtherPerson, reused).ok());
  ExpectAllEqual(reused, few);
  std::vector<Event> many = EveryType(kPerson, Optionals::kSet);
  const std::vector<Event> more = EveryType(kPerson, Optionals::kUnset);
  many.insert(many.end(), more.begin(), more.end());
  ASSERT_TRUE(DecodeEventStream(EncodeEventStream(many), kPerson, reused).ok());
  ExpectAllEqual(reused, many);
}

void ExpectCorrupt(const std::string& bytes, const std::string& what) {
  std::vector<Event> out = EveryType(kPerson, Optionals::kSet);
  const Status status = DecodeEventStream(bytes, kPerson, out);
  ASSERT_FALSE(status.ok()) << what;
  EXPECT_EQ(status.error().field, "digest") << what;
  EXPECT_EQ(status.error().reason.rfind("is corrupt", 0), 0u) << status.error().reason;
  EXPECT_TRUE(out.empty()) << what;
}

TEST(EventBinaryCorrupt, TruncatedAtEveryOffset) {
  for (Optionals optionals : {Optionals::kSet, Optionals::kUnset}) {
    const std::string bytes = EncodeEventStream(EveryType(kPerson, optionals));
    for (size_t length = 0; length < bytes.size(); ++length) {
      // A copy of exactly `length` bytes, so reading past it would be seen by sanitizers.
      const std::string truncated = bytes.substr(0, length);
      ExpectCorrupt(truncated, "truncated to " + std::to_string(length));
    }
  }
}

TEST(EventBinaryCorrupt, BadVersion) {
  std::string bytes = EncodeEventStream(EveryType(kPerson, Optionals::kSet));
  for (char version : {'\0', '\2', '\x7f', '\xff'}) {
    bytes[0] = version;
    ExpectCorrupt(bytes, "version " + std::to_string(static_cast<unsigned char>(version)));
  }
}

// A stream of one event: version 1, count 1, then the event.
Event OneEvent(EventType type) {
  Event e;
  e.type = type;
  e.date = Date(2023, 1, 10);
  e.person = kPerson;
  return e;
}

TEST(EventBinaryCorrupt, BadEventType) {
  std::string bytes = EncodeEventStream(std::vector<Event>{OneEvent(EventType::kMappingMeetingHeld)});
  ASSERT_EQ(bytes[2], static_cast<char>(EventType::kMappingMeetingHeld));
  bytes[2] = static_cast<char>(kEventTypeCount);
  ExpectCorrupt(bytes, "type 20");
  bytes[2] = '\xff';
  ExpectCorrupt(bytes, "type 255");
}

TEST(EventBinaryCorrupt, BadEnumValues) {
  // Each of these types ends with one enum byte.
  struct Case {
    EventType type;
    int count;
  };
  for (Case c : {Case{EventType::kEbPeriodEnded, kExitReasonCount}, Case{EventType::kTargetGroupIdentified, 3},
                 Case{EventType::kSgiChecked, 2}, Case{EventType::kFkCoordinationEnded, 5},
                 Case{EventType::kBenefitApplied, kBenefitCount}, Case{EventType::kAvstamningsmoteHeld, 1 << kPartyCount}}) {
    Event e = OneEvent(c.type);
    e.municipality = "1380";
    e.parties = PartyBit(Party::kFk);
    std::string bytes = EncodeEventStream(std::vector<Event>{e});
    std::vector<Event> out;
    ASSERT_TRUE(DecodeEventStream(bytes, kPerson, out).ok()) << Name(c.type);
    bytes.back() = static_cast<char>(c.count);
    ExpectCorrupt(bytes, std::string(Name(c.type)) + " out of range");
  }
  // A boolean is 0 or 1.
  Event certificate = OneEvent(EventType::kSickCertificate);
  certificate.from = certificate.to = certificate.date;
  certificate.extent = 100;
  std::string bytes = EncodeEventStream(std::vector<Event>{certificate});
  bytes.back() = 2;
  ExpectCorrupt(bytes, "boolean 2");
}

TEST(EventBinaryCorrupt, TrailingBytesAndHugeCounts) {
  std::string bytes = EncodeEventStream(EveryType(kPerson, Optionals::kSet));
  ExpectCorrupt(bytes + '\0', "trailing byte");
  // Version 1, a count of 2^35, and nothing else.
  ExpectCorrupt(std::string("\x01\x80\x80\x80\x80\x80\x01", 7), "huge count");
  // A varint that never ends.
  ExpectCorrupt(std::string("\x01") + std::string(20, '\xff'), "endless varint");
  // A string longer than what is left.
  Event e = OneEvent(EventType::kConsentRevoked);
  e.consent_id = "c-1";
  std::string consent = EncodeEventStream(std::vector<Event>{e});
  consent[consent.size() - 4] = '\x7f';  // The length byte before "c-1".
  ExpectCorrupt(consent, "long string");
}

TEST(EventBinaryCorrupt, DateOutOfRange) {
  // A date difference of 2^40 days cannot be a date.
  std::string bytes("\x01\x01", 2);
  bytes += static_cast<char>(EventType::kMappingMeetingHeld);
  bytes += std::string("\x80\x80\x80\x80\x80\x40", 6);  // Zigzag 2^41 = +2^40 days.
  bytes += '\0';                                        // No id.
  ExpectCorrupt(bytes, "date overflow");
}

// Found by fuzz_event_json (UBSan: "signed integer overflow" in Reader::DateFrom; reproducer
// fuzz/corpus/fuzz_event_json/regression_digest_date_overflow.bin): a date difference at the
// ends of int64 overflowed the sum with the previous date before the range check. It must be
// refused as corrupt like any other impossible date.
TEST(EventBinaryCorrupt, Issue3FuzzDateDifferenceAtTheEndsOfInt64) {
  for (const bool negative : {true, false}) {
    std::string bytes("\x01\x02", 2);  // Version 1, two events, so the second date has a base.
    bytes += static_cast<char>(EventType::kMappingMeetingHeld);
    // The first date 59 days before or after 1970-01-01 (zigzag 117 and 118), so that adding
    // INT64_MIN or INT64_MAX to it overflows.
    bytes += negative ? '\x75' : '\x76';
    bytes += '\0';  // No id.
    bytes += static_cast<char>(EventType::kMappingMeetingHeld);
    // Zigzag 2^64-1 is INT64_MIN; 2^64-2 is INT64_MAX.
    bytes += negative ? '\xff' : '\xfe';
    bytes += std::string(8, '\xff');
    bytes += '\x01';
    bytes += '\0';
    ExpectCorrupt(bytes, negative ? "INT64_MIN days" : "INT64_MAX days");
  }
}

// Random damage either decodes to something or fails cleanly; it never crashes.
TEST(EventBinaryCorrupt, RandomDamageNeverCrashes) {
  const std::string good = EncodeEventStream(EveryType(kPerson, Optionals::kSet));
  std::mt19937 random(20240601);
  std::vector<Event> out;
  for (int round = 0; round < 20000; ++round) {
    std::string bytes = good;
    const int flips = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < flips; ++i) bytes[random() % bytes.size()] = static_cast<char>(random());
    if (random() % 4 == 0) bytes.resize(random() % bytes.size());
    const Status status = DecodeEventStream(bytes, kPerson, out);
    if (!status.ok()) {
      EXPECT_TRUE(out.empty());
    }
  }
}

}  // namespace
}  // namespace rattvag
