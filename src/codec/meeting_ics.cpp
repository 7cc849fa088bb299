#include "codec/meeting_ics.hpp"

#include <libical/ical.h>

#include <memory>

#include "domain/method.hpp"

namespace rattvag {

namespace {

// Owns a component tree (the root frees its children).
struct ComponentDeleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Component = std::unique_ptr<icalcomponent, ComponentDeleter>;

icaltimetype LocalTime(Date date, int minutes) {
  icaltimetype t = icaltime_null_time();
  t.year = date.Year();
  t.month = static_cast<int>(date.Month());
  t.day = static_cast<int>(date.Day());
  t.hour = minutes / 60;
  t.minute = minutes % 60;
  t.second = 0;
  t.is_date = 0;
  return t;  // Floating: the TZID parameter says where.
}

// One observance of Europe/Stockholm since 1996 (the EU rule): the change on the last Sunday of
// `month` at `hour` local time, from `from` to `to` seconds east of UTC.
icalcomponent* Observance(icalcomponent_kind kind, int month, int day_in_1996, int hour, int from, int to,
                          const char* name) {
  icalcomponent* c = icalcomponent_new(kind);
  icaltimetype start = icaltime_null_time();
  start.year = 1996;
  start.month = month;
  start.day = day_in_1996;
  start.hour = hour;
  start.is_date = 0;
  icalcomponent_add_property(c, icalproperty_new_dtstart(start));
  icalcomponent_add_property(c, icalproperty_new_tzoffsetfrom(from));
  icalcomponent_add_property(c, icalproperty_new_tzoffsetto(to));
  icalcomponent_add_property(c, icalproperty_new_tzname(name));
  const std::string rule = "FREQ=YEARLY;BYMONTH=" + std::to_string(month) + ";BYDAY=-1SU";
  icalcomponent_add_property(c, icalproperty_new_rrule(icalrecurrencetype_from_string(rule.c_str())));
  return c;
}

icalproperty* WithTimezone(icalproperty* p) {
  icalproperty_add_parameter(p, icalparameter_new_tzid(kIcsTimezone));
  return p;
}

icalparameter_partstat PartStat(InvitationAnswer answer) {
  switch (answer) {
    case InvitationAnswer::kAccepted: return ICAL_PARTSTAT_ACCEPTED;
    case InvitationAnswer::kDeclined: return ICAL_PARTSTAT_DECLINED;
    case InvitationAnswer::kUnanswered: break;
  }
  return ICAL_PARTSTAT_NEEDSACTION;
}

}  // namespace

std::string MeetingIcs(const Meeting& meeting, const IcsDetails& details) {
  const bool cancelled = meeting.status == MeetingStatus::kCancelled;
  Component calendar(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  icalcomponent* cal = calendar.get();
  icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal, icalproperty_new_prodid("-//Rätt väg//Möten//SV"));
  icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(cal, icalproperty_new_method(cancelled ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST));

  // Europe/Stockholm: CET (+01:00) and CEST (+02:00) from the last Sunday of March 02:00 to the
  // last Sunday of October 03:00 (the EU rule in force since 1996; 1996-03-31 and 1996-10-27).
  icalcomponent* timezone = icalcomponent_new(ICAL_VTIMEZONE_COMPONENT);
  icalcomponent_add_property(timezone, icalproperty_new_tzid(kIcsTimezone));
  icalcomponent_add_component(timezone, Observance(ICAL_XDAYLIGHT_COMPONENT, 3, 31, 2, 3600, 7200, "CEST"));
  icalcomponent_add_component(timezone, Observance(ICAL_XSTANDARD_COMPONENT, 10, 27, 3, 7200, 3600, "CET"));
  icalcomponent_add_component(cal, timezone);

  icalcomponent* event = icalcomponent_new(ICAL_VEVENT_COMPONENT);
  const std::string uid = meeting.id + "@rattvag";
  icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
  icalcomponent_add_property(
      event, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(details.now, 0, icaltimezone_get_utc_timezone())));
  icaltimetype start = LocalTime(meeting.date, meeting.start_minutes);
  icaltimetype end = start;
  icaltime_adjust(&end, 0, 0, meeting.duration_minutes, 0);
  icalcomponent_add_property(event, WithTimezone(icalproperty_new_dtstart(start)));
  icalcomponent_add_property(event, WithTimezone(icalproperty_new_dtend(end)));
  icalcomponent_add_property(event, icalproperty_new_sequence(static_cast<int>(meeting.version - 1)));
  icalcomponent_add_property(event, icalproperty_new_status(cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
  const std::string summary = MeetingTitle(meeting);
  icalcomponent_add_property(event, icalproperty_new_summary(summary.c_str()));
  const std::string& location = meeting.place.empty() ? meeting.video_url : meeting.place;
  icalcomponent_add_property(event, icalproperty_new_location(location.c_str()));
  if (!meeting.video_url.empty()) icalcomponent_add_property(event, icalproperty_new_url(meeting.video_url.c_str()));
  std::string description = summary + " inom Rätt väg.\nKallat av: " + details.caller_unit_name + " (" +
                            std::string(MethodTitle(meeting.called_by)) + ")\nKommun: " + details.municipality_name;
  if (!meeting.place.empty()) description += "\nPlats: " + meeting.place;
  if (!meeting.video_url.empty()) description += "\nVideolänk: " + meeting.video_url;
  description += "\nUppgifter om den enskilde finns i Rätt väg, inte i kalendern.";
  icalcomponent_add_property(event, icalproperty_new_description(description.c_str()));

  const std::string organizer_address = "urn:x-rattvag:unit:" + meeting.called_by_unit;
  icalproperty* organizer = icalproperty_new_organizer(organizer_address.c_str());
  icalproperty_add_parameter(organizer, icalparameter_new_cn(details.caller_unit_name.c_str()));
  icalcomponent_add_property(event, organizer);
  for (const MeetingInvitation& invitation : meeting.invitations) {
    const std::string address = "urn:x-rattvag:party:" + std::string(Name(invitation.party));
    const std::string name(MethodTitle(invitation.party));
    icalproperty* attendee = icalproperty_new_attendee(address.c_str());
    icalproperty_add_parameter(attendee, icalparameter_new_cn(name.c_str()));
    icalproperty_add_parameter(attendee, icalparameter_new_cutype(ICAL_CUTYPE_GROUP));
    icalproperty_add_parameter(attendee, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
    icalproperty_add_parameter(attendee, icalparameter_new_partstat(PartStat(invitation.answer)));
    icalcomponent_add_property(event, attendee);
  }
  icalcomponent_add_component(cal, event);

  char* text = icalcomponent_as_ical_string_r(cal);
  std::string out = text ? text : "";
  icalmemory_free_buffer(text);
  return out;
}

}  // namespace rattvag
