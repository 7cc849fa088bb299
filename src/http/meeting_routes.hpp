// Meetings of a person's case over HTTP (issue 5 item 2): thin handlers over domain/meeting.hpp
// and app/meetings.hpp. Who sees what:
//   - a party with access to the case (the owning EB unit; another party under a consent in
//     force) sees the whole meeting, with the person's id and the minutes;
//   - an invited party (and the calling unit) without that access sees the invitation only: kind,
//     time, place, who called, the municipality, the answers; nothing of the person;
//   - everyone else: 404, as for a missing meeting.
// Every read and write is audited with the person; a failed audit write fails the request.
//
// POST  /api/v1/persons/{id}/meetings                 schedule a meeting (a party with access)
// GET   /api/v1/persons/{id}/meetings                 the person's meetings
// GET   /api/v1/meetings                              the user's upcoming meetings and invitations
// GET   /api/v1/meetings/{meeting_id}                 one meeting (ETag: its version)
// PATCH /api/v1/meetings/{meeting_id}                 change time, place, invitations (If-Match)
// POST  /api/v1/meetings/{meeting_id}/cancel          cancel it (If-Match)
// PUT   /api/v1/meetings/{meeting_id}/answer          answer the invitation, as the invited party
// POST  /api/v1/meetings/{meeting_id}/minutes         record the minutes → journal events (If-Match)
// GET   /api/v1/meetings/{meeting_id}/ics             the meeting as iCalendar (no personal data)
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

void AddMeetingRoutes(Router& router, SessionContext& context);

}  // namespace rattvag::http
