// Output formats of the follow-up, the deadline list and the person view.
#pragma once

#include <string>
#include <vector>

#include "app/queries.hpp"
#include "domain/report.hpp"

namespace rattvag {

// Exactly the shape of DOMAIN.md §10 ("The follow-up in machine form").
std::string FollowUpJson(const FollowUpReport& report);
// The same with small cells suppressed (DOMAIN.md §3) for viewers not entitled to the cases:
// every count from 1 to threshold − 1 is null, and so is every share or median whose
// numerator or denominator is. Primary suppression only: a suppressed cell may still be
// derivable from others (e.g. a total minus the rest).
std::string FollowUpJsonSuppressed(const FollowUpReport& report, int threshold);
// One row per municipality and a last row "total"; header row of column names; RFC 4180.
std::string FollowUpCsv(const FollowUpReport& report);
// A readable Swedish report laid out like the tables of the Halmstad report (seed 003).
std::string FollowUpTable(const FollowUpReport& report);

std::string DeadlinesJson(Date as_of, const std::vector<DeadlineRow>& rows);
std::string DeadlinesTable(Date as_of, const std::vector<DeadlineRow>& rows);

// The person's timeline, step, tracks, deadlines and hints, in Swedish.
std::string PersonText(const PersonView& view);
std::string PersonJson(const PersonView& view);

// The Swedish name of a municipality code when known (the seeds' municipalities), else the code.
std::string MunicipalityName(const std::string& code);

// Display width of UTF-8 text in a terminal (code points; no wide characters expected).
size_t DisplayWidth(std::string_view text);

}  // namespace rattvag
