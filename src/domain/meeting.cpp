#include "domain/meeting.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "domain/personal_data.hpp"

namespace rattvag {

namespace {

constexpr std::array<std::string_view, 3> kKindNames = {"kartlaggningsmote", "avstamningsmote", "sip_mote"};
constexpr std::array<std::string_view, 3> kKindTitles = {"Kartläggningsmöte", "Avstämningsmöte", "SIP-möte"};
constexpr std::array<std::string_view, 3> kStatusNames = {"planned", "held", "cancelled"};
constexpr std::array<std::string_view, 3> kStatusTitles = {"Planerat", "Hållet", "Inställt"};
constexpr std::array<std::string_view, 3> kAnswerNames = {"unanswered", "accepted", "declined"};
constexpr std::array<std::string_view, 4> kActionNames = {"change", "cancel", "answer", "hold"};

template <class E, size_t N>
std::optional<E> ParseName(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

// Characters (UTF-8 code points) of a text.
size_t Characters(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool HasControlCharacter(std::string_view text, bool allow_newlines) {
  return std::any_of(text.begin(), text.end(), [allow_newlines](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) return false;
    return u < 0x20 || u == 0x7F;
  });
}

void CheckText(std::vector<Error>& errors, std::string_view text, const char* field, size_t max, bool multiline) {
  if (Characters(text) > max)
    errors.push_back({field, "is longer than " + std::to_string(max) + " characters"});
  else if (HasControlCharacter(text, multiline))
    errors.push_back({field, "must not contain control characters"});
}

}  // namespace

std::string_view Name(MeetingKind v) { return kKindNames.at(static_cast<size_t>(v)); }
std::string_view Name(MeetingStatus v) { return kStatusNames.at(static_cast<size_t>(v)); }
std::string_view Name(InvitationAnswer v) { return kAnswerNames.at(static_cast<size_t>(v)); }
std::string_view Name(MeetingAction v) { return kActionNames.at(static_cast<size_t>(v)); }
std::optional<MeetingKind> ParseMeetingKind(std::string_view s) { return ParseName<MeetingKind>(kKindNames, s); }
std::optional<MeetingStatus> ParseMeetingStatus(std::string_view s) {
  return ParseName<MeetingStatus>(kStatusNames, s);
}
std::optional<InvitationAnswer> ParseInvitationAnswer(std::string_view s) {
  return ParseName<InvitationAnswer>(kAnswerNames, s);
}
std::string_view SwedishName(MeetingKind v) { return kKindTitles.at(static_cast<size_t>(v)); }
std::string_view SwedishName(MeetingStatus v) { return kStatusTitles.at(static_cast<size_t>(v)); }

std::optional<int> ParseClock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

std::string FormatClock(int minutes) {
  std::string out(5, ':');
  out[0] = static_cast<char>('0' + minutes / 600);
  out[1] = static_cast<char>('0' + minutes / 60 % 10);
  out[3] = static_cast<char>('0' + minutes % 60 / 10);
  out[4] = static_cast<char>('0' + minutes % 10);
  return out;
}

bool IsHttpsUrl(std::string_view text) {
  constexpr std::string_view kScheme = "https://";
  if (text.size() > 500 || text.substr(0, kScheme.size()) != kScheme) return false;
  const std::string_view rest = text.substr(kScheme.size());
  const size_t host_end = std::min(rest.find_first_of(":/?#"), rest.size());
  const std::string_view host = rest.substr(0, host_end);
  if (host.empty() || host.front() == '.' || host.front() == '-' || host.back() == '.' || host.back() == '-')
    return false;
  for (char c : host)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
      return false;
  std::string_view tail = rest.substr(host_end);
  if (!tail.empty() && tail.front() == ':') {
    const size_t port_end = std::min(tail.find_first_of("/?#"), tail.size());
    const std::string_view port = tail.substr(1, port_end - 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) return false;
    tail = tail.substr(port_end);
  }
  for (char c : tail) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`') return false;
  }
  return true;
}

std::vector<Error> ValidateMeeting(const Meeting& m) {
  std::vector<Error> errors;
  if (static_cast<size_t>(m.kind) >= kKindNames.size()) errors.push_back({"kind", "is not a kind of meeting"});
  if (m.start_minutes < 0 || m.start_minutes >= 24 * 60) errors.push_back({"time", "must be a time HH:MM"});
  if (m.duration_minutes < kMinMeetingMinutes || m.duration_minutes > kMaxMeetingMinutes)
    errors.push_back({"duration_minutes", "must be from " + std::to_string(kMinMeetingMinutes) + " to " +
                                              std::to_string(kMaxMeetingMinutes) + " minutes"});
  CheckText(errors, m.place, "place", 200, false);
  if (!m.video_url.empty() && !IsHttpsUrl(m.video_url))
    errors.push_back({"video_url", "must be a link that starts with https:// (at most 500 characters)"});
  if (m.place.empty() && m.video_url.empty())
    errors.push_back({"place", "is required unless a video link is given"});
  for (size_t i = 0; i < m.invitations.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (m.invitations[i].party == m.invitations[j].party)
        errors.push_back({"invited", "names " + std::string(Name(m.invitations[i].party)) + " more than once"});
  if (m.sip_id) {
    const std::string& id = *m.sip_id;
    const bool plain = std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (id.empty() || id.size() > 64 || !plain)
      errors.push_back({"sip_id", "must be 1–64 letters, digits, '-' or '_' (the SIP's id)"});
  }
  CheckText(errors, m.message, "message", 1000, true);
  CheckText(errors, m.cancel_reason, "cancel_reason", 500, true);
  for (const MeetingInvitation& invitation : m.invitations) CheckText(errors, invitation.comment, "comment", 500, true);
  return errors;
}

Status CheckMeetingAction(MeetingStatus status, MeetingAction action) {
  if (status == MeetingStatus::kPlanned) return Status::Ok();
  return Error{"status", "the meeting is " + std::string(Name(status)) + " and cannot take the action " +
                             std::string(Name(action))};
}

Result<std::vector<Event>> MinutesEvents(const Meeting& meeting, const MeetingMinutes& minutes, Date today) {
  const bool avstamning = meeting.kind == MeetingKind::kAvstamning;
  std::vector<Error> errors;
  if ((minutes.attendees & ((1u << kPartyCount) - 1)) == 0)
    errors.push_back({"attendees", "must name at least one party that took part"});
  if (minutes.attendees >= (1u << kPartyCount)) errors.push_back({"attendees", "has a value out of range"});
  CheckText(errors, minutes.notes, "notes", 20000, true);
  if (minutes.decisions.size() > 50) errors.push_back({"decisions", "may hold at most 50 decisions"});
  for (const std::string& decision : minutes.decisions) {
    if (decision.empty()) errors.push_back({"decisions", "must not hold an empty decision"});
    CheckText(errors, decision, "decisions", 2000, true);
  }
  if (!avstamning) {
    if (minutes.ready) errors.push_back({"ready", "is FK's readiness assessment, made at an avstämningsmöte only"});
    if (minutes.prognosis_date) errors.push_back({"prognosis_date", "is given at an avstämningsmöte only"});
    if (minutes.coordination_started)
      errors.push_back({"coordination_started", "is recorded at an avstämningsmöte only"});
  } else if (minutes.prognosis_date) {
    if (!minutes.ready || *minutes.ready)
      errors.push_back({"prognosis_date", "is only given when ready is false"});
    else if (*minutes.prognosis_date < meeting.date)
      errors.push_back({"prognosis_date", "must not be before the meeting's date"});
  }
  if (meeting.date > today)
    errors.push_back({"date", "the meeting is on " + meeting.date.ToString() + "; its minutes are recorded from that day"});
  if (!errors.empty()) return errors.front();

  const PartySet attendees = minutes.attendees;
  auto event = [&](EventType type, std::string_view suffix) {
    Event e;
    e.type = type;
    e.date = meeting.date;
    e.person = meeting.person;
    e.id = meeting.id + "/" + std::string(suffix);
    return e;
  };
  std::vector<Event> events;
  switch (meeting.kind) {
    case MeetingKind::kMapping:
      events.push_back(event(EventType::kMappingMeetingHeld, "held"));
      break;
    case MeetingKind::kAvstamning: {
      if (minutes.coordination_started) events.push_back(event(EventType::kFkCoordinationStarted, "coordination"));
      Event held = event(EventType::kAvstamningsmoteHeld, "held");
      held.parties = attendees;
      events.push_back(held);
      if (minutes.ready) {
        Event readiness = event(EventType::kFkReadinessAssessed, "readiness");
        readiness.ready = *minutes.ready;
        readiness.prognosis_date = minutes.prognosis_date;
        events.push_back(readiness);
      }
      break;
    }
    case MeetingKind::kSip: {
      Event held = event(EventType::kSipMeetingHeld, "held");
      held.parties = attendees;
      events.push_back(held);
      break;
    }
  }
  for (const Event& e : events) {
    const std::vector<Error> field_errors = ValidateEventFields(e);
    if (!field_errors.empty()) return field_errors.front();
  }
  return events;
}

Status CheckInvitationText(std::string_view text, std::string_view field, Date today, bool acknowledged) {
  const std::vector<PersonalDataFinding> findings = FindPersonalData(text, today);
  if (MustRefuse(findings))
    return Error{std::string(field), "contains a personnummer; an invitation carries no personal data of the person"};
  if (!findings.empty() && !acknowledged)
    return Error{std::string(field),
                 "may contain personal data of the person (a name, a number or an e-mail address); remove it, or "
                 "send again with acknowledge_warnings"};
  return Status::Ok();
}

std::string MeetingTitle(const Meeting& meeting) { return std::string(SwedishName(meeting.kind)); }

bool MeetingStartsBefore(const Meeting& a, const Meeting& b) {
  return std::tie(a.date, a.start_minutes, a.id) < std::tie(b.date, b.start_minutes, b.id);
}

}  // namespace rattvag
