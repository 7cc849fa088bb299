#include "app/demo.hpp"

#include <algorithm>
#include <initializer_list>
#include <optional>
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
  char nine[16];
  std::snprintf(nine, sizeof nine, "%02d%02u%02u%03d", birth.Year() % 100, birth.Month(), birth.Day(), serial);
  char out[24];
  std::snprintf(out, sizeof out, "%04d%02u%02u%03d%d", birth.Year(), birth.Month(), birth.Day(), serial,
                LuhnCheckDigit(nine));
  return out;
}

Date BirthOf(const std::string& pnr) {
  return Date(std::stoi(pnr.substr(0, 4)), static_cast<unsigned>(std::stoi(pnr.substr(4, 2))),
              static_cast<unsigned>(std::stoi(pnr.substr(6, 2))));
}

// One person's events, added thread by thread (EB, sick leave, FK, benefits…) and put in date
// order at the end; a stable sort keeps the order of events added for the same day.
class Story {
 public:
  void Add(Event e, Date date) {
    e.date = date;
    events_.push_back(std::move(e));
  }
  // Date order, nothing after `last_day`. After `closed` (the day the person left EB for good)
  // only FK's answers to what came before and the person's own consent and benefit events go on.
  // Ids "<prefix><n>" in that order.
  std::vector<Event> Finish(const std::string& person, const std::string& prefix, Date last_day,
                            std::optional<Date> closed) {
    std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) { return a.date < b.date; });
    std::vector<Event> out;
    std::vector<std::string> referrals, consents;
    bool coordinating = false;
    auto kept = [](const std::vector<std::string>& ids, const std::string& id) {
      return std::find(ids.begin(), ids.end(), id) != ids.end();
    };
    for (Event& e : events_) {
      if (e.date > last_day) break;
      if (closed && e.date > *closed) {
        const bool answers_referral = e.type == EventType::kFkContactMade && kept(referrals, e.referral_id);
        const bool ends_coordination = e.type == EventType::kFkCoordinationEnded && coordinating;
        const bool revokes_consent = e.type == EventType::kConsentRevoked && kept(consents, e.consent_id);
        if (!answers_referral && !ends_coordination && !revokes_consent && e.type != EventType::kBenefitDecided)
          continue;
      }
      if (e.type == EventType::kFkReferralSent) referrals.push_back(e.referral_id);
      if (e.type == EventType::kConsentGiven) consents.push_back(e.consent_id);
      if (e.type == EventType::kFkCoordinationStarted) coordinating = true;
      if (e.type == EventType::kFkCoordinationEnded) coordinating = false;
      e.person = person;
      e.id = prefix + std::to_string(out.size() + 1);
      out.push_back(std::move(e));
    }
    return out;
  }

 private:
  std::vector<Event> events_;
};

Event Of(EventType type) { Event e; e.type = type; return e; }

// Which demo municipality the i-th person belongs to: the first M persons one each, so every
// municipality has a caseload; then Halmstad (the method's home) a quarter of a small demo, and
// in a national one the six seed municipalities three times the weight of the others (about 1 %
// each of 100,000 persons over 290 municipalities).
int PickMunicipality(int i, int municipalities, Rng& rng) {
  if (i < municipalities) return i;
  if (municipalities <= 10) return rng.Chance(25) ? 0 : rng.Int(0, municipalities - 1);
  const int seeds = 6;
  const int weight = 3 * seeds + (municipalities - seeds);
  const int pick = rng.Int(0, weight - 1);
  return pick < 3 * seeds ? pick / 3 : seeds + (pick - 3 * seeds);
}

}  // namespace

std::string DemoMunicipalityCode(int index) {
  static const char* kSeeds[] = {"1380", "1381", "1499", "1231", "1230", "1763"};
  if (index < 6) return kSeeds[index];
  return std::to_string(2000 + index);
}

