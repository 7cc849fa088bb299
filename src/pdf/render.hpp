// Lays out a Document (document.hpp) on A4 pages with pango on a cairo PDF surface: margins of
// 20 mm, a header with the municipality and the document's title, a footer with the generation
// date and "Sida N av M", page breaks that never split a table row (a row taller than a whole
// page is printed as labelled text instead, so nothing is lost), headings kept with what follows.
// The PDF's metadata carries the title, author, subject and creation date. The text is shaped
// as Swedish (pango's language); cairo 1.16 has no way to write the PDF's /Lang entry.
//
// Thread-safe: each call has its own surface and pango context (pango's font map is per thread).
#pragma once

#include <string>

#include "domain/result.hpp"
#include "pdf/document.hpp"

namespace rattvag::pdf {

// The PDF file's bytes. Errors: a text that is not valid UTF-8 (field "document"), or cairo
// failing to write (field "pdf").
Result<std::string> RenderPdf(const Document& document);

}  // namespace rattvag::pdf
