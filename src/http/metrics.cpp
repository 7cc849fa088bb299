#include "http/metrics.hpp"

#include <fmt/format.h>

namespace rattvag::http {

namespace {

// Label values are route templates, methods and numbers: escape what the format requires anyway.
std::string Escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// The method as a label value: one of a fixed set, whatever the client sent.
const std::string& MethodLabel(const std::string& method) {
  static const std::array<std::string, 11> kKnown = {"GET",     "HEAD",    "POST",  "PUT", "DELETE", "PATCH",
                                                     "OPTIONS", "CONNECT", "TRACE", "-",   "other"};
  for (const auto& known : kKnown)
    if (method == known) return known;
  return kKnown.back();
}

}  // namespace

void Metrics::Record(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, MethodLabel(method), status}];
  if (status >= 500) ++errors_;
  size_t bucket = 0;
  while (bucket < kLatencyBounds.size() && seconds > kLatencyBounds[bucket]) ++bucket;
  ++buckets_[bucket];
  latency_sum_ += seconds;
  ++latency_count_;
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> value) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(value)});
}

std::string Metrics::Render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP rattvag_http_requests_total Answered HTTP requests by route template, method and status.\n";
  out += "# TYPE rattvag_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format("rattvag_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                       Escape(route), Escape(method), status, count);
  }
  out += "# HELP rattvag_http_errors_total Requests answered with a server error (status 500 or above).\n";
  out += "# TYPE rattvag_http_errors_total counter\n";
  out += fmt::format("rattvag_http_errors_total {}\n", errors_);
  out += "# HELP rattvag_http_request_duration_seconds Time from the whole request read to the response written.\n";
  out += "# TYPE rattvag_http_request_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kLatencyBounds.size(); ++i) {
    cumulative += buckets_[i];
    out += fmt::format("rattvag_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", kLatencyBounds[i], cumulative);
  }
  cumulative += buckets_.back();
  out += fmt::format("rattvag_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
  out += fmt::format("rattvag_http_request_duration_seconds_sum {}\n", latency_sum_);
  out += fmt::format("rattvag_http_request_duration_seconds_count {}\n", latency_count_);
  for (const auto& g : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", g.name, g.help, g.name, g.name, g.value());
  }
  return out;
}

}  // namespace rattvag::http
