#include "http/referral_routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <variant>

#include "app/queries.hpp"
#include "app/record.hpp"
#include "codec/event_json.hpp"
#include "domain/access.hpp"
#include "domain/accounts.hpp"
#include "domain/calendar.hpp"
#include "domain/referral.hpp"
#include "http/case_access.hpp"
#include "security/random.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {


std::string_view KindName(PersonalDataKind kind) {
  switch (kind) {
    case PersonalDataKind::kPersonnummer:
      return "personnummer";
    case PersonalDataKind::kIdentityNumberShape:
      return "number_like_a_personnummer";
    case PersonalDataKind::kProbableName:
      return "probable_name";
    case PersonalDataKind::kEmailAddress:
      return "email_address";
  }
  return "personal_data";
}

// The opaque id of a linked referral's person when `who` may read that case today (the owner,
// or a party under a consent in force); nothing otherwise, not even that it is linked.
// REQUIRES: the journal mutex is held.
Result<std::optional<std::string>> VisibleLinkedPerson(SessionContext& context, const Authenticated& who,
                                                       const AnonymousReferral& r) {
  if (r.linked_person.empty()) return std::optional<std::string>();
  auto record = context.journal.LoadPerson(r.linked_person);
  if (!record.ok()) return record.error();
  auto decided = Decide(context, who, *record, CaseAction::kRead);
  if (!decided.ok()) return decided.error();
  if (!decided->first.allowed) return std::optional<std::string>();
  return std::optional<std::string>((*record)->public_id);
}

// The exchange-format event of a referral for the named case (the referral's own id).
Result<Event> ReferralEvent(std::string_view type, const std::string& person, Date on, const std::string& referral_id,
                            Date today) {
  json::object line{{"type", type}, {"person", person}, {"date", on.ToString()}, {"referral_id", referral_id}};
  DecodedLine decoded = DecodeEventLine(json::serialize(line), today);
  if (!decoded.errors.empty()) return decoded.errors.front();
  return std::move(decoded.event);
}

json::object ReferralJson(const AnonymousReferral& r, Date today, const std::optional<std::string>& person_id = {}) {
  json::object o{{"id", r.id},
                 {"municipality", r.municipality},
                 {"sent_on", r.sent_on.ToString()},
                 {"callback_due", CallbackDue(r).ToString()},
                 {"status", std::string(Name(StatusOn(r, today)))},
                 {"contact", json::object{{"name", r.contact_name}, {"phone", r.contact_phone}, {"email", r.contact_email}}},
                 {"description", r.description}};
  o["called_back_on"] = r.called_back_on ? json::value(r.called_back_on->ToString()) : json::value(nullptr);
  // Swedish working days until the callback is due (0: due today; negative: that many working
  // days overdue); null once called back.
  const Date due = CallbackDue(r);
  o["working_days_left"] = r.called_back_on ? json::value(nullptr)
                           : due >= today   ? json::value(WorkingDaysAfter(today, due))
                                            : json::value(-WorkingDaysAfter(due, today));
  o["person_id"] = person_id ? json::value(*person_id) : json::value(nullptr);
  return o;
}

AuditEntry Entry(SessionContext& c, const Authenticated& who, std::string action, std::string detail) {
  return AuditEntryOf(c, who, std::move(action), "anonymous", "allowed", std::move(detail));
}

}  // namespace

