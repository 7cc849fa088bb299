// Questionnaires over HTTP (issue 5 item 5, DOMAIN.md §9): the survey definitions, a paper
// answer entered by staff, a staff member's own answer to the staff survey, and the results
// in the follow-up (aggregates, suppressed like the report for viewers not entitled in full).
#pragma once

#include "http/router.hpp"
#include "http/session_routes.hpp"

namespace rattvag::http {

// GET  /api/v1/surveys                 the three surveys (questions, options, targets).
// POST /api/v1/surveys/answers         {survey, answers[, date][, person][, municipality]}
// POST /api/v1/surveys/staff/answers   {answers[, municipality]}: the caller's own answer.
// GET  /api/v1/report/surveys?as_of=&municipalities=&format=json|csv
void AddSurveyRoutes(Router& router, SessionContext& context);

}  // namespace rattvag::http
