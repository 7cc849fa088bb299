#include "http/meeting_routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/meetings.hpp"
#include "app/sip.hpp"
#include "codec/meeting_ics.hpp"
#include "codec/report_format.hpp"
#include "domain/meeting.hpp"
#include "domain/method.hpp"
#include "http/case_access.hpp"
#include "security/random.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

Response MeetingNotFound() { return ErrorResponse(404, "meeting", "no such meeting"); }

// How much of a meeting a user sees (see meeting_routes.hpp).
enum class Sight { kNone, kInvitation, kFull };

struct MeetingAccess {
  Sight sight = Sight::kNone;
  AccessDecision decision;               // The case access decision (read).
  std::optional<PersonRecord> record;    // The person's stream.
  std::vector<ConsentView> consents;     // The person's consents, for record decisions.
};

bool ServesMunicipality(const Actor& actor, const std::string& municipality) {
  return actor.municipality == municipality ||
         std::find(actor.area.begin(), actor.area.end(), municipality) != actor.area.end();
}

// True when the user's party is invited to the meeting, or the user's unit called it; and the
// user's unit serves the meeting's municipality.
bool Invited(const Authenticated& who, const Meeting& m) {
  const Actor actor = ActorOf(who.user, who.unit);
  const std::optional<Party> party = PartyOf(who.user.role);
  if (!party || !ServesMunicipality(actor, m.municipality)) return false;
  if (m.called_by_unit == who.unit.id) return true;
  return std::any_of(m.invitations.begin(), m.invitations.end(),
                     [&](const MeetingInvitation& i) { return i.party == *party; });
}

// The decision on the meeting for `who`. REQUIRES: the journal mutex is held.
Result<MeetingAccess> DecideMeeting(SessionContext& context, const Authenticated& who, const Meeting& m) {
  MeetingAccess access;
  auto record = context.journal.LoadPerson(m.person);
  if (!record.ok()) return record.error();
  access.record = std::move(*record);
  auto decided = Decide(context, who, access.record, CaseAction::kRead);
  if (!decided.ok()) return decided.error();
  access.decision = decided->first;
  if (decided->second) access.consents = decided->second->projection.consents;
  if (access.decision.allowed)
    access.sight = Sight::kFull;
  else if (Invited(who, m))
    access.sight = Sight::kInvitation;
  return access;
}

// The audit entry of an access to a meeting: the case's ground with full sight, "invitation"
// (no personal data shown) otherwise.
AuditEntry MeetingEntry(SessionContext& context, const Authenticated& who, const MeetingAccess& access,
                        const Meeting& m, const std::string& action) {
  if (access.sight == Sight::kInvitation) {
    AuditEntry entry = AuditEntryOf(context, who, action, "invitation", "allowed", m.id + ", utan personuppgifter");
    entry.person = m.person;
    return entry;
  }
  AccessDecision decision = access.decision;
  AuditEntry entry = EntryFor(context, who, access.record, action, decision);
  entry.person = m.person;
  entry.detail = entry.detail.empty() ? m.id : m.id + ", " + entry.detail;
  return entry;
}

json::object PartyJson(Party p) {
  return json::object{{"party", std::string(Name(p))}, {"title", std::string(MethodTitle(p))}};
}

json::array PartyArray(PartySet set) {
  json::array out;
  for (int p = 0; p < kPartyCount; ++p)
    if (set & PartyBit(static_cast<Party>(p))) out.emplace_back(std::string(Name(static_cast<Party>(p))));
  return out;
}

