// The access review (loggkontroll) of one municipality's persons over a period, read from the
// audit log (domain/access_review.hpp).
#pragma once

#include <string_view>

#include "domain/access_review.hpp"
#include "domain/result.hpp"
#include "storage/journal.hpp"

namespace rattvag {

// Every audit entry of the period about a person whose case is in `municipality` today, with the
// person by opaque id and the users' names filled in. Reads only; the caller audits the reading
// of the review itself. Errors: storage errors.
Result<AccessReview> BuildAccessReview(Journal& journal, std::string_view municipality,
                                       const AccessReviewOptions& options);

}  // namespace rattvag
