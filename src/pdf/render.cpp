#include "pdf/render.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <type_traits>

namespace rattvag::pdf {

namespace {

// A4 in points, and the page's frame.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;
constexpr double kMargin = 56.7;  // 20 mm.
constexpr double kBodyTop = 76.0;
constexpr double kBodyBottom = kPageHeight - 66.0;
constexpr double kBodyWidth = kPageWidth - 2 * kMargin;
constexpr double kCellPadding = 4.0;

// Sizes in points (the context's resolution is set to 72 dpi, the PDF's unit).
constexpr const char* kBody = "DejaVu Sans 10";
constexpr const char* kBodyBold = "DejaVu Sans Bold 10";
constexpr const char* kBodyItalic = "DejaVu Sans Oblique 10";
constexpr const char* kCell = "DejaVu Sans 9";
constexpr const char* kCellBold = "DejaVu Sans Bold 9";
constexpr const char* kSmall = "DejaVu Sans 8";
constexpr const char* kTitle = "DejaVu Sans Bold 18";
constexpr const char* kSubtitle = "DejaVu Sans 12";
constexpr const char* kHeading1 = "DejaVu Sans Bold 13";
constexpr const char* kHeading2 = "DejaVu Sans Bold 10.5";

struct GObjectDeleter {
  void operator()(gpointer p) const { g_object_unref(p); }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectDeleter>;

// One thing to draw on a page, decided by the layout pass.
struct Op {
  enum class Kind : uint8_t { kText, kLine, kRect, kFill } kind = Kind::kText;
  int page = 0;
  double x = 0, y = 0, w = 0, h = 0;  // kText: w > 0 wraps at w; kLine: from (x,y) to (x+w,y+h).
  std::string text;
  const char* font = kBody;
  double gray = 0.0;  // 0 black … 1 white.
};

struct OutlineEntry {
  std::string text;
  int page = 0;
  double y = 0;
};

class Layouter {
 public:
  explicit Layouter(PangoContext* context) : context_(context) {}

  GPtr<PangoLayout> Make(const std::string& text, const char* font, double width) const {
    GPtr<PangoLayout> layout(pango_layout_new(context_));
    PangoFontDescription* description = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout.get(), description);
    pango_font_description_free(description);
    if (width > 0) {
      pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    return layout;
  }

  double Height(const std::string& text, const char* font, double width) const {
    int w = 0, h = 0;
    pango_layout_get_size(Make(text, font, width).get(), &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  // The text's wrapped lines: each line's text and height.
  std::vector<std::pair<std::string, double>> Lines(const std::string& text, const char* font, double width) const {
    std::vector<std::pair<std::string, double>> lines;
    GPtr<PangoLayout> layout = Make(text, font, width);
    const char* base = pango_layout_get_text(layout.get());
    PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter);
      std::string part(base + line->start_index, static_cast<size_t>(line->length));
      while (!part.empty() && (part.back() == '\n' || part.back() == '\r')) part.pop_back();
      lines.emplace_back(std::move(part), static_cast<double>(logical.height) / PANGO_SCALE);
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    return lines;
  }

 private:
  PangoContext* context_;
};

// The layout pass: places blocks on pages, top to bottom.
class Placer {
 public:
  explicit Placer(const Layouter& layouter) : layouter_(layouter) {}

  int pages() const { return page_ + 1; }
  std::vector<Op>& ops() { return ops_; }
  std::vector<OutlineEntry>& outline() { return outline_; }

  void NewPage() {
    ++page_;
    y_ = kBodyTop;
  }
  double Room() const { return kBodyBottom - y_; }
  // Starts a new page unless `height` fits (or the page is still empty).
  void Ensure(double height) {
    if (height > Room() && y_ > kBodyTop) NewPage();
  }
  void Skip(double height) { y_ = std::min(y_ + height, kBodyBottom); }

  void Text(const std::string& text, const char* font, double x, double width, double gray = 0.0) {
    const double h = layouter_.Height(text, font, width);
    Ensure(h);
    ops_.push_back({Op::Kind::kText, page_, x, y_, width, h, text, font, gray});
    y_ += h;
  }

  // Wrapped text that may continue on the next page, line by line.
  void Flow(const std::string& text, const char* font, double x, double width) {
    for (auto& [line, height] : layouter_.Lines(text, font, width)) {
      Ensure(height);
      if (!line.empty()) ops_.push_back({Op::Kind::kText, page_, x, y_, 0, height, line, font, 0.0});
      y_ += height;
    }
  }