namespace {

// Anonymous questionnaire answers (issue 5 item 5), after every person's events: each placed in
// a municipality (about half in the first, the demo logins' own), dated over the last three years.
void GenerateDemoSurveyAnswers(const DemoOptions& options, Date today, const std::function<void(const Event&)>& sink) {
  Rng rng(options.seed + 77);
  const int surveys = std::max(30, options.persons / 20);
  for (int k = 0; k < surveys; ++k) {
    Event e = Of(EventType::kSurveyAnswered);
    e.date = today.AddDays(-rng.Int(0, 3 * 365));
    e.id = "demo-" + std::to_string(options.seed) + "-survey-" + std::to_string(k);
    e.survey = static_cast<Survey>(k % 3);
    e.municipality = DemoMunicipalityCode(rng.Chance(50) ? 0 : rng.Int(0, std::max(1, options.municipalities) - 1));
    // Options drawn with about the seeds' proportions (7/4/2 on the planning, 11 of 14 yes to
    // cooperation, 85 % good contact in November 2014).
    auto draw = [&](std::initializer_list<std::pair<const char*, int>> weighted) {
      int roll = rng.Int(1, 100);
      for (const auto& [option, percent] : weighted)
        if ((roll -= percent) <= 0) return option;
      return weighted.begin()->first;
    };
    auto b = [&](int percent) { return rng.Chance(percent) ? "true" : "false"; };
    if (e.survey == Survey::kParticipant)
      e.answers_json = std::string("{\"planning\":\"") + draw({{"good", 50}, {"too_early", 30}, {"bad", 20}}) +
                       "\",\"cooperation\":\"" +
                       draw({{"yes", 75}, {"both", 15}, {"no", 4}, {"no_answer", 6}}) + "\"}";
    else if (e.survey == Survey::kStaff)
      e.answers_json = std::string("{\"contact\":\"") +
                       draw({{"good", 75}, {"neither", 12}, {"bad", 3}, {"dont_know", 10}}) + "\"}";
    else
      e.answers_json = std::string("{\"more_ready\":") + b(70) + ",\"great_use\":" + b(90) +
                       ",\"planning_after_sufficient\":" + b(85) + "}";
    sink(e);
  }
}

}  // namespace

