#include "domain/report.hpp"

#include <algorithm>
#include <cmath>

#include "domain/calendar.hpp"
#include "domain/case.hpp"

namespace rattvag {

namespace {


std::optional<double> Share(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  return RoundShare(static_cast<double>(part) / static_cast<double>(whole));
}

void AddArray(auto& into, const auto& from) {
  for (size_t i = 0; i < into.size(); ++i) into[i] += from[i];
}

}  // namespace

double RoundShare(double value) { return std::round(value * 10000.0) / 10000.0; }

std::string_view TimeOnEbBucketName(int bucket) {
  static constexpr std::string_view kNames[kTimeOnEbBuckets] = {"<1",  "1-2", "2-3", "3-4", "4-5",
                                                                "5-6", "6-7", "7-8", "8-9", ">9"};
  return kNames[bucket];
}

int TimeOnEbBucket(int years) { return std::min(years, kTimeOnEbBuckets - 1); }

void FollowUpFigures::Add(const FollowUpFigures& o) {
  cohort += o.cohort;
  se_granted += o.se_granted;
  se_pending += o.se_pending;
  ae_granted += o.ae_granted;
  sp_granted += o.sp_granted;
  coordinated_rehab += o.coordinated_rehab;
  se_denied += o.se_denied;
  ae_denied += o.ae_denied;
  se_or_ae_granted += o.se_or_ae_granted;
  AddArray(time_on_eb_se, o.time_on_eb_se);
  AddArray(time_on_eb_ae, o.time_on_eb_ae);
  exited_total += o.exited_total;
  AddArray(exit_reasons, o.exit_reasons);
  referrals += o.referrals;
  contacted += o.contacted;
  contacted_within_3 += o.contacted_within_3;
  referrals_overdue_open += o.referrals_overdue_open;
  if (callback_days_histogram.size() < o.callback_days_histogram.size())
    callback_days_histogram.resize(o.callback_days_histogram.size());
  for (size_t i = 0; i < o.callback_days_histogram.size(); ++i) callback_days_histogram[i] += o.callback_days_histogram[i];
  sick_leave_spells += o.sick_leave_spells;
  spells_on_time += o.spells_on_time;
  spells_overdue_open += o.spells_overdue_open;
}

std::optional<double> FollowUpFigures::SeOrAeGrantedShare() const { return Share(se_or_ae_granted, cohort); }
std::optional<double> FollowUpFigures::Within3WorkingDaysShare() const { return Share(contacted_within_3, contacted); }
std::optional<double> FollowUpFigures::Within2MonthsShare() const { return Share(spells_on_time, sick_leave_spells); }

std::optional<double> FollowUpFigures::MedianCallbackWorkingDays() const {
  int64_t n = 0;
  for (auto c : callback_days_histogram) n += c;
  if (n == 0) return std::nullopt;
  // The k-th smallest value (0-based) from the histogram.
  auto kth = [&](int64_t k) {
    for (size_t days = 0; days < callback_days_histogram.size(); ++days) {
      if (k < callback_days_histogram[days]) return static_cast<double>(days);
      k -= callback_days_histogram[days];
    }
    return 0.0;  // Unreachable: k < n.
  };
  if (n % 2 == 1) return kth(n / 2);
  return (kth(n / 2 - 1) + kth(n / 2)) / 2.0;
}

FollowUpBuilder::FollowUpBuilder(Date as_of, std::vector<std::string> only) : as_of_(as_of), only_(std::move(only)) {
  for (const auto& m : only_) figures_[m];
}

FollowUpFigures* FollowUpBuilder::FiguresFor(const std::string& municipality) {
  if (!only_.empty()) {
    auto it = figures_.find(municipality);
    return it == figures_.end() ? nullptr : &it->second;
  }
  return &figures_[municipality];
}

void FollowUpBuilder::AddPerson(std::span<const Event> all_events) {
  // Events after the as-of date are ignored (§9).
  size_t n = 0;
  while (n < all_events.size() && all_events[n].date <= as_of_) ++n;
  const auto events = all_events.first(n);

  // Cohort: registered by the as-of date, counted under the first registration's municipality.
  const Event* registration = nullptr;
  for (const auto& e : events)
    if (e.type == EventType::kTargetGroupIdentified) { registration = &e; break; }
  if (!registration) return;
  FollowUpFigures* f = FiguresFor(registration->municipality);
  if (!f) return;
  const std::string& municipality = registration->municipality;
  ++f->cohort;

  std::optional<Date> first_se_grant, first_ae_grant, latest_se_application, latest_se_decision;
  bool sp_granted = false, se_denied = false, ae_denied = false, coordinated = false;
  std::vector<EbPeriod> periods;  // In this municipality only (§9).
  struct Referral { const std::string* id; Date sent; std::optional<Date> contacted; };
  std::vector<Referral> referrals;

  for (const auto& e : events) {
    switch (e.type) {
      case EventType::kEbPeriodStarted:
        if (e.municipality == municipality) periods.push_back({"", e.date, std::nullopt, ExitReason::kOkand});
        break;
      case EventType::kEbPeriodEnded:
        if (e.municipality == municipality)
          for (auto& p : periods)
            if (!p.end) { p.end = e.date; p.reason = e.exit_reason; break; }
        break;
      case EventType::kFkCoordinationStarted:
      case EventType::kAvstamningsmoteHeld:
        coordinated = true;
        break;
      case EventType::kFkReferralSent:
        referrals.push_back({&e.referral_id, e.date, std::nullopt});
        break;
      case EventType::kFkContactMade:
        for (auto& r : referrals)
          if (*r.id == e.referral_id && !r.contacted) { r.contacted = e.date; break; }
        break;
      case EventType::kBenefitApplied:
        if (e.benefit == Benefit::kSjukersattning) latest_se_application = e.date;
        break;
      case EventType::kBenefitDecided: {
        const bool granted = e.outcome == Outcome::kGranted;
        switch (e.benefit) {
          case Benefit::kSjukersattning:
            latest_se_decision = e.date;
            if (granted && !first_se_grant) first_se_grant = e.date;
            if (!granted) se_denied = true;
            break;
          case Benefit::kAktivitetsersattning:
            if (granted && !first_ae_grant) first_ae_grant = e.date;
            if (!granted) ae_denied = true;
            break;
          case Benefit::kSjukpenning:
          case Benefit::kSjukpenningSarskildaFall:
            if (granted) sp_granted = true;
            break;
        }
        break;
      }
      default:
        break;
    }
  }

  f->se_granted += first_se_grant.has_value();
  f->ae_granted += first_ae_grant.has_value();
  f->sp_granted += sp_granted;
  // Waiting for SE: no SE decision dated on or after the latest SE application.
  f->se_pending += latest_se_application && !(latest_se_decision && *latest_se_decision >= *latest_se_application);
  f->coordinated_rehab += coordinated;
  f->se_denied += se_denied;
  f->ae_denied += ae_denied;
  f->se_or_ae_granted += first_se_grant || first_ae_grant;

  // Time on EB at the first grant: whole years from the start of the merged period containing
  // the decision, or else of the last one ended before it; not bucketed before any period.
  const auto merged = MergeEbPeriods(periods);
  auto bucket_of = [&](Date decision) -> std::optional<int> {
    const MergedEbPeriod* chosen = nullptr;
    for (const auto& m : merged) {
      if (m.start <= decision && (!m.end || *m.end >= decision)) return TimeOnEbBucket(m.start.WholeYearsUntil(decision));
      if (m.end && *m.end < decision) chosen = &m;
    }
    if (!chosen) return std::nullopt;
    return TimeOnEbBucket(chosen->start.WholeYearsUntil(decision));
  };
  if (first_se_grant)
    if (auto b = bucket_of(*first_se_grant)) ++f->time_on_eb_se[*b];
  if (first_ae_grant)
    if (auto b = bucket_of(*first_ae_grant)) ++f->time_on_eb_ae[*b];

  // Exits: had EB here, not on EB on the as-of date; the reason of the period that ended last.
  if (!periods.empty() && std::none_of(periods.begin(), periods.end(), [](const EbPeriod& p) { return !p.end; })) {
    const EbPeriod* last = &periods.front();
    for (const auto& p : periods)
      if (*p.end >= *last->end) last = &p;
    ++f->exited_total;
    ++f->exit_reasons[static_cast<size_t>(last->reason)];
  }

  // FK referrals (§9 Waiting).
  for (const auto& r : referrals) {
    ++f->referrals;
    if (r.contacted) {
      const int days = WorkingDaysAfter(r.sent, *r.contacted);
      ++f->contacted;
      if (days <= kFkCallbackWorkingDays) ++f->contacted_within_3;
      if (f->callback_days_histogram.size() <= static_cast<size_t>(days)) f->callback_days_histogram.resize(days + 1);
      ++f->callback_days_histogram[days];
    } else if (NthWorkingDayAfter(r.sent, kFkCallbackWorkingDays) < as_of_) {
      ++f->referrals_overdue_open;
    }
  }

  // Stances: each spell begun by the as-of date.
  for (const auto& s : SickLeaveSpells(events, as_of_)) {
    if (s.start > as_of_) continue;
    ++f->sick_leave_spells;
    if (s.stance_date && *s.stance_date <= s.stance_due) ++f->spells_on_time;
    else if (!s.stance_date && s.stance_due < as_of_) ++f->spells_overdue_open;
  }
}

void FollowUpBuilder::Merge(const FollowUpBuilder& other) {
  for (const auto& [m, fig] : other.figures_) figures_[m].Add(fig);
}

FollowUpReport FollowUpBuilder::Finish() const {
  FollowUpReport report;
  report.as_of = as_of_;
  report.municipalities = figures_;
  for (const auto& [m, fig] : figures_) report.total.Add(fig);
  return report;
}

}  // namespace rattvag
