#include "app/meetings.hpp"

#include <algorithm>
#include <string>

#include "app/queries.hpp"
#include "domain/access.hpp"
#include "domain/date.hpp"
#include "domain/eligibility.hpp"

namespace rattvag {

Result<std::vector<Meeting>> ListMeetingsOfPerson(Journal& journal, std::string_view person) {
  return journal.MeetingsOfPerson(person);
}

Result<std::vector<Meeting>> UpcomingMeetingsOfPerson(Journal& journal, std::string_view person, Date from) {
  auto all = journal.MeetingsOfPerson(person);
  if (!all.ok()) return all;
  std::erase_if(*all, [from](const Meeting& m) { return m.date < from || m.status == MeetingStatus::kCancelled; });
  return all;
}

Result<RecordOutcome> RecordMinutes(Journal& journal, const Meeting& held, std::span<const Event> events,
                                    int64_t expected_sequence, const AuditEntry& audit) {
  auto stored = journal.FindMeeting(held.id);
  if (!stored.ok()) return stored.error();
  if (!*stored || (*stored)->version != held.version - 1) {
    RecordOutcome refused;
    refused.refusal = Error{"if-match", "the meeting has changed since it was read; read it again"};
    return refused;
  }
  return RecordEvents(journal, events, expected_sequence, audit, [&held](Journal& j) { return j.SaveMeeting(held); });
}

Result<int> AddDemoMeetings(Journal& journal, Date today, const std::string& municipality, AuditEntry audit) {
  auto existing = journal.MeetingsFrom({}, Date(2000, 1, 1));
  if (!existing.ok()) return existing.error();
  if (!existing->empty()) return 0;
  std::vector<std::string> persons;
  const std::vector<std::string> only = {municipality};
  RATTVAG_TRY_STATUS(journal.ScanPersons(only, [&](const PersonRow& row) {
    persons.emplace_back(row.person);
    return true;
  }));
  std::sort(persons.begin(), persons.end());  // The same persons on every run.
  const std::string created_at = today.ToString() + "T08:00:00.000Z";
  auto base = [&](int n, MeetingKind kind, Date date, int start) {
    Meeting m;
    m.id = "m-demo-" + std::to_string(n);
    m.municipality = municipality;
    m.kind = kind;
    m.date = date;
    m.start_minutes = start;
    m.duration_minutes = 60;
    m.called_by = Party::kEb;
    m.called_by_unit = "eb-" + municipality;
    m.called_by_user = "u-demo-eb";
    m.called_by_name = "Eva Bergström (demo)";
    m.created_at = created_at;
    return m;
  };
  int added = 0;
  size_t next = 0;
  // Adds `m` for the next person whose case takes it (the held one: its minutes' events too).
  auto add = [&](Meeting m, bool without_consent = false) -> Status {
    for (; next < persons.size(); ++next) {
      auto record = journal.LoadPerson(persons[next]);
      if (!record.ok()) return record.error();
      if (!*record) continue;
      // Persons on EB now; for `without_consent`, one no consent in force covers (the invited
      // parties then see the invitation only).
      auto view = LoadPersonView(journal, persons[next], today, DefaultEligibilityRules());
      if (!view.ok()) return view.error();
      if (!*view || !(*view)->projection.on_eb) continue;
      const auto& consents = (*view)->projection.consents;
      if (without_consent &&
          std::any_of(consents.begin(), consents.end(), [&](const ConsentView& c) { return ConsentInForce(c, today); }))
        continue;
      m.person = persons[next];
      audit.person = m.person;
      audit.detail = m.id;
      if (m.status != MeetingStatus::kHeld) {
        UnitOfWork work(journal);
        RATTVAG_TRY_STATUS(work.Begin());
        RATTVAG_TRY_STATUS(journal.AddMeeting(m));
        RATTVAG_TRY_STATUS(journal.AppendAudit(audit));
        RATTVAG_TRY_STATUS(work.Commit());
        ++next;
        ++added;
        return Status::Ok();
      }
      // Held: scheduled first, then its minutes recorded as a user would.
      Meeting planned = m;
      planned.status = MeetingStatus::kPlanned;
      planned.minutes.reset();
      planned.version = 1;
      auto events = MinutesEvents(planned, *m.minutes, today);
      if (!events.ok()) return events.error();
      {
        UnitOfWork work(journal);
        RATTVAG_TRY_STATUS(work.Begin());
        RATTVAG_TRY_STATUS(journal.AddMeeting(planned));
        RATTVAG_TRY_STATUS(work.Commit());
      }
      m.version = 2;
      auto outcome = RecordMinutes(journal, m, *events, (*record)->last_sequence, audit);
      if (!outcome.ok()) return outcome.error();
      if (outcome->kind == RecordOutcome::Kind::kStored) {
        ++next;
        ++added;
        return Status::Ok();
      }
      // The case refuses it (e.g. the person has left EB): cancel it and try the next person.
      planned.status = MeetingStatus::kCancelled;
      planned.version = 2;
      UnitOfWork work(journal);
      RATTVAG_TRY_STATUS(work.Begin());
      RATTVAG_TRY_STATUS(journal.SaveMeeting(planned));
      RATTVAG_TRY_STATUS(work.Commit());
      m.id += "-b";
      planned.id = m.id;
    }
    return Status::Ok();
  };

  Meeting avstamning = base(1, MeetingKind::kAvstamning, today.AddDays(3), 10 * 60);
  avstamning.place = "Försäkringskassan, Halmstad, rum Ljungen";
  avstamning.duration_minutes = 90;
  avstamning.invitations = {Answered(Party::kFk, InvitationAnswer::kAccepted, "u-demo-fk", "Fatima Karlsson (demo)", created_at),
                            Invite(Party::kRegion)};
  avstamning.message = "Avstämning inför samordnad rehabilitering. Anmäl dig i receptionen.";
  RATTVAG_TRY_STATUS(add(avstamning));

  Meeting sip = base(2, MeetingKind::kSip, today.AddDays(7), 13 * 60 + 30);
  sip.video_url = "https://video.example.se/rum/sip-demo";
  sip.invitations = {Invite(Party::kFk), Invite(Party::kRegion), Invite(Party::kAme)};
  sip.message = "SIP-möte på video. Länken öppnas fem minuter före start.";
  RATTVAG_TRY_STATUS(add(sip, true));

  Meeting mapping = base(3, MeetingKind::kMapping, today.AddDays(-10), 9 * 60);
  mapping.place = "Ekonomiskt bistånd, Halmstad, samtalsrum 2";
  mapping.invitations = {Answered(Party::kNurse, InvitationAnswer::kAccepted, "u-demo-ssk", "Sara Sköld (demo)", created_at)};
  mapping.status = MeetingStatus::kHeld;
  MeetingMinutes minutes;
  minutes.attendees = PartyBit(Party::kEb) | PartyBit(Party::kNurse);
  minutes.notes = "Genomgång av hälsa, vardag och tidigare insatser. Samtycke till FK och regionen diskuterades.";
  minutes.decisions = {"Läkarintyg begärs från vårdcentralen.", "Nytt samtal om två veckor."};
  minutes.recorded_by = "u-demo-eb";
  minutes.recorded_by_name = "Eva Bergström (demo)";
  minutes.recorded_at = created_at;
  mapping.minutes = minutes;
  RATTVAG_TRY_STATUS(add(mapping));

  Meeting cancelled = base(4, MeetingKind::kAvstamning, today.AddDays(5), 14 * 60);
  cancelled.place = "Försäkringskassan, Halmstad";
  cancelled.invitations = {Answered(Party::kFk, InvitationAnswer::kDeclined, "u-demo-fk", "Fatima Karlsson (demo)", created_at,
                                     "Krockar med annat möte.")};
  cancelled.status = MeetingStatus::kCancelled;
  cancelled.cancel_reason = "Flyttas till nästa månad.";
  RATTVAG_TRY_STATUS(add(cancelled));
  return added;
}

}  // namespace rattvag