// The meeting as JSON. With kInvitation, nothing of the person: no id, no minutes.
json::object MeetingJson(SessionContext& context, const Meeting& m, Sight sight, const Authenticated& who) {
  std::string unit_name = m.called_by_unit;
  if (auto unit = context.journal.FindUnit(m.called_by_unit); unit.ok() && *unit) unit_name = (*unit)->name;
  json::array invitations;
  const std::optional<Party> my_party = PartyOf(who.user.role);
  json::value my_answer = nullptr;
  for (const MeetingInvitation& i : m.invitations) {
    json::object o = PartyJson(i.party);
    o["answer"] = std::string(Name(i.answer));
    o["answered_by_name"] = i.answered_by_name;
    o["answered_at"] = i.answered_at;
    o["comment"] = i.comment;
    invitations.push_back(std::move(o));
    if (my_party == i.party) my_answer = std::string(Name(i.answer));
  }
  json::object o{{"id", m.id},
                 {"kind", std::string(Name(m.kind))},
                 {"title", MeetingTitle(m)},
                 {"status", std::string(Name(m.status))},
                 {"date", m.date.ToString()},
                 {"time", FormatClock(m.start_minutes)},
                 {"duration_minutes", m.duration_minutes},
                 {"place", m.place},
                 {"video_url", m.video_url},
                 {"sip_id", m.sip_id ? json::value(*m.sip_id) : json::value(nullptr)},
                 {"message", m.message},
                 {"cancel_reason", m.cancel_reason},
                 {"municipality", m.municipality},
                 {"municipality_name", MunicipalityName(m.municipality)},
                 {"called_by", json::object{{"party", std::string(Name(m.called_by))},
                                            {"title", std::string(MethodTitle(m.called_by))},
                                            {"unit", m.called_by_unit},
                                            {"unit_name", unit_name},
                                            {"name", m.called_by_name}}},
                 {"invitations", std::move(invitations)},
                 {"my_answer", my_answer},
                 {"version", m.version},
                 {"created_at", m.created_at},
                 {"access", sight == Sight::kFull ? "full" : "invitation"}};
  if (sight != Sight::kFull) return o;
  auto record = context.journal.LoadPerson(m.person);
  o["person_id"] = record.ok() && *record ? json::value((*record)->public_id) : json::value(nullptr);
  if (!m.minutes) {
    o["minutes"] = nullptr;
    return o;
  }
  const MeetingMinutes& mm = *m.minutes;
  json::array decisions;
  for (const std::string& d : mm.decisions) decisions.emplace_back(d);
  json::object minutes{{"attendees", PartyArray(mm.attendees)},
                       {"notes", mm.notes},
                       {"decisions", std::move(decisions)},
                       {"ready", mm.ready ? json::value(*mm.ready) : json::value(nullptr)},
                       {"prognosis_date", mm.prognosis_date ? json::value(mm.prognosis_date->ToString()) : json::value(nullptr)},
                       {"coordination_started", mm.coordination_started},
                       {"recorded_by_name", mm.recorded_by_name},
                       {"recorded_at", mm.recorded_at}};
  o["minutes"] = std::move(minutes);
  return o;
}

Response JsonAnswer(int status, const json::value& body, std::optional<int64_t> version = std::nullopt) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  if (version) r.headers.emplace_back("ETag", ETag(*version));
  return r;
}

// The body as a JSON object whose fields are all in `allowed`, or the 400 naming the first
// field that is not.
std::variant<json::object, Response> Body(const Request& request, std::initializer_list<std::string_view> allowed) {
  json::error_code ec;
  json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
  for (const auto& [key, value] : body.as_object())
    if (std::find(allowed.begin(), allowed.end(), std::string_view(key)) == allowed.end())
      return ErrorResponse(400, std::string(key), "is not a field of this request");
  return std::move(body.as_object());
}

// Reads the optional text field `name` into `out`; an error naming it when it is not a string.
std::optional<Response> ReadText(const json::object& body, std::string_view name, std::string& out) {
  const json::value* v = body.if_contains(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) return ErrorResponse(400, std::string(name), "must be a string");
  out = std::string(v->as_string());
  return std::nullopt;
}

std::optional<Response> ReadBool(const json::object& body, std::string_view name, bool& out) {
  const json::value* v = body.if_contains(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) return ErrorResponse(400, std::string(name), "must be true or false");
  out = v->as_bool();
  return std::nullopt;
}