  void Title(const std::string& title, const std::string& subtitle) {
    Text(title, kTitle, kMargin, kBodyWidth);
    if (!subtitle.empty()) {
      Skip(3);
      Text(subtitle, kSubtitle, kMargin, kBodyWidth, 0.25);
    }
    Skip(6);
    Rule(0.8, 0.0);
    Skip(12);
  }

  void Place(const Heading& h) {
    const char* font = h.level <= 1 ? kHeading1 : kHeading2;
    const double height = layouter_.Height(h.text, font, kBodyWidth);
    Skip(h.level <= 1 ? 8 : 4);
    // Kept with what follows: at least three lines of body text under it.
    Ensure(height + 42);
    if (h.level <= 1) outline_.push_back({h.text, page_, y_});
    Text(h.text, font, kMargin, kBodyWidth);
    Skip(4);
  }

  void Place(const Paragraph& p) {
    const char* font = p.style == Paragraph::Style::kSmall      ? kSmall
                       : p.style == Paragraph::Style::kEmphasis ? kBodyItalic
                                                                : kBody;
    Flow(p.text.empty() ? std::string("–") : p.text, font, kMargin, kBodyWidth);
    Skip(6);
  }

  void Place(const LabelValues& list) {
    const double label_width = kBodyWidth * 0.36;
    const double value_x = kMargin + label_width + 8;
    const double value_width = kBodyWidth - label_width - 8;
    for (const auto& [label, raw_value] : list.rows) {
      const std::string value = raw_value.empty() ? "–" : raw_value;
      const double h = std::max(layouter_.Height(label, kBodyBold, label_width),
                                layouter_.Height(value, kBody, value_width));
      if (h + 3 > kBodyBottom - kBodyTop) {  // Taller than a page: the label, then the value flowing.
        Text(label, kBodyBold, kMargin, kBodyWidth);
        Flow(value, kBody, kMargin, kBodyWidth);
        Skip(3);
        continue;
      }
      Ensure(h);
      ops_.push_back({Op::Kind::kText, page_, kMargin, y_, label_width, h, label, kBodyBold, 0.0});
      ops_.push_back({Op::Kind::kText, page_, value_x, y_, value_width, h, value, kBody, 0.0});
      y_ += h + 3;
    }
    Skip(6);
  }

  void Place(const Table& table) {
    if (!table.caption.empty()) {
      Ensure(40);
      Text(table.caption, kHeading2, kMargin, kBodyWidth);
      Skip(3);
    }
    if (table.rows.empty() || table.headers.empty()) {
      Flow(table.empty_text, kBodyItalic, kMargin, kBodyWidth);
      Skip(8);
      return;
    }
    const size_t n = table.headers.size();
    std::vector<double> weights = table.widths.size() == n ? table.widths : std::vector<double>(n, 1.0);
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<double> widths, xs;
    double x = kMargin;
    for (double w : weights) {
      xs.push_back(x);
      widths.push_back(kBodyWidth * (total > 0 ? w / total : 1.0 / static_cast<double>(n)));
      x += widths.back();
    }
    auto row_height = [&](const std::vector<std::string>& cells, const char* font) {
      double h = 0;
      for (size_t i = 0; i < n; ++i)
        h = std::max(h, layouter_.Height(i < cells.size() ? cells[i] : "", font, widths[i] - 2 * kCellPadding));
      return h + 2 * kCellPadding;
    };
    auto draw_row = [&](const std::vector<std::string>& cells, const char* font, double h, bool header) {
      for (size_t i = 0; i < n; ++i) {
        if (header) ops_.push_back({Op::Kind::kFill, page_, xs[i], y_, widths[i], h, "", kBody, 0.9});
        ops_.push_back({Op::Kind::kRect, page_, xs[i], y_, widths[i], h, "", kBody, 0.45});
        ops_.push_back({Op::Kind::kText, page_, xs[i] + kCellPadding, y_ + kCellPadding, widths[i] - 2 * kCellPadding,
                        h, i < cells.size() ? cells[i] : "", font, 0.0});
      }
      y_ += h;
    };
    const double header_height = row_height(table.headers, kCellBold);
    int header_page = -1;  // The page the header row was last drawn on.
    for (const auto& row : table.rows) {
      const double h = row_height(row, kCell);
      if (h + header_height > kBodyBottom - kBodyTop) {
        // Taller than a whole page: printed as labelled text, which may flow over pages.
        Skip(4);
        for (size_t i = 0; i < n; ++i) {
          Text(table.headers[i], kBodyBold, kMargin, kBodyWidth);
          Flow(i < row.size() && !row[i].empty() ? row[i] : "–", kBody, kMargin, kBodyWidth);
          Skip(3);
        }
        Skip(4);
        header_page = -1;
        continue;
      }
      Ensure(h + (header_page == page_ ? 0 : header_height));
      if (header_page != page_) {
        draw_row(table.headers, kCellBold, header_height, true);
        header_page = page_;
      }
      draw_row(row, kCell, h, false);
    }
    Skip(10);
  }

