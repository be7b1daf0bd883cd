#include "web/metrics.h"

#include <sstream>

namespace civic::web {
namespace {

// Prometheus label values escape backslash, quote and newline.
std::string label_value(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? 'n' : c;
  }
  return out;
}

}  // namespace

void Metrics::record(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP civic_http_requests_total HTTP requests answered, by route and status.\n"
      << "# TYPE civic_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out << "civic_http_requests_total{route=\"" << label_value(key.first) << "\",status=\""
        << key.second << "\"} " << n << "\n";
  }
  out << "# HELP civic_http_request_duration_seconds Time from routing to the response "
         "written, by route.\n"
      << "# TYPE civic_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string label = "route=\"" + label_value(route) + "\"";
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      out << "civic_http_request_duration_seconds_bucket{" << label << ",le=\""
          << kLatencyBuckets[i] << "\"} " << h.buckets[i] << "\n";
    }
    out << "civic_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << h.count
        << "\n";
    out << "civic_http_request_duration_seconds_sum{" << label << "} " << h.sum << "\n";
    out << "civic_http_request_duration_seconds_count{" << label << "} " << h.count << "\n";
  }
  return out.str();
}

}  // namespace civic::web