void GenerateDemo(const DemoOptions& options, const std::function<void(const Event&)>& sink) {
  const Date today = options.today;
  for (int i = 0; i < options.persons; ++i) {
    Rng rng(options.seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(i) * 0xBF58476D1CE4E5B9ull + 1);
    const std::string pnr = Pnr(i);
    const Date birth = BirthOf(pnr);
    const int m_index = PickMunicipality(i, options.municipalities, rng);
    const std::string municipality = DemoMunicipalityCode(m_index);
    Story story;
    Event e;

    // EB: a period that started some time before the registration, sometimes with a break.
    Date registered = today.AddDays(-rng.Int(0, 12 * 365));
    if (registered < birth.AddMonthsClamped(12 * 20)) registered = birth.AddMonthsClamped(12 * 20);
    if (registered > today) registered = today;
    Date t = registered.AddDays(-rng.Int(30, 5 * 365));
    e = Of(EventType::kEbPeriodStarted);
    e.municipality = municipality;
    story.Add(e, t);
    if (rng.Chance(20)) {  // A break in EB, sometimes within 90 days, sometimes longer.
      Event end = Of(EventType::kEbPeriodEnded);
      end.municipality = municipality;
      end.exit_reason = rng.Chance(50) ? ExitReason::kAnnanErsattning : ExitReason::kStudier;
      t = t.AddDays(rng.Int(60, 400));
      story.Add(end, t);
      t = t.AddDays(rng.Int(20, 200));
      story.Add(e, t);
    }

    // Found, SGI checked, mapped over one to three meetings.
    t = std::max(t, registered);
    e = Of(EventType::kTargetGroupIdentified);
    e.municipality = municipality;
    e.source = static_cast<IdentificationSource>(i % 3);
    story.Add(e, t);
    const bool sgi_positive = rng.Chance(6);
    e = Of(EventType::kSgiChecked);
    e.sgi = sgi_positive ? Sgi::kPositive : Sgi::kZero;
    t = t.AddDays(rng.Int(3, 20));
    story.Add(e, t);
    const int mappings = 1 + rng.Chance(50) + rng.Chance(25);
    for (int k = 0; k < mappings; ++k) story.Add(Of(EventType::kMappingMeetingHeld), t = t.AddDays(rng.Int(3, 30)));

    // Consent to share, some for a year at a time and renewed before it runs out.
    const bool consent = rng.Chance(80);
    int consents = 0;
    Date last_consent = t;
    if (consent) {
      e = Of(EventType::kConsentGiven);
      e.parties = PartyBit(Party::kFk) | PartyBit(Party::kRegion) | (rng.Chance(40) ? PartyBit(Party::kAf) : 0) |
                  (rng.Chance(30) ? PartyBit(Party::kAme) : 0) | (rng.Chance(20) ? PartyBit(Party::kNurse) : 0);
      e.purpose = "samordnad rehabilitering och planering";
      const bool yearly = rng.Chance(30);
      Date given = t;
      while (consents < 12) {
        e.consent_id = "C" + std::to_string(++consents);
        if (yearly) e.until = given.AddDays(365);
        story.Add(e, given);
        last_consent = given;
        if (!yearly || !rng.Chance(80)) break;  // Sometimes it runs out without a renewal.
        given = e.until->AddDays(-rng.Int(1, 20));
        if (given > today) break;
      }
    }

    // Sick leave: one to three spells, each a chain of certificates of one to three months, from
    // a few months to years; a stance on planning for each; the work that follows from it.
    const int spells = rng.Chance(40) ? 1 : (rng.Chance(60) ? 2 : 3);
    Date first_spell;
    Date coordination_free = t;  // FK coordination is one at a time.
    int referrals = 0;
    for (int spell = 0; spell < spells; ++spell) {
      t = t.AddDays(spell == 0 ? rng.Int(1, 90) : rng.Int(30, 400));
      const Date start = t;
      if (spell == 0) first_spell = start;
      if (spell > 0) {
        e = Of(EventType::kSgiChecked);
        e.sgi = sgi_positive ? Sgi::kPositive : Sgi::kZero;
        story.Add(e, start.AddDays(rng.Int(0, 10)));
      }
      const int length_roll = rng.Int(0, 99);
      const int certificates = length_roll < 25 ? rng.Int(1, 3) : (length_roll < 60 ? rng.Int(4, 12) : rng.Int(13, 40));
      const char* kDiagnoses[] = {"F32.1", "F41.1", "M54.5", "F43.1", "G35", "M79.7", "F33.1", "F90.0"};
      const char* diagnosis = kDiagnoses[rng.Int(0, 7)];
      Date from = start;
      for (int c = 0; c < certificates; ++c) {
        e = Of(EventType::kSickCertificate);
        e.from = from;
        e.to = from.AddDays(c == 0 ? rng.Int(13, 30) : rng.Int(29, 89));  // The first one is short.
        e.extent = 25 * rng.Int(c == 0 ? 2 : 1, 4);
        e.icd10 = rng.Chance(85) ? diagnosis : kDiagnoses[rng.Int(0, 7)];
        e.supports_reduced_capacity = rng.Chance(85);
        story.Add(e, std::max(from.AddDays(-rng.Int(0, 5)), start));
        from = e.to.AddDays(1);
      }
      const Date spell_end = from.AddDays(-1);

      // The stance: mostly within two months, some late, some missing.
      const int roll = rng.Int(0, 99);
      if (roll < 85) {
        const Date stance_date = start.AddDays(roll < 75 ? rng.Int(7, 55) : rng.Int(70, 120));
        e = Of(EventType::kStanceTaken);
        e.direction = static_cast<Direction>((i + spell) % kDirectionCount);
        if (e.direction == Direction::kOther) e.note = "Missbruk är det primära problemet";
        if (e.direction == Direction::kAwaitTreatment) e.review_date = stance_date.AddDays(rng.Int(60, 180));
        story.Add(e, stance_date);
        Date d = stance_date;
        if (e.direction == Direction::kSip) {  // The SIP meeting and its follow-ups.
          Event sip = Of(EventType::kSipMeetingHeld);
          sip.parties = PartyBit(Party::kEb) | PartyBit(Party::kRegion) | PartyBit(Party::kFk) |
                        (rng.Chance(30) ? PartyBit(Party::kAf) : 0);
          d = d.AddDays(rng.Int(7, 30));
          for (int k = 0; k < 5 && d <= spell_end.AddDays(60); ++k, d = d.AddDays(rng.Int(60, 120))) story.Add(sip, d);
        }
        if (e.direction == Direction::kApplyBenefit || e.direction == Direction::kLabourMarket ||
            e.direction == Direction::kClarifyWithHealthcare) {
          story.Add(Of(EventType::kWorkCapacityAssessed), d = d.AddDays(rng.Int(7, 40)));
          if (rng.Chance(40)) story.Add(Of(EventType::kWorkCapacityAssessed), d.AddDays(rng.Int(90, 240)));
        }
        if (rng.Chance(30)) story.Add(Of(EventType::kMappingMeetingHeld), stance_date.AddDays(rng.Int(20, 90)));
        // A long sick leave: the planning is revisited about twice a year.
        Event revisit = e;
        revisit.review_date.reset();
        for (Date r = stance_date.AddDays(rng.Int(150, 240)); r < spell_end; r = r.AddDays(rng.Int(150, 240)))
          if (rng.Chance(70)) story.Add(revisit, r);

        // The anonymous referral to FK, the callback, coordination with avstämningsmöten.
        if ((e.direction == Direction::kFkCoordination || rng.Chance(35)) && stance_date >= coordination_free) {
          Event referral = Of(EventType::kFkReferralSent);
          referral.referral_id = "R" + std::to_string(++referrals);
          const Date sent = stance_date.AddDays(rng.Int(1, 5));
          story.Add(referral, sent);
          const bool recent = sent > today.AddDays(-20);
          if (!recent || rng.Chance(50)) {  // Recent ones are sometimes not called back yet.
            Event contact = Of(EventType::kFkContactMade);
            contact.referral_id = referral.referral_id;
            d = sent.AddDays(rng.Chance(80) ? rng.Int(1, 4) : rng.Int(5, 12));
            story.Add(contact, d);
            if (consent && rng.Chance(70)) {
              story.Add(Of(EventType::kFkCoordinationStarted), d = d.AddDays(rng.Int(5, 30)));
              Event meeting = Of(EventType::kAvstamningsmoteHeld);
              meeting.parties = PartyBit(Party::kEb) | PartyBit(Party::kFk) | PartyBit(Party::kRegion) |
                                (rng.Chance(40) ? PartyBit(Party::kAf) : 0);
              const int meetings = rng.Int(1, 3);
              for (int k = 0; k < meetings; ++k) story.Add(meeting, d = d.AddDays(rng.Int(10, 60)));
              Event readiness = Of(EventType::kFkReadinessAssessed);
              readiness.ready = rng.Chance(50);
              d = d.AddDays(7);
              if (!readiness.ready)
                readiness.prognosis_date = d.AddDays(rng.Chance(60) ? rng.Int(30, 180) : rng.Int(200, 400));
              story.Add(readiness, d);
              Event ended = Of(EventType::kFkCoordinationEnded);
              ended.coordination_end_reason = readiness.ready ? static_cast<CoordinationEndReason>(i % 5)
                                                              : CoordinationEndReason::kNotReady;
              if (sgi_positive) ended.coordination_end_reason = CoordinationEndReason::kSgiFound;
              story.Add(ended, d = d.AddDays(rng.Int(60, 300)));
              coordination_free = d.AddDays(1);
            }
          }
        }
      }
      t = std::max(t, spell_end);
    }

    // Benefits during the sick leave: SE or AE for about half, denials and new applications,
    // some still waiting; sjukpenning when an SGI turned up.
    Date b = first_spell.AddDays(rng.Int(60, 500));
    const int age = AgeOn(birth, b);
    const Benefit main_benefit = age < 29 ? Benefit::kAktivitetsersattning : Benefit::kSjukersattning;
    if (sgi_positive || rng.Chance(5)) {
      Event d = Of(EventType::kBenefitApplied);
      d.benefit = sgi_positive ? Benefit::kSjukpenning : Benefit::kSjukpenningSarskildaFall;
      story.Add(d, b = b.AddDays(rng.Int(10, 60)));
      d.type = EventType::kBenefitDecided;
      d.outcome = Outcome::kGranted;
      story.Add(d, b = b.AddDays(rng.Int(20, 60)));
    }
    std::optional<Date> granted;
    const int roll = rng.Int(0, 99);
    if (roll < 50) {
      Event applied = Of(EventType::kBenefitApplied);
      applied.benefit = main_benefit;
      story.Add(applied, b = b.AddDays(rng.Int(20, 200)));
      if (roll >= 8) {  // Otherwise still waiting for the decision.
        Event decided = Of(EventType::kBenefitDecided);
        decided.benefit = main_benefit;
        decided.outcome = roll < 38 ? Outcome::kGranted : Outcome::kDenied;
        if (decided.outcome == Outcome::kGranted) decided.extent = rng.Chance(80) ? 100 : 50;
        story.Add(decided, b = b.AddDays(rng.Int(60, 240)));
        if (decided.outcome == Outcome::kGranted) {
          granted = b;
        } else if (rng.Chance(40)) {
          story.Add(applied, b = b.AddDays(rng.Int(60, 300)));
          decided.outcome = Outcome::kGranted;
          decided.extent = 100;
          story.Add(decided, b = b.AddDays(rng.Int(60, 240)));
          granted = b;
        }
      }
    }

    // Leaving EB: after a grant for that benefit, otherwise for one of the other reasons.
    std::optional<Date> closed;
    bool moved = false;
    Event end = Of(EventType::kEbPeriodEnded);
    end.municipality = municipality;
    if (granted) {
      end.exit_reason = main_benefit == Benefit::kSjukersattning ? ExitReason::kSjukersattning : ExitReason::kAktivitetsersattning;
      story.Add(end, *(closed = granted->AddDays(rng.Int(10, 60))));
    } else if (rng.Chance(40)) {
      static constexpr ExitReason kOthers[] = {ExitReason::kSjukpenning,   ExitReason::kAnstallning,
                                               ExitReason::kMakeMakaInkomst, ExitReason::kAlderspension,
                                               ExitReason::kAvliden,       ExitReason::kFlyttat,
                                               ExitReason::kStudier,       ExitReason::kAnnanErsattning,
                                               ExitReason::kOkand};
      end.exit_reason = kOthers[i % 9];
      closed = std::max(b, first_spell).AddDays(rng.Int(200, 1500));
      story.Add(end, *closed);
      if (end.exit_reason == ExitReason::kFlyttat && options.municipalities > 1) {
        moved = true;  // The case goes on in the new municipality.
        const std::string other = DemoMunicipalityCode((m_index + 1) % options.municipalities);
        Event start = Of(EventType::kEbPeriodStarted);
        start.municipality = other;
        Date d = closed->AddDays(rng.Int(1, 30));
        story.Add(start, d);
        Event again = Of(EventType::kTargetGroupIdentified);
        again.municipality = other;
        again.source = IdentificationSource::kApplication;
        story.Add(again, d.AddDays(rng.Int(5, 30)));
      }
    }
    if (consent && rng.Chance(10)) {
      Event revoke = Of(EventType::kConsentRevoked);
      revoke.consent_id = "C" + std::to_string(consents);
      story.Add(revoke, last_consent.AddDays(rng.Int(1, 400)));
    }

    const std::string prefix = "demo-" + std::to_string(options.seed) + "-" + std::to_string(i) + "-";
    for (const Event& event : story.Finish(pnr, prefix, today, moved ? std::nullopt : closed))
      sink(event);
  }

  GenerateDemoSurveyAnswers(options, today, sink);
}

