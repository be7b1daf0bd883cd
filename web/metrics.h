// The server's Prometheus metrics: requests by route and status, and a latency histogram by
// route, rendered in the text exposition format for GET /metrics. Thread-safe. No httplib.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace civic::web {

class Metrics {
 public:
  /// One answered request: its route label, HTTP status and seconds from routing to written.
  void record(const std::string& route, int status, double seconds);
  /// Every counter and histogram, in Prometheus' text format.
  std::string render() const;

 private:
  // Upper bounds (seconds) of the latency histogram's buckets; +Inf is implied.
  static constexpr std::array<double, 12> kLatencyBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};
  struct Histogram {
    std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};  // cumulative, as Prometheus wants
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace civic::web
