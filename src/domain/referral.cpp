#include "domain/referral.hpp"

#include "domain/calendar.hpp"
#include "domain/case.hpp"

namespace rattvag {

std::vector<Error> ValidateReferral(const AnonymousReferral& r, Date today) {
  std::vector<Error> errors;
  if (r.contact_name.empty() || r.contact_name.size() > 200) errors.push_back({"contact_name", "must be 1–200 characters"});
  if (r.contact_phone.empty() && r.contact_email.empty())
    errors.push_back({"contact_phone", "or contact_email is needed, for FK's callback"});
  if (r.contact_phone.size() > 50) errors.push_back({"contact_phone", "must be at most 50 characters"});
  if (r.contact_email.size() > 200) errors.push_back({"contact_email", "must be at most 200 characters"});
  if (r.description.empty()) errors.push_back({"description", "is required"});
  if (r.description.size() > kMaxReferralDescription)
    errors.push_back({"description", "must be at most " + std::to_string(kMaxReferralDescription) + " characters"});
  if (MustRefuse(FindPersonalData(r.description, today)))
    errors.push_back({"description",
                      "contains a personnummer: an anonymous referral carries no personal data of the person"});
  return errors;
}

std::vector<PersonalDataFinding> ReferralWarnings(const AnonymousReferral& r, Date today) {
  std::vector<PersonalDataFinding> warnings;
  for (const auto& f : FindPersonalData(r.description, today))
    if (f.severity == Severity::kWarn) warnings.push_back(f);
  return warnings;
}

Date CallbackDue(const AnonymousReferral& r) { return NthWorkingDayAfter(r.sent_on, kFkCallbackWorkingDays); }

MailboxStatus StatusOn(const AnonymousReferral& r, Date today) {
  if (r.called_back_on) return MailboxStatus::kCalledBack;
  return CallbackDue(r) < today ? MailboxStatus::kOverdue : MailboxStatus::kOpen;
}

std::string_view Name(MailboxStatus status) {
  switch (status) {
    case MailboxStatus::kOpen:
      return "open";
    case MailboxStatus::kOverdue:
      return "overdue";
    case MailboxStatus::kCalledBack:
      return "called_back";
  }
  return "open";
}

}  // namespace rattvag
