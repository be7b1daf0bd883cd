// profile_bench: how long the profile pages take to build (query/profile.h) for the speakers,
// organisations and events with most units, which are the slowest pages: the slug look-up and
// the profile, in process, as GET /api/speakers/{slug} computes them. Prints p50/p99 per kind
// and the phases of one speaker profile: the first call also builds the revision's slug index.
//
// Usage: profile_bench --db DIR [--rounds N] [--top K] [--budget-s S]
//   DIR: an index or a stub listing shards. Each of the K biggest values of each kind is asked
//   for N times, round by round, within S seconds per kind; the baseline, the filtered search
//   its name links to, runs after each.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "query/core/text.h"
#include "query/request.h"
#include "query/searcher.h"

namespace {

using Clock = std::chrono::steady_clock;
using civic::query::ProfileKind;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// One profile of `kind` for `slug`, as the route builds it; false on an error.
bool build(civic::query::Searcher& searcher, ProfileKind kind, const std::string& slug) {
  auto found = searcher.profile_slug(kind, slug);
  if (!found) return false;
  switch (kind) {
    case ProfileKind::Speaker:
      return static_cast<bool>(searcher.speaker_profile(*found));
    case ProfileKind::Org:
      return static_cast<bool>(searcher.org_profile(*found));
    case ProfileKind::Event:
      return static_cast<bool>(searcher.event_profile(*found));
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  int rounds = 30, top = 3, budget_s = 60;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--db")) db = argv[i + 1];
    if (!std::strcmp(argv[i], "--rounds")) rounds = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--top")) top = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--budget-s")) budget_s = std::atoi(argv[i + 1]);
  }
  if (db.empty() || rounds < 1 || top < 1) {
    std::fprintf(stderr, "usage: profile_bench --db DIR [--rounds N] [--top K] [--budget-s S]\n");
    return 2;
  }
  auto searcher = civic::query::Searcher::open(db);
  if (!searcher) {
    std::fprintf(stderr, "profile_bench: %s\n", searcher.error().message.c_str());
    return 1;
  }
  auto stats = searcher->stats();
  std::printf("index: %zu units, %zu speakers, %zu organisations, %zu events\n",
              stats ? stats->units : 0, stats ? stats->speakers : 0, stats ? stats->orgs : 0,
              stats ? stats->events : 0);

  // The first look-up builds the slug index of the revision.
  auto start = Clock::now();
  (void)searcher->profile_slug(ProfileKind::Speaker, "x");
  std::printf("slug index of the revision (first look-up): %.1f ms\n", ms_since(start));

  for (ProfileKind kind : {ProfileKind::Speaker, ProfileKind::Org, ProfileKind::Event}) {
    const std::string facet(civic::query::profile_kind_name(kind));
    auto values = searcher->facet_values(facet, "", static_cast<std::size_t>(top));
    if (!values || values->empty()) continue;
    // The baseline: the search a speaker's name links to (its filter, first page, facets).
    std::vector<double> times, baseline;
    const auto budget_end = Clock::now() + std::chrono::seconds(budget_s);
    for (int r = 0; r < rounds && Clock::now() < budget_end; ++r) {
      for (const auto& value : *values) {
        start = Clock::now();
        if (!build(*searcher, kind, civic::text::slug(value.value))) {
          std::fprintf(stderr, "profile_bench: %s %s failed\n", facet.c_str(), value.value.c_str());
          return 1;
        }
        times.push_back(ms_since(start));
        civic::query::SearchRequest request;
        request.filters[facet].push_back(value.value);
        start = Clock::now();
        if (!searcher->search(request)) return 1;
        baseline.push_back(ms_since(start));
      }
    }
    const double p99 = percentile(times, 0.99), base99 = percentile(baseline, 0.99);
    std::printf(
        "%-8s biggest %s (%zu units): p50 %.1f ms, p99 %.1f ms, max %.1f ms over %zu; "
        "its filtered search p50 %.1f ms, p99 %.1f ms (profile p99 %.2fx)\n",
        facet.c_str(), values->front().value.c_str(), values->front().count, percentile(times, 0.5),
        p99, *std::max_element(times.begin(), times.end()), times.size(), percentile(baseline, 0.5),
        base99, base99 > 0 ? p99 / base99 : 0.0);
  }
  return 0;
}