// A list of party names, or the 400 naming `field`.
std::variant<std::vector<Party>, Response> ReadParties(const json::value& value, std::string_view field) {
  if (!value.is_array()) return ErrorResponse(400, std::string(field), "must be a list of parties, e.g. [\"fk\", \"region\"]");
  std::vector<Party> parties;
  for (const json::value& p : value.as_array()) {
    std::optional<Party> party = p.is_string() ? ParseParty(std::string_view(p.as_string())) : std::nullopt;
    if (!party) return ErrorResponse(400, std::string(field), "must name parties: eb, fk, region, af, ame, nurse");
    if (std::find(parties.begin(), parties.end(), *party) != parties.end())
      return ErrorResponse(400, std::string(field), "names " + std::string(Name(*party)) + " more than once");
    parties.push_back(*party);
  }
  std::sort(parties.begin(), parties.end());
  return parties;
}

// Applies the schedule fields of `body` to `m` (all of them when `creating`; the given ones
// otherwise) and checks the whole schedule. The 400 naming the first bad field, or nothing.
std::optional<Response> ApplySchedule(const json::object& body, Meeting& m, Party own_party, Date today,
                                      bool creating) {
  if (creating || body.contains("kind")) {
    std::string kind;
    if (auto bad = ReadText(body, "kind", kind)) return bad;
    auto parsed = ParseMeetingKind(kind);
    if (!parsed) return ErrorResponse(400, "kind", "is required: kartlaggningsmote, avstamningsmote or sip_mote");
    m.kind = *parsed;
  }
  if (creating || body.contains("date")) {
    std::string date;
    if (auto bad = ReadText(body, "date", date)) return bad;
    auto parsed = Date::Parse(date);
    if (!parsed) return ErrorResponse(400, "date", "is required: a date YYYY-MM-DD");
    if (*parsed < today) return ErrorResponse(400, "date", "must be today or later");
    if (*parsed > today.AddDays(2 * 366)) return ErrorResponse(400, "date", "must be within two years");
    m.date = *parsed;
  }
  if (creating || body.contains("time")) {
    std::string time;
    if (auto bad = ReadText(body, "time", time)) return bad;
    auto parsed = ParseClock(time);
    if (!parsed) return ErrorResponse(400, "time", "is required: a time HH:MM (local time in Sweden)");
    m.start_minutes = *parsed;
  }
  if (const json::value* d = body.if_contains("duration_minutes")) {
    if (!d->is_int64()) return ErrorResponse(400, "duration_minutes", "must be a whole number of minutes");
    const int64_t minutes = d->as_int64();
    m.duration_minutes = static_cast<int>(std::clamp<int64_t>(minutes, -1, 100000));
  }
  if (auto bad = ReadText(body, "place", m.place)) return bad;
  if (auto bad = ReadText(body, "video_url", m.video_url)) return bad;
  if (auto bad = ReadText(body, "message", m.message)) return bad;
  if (const json::value* s = body.if_contains("sip_id")) {
    if (s->is_null()) {
      m.sip_id.reset();
    } else {
      if (!s->is_string()) return ErrorResponse(400, "sip_id", "must be the SIP's id, as a string");
      m.sip_id = std::string(s->as_string());
    }
  }
  if (const json::value* invited = body.if_contains("invited")) {
    auto parties = ReadParties(*invited, "invited");
    if (auto* bad = std::get_if<Response>(&parties)) return *bad;
    std::vector<MeetingInvitation> next;
    for (Party p : std::get<std::vector<Party>>(parties)) {
      if (p == own_party) return ErrorResponse(400, "invited", "names your own party, which calls the meeting");
      auto same = std::find_if(m.invitations.begin(), m.invitations.end(),
                               [p](const MeetingInvitation& i) { return i.party == p; });
      next.push_back(same != m.invitations.end() ? *same : Invite(p));
    }
    m.invitations = std::move(next);
  }
  bool acknowledged = false;
  if (auto bad = ReadBool(body, "acknowledge_warnings", acknowledged)) return bad;
  const std::vector<Error> errors = ValidateMeeting(m);
  if (!errors.empty()) return ErrorResponse(400, errors.front().field, errors.front().reason);
  if (Status s = CheckInvitationText(m.message, "message", today, acknowledged); !s.ok())
    return ErrorResponse(400, s.error().field, s.error().reason);
  if (Status s = CheckInvitationText(m.place, "place", today, acknowledged); !s.ok())
    return ErrorResponse(400, s.error().field, s.error().reason);
  return std::nullopt;
}

