#include "domain/case.hpp"

#include <algorithm>

#include "domain/calendar.hpp"

namespace rattvag {

void SortInCaseOrder(std::vector<Event>& events) {
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.date < b.date; });
}

// --- The transition table -----------------------------------------------------------------

Status CaseState::Apply(const Event& e) {
  switch (e.type) {
    case EventType::kEbPeriodStarted: {
      for (const auto& p : open_periods_)
        if (p.municipality == e.municipality)
          return Error{"municipality", "an EB period is already open in " + e.municipality + " since " +
                                           p.start.ToString() + "; end it before starting a new one"};
      open_periods_.push_back({e.municipality, e.date});
      return {};
    }
    case EventType::kEbPeriodEnded: {
      auto it = std::find_if(open_periods_.begin(), open_periods_.end(),
                             [&](const OpenPeriod& p) { return p.municipality == e.municipality; });
      if (it == open_periods_.end())
        return Error{"municipality", "no EB period is open in " + e.municipality + " on " + e.date.ToString() +
                                         " (eb_period_ended needs an earlier eb_period_started)"};
      open_periods_.erase(it);
      return {};
    }
    case EventType::kConsentGiven: {
      for (const auto& c : consents_)
        if (c.id == e.consent_id) return Error{"consent_id", "is already used by an earlier consent of this person"};
      consents_.push_back({e.consent_id, false});
      return {};
    }
    case EventType::kConsentRevoked: {
      for (auto& c : consents_) {
        if (c.id != e.consent_id) continue;
        if (c.revoked) return Error{"consent_id", "this consent is already revoked"};
        c.revoked = true;
        return {};
      }
      return Error{"consent_id", "no consent with this id was given before " + e.date.ToString()};
    }
    case EventType::kFkReferralSent: {
      for (const auto& r : referrals_)
        if (r.id == e.referral_id) return Error{"referral_id", "is already used by an earlier referral of this person"};
      referrals_.push_back({e.referral_id, e.date, false});
      return {};
    }
    case EventType::kFkContactMade: {
      for (auto& r : referrals_) {
        if (r.id != e.referral_id) continue;
        if (r.contacted) return Error{"referral_id", "this referral has already been called back"};
        r.contacted = true;
        return {};
      }
      return Error{"referral_id", "no referral with this id was sent on or before " + e.date.ToString()};
    }
    case EventType::kFkCoordinationStarted:
      if (coordination_open_since_)
        return Error{"type", "FK coordination is already open since " + coordination_open_since_->ToString()};
      coordination_open_since_ = e.date;
      return {};
    case EventType::kFkReadinessAssessed:
      if (!coordination_open_since_)
        return Error{"type", "no FK coordination is open on " + e.date.ToString() +
                                 " (fk_readiness_assessed needs fk_coordination_started)"};
      return {};
    case EventType::kFkCoordinationEnded:
      if (!coordination_open_since_)
        return Error{"type", "no FK coordination is open on " + e.date.ToString() +
                                 " (fk_coordination_ended needs fk_coordination_started)"};
      coordination_open_since_.reset();
      return {};
    default:
      return {};
  }
}

// --- Projections ----------------------------------------------------------------------------

std::vector<MergedEbPeriod> MergeEbPeriods(std::span<const EbPeriod> periods, int max_gap_days) {
  std::vector<MergedEbPeriod> merged;
  for (const auto& p : periods) {
    if (!merged.empty()) {
      auto& last = merged.back();
      // An open period swallows everything after it; otherwise join when the days without EB
      // between the two (strictly between end and start) are at most max_gap_days.
      if (!last.end || last.end->DaysUntil(p.start) - 1 <= max_gap_days) {
        if (last.end && (!p.end || *p.end > *last.end)) last.end = p.end;
        continue;
      }
    }
    merged.push_back({p.start, p.end});
  }
  return merged;
}

std::vector<SickLeaveSpell> SickLeaveSpells(std::span<const Event> events, Date as_of) {
  struct Cert { Date from, to; int extent; };
  std::vector<Cert> certs;
  for (const auto& e : events) {
    if (e.date > as_of) break;
    if (e.type == EventType::kSickCertificate) certs.push_back({e.from, e.to, e.extent});
  }
  std::sort(certs.begin(), certs.end(), [](const Cert& a, const Cert& b) { return a.from < b.from; });
  std::vector<SickLeaveSpell> spells;
  for (const auto& c : certs) {
    if (!spells.empty() && c.from <= spells.back().end.AddDays(1)) {
      auto& s = spells.back();
      s.end = std::max(s.end, c.to);
      ++s.certificates;
      s.max_extent = std::max(s.max_extent, c.extent);
      continue;
    }
    SickLeaveSpell s;
    s.start = c.from;
    s.end = c.to;
    s.certificates = 1;
    s.max_extent = c.extent;
    s.stance_due = c.from.AddMonthsClamped(kStanceDueMonths);
    spells.push_back(s);
  }
  // The first stance in each spell's window [start, next start).
  for (const auto& e : events) {
    if (e.date > as_of) break;
    if (e.type != EventType::kStanceTaken) continue;
    for (size_t i = 0; i < spells.size(); ++i) {
      bool in_window = e.date >= spells[i].start && (i + 1 == spells.size() || e.date < spells[i + 1].start);
      if (in_window && !spells[i].stance_date) {
        spells[i].stance_date = e.date;
        spells[i].stance_direction = e.direction;
      }
    }
  }
  return spells;
}

