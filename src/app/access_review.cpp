#include "app/access_review.hpp"

#include <map>
#include <optional>
#include <vector>

namespace rattvag {

Result<AccessReview> BuildAccessReview(Journal& journal, std::string_view municipality,
                                       const AccessReviewOptions& options) {
  AccessReviewBuilder builder(options);
  // The period's entries about a person, first (the persons are looked up after the scan).
  std::vector<AuditEntry> entries;
  RATTVAG_TRY_STATUS(journal.ScanAudit([&](const ChainedAuditEntry& e) {
    if (!e.entry.person.empty() && builder.InPeriod(e.entry)) entries.push_back(e.entry);
    return true;
  }));
  std::map<std::string, std::optional<std::string>> public_ids;  // personnummer → id when in the municipality.
  for (const AuditEntry& entry : entries) {
    auto found = public_ids.find(entry.person);
    if (found == public_ids.end()) {
      auto record = journal.LoadPerson(entry.person);
      if (!record.ok()) return record.error();
      std::optional<std::string> id;
      if (record->has_value() && (*record)->municipality == municipality) id = (*record)->public_id;
      found = public_ids.emplace(entry.person, std::move(id)).first;
    }
    if (found->second) builder.Add(entry, *found->second);
  }
  AccessReview review = builder.Finish();
  for (ReviewedUser& user : review.users) {
    auto stored = journal.FindUserById(user.user);
    if (!stored.ok()) return stored.error();
    if (stored->has_value()) {
      user.username = (*stored)->user.username;
      user.display_name = (*stored)->user.display_name;
    }
  }
  return review;
}

}  // namespace rattvag
