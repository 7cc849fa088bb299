#include "app/demo.hpp"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "domain/personnummer.hpp"

namespace rattvag {

namespace {

// Own distributions over mt19937_64, so the output is the same with every standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // Uniform in [low, high].
  int Int(int low, int high) { return low + static_cast<int>(engine_() % static_cast<uint64_t>(high - low + 1)); }
  bool Chance(int percent) { return Int(0, 99) < percent; }

 private:
  std::mt19937_64 engine_;
};

std::string Pnr(int index) {
  // Birth dates spread over 1960–2003 by a bijection of the day index; serials 980–999.
  const int day_index = index / 20;
  const int serial = 980 + index % 20;
  Date birth = Date(1960, 1, 1).AddDays((day_index * 7919) % 16000);
  char nine[10];
  std::snprintf(nine, sizeof nine, "%02d%02u%02u%03d", birth.Year() % 100, birth.Month(), birth.Day(), serial);
  char out[13];
  std::snprintf(out, sizeof out, "%04d%02u%02u%03d%d", birth.Year(), birth.Month(), birth.Day(), serial,
                LuhnCheckDigit(nine));
  return out;
}

Date BirthOf(const std::string& pnr) {
  return Date(std::stoi(pnr.substr(0, 4)), static_cast<unsigned>(std::stoi(pnr.substr(4, 2))),
              static_cast<unsigned>(std::stoi(pnr.substr(6, 2))));
}

// Builds one person's story with a cursor that only moves forward, so the events are in date
// order and every end follows its start. Nothing is dated after `today`.
class Story {
 public:
  Story(std::string person, std::string prefix, Date today, const std::function<void(const Event&)>& sink)
      : person_(std::move(person)), prefix_(std::move(prefix)), today_(today), sink_(sink) {}

  Date cursor() const { return cursor_; }
  bool Open() const { return !stopped_; }
  void SetCursor(Date d) { cursor_ = std::max(cursor_, d); }

  // Emits `e` at the cursor advanced by `days`; returns false once past today (the story stops).
  bool Emit(Event e, int days) {
    if (stopped_) return false;
    cursor_ = cursor_.AddDays(days);
    if (cursor_ > today_) { stopped_ = true; return false; }
    e.date = cursor_;
    e.person = person_;
    e.id = prefix_ + std::to_string(++count_);
    sink_(e);
    return true;
  }

 private:
  std::string person_, prefix_;
  Date today_;
  const std::function<void(const Event&)>& sink_;
  Date cursor_;
  int count_ = 0;
  bool stopped_ = false;
};

Event Of(EventType type) { Event e; e.type = type; return e; }

}  // namespace

std::string DemoMunicipalityCode(int index) {
  static const char* kSeeds[] = {"1380", "1381", "1499", "1231", "1230", "1763"};
  if (index < 6) return kSeeds[index];
  return std::to_string(2000 + index);
}