std::string CaseMunicipality(std::span<const Event> events) {
  std::string latest_eb;
  for (const auto& e : events) {
    if (e.type == EventType::kTargetGroupIdentified) return e.municipality;
    if (e.type == EventType::kEbPeriodStarted) latest_eb = e.municipality;
  }
  return latest_eb;
}

std::string CaseMunicipality(std::span<const Event* const> events) {
  std::string latest_eb;
  for (const Event* e : events) {
    if (e->type == EventType::kTargetGroupIdentified) return e->municipality;
    if (e->type == EventType::kEbPeriodStarted) latest_eb = e->municipality;
  }
  return latest_eb;
}

Step StepOf(EventType type) {
  switch (type) {
    case EventType::kTargetGroupIdentified: return Step::kIdentified;
    case EventType::kMappingMeetingHeld: return Step::kMappingMeeting;
    case EventType::kSickCertificate: return Step::kSickLeave;
    case EventType::kStanceTaken: return Step::kStance;
    case EventType::kFkReferralSent:
    case EventType::kFkContactMade: return Step::kFkReferral;
    case EventType::kFkCoordinationStarted:
    case EventType::kAvstamningsmoteHeld:
    case EventType::kFkReadinessAssessed:
    case EventType::kFkCoordinationEnded: return Step::kFkCoordination;
    case EventType::kSipMeetingHeld: return Step::kSip;
    case EventType::kBenefitApplied:
    case EventType::kBenefitDecided: return Step::kBenefit;
    default: return Step::kNone;
  }
}