DemoAccounts MakeDemoAccounts(int municipalities) {
  static const char* kNames[] = {"Halmstad", "Laholm", "Falköping", "Burlöv", "Staffanstorp", "Forshaga"};
  DemoAccounts demo;
  std::vector<std::string> area;
  const int local = std::clamp(municipalities, 1, 6);
  for (int i = 0; i < local; ++i) {
    const std::string code = DemoMunicipalityCode(i);
    area.push_back(code);
    demo.units.push_back({"eb-" + code, std::string("Ekonomiskt bistånd ") + kNames[i], "eb", code, {}});
    demo.units.push_back({"ame-" + code, std::string("Arbetsmarknadsenheten ") + kNames[i], "ame", code, {}});
    demo.units.push_back({"nurse-" + code, std::string("Sjuksköterskor ") + kNames[i], "nurse", code, {}});
  }
  demo.units.push_back({"fk-demo", "Försäkringskassan, lokalkontoret", "fk", "", area});
  demo.units.push_back({"region-demo", "Regionen, rehabkoordinering", "region", "", area});
  demo.units.push_back({"af-demo", "Arbetsförmedlingen, lokalkontoret", "af", "", area});
  demo.units.push_back({"forbund-demo", "Samordningsförbundet", "forbund", "", area});
  demo.units.push_back({"admin", "Systemförvaltningen", "admin", "", {}});
  const std::string home = DemoMunicipalityCode(0);
  demo.users = {
      {"u-demo-eb", "eb.handlaggare", "Eva Bergström (demo)", Role::kSocialsekreterare, "eb-" + home},
      {"u-demo-kontakt", "eb.kontakt", "Karin Kontakt (demo)", Role::kKontaktpersonEb, "eb-" + home},
      {"u-demo-chef", "eb.chef", "Erik Chef (demo)", Role::kEnhetschef, "eb-" + home},
      {"u-demo-fk", "fk.handlaggare", "Fatima Karlsson (demo)", Role::kPersonligHandlaggareFk, "fk-demo"},
      {"u-demo-region", "region.rehab", "Rut Rehab (demo)", Role::kRehabsamordnare, "region-demo"},
      {"u-demo-af", "af.handlaggare", "Alf Forsberg (demo)", Role::kAfHandlaggare, "af-demo"},
      {"u-demo-ame", "ame.handlaggare", "Amir Mehdi (demo)", Role::kAmeHandlaggare, "ame-" + home},
      {"u-demo-ssk", "sjukskoterska", "Sara Sköld (demo)", Role::kSjukskoterska, "nurse-" + home},
      {"u-demo-analys", "forbund.analys", "Anna Lys (demo)", Role::kForbundAnalyst, "forbund-demo"},
      {"u-demo-admin", "admin", "Adam Min (demo)", Role::kAdministrator, "admin"},
  };
  return demo;
}

