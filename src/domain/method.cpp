#include "domain/method.hpp"

#include "domain/access.hpp"

namespace rattvag {

namespace {

constexpr Step kMethodOrder[] = {Step::kIdentified,  Step::kMappingMeeting, Step::kSickLeave, Step::kStance,
                                 Step::kFkReferral,  Step::kFkCoordination, Step::kSip,       Step::kBenefit,
                                 Step::kExited};

std::string_view Summary(Step step) {
  switch (step) {
    case Step::kIdentified:
      return "Personen har ekonomiskt bistånd, nedsatt arbetsförmåga på grund av sjukdom och SGI noll eller okänd. "
             "Registreras vid ansökan, av socialsekreteraren eller vid kartläggning.";
    case Step::kMappingMeeting:
      return "Kartläggningsmöte med personen. Här frågar socialsekreteraren om samtycke. Sjuksköterskan kan före mötet "
             "läsa tidigare journaler om personen samtycker.";
    case Step::kSickLeave:
      return "Sjukskrivningen följs genom läkarintyg: period, omfattning (25, 50, 75 eller 100 %), diagnos och om intyget "
             "styrker nedsatt arbetsförmåga. Intyg som överlappar eller följer direkt på varandra bildar en period.";
    case Step::kStance:
      return "Socialsekreteraren tar ställning till planeringens inriktning tillsammans med personen, senast två "
             "kalendermånader efter att sjukskrivningsperioden började.";
    case Step::kFkReferral:
      return "En anonym remiss till FK:s funktionsbrevlåda, utan personuppgifter. FK ringer upp socialsekreteraren. "
             "Ett namngivet ärende öppnas bara om personen samtycker till FK.";
    case Step::kFkCoordination:
      return "FK kartlägger behoven, håller avstämningsmöten och gör en rehabiliteringsplan. Är personen inte redo och "
             "prognosen ligger inom sex månader bevakar FK ärendet; annars avslutar FK och socialsekreteraren planerar om.";
    case Step::kSip:
      return "Samordnad individuell plan: personens egna mål, insatser med ansvarig huvudman, vem som samordnar och när "
             "planen följs upp. Vilken part som helst kan kalla till SIP.";
    case Step::kBenefit:
      return "Ansökan och beslut om sjukpenning, sjukpenning i särskilda fall, sjukersättning eller "
             "aktivitetsersättning. Ett avslag kan följas av en ny ansökan.";
    case Step::kExited:
      return "Perioden med ekonomiskt bistånd avslutas med ett skäl, till exempel sjukersättning, anställning eller "
             "studier.";
    case Step::kNone:
      break;
  }
  return "";
}

std::string_view Precondition(EventType type) {
  // The relational rules of CaseState::Apply (case.hpp), in words.
  switch (type) {
    case EventType::kEbPeriodStarted: return "Ingen period med ekonomiskt bistånd får vara öppen i samma kommun.";
    case EventType::kEbPeriodEnded: return "En period med ekonomiskt bistånd måste vara öppen i kommunen.";
    case EventType::kConsentGiven: return "Samtyckets id får inte vara använt tidigare för personen.";
    case EventType::kConsentRevoked: return "Ett tidigare samtycke med samma id som inte redan är återkallat.";
    case EventType::kFkReferralSent: return "Remissens id får inte vara använt tidigare för personen.";
    case EventType::kFkContactMade: return "En remiss med samma id, skickad senast samma dag och inte redan återkontaktad.";
    case EventType::kFkCoordinationStarted: return "Ingen samordning hos FK får redan vara öppen.";
    case EventType::kFkReadinessAssessed:
    case EventType::kFkCoordinationEnded: return "En samordning hos FK måste vara öppen.";
    default: return "";
  }
}

std::string_view Explanation(Direction d) {
  switch (d) {
    case Direction::kAwaitTreatment:
      return "Personen behöver först medicinsk behandling. Ange ett datum då planeringen ska omprövas.";
    case Direction::kClarifyWithHealthcare:
      return "Kontakta vården för att förtydliga det medicinska underlaget. Blanketten \"Underlag från socialtjänsten "
             "till läkare vid svårigheter att delta i aktivitet\" går till läkaren.";
    case Direction::kFkCoordination:
      return "Skicka en anonym remiss till FK:s funktionsbrevlåda för samordnad rehabilitering.";
    case Direction::kApplyBenefit:
      return "Personen ansöker om sjukersättning eller aktivitetsersättning. Erbjud först en bedömning av "
             "arbetsförmågan via arbetsmarknadsenheten.";
    case Direction::kSip:
      return "Kalla till ett SIP-möte när flera aktörer behövs.";
    case Direction::kLabourMarket:
      return "Insatser via arbetsmarknadsenheten eller Arbetsförmedlingen; kan pågå parallellt med sjukskrivning.";
    case Direction::kOther:
      return "Annan inriktning, till exempel när missbruk är det primära problemet. Beskriv i fritext.";
  }
  return "";
}

// The track Project opens for the latest stance (case.cpp); none for the directions whose work
// runs in steps of their own (a referral, an application).
std::optional<TrackKind> TrackOf(Direction d) {
  switch (d) {
    case Direction::kAwaitTreatment: return TrackKind::kAwaitTreatment;
    case Direction::kClarifyWithHealthcare: return TrackKind::kClarifyWithHealthcare;
    case Direction::kLabourMarket: return TrackKind::kLabourMarket;
    case Direction::kSip: return TrackKind::kSip;
    case Direction::kOther: return TrackKind::kOther;
    case Direction::kFkCoordination:
    case Direction::kApplyBenefit: return std::nullopt;
  }
  return std::nullopt;
}

Step LeadsTo(Direction d) {
  switch (d) {
    case Direction::kFkCoordination: return Step::kFkReferral;
    case Direction::kApplyBenefit: return Step::kBenefit;
    case Direction::kSip: return Step::kSip;
    default: return Step::kNone;
  }
}

}  // namespace

std::string_view MethodTitle(EventType type) {
  static constexpr std::string_view kTitles[] = {
      "Period med ekonomiskt bistånd börjar",
      "Period med ekonomiskt bistånd slutar",
      "Identifierad i målgruppen",
      "SGI kontrollerad hos FK",
      "Samtycke ges",
      "Samtycke återkallas",
      "Kartläggningsmöte hållet",
      "Läkarintyg",
      "Ställningstagande",
      "Remiss skickad till FK",
      "FK har ringt upp",
      "Samordnad rehabilitering börjar",
      "Avstämningsmöte hållet",
      "FK bedömer om personen är redo",
      "Samordnad rehabilitering avslutas",
      "SIP-möte hållet",
      "Arbetsförmåga bedömd",
      "Förmån sökt",
      "Beslut om förmån",
      "Enkätsvar",
  };
  static_assert(std::size(kTitles) == kEventTypeCount);
  return kTitles[static_cast<size_t>(type)];
}

std::string_view MethodTitle(Direction direction) {
  static constexpr std::string_view kTitles[] = {
      "Avvakta medicinsk behandling", "Förtydliga med vården",   "Remiss till FK för samordning",
      "Ansöka om SE eller AE",        "SIP",                     "Arbetsmarknadsinsats (AME/AF)",
      "Annat",
  };
  static_assert(std::size(kTitles) == kDirectionCount);
  return kTitles[static_cast<size_t>(direction)];
}

std::string_view MethodTitle(Party party) {
  static constexpr std::string_view kTitles[] = {
      "Ekonomiskt bistånd (kommunen)", "Försäkringskassan",      "Regionen (vården)",
      "Arbetsförmedlingen",            "Arbetsmarknadsenheten (kommunen)", "Sjuksköterska (kommunen)",
  };
  static_assert(std::size(kTitles) == kPartyCount);
  return kTitles[static_cast<size_t>(party)];
}

MethodDescription DescribeMethod(const EligibilityRule& eligibility) {
  MethodDescription m;
  int number = 0;
  for (Step step : kMethodOrder) m.steps.push_back({step, ++number, SwedishName(step), Summary(step)});
  for (int t = 0; t < kEventTypeCount; ++t) {
    const auto type = static_cast<EventType>(t);
    MethodTransition transition{type, MethodTitle(type), StepOf(type), Precondition(type), {}};
    if (type == EventType::kEbPeriodEnded) transition.to = Step::kExited;
    for (int p = 0; p < kPartyCount; ++p)
      if (RecordableBy(static_cast<Party>(p), type)) transition.recorded_by.push_back(static_cast<Party>(p));
    m.transitions.push_back(std::move(transition));
  }
  for (Direction d : AllDirections()) m.directions.push_back({d, MethodTitle(d), Explanation(d), TrackOf(d), LeadsTo(d)});
  m.deadlines = DeadlineRules(eligibility);
  for (int p = 0; p < kPartyCount; ++p) m.parties.push_back({static_cast<Party>(p), MethodTitle(static_cast<Party>(p))});
  return m;
}

}  // namespace rattvag