void GenerateDemo(const DemoOptions& options, const std::function<void(const Event&)>& sink) {
  const Date today = options.today;
  for (int i = 0; i < options.persons; ++i) {
    Rng rng(options.seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(i) * 0xBF58476D1CE4E5B9ull + 1);
    const std::string pnr = Pnr(i);
    const Date birth = BirthOf(pnr);
    const int m_index = i < options.municipalities ? i : (rng.Chance(25) ? 0 : rng.Int(0, options.municipalities - 1));
    const std::string municipality = DemoMunicipalityCode(m_index);
    Story s(pnr, "demo-" + std::to_string(options.seed) + "-" + std::to_string(i) + "-", today, sink);

    // Registration some time in the last twelve years, at 19 or older.
    Date registered = today.AddDays(-rng.Int(0, 12 * 365));
    if (registered < birth.AddMonthsClamped(12 * 20)) registered = birth.AddMonthsClamped(12 * 20);
    if (registered > today) registered = today;
    s.SetCursor(registered.AddDays(-rng.Int(30, 5 * 365)));

    Event e = Of(EventType::kEbPeriodStarted);
    e.municipality = municipality;
    s.Emit(e, 0);
    if (rng.Chance(20)) {  // A break in EB, sometimes within 90 days, sometimes longer.
      Event end = Of(EventType::kEbPeriodEnded);
      end.municipality = municipality;
      end.exit_reason = rng.Chance(50) ? ExitReason::kAnnanErsattning : ExitReason::kStudier;
      s.Emit(end, rng.Int(60, 400));
      s.Emit(e, rng.Int(20, 200));
    }
    s.SetCursor(registered);
    e = Of(EventType::kTargetGroupIdentified);
    e.municipality = municipality;
    e.source = static_cast<IdentificationSource>(i % 3);
    s.Emit(e, 0);
    e = Of(EventType::kSgiChecked);
    const bool sgi_positive = rng.Chance(6);
    e.sgi = sgi_positive ? Sgi::kPositive : Sgi::kZero;
    s.Emit(e, rng.Int(3, 20));
    s.Emit(Of(EventType::kMappingMeetingHeld), rng.Int(3, 30));
    const bool consent = rng.Chance(80);
    if (consent) {
      e = Of(EventType::kConsentGiven);
      e.consent_id = "C1";
      e.parties = PartyBit(Party::kFk) | PartyBit(Party::kRegion) | (rng.Chance(40) ? PartyBit(Party::kAf) : 0) |
                  (rng.Chance(30) ? PartyBit(Party::kAme) : 0) | (rng.Chance(20) ? PartyBit(Party::kNurse) : 0);
      e.purpose = "samordnad rehabilitering och planering";
      if (rng.Chance(30)) e.until = s.cursor().AddDays(365);
      s.Emit(e, 0);
    }

    // Sick leave: one or two spells of consecutive certificates.
    const int spells = rng.Chance(30) ? 2 : 1;
    for (int spell = 0; spell < spells && s.Open(); ++spell) {
      s.SetCursor(s.cursor().AddDays(rng.Int(1, 90)));
      const Date start = s.cursor();
      Date from = start;
      const int certificates = rng.Int(1, 4);
      for (int c = 0; c < certificates; ++c) {
        e = Of(EventType::kSickCertificate);
        e.from = from;
        e.to = from.AddDays(rng.Int(30, 90));
        e.extent = 25 * rng.Int(1, 4);
        e.icd10 = rng.Chance(50) ? "F32.1" : (rng.Chance(50) ? "M54.5" : "F41.1");
        e.supports_reduced_capacity = rng.Chance(85);
        s.SetCursor(from);
        if (!s.Emit(e, 0)) break;
        from = e.to.AddDays(1);
      }
      // The stance: mostly within two months, some late, some missing.
      const int roll = rng.Int(0, 99);
      if (roll >= 85) continue;
      s.SetCursor(start);
      e = Of(EventType::kStanceTaken);
      e.direction = static_cast<Direction>((i + spell) % kDirectionCount);
      if (e.direction == Direction::kOther) e.note = "Missbruk är det primära problemet";
      if (!s.Emit(e, roll < 75 ? rng.Int(7, 55) : rng.Int(70, 120))) break;
      if (e.direction == Direction::kAwaitTreatment) {
        // The review date is set on the stance itself; emit nothing more for it.
      }
      if (e.direction == Direction::kSip) {
        Event sip = Of(EventType::kSipMeetingHeld);
        sip.parties = PartyBit(Party::kEb) | PartyBit(Party::kRegion) | PartyBit(Party::kFk);
        s.Emit(sip, rng.Int(7, 30));
      }
      if (e.direction == Direction::kApplyBenefit || e.direction == Direction::kLabourMarket)
        s.Emit(Of(EventType::kWorkCapacityAssessed), rng.Int(7, 40));
      if (e.direction == Direction::kFkCoordination || rng.Chance(30)) {
        Event referral = Of(EventType::kFkReferralSent);
        referral.referral_id = "R" + std::to_string(i) + "-" + std::to_string(spell + 1);
        if (!s.Emit(referral, rng.Int(1, 5))) break;
        if (s.cursor() > today.AddDays(-20) && rng.Chance(50)) break;  // Recent and not yet called back.
        Event contact = Of(EventType::kFkContactMade);
        contact.referral_id = referral.referral_id;
        if (!s.Emit(contact, rng.Chance(80) ? rng.Int(1, 4) : rng.Int(5, 12))) break;
        if (consent && rng.Chance(70)) {
          s.Emit(Of(EventType::kFkCoordinationStarted), rng.Int(5, 30));
          Event meeting = Of(EventType::kAvstamningsmoteHeld);
          meeting.parties = PartyBit(Party::kEb) | PartyBit(Party::kFk) | PartyBit(Party::kRegion) |
                            (rng.Chance(40) ? PartyBit(Party::kAf) : 0);
          s.Emit(meeting, rng.Int(10, 40));
          Event readiness = Of(EventType::kFkReadinessAssessed);
          readiness.ready = rng.Chance(50);
          const Date assessed = s.cursor().AddDays(7);
          if (!readiness.ready) readiness.prognosis_date = assessed.AddDays(rng.Chance(60) ? rng.Int(30, 180) : rng.Int(200, 400));
          s.Emit(readiness, 7);
          Event ended = Of(EventType::kFkCoordinationEnded);
          ended.coordination_end_reason = readiness.ready ? static_cast<CoordinationEndReason>(i % 5)
                                                          : CoordinationEndReason::kNotReady;
          if (sgi_positive) ended.coordination_end_reason = CoordinationEndReason::kSgiFound;
          s.Emit(ended, rng.Int(60, 300));
        }
      }
    }
    if (!s.Open()) continue;

    // Benefits: SE or AE for about a third, denials and new applications, some still waiting.
    const int age = AgeOn(birth, s.cursor());
    const Benefit main_benefit = age < 29 ? Benefit::kAktivitetsersattning : Benefit::kSjukersattning;
    bool granted = false;
    if (sgi_positive || rng.Chance(5)) {
      Event d = Of(EventType::kBenefitApplied);
      d.benefit = sgi_positive ? Benefit::kSjukpenning : Benefit::kSjukpenningSarskildaFall;
      s.Emit(d, rng.Int(10, 60));
      d.type = EventType::kBenefitDecided;
      d.outcome = Outcome::kGranted;
      s.Emit(d, rng.Int(20, 60));
    }
    const int roll = rng.Int(0, 99);
    if (roll < 50) {
      Event applied = Of(EventType::kBenefitApplied);
      applied.benefit = main_benefit;
      s.Emit(applied, rng.Int(20, 200));
      if (roll < 8) {
        // Waiting for the decision.
      } else {
        Event decided = Of(EventType::kBenefitDecided);
        decided.benefit = main_benefit;
        decided.outcome = roll < 38 ? Outcome::kGranted : Outcome::kDenied;
        if (decided.outcome == Outcome::kGranted) decided.extent = rng.Chance(80) ? 100 : 50;
        s.Emit(decided, rng.Int(60, 240));
        granted = decided.outcome == Outcome::kGranted && s.Open();
        if (!granted && rng.Chance(40)) {
          s.Emit(applied, rng.Int(60, 300));
          decided.outcome = Outcome::kGranted;
          decided.extent = 100;
          granted = s.Emit(decided, rng.Int(60, 240));
        }
      }
    }

    // Leaving EB: after a grant for that benefit, otherwise for one of the other reasons.
    Event end = Of(EventType::kEbPeriodEnded);
    end.municipality = municipality;
    if (granted) {
      end.exit_reason = main_benefit == Benefit::kSjukersattning ? ExitReason::kSjukersattning : ExitReason::kAktivitetsersattning;
      s.Emit(end, rng.Int(10, 60));
    } else if (rng.Chance(40)) {
      static constexpr ExitReason kOthers[] = {ExitReason::kSjukpenning,   ExitReason::kAnstallning,
                                               ExitReason::kMakeMakaInkomst, ExitReason::kAlderspension,
                                               ExitReason::kAvliden,       ExitReason::kFlyttat,
                                               ExitReason::kStudier,       ExitReason::kAnnanErsattning,
                                               ExitReason::kOkand};
      end.exit_reason = kOthers[i % 9];
      if (s.Emit(end, rng.Int(30, 400)) && end.exit_reason == ExitReason::kFlyttat && options.municipalities > 1) {
        const std::string other = DemoMunicipalityCode((m_index + 1) % options.municipalities);
        Event start = Of(EventType::kEbPeriodStarted);
        start.municipality = other;
        s.Emit(start, rng.Int(1, 30));
        Event again = Of(EventType::kTargetGroupIdentified);
        again.municipality = other;
        again.source = IdentificationSource::kApplication;
        s.Emit(again, rng.Int(5, 30));
      }
    }
    if (consent && rng.Chance(10)) {
      Event revoke = Of(EventType::kConsentRevoked);
      revoke.consent_id = "C1";
      s.Emit(revoke, rng.Int(1, 60));
    }
  }

  // Anonymous questionnaire answers.
  Rng rng(options.seed + 77);
  const int surveys = std::max(3, options.persons / 20);
  for (int k = 0; k < surveys; ++k) {
    Event e = Of(EventType::kSurveyAnswered);
    e.date = today.AddDays(-rng.Int(0, 3 * 365));
    e.id = "demo-" + std::to_string(options.seed) + "-survey-" + std::to_string(k);
    e.survey = static_cast<Survey>(k % 3);
    static const char* kPlanning[] = {"good", "too_early", "bad"};
    static const char* kCooperation[] = {"yes", "both", "no", "no_answer"};
    static const char* kContact[] = {"good", "neither", "bad", "dont_know"};
    auto b = [&](int percent) { return rng.Chance(percent) ? "true" : "false"; };
    if (e.survey == Survey::kParticipant)
      e.answers_json = std::string("{\"planning\":\"") + kPlanning[rng.Int(0, 2)] + "\",\"cooperation\":\"" +
                       kCooperation[rng.Int(0, 3)] + "\"}";
    else if (e.survey == Survey::kStaff)
      e.answers_json = std::string("{\"contact\":\"") + kContact[rng.Int(0, 3)] + "\"}";
    else
      e.answers_json = std::string("{\"more_ready\":") + b(70) + ",\"great_use\":" + b(90) +
                       ",\"planning_after_sufficient\":" + b(85) + "}";
    sink(e);
  }
}

}  // namespace rattvag
