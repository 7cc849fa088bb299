#include "domain/event.hpp"

#include <algorithm>

namespace rattvag {

namespace {

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::array<std::string_view, kEventTypeCount> kEventTypeNames = {
    "eb_period_started",     "eb_period_ended",      "target_group_identified", "sgi_checked",
    "consent_given",         "consent_revoked",      "mapping_meeting_held",    "sick_certificate",
    "stance_taken",          "fk_referral_sent",     "fk_contact_made",         "fk_coordination_started",
    "avstamningsmote_held",  "fk_readiness_assessed", "fk_coordination_ended",  "sip_meeting_held",
    "work_capacity_assessed", "benefit_applied",     "benefit_decided",         "survey_answered"};
constexpr std::array<std::string_view, kPartyCount> kPartyNames = {"eb", "fk", "region", "af", "ame", "nurse"};
constexpr std::array<std::string_view, kExitReasonCount> kExitReasonNames = {
    "sjukersattning", "aktivitetsersattning", "sjukpenning", "anstallning", "make_maka_inkomst", "alderspension",
    "avliden",        "flyttat",              "studier",     "annan_ersattning", "okand"};
constexpr std::array<std::string_view, 3> kSourceNames = {"application", "caseworker", "mapping"};
constexpr std::array<std::string_view, 2> kSgiNames = {"zero", "positive"};
constexpr std::array<std::string_view, kDirectionCount> kDirectionNames = {
    "await_treatment", "clarify_with_healthcare", "fk_coordination", "apply_benefit", "sip", "labour_market", "other"};
constexpr std::array<std::string_view, kBenefitCount> kBenefitNames = {
    "sjukpenning", "sjukpenning_sarskilda_fall", "sjukersattning", "aktivitetsersattning"};
constexpr std::array<std::string_view, 2> kOutcomeNames = {"granted", "denied"};
constexpr std::array<std::string_view, 5> kCoordinationEndNames = {"completed", "not_ready", "sgi_found",
                                                                   "benefit_granted", "other"};
constexpr std::array<std::string_view, 3> kSurveyNames = {"participant", "staff", "indikatorer"};

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view Name(EventType v) { return kEventTypeNames[static_cast<size_t>(v)]; }
std::string_view Name(Party v) { return kPartyNames[static_cast<size_t>(v)]; }
std::string_view Name(ExitReason v) { return kExitReasonNames[static_cast<size_t>(v)]; }
std::string_view Name(IdentificationSource v) { return kSourceNames[static_cast<size_t>(v)]; }
std::string_view Name(Sgi v) { return kSgiNames[static_cast<size_t>(v)]; }
std::string_view Name(Direction v) { return kDirectionNames[static_cast<size_t>(v)]; }
std::string_view Name(Benefit v) { return kBenefitNames[static_cast<size_t>(v)]; }
std::string_view Name(Outcome v) { return kOutcomeNames[static_cast<size_t>(v)]; }
std::string_view Name(CoordinationEndReason v) { return kCoordinationEndNames[static_cast<size_t>(v)]; }
std::string_view Name(Survey v) { return kSurveyNames[static_cast<size_t>(v)]; }

std::optional<EventType> ParseEventType(std::string_view s) { return Lookup<EventType>(kEventTypeNames, s); }
std::optional<Party> ParseParty(std::string_view s) { return Lookup<Party>(kPartyNames, s); }
std::optional<ExitReason> ParseExitReason(std::string_view s) { return Lookup<ExitReason>(kExitReasonNames, s); }
std::optional<IdentificationSource> ParseIdentificationSource(std::string_view s) {
  return Lookup<IdentificationSource>(kSourceNames, s);
}
std::optional<Sgi> ParseSgi(std::string_view s) { return Lookup<Sgi>(kSgiNames, s); }
std::optional<Direction> ParseDirection(std::string_view s) { return Lookup<Direction>(kDirectionNames, s); }
std::optional<Benefit> ParseBenefit(std::string_view s) { return Lookup<Benefit>(kBenefitNames, s); }
std::optional<Outcome> ParseOutcome(std::string_view s) { return Lookup<Outcome>(kOutcomeNames, s); }
std::optional<CoordinationEndReason> ParseCoordinationEndReason(std::string_view s) {
  return Lookup<CoordinationEndReason>(kCoordinationEndNames, s);
}
std::optional<Survey> ParseSurvey(std::string_view s) { return Lookup<Survey>(kSurveyNames, s); }

const std::array<ExitReason, kExitReasonCount>& AllExitReasons() {
  static const std::array<ExitReason, kExitReasonCount> all = [] {
    std::array<ExitReason, kExitReasonCount> a{};
    for (int i = 0; i < kExitReasonCount; ++i) a[i] = static_cast<ExitReason>(i);
    return a;
  }();
  return all;
}

const std::array<Direction, kDirectionCount>& AllDirections() {
  static const std::array<Direction, kDirectionCount> all = [] {
    std::array<Direction, kDirectionCount> a{};
    for (int i = 0; i < kDirectionCount; ++i) a[i] = static_cast<Direction>(i);
    return a;
  }();
  return all;
}

bool RequiresPerson(EventType type) { return type != EventType::kSurveyAnswered; }

std::vector<Error> ValidateEventFields(const Event& e) {
  std::vector<Error> errors;
  // Enum values set in code (not parsed) could be out of range, and Name() would then read
  // past its table.
  if (static_cast<int>(e.type) >= kEventTypeCount) return {{"type", "has a value out of range"}};
  auto need_enum = [&](auto value, int count, const char* field) {
    if (static_cast<int>(value) >= count) errors.push_back({field, "has a value out of range"});
  };
  auto need_municipality = [&] {
    if (e.municipality.size() != 4 || !IsDigits(e.municipality))
      errors.push_back({"municipality", "must be a four-digit SCB kommunkod, e.g. \"1380\""});
  };
  auto need_text = [&](const std::string& value, const char* field, size_t max) {
    if (value.empty())
      errors.push_back({field, "must not be empty"});
    else if (value.size() > max)
      errors.push_back({field, "is longer than " + std::to_string(max) + " characters"});
  };
  auto need_parties = [&](bool allow_eb) {
    if (e.parties == 0) errors.push_back({"parties", "must name at least one party"});
    if (e.parties >= (1u << kPartyCount)) errors.push_back({"parties", "has a value out of range"});
    if (!allow_eb && (e.parties & PartyBit(Party::kEb)))
      errors.push_back({"parties", "must not include \"eb\", which owns the case and needs no consent"});
  };
  if (e.person.empty() && RequiresPerson(e.type)) errors.push_back({"person", "is required"});
  if (e.id.size() > 200) errors.push_back({"id", "is longer than 200 characters"});

  switch (e.type) {
    case EventType::kEbPeriodStarted:
      need_municipality();
      break;
    case EventType::kEbPeriodEnded:
      need_municipality();
      need_enum(e.exit_reason, kExitReasonCount, "reason");
      break;
    case EventType::kTargetGroupIdentified:
      need_municipality();
      need_enum(e.source, 3, "source");
      break;
    case EventType::kSgiChecked:
      need_enum(e.sgi, 2, "sgi");
      break;
    case EventType::kConsentGiven:
      need_text(e.consent_id, "consent_id", 100);
      need_parties(false);
      need_text(e.purpose, "purpose", 500);
      if (e.until && *e.until < e.date) errors.push_back({"until", "must not be before the consent's date"});
      break;
    case EventType::kConsentRevoked:
      need_text(e.consent_id, "consent_id", 100);
      break;
    case EventType::kSickCertificate:
      if (e.to < e.from) errors.push_back({"to", "must not be before \"from\""});
      if (e.extent != 25 && e.extent != 50 && e.extent != 75 && e.extent != 100)
        errors.push_back({"extent", "must be 25, 50, 75 or 100"});
      if (e.icd10.size() > 10) errors.push_back({"icd10", "is longer than 10 characters"});
      break;
    case EventType::kStanceTaken:
      need_enum(e.direction, kDirectionCount, "direction");
      if (e.review_date && *e.review_date < e.date)
        errors.push_back({"review_date", "must not be before the stance's date"});
      if (e.note.size() > 4000) errors.push_back({"note", "is longer than 4000 characters"});
      if (e.direction == Direction::kOther && e.note.empty())
        errors.push_back({"note", "is required when direction is \"other\" (say what the plan is)"});
      break;
    case EventType::kFkReferralSent:
    case EventType::kFkContactMade:
      need_text(e.referral_id, "referral_id", 100);
      break;
    case EventType::kAvstamningsmoteHeld:
    case EventType::kSipMeetingHeld:
      need_parties(true);
      break;
    case EventType::kFkReadinessAssessed:
      if (e.ready && e.prognosis_date) errors.push_back({"prognosis_date", "is only given when ready is false"});
      if (e.prognosis_date && *e.prognosis_date < e.date)
        errors.push_back({"prognosis_date", "must not be before the assessment's date"});
      break;
    case EventType::kFkCoordinationEnded:
      need_enum(e.coordination_end_reason, 5, "reason");
      break;
    case EventType::kBenefitApplied:
      need_enum(e.benefit, kBenefitCount, "benefit");
      break;
    case EventType::kBenefitDecided:
      need_enum(e.benefit, kBenefitCount, "benefit");
      need_enum(e.outcome, 2, "outcome");
      if (e.extent != 0 && e.extent != 25 && e.extent != 50 && e.extent != 75 && e.extent != 100)
        errors.push_back({"extent", "must be 25, 50, 75 or 100"});
      break;
    case EventType::kSurveyAnswered:
      need_enum(e.survey, 3, "survey");
      if (e.answers_json.size() < 2 || e.answers_json.front() != '{')
        errors.push_back({"answers", "must be an object"});
      if (!e.municipality.empty()) {
        if (!e.person.empty())
          errors.push_back({"municipality", "is only given on an answer without a person (a person's answer counts "
                                            "under the municipality of their case)"});
        else
          need_municipality();
      }
      break;
    default:
      break;
  }
  return errors;
}

}  // namespace rattvag
