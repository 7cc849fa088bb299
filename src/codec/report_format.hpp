// Output formats of the follow-up, the deadline list and the person view.
#pragma once

#include <string>
#include <vector>

#include "app/queries.hpp"
#include "domain/report.hpp"
#include "domain/report_over_time.hpp"
#include "domain/suppression.hpp"

namespace rattvag {

// Exactly the shape of DOMAIN.md §10 ("The follow-up in machine form").
std::string FollowUpJson(const FollowUpReport& report);
// The same for a viewer not entitled to every municipality (DOMAIN.md §3): each figure that
// `suppression` hides (domain/suppression.hpp) is null, and two members are added:
// "suppression_threshold" and "suppressed", the JSON Pointers (RFC 6901) of the hidden values
// in document order, so that a hidden value is told apart from a share over an empty set.
std::string FollowUpJsonSuppressed(const FollowUpReport& report, const FollowUpSuppression& suppression);
// One row per municipality and a last row "total"; header row of column names; RFC 4180, CRLF.
// An empty value is a share or median over an empty set. With `suppression`, a hidden value is
// ".." (SCB's sign for a figure not shown).
std::string FollowUpCsv(const FollowUpReport& report, const FollowUpSuppression* suppression = nullptr);
inline constexpr std::string_view kCsvHidden = "..";
// The target group on EB per month (domain/report_over_time.hpp):
// {"as_of", "months": ["YYYY-MM", …], "municipalities": {code: {"opening", "inflow": […],
// "outflow": […], "stock": […]}}, "total": {…}}. With `suppression`, hidden values are null and
// "suppression_threshold" and "suppressed" (JSON Pointers) are added, as in FollowUpJsonSuppressed.
std::string EbOverTimeJson(const EbOverTimeReport& report, const EbOverTimeSuppression* suppression = nullptr);
// The same in long form: header municipality,month,inflow,outflow,stock; per municipality (then
// "total") a first row for the month before the first, holding only the opening stock, then one
// row per month (YYYY-MM). RFC 4180, CRLF; a hidden value is "..".
std::string EbOverTimeCsv(const EbOverTimeReport& report, const EbOverTimeSuppression* suppression = nullptr);

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