CaseProjection Project(std::span<const Event> events, Date as_of) {
  CaseProjection p;
  p.as_of = as_of;
  size_t n = 0;
  while (n < events.size() && events[n].date <= as_of) ++n;
  auto known = events.first(n);
  p.municipality = CaseMunicipality(known);
  if (p.municipality.empty()) p.municipality = CaseMunicipality(events);

  for (const auto& e : known) {
    Step step = StepOf(e.type);
    if (step != Step::kNone) p.step = step;
    switch (e.type) {
      case EventType::kTargetGroupIdentified:
        if (!p.registered) p.registered = e.date;
        break;
      case EventType::kEbPeriodStarted:
        p.eb_periods.push_back({e.municipality, e.date, std::nullopt, ExitReason::kOkand});
        break;
      case EventType::kEbPeriodEnded:
        for (auto& period : p.eb_periods)
          if (period.municipality == e.municipality && !period.end) {
            period.end = e.date;
            period.reason = e.exit_reason;
            break;
          }
        break;
      case EventType::kSgiChecked:
        p.sgi = e.sgi;
        break;
      case EventType::kConsentGiven:
        p.consents.push_back({e.consent_id, e.parties, e.purpose, e.date, e.until, std::nullopt, false});
        break;
      case EventType::kConsentRevoked:
        for (auto& c : p.consents)
          if (c.consent_id == e.consent_id && !c.revoked) c.revoked = e.date;
        break;
      case EventType::kStanceTaken:
        p.last_stance_date = e.date;
        p.last_stance_direction = e.direction;
        p.last_review_date = e.review_date;
        break;
      case EventType::kFkReferralSent:
        p.referrals.push_back({e.referral_id, e.date, NthWorkingDayAfter(e.date, kFkCallbackWorkingDays), std::nullopt});
        break;
      case EventType::kFkContactMade:
        for (auto& r : p.referrals)
          if (r.referral_id == e.referral_id && !r.contacted) r.contacted = e.date;
        break;
      case EventType::kFkCoordinationStarted:
        p.coordination_open_since = e.date;
        p.coordination_ended.reset();
        p.coordination_end_reason.reset();
        p.last_readiness_date.reset();
        p.last_prognosis_date.reset();
        p.last_readiness_ready = true;
        break;
      case EventType::kFkReadinessAssessed:
        p.last_readiness_date = e.date;
        p.last_readiness_ready = e.ready;
        p.last_prognosis_date = e.prognosis_date;
        break;
      case EventType::kFkCoordinationEnded:
        p.coordination_open_since.reset();
        p.coordination_ended = e.date;
        p.coordination_end_reason = e.coordination_end_reason;
        break;
      case EventType::kSipMeetingHeld:
        p.last_sip_meeting = e.date;
        break;
      case EventType::kBenefitApplied:
        p.applications.emplace_back(e.benefit, e.date);
        break;
      case EventType::kBenefitDecided:
        p.decisions.push_back({e.benefit, e.outcome, e.date, e.extent});
        break;
      default:
        break;
    }
  }
  for (auto& c : p.consents) c.active = !c.revoked && (!c.until || *c.until >= as_of);
  for (const auto& period : p.eb_periods)
    if (period.municipality == p.municipality && !period.end) p.on_eb = true;
  bool had_eb_here = std::any_of(p.eb_periods.begin(), p.eb_periods.end(),
                                 [&](const EbPeriod& e) { return e.municipality == p.municipality; });
  if (had_eb_here && !p.on_eb && p.registered) p.step = Step::kExited;
  p.spells = SickLeaveSpells(events, as_of);

  // Open tracks on the as-of date.
  for (const auto& s : p.spells)
    if (s.start <= as_of && s.end >= as_of)
      p.tracks.push_back({TrackKind::kSickLeave, s.start, "till " + s.end.ToString() + ", " + std::to_string(s.max_extent) + " %"});
  for (const auto& r : p.referrals)
    if (!r.contacted) p.tracks.push_back({TrackKind::kAwaitingFkCallback, r.sent, "återkontakt senast " + r.callback_due.ToString()});
  if (p.coordination_open_since) {
    if (p.last_readiness_date && !p.last_readiness_ready && p.last_prognosis_date)
      p.tracks.push_back({TrackKind::kFkWatch, *p.last_readiness_date, "prognos " + p.last_prognosis_date->ToString()});
    else
      p.tracks.push_back({TrackKind::kFkCoordination, *p.coordination_open_since, ""});
  }
  for (const auto& application : p.applications) {
    // Named copies, not a structured binding: clang before 16 (the fuzz build) cannot capture those.
    const auto benefit = application.first;
    const auto applied = application.second;
    bool decided = std::any_of(p.decisions.begin(), p.decisions.end(),
                               [&](const BenefitDecisionView& d) { return d.benefit == benefit && d.date >= applied; });
    bool later_application = std::any_of(p.applications.begin(), p.applications.end(), [&](const auto& a) {
      return a.first == benefit && a.second > applied;
    });
    if (!decided && !later_application)
      p.tracks.push_back({TrackKind::kBenefitApplication, applied, std::string(Name(benefit))});
  }
  if (p.last_stance_direction && p.on_eb) {
    switch (*p.last_stance_direction) {
      case Direction::kAwaitTreatment:
        if (!p.last_review_date || *p.last_review_date >= as_of)
          p.tracks.push_back({TrackKind::kAwaitTreatment, *p.last_stance_date,
                              p.last_review_date ? "omprövas " + p.last_review_date->ToString() : ""});
        break;
      case Direction::kClarifyWithHealthcare:
        p.tracks.push_back({TrackKind::kClarifyWithHealthcare, *p.last_stance_date, ""});
        break;
      case Direction::kLabourMarket:
        p.tracks.push_back({TrackKind::kLabourMarket, *p.last_stance_date, ""});
        break;
      case Direction::kSip:
        p.tracks.push_back({TrackKind::kSip, p.last_sip_meeting.value_or(*p.last_stance_date), ""});
        break;
      case Direction::kOther:
        p.tracks.push_back({TrackKind::kOther, *p.last_stance_date, ""});
        break;
      default:
        break;
    }
  }
  return p;
}

std::string_view Name(Step step) {
  static constexpr std::string_view kNames[] = {"none",   "identified",      "mapping_meeting", "sick_leave", "stance",
                                                "fk_referral", "fk_coordination", "sip", "benefit", "exited"};
  return kNames[static_cast<size_t>(step)];
}

std::string_view SwedishName(Step step) {
  static constexpr std::string_view kNames[] = {"inget registrerat",
                                                "identifierad i målgruppen",
                                                "kartläggningsmöte",
                                                "sjukskrivning",
                                                "ställningstagande",
                                                "remiss till FK",
                                                "samordnad rehabilitering (FK)",
                                                "SIP",
                                                "förmån sökt/beslutad",
                                                "avslutad från ekonomiskt bistånd"};
  return kNames[static_cast<size_t>(step)];
}

std::string_view Name(TrackKind kind) {
  static constexpr std::string_view kNames[] = {"sick_leave",  "awaiting_fk_callback",   "fk_coordination",
                                                "fk_watch",    "benefit_application",    "await_treatment",
                                                "clarify_with_healthcare", "labour_market", "sip", "other"};
  return kNames[static_cast<size_t>(kind)];
}

std::string_view SwedishName(TrackKind kind) {
  static constexpr std::string_view kNames[] = {"sjukskriven",
                                                "väntar på återkontakt från FK",
                                                "samordnad rehabilitering hos FK",
                                                "bevakning hos FK",
                                                "ansökan om förmån väntar på beslut",
                                                "avvaktar medicinsk behandling",
                                                "förtydligande från vården",
                                                "arbetsmarknadsinsats (AME/AF)",
                                                "SIP",
                                                "annan planering"};
  return kNames[static_cast<size_t>(kind)];
}

}  // namespace rattvag