// A meeting's SIP must be one of the person's SIPs (`person_public_id`): 400 on "sip_id"
// otherwise, the same answer for an unknown SIP and another person's (nothing learnt of either).
// REQUIRES: the journal mutex is held.
std::optional<Response> CheckMeetingSip(SessionContext& context, const Meeting& m, std::string_view person_public_id) {
  if (!m.sip_id) return std::nullopt;
  auto sip = LoadSip(context.journal, *m.sip_id);
  if (!sip.ok()) return StorageFailure();
  if (!sip->has_value() || (*sip)->person_public_id != person_public_id)
    return ErrorResponse(400, "sip_id", "is not one of this person's SIPs");
  return std::nullopt;
}

// Writes `entry` and, when given, the meeting (added or saved), in one transaction.
// REQUIRES: the journal mutex is held.
Status StoreMeeting(SessionContext& context, const Meeting* meeting, bool adding, const AuditEntry& entry) {
  UnitOfWork work(context.journal);
  RATTVAG_TRY_STATUS(work.Begin());
  if (meeting) RATTVAG_TRY_STATUS(adding ? context.journal.AddMeeting(*meeting) : context.journal.SaveMeeting(*meeting));
  RATTVAG_TRY_STATUS(context.journal.AppendAudit(entry));
  return work.Commit();
}

// The meeting of `{meeting_id}` and the user's access to it; the answer to give instead when it
// is missing or not visible (404; a denial is audited). `needs` is the least sight the route
// needs: kFull answers 404 for an invitation-only user too (audited as a denial).
struct Target {
  Meeting meeting;
  MeetingAccess access;
};
std::variant<Target, Response> TargetOf(SessionContext& context, const Authenticated& who, const Request& request,
                                        Sight needs, const std::string& action) {
  auto found = context.journal.FindMeeting(request.params.at("meeting_id"));
  if (!found.ok()) return StorageFailure();
  if (!*found) return MeetingNotFound();
  Target target{std::move(**found), {}};
  auto access = DecideMeeting(context, who, target.meeting);
  if (!access.ok()) return StorageFailure();
  target.access = std::move(*access);
  const bool enough = needs == Sight::kFull ? target.access.sight == Sight::kFull : target.access.sight != Sight::kNone;
  if (!enough) {
    AccessDecision denied = target.access.decision;
    denied.allowed = false;
    if (denied.reason.empty()) denied.reason = "needs access to the case, not only the invitation";
    AuditEntry entry = EntryFor(context, who, target.access.record, action, denied);
    entry.person = target.meeting.person;
    entry.detail = target.meeting.id + ", " + denied.reason;
    if (!WriteAudit(context, entry).ok()) return StorageFailure();
    return MeetingNotFound();
  }
  return target;
}

// The If-Match of a change to a meeting as its version, or the answer to give instead.
std::variant<int64_t, Response> MeetingIfMatch(const Request& request, const Meeting& m) {
  const auto if_match = request.headers.find("if-match");
  if (if_match == request.headers.end())
    return ErrorResponse(428, "if-match", "is required: the ETag of the meeting as last read");
  const auto expected = ParseIfMatch(if_match->second);
  if (!expected) return ErrorResponse(400, "if-match", "must be the ETag of the meeting, e.g. \"3\"");
  if (*expected != m.version) {
    Response r = ErrorResponse(409, "if-match", "the meeting has changed since it was read; read it again");
    r.headers.emplace_back("ETag", ETag(m.version));
    return r;
  }
  return *expected;
}

}  // namespace