std::vector<Contact> MakeDemoContacts(int municipalities) {
  static const char* kNames[] = {"Halmstad", "Laholm", "Falköping", "Burlöv", "Staffanstorp", "Forshaga"};
  static const char* kDomains[] = {"halmstad", "laholm", "falkoping", "burlov", "staffanstorp", "forshaga"};
  int next_phone = 5;  // 070-174 06 05 onwards: reserved by PTS for fiction.
  auto phone = [&] {
    const int n = next_phone++;
    return "070-174 06 " + std::string(n < 10 ? "0" : "") + std::to_string(n);
  };
  std::vector<Contact> out;
  const int local = std::clamp(municipalities, 1, 6);
  for (int i = 0; i < local; ++i) {
    const std::string code = DemoMunicipalityCode(i), domain = std::string(kDomains[i]) + ".example.se";
    out.push_back({"k-demo-eb-" + code, "eb", std::string("Ekonomiskt bistånd ") + kNames[i], code,
                   "ekonomiskt.bistand@" + domain, phone(), "kontaktperson.eb@" + domain,
                   "Kontaktperson EB svarar på frågor om metoden, vardagar 9–11"});
    out.push_back({"k-demo-ame-" + code, "ame", std::string("Arbetsmarknadsenheten ") + kNames[i], code,
                   "arbetsmarknad@" + domain, phone(), "", "Arbetsförmågebedömning, arbetsträning och praktik"});
    out.push_back({"k-demo-nurse-" + code, "nurse", std::string("Kommunens sjuksköterska ") + kNames[i], code, "",
                   phone(), "sjukskoterska@" + domain, "Läser tidigare journaler före kartläggningsmötet, med samtycke"});
  }
  out.push_back({"k-demo-fk", "fk", "Försäkringskassan, funktionsbrevlåda för nollplacerade", "",
                 "samordning.nollplacerade@fk.example.se", phone(), "",
                 "Anonym remiss utan personuppgifter; en personlig handläggare ringer upp inom tre arbetsdagar"});
  out.push_back({"k-demo-fk-samverkan", "fk", "Försäkringskassan, samverkansansvarig", "", "", phone(),
                 "samverkan@fk.example.se", "Frågor om samverkan, utbildning och workshops"});
  out.push_back({"k-demo-region", "region", "Regionen, rehabkoordinatorer i primärvården", "",
                 "rehabkoordinator@region.example.se", phone(), "", "Läkarintyg, behandling och avstämningsmöten"});
  out.push_back({"k-demo-af", "af", "Arbetsförmedlingen, lokalkontoret", "", "lokalkontoret@af.example.se", phone(),
                 "", "Gemensam kartläggning med FK och arbetsmarknadsinsatser"});
  out.push_back({"k-demo-forbund", "forbund", "Samordningsförbundet, förbundskansliet", "", "kansliet@forbund.example.se",
                 phone(), "", "Finansiering och uppföljning av metoden"});
  return out;
}

std::string DemoPersonnummer(int index) { return Pnr(index); }

}  // namespace rattvag
