// Request metrics of the server in the Prometheus text format (issue 3): requests by route,
// method and status; errors; a latency histogram; gauges supplied by the caller (journal size).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace rattvag::http {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (the last bucket is +Inf).
  static constexpr std::array<double, 10> kLatencyBounds = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                            0.05,  0.1,    0.25,  0.5,  1.0};

  // Records one answered request. `route` is the matched template ("unmatched" when none).
  // `method` is the client's: a method outside RFC 9110's (and "-" for none) is counted as
  // "other", so that clients cannot add series without bound. Thread-safe.
  void Record(const std::string& route, const std::string& method, int status, double seconds);

  // A gauge read at every rendering: name, help text, and the function giving its value.
  void AddGauge(std::string name, std::string help, std::function<double()> value);

  // The exposition text. Thread-safe.
  std::string Render() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  uint64_t errors_ = 0;
  std::array<uint64_t, kLatencyBounds.size() + 1> buckets_{};
  double latency_sum_ = 0;
  uint64_t latency_count_ = 0;
  struct Gauge {
    std::string name, help;
    std::function<double()> value;
  };
  std::vector<Gauge> gauges_;
};

}  // namespace rattvag::http
