#include "domain/deadlines.hpp"

#include <algorithm>

#include "domain/calendar.hpp"

namespace rattvag {

namespace {

constexpr int kWatchMonths = 6;              // §5.6
constexpr int kReplanWorkingDays = 10;       // §6
constexpr int kCertificateNoticeDays = 7;    // §6
constexpr int kConsentNoticeDays = 14;       // §6

// The planning steps that meet a re-plan after FK closed its case (§6).
constexpr EventType kReplanMetBy[] = {EventType::kStanceTaken, EventType::kSipMeetingHeld, EventType::kBenefitApplied,
                                      EventType::kFkReferralSent, EventType::kFkCoordinationStarted};
// What meets the planning before AE ends (SE applications only, among the benefits).
constexpr EventType kAePlanningMetBy[] = {EventType::kStanceTaken, EventType::kSipMeetingHeld, EventType::kBenefitApplied};

bool IsReplanStep(EventType t) { return std::find(std::begin(kReplanMetBy), std::end(kReplanMetBy), t) != std::end(kReplanMetBy); }

DeadlineStatus StatusOf(Date due, Date as_of) { return due < as_of ? DeadlineStatus::kOverdue : DeadlineStatus::kOpen; }

}  // namespace

std::vector<Deadline> ComputeDeadlines(std::span<const Event> events, const CaseProjection& p, Date birth_date,
                                       std::span<const EligibilityRule> rules) {
  std::vector<Deadline> out;
  const Date as_of = p.as_of;
  size_t n = 0;
  while (n < events.size() && events[n].date <= as_of) ++n;
  auto known = events.first(n);

  // FK callback (§5.5): belongs to FK's mailbox whatever happens to the EB case.
  for (const auto& r : p.referrals) {
    Deadline d{DeadlineKind::kFkCallback, ResponsibleOf(DeadlineKind::kFkCallback), r.sent, r.callback_due,
               DeadlineStatus::kOpen, r.contacted, r.referral_id, std::string(ActionOf(DeadlineKind::kFkCallback))};
    d.status = r.contacted ? DeadlineStatus::kMet : StatusOf(r.callback_due, as_of);
    out.push_back(std::move(d));
  }
  if (!p.on_eb) return out;

  // Stance (§5.4): a spell without a stance in its window. Once the spell has ended the stance
  // can no longer be taken for it: the deadline lapses (the follow-up still counts it).
  for (const auto& s : p.spells) {
    if (s.start > as_of) continue;
    Deadline d{DeadlineKind::kStance, ResponsibleOf(DeadlineKind::kStance), s.start, s.stance_due, DeadlineStatus::kOpen,
               s.stance_date, "", std::string(ActionOf(DeadlineKind::kStance))};
    if (s.stance_date) d.status = DeadlineStatus::kMet;
    else if (s.end < as_of) d.status = DeadlineStatus::kLapsed;
    else d.status = StatusOf(s.stance_due, as_of);
    out.push_back(std::move(d));
  }

  // Certificate running out (§6): 7 days before a certificate ends, unless another certificate
  // continues it. After the end day it lapses (the spell is over).
  std::vector<std::pair<Date, Date>> certs;
  for (const auto& e : known)
    if (e.type == EventType::kSickCertificate) certs.emplace_back(e.from, e.to);
  for (const auto& [from, to] : certs) {
    bool continued = std::any_of(certs.begin(), certs.end(), [&, to = to](const auto& other) {
      return other.second > to && other.first <= to.AddDays(1);
    });
    // Only the certificate that currently ends its chain matters; earlier links are met.
    Date due = to.AddDays(-kCertificateNoticeDays);
    Deadline d{DeadlineKind::kCertificateRunningOut, ResponsibleOf(DeadlineKind::kCertificateRunningOut), from, due,
               DeadlineStatus::kOpen, std::nullopt, "", std::string(ActionOf(DeadlineKind::kCertificateRunningOut))};
    if (continued) d.status = DeadlineStatus::kMet;
    else if (to < as_of) d.status = DeadlineStatus::kLapsed;
    else d.status = StatusOf(due, as_of);
    out.push_back(std::move(d));
  }

  // FK watch review (§5.6): "not ready" with a prognosis within six months keeps FK's case open
  // until the prognosis date. Met by a later assessment or the end of the coordination.
  // Re-plan (§6): FK closed its case "not ready"; the EB caseworker re-plans within 10 working
  // days, met by a later stance, SIP meeting, benefit application, referral or coordination.
  std::optional<Date> coordination_start;
  for (size_t i = 0; i < known.size(); ++i) {
    const Event& e = known[i];
    if (e.type == EventType::kFkCoordinationStarted) coordination_start = e.date;
    if (e.type == EventType::kFkReadinessAssessed && !e.ready && e.prognosis_date &&
        *e.prognosis_date <= e.date.AddMonthsClamped(kWatchMonths)) {
      Deadline d{DeadlineKind::kFkWatchReview, ResponsibleOf(DeadlineKind::kFkWatchReview), e.date, *e.prognosis_date,
                 DeadlineStatus::kOpen, std::nullopt, "", std::string(ActionOf(DeadlineKind::kFkWatchReview))};
      for (size_t j = i + 1; j < known.size(); ++j)
        if (known[j].type == EventType::kFkReadinessAssessed || known[j].type == EventType::kFkCoordinationEnded) {
          d.met_on = known[j].date;
          break;
        }
      d.status = d.met_on ? DeadlineStatus::kMet : StatusOf(d.due, as_of);
      out.push_back(std::move(d));
    }
    if (e.type == EventType::kFkCoordinationEnded && e.coordination_end_reason == CoordinationEndReason::kNotReady) {
      Date due = NthWorkingDayAfter(e.date, kReplanWorkingDays);
      Deadline d{DeadlineKind::kReplanAfterFkClosed, ResponsibleOf(DeadlineKind::kReplanAfterFkClosed), e.date, due,
                 DeadlineStatus::kOpen, std::nullopt, "", std::string(ActionOf(DeadlineKind::kReplanAfterFkClosed))};
      // Met by any later planning step; lapsed when a new sick-leave spell has begun since
      // (its own stance deadline takes over).
      bool new_spell = false;
      for (size_t j = i + 1; j < known.size(); ++j) {
        if (IsReplanStep(known[j].type)) {
          d.met_on = known[j].date;
          break;
        }
      }
      for (const auto& spell : p.spells)
        if (spell.start > e.date && spell.start <= as_of) new_spell = true;
      d.status = d.met_on ? DeadlineStatus::kMet : new_spell ? DeadlineStatus::kLapsed : StatusOf(due, as_of);
      out.push_back(std::move(d));
    }
  }

  // AE ends at 30 (§6): for a person granted AE, plan six months before the month of turning 30.
  // Met by a stance, a SIP meeting or an SE application dated within the year before the due
  // date or later; lapses once AE has ended.
  bool granted_ae = std::any_of(p.decisions.begin(), p.decisions.end(), [](const BenefitDecisionView& d) {
    return d.benefit == Benefit::kAktivitetsersattning && d.outcome == Outcome::kGranted;
  });
  if (granted_ae) {
    const EligibilityRule& rule = RuleOn(rules, as_of);
    Date ae_ends = FirstOfMonthTurning(birth_date, rule.ae_until_age);
    Date due = ae_ends.AddMonthsClamped(-rule.ae_planning_months);
    Deadline d{DeadlineKind::kAeEndsAt30, ResponsibleOf(DeadlineKind::kAeEndsAt30), due.AddMonthsClamped(-12), due,
               DeadlineStatus::kOpen, std::nullopt, "", std::string(ActionOf(DeadlineKind::kAeEndsAt30))};
    for (const auto& e : known)
      if (e.date >= d.starts && (e.type == EventType::kStanceTaken || e.type == EventType::kSipMeetingHeld ||
                                 (e.type == EventType::kBenefitApplied && e.benefit == Benefit::kSjukersattning))) {
        d.met_on = e.date;
        break;
      }
    if (d.met_on) d.status = DeadlineStatus::kMet;
    else if (ae_ends <= as_of) d.status = DeadlineStatus::kLapsed;
    else d.status = StatusOf(due, as_of);
    out.push_back(std::move(d));
  }

  // Consent expiry (§6): 14 days before `until`. Met when revoked or renewed by a later consent
  // for at least the same parties; lapses after `until`.
  for (const auto& c : p.consents) {
    if (!c.until) continue;
    Date due = c.until->AddDays(-kConsentNoticeDays);
    Deadline d{DeadlineKind::kConsentExpiry, ResponsibleOf(DeadlineKind::kConsentExpiry), c.given, due,
               DeadlineStatus::kOpen, c.revoked, c.consent_id, std::string(ActionOf(DeadlineKind::kConsentExpiry))};
    for (const auto& other : p.consents)
      if (other.given > c.given && (other.parties & c.parties) == c.parties && !other.revoked &&
          (!other.until || *other.until > *c.until)) {
        d.met_on = other.given;
        break;
      }
    if (d.met_on) d.status = DeadlineStatus::kMet;
    else if (*c.until < as_of) d.status = DeadlineStatus::kLapsed;
    else d.status = StatusOf(due, as_of);
    out.push_back(std::move(d));
  }
  return out;
}

bool MoreUrgent(const Deadline& a, const Deadline& b) {
  auto rank = [](DeadlineStatus s) { return s == DeadlineStatus::kOverdue ? 0 : s == DeadlineStatus::kOpen ? 1 : 2; };
  if (rank(a.status) != rank(b.status)) return rank(a.status) < rank(b.status);
  if (a.due != b.due) return a.due < b.due;
  return a.kind < b.kind;
}

Responsible ResponsibleOf(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::kStance: return Responsible::kEbCaseworker;
    case DeadlineKind::kFkCallback: return Responsible::kFkMailbox;
    case DeadlineKind::kFkWatchReview: return Responsible::kFkHandlaggare;
    case DeadlineKind::kReplanAfterFkClosed: return Responsible::kEbCaseworker;
    case DeadlineKind::kCertificateRunningOut: return Responsible::kEbCaseworker;
    case DeadlineKind::kAeEndsAt30: return Responsible::kEbAndFk;
    case DeadlineKind::kConsentExpiry: return Responsible::kCaseOwner;
    case DeadlineKind::kSipFollowUp: return Responsible::kSipCoordinator;
  }
  return Responsible::kEbCaseworker;
}

