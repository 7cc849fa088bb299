#include "http/own_plan_routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/meetings.hpp"
#include "app/own.hpp"
#include "app/sip.hpp"
#include "app/survey.hpp"
#include "codec/event_binary.hpp"
#include "codec/event_json.hpp"
#include "codec/report_format.hpp"
#include "domain/meeting.hpp"
#include "domain/method.hpp"
#include "domain/own_survey.hpp"
#include "domain/sip.hpp"
#include "domain/survey.hpp"
#include "http/case_access.hpp"
#include "http/own_routes.hpp"
#include "pdf/render.hpp"
#include "pdf/sip_document.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

Response Json(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::string Organisation(Party party) { return std::string(MethodTitle(party)); }

// What the person's own view needs of their case: the stored record and its events.
struct OwnCaseData {
  std::optional<PersonRecord> record;
  std::vector<Event> events;
};

Result<OwnCaseData> LoadOwnCase(Journal& journal, const OwnAuthenticated& who) {
  OwnCaseData data;
  auto record = journal.LoadPerson(who.account.person);
  if (!record.ok()) return record.error();
  if (!record->has_value()) return data;
  data.record = std::move(**record);
  RATTVAG_TRY_STATUS(DecodeEventStream(data.record->digest, who.account.person, data.events));
  return data;
}

// The person's SIPs, oldest call first.
Result<std::vector<Sip>> OwnSips(Journal& journal, const OwnAuthenticated& who) {
  auto record = journal.LoadPerson(who.account.person);
  if (!record.ok()) return record.error();
  if (!record->has_value()) return std::vector<Sip>();
  return journal.ListSipsOfPerson((*record)->public_id);
}

// One of the person's SIPs, or nothing when `sip_id` is not one of theirs (or unknown).
Result<std::optional<Sip>> OwnSip(Journal& journal, const OwnAuthenticated& who, std::string_view sip_id) {
  auto record = journal.LoadPerson(who.account.person);
  if (!record.ok()) return record.error();
  if (!record->has_value()) return std::optional<Sip>();
  auto sip = LoadSip(journal, sip_id);
  if (!sip.ok()) return sip.error();
  if (!sip->has_value() || (*sip)->person_public_id != (*record)->public_id || (*sip)->versions.empty())
    return std::optional<Sip>();
  return sip;
}

json::value DateOrNull(const std::optional<Date>& d) { return d ? json::value(d->ToString()) : json::value(nullptr); }

// A plan in brief, for the list.
json::object SipBrief(const Sip& sip, Date today) {
  const SipVersion& latest = LatestVersion(sip);
  const auto follow_up = SipFollowUpOf(sip, today);
  return json::object{{"id", sip.id},
                      {"title", sip.title},
                      {"called_on", sip.called_on.ToString()},
                      {"called_by", Organisation(sip.called_by)},
                      {"version", latest.number},
                      {"agreed_on", DateOrNull(latest.plan.agreed_on)},
                      {"draft", !latest.plan.agreed_on.has_value()},
                      {"goals", latest.plan.goals.size()},
                      {"follow_up", DateOrNull(latest.plan.follow_up)},
                      {"follow_up_overdue", follow_up ? follow_up->overdue : false},
                      {"coordinator", json::object{{"name", latest.plan.coordinator_name},
                                                   {"organisation", Organisation(latest.plan.coordinator_party)}}}};
}

// One version of a plan in the person's terms: their goals first, then who does what and when.
json::object SipInPlainTerms(const Sip& sip, const SipVersion& version, Date today) {
  const SipPlan& plan = version.plan;
  json::object o = SipBrief(sip, today);
  o["version"] = version.number;
  o["latest_version"] = LatestVersion(sip).number;
  o["agreed_on"] = DateOrNull(plan.agreed_on);
  o["draft"] = !plan.agreed_on.has_value();
  o["follow_up"] = DateOrNull(plan.follow_up);
  o["goals"] = [&] {
    json::array goals;
    for (const SipGoal& g : plan.goals) goals.push_back(json::object{{"id", g.id}, {"text", g.text}});
    return goals;
  }();
  json::array interventions;
  for (const SipIntervention& i : plan.interventions) {
    std::string goal_text;
    if (i.goal_id)
      for (const SipGoal& g : plan.goals)
        if (g.id == *i.goal_id) goal_text = g.text;
    interventions.push_back(json::object{{"id", i.id},
                                         {"what", i.description},
                                         {"who", Organisation(i.responsible)},
                                         {"contact_name", i.contact_name},
                                         {"contact_phone", i.contact_phone},
                                         {"start", i.start.ToString()},
                                         {"end", DateOrNull(i.end)},
                                         {"status", std::string(Name(i.status))},
                                         {"status_text", std::string(SwedishName(i.status))},
                                         {"goal_id", i.goal_id ? json::value(*i.goal_id) : json::value(nullptr)},
                                         {"goal_text", goal_text}});
  }
  o["interventions"] = std::move(interventions);
  o["others_do"] = plan.others_do;
  json::array participants;
  for (const SipParticipant& p : plan.participants)
    participants.push_back(json::object{{"name", p.name},
                                        {"role", p.role},
                                        {"organisation", p.party ? Organisation(*p.party) : std::string()}});
  o["participants"] = std::move(participants);
  o["person_consents"] = plan.person_consents;
  json::array versions;
  for (const SipVersion& v : sip.versions)
    versions.push_back(json::object{{"number", v.number},
                                    {"created_at", v.created_at},
                                    {"agreed_on", DateOrNull(v.plan.agreed_on)}});
  o["versions"] = std::move(versions);
  return o;
}

std::string AnswerWords(InvitationAnswer answer) {
  switch (answer) {
    case InvitationAnswer::kAccepted: return "Kommer";
    case InvitationAnswer::kDeclined: return "Kan inte komma";
    case InvitationAnswer::kUnanswered: break;
  }
  return "Har inte svarat än";
}

// A meeting in the person's terms. The minutes' notes are left out: they are the staff's working
// notes (they may name others and are written for the parties); the decisions are the person's
// (docs/OWN.md). The person may ask the social services for the notes as for any document.
json::object MeetingInPlainTerms(const Meeting& m) {
  json::array invited;
  for (const MeetingInvitation& i : m.invitations)
    invited.push_back(json::object{{"party", std::string(Name(i.party))},
                                   {"organisation", Organisation(i.party)},
                                   {"answer", std::string(Name(i.answer))},
                                   {"answer_text", AnswerWords(i.answer)}});
  json::array decisions;
  if (m.minutes)
    for (const std::string& d : m.minutes->decisions) decisions.emplace_back(d);
  return json::object{{"id", m.id},
                      {"kind", std::string(Name(m.kind))},
                      {"kind_text", std::string(SwedishName(m.kind))},
                      {"date", m.date.ToString()},
                      {"time", FormatClock(m.start_minutes)},
                      {"end_time", FormatClock((m.start_minutes + m.duration_minutes) % (24 * 60))},
                      {"duration_minutes", m.duration_minutes},
                      {"place", m.place},
                      {"video_url", m.video_url},
                      {"message", m.message},
                      {"status", std::string(Name(m.status))},
                      {"status_text", std::string(SwedishName(m.status))},
                      {"cancel_reason", m.cancel_reason},
                      {"called_by_name", m.called_by_name},
                      {"called_by", Organisation(m.called_by)},
                      {"invited", std::move(invited)},
                      {"decisions", std::move(decisions)},
                      {"is_sip_meeting", m.sip_id.has_value()}};
}

// Whether the person's latest SIP versions mark an intervention done.
bool AnyInterventionDone(const std::vector<Sip>& sips) {
  for (const Sip& s : sips) {
    if (s.versions.empty()) continue;
    for (const SipIntervention& i : LatestVersion(s).plan.interventions)
      if (i.status == InterventionStatus::kDone) return true;
  }
  return false;
}

// The audit detail of the person's answer to a survey: which survey, never what was answered.
std::string AnswerDetail(Survey survey) { return "survey=" + std::string(Name(survey)); }

// The questionnaires open to the person now.
Result<std::vector<Survey>> OpenSurveys(Journal& journal, const OwnAuthenticated& who, Date today) {
  auto data = LoadOwnCase(journal, who);
  if (!data.ok()) return data.error();
  if (!data->record) return std::vector<Survey>();
  auto sips = journal.ListSipsOfPerson(data->record->public_id);
  if (!sips.ok()) return sips.error();
  OwnSurveyFacts facts;
  facts.sip_intervention_done = AnyInterventionDone(*sips);
  // An anonymous answer keeps no trace of the person; only their own audit entry says that
  // they answered (not what), so that they are not asked again.
  auto extract = BuildLogExtract(journal, who.account.person);
  if (!extract.ok()) return extract.error();
  const std::string indikatorer = AnswerDetail(Survey::kIndikatorer);
  for (const LogExtractEntry& e : *extract)
    if (e.entry.party == "person" && e.entry.action == "own_survey_answer" && e.entry.outcome == "allowed" &&
        e.entry.detail == indikatorer)
      facts.indikatorer_answered = true;
  return OpenOwnSurveys(data->events, facts, today);
}

std::string AnonymityText(const SurveyDefinition& d) {
  if (d.anonymous)
    return "Dina svar sparas utan ditt namn och ditt personnummer. De som arbetar med ditt ärende kan inte se vad "
           "du har svarat. Det enda som sparas om dig är att du har svarat, så att du inte får frågorna igen.";
  return "Dina svar sparas i ditt ärende. De som arbetar med ditt ärende kan se vad du har svarat. "
         "I uppföljningen räknas svaren ihop, utan namn.";
}

json::object SurveyForPerson(const SurveyDefinition& d) {
  json::array questions;
  for (const SurveyQuestion& q : d.questions) {
    json::array options;
    for (const SurveyOption& o : q.options) options.push_back(json::object{{"id", o.id}, {"label", o.label}});
    questions.push_back(json::object{{"id", q.id},
                                     {"text", q.text},
                                     {"kind", q.kind == AnswerKind::kYesNo ? "yes_no" : "choice"},
                                     {"options", std::move(options)}});
  }
  return json::object{{"survey", Name(d.survey)},
                      {"title", d.survey == Survey::kParticipant ? "Frågor efter ditt avstämningsmöte"
                                                                 : "Frågor om stödet du har fått"},
                      {"intro", d.survey == Survey::kParticipant
                                    ? "Du har varit på ett avstämningsmöte. Vi vill gärna veta vad du tycker."
                                    : "Du har fått stöd som nu är avslutat. Vi vill gärna veta vad du tycker."},
                      {"anonymous", d.anonymous},
                      {"anonymity_text", AnonymityText(d)},
                      {"questions", std::move(questions)}};
}

std::optional<int> ParseVersion(const std::string& text) {
  if (text.empty() || text.size() > 6 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const int n = std::stoi(text);
  if (n < 1) return std::nullopt;
  return n;
}

// The version asked for by `?version=N`, or the answer to give.
std::variant<std::optional<int>, Response> VersionOf(const Request& request) {
  auto query = ParseQuery(request.query, {"version"});
  if (auto* bad = std::get_if<Response>(&query)) return *bad;
  const auto& params = std::get<0>(query);
  if (!params.count("version")) return std::optional<int>();
  auto n = ParseVersion(params.at("version"));
  if (!n) return ErrorResponse(400, "version", "must be a version number (1, 2, …)");
  return std::optional<int>(*n);
}

// The person's SIP of `{sip}` at the version asked for (?version=N, else the latest), or the
// answer to give instead: a bad or missing version, or a SIP that is not theirs (404, logged).
struct OwnSipRead {
  Sip sip;
  int number = 0;
};
std::variant<OwnSipRead, Response> ReadOwnSip(SessionContext& context, const Request& request,
                                              const OwnAuthenticated& who) {
  auto asked = VersionOf(request);
  if (auto* bad = std::get_if<Response>(&asked)) return *bad;
  const std::string& sip_id = request.params.at("sip");
  auto sip = WithReader(context, [&](Journal& journal) { return OwnSip(journal, who, sip_id); });
  if (!sip.ok()) return StorageFailure();
  if (!sip->has_value()) return DenyForeignId(context, who, "sip", sip_id);
  OwnSipRead out{std::move(**sip), 0};
  out.number = std::get<std::optional<int>>(asked).value_or(LatestVersion(out.sip).number);
  if (!FindVersion(out.sip, out.number)) return ErrorResponse(404, "version", "the plan has no such version");
  return out;
}

Response Logged(SessionContext& context, const OwnAuthenticated& who, const std::string& action,
                const std::string& detail, Response answer) {
  const AuditEntry entry = OwnAuditEntry(who.account, context.now(), action, "allowed", detail);
  if (!LogAudit(context, {&entry, 1}).ok()) return StorageFailure();
  return answer;
}

}  // namespace

void AddOwnPlanRoutes(Router& router, SessionContext& context) {
  PrepareContext(context);

  router.Add("GET", "/api/v1/own/sips", "The person's own view: my plans (SIP), the latest version of each",
             [&context](const Request& request) {
               auto session = RequireOwnSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const OwnAuthenticated& who = std::get<OwnAuthenticated>(session);
               auto sips = WithReader(context, [&](Journal& journal) { return OwnSips(journal, who); });
               if (!sips.ok()) return StorageFailure();
               const Date today = Today(context);
               json::array plans;
               // The newest call first: the plan in force is what the person looks for.
               for (auto s = sips->rbegin(); s != sips->rend(); ++s)
                 if (!s->versions.empty()) plans.push_back(SipBrief(*s, today));
               return Logged(context, who, "own_read_sips", "", Json(200, json::object{{"plans", std::move(plans)}}));
             });

  router.Add("GET", "/api/v1/own/sips/{sip}", "The person's own view: one of my plans in plain terms (?version=N)",
             [&context](const Request& request) {
               auto session = RequireOwnSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const OwnAuthenticated& who = std::get<OwnAuthenticated>(session);
               auto read = ReadOwnSip(context, request, who);
               if (auto* answer = std::get_if<Response>(&read)) return *answer;
               const Sip& s = std::get<OwnSipRead>(read).sip;
               const SipVersion* version = FindVersion(s, std::get<OwnSipRead>(read).number);
               return Logged(context, who, "own_read_sip", s.id + " version " + std::to_string(version->number),
                             Json(200, SipInPlainTerms(s, *version, Today(context))));
             });

  router.Add("GET", "/api/v1/own/sips/{sip}/pdf", "The person's own view: one of my plans as a PDF to print (?version=N)",
             [&context](const Request& request) {
               auto session = RequireOwnSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const OwnAuthenticated& who = std::get<OwnAuthenticated>(session);
               auto read = ReadOwnSip(context, request, who);
               if (auto* answer = std::get_if<Response>(&read)) return *answer;
               const Sip& s = std::get<OwnSipRead>(read).sip;
               const int number = std::get<OwnSipRead>(read).number;
               // The person's own document: with their personnummer, as the staff's print.
               auto document = pdf::BuildSipDocument(
                   s, number, {MunicipalityName(s.municipality), who.account.person, Today(context)});
               if (!document.ok()) return ErrorResponse(404, document.error().field, document.error().reason);
               // Logged before the document leaves the server.
               const AuditEntry entry = OwnAuditEntry(who.account, context.now(), "own_print_sip", "allowed",
                                                      s.id + " version " + std::to_string(number));
               if (!LogAudit(context, {&entry, 1}).ok()) return StorageFailure();
               auto bytes = pdf::RenderPdf(*document);
               if (!bytes.ok()) return ErrorResponse(422, bytes.error().field, bytes.error().reason);
               Response r;
               r.content_type = "application/pdf";
               r.body = std::move(*bytes);
               r.headers.emplace_back("Content-Disposition",
                                      "attachment; filename=\"min-plan-" + document->generated.ToString() + ".pdf\"");
               r.headers.emplace_back("Cache-Control", "no-store");
               return r;
             });

  router.Add("GET", "/api/v1/own/meetings", "The person's own view: my meetings, the coming ones first",
             [&context](const Request& request) {
               auto session = RequireOwnSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const OwnAuthenticated& who = std::get<OwnAuthenticated>(session);
               const Date today = Today(context);
               auto meetings = WithReader(context, [&](Journal& journal) {
                 return ListMeetingsOfPerson(journal, who.account.person);
               });
               if (!meetings.ok()) return StorageFailure();
               json::array upcoming;
               json::array earlier;
               // Coming (planned, from today on) earliest first; the rest latest first.
               for (const Meeting& m : *meetings)
                 if (m.status == MeetingStatus::kPlanned && !(m.date < today)) upcoming.push_back(MeetingInPlainTerms(m));
               for (auto m = meetings->rbegin(); m != meetings->rend(); ++m)
                 if (!(m->status == MeetingStatus::kPlanned && !(m->date < today)))
                   earlier.push_back(MeetingInPlainTerms(*m));
               return Logged(context, who, "own_read_meetings", "",
                             Json(200, json::object{{"as_of", today.ToString()},
                                                    {"upcoming", std::move(upcoming)},
                                                    {"earlier", std::move(earlier)}}));
             });

  router.Add("GET", "/api/v1/own/surveys", "The person's own view: the questionnaires I may answer now",
             [&context](const Request& request) {
               auto session = RequireOwnSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const OwnAuthenticated& who = std::get<OwnAuthenticated>(session);
               const Date today = Today(context);
               auto open = WithReader(context, [&](Journal& journal) { return OpenSurveys(journal, who, today); });
               if (!open.ok()) return StorageFailure();
               json::array surveys;
               for (Survey s : *open) surveys.push_back(SurveyForPerson(DefinitionOf(s)));
               return Logged(context, who, "own_read_surveys", "", Json(200, json::object{{"surveys", std::move(surveys)}}));
             });

  router.Add(
      "POST", "/api/v1/own/surveys/answers", "The person's own view: answer one of my questionnaires",
      [&context](const Request& request) {
        auto session = RequireOwnSession(context, request, true);
        if (auto* answer = std::get_if<Response>(&session)) return *answer;
        const OwnAuthenticated& who = std::get<OwnAuthenticated>(session);
        const auto type = request.headers.find("content-type");
        if (type == request.headers.end() || type->second.rfind("application/json", 0) != 0)
          return ErrorResponse(415, "content-type", "must be application/json");
        json::error_code ec;
        const json::value body = json::parse(request.body, ec);
        if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
        const json::object& in = body.as_object();
        for (const auto& member : in)
          if (member.key() != "survey" && member.key() != "answers")
            return ErrorResponse(400, member.key(), "is not a field of an answer");
        const json::value* survey_name = in.if_contains("survey");
        if (!survey_name || !survey_name->is_string()) return ErrorResponse(400, "survey", "is required (a string)");
        const std::optional<Survey> survey = ParseSurvey(survey_name->as_string());
        if (!survey || *survey == Survey::kStaff) return ErrorResponse(400, "survey", "must be participant or indikatorer");
        if (!in.contains("answers")) return ErrorResponse(400, "answers", "is required");
        const Date today = Today(context);
        json::object line{{"type", "survey_answered"},
                          {"date", today.ToString()},
                          {"survey", survey_name->as_string()},
                          {"answers", in.at("answers")},
                          {"person", who.account.person}};
        DecodedLine decoded = DecodeEventLine(json::serialize(line), today);
        if (!decoded.errors.empty()) {
          // Never echo the person's personnummer back in an error.
          const Error& e = decoded.errors.front();
          if (e.field == "person") return StorageFailure();
          return ErrorResponse(400, e.field, e.reason);
        }
        std::lock_guard lock(context.journal_mutex);
        auto open = OpenSurveys(context.journal, who, today);
        if (!open.ok()) return StorageFailure();
        if (std::find(open->begin(), open->end(), *survey) == open->end())
          return ErrorResponse(409, "survey", "is not open to you now (answered already, or not for you)");
        const AuditEntry audit = OwnAuditEntry(who.account, context.now(), "own_survey_answer", "allowed", AnswerDetail(*survey));
        auto outcome = RecordSurveyAnswer(context.journal, decoded.event, audit);
        if (!outcome.ok()) return StorageFailure();
        switch (outcome->kind) {
          case RecordOutcome::Kind::kStored:
            return Json(201, json::object{{"survey", Name(*survey)},
                                          {"date", today.ToString()},
                                          {"anonymous", DefinitionOf(*survey).anonymous}});
          case RecordOutcome::Kind::kConflict:
            return ErrorResponse(409, "survey", "your case changed at the same moment; send the answer again");
          case RecordOutcome::Kind::kRefused:
            return ErrorResponse(outcome->refusal.field == "person" ? 409 : 400,
                                 outcome->refusal.field == "person" ? "survey" : outcome->refusal.field,
                                 outcome->refusal.reason);
        }
        return StorageFailure();
      });
}

}  // namespace rattvag::http
