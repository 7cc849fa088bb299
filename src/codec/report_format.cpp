#include "codec/report_format.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "codec/event_json.hpp"
#include "domain/access.hpp"

namespace rattvag {

namespace json = boost::json;

namespace {

// Boost.JSON writes doubles in exponent form (3.038E-1); reports read better as 0.3038.
void Write(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string(kv.key()));
        out += ':';
        Write(kv.value(), out);
      }
      out += '}';
      break;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& x : v.get_array()) {
        if (!first) out += ',';
        first = false;
        Write(x, out);
      }
      out += ']';
      break;
    }
    case json::kind::double_: {
      std::string number = fmt::format("{}", v.get_double());
      if (number.find_first_of(".eEn") == std::string::npos) number += ".0";  // Stays a JSON double.
      out += number;
      break;
    }
    default:
      out += json::serialize(v);
  }
}

std::string Serialize(const json::value& v) {
  std::string out;
  Write(v, out);
  return out + "\n";
}

json::value Nullable(std::optional<double> v) { return v ? json::value(*v) : json::value(nullptr); }

json::object Buckets(const std::array<int64_t, kTimeOnEbBuckets>& b) {
  json::object o;
  for (int i = 0; i < kTimeOnEbBuckets; ++i) o[TimeOnEbBucketName(i)] = b[i];
  return o;
}

