// A person's case: the relational rules between events (the workflow's transition table) and
// the projections the method needs: EB periods, sick-leave spells, referrals, the current step
// and the open tracks (DOMAIN.md §5).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/event.hpp"
#include "domain/result.hpp"

namespace rattvag {

// Orders a person's events the way the method reads them: by date, then by arrival (DOMAIN.md §10).
// Stable; `events` is sorted in place.
void SortInCaseOrder(std::vector<Event>& events);

// The transition table of the workflow. Applying events in case order checks what relates
// events to each other (DOMAIN.md §10: an end needs a start, a callback needs its referral):
//   eb_period_started     refused while an EB period is open in the same municipality;
//   eb_period_ended       needs an open EB period in that municipality;
//   consent_given         needs a consent_id not used before for the person;
//   consent_revoked       needs an earlier consent with that id that is not revoked;
//   fk_referral_sent      needs a referral_id not used before for the person;
//   fk_contact_made       needs a referral with that id sent on or before the day, not yet called back;
//   fk_coordination_started refused while a coordination is open;
//   fk_readiness_assessed, fk_coordination_ended need an open coordination.
// Every other event is accepted in any state.
class CaseState {
 public:
  // Checks `event` against the state and, when it is allowed, applies it. On an error the
  // state is unchanged; the error names the field and says which state refused which action.
  // REQUIRES: events are applied in case order.
  Status Apply(const Event& event);

 private:
  struct OpenPeriod { std::string municipality; Date start; };
  struct Consent { std::string id; bool revoked; };
  struct Referral { std::string id; Date sent; bool contacted; };
  std::vector<OpenPeriod> open_periods_;
  std::vector<Consent> consents_;
  std::vector<Referral> referrals_;
  std::optional<Date> coordination_open_since_;
};

// An EB period in one municipality. `end` is the last day with EB; none while it is open.
struct EbPeriod {
  std::string municipality;
  Date start;
  std::optional<Date> end;
  ExitReason reason = ExitReason::kOkand;  // Meaningful when `end` is set.
};

// EB periods of one municipality joined where the gap between them is at most `max_gap_days`
// days without EB (the days strictly between one period's end and the next one's start; DOMAIN.md §9).
struct MergedEbPeriod {
  Date start;
  std::optional<Date> end;
};
inline constexpr int kEbMergeGapDays = 90;
// REQUIRES: `periods` are of one municipality and sorted by start.
std::vector<MergedEbPeriod> MergeEbPeriods(std::span<const EbPeriod> periods, int max_gap_days = kEbMergeGapDays);

// The stance is due this many calendar months after a spell's start (§5.4); FK calls back a
// referral by this working day after the referral day (§5.5).
inline constexpr int kStanceDueMonths = 2;
inline constexpr int kFkCallbackWorkingDays = 3;

// A sick-leave spell (DOMAIN.md §5.3): certificates whose periods overlap or follow each other
// without a gap. The stance on planning is due two calendar months after its start (§5.4).
struct SickLeaveSpell {
  Date start;
  Date end;
  int certificates = 0;
  int max_extent = 0;
  Date stance_due;
  // The first stance dated on or after the start and before the next spell's start.
  std::optional<Date> stance_date;
  std::optional<Direction> stance_direction;
};

struct ReferralView {
  std::string referral_id;
  Date sent;
  Date callback_due;  // The 3rd working day after the referral day.
  std::optional<Date> contacted;
};

struct ConsentView {
  std::string consent_id;
  PartySet parties = 0;
  std::string purpose;
  Date given;
  std::optional<Date> until;
  std::optional<Date> revoked;
  // Active on the projection's as-of date: given, not revoked, not past `until`.
  bool active = false;
};

struct BenefitDecisionView {
  Benefit benefit;
  Outcome outcome;
  Date date;
  int extent = 0;
};

// The steps of the flowchart (DOMAIN.md §5), in method order.
enum class Step : uint8_t {
  kNone,
  kIdentified,
  kMappingMeeting,
  kSickLeave,
  kStance,
  kFkReferral,
  kFkCoordination,
  kSip,
  kBenefit,
  kExited,
};
std::string_view Name(Step step);
std::string_view SwedishName(Step step);

// The step an event of `type` moves a case to; kNone when the type does not move it (the end of
// the case's EB period moves it to kExited, a rule of Project that needs the case's municipality).
Step StepOf(EventType type);

// A line of work that is running on the as-of date. Several can run at once.
enum class TrackKind : uint8_t {
  kSickLeave,           // A spell covers the as-of date.
  kAwaitingFkCallback,  // A referral has not been called back.
  kFkCoordination,      // FK's coordinated rehabilitation is open.
  kFkWatch,             // FK keeps the case under watch until the prognosis date.
  kBenefitApplication,  // An application waits for its decision.
  kAwaitTreatment,      // The latest stance: await treatment until the review date.
  kClarifyWithHealthcare,
  kLabourMarket,
  kSip,
  kOther,
};
std::string_view Name(TrackKind kind);
std::string_view SwedishName(TrackKind kind);

struct Track {
  TrackKind kind;
  Date since;
  std::string detail;  // E.g. the benefit applied for, or the review date.
};

// Everything the method derives from a person's events, as of a date. Events dated after
// `as_of` are ignored.
struct CaseProjection {
  Date as_of;
  std::optional<Date> registered;  // First target_group_identified.
  std::string municipality;        // Of the first registration; else of the latest EB period.
  std::vector<EbPeriod> eb_periods;  // Every municipality, in start order.
  bool on_eb = false;                // An EB period in `municipality` is open on as_of.
  std::optional<Sgi> sgi;            // The latest SGI check.
  std::vector<SickLeaveSpell> spells;
  std::vector<ReferralView> referrals;
  std::vector<ConsentView> consents;
  std::vector<BenefitDecisionView> decisions;
  std::vector<std::pair<Benefit, Date>> applications;
  std::optional<Date> coordination_open_since;
  std::optional<Date> coordination_ended;
  std::optional<CoordinationEndReason> coordination_end_reason;
  std::optional<Date> last_readiness_date;
  bool last_readiness_ready = true;
  std::optional<Date> last_prognosis_date;
  std::optional<Date> last_stance_date;
  std::optional<Direction> last_stance_direction;
  std::optional<Date> last_review_date;
  std::optional<Date> last_sip_meeting;
  Step step = Step::kNone;
  std::vector<Track> tracks;
};

// REQUIRES: `events` are one person's, in case order.
CaseProjection Project(std::span<const Event> events, Date as_of);

// Sick-leave spells from the certificates among `events` dated on or before as_of (§5.3, §5.4).
std::vector<SickLeaveSpell> SickLeaveSpells(std::span<const Event> events, Date as_of);

// The municipality a person's case belongs to: that of the first target_group_identified, or
// failing that of the latest eb_period_started; empty when neither exists.
std::string CaseMunicipality(std::span<const Event> events);
std::string CaseMunicipality(std::span<const Event* const> events);

}  // namespace rattvag
