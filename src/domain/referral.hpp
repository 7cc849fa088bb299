// The anonymous referral to FK's function mailbox (DOMAIN.md §3, §5.5, §6): no personal data
// of the person, only the municipality, the caseworker's contact details and a short
// description; FK calls back within three working days.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/personal_data.hpp"
#include "domain/result.hpp"

namespace rattvag {

struct AnonymousReferral {
  std::string id;
  std::string municipality;  // The sending EB unit's.
  Date sent_on;
  std::string sender;        // The caseworker's user id.
  std::string contact_name;  // The caseworker's, for the callback.
  std::string contact_phone;
  std::string contact_email;
  std::string description;
  std::optional<Date> called_back_on;
  std::string called_back_by;  // FK user id.
  // The named case (12-digit personnummer) the owning EB unit linked the referral to once the
  // person consented to FK; empty while the referral is anonymous. Never shown to a party
  // without a consent in force.
  std::string linked_person;
};

inline constexpr size_t kMaxReferralDescription = 2000;

// The fields of a new referral: contact details present, the description 1–2000 characters
// with no valid personnummer in it. Every problem, each naming its field.
std::vector<Error> ValidateReferral(const AnonymousReferral& referral, Date today);

// What the description may carry that the sender must confirm is not about the person
// (probable names, number shapes, e-mail addresses). Empty when nothing is found.
std::vector<PersonalDataFinding> ReferralWarnings(const AnonymousReferral& referral, Date today);

// The callback is due on the 3rd Swedish working day after the referral day (DOMAIN.md §6).
Date CallbackDue(const AnonymousReferral& referral);

enum class MailboxStatus : uint8_t { kOpen, kOverdue, kCalledBack };
MailboxStatus StatusOn(const AnonymousReferral& referral, Date today);
std::string_view Name(MailboxStatus status);

}  // namespace rattvag