void AddReferralRoutes(Router& router, SessionContext& context) {
  router.Add("POST", "/api/v1/referrals", "Send an anonymous referral to FK's function mailbox",
             [&context](const Request& request) {
               auto caller = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&caller)) return *answer;
               const Authenticated& who = std::get<Authenticated>(caller);
               if (PartyOf(who.user.role) != Party::kEb)
                 return ErrorResponse(403, "role", "only the EB unit sends referrals to FK's mailbox");
               json::error_code ec;
               const json::value body = json::parse(request.body, ec);
               if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
               AnonymousReferral r;
               bool acknowledged = false;
               for (const auto& [key, value] : body.as_object()) {
                 if (key == "acknowledge_warnings") {
                   if (!value.is_bool()) return ErrorResponse(400, "acknowledge_warnings", "must be true or false");
                   acknowledged = value.as_bool();
                   continue;
                 }
                 std::string* field = key == "contact_name"    ? &r.contact_name
                                      : key == "contact_phone" ? &r.contact_phone
                                      : key == "contact_email" ? &r.contact_email
                                      : key == "description"   ? &r.description
                                                               : nullptr;
                 if (!field) return ErrorResponse(400, std::string(key), "is not a field of a referral");
                 if (!value.is_string()) return ErrorResponse(400, std::string(key), "must be a string");
                 *field = std::string(value.as_string());
               }
               const Date today = Today(context);
               if (auto errors = ValidateReferral(r, today); !errors.empty())
                 return ErrorResponse(400, errors.front().field, errors.front().reason);
               const auto warnings = ReferralWarnings(r, today);
               if (!warnings.empty() && !acknowledged) {
                 json::array list;
                 for (const auto& w : warnings)
                   list.push_back(json::object{{"kind", std::string(KindName(w.kind))},
                                               {"offset", w.offset},
                                               {"length", w.length}});
                 Response answer = ErrorResponse(
                     422, "description",
                     "may contain personal data of the person; remove it, or send again with acknowledge_warnings");
                 json::value parsed = json::parse(answer.body);
                 parsed.as_object()["warnings"] = std::move(list);
                 answer.body = json::serialize(parsed);
                 return answer;
               }
               r.id = "r-" + RandomHex(12);
               r.municipality = who.unit.municipality;
               r.sent_on = today;
               r.sender = who.user.id;
               std::lock_guard lock(context.journal_mutex);
               UnitOfWork work(context.journal);
               Status s = work.Begin();
               if (s.ok()) s = context.journal.AddReferral(r);
               if (s.ok())
                 s = context.journal.AppendAudit(Entry(context, who, "referral_send",
                                                       "referral " + r.id + (warnings.empty() ? "" : ", warnings acknowledged")));
               if (s.ok()) s = work.Commit();
               if (!s.ok()) return StorageFailure();
               Response answer;
               answer.status = 201;
               answer.body = json::serialize(ReferralJson(r, today));
               return answer;
             });

  // The same checks as a send, without sending: the view warns while the caseworker types.
  // Nothing is stored or logged (the text may hold the very personnummer it must not send).
  router.Add("POST", "/api/v1/referrals/check",
             "Check a referral's description for personal data, without sending it",
             [&context](const Request& request) {
               auto caller = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&caller)) return *answer;
               const Authenticated& who = std::get<Authenticated>(caller);
               if (PartyOf(who.user.role) != Party::kEb)
                 return ErrorResponse(403, "role", "only the EB unit sends referrals to FK's mailbox");
               json::error_code ec;
               const json::value body = json::parse(request.body, ec);
               if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
               for (const auto& [key, value] : body.as_object())
                 if (key != "description") return ErrorResponse(400, std::string(key), "is not a field of a check");
               const json::value* text = body.as_object().if_contains("description");
               if (!text || !text->is_string()) return ErrorResponse(400, "description", "is required, as a string");
               if (text->as_string().size() > kMaxReferralDescription)
                 return ErrorResponse(400, "description",
                                      "must be at most " + std::to_string(kMaxReferralDescription) + " characters");
               const auto findings = FindPersonalData(std::string_view(text->as_string()), Today(context));
               json::array list;
               for (const auto& f : findings)
                 list.push_back(json::object{{"kind", std::string(KindName(f.kind))},
                                             {"severity", f.severity == Severity::kRefuse ? "refuse" : "warn"},
                                             {"offset", f.offset},
                                             {"length", f.length}});
               Response answer;
               answer.body = json::serialize(json::object{{"refused", MustRefuse(findings)}, {"findings", std::move(list)}});
               return answer;
             });

  router.Add("GET", "/api/v1/mailbox", "FK's function mailbox: the referrals the user may see",
             [&context](const Request& request) {
               auto caller = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&caller)) return *answer;
               const Authenticated& who = std::get<Authenticated>(caller);
               const Actor actor = ActorOf(who.user, who.unit);
               std::vector<std::string> municipalities;
               for (const auto& m : actor.area)
                 if (MaySeeMailbox(actor, m)) municipalities.push_back(m);
               if (!actor.municipality.empty() && MaySeeMailbox(actor, actor.municipality)) municipalities.push_back(actor.municipality);
               if (municipalities.empty()) return ErrorResponse(403, "role", "has no function mailbox");
               const Date today = Today(context);
               std::lock_guard lock(context.journal_mutex);
               auto list = context.journal.ListReferrals(municipalities);
               if (!list.ok()) return StorageFailure();
               // Most urgent first: overdue, then open by due date, then the called back.
               std::stable_sort(list->begin(), list->end(), [&](const AnonymousReferral& a, const AnonymousReferral& b) {
                 const auto sa = StatusOn(a, today), sb = StatusOn(b, today);
                 const int ra = sa == MailboxStatus::kOverdue ? 0 : sa == MailboxStatus::kOpen ? 1 : 2;
                 const int rb = sb == MailboxStatus::kOverdue ? 0 : sb == MailboxStatus::kOpen ? 1 : 2;
                 if (ra != rb) return ra < rb;
                 return CallbackDue(a) < CallbackDue(b);
               });
               json::array items;
               for (const auto& r : *list) {
                 auto person = VisibleLinkedPerson(context, who, r);
                 if (!person.ok()) return StorageFailure();
                 items.push_back(ReferralJson(r, today, *person));
               }
               Response answer;
               answer.body = json::serialize(json::object{{"as_of", today.ToString()}, {"referrals", std::move(items)}});
               return answer;
             });

  router.Add("POST", "/api/v1/referrals/{id}/callback", "FK records that it has called back",
             [&context](const Request& request) {
               auto caller = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&caller)) return *answer;
               const Authenticated& who = std::get<Authenticated>(caller);
               const Actor actor = ActorOf(who.user, who.unit);
               std::lock_guard lock(context.journal_mutex);
               auto found = context.journal.FindReferral(request.params.at("id"));
               if (!found.ok()) return StorageFailure();
               // A referral outside the user's mailbox is answered like a missing one.
               if (!found->has_value() || PartyOf(who.user.role) != Party::kFk ||
                   !MaySeeMailbox(actor, (*found)->municipality))
                 return ErrorResponse(404, "referral", "no such referral in your mailbox");
               const Date today = Today(context);
               if ((*found)->called_back_on) return ErrorResponse(409, "referral", "has been called back already");
               const std::string id = (*found)->id;
               auto mark_called_back = [&](Journal& journal) -> Status {
                 Status s = journal.RecordCallback(id, today, who.user.id);
                 if (s.ok()) s = journal.AppendAudit(Entry(context, who, "referral_callback", "referral " + id));
                 return s;
               };
               // A referral linked to a case the user may read: the contact goes into the case too
               // (in the same transaction), under the consent that allows it.
               auto person = VisibleLinkedPerson(context, who, **found);
               if (!person.ok()) return StorageFailure();
               if (*person) {
                 auto record = context.journal.LoadPerson((*found)->linked_person);
                 if (!record.ok() || !record->has_value()) return StorageFailure();
                 auto decided = Decide(context, who, *record, CaseAction::kRecord, EventType::kFkContactMade);
                 if (!decided.ok()) return StorageFailure();
                 if (decided->first.allowed) {
                   auto event = ReferralEvent("fk_contact_made", (*record)->personnummer, today, id, today);
                   if (!event.ok()) return ErrorResponse(400, event.error().field, event.error().reason);
                   auto outcome = RecordEvents(context.journal, std::span(&*event, 1), (*record)->last_sequence,
                                               EntryFor(context, who, *record, "record:fk_contact_made", decided->first),
                                               mark_called_back);
                   if (!outcome.ok()) return StorageFailure();
                   if (outcome->kind == RecordOutcome::Kind::kRefused)
                     return ErrorResponse(409, outcome->refusal.field, outcome->refusal.reason);
                   if (outcome->kind == RecordOutcome::Kind::kConflict) return StorageFailure();
                   AnonymousReferral r = **found;
                   r.called_back_on = today;
                   r.called_back_by = who.user.id;
                   Response answer;
                   answer.body = json::serialize(ReferralJson(r, today, (*record)->public_id));
                   return answer;
                 }
               }
               UnitOfWork work(context.journal);
               Status s = work.Begin();
               if (s.ok()) s = mark_called_back(context.journal);
               if (!s.ok() && s.error().field == "referral")
                 return ErrorResponse(409, "referral", "has been called back already");
               if (s.ok()) s = work.Commit();
               if (!s.ok()) return StorageFailure();
               AnonymousReferral r = **found;
               r.called_back_on = today;
               r.called_back_by = who.user.id;
               Response answer;
               answer.body = json::serialize(ReferralJson(r, today, *person));
               return answer;
             });

  router.Add("POST", "/api/v1/referrals/{id}/link",
             "Link an anonymous referral to the named case once the person has consented to FK",
             [&context](const Request& request) {
               auto caller = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&caller)) return *answer;
               const Authenticated& who = std::get<Authenticated>(caller);
               json::error_code ec;
               const json::value body = json::parse(request.body, ec);
               if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
               for (const auto& [key, value] : body.as_object())
                 if (key != "person_id") return ErrorResponse(400, std::string(key), "is not a field of a link");
               const json::value* person_id = body.as_object().if_contains("person_id");
               if (!person_id || !person_id->is_string())
                 return ErrorResponse(400, "person_id", "is required: the id of the person's case");
               std::lock_guard lock(context.journal_mutex);
               auto found = context.journal.FindReferral(request.params.at("id"));
               if (!found.ok()) return StorageFailure();
               // Only the sending municipality's EB unit links its referrals.
               if (!found->has_value() || PartyOf(who.user.role) != Party::kEb ||
                   who.unit.municipality != (*found)->municipality)
                 return ErrorResponse(404, "referral", "no such referral of your unit");
               auto record = context.journal.LoadPersonByPublicId(std::string_view(person_id->as_string()));
               if (!record.ok()) return StorageFailure();
               auto decided = Decide(context, who, *record, CaseAction::kRecord, EventType::kFkReferralSent);
               if (!decided.ok()) return StorageFailure();
               if (!decided->first.allowed || !decided->second) {
                 if (!WriteAudit(context, EntryFor(context, who, *record, "link_referral", decided->first)).ok())
                   return StorageFailure();
                 return NotFound();
               }
               if (!(*found)->linked_person.empty()) return ErrorResponse(409, "referral", "is linked already");
               const Date today = Today(context);
               bool consented = false;
               for (const ConsentView& c : decided->second->projection.consents)
                 consented = consented || ((c.parties & PartyBit(Party::kFk)) && ConsentInForce(c, today));
               if (!consented)
                 return ErrorResponse(409, "person_id",
                                      "has no consent in force that names fk: the referral stays anonymous");
               const AnonymousReferral& r = **found;
               std::vector<Event> events;
               auto sent = ReferralEvent("fk_referral_sent", (*record)->personnummer, r.sent_on, r.id, today);
               if (!sent.ok()) return ErrorResponse(400, sent.error().field, sent.error().reason);
               events.push_back(std::move(*sent));
               if (r.called_back_on) {
                 auto contact = ReferralEvent("fk_contact_made", (*record)->personnummer, *r.called_back_on, r.id, today);
                 if (!contact.ok()) return ErrorResponse(400, contact.error().field, contact.error().reason);
                 events.push_back(std::move(*contact));
               }
               AuditEntry audit = EntryFor(context, who, *record, "link_referral", decided->first);
               audit.detail = "referral " + r.id;
               const std::string personnummer = (*record)->personnummer;
               auto outcome = RecordEvents(context.journal, events, (*record)->last_sequence, audit,
                                           [&](Journal& journal) { return journal.LinkReferral(r.id, personnummer); });
               if (!outcome.ok()) return StorageFailure();
               if (outcome->kind == RecordOutcome::Kind::kRefused)
                 return ErrorResponse(409, outcome->refusal.field, outcome->refusal.reason);
               if (outcome->kind == RecordOutcome::Kind::kConflict) return StorageFailure();
               Response answer;
               answer.body = json::serialize(ReferralJson(r, today, (*record)->public_id));
               return answer;
             });
}

}  // namespace rattvag::http
