#include "http/sip_routes.hpp"

#include <boost/json.hpp>

#include <map>
#include <string>
#include <variant>

#include "app/sip.hpp"
#include "codec/sip_json.hpp"
#include "domain/access.hpp"
#include "domain/method.hpp"
#include "domain/personal_data.hpp"
#include "domain/sip.hpp"
#include "codec/report_format.hpp"
#include "http/case_access.hpp"
#include "http/fhir_routes.hpp"
#include "pdf/render.hpp"
#include "pdf/sip_document.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

// The one answer for a SIP that is missing or that the user may not see.
Response SipNotFound() { return ErrorResponse(404, "sip", "no such SIP"); }

Response FirstError(const std::vector<Error>& errors) {
  return ErrorResponse(400, errors.front().field, errors.front().reason);
}

json::array PartyList(const std::vector<Party>& parties) {
  json::array out;
  for (Party p : parties) out.emplace_back(std::string(Name(p)));
  return out;
}

// What anyone invited may see: who called, when, which municipality, the title. No personal data.
json::object InvitationJson(const Sip& sip, const std::string& unit_name) {
  return json::object{{"id", sip.id},
                      {"title", sip.title},
                      {"municipality", sip.municipality},
                      {"called_by", std::string(Name(sip.called_by))},
                      {"called_by_unit", sip.called_by_unit},
                      {"called_by_unit_name", unit_name},
                      {"called_on", sip.called_on.ToString()},
                      {"invited", PartyList(sip.invited)}};
}

json::value FollowUpJson(const Sip& sip, Date today) {
  const auto f = SipFollowUpOf(sip, today);
  if (!f) return nullptr;
  return json::object{{"due", f->due.ToString()},
                      {"overdue", f->overdue},
                      {"coordinator_name", f->coordinator_name},
                      {"coordinator_party", std::string(Name(f->coordinator_party))}};
}

json::object FullJson(const Sip& sip, const std::string& unit_name, Date today) {
  json::object o = InvitationJson(sip, unit_name);
  o["access"] = "full";
  o["person_id"] = sip.person_public_id;
  o["latest"] = SipVersionToJson(LatestVersion(sip));
  json::array versions;
  for (const SipVersion& v : sip.versions) versions.push_back(SipVersionHeaderToJson(v));
  o["versions"] = std::move(versions);
  o["follow_up"] = FollowUpJson(sip, today);
  return o;
}

std::string UnitName(Journal& journal, const std::string& unit_id) {
  auto unit = journal.FindUnit(unit_id);
  return unit.ok() && *unit ? (*unit)->name : std::string();
}

// A stored SIP as the user may see it, with the person's record and the decisions.
struct Seen {
  std::optional<Sip> sip;
  std::optional<PersonRecord> record;
  SipAccessDecision access;
};

// Loads the SIP and decides what `who` may do with it. REQUIRES: the journal mutex is held.
Result<Seen> See(SessionContext& context, const Authenticated& who, const std::string& sip_id) {
  Seen seen;
  auto sip = LoadSip(context.journal, sip_id);
  if (!sip.ok()) return sip.error();
  if (!*sip || (*sip)->versions.empty()) return seen;
  seen.sip = std::move(*sip);
  auto record = context.journal.LoadPersonByPublicId(seen.sip->person_public_id);
  if (!record.ok()) return record.error();
  seen.record = std::move(*record);
  auto decided = Decide(context, who, seen.record, CaseAction::kRead);
  if (!decided.ok()) return decided.error();
  seen.access = DecideSipAccess(decided->first, ActorOf(who.user, who.unit), seen.sip->municipality, seen.sip->invited);
  return seen;
}