  void Place(const SignatureLines& lines) {
    Skip(6);
    const double column = (kBodyWidth - 24) / 2;
    for (size_t i = 0; i < lines.labels.size(); i += 2) {
      Ensure(52);
      y_ += 30;
      for (size_t j = i; j < std::min(i + 2, lines.labels.size()); ++j) {
        const double x = kMargin + static_cast<double>(j - i) * (column + 24);
        ops_.push_back({Op::Kind::kLine, page_, x, y_, column, 0, "", kBody, 0.0});
        ops_.push_back({Op::Kind::kText, page_, x, y_ + 2, column, 0, lines.labels[j], kSmall, 0.25});
      }
      y_ += 18;
    }
    Skip(6);
  }

  void Place(const Checkbox& box) {
    const double text_x = kMargin + 16;
    const double text_width = kBodyWidth - 16;
    const double h = layouter_.Height(box.text, kBody, text_width);
    Ensure(h + 22.0 * box.write_lines);
    ops_.push_back({Op::Kind::kRect, page_, kMargin, y_ + 1.5, 9, 9, "", kBody, 0.0});
    ops_.push_back({Op::Kind::kText, page_, text_x, y_, text_width, h, box.text, kBody, 0.0});
    y_ += h;
    for (int i = 0; i < box.write_lines; ++i) {
      y_ += 20;
      ops_.push_back({Op::Kind::kLine, page_, text_x, y_, text_width, 0, "", kBody, 0.55});
    }
    Skip(8);
  }

  void Rule(double width, double gray) {
    ops_.push_back({Op::Kind::kLine, page_, kMargin, y_, kBodyWidth, 0, "", kBody, gray});
    (void)width;
  }

 private:
  const Layouter& layouter_;
  std::vector<Op> ops_;
  std::vector<OutlineEntry> outline_;
  int page_ = 0;
  double y_ = kBodyTop;
};

void Draw(cairo_t* cr, const Layouter& layouter, const Op& op) {
  cairo_set_source_rgb(cr, op.gray, op.gray, op.gray);
  switch (op.kind) {
    case Op::Kind::kText: {
      GPtr<PangoLayout> layout = layouter.Make(op.text, op.font, op.w);
      cairo_move_to(cr, op.x, op.y);
      pango_cairo_show_layout(cr, layout.get());
      break;
    }
    case Op::Kind::kLine:
      cairo_set_line_width(cr, 0.6);
      cairo_move_to(cr, op.x, op.y);
      cairo_line_to(cr, op.x + op.w, op.y + op.h);
      cairo_stroke(cr);
      break;
    case Op::Kind::kRect:
      cairo_set_line_width(cr, 0.5);
      cairo_rectangle(cr, op.x, op.y, op.w, op.h);
      cairo_stroke(cr);
      break;
    case Op::Kind::kFill:
      cairo_rectangle(cr, op.x, op.y, op.w, op.h);
      cairo_fill(cr);
      break;
  }
}

bool ValidUtf8(const std::string& text) { return g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr); }

bool DocumentIsValidUtf8(const Document& d) {
  for (const std::string* s : {&d.title, &d.subtitle, &d.author, &d.municipality, &d.subject})
    if (!ValidUtf8(*s)) return false;
  for (const Block& block : d.blocks) {
    const bool ok = std::visit(
        [](const auto& b) {
          using T = std::decay_t<decltype(b)>;
          if constexpr (std::is_same_v<T, Heading> || std::is_same_v<T, Paragraph> || std::is_same_v<T, Checkbox>) {
            return ValidUtf8(b.text);
          } else if constexpr (std::is_same_v<T, LabelValues>) {
            for (const auto& [l, v] : b.rows)
              if (!ValidUtf8(l) || !ValidUtf8(v)) return false;
            return true;
          } else if constexpr (std::is_same_v<T, Table>) {
            if (!ValidUtf8(b.caption) || !ValidUtf8(b.empty_text)) return false;
            for (const auto& h : b.headers)
              if (!ValidUtf8(h)) return false;
            for (const auto& row : b.rows)
              for (const auto& c : row)
                if (!ValidUtf8(c)) return false;
            return true;
          } else {
            for (const auto& l : b.labels)
              if (!ValidUtf8(l)) return false;
            return true;
          }
        },
        block);
    if (!ok) return false;
  }
  return true;
}

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<std::string> RenderPdf(const Document& document) {
  if (!DocumentIsValidUtf8(document)) return Error{"document", "has text that is not valid UTF-8"};
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(AppendBytes, &bytes, kPageWidth, kPageHeight);
  const std::string created = document.generated.ToString() + "T00:00:00Z";
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, document.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, document.author.c_str());
  if (!document.subject.empty())
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, document.subject.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Rätt väg");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, created.c_str());
  cairo_t* cr = cairo_create(surface);

