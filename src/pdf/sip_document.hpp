// The SIP (DOMAIN.md §5.7, issue 5 item 1) as a document the person can take home: one version
// of the plan, in Swedish, with the person's own goals first. A pure function of the stored
// model (domain/sip.hpp); the renderer (render.hpp) makes the PDF.
#pragma once

#include <string>

#include "domain/result.hpp"
#include "domain/sip.hpp"
#include "pdf/document.hpp"

namespace rattvag::pdf {

struct SipDocumentContext {
  std::string municipality_name;  // E.g. "Falköping".
  std::string personnummer;       // 12 digits, printed as YYYYMMDD-NNNN; empty: not printed.
  Date generated;                 // The day the document is made.
};

// The document of version `version` of `sip`. Error (field "version") when the SIP has no such
// version.
Result<Document> BuildSipDocument(const Sip& sip, int version, const SipDocumentContext& context);

}  // namespace rattvag::pdf