// The audit entry of an access to a SIP: the case decision for full access and denials, the
// invitation for a party that sees only that.
AuditEntry SipEntry(SessionContext& context, const Authenticated& who, const Seen& seen, const std::string& action,
                    SipAccess needed = SipAccess::kFull) {
  if (seen.access.access == SipAccess::kInvitation && needed == SipAccess::kInvitation) {
    AuditEntry e = AuditEntryOf(context, who, action, "invitation", "allowed",
                                "inbjudan till " + seen.sip->id + " utan samtycke: ingen persondata");
    e.person = seen.record ? seen.record->personnummer : "";
    return e;
  }
  AccessDecision decision = seen.access.case_decision;
  if (!decision.allowed && decision.reason.empty()) decision.reason = "no access to the SIP";
  AuditEntry e = EntryFor(context, who, seen.record, action, decision);
  e.detail = (e.detail.empty() ? "" : e.detail + "; ") + seen.sip->id;
  return e;
}

// Reads the SIP for `action` with full access, writing the audit entry; the answer to give
// instead when it is not allowed (404) or the journal fails (503).
std::variant<Seen, Response> ReadFull(SessionContext& context, const Authenticated& who, const std::string& sip_id,
                                      const std::string& action) {
  auto seen = See(context, who, sip_id);
  if (!seen.ok()) return StorageFailure();
  if (!seen->sip) return SipNotFound();
  if (!WriteAudit(context, SipEntry(context, who, *seen, action)).ok()) return StorageFailure();
  if (seen->access.access != SipAccess::kFull) return SipNotFound();
  return std::move(*seen);
}

std::optional<int> ParseNumber(const std::string& text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(text);
}

// The version a rendering asks for (`?version=N`), nothing for the latest; 400 naming "version".
std::variant<std::optional<int>, Response> VersionAsked(const Request& request) {
  auto query = ParseQuery(request.query, {"version"});
  if (auto* bad = std::get_if<Response>(&query)) return *bad;
  const auto& params = std::get<0>(query);
  if (!params.count("version")) return std::optional<int>{};
  const auto number = ParseNumber(params.at("version"));
  if (!number) return ErrorResponse(400, "version", "must be a version number (1, 2, …)");
  return number;
}

// What the PDF and FHIR renderings start from: the session, the version asked for (?version=N,
// empty for the latest) and the SIP read in full under `action` (audited), read under the
// journal's lock; or the answer to give instead.
struct Rendering {
  Seen seen;
  std::optional<int> version;
};
std::variant<Rendering, Response> ReadRendering(SessionContext& context, const Request& request,
                                                const std::string& action) {
  auto session = RequireSession(context, request, false);
  if (auto* answer = std::get_if<Response>(&session)) return *answer;
  const Authenticated& who = std::get<Authenticated>(session);
  auto asked = VersionAsked(request);
  if (auto* bad = std::get_if<Response>(&asked)) return *bad;
  std::lock_guard lock(context.journal_mutex);
  auto read = ReadFull(context, who, request.params.at("sip"), action);
  if (auto* answer = std::get_if<Response>(&read)) return *answer;
  return Rendering{std::move(std::get<Seen>(read)), std::get<std::optional<int>>(asked)};
}

SipVersion NewVersion(SessionContext& context, const Authenticated& who, std::string comment, SipPlan plan) {
  SipVersion v;
  v.created_at = FormatUtcTimestamp(context.now());
  v.author_user_id = who.user.id;
  v.author_name = who.user.display_name;
  v.author_party = PartyOf(who.user.role).value_or(Party::kEb);
  v.comment = std::move(comment);
  v.plan = std::move(plan);
  return v;
}

// The comment and plan of a request body (a JSON object of plan fields and "comment", plus
// `extra` keys the caller reads), or the 400 to answer.
std::variant<std::pair<std::string, SipPlan>, Response> CommentAndPlan(const json::object& body, Date today,
                                                                        std::span<const std::string_view> extra) {
  std::vector<std::string_view> others(extra.begin(), extra.end());
  others.push_back("comment");
  auto plan = SipPlanFromJson(body, others);
  if (!plan.ok()) return ErrorResponse(400, plan.error().field, plan.error().reason);
  if (auto errors = ValidateSipPlan(*plan, today); !errors.empty()) return FirstError(errors);
  std::string comment;
  if (const json::value* c = body.if_contains("comment"); c && !c->is_null()) {
    if (!c->is_string()) return ErrorResponse(400, "comment", "must be a string");
    comment = std::string(c->as_string());
  }
  if (auto error = ValidateSipComment(comment)) return ErrorResponse(400, error->field, error->reason);
  return std::make_pair(std::move(comment), std::move(*plan));
}

