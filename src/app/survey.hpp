// Questionnaires (issue 5 item 5): recording an answer, from any way in, and the results.
#pragma once

#include <string>
#include <vector>

#include "app/record.hpp"
#include "domain/audit.hpp"
#include "domain/event.hpp"
#include "domain/survey.hpp"
#include "storage/journal.hpp"

namespace rattvag {

// Records one answer: a paper answer entered by staff, a staff member's own answer, or (wired
// later) the person's own view. `answer` is a decoded survey_answered event, valid on its own
// (DecodeEventLine checked its answers against the survey). When it names a person, the
// caller has decided access to that person, whose stream must exist; then:
// - a survey for those who had an avstämningsmöte refuses a person without one by the answer's
//   date (refusal on "person");
// - an anonymous survey stores the answer without the person: the person only places it in the
//   municipality of their case (`municipality` of the stored event).
// An answer without a person is stored as it is (its `municipality`, when set, places it).
// `audit` is written in the same transaction. kStored's sequence is the person's new last
// sequence when the person is kept, else 0.
// `staff_respondent`, for a staff member's own answer to the staff survey: their user id, kept
// (apart from the answer) as having answered in the answer's year; a second answer that year is
// refused on field "respondent" and nothing is written.
Result<RecordOutcome> RecordSurveyAnswer(Journal& journal, Event answer, const AuditEntry& audit,
                                         std::string_view staff_respondent = {});

// The results as of `as_of` over the answers in scope: persons whose case is in one of
// `municipalities` and anonymous answers placed in one of them; with no municipalities,
// every answer (those placed nowhere included). Stored answers that no longer match their
// survey count with the questions they answer validly.
Result<SurveyResults> BuildSurveyResults(Journal& journal, Date as_of, const std::vector<std::string>& municipalities);

}  // namespace rattvag
