// The events of a person's case, one per line of the exchange format (DOMAIN.md §10).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace rattvag {

enum class EventType : uint8_t {
  kEbPeriodStarted,
  kEbPeriodEnded,
  kTargetGroupIdentified,
  kSgiChecked,
  kConsentGiven,
  kConsentRevoked,
  kMappingMeetingHeld,
  kSickCertificate,
  kStanceTaken,
  kFkReferralSent,
  kFkContactMade,
  kFkCoordinationStarted,
  kAvstamningsmoteHeld,
  kFkReadinessAssessed,
  kFkCoordinationEnded,
  kSipMeetingHeld,
  kWorkCapacityAssessed,
  kBenefitApplied,
  kBenefitDecided,
  kSurveyAnswered,
};
inline constexpr int kEventTypeCount = 20;

// Parties of DOMAIN.md §2, as named in the exchange format.
enum class Party : uint8_t { kEb, kFk, kRegion, kAf, kAme, kNurse };
inline constexpr int kPartyCount = 6;
// A set of parties, one bit per Party.
using PartySet = uint8_t;
constexpr PartySet PartyBit(Party p) { return static_cast<PartySet>(1u << static_cast<unsigned>(p)); }

// Reasons an EB period ends (DOMAIN.md §5.10), in the order of the report.
enum class ExitReason : uint8_t {
  kSjukersattning,
  kAktivitetsersattning,
  kSjukpenning,
  kAnstallning,
  kMakeMakaInkomst,
  kAlderspension,
  kAvliden,
  kFlyttat,
  kStudier,
  kAnnanErsattning,
  kOkand,
};
inline constexpr int kExitReasonCount = 11;

enum class IdentificationSource : uint8_t { kApplication, kCaseworker, kMapping };
enum class Sgi : uint8_t { kZero, kPositive };
// Directions of the stance (DOMAIN.md §5.4).
enum class Direction : uint8_t {
  kAwaitTreatment,
  kClarifyWithHealthcare,
  kFkCoordination,
  kApplyBenefit,
  kSip,
  kLabourMarket,
  kOther,
};
inline constexpr int kDirectionCount = 7;
enum class Benefit : uint8_t { kSjukpenning, kSjukpenningSarskildaFall, kSjukersattning, kAktivitetsersattning };
inline constexpr int kBenefitCount = 4;
enum class Outcome : uint8_t { kGranted, kDenied };
enum class CoordinationEndReason : uint8_t { kCompleted, kNotReady, kSgiFound, kBenefitGranted, kOther };
enum class Survey : uint8_t { kParticipant, kStaff, kIndikatorer };

// One event. Which fields are meaningful depends on `type` (DOMAIN.md §10); the others keep
// their defaults. Fields are plain values so that millions of events stay cheap.
struct Event {
  EventType type = EventType::kEbPeriodStarted;
  Date date;
  std::string person;  // 12 digits, normalised; empty only for an anonymous survey answer.
  std::string id;      // The exchange format's optional `id`; empty when not given.

  std::string municipality;  // SCB kommunkod, 4 digits.
  ExitReason exit_reason = ExitReason::kOkand;
  IdentificationSource source = IdentificationSource::kApplication;
  Sgi sgi = Sgi::kZero;

  std::string consent_id;
  PartySet parties = 0;  // consent_given, avstamningsmote_held, sip_meeting_held.
  std::string purpose;
  std::optional<Date> until;

  Date from;  // sick_certificate
  Date to;
  int extent = 0;  // sick_certificate: 25/50/75/100; benefit_decided: optional, 0 when absent.
  std::string icd10;
  bool supports_reduced_capacity = false;

  Direction direction = Direction::kOther;
  std::optional<Date> review_date;
  std::string note;

  std::string referral_id;

  bool ready = false;
  std::optional<Date> prognosis_date;

  CoordinationEndReason coordination_end_reason = CoordinationEndReason::kOther;

  Benefit benefit = Benefit::kSjukpenning;
  Outcome outcome = Outcome::kGranted;

  Survey survey = Survey::kParticipant;
  std::string answers_json;  // The `answers` object, as compact JSON text.
};

// Wire names of the exchange format. Each Parse returns nothing on an unknown name.
std::string_view Name(EventType v);
std::string_view Name(Party v);
std::string_view Name(ExitReason v);
std::string_view Name(IdentificationSource v);
std::string_view Name(Sgi v);
std::string_view Name(Direction v);
std::string_view Name(Benefit v);
std::string_view Name(Outcome v);
std::string_view Name(CoordinationEndReason v);
std::string_view Name(Survey v);

std::optional<EventType> ParseEventType(std::string_view s);
std::optional<Party> ParseParty(std::string_view s);
std::optional<ExitReason> ParseExitReason(std::string_view s);
std::optional<IdentificationSource> ParseIdentificationSource(std::string_view s);
std::optional<Sgi> ParseSgi(std::string_view s);
std::optional<Direction> ParseDirection(std::string_view s);
std::optional<Benefit> ParseBenefit(std::string_view s);
std::optional<Outcome> ParseOutcome(std::string_view s);
std::optional<CoordinationEndReason> ParseCoordinationEndReason(std::string_view s);
std::optional<Survey> ParseSurvey(std::string_view s);

// All values of an enum, in declaration order (for reports and tests).
const std::array<ExitReason, kExitReasonCount>& AllExitReasons();
const std::array<Direction, kDirectionCount>& AllDirections();

// Checks the fields of one event on their own (types are already right): enums in range,
// municipality of 4 digits, `to >= from`, extents, ids non-empty, consent parties not `eb`…
// Relations between events (an end needs a start) are checked by CaseState (case.hpp).
// Returns every problem found, each naming its field.
std::vector<Error> ValidateEventFields(const Event& event);

// True when the type requires a person (every type but survey_answered).
bool RequiresPerson(EventType type);

}  // namespace rattvag