void AddMeetingRoutes(Router& router, SessionContext& context) {
  PrepareContext(context);

  router.Add("POST", "/api/v1/persons/{id}/meetings", "Schedule a meeting of the person's case",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
               if (!record.ok()) return StorageFailure();
               auto decided = Decide(context, who, *record, CaseAction::kRead);
               if (!decided.ok()) return StorageFailure();
               if (!decided->first.allowed) {
                 if (!WriteAudit(context, EntryFor(context, who, *record, "meeting_schedule", decided->first)).ok())
                   return StorageFailure();
                 return NotFound();
               }
               auto parsed = Body(request, {"kind", "date", "time", "duration_minutes", "place", "video_url", "invited",
                                            "sip_id", "message", "acknowledge_warnings"});
               if (auto* bad = std::get_if<Response>(&parsed)) return *bad;
               const Party own_party = *PartyOf(who.user.role);  // Allowed: a party's role.
               Meeting m;
               m.id = "m-" + RandomHex(8);
               m.person = (*record)->personnummer;
               m.municipality = (*record)->municipality;
               m.called_by = own_party;
               m.called_by_unit = who.unit.id;
               m.called_by_user = who.user.id;
               m.called_by_name = who.user.display_name;
               m.created_at = FormatUtcTimestamp(context.now());
               if (auto bad = ApplySchedule(std::get<json::object>(parsed), m, own_party, Today(context), true)) return *bad;
               if (auto bad = CheckMeetingSip(context, m, (*record)->public_id)) return *bad;
               AuditEntry entry = EntryFor(context, who, *record, "meeting_schedule", decided->first);
               entry.detail = m.id + (entry.detail.empty() ? "" : ", " + entry.detail);
               if (!StoreMeeting(context, &m, true, entry).ok()) return StorageFailure();
               return JsonAnswer(201, MeetingJson(context, m, Sight::kFull, who), m.version);
             });

  router.Add("GET", "/api/v1/persons/{id}/meetings", "The person's meetings, earliest first",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
               if (!record.ok()) return StorageFailure();
               auto decided = DecideAndLog(context, who, *record, "read_meetings");
               if (!decided.ok()) return StorageFailure();
               if (!decided->first.allowed) return NotFound();
               auto meetings = ListMeetingsOfPerson(context.journal, (*record)->personnummer);
               if (!meetings.ok()) return StorageFailure();
               json::array list;
               for (const Meeting& m : *meetings) list.push_back(MeetingJson(context, m, Sight::kFull, who));
               return JsonAnswer(200, json::object{{"as_of", Today(context).ToString()}, {"meetings", std::move(list)}});
             });

  router.Add("GET", "/api/v1/meetings", "The user's upcoming meetings and the invitations to answer",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               auto query = ParseQuery(request.query, {});
               if (auto* bad = std::get_if<Response>(&query)) return *bad;
               const std::optional<Party> party = PartyOf(who.user.role);
               if (!party) return ErrorResponse(403, "role", "meetings are the parties' of the method");
               const Actor actor = ActorOf(who.user, who.unit);
               std::vector<std::string> municipalities = actor.area;
               if (!actor.municipality.empty()) municipalities.push_back(actor.municipality);
               const Date today = Today(context);
               std::lock_guard lock(context.journal_mutex);
               auto meetings = context.journal.MeetingsFrom(municipalities, today);
               if (!meetings.ok()) return StorageFailure();
               json::array upcoming, to_answer;
               std::vector<AuditEntry> entries;
               for (const Meeting& m : *meetings) {
                 if (m.status != MeetingStatus::kPlanned || !Invited(who, m)) continue;
                 auto access = DecideMeeting(context, who, m);
                 if (!access.ok()) return StorageFailure();
                 if (access->sight == Sight::kNone) continue;
                 entries.push_back(MeetingEntry(context, who, *access, m, "read_meetings_list"));
                 json::object o = MeetingJson(context, m, access->sight, who);
                 if (access->sight == Sight::kFull && access->record)
                   o["personnummer"] = access->record->personnummer;
                 const bool unanswered = std::any_of(m.invitations.begin(), m.invitations.end(), [&](const MeetingInvitation& i) {
                   return i.party == *party && i.answer == InvitationAnswer::kUnanswered;
                 });
                 (unanswered ? to_answer : upcoming).push_back(std::move(o));
               }
               for (const AuditEntry& e : entries)
                 if (!WriteAudit(context, e).ok()) return StorageFailure();
               return JsonAnswer(200, json::object{{"as_of", today.ToString()},
                                                   {"invitations", std::move(to_answer)},
                                                   {"meetings", std::move(upcoming)}});
             });

  router.Add("GET", "/api/v1/meetings/{meeting_id}", "One meeting; an invited party without consent sees the invitation only",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto target = TargetOf(context, who, request, Sight::kInvitation, "read_meeting");
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               const Target& t = std::get<Target>(target);
               if (!WriteAudit(context, MeetingEntry(context, who, t.access, t.meeting, "read_meeting")).ok())
                 return StorageFailure();
               return JsonAnswer(200, MeetingJson(context, t.meeting, t.access.sight, who), t.meeting.version);
             });

  router.Add("PATCH", "/api/v1/meetings/{meeting_id}", "Change a planned meeting's time, place or invitations",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto target = TargetOf(context, who, request, Sight::kFull, "meeting_change");
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               Target& t = std::get<Target>(target);
               auto version = MeetingIfMatch(request, t.meeting);
               if (auto* bad = std::get_if<Response>(&version)) return *bad;
               if (Status s = CheckMeetingAction(t.meeting.status, MeetingAction::kChange); !s.ok())
                 return ErrorResponse(409, s.error().field, s.error().reason);
               auto parsed = Body(request, {"kind", "date", "time", "duration_minutes", "place", "video_url", "invited",
                                            "sip_id", "message", "acknowledge_warnings"});
               if (auto* bad = std::get_if<Response>(&parsed)) return *bad;
               Meeting m = t.meeting;
               if (auto bad = ApplySchedule(std::get<json::object>(parsed), m, t.meeting.called_by, Today(context), false))
                 return *bad;
               if (m.sip_id != t.meeting.sip_id) {
                 auto person = context.journal.LoadPerson(m.person);
                 if (!person.ok() || !person->has_value()) return StorageFailure();
                 if (auto bad = CheckMeetingSip(context, m, (**person).public_id)) return *bad;
               }
               // A new time or place asks every party again.
               if (m.date != t.meeting.date || m.start_minutes != t.meeting.start_minutes ||
                   m.place != t.meeting.place || m.video_url != t.meeting.video_url)
                 for (MeetingInvitation& i : m.invitations) i = Invite(i.party);
               m.version = t.meeting.version + 1;
               AuditEntry entry = MeetingEntry(context, who, t.access, m, "meeting_change");
               if (!StoreMeeting(context, &m, false, entry).ok()) return StorageFailure();
               return JsonAnswer(200, MeetingJson(context, m, Sight::kFull, who), m.version);
             });

  router.Add("POST", "/api/v1/meetings/{meeting_id}/cancel", "Cancel a planned meeting",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto target = TargetOf(context, who, request, Sight::kFull, "meeting_cancel");
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               Target& t = std::get<Target>(target);
               auto version = MeetingIfMatch(request, t.meeting);
               if (auto* bad = std::get_if<Response>(&version)) return *bad;
               if (Status s = CheckMeetingAction(t.meeting.status, MeetingAction::kCancel); !s.ok())
                 return ErrorResponse(409, s.error().field, s.error().reason);
               auto parsed = Body(request, {"reason", "acknowledge_warnings"});
               if (auto* bad = std::get_if<Response>(&parsed)) return *bad;
               const json::object& body = std::get<json::object>(parsed);
               Meeting m = t.meeting;
               if (auto bad = ReadText(body, "reason", m.cancel_reason)) return *bad;
               bool acknowledged = false;
               if (auto bad = ReadBool(body, "acknowledge_warnings", acknowledged)) return *bad;
               const std::vector<Error> errors = ValidateMeeting(m);
               if (!errors.empty())
                 return ErrorResponse(400, errors.front().field == "cancel_reason" ? "reason" : errors.front().field,
                                      errors.front().reason);
               if (Status s = CheckInvitationText(m.cancel_reason, "reason", Today(context), acknowledged); !s.ok())
                 return ErrorResponse(400, s.error().field, s.error().reason);
               m.status = MeetingStatus::kCancelled;
               m.version = t.meeting.version + 1;
               if (!StoreMeeting(context, &m, false, MeetingEntry(context, who, t.access, m, "meeting_cancel")).ok())
                 return StorageFailure();
               return JsonAnswer(200, MeetingJson(context, m, Sight::kFull, who), m.version);
             });

  router.Add("PUT", "/api/v1/meetings/{meeting_id}/answer", "Answer an invitation, as the invited party",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto target = TargetOf(context, who, request, Sight::kInvitation, "meeting_answer");
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               Target& t = std::get<Target>(target);
               const std::optional<Party> party = PartyOf(who.user.role);
               auto invitation = std::find_if(t.meeting.invitations.begin(), t.meeting.invitations.end(),
                                              [&](const MeetingInvitation& i) { return i.party == party; });
               if (invitation == t.meeting.invitations.end())
                 return ErrorResponse(403, "party", "your party is not invited to this meeting");
               if (Status s = CheckMeetingAction(t.meeting.status, MeetingAction::kAnswer); !s.ok())
                 return ErrorResponse(409, s.error().field, s.error().reason);
               auto parsed = Body(request, {"answer", "comment", "acknowledge_warnings"});
               if (auto* bad = std::get_if<Response>(&parsed)) return *bad;
               const json::object& body = std::get<json::object>(parsed);
               std::string answer_text, comment;
               if (auto bad = ReadText(body, "answer", answer_text)) return *bad;
               const auto answer = ParseInvitationAnswer(answer_text);
               if (!answer || *answer == InvitationAnswer::kUnanswered)
                 return ErrorResponse(400, "answer", "is required: accepted or declined");
               if (auto bad = ReadText(body, "comment", comment)) return *bad;
               bool acknowledged = false;
               if (auto bad = ReadBool(body, "acknowledge_warnings", acknowledged)) return *bad;
               Meeting m = t.meeting;
               MeetingInvitation& mine = m.invitations[static_cast<size_t>(invitation - t.meeting.invitations.begin())];
               mine.answer = *answer;
               mine.comment = comment;
               mine.answered_by = who.user.id;
               mine.answered_by_name = who.user.display_name;
               mine.answered_at = FormatUtcTimestamp(context.now());
               const std::vector<Error> errors = ValidateMeeting(m);
               if (!errors.empty()) return ErrorResponse(400, errors.front().field, errors.front().reason);
               if (Status s = CheckInvitationText(comment, "comment", Today(context), acknowledged); !s.ok())
                 return ErrorResponse(400, s.error().field, s.error().reason);
               m.version = t.meeting.version + 1;
               AuditEntry entry = MeetingEntry(context, who, t.access, m, "meeting_answer");
               entry.detail += ", " + std::string(Name(*answer));
               if (!StoreMeeting(context, &m, false, entry).ok()) return StorageFailure();
               return JsonAnswer(200, MeetingJson(context, m, t.access.sight, who), m.version);
             });

  router.Add("POST", "/api/v1/meetings/{meeting_id}/minutes",
             "Record the minutes of a held meeting; its decisions become events of the journal",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto target = TargetOf(context, who, request, Sight::kFull, "meeting_minutes");
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               Target& t = std::get<Target>(target);
               auto version = MeetingIfMatch(request, t.meeting);
               if (auto* bad = std::get_if<Response>(&version)) return *bad;
               if (Status s = CheckMeetingAction(t.meeting.status, MeetingAction::kHold); !s.ok())
                 return ErrorResponse(409, s.error().field, s.error().reason);
               auto parsed = Body(request, {"attendees", "notes", "decisions", "ready", "prognosis_date",
                                            "coordination_started"});
               if (auto* bad = std::get_if<Response>(&parsed)) return *bad;
               const json::object& body = std::get<json::object>(parsed);
               MeetingMinutes minutes;
               const json::value* attendees = body.if_contains("attendees");
               if (!attendees) return ErrorResponse(400, "attendees", "is required: the parties that took part");
               auto parties = ReadParties(*attendees, "attendees");
               if (auto* bad = std::get_if<Response>(&parties)) return *bad;
               for (Party p : std::get<std::vector<Party>>(parties)) minutes.attendees |= PartyBit(p);
               if (auto bad = ReadText(body, "notes", minutes.notes)) return *bad;
               if (const json::value* d = body.if_contains("decisions"); d && !d->is_null()) {
                 if (!d->is_array()) return ErrorResponse(400, "decisions", "must be a list of texts");
                 for (const json::value& text : d->as_array()) {
                   if (!text.is_string()) return ErrorResponse(400, "decisions", "must be a list of texts");
                   minutes.decisions.emplace_back(text.as_string());
                 }
               }
               if (const json::value* r = body.if_contains("ready"); r && !r->is_null()) {
                 if (!r->is_bool()) return ErrorResponse(400, "ready", "must be true or false");
                 minutes.ready = r->as_bool();
               }
               std::string prognosis;
               if (auto bad = ReadText(body, "prognosis_date", prognosis)) return *bad;
               if (!prognosis.empty()) {
                 minutes.prognosis_date = Date::Parse(prognosis);
                 if (!minutes.prognosis_date) return ErrorResponse(400, "prognosis_date", "must be a date YYYY-MM-DD");
               }
               if (auto bad = ReadBool(body, "coordination_started", minutes.coordination_started)) return *bad;
               const Date today = Today(context);
               auto events = MinutesEvents(t.meeting, minutes, today);
               if (!events.ok()) return ErrorResponse(400, events.error().field, events.error().reason);
               // Every event of the minutes must be one the user's party records (DOMAIN.md §3).
               for (const Event& e : *events) {
                 const AccessDecision allowed = DecideCaseAccess(ActorOf(who.user, who.unit), t.access.record->municipality,
                                                                 t.access.consents, today, CaseAction::kRecord, e.type);
                 if (!allowed.allowed) {
                   AuditEntry denied = EntryFor(context, who, t.access.record, "meeting_minutes", allowed);
                   denied.detail = t.meeting.id + ", " + allowed.reason;
                   if (!WriteAudit(context, denied).ok()) return StorageFailure();
                   return ErrorResponse(403, "kind", allowed.reason);
                 }
               }
               minutes.recorded_by = who.user.id;
               minutes.recorded_by_name = who.user.display_name;
               minutes.recorded_at = FormatUtcTimestamp(context.now());
               Meeting held = t.meeting;
               held.status = MeetingStatus::kHeld;
               held.minutes = minutes;
               held.version = t.meeting.version + 1;
               AuditEntry entry = MeetingEntry(context, who, t.access, held, "meeting_minutes");
               for (const Event& e : *events) entry.detail += ", " + std::string(Name(e.type));
               auto outcome = RecordMinutes(context.journal, held, *events, t.access.record->last_sequence, entry);
               if (!outcome.ok()) return StorageFailure();
               if (outcome->kind == RecordOutcome::Kind::kRefused)
                 return ErrorResponse(outcome->refusal.field == "if-match" ? 409 : 400, outcome->refusal.field,
                                      outcome->refusal.reason);
               if (outcome->kind == RecordOutcome::Kind::kConflict)
                 return ErrorResponse(409, "if-match", "the case has changed; read the meeting again");
               json::object answer = MeetingJson(context, held, Sight::kFull, who);
               json::array types;
               for (const Event& e : *events) types.emplace_back(std::string(Name(e.type)));
               answer["events"] = std::move(types);
               answer["sequence"] = outcome->sequence;
               return JsonAnswer(201, answer, held.version);
             });

  router.Add("GET", "/api/v1/meetings/{meeting_id}/ics", "The meeting as iCalendar (.ics), without personal data",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto target = TargetOf(context, who, request, Sight::kInvitation, "meeting_ics");
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               const Target& t = std::get<Target>(target);
               if (!WriteAudit(context, MeetingEntry(context, who, t.access, t.meeting, "meeting_ics")).ok())
                 return StorageFailure();
               IcsDetails details;
               details.caller_unit_name = t.meeting.called_by_unit;
               if (auto unit = context.journal.FindUnit(t.meeting.called_by_unit); unit.ok() && *unit)
                 details.caller_unit_name = (*unit)->name;
               details.municipality_name = MunicipalityName(t.meeting.municipality);
               details.now = context.now();
               Response r;
               r.content_type = "text/calendar; charset=utf-8; method=" +
                                std::string(t.meeting.status == MeetingStatus::kCancelled ? "CANCEL" : "REQUEST");
               r.body = MeetingIcs(t.meeting, details);
               r.headers.emplace_back("Content-Disposition", "attachment; filename=\"mote-" + t.meeting.id + ".ics\"");
               r.headers.emplace_back("ETag", ETag(t.meeting.version));
               return r;
             });
}

}  // namespace rattvag::http