std::variant<json::object, Response> BodyObject(const Request& request) {
  json::error_code ec;
  json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
  return std::move(body.as_object());
}

// The municipalities whose invitations the user's party sees: its own for the municipality's
// units, its area for FK, the region and AF.
std::vector<std::string> ServedMunicipalities(const Authenticated& who) {
  const auto party = PartyOf(who.user.role);
  if (party == Party::kEb || party == Party::kAme || party == Party::kNurse) return {who.unit.municipality};
  return who.unit.area;
}

Response Json(int status, const json::object& body) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

}  // namespace

void AddSipRoutes(Router& router, SessionContext& context) {
  PrepareContext(context);

  router.Add("POST", "/api/v1/persons/{id}/sips", "Call a SIP for the person and invite parties",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
               if (!record.ok()) return StorageFailure();
               auto decided = Decide(context, who, *record, CaseAction::kRead);
               if (!decided.ok()) return StorageFailure();
               const AccessDecision& decision = decided->first;
               // Who may not read the person learns nothing, not even whether the body was good.
               if (!MayCallSip(decision)) {
                 if (!WriteAudit(context, EntryFor(context, who, *record, "sip_call", decision)).ok())
                   return StorageFailure();
                 return NotFound();
               }
               auto body = BodyObject(request);
               if (auto* bad = std::get_if<Response>(&body)) return *bad;
               const json::object& o = std::get<json::object>(body);
               const Date today = Today(context);
               std::string title;
               if (const json::value* t = o.if_contains("title"); t && t->is_string()) title = std::string(t->as_string());
               else if (t && !t->is_null()) return ErrorResponse(400, "title", "must be a string");
               std::vector<Party> invited;
               if (const json::value* list = o.if_contains("invited"); list && !list->is_null()) {
                 if (!list->is_array()) return ErrorResponse(400, "invited", "must be a list of parties");
                 for (size_t i = 0; i < list->as_array().size(); ++i) {
                   const json::value& p = list->as_array()[i];
                   const auto party = p.is_string() ? ParseParty(std::string_view(p.as_string())) : std::nullopt;
                   if (!party)
                     return ErrorResponse(400, "invited[" + std::to_string(i) + "]",
                                          "must be one of eb, fk, region, af, ame, nurse");
                   invited.push_back(*party);
                 }
               }
               const Party caller = PartyOf(who.user.role).value_or(Party::kEb);
               if (auto errors = ValidateSipCall(title, invited, caller); !errors.empty()) return FirstError(errors);
               // The title is shown to invited parties without consent: no personal data in it.
               if (!FindPersonalData(title, today).empty())
                 return ErrorResponse(400, "title",
                                      "must not contain personal data (a name, personnummer or e-mail address): "
                                      "invited parties without consent see it");
               static constexpr std::string_view kCallKeys[] = {"title", "invited"};
               auto content = CommentAndPlan(o, today, kCallKeys);
               if (auto* bad = std::get_if<Response>(&content)) return *bad;
               auto& [comment, plan] = std::get<0>(content);
               Sip sip;
               sip.id = NewSipId();
               sip.person_public_id = (*record)->public_id;
               sip.municipality = (*record)->municipality;
               sip.called_by = caller;
               sip.called_by_unit = who.unit.id;
               sip.called_on = today;
               sip.invited = invited;
               sip.title = title;
               SipVersion first = NewVersion(context, who, comment, plan);
               first.number = 1;
               sip.versions.push_back(std::move(first));
               AuditEntry entry = EntryFor(context, who, *record, "sip_call", decision);
               entry.detail = (entry.detail.empty() ? "" : entry.detail + "; ") + sip.id;
               if (!CallSip(context.journal, sip, entry).ok()) return StorageFailure();
               Response r = Json(201, FullJson(sip, who.unit.name, today));
               r.headers.emplace_back("ETag", ETag(1));
               r.headers.emplace_back("Location", "/api/v1/sips/" + sip.id);
               return r;
             });

  router.Add("GET", "/api/v1/persons/{id}/sips", "The person's SIPs", [&context](const Request& request) {
    auto session = RequireSession(context, request, false);
    if (auto* answer = std::get_if<Response>(&session)) return *answer;
    const Authenticated& who = std::get<Authenticated>(session);
    std::lock_guard lock(context.journal_mutex);
    auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
    if (!record.ok()) return StorageFailure();
    auto decided = DecideAndLog(context, who, *record, "read_sips");
    if (!decided.ok()) return StorageFailure();
    if (!decided->first.allowed) return NotFound();
    auto sips = context.journal.ListSipsOfPerson((*record)->public_id);
    if (!sips.ok()) return StorageFailure();
    const Date today = Today(context);
    json::array items;
    std::map<std::string, std::string> unit_names;
    for (const Sip& s : *sips) {
      if (s.versions.empty()) continue;
      if (!unit_names.count(s.called_by_unit)) unit_names[s.called_by_unit] = UnitName(context.journal, s.called_by_unit);
      json::object o = InvitationJson(s, unit_names[s.called_by_unit]);
      const SipVersion& latest = LatestVersion(s);
      o["latest_version"] = latest.number;
      o["updated_at"] = latest.created_at;
      o["agreed_on"] = latest.plan.agreed_on ? json::value(latest.plan.agreed_on->ToString()) : json::value(nullptr);
      o["follow_up"] = FollowUpJson(s, today);
      items.push_back(std::move(o));
    }
    return Json(200, json::object{{"items", std::move(items)}});
  });

  router.Add("GET", "/api/v1/sips/{sip}", "A SIP: the latest version and the history (or the invitation only)",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto seen = See(context, who, request.params.at("sip"));
               if (!seen.ok()) return StorageFailure();
               if (!seen->sip) return SipNotFound();
               const SipAccess access = seen->access.access;
               const std::string action = access == SipAccess::kInvitation ? "read_sip_invitation" : "read_sip";
               if (!WriteAudit(context, SipEntry(context, who, *seen, action, SipAccess::kInvitation)).ok())
                 return StorageFailure();
               if (access == SipAccess::kNone) return SipNotFound();
               const std::string unit_name = UnitName(context.journal, seen->sip->called_by_unit);
               if (access == SipAccess::kInvitation) {
                 json::object o = InvitationJson(*seen->sip, unit_name);
                 o["access"] = "invitation";
                 return Json(200, o);
               }
               Response r = Json(200, FullJson(*seen->sip, unit_name, Today(context)));
               r.headers.emplace_back("ETag", ETag(LatestVersion(*seen->sip).number));
               return r;
             });

  router.Add("GET", "/api/v1/sips/{sip}/versions/{number}", "One version of a SIP",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               const auto number = ParseNumber(request.params.at("number"));
               if (!number) return ErrorResponse(400, "number", "must be a version number (1, 2, …)");
               std::lock_guard lock(context.journal_mutex);
               auto read = ReadFull(context, who, request.params.at("sip"), "read_sip_version");
               if (auto* answer = std::get_if<Response>(&read)) return *answer;
               const Seen& seen = std::get<Seen>(read);
               const SipVersion* v = FindVersion(*seen.sip, *number);
               if (!v) return ErrorResponse(404, "number", "the SIP has no such version");
               return Json(200, SipVersionToJson(*v));
             });

  router.Add("POST", "/api/v1/sips/{sip}/versions", "Save a new version of a SIP (If-Match: the latest version)",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto seen = See(context, who, request.params.at("sip"));
               if (!seen.ok()) return StorageFailure();
               if (!seen->sip) return SipNotFound();
               if (seen->access.access != SipAccess::kFull) {
                 if (!WriteAudit(context, SipEntry(context, who, *seen, "sip_save_version")).ok()) return StorageFailure();
                 return SipNotFound();
               }
               const auto expected = RequireIfMatch(request);
               if (auto* bad = std::get_if<Response>(&expected)) {
                 Response r = *bad;
                 if (r.status == 428)
                   r = ErrorResponse(428, "if-match", "is required: the ETag (version number) of the SIP as last read");
                 return r;
               }
               auto body = BodyObject(request);
               if (auto* bad = std::get_if<Response>(&body)) return *bad;
               const Date today = Today(context);
               auto content = CommentAndPlan(std::get<json::object>(body), today, {});
               if (auto* bad = std::get_if<Response>(&content)) return *bad;
               auto& [comment, plan] = std::get<0>(content);
               const int64_t expected_number = std::get<int64_t>(expected);
               const int latest = LatestVersion(*seen->sip).number;
               if (expected_number != latest) {
                 Response r = ErrorResponse(409, "if-match", "the SIP has a newer version than the one read; read it again");
                 r.headers.emplace_back("ETag", ETag(latest));
                 return r;
               }
               SipVersion version = NewVersion(context, who, comment, plan);
               const AuditEntry entry = SipEntry(context, who, *seen, "sip_save_version");
               auto saved = SaveSipVersion(context.journal, seen->sip->id, latest, version, entry);
               if (!saved.ok()) return StorageFailure();
               if (saved->kind == SaveSipOutcome::Kind::kUnknown) return SipNotFound();
               if (saved->kind == SaveSipOutcome::Kind::kConflict) {
                 Response r = ErrorResponse(409, "if-match", "the SIP has a newer version than the one read; read it again");
                 r.headers.emplace_back("ETag", ETag(saved->number));
                 return r;
               }
               version.number = saved->number;
               Response r = Json(201, SipVersionToJson(version));
               r.headers.emplace_back("ETag", ETag(saved->number));
               return r;
             });

  router.Add("GET", "/api/v1/sips/{sip}/compare", "What changed between two versions of a SIP (?from=&to=)",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               auto query = ParseQuery(request.query, {"from", "to"});
               if (auto* bad = std::get_if<Response>(&query)) return *bad;
               const auto& params = std::get<0>(query);
               std::optional<int> numbers[2];
               const char* names[2] = {"from", "to"};
               for (int i = 0; i < 2; ++i) {
                 if (!params.count(names[i])) return ErrorResponse(400, names[i], "is required: a version number");
                 numbers[i] = ParseNumber(params.at(names[i]));
                 if (!numbers[i]) return ErrorResponse(400, names[i], "must be a version number (1, 2, …)");
               }
               std::lock_guard lock(context.journal_mutex);
               auto read = ReadFull(context, who, request.params.at("sip"), "compare_sip");
               if (auto* answer = std::get_if<Response>(&read)) return *answer;
               const Seen& seen = std::get<Seen>(read);
               const SipVersion* from = FindVersion(*seen.sip, *numbers[0]);
               const SipVersion* to = FindVersion(*seen.sip, *numbers[1]);
               if (!from) return ErrorResponse(404, "from", "the SIP has no such version");
               if (!to) return ErrorResponse(404, "to", "the SIP has no such version");
               json::array changes;
               for (const SipChange& c : CompareSipPlans(from->plan, to->plan)) changes.push_back(SipChangeToJson(c));
               return Json(200, json::object{{"from", SipVersionHeaderToJson(*from)},
                                             {"to", SipVersionHeaderToJson(*to)},
                                             {"changes", std::move(changes)}});
             });

  // The renderings of a SIP (issue 5 items 1 and 7): a document the person can take home and a
  // FHIR R4 CarePlan. Both need full access, carry the person's identity and are audited as
  // disclosures before they leave the server. `?version=N`, else the latest version.
  router.Add("GET", "/api/v1/sips/{sip}/pdf", "A version of the SIP as a PDF document in Swedish (?version=N, else the latest)",
             [&context](const Request& request) {
               auto read = ReadRendering(context, request, "print_sip");
               if (auto* answer = std::get_if<Response>(&read)) return *answer;
               const Seen& seen = std::get<Rendering>(read).seen;
               const int version = std::get<Rendering>(read).version.value_or(LatestVersion(*seen.sip).number);
               auto document = pdf::BuildSipDocument(
                   *seen.sip, version,
                   {MunicipalityName(seen.sip->municipality), seen.record ? seen.record->personnummer : "", Today(context)});
               if (!document.ok()) return ErrorResponse(404, document.error().field, document.error().reason);
               // Laid out outside the journal's lock: rendering takes a while and reads nothing.
               auto bytes = pdf::RenderPdf(*document);
               if (!bytes.ok()) return ErrorResponse(422, bytes.error().field, bytes.error().reason);
               Response r;
               r.content_type = "application/pdf";
               r.body = std::move(*bytes);
               r.headers.emplace_back("Content-Disposition", "attachment; filename=\"sip-" + document->generated.ToString() + ".pdf\"");
               r.headers.emplace_back("Cache-Control", "no-store");
               return r;
             });

  router.Add("GET", "/api/v1/sips/{sip}/fhir", "A version of the SIP as a FHIR R4 Bundle: CarePlan, CareTeam, Goals, Patient (?version=N)",
             [&context](const Request& request) {
               auto read = ReadRendering(context, request, "export_sip_fhir");
               if (auto* answer = std::get_if<Response>(&read)) return *answer;
               const Seen& seen = std::get<Rendering>(read).seen;
               std::optional<fhir::PatientIdentity> identity;
               if (seen.record) identity = fhir::PatientIdentity{seen.record->personnummer, ""};
               Response r = SipFhirAnswer(*seen.sip, std::get<Rendering>(read).version, identity, context.now());
               if (r.status == 200) {
                 r.headers.emplace_back("Content-Disposition", "attachment; filename=\"sip-fhir.json\"");
                 r.headers.emplace_back("Cache-Control", "no-store");
               }
               return r;
             });

  router.Add("GET", "/api/v1/sip-invitations", "The SIPs that invite the user's party (the invitation only without consent)",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               const auto party = PartyOf(who.user.role);
               if (!party) return ErrorResponse(403, "role", "SIP invitations are for the parties of the method");
               const std::vector<std::string> municipalities = ServedMunicipalities(who);
               std::lock_guard lock(context.journal_mutex);
               auto sips = context.journal.ListSipInvitations(municipalities, *party);
               if (!sips.ok()) return StorageFailure();
               json::array items;
               std::vector<AuditEntry> entries;
               std::map<std::string, std::string> unit_names;
               for (const Sip& s : *sips) {
                 Seen seen;
                 seen.sip = s;
                 auto record = context.journal.LoadPersonByPublicId(s.person_public_id);
                 if (!record.ok()) return StorageFailure();
                 seen.record = std::move(*record);
                 auto decided = Decide(context, who, seen.record, CaseAction::kRead);
                 if (!decided.ok()) return StorageFailure();
                 seen.access = DecideSipAccess(decided->first, ActorOf(who.user, who.unit), s.municipality, s.invited);
                 if (seen.access.access == SipAccess::kNone) continue;
                 entries.push_back(SipEntry(context, who, seen, "read_sip_invitations", SipAccess::kInvitation));
                 if (!unit_names.count(s.called_by_unit)) unit_names[s.called_by_unit] = UnitName(context.journal, s.called_by_unit);
                 json::object o = InvitationJson(s, unit_names[s.called_by_unit]);
                 const bool full = seen.access.access == SipAccess::kFull;
                 o["access"] = full ? "full" : "invitation";
                 // The person only under a consent (or ownership): then the SIP can be opened.
                 o["person_id"] = full ? json::value(s.person_public_id) : json::value(nullptr);
                 items.push_back(std::move(o));
               }
               if (!entries.empty()) {
                 UnitOfWork work(context.journal);
                 Status s = work.Begin();
                 for (const AuditEntry& e : entries)
                   if (s.ok()) s = context.journal.AppendAudit(e);
                 if (s.ok()) s = work.Commit();
                 if (!s.ok()) return StorageFailure();
               }
               return Json(200, json::object{{"party", std::string(Name(*party))}, {"items", std::move(items)}});
             });
}

}  // namespace rattvag::http
