// A small document model for printable forms (issue 5 item 4, the SIP of item 1): what a
// document says, not how it is laid out. Content is built by pure functions (src/pdf/forms.hpp,
// src/pdf/sip_document.hpp); the renderer (src/pdf/render.hpp) lays it out with pango on cairo.
// Standard library only, so the content builders stay pure and testable without cairo.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "domain/date.hpp"

namespace rattvag::pdf {

// A heading; level 1 starts a section, level 2 a part of one.
struct Heading {
  std::string text;
  int level = 1;
};

// Running text. Line breaks ('\n') in the text are kept.
struct Paragraph {
  std::string text;
  enum class Style : uint8_t { kNormal, kSmall, kEmphasis } style = Style::kNormal;
};

// Labels with values, two columns ("Personnummer   19850312-9981"). An empty value prints "–".
struct LabelValues {
  std::vector<std::pair<std::string, std::string>> rows;
};

// A table with a header row; cells wrap within their column. `widths` are relative column
// widths (one per header; empty: equal). A row is never split over two pages.
struct Table {
  std::string caption;  // Printed above the table; may be empty.
  std::vector<std::string> headers;
  std::vector<double> widths;
  std::vector<std::vector<std::string>> rows;  // Each of headers.size() cells.
  std::string empty_text = "Inga uppgifter.";  // Printed instead of the table when there are no rows.
};

// Lines to sign and date on ("Ort och datum", "Underskrift", "Namnförtydligande"), side by side
// in pairs.
struct SignatureLines {
  std::vector<std::string> labels;
};

// A box to tick, with its text ("☐ Personen kan delta med anpassningar"), and lines to write on
// below it when `write_lines` > 0.
struct Checkbox {
  std::string text;
  int write_lines = 0;
};

using Block = std::variant<Heading, Paragraph, LabelValues, Table, SignatureLines, Checkbox>;

struct Document {
  std::string title;          // The document's name, also its PDF title.
  std::string subtitle;       // Under the title; may be empty.
  std::string author;         // The PDF author, e.g. "Socialtjänsten i Falköping".
  std::string municipality;   // The municipality's name, printed in the header.
  std::string subject;        // The PDF subject; may be empty.
  Date generated;             // Printed in the footer ("Utskrivet 2026-11-27") and the metadata.
  std::string language = "sv-SE";
  std::vector<Block> blocks;
};

}  // namespace rattvag::pdf