json::object FiguresJson(const FollowUpFigures& f) {
  json::object o;
  o["cohort"] = f.cohort;
  o["snapshot"] = json::object{{"se_granted", f.se_granted}, {"se_pending", f.se_pending},
                               {"ae_granted", f.ae_granted}, {"sp_granted", f.sp_granted}};
  o["during_period"] = json::object{
      {"coordinated_rehab", f.coordinated_rehab}, {"se_denied", f.se_denied}, {"ae_denied", f.ae_denied}};
  o["se_or_ae_granted_share"] = Nullable(f.SeOrAeGrantedShare());
  o["time_on_eb_at_decision"] = json::object{{"sjukersattning", Buckets(f.time_on_eb_se)},
                                             {"aktivitetsersattning", Buckets(f.time_on_eb_ae)}};
  json::object reasons;
  for (ExitReason r : AllExitReasons()) reasons[Name(r)] = f.exit_reasons[static_cast<size_t>(r)];
  o["exited_eb"] = json::object{{"total", f.exited_total}, {"reasons", std::move(reasons)}};
  o["fk_referrals"] = json::object{{"count", f.referrals},
                                   {"contacted", f.contacted},
                                   {"median_working_days", Nullable(f.MedianCallbackWorkingDays())},
                                   {"within_3_working_days_share", Nullable(f.Within3WorkingDaysShare())},
                                   {"overdue_open", f.referrals_overdue_open}};
  o["stances"] = json::object{{"sick_leave_spells", f.sick_leave_spells},
                              {"within_2_months_share", Nullable(f.Within2MonthsShare())},
                              {"overdue_open", f.spells_overdue_open}};
  return o;
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Optional(std::optional<double> v, int decimals = 4) {
  return v ? fmt::format("{:.{}f}", *v, decimals) : std::string();
}

std::string Percent(std::optional<double> v) {
  if (!v) return "–";
  std::string s = fmt::format("{:.1f} %", *v * 100.0);
  for (char& c : s)
    if (c == '.') c = ',';
  return s;
}

std::string PadRight(std::string_view s, size_t width) {
  std::string out(s);
  size_t w = DisplayWidth(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}
std::string PadLeft(std::string_view s, size_t width) {
  size_t w = DisplayWidth(s);
  return (w < width ? std::string(width - w, ' ') : std::string()) + std::string(s);
}

std::string_view SwedishExitReason(ExitReason r) {
  static constexpr std::string_view kNames[] = {
      "Sjukersättning",     "Aktivitetsersättning", "Sjukpenning (inkl. i särskilda fall)",
      "Anställning",        "Make/makas inkomst",   "Ålderspension/äldreförsörjningsstöd",
      "Avliden",            "Flyttat",              "Studier (CSN)",
      "Annan ersättning",   "Okänd orsak"};
  return kNames[static_cast<size_t>(r)];
}

std::string_view SwedishBucket(int b) {
  static constexpr std::string_view kNames[] = {"Mindre än 1 år", "1-2 år", "2-3 år", "3-4 år", "4-5 år",
                                                "5-6 år",         "6-7 år", "7-8 år", "8-9 år", "9 år eller mer"};
  return kNames[b];
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t w = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

std::string MunicipalityName(const std::string& code) {
  static const std::pair<const char*, const char*> kKnown[] = {
      {"1380", "Halmstad"}, {"1381", "Laholm"}, {"1499", "Falköping"},
      {"1231", "Burlöv"},   {"1230", "Staffanstorp"}, {"1763", "Forshaga"}};
  for (const auto& [c, n] : kKnown)
    if (code == c) return n;
  return code;
}

namespace {

// RFC 6901: '~' is written "~0" and '/' "~1".
std::string PointerToken(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// The figures' JSON with every hidden value null; the pointers of those go to `pointers`.
json::object SuppressedFiguresJson(const FollowUpFigures& f, const HiddenFigures& h, const std::string& prefix,
                                   std::vector<std::string>& pointers) {
  json::object o = FiguresJson(f);
  auto hide = [&](bool hidden, std::initializer_list<std::string_view> path) {
    if (!hidden) return;
    json::object* at = &o;
    std::string pointer = prefix;
    size_t i = 0;
    for (std::string_view key : path) {
      pointer += "/" + PointerToken(key);
      if (++i == path.size()) (*at)[key] = nullptr;
      else at = &(*at)[key].as_object();
    }
    pointers.push_back(std::move(pointer));
  };
  hide(h.cohort, {"cohort"});
  hide(h.se_granted, {"snapshot", "se_granted"});
  hide(h.se_pending, {"snapshot", "se_pending"});
  hide(h.ae_granted, {"snapshot", "ae_granted"});
  hide(h.sp_granted, {"snapshot", "sp_granted"});
  hide(h.coordinated_rehab, {"during_period", "coordinated_rehab"});
  hide(h.se_denied, {"during_period", "se_denied"});
  hide(h.ae_denied, {"during_period", "ae_denied"});
  hide(h.se_or_ae_granted, {"se_or_ae_granted_share"});
  for (int i = 0; i < kTimeOnEbBuckets; ++i)
    hide(h.time_on_eb_se[i], {"time_on_eb_at_decision", "sjukersattning", TimeOnEbBucketName(i)});
  for (int i = 0; i < kTimeOnEbBuckets; ++i)
    hide(h.time_on_eb_ae[i], {"time_on_eb_at_decision", "aktivitetsersattning", TimeOnEbBucketName(i)});
  hide(h.exited_total, {"exited_eb", "total"});
  for (ExitReason r : AllExitReasons()) hide(h.exit_reasons[static_cast<size_t>(r)], {"exited_eb", "reasons", Name(r)});
  hide(h.referrals, {"fk_referrals", "count"});
  hide(h.contacted, {"fk_referrals", "contacted"});
  hide(h.median_working_days(), {"fk_referrals", "median_working_days"});
  hide(h.contacted_within_3, {"fk_referrals", "within_3_working_days_share"});
  hide(h.referrals_overdue_open, {"fk_referrals", "overdue_open"});
  hide(h.sick_leave_spells, {"stances", "sick_leave_spells"});
  hide(h.spells_on_time, {"stances", "within_2_months_share"});
  hide(h.spells_overdue_open, {"stances", "overdue_open"});
  return o;
}

}  // namespace

std::string FollowUpJsonSuppressed(const FollowUpReport& report, const FollowUpSuppression& suppression) {
  json::object root;
  root["as_of"] = report.as_of.ToString();
  std::vector<std::string> pointers;
  const HiddenFigures none;
  json::object municipalities;
  for (const auto& [code, f] : report.municipalities) {
    const auto hidden = suppression.municipalities.find(code);
    municipalities[code] = SuppressedFiguresJson(f, hidden == suppression.municipalities.end() ? none : hidden->second,
                                                 "/municipalities/" + PointerToken(code), pointers);
  }
  root["municipalities"] = std::move(municipalities);
  root["total"] = SuppressedFiguresJson(report.total, suppression.total, "/total", pointers);
  root["suppression_threshold"] = suppression.threshold;
  json::array list;
  for (auto& p : pointers) list.emplace_back(std::move(p));
  root["suppressed"] = std::move(list);
  return Serialize(root);
}

std::string EbOverTimeJson(const EbOverTimeReport& report, const EbOverTimeSuppression* suppression) {
  json::object root;
  root["as_of"] = report.as_of.ToString();
  json::array months;
  for (Date d : report.month_starts) months.emplace_back(d.ToString().substr(0, 7));
  root["months"] = std::move(months);
  std::vector<std::string> pointers;
  auto series = [&](const EbSeries& s, const HiddenSeries* h, const std::string& prefix) {
    json::object o;
    auto value = [&](int64_t v, bool hidden, const std::string& pointer) -> json::value {
      if (!hidden) return v;
      pointers.push_back(pointer);
      return nullptr;
    };
    o["opening"] = value(s.opening, h && h->opening, prefix + "/opening");
    json::array in, out, stock;
    for (size_t m = 0; m < s.months.size(); ++m) {
      const bool hi = h && m < h->months.size();
      in.push_back(value(s.months[m].inflow, hi && h->months[m].inflow, prefix + "/inflow/" + std::to_string(m)));
      out.push_back(value(s.months[m].outflow, hi && h->months[m].outflow, prefix + "/outflow/" + std::to_string(m)));
      stock.push_back(value(s.months[m].stock, hi && h->months[m].stock, prefix + "/stock/" + std::to_string(m)));
    }
    o["inflow"] = std::move(in);
    o["outflow"] = std::move(out);
    o["stock"] = std::move(stock);
    return o;
  };
  json::object municipalities;
  for (const auto& [code, s] : report.municipalities) {
    const HiddenSeries* h = nullptr;
    if (suppression)
      if (auto it = suppression->municipalities.find(code); it != suppression->municipalities.end()) h = &it->second;
    municipalities[code] = series(s, h, "/municipalities/" + PointerToken(code));
  }
  root["municipalities"] = std::move(municipalities);
  root["total"] = series(report.total, suppression ? &suppression->total : nullptr, "/total");
  if (suppression) {
    root["suppression_threshold"] = suppression->threshold;
    json::array list;
    for (auto& p : pointers) list.emplace_back(std::move(p));
    root["suppressed"] = std::move(list);
  }
  return Serialize(root);
}

std::string EbOverTimeCsv(const EbOverTimeReport& report, const EbOverTimeSuppression* suppression) {
  std::string out = "municipality,month,inflow,outflow,stock\r\n";
  auto cell = [](int64_t v, bool hidden) { return hidden ? std::string(kCsvHidden) : std::to_string(v); };
  auto series = [&](const std::string& name, const EbSeries& s, const HiddenSeries* h) {
    const std::string before = report.month_starts.front().AddDays(-1).ToString().substr(0, 7);
    out += CsvField(name) + "," + before + ",,," + cell(s.opening, h && h->opening) + "\r\n";
    for (size_t m = 0; m < s.months.size(); ++m) {
      const bool hi = h && m < h->months.size();
      out += CsvField(name) + "," + report.month_starts[m].ToString().substr(0, 7) + "," +
             cell(s.months[m].inflow, hi && h->months[m].inflow) + "," +
             cell(s.months[m].outflow, hi && h->months[m].outflow) + "," +
             cell(s.months[m].stock, hi && h->months[m].stock) + "\r\n";
    }
  };
  for (const auto& [code, s] : report.municipalities) {
    const HiddenSeries* h = nullptr;
    if (suppression)
      if (auto it = suppression->municipalities.find(code); it != suppression->municipalities.end()) h = &it->second;
    series(code, s, h);
  }
  series("total", report.total, suppression ? &suppression->total : nullptr);
  return out;
}

std::string FollowUpJson(const FollowUpReport& report) {
  json::object root;
  root["as_of"] = report.as_of.ToString();
  json::object municipalities;
  for (const auto& [code, f] : report.municipalities) municipalities[code] = FiguresJson(f);
  root["municipalities"] = std::move(municipalities);
  root["total"] = FiguresJson(report.total);
  return Serialize(root);
}

std::string FollowUpCsv(const FollowUpReport& report, const FollowUpSuppression* suppression) {
  std::vector<std::string> header = {"municipality", "as_of", "cohort", "se_granted", "se_pending", "ae_granted",
                                     "sp_granted", "coordinated_rehab", "se_denied", "ae_denied", "se_or_ae_granted_share"};
  for (int i = 0; i < kTimeOnEbBuckets; ++i) header.push_back(fmt::format("time_on_eb_se_{}", TimeOnEbBucketName(i)));
  for (int i = 0; i < kTimeOnEbBuckets; ++i) header.push_back(fmt::format("time_on_eb_ae_{}", TimeOnEbBucketName(i)));
  header.push_back("exited_eb_total");
  for (ExitReason r : AllExitReasons()) header.push_back(fmt::format("exited_eb_{}", Name(r)));
  for (const char* h : {"fk_referrals", "fk_contacted", "fk_median_working_days", "fk_within_3_working_days_share",
                        "fk_overdue_open", "sick_leave_spells", "stances_within_2_months_share", "stances_overdue_open"})
    header.push_back(h);
  std::string out;
  for (size_t i = 0; i < header.size(); ++i) out += (i ? "," : "") + CsvField(header[i]);
  out += "\r\n";
  const HiddenFigures none;
  auto row = [&](const std::string& name, const FollowUpFigures& f, const HiddenFigures& h) {
    auto count = [](int64_t value, bool hidden) { return hidden ? std::string(kCsvHidden) : std::to_string(value); };
    auto optional = [](std::optional<double> value, bool hidden, int decimals = 4) {
      return hidden ? std::string(kCsvHidden) : Optional(value, decimals);
    };
    std::vector<std::string> v = {name, report.as_of.ToString()};
    v.push_back(count(f.cohort, h.cohort));
    v.push_back(count(f.se_granted, h.se_granted));
    v.push_back(count(f.se_pending, h.se_pending));
    v.push_back(count(f.ae_granted, h.ae_granted));
    v.push_back(count(f.sp_granted, h.sp_granted));
    v.push_back(count(f.coordinated_rehab, h.coordinated_rehab));
    v.push_back(count(f.se_denied, h.se_denied));
    v.push_back(count(f.ae_denied, h.ae_denied));
    v.push_back(optional(f.SeOrAeGrantedShare(), h.se_or_ae_granted));
    for (int i = 0; i < kTimeOnEbBuckets; ++i) v.push_back(count(f.time_on_eb_se[i], h.time_on_eb_se[i]));
    for (int i = 0; i < kTimeOnEbBuckets; ++i) v.push_back(count(f.time_on_eb_ae[i], h.time_on_eb_ae[i]));
    v.push_back(count(f.exited_total, h.exited_total));
    for (size_t i = 0; i < f.exit_reasons.size(); ++i) v.push_back(count(f.exit_reasons[i], h.exit_reasons[i]));
    v.push_back(count(f.referrals, h.referrals));
    v.push_back(count(f.contacted, h.contacted));
    v.push_back(optional(f.MedianCallbackWorkingDays(), h.median_working_days(), 1));
    v.push_back(optional(f.Within3WorkingDaysShare(), h.contacted_within_3));
    v.push_back(count(f.referrals_overdue_open, h.referrals_overdue_open));
    v.push_back(count(f.sick_leave_spells, h.sick_leave_spells));
    v.push_back(optional(f.Within2MonthsShare(), h.spells_on_time));
    v.push_back(count(f.spells_overdue_open, h.spells_overdue_open));
    for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + CsvField(v[i]);
    out += "\r\n";
  };
  for (const auto& [code, f] : report.municipalities) {
    const HiddenFigures* h = &none;
    if (suppression)
      if (auto found = suppression->municipalities.find(code); found != suppression->municipalities.end()) h = &found->second;
    row(code, f, *h);
  }
  row("total", report.total, suppression ? suppression->total : none);
  return out;
}

std::string FollowUpTable(const FollowUpReport& report) {
  // Columns: up to five municipalities per block, then the total in the last block.
  std::vector<std::pair<std::string, const FollowUpFigures*>> columns;
  for (const auto& [code, f] : report.municipalities) {
    std::string name = MunicipalityName(code);
    columns.push_back({name == code ? code : name, &f});
  }
  if (columns.size() != 1) columns.push_back({"Totalt", &report.total});

  constexpr size_t kLabel = 62, kColumn = 14, kPerBlock = 5;
  std::string out = fmt::format("UPPFÖLJNING AV MÅLGRUPPEN — ögonblicksbild {}\n", report.as_of.ToString());
  if (columns.empty()) return out + "\nInga personer i målgruppen.\n";

  using Getter = std::function<std::string(const FollowUpFigures&)>;
  auto count = [](int64_t FollowUpFigures::*field) -> Getter {
    return [field](const FollowUpFigures& f) { return std::to_string(f.*field); };
  };
  struct Line { std::string label; Getter get; };
  struct Section { std::string title; std::vector<Line> lines; };
  std::vector<Section> sections;
  sections.push_back({"", {{"Antal i målgruppen (kartläggning och nya)", count(&FollowUpFigures::cohort)}}});
  sections.push_back({"Ögonblicksbild",
                      {{"Beviljats sjukersättning", count(&FollowUpFigures::se_granted)},
                       {"Sökt sjukersättning, väntar på svar", count(&FollowUpFigures::se_pending)},
                       {"Beviljats aktivitetsersättning", count(&FollowUpFigures::ae_granted)},
                       {"Fått sjukpenning/sjukpenning i särskilda fall", count(&FollowUpFigures::sp_granted)}}});
  sections.push_back({"Under perioden",
                      {{"Haft samordnad rehab/avstämningsmöte", count(&FollowUpFigures::coordinated_rehab)},
                       {"Fått avslag på sjukersättning (varav vissa senare beviljats)", count(&FollowUpFigures::se_denied)},
                       {"Fått avslag på aktivitetsersättning", count(&FollowUpFigures::ae_denied)},
                       {"Andel som beviljats sjuk- eller aktivitetsersättning",
                        [](const FollowUpFigures& f) { return Percent(f.SeOrAeGrantedShare()); }}}});
  for (int which = 0; which < 2; ++which) {
    Section s{which == 0 ? "Tid på EB vid beslut om sjukersättning" : "Tid på EB vid beslut om aktivitetsersättning", {}};
    for (int b = 0; b < kTimeOnEbBuckets; ++b)
      s.lines.push_back({std::string(SwedishBucket(b)), [which, b](const FollowUpFigures& f) {
                           return std::to_string(which == 0 ? f.time_on_eb_se[b] : f.time_on_eb_ae[b]);
                         }});
    sections.push_back(std::move(s));
  }
  Section exits{"Inte längre aktuella för ekonomiskt bistånd, orsak", {{"Totalt", count(&FollowUpFigures::exited_total)}}};
  for (ExitReason r : AllExitReasons())
    exits.lines.push_back({std::string(SwedishExitReason(r)), [r](const FollowUpFigures& f) {
                             return std::to_string(f.exit_reasons[static_cast<size_t>(r)]);
                           }});
  sections.push_back(std::move(exits));
  sections.push_back(
      {"Väntan på samverkan: remisser till FK:s funktionsbrevlåda",
       {{"Remisser", count(&FollowUpFigures::referrals)},
        {"Återkontakt tagen", count(&FollowUpFigures::contacted)},
        {"Arbetsdagar till återkontakt, median",
         [](const FollowUpFigures& f) {
           auto m = f.MedianCallbackWorkingDays();
           if (!m) return std::string("–");
           std::string s = fmt::format("{:.1f}", *m);
           for (char& c : s)
             if (c == '.') c = ',';
           return s;
         }},
        {"Andel återkontakt inom 3 arbetsdagar", [](const FollowUpFigures& f) { return Percent(f.Within3WorkingDaysShare()); }},
        {"Ej återkontakt, försenade", count(&FollowUpFigures::referrals_overdue_open)}}});
  sections.push_back(
      {"Ställningstagande senast två månader efter sjukskrivningens start",
       {{"Sjukskrivningsperioder", count(&FollowUpFigures::sick_leave_spells)},
        {"Andel i tid", [](const FollowUpFigures& f) { return Percent(f.Within2MonthsShare()); }},
        {"Saknar ställningstagande, försenade", count(&FollowUpFigures::spells_overdue_open)}}});

  for (size_t first = 0; first < columns.size(); first += kPerBlock) {
    size_t last = std::min(columns.size(), first + kPerBlock);
    out += "\n" + PadRight("", kLabel);
    for (size_t c = first; c < last; ++c) out += PadLeft(columns[c].first, kColumn);
    out += "\n";
    for (const auto& section : sections) {
      if (!section.title.empty()) out += "\n" + section.title + "\n";
      for (const auto& line : section.lines) {
        out += PadRight((section.title.empty() ? "" : "  ") + line.label, kLabel);
        for (size_t c = first; c < last; ++c) out += PadLeft(line.get(*columns[c].second), kColumn);
        out += "\n";
      }
    }
  }
  return out;
}

std::string DeadlinesJson(Date as_of, const std::vector<DeadlineRow>& rows) {
  json::array items;
  for (const auto& r : rows) {
    json::object o;
    o["person"] = r.person;
    o["municipality"] = r.municipality;
    o["kind"] = Name(r.deadline.kind);
    o["status"] = Name(r.deadline.status);
    o["starts"] = r.deadline.starts.ToString();
    o["due"] = r.deadline.due.ToString();
    o["days_overdue"] = r.deadline.due < as_of ? r.deadline.due.DaysUntil(as_of) : 0;
    o["responsible"] = Name(r.deadline.responsible);
    if (!r.deadline.reference.empty()) o["reference"] = r.deadline.reference;
    o["action"] = r.deadline.action;
    items.push_back(std::move(o));
  }
  json::object root{{"as_of", as_of.ToString()}, {"count", rows.size()}, {"deadlines", std::move(items)}};
  return Serialize(root);
}

std::string DeadlinesTable(Date as_of, const std::vector<DeadlineRow>& rows) {
  std::string out = fmt::format("TIDSFRISTER per {} — {} öppna eller försenade, mest brådskande först\n\n",
                                as_of.ToString(), rows.size());
  out += PadRight("Status", 16) + PadRight("Senast", 12) + PadRight("Personnummer", 15) + PadRight("Kommun", 14) +
         PadRight("Frist", 38) + "Ansvarig\n";
  for (const auto& r : rows) {
    std::string status(SwedishName(r.deadline.status));
    if (r.deadline.status == DeadlineStatus::kOverdue) status += fmt::format(" {} d", r.deadline.due.DaysUntil(as_of));
    std::string what(SwedishName(r.deadline.kind));
    if (!r.deadline.reference.empty()) what += " (" + r.deadline.reference + ")";
    out += PadRight(status, 16) + PadRight(r.deadline.due.ToString(), 12) +
           PadRight(r.person.substr(0, 8) + "-" + r.person.substr(8), 15) + PadRight(MunicipalityName(r.municipality), 14) +
           PadRight(what, 38) + std::string(SwedishName(r.deadline.responsible)) + "\n";
  }
  return out;
}

std::string PersonText(const PersonView& v) {
  const auto& p = v.projection;
  std::string out = fmt::format("PERSON {}-{} — ärendet per {}\n", v.person.substr(0, 8), v.person.substr(8),
                                p.as_of.ToString());
  out += fmt::format("Född {}, kommun {}, {}\n", v.birth_date.ToString(),
                     p.municipality.empty() ? "okänd" : MunicipalityName(p.municipality) + " (" + p.municipality + ")",
                     p.on_eb ? "aktuell för ekonomiskt bistånd" : "inte aktuell för ekonomiskt bistånd");
  out += fmt::format("SGI: {}\n", !p.sgi ? "inte kontrollerad" : *p.sgi == Sgi::kZero ? "noll (nollplacerad)" : "finns");
  out += fmt::format("Steg i metoden: {}\n", SwedishName(p.step));
  out += "\nPågående spår\n";
  if (p.tracks.empty()) out += "  (inga)\n";
  for (const auto& t : p.tracks)
    out += fmt::format("  {} sedan {}{}\n", SwedishName(t.kind), t.since.ToString(), t.detail.empty() ? "" : " — " + t.detail);
  out += "\nSamtycken\n";
  if (p.consents.empty()) out += "  (inga)\n";
  for (const auto& c : p.consents) {
    std::string parties;
    for (int i = 0; i < kPartyCount; ++i)
      if (c.parties & PartyBit(static_cast<Party>(i))) parties += (parties.empty() ? "" : ", ") + std::string(Name(static_cast<Party>(i)));
    out += fmt::format("  {} till {} för {}, givet {}{}{} — {}\n", c.consent_id, parties, c.purpose, c.given.ToString(),
                       c.until ? ", till och med " + c.until->ToString() : "",
                       c.revoked ? ", återkallat " + c.revoked->ToString() : "", c.active ? "gäller" : "gäller inte");
  }
  out += "\nSjukskrivningsperioder\n";
  if (p.spells.empty()) out += "  (inga)\n";
  for (const auto& s : p.spells)
    out += fmt::format("  {} – {} ({} intyg, högst {} %), ställningstagande senast {}: {}\n", s.start.ToString(),
                       s.end.ToString(), s.certificates, s.max_extent, s.stance_due.ToString(),
                       s.stance_date ? "taget " + s.stance_date->ToString() + " (" + std::string(Name(*s.stance_direction)) + ")"
                                     : std::string("saknas"));
  out += "\nTidsfrister\n";
  if (v.deadlines.empty()) out += "  (inga)\n";
  for (const auto& d : v.deadlines)
    out += fmt::format("  {:<10} {} {}{} — {}\n", std::string(SwedishName(d.status)), d.due.ToString(),
                       SwedishName(d.kind), d.reference.empty() ? "" : " (" + d.reference + ")",
                       d.status == DeadlineStatus::kMet && d.met_on ? "klar " + d.met_on->ToString() : d.action);
  out += "\nUpplysningar\n";
  if (v.hints.empty()) out += "  (inga)\n";
  for (const auto& h : v.hints) out += "  • " + h.text + "\n";
  out += "\nTidslinje\n";
  for (const auto& e : v.events) {
    if (e.date > p.as_of) break;
    std::string body = EncodeEventJson(e, false);
    out += fmt::format("  {}  {}\n", e.date.ToString(), body);
  }
  return out;
}

std::string PersonJson(const PersonView& v) {
  const auto& p = v.projection;
  json::object o;
  o["person"] = v.person;
  o["as_of"] = p.as_of.ToString();
  o["birth_date"] = v.birth_date.ToString();
  o["municipality"] = p.municipality;
  o["municipality_name"] = MunicipalityName(p.municipality);
  o["on_eb"] = p.on_eb;
  o["step"] = Name(p.step);
  // What the web application's case header and time axis show (issue 4): registration, SGI,
  // EB periods, sick-leave spells with their stance line, referrals and consents.
  o["registered"] = p.registered ? json::value(p.registered->ToString()) : json::value(nullptr);
  o["sgi"] = p.sgi ? json::value(Name(*p.sgi)) : json::value(nullptr);
  json::array periods;
  for (const auto& e : p.eb_periods) {
    json::object x{{"municipality", e.municipality}, {"start", e.start.ToString()}};
    x["end"] = e.end ? json::value(e.end->ToString()) : json::value(nullptr);
    x["reason"] = e.end ? json::value(Name(e.reason)) : json::value(nullptr);
    periods.push_back(std::move(x));
  }
  o["eb_periods"] = std::move(periods);
  json::array spells;
  for (const auto& s : p.spells) {
    json::object x{{"start", s.start.ToString()}, {"end", s.end.ToString()}, {"certificates", s.certificates},
                   {"max_extent", s.max_extent}, {"stance_due", s.stance_due.ToString()}};
    x["stance_date"] = s.stance_date ? json::value(s.stance_date->ToString()) : json::value(nullptr);
    x["stance_direction"] = s.stance_direction ? json::value(Name(*s.stance_direction)) : json::value(nullptr);
    spells.push_back(std::move(x));
  }
  o["spells"] = std::move(spells);
  json::array referrals;
  for (const auto& r : p.referrals) {
    json::object x{{"referral_id", r.referral_id}, {"sent", r.sent.ToString()}, {"callback_due", r.callback_due.ToString()}};
    x["contacted"] = r.contacted ? json::value(r.contacted->ToString()) : json::value(nullptr);
    referrals.push_back(std::move(x));
  }
  o["referrals"] = std::move(referrals);
  json::array consents;
  for (const auto& c : p.consents) {
    json::array parties;
    for (int i = 0; i < kPartyCount; ++i)
      if (c.parties & PartyBit(static_cast<Party>(i))) parties.emplace_back(std::string(Name(static_cast<Party>(i))));
    json::object x{{"consent_id", c.consent_id}, {"parties", std::move(parties)}, {"purpose", c.purpose},
                   {"given", c.given.ToString()}, {"active", c.active}};
    x["until"] = c.until ? json::value(c.until->ToString()) : json::value(nullptr);
    x["revoked"] = c.revoked ? json::value(c.revoked->ToString()) : json::value(nullptr);
    consents.push_back(std::move(x));
  }
  o["consents"] = std::move(consents);
  json::array tracks;
  for (const auto& t : p.tracks) tracks.push_back(json::object{{"kind", Name(t.kind)}, {"since", t.since.ToString()}, {"detail", t.detail}});
  o["tracks"] = std::move(tracks);
  json::array deadlines;
  for (const auto& d : v.deadlines) {
    json::object x{{"kind", Name(d.kind)}, {"status", Name(d.status)}, {"starts", d.starts.ToString()},
                   {"due", d.due.ToString()}, {"responsible", Name(d.responsible)}, {"action", d.action}};
    if (d.met_on) x["met_on"] = d.met_on->ToString();
    if (!d.reference.empty()) x["reference"] = d.reference;
    deadlines.push_back(std::move(x));
  }
  o["deadlines"] = std::move(deadlines);
  json::array hints;
  for (const auto& h : v.hints) hints.push_back(json::object{{"kind", Name(h.kind)}, {"text", h.text}});
  o["hints"] = std::move(hints);
  // The timeline goes last, each event's canonical JSON written as it is encoded (parsing it
  // back into a value to serialize it again cost a third of a read's CPU in the server).
  std::string out = Serialize(o);
  out.resize(out.size() - 2);  // "}\n"
  out += ",\"events\":[";
  bool first = true;
  for (const auto& e : v.events) {
    if (e.date > p.as_of) continue;
    if (!first) out += ',';
    first = false;
    out += EncodeEventJson(e, false);
  }
  out += "]}\n";
  return out;
}

}  // namespace rattvag
