// Output formats of the access review (domain/access_review.hpp): JSON for the API and the
// command line, and a readable Swedish text for the command line.
#pragma once

#include <string>
#include <string_view>

#include "domain/access_review.hpp"

namespace rattvag {

// {"municipality", "from", "to", "time_zone", "entries", "persons", "users": […],
//  "disclosures": […], "refusals": […], "flags": […]}; persons by opaque id only.
std::string AccessReviewJson(const AccessReview& review, std::string_view municipality);
std::string AccessReviewText(const AccessReview& review, std::string_view municipality);

}  // namespace rattvag