std::string_view ActionOf(DeadlineKind kind) {
  static constexpr std::string_view kActions[] = {
      "Ta ställning till planeringens inriktning tillsammans med personen",
      "Ring upp socialsekreteraren och registrera kontakten",
      "Pröva på nytt om personen är redo för samordnad rehabilitering",
      "Gör en ny planering med personen (ställningstagande)",
      "Stäm av med personen om nytt läkarintyg eller planering efter sjukskrivningen",
      "Planera för tiden efter aktivitetsersättningen (t.ex. ansökan om sjukersättning eller SIP)",
      "Fråga personen om samtycket ska förnyas",
      "Följ upp planen med personen och parterna och spara en ny version av SIP:en"};
  return kActions[static_cast<size_t>(kind)];
}

std::vector<DeadlineRule> DeadlineRules(const EligibilityRule& eligibility) {
  using E = EventType;
  auto n = [](int v) { return std::to_string(v); };
  std::vector<DeadlineRule> out;
  auto add = [&](DeadlineKind kind, std::string starts, std::string due, std::string closes, std::vector<E> started_by,
                 std::vector<E> met_by) {
    out.push_back({kind, ResponsibleOf(kind), std::move(starts), std::move(due), std::move(closes),
                   std::move(started_by), std::move(met_by)});
  };
  add(DeadlineKind::kStance, "När en sjukskrivningsperiod börjar (första läkarintygets startdag)",
      "Senast " + n(kStanceDueMonths) + " kalendermånader efter sjukskrivningsperiodens start (vid kortare månad: månadens sista dag)",
      "Klar när ett ställningstagande registreras under perioden; inaktuell när sjukskrivningen har upphört",
      {E::kSickCertificate}, {E::kStanceTaken});
  add(DeadlineKind::kFkCallback, "När en anonym remiss skickas till FK:s funktionsbrevlåda",
      "Senast den " + n(kFkCallbackWorkingDays) + ":e svenska arbetsdagen efter remissdagen",
      "Klar när FK har ringt upp socialsekreteraren", {E::kFkReferralSent}, {E::kFkContactMade});
  add(DeadlineKind::kFkWatchReview,
      "När FK bedömer att personen inte är redo och prognosen ligger inom " + n(kWatchMonths) + " månader",
      "Prognosdagen (FK bevakar ärendet till dess)",
      "Klar vid en ny bedömning av om personen är redo, eller när FK avslutar samordningen",
      {E::kFkReadinessAssessed}, {E::kFkReadinessAssessed, E::kFkCoordinationEnded});
  add(DeadlineKind::kReplanAfterFkClosed,
      "När FK avslutar samordningen för att personen inte är redo (prognos längre än " + n(kWatchMonths) + " månader)",
      "Senast den " + n(kReplanWorkingDays) + ":e svenska arbetsdagen efter att FK avslutade",
      "Klar vid ett nytt planeringssteg (ställningstagande, SIP, ansökan om förmån, ny remiss eller samordning); "
      "inaktuell om en ny sjukskrivningsperiod har börjat",
      {E::kFkCoordinationEnded}, std::vector<E>(std::begin(kReplanMetBy), std::end(kReplanMetBy)));
  add(DeadlineKind::kCertificateRunningOut, "När ett läkarintyg registreras",
      n(kCertificateNoticeDays) + " dagar före intygets sista dag",
      "Klar när ett nytt intyg fortsätter sjukskrivningen utan glapp; inaktuell när intyget har gått ut",
      {E::kSickCertificate}, {E::kSickCertificate});
  add(DeadlineKind::kAeEndsAt30, "När personen har beviljats aktivitetsersättning",
      n(eligibility.ae_planning_months) + " månader före den månad personen fyller " + n(eligibility.ae_until_age) + " år",
      "Klar vid ett ställningstagande, ett SIP-möte eller en ansökan om sjukersättning under året före; "
      "inaktuell när aktivitetsersättningen har upphört",
      {E::kBenefitDecided}, std::vector<E>(std::begin(kAePlanningMetBy), std::end(kAePlanningMetBy)));
  add(DeadlineKind::kConsentExpiry, "När ett samtycke med slutdag ges",
      n(kConsentNoticeDays) + " dagar före samtyckets sista dag",
      "Klar när samtycket återkallas eller förnyas för minst samma parter; inaktuell efter slutdagen",
      {E::kConsentGiven}, {E::kConsentGiven, E::kConsentRevoked});
  // Not from events: the SIP's own versions (SipFollowUpDeadline). A plan is usually agreed at a
  // SIP meeting, hence started_by; what meets it is a new agreed version, not an event.
  add(DeadlineKind::kSipFollowUp, "När personen och parterna har kommit överens om en SIP (oftast vid ett SIP-möte)",
      "Uppföljningsdatumet i den senaste överenskomna versionen av planen",
      "Klar när planen har följts upp och en ny version har kommits överens om (med ett nytt uppföljningsdatum)",
      {E::kSipMeetingHeld}, {});
  return out;
}

