// Turning a user's TOTP second factor on and off (issue 3 item 3). A logged-in user enrols in
// two steps: StartTotpEnrolment stores a new pending secret and hands it out (base32 and an
// otpauth:// URI for the app), ConfirmTotpEnrolment checks a code of it and turns it on. An
// operator sets or removes it on the command line (SetTotpByOperator, TurnTotpOff). Every
// change commits together with its audit entry; the secret is never in an audit entry.
#pragma once

#include <string>
#include <string_view>

#include "domain/audit.hpp"
#include "storage/journal.hpp"

namespace rattvag {

struct TotpEnrolment {
  std::string secret;  // Base32, for typing into the app.
  std::string uri;     // otpauth://totp/…, for a QR code.
};

// A new pending secret for the user (replacing an earlier unconfirmed one), with `audit`.
// Refuses with field "totp" when TOTP is on already (an operator turns it off first: a stolen
// session must not be able to move the second factor to another phone).
Result<TotpEnrolment> StartTotpEnrolment(Journal& journal, std::string_view user_id, const AuditEntry& audit);

// Turns TOTP on when `code` is a code of the pending secret at `now` (±1 step); the code is
// then used up. Refuses with field "totp" when no enrolment waits and "code" for a wrong code
// (audited as denied). `audit` is the entry to write; its outcome and detail are set here.
Status ConfirmTotpEnrolment(Journal& journal, std::string_view user_id, std::string_view code, int64_t now,
                            AuditEntry audit);

// An operator's enrolment: a new secret, on at once (the operator hands it to the user).
// Refuses with field "username" for an unknown user.
Result<TotpEnrolment> SetTotpByOperator(Journal& journal, std::string_view username, const AuditEntry& audit);

// Turns TOTP off (a lost phone). Refuses with field "username" for an unknown user.
Status TurnTotpOff(Journal& journal, std::string_view username, const AuditEntry& audit);

}  // namespace rattvag