  GPtr<PangoContext> context(pango_cairo_create_context(cr));
  pango_cairo_context_set_resolution(context.get(), 72.0);
  pango_context_set_language(context.get(), pango_language_from_string(document.language.c_str()));
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context.get(), options);
  cairo_font_options_destroy(options);
  const Layouter layouter(context.get());

  // Layout pass: where everything goes, and so how many pages there are.
  Placer placer(layouter);
  placer.Title(document.title, document.subtitle);
  for (const Block& block : document.blocks) std::visit([&](const auto& b) { placer.Place(b); }, block);
  const int pages = placer.pages();

  // Drawing pass, page by page, with the header and footer that need the page count.
  const std::string header_left = document.municipality.empty() ? document.author : document.municipality;
  size_t next = 0;
  std::vector<Op>& ops = placer.ops();
  std::stable_sort(ops.begin(), ops.end(), [](const Op& a, const Op& b) { return a.page < b.page; });
  for (int page = 0; page < pages; ++page) {
    const std::string footer_right = "Sida " + std::to_string(page + 1) + " av " + std::to_string(pages);
    const std::string footer_left = "Utskrivet " + document.generated.ToString();
    Draw(cr, layouter, {Op::Kind::kText, page, kMargin, 34, kBodyWidth * 0.55, 0, header_left, kSmall, 0.3});
    {
      GPtr<PangoLayout> right = layouter.Make(document.title, kSmall, kBodyWidth * 0.42);
      pango_layout_set_alignment(right.get(), PANGO_ALIGN_RIGHT);
      cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
      cairo_move_to(cr, kMargin + kBodyWidth * 0.58, 34);
      pango_cairo_show_layout(cr, right.get());
    }
    Draw(cr, layouter, {Op::Kind::kLine, page, kMargin, 56, kBodyWidth, 0, "", kBody, 0.6});
    Draw(cr, layouter, {Op::Kind::kLine, page, kMargin, kPageHeight - 50, kBodyWidth, 0, "", kBody, 0.6});
    Draw(cr, layouter, {Op::Kind::kText, page, kMargin, kPageHeight - 44, kBodyWidth * 0.5, 0, footer_left, kSmall, 0.3});
    {
      GPtr<PangoLayout> right = layouter.Make(footer_right, kSmall, kBodyWidth * 0.4);
      pango_layout_set_alignment(right.get(), PANGO_ALIGN_RIGHT);
      cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
      cairo_move_to(cr, kMargin + kBodyWidth * 0.6, kPageHeight - 44);
      pango_cairo_show_layout(cr, right.get());
    }
    for (; next < ops.size() && ops[next].page == page; ++next) Draw(cr, layouter, ops[next]);
    cairo_show_page(cr);
  }
  // Bookmarks of the sections, for readers' navigation panes.
  for (const OutlineEntry& entry : placer.outline()) {
    const std::string link = "page=" + std::to_string(entry.page + 1) + " pos=[" + std::to_string(kMargin) + " " +
                             std::to_string(entry.y) + "]";
    cairo_pdf_surface_add_outline(surface, CAIRO_PDF_OUTLINE_ROOT, entry.text.c_str(), link.c_str(),
                                  static_cast<cairo_pdf_outline_flags_t>(0));
  }

  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) return Error{"pdf", std::string("could not be written: ") + cairo_status_to_string(status)};
  return bytes;
}

}  // namespace rattvag::pdf