std::string_view Name(DeadlineKind kind) {
  static constexpr std::string_view kNames[] = {"stance", "fk_callback", "fk_watch_review", "replan_after_fk_closed",
                                                "certificate_running_out", "ae_ends_at_30", "consent_expiry",
                                                "sip_follow_up"};
  return kNames[static_cast<size_t>(kind)];
}
std::string_view SwedishName(DeadlineKind kind) {
  static constexpr std::string_view kNames[] = {"Ställningstagande", "Återkontakt från FK", "Bevakning hos FK",
                                                "Ny planering efter att FK avslutat", "Läkarintyg löper ut",
                                                "Aktivitetsersättning upphör vid 30", "Samtycke löper ut",
                                                "Uppföljning av SIP"};
  return kNames[static_cast<size_t>(kind)];
}
std::string_view Name(Responsible r) {
  static constexpr std::string_view kNames[] = {"eb_caseworker", "fk_mailbox", "fk_handlaggare",
                                                "eb_and_fk",     "case_owner", "sip_coordinator"};
  return kNames[static_cast<size_t>(r)];
}
std::string_view SwedishName(Responsible r) {
  static constexpr std::string_view kNames[] = {"socialsekreterare", "FK:s funktionsbrevlåda", "personlig handläggare FK",
                                                "socialsekreterare och FK", "ärendeägare", "SIP-samordnare"};
  return kNames[static_cast<size_t>(r)];
}
std::string_view Name(DeadlineStatus s) {
  static constexpr std::string_view kNames[] = {"open", "overdue", "met", "lapsed"};
  return kNames[static_cast<size_t>(s)];
}
std::string_view SwedishName(DeadlineStatus s) {
  static constexpr std::string_view kNames[] = {"öppen", "försenad", "klar", "inaktuell"};
  return kNames[static_cast<size_t>(s)];
}

}  // namespace rattvag
