// Small helpers to write hand-made journals in tests, one line per event.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "domain/case.hpp"
#include "domain/event.hpp"

namespace rattvag::testing {

inline Date D(const char* iso) { return *Date::Parse(iso); }

// A person's events, built in the order written and sorted in case order by Events().
class Journal {
 public:
  explicit Journal(std::string person = "198503129804") : person_(std::move(person)) {}

  Journal& Add(Event e) {
    e.person = person_;
    events_.push_back(std::move(e));
    return *this;
  }
  Journal& EbStarted(const char* date, const char* municipality) {
    Event e; e.type = EventType::kEbPeriodStarted; e.date = D(date); e.municipality = municipality; return Add(e);
  }
  Journal& EbEnded(const char* date, const char* municipality, ExitReason reason) {
    Event e; e.type = EventType::kEbPeriodEnded; e.date = D(date); e.municipality = municipality; e.exit_reason = reason;
    return Add(e);
  }
  Journal& Identified(const char* date, const char* municipality) {
    Event e; e.type = EventType::kTargetGroupIdentified; e.date = D(date); e.municipality = municipality;
    e.source = IdentificationSource::kMapping; return Add(e);
  }
  Journal& Certificate(const char* date, const char* from, const char* to, int extent = 100) {
    Event e; e.type = EventType::kSickCertificate; e.date = D(date); e.from = D(from); e.to = D(to); e.extent = extent;
    e.supports_reduced_capacity = true; return Add(e);
  }
  Journal& Stance(const char* date, Direction direction = Direction::kFkCoordination) {
    Event e; e.type = EventType::kStanceTaken; e.date = D(date); e.direction = direction;
    if (direction == Direction::kOther) e.note = "annat";
    return Add(e);
  }
  Journal& Referral(const char* date, const char* id) {
    Event e; e.type = EventType::kFkReferralSent; e.date = D(date); e.referral_id = id; return Add(e);
  }
  Journal& Contact(const char* date, const char* id) {
    Event e; e.type = EventType::kFkContactMade; e.date = D(date); e.referral_id = id; return Add(e);
  }
  Journal& Applied(const char* date, Benefit b) {
    Event e; e.type = EventType::kBenefitApplied; e.date = D(date); e.benefit = b; return Add(e);
  }
  Journal& Decided(const char* date, Benefit b, Outcome o) {
    Event e; e.type = EventType::kBenefitDecided; e.date = D(date); e.benefit = b; e.outcome = o; return Add(e);
  }
  Journal& Simple(const char* date, EventType type) {
    Event e; e.type = type; e.date = D(date);
    if (type == EventType::kAvstamningsmoteHeld || type == EventType::kSipMeetingHeld) e.parties = PartyBit(Party::kFk);
    return Add(e);
  }
  Journal& Consent(const char* date, const char* id, PartySet parties, const char* until = nullptr) {
    Event e; e.type = EventType::kConsentGiven; e.date = D(date); e.consent_id = id; e.parties = parties;
    e.purpose = "samordnad rehabilitering";
    if (until) e.until = D(until);
    return Add(e);
  }
  Journal& Readiness(const char* date, bool ready, const char* prognosis = nullptr) {
    Event e; e.type = EventType::kFkReadinessAssessed; e.date = D(date); e.ready = ready;
    if (prognosis) e.prognosis_date = D(prognosis);
    return Add(e);
  }
  Journal& CoordinationEnded(const char* date, CoordinationEndReason reason) {
    Event e; e.type = EventType::kFkCoordinationEnded; e.date = D(date); e.coordination_end_reason = reason; return Add(e);
  }

  std::vector<Event> Events() const {
    auto copy = events_;
    SortInCaseOrder(copy);
    return copy;
  }
  const std::string& person() const { return person_; }

 private:
  std::string person_;
  std::vector<Event> events_;
};

}  // namespace rattvag::testing
