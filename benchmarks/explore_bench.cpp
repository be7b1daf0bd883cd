// explore_bench: what the timeline and the "who said it most" panel add to a search. For the
// query mix of query_bench (the same words, picked from the naive index's statistics), each
// round runs, per query, what the search page runs: the search with exact counts of every facet,
// then its timeline (Searcher::timeline, the page's default options) and its ranking of
// speakers (Searcher::top), on one Searcher, as a server thread answers a page. Timed apart, so
// the ratio (timeline + top) ÷ search is measured round by round in one window. Over one
// database the search's match spy records its matches, which the timeline and the ranking of
// the same search then count without matching again; a new search matches anew.
//
// Usage: explore_bench --work DIR [--budget-s N]
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>

#include "benchmarks/baselines.h"
#include "benchmarks/searcher_query.h"
#include "query/searcher.h"

namespace {

namespace fs = std::filesystem;
using civic::bench::Clock;

template <typename T>
T must(civic::Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path work;
  double budget_s = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--work") {
      work = argv[i + 1];
    } else if (flag == "--budget-s") {
      budget_s = std::atof(argv[i + 1]);
    } else {
      std::cerr << "explore_bench: unknown option " << flag << "\n";
      return 2;
    }
  }
  if (work.empty()) {
    std::cerr << "usage: explore_bench --work DIR [--budget-s N]\n";
    return 2;
  }
  try {
    const auto mix = civic::bench::make_query_mix(work / "xapian-baseline");
    auto searcher = must(civic::query::Searcher::open(work / "civic-index"), "open");
    struct Times {
      std::vector<double> search, timeline, top, added;
    };
    Times all;
    std::map<std::string, Times> by_query;
    std::map<std::string, std::size_t> matches;
    auto round = [&](bool measured) {
      for (const auto& q : mix) {
        const auto request = civic::bench::mix_request(q);
        auto t = Clock::now();
        const auto response = must(searcher.search(request), "search");
        const double search_ms = civic::bench::ms_since(t);
        t = Clock::now();
        const auto timeline = must(searcher.timeline(request, {}), "timeline");
        const double timeline_ms = civic::bench::ms_since(t);
        t = Clock::now();
        const auto top = must(searcher.top(request, {}), "top");
        const double top_ms = civic::bench::ms_since(t);
        if (timeline.total != response.total || top.total != response.total) {
          throw std::runtime_error("the timeline or the ranking of `" + q.xapian +
                                   "` counts other matches than its search");
        }
        matches[q.label] = response.total;
        if (!measured) continue;
        for (Times* times : {&all, &by_query[q.label]}) {
          times->search.push_back(search_ms);
          times->timeline.push_back(timeline_ms);
          times->top.push_back(top_ms);
          times->added.push_back(timeline_ms + top_ms);
        }
      }
    };
    round(false);  // warm-up: caches, lazy tables
    const auto start = Clock::now();
    int rounds = 0;
    while (rounds < 2000 && (rounds < 3 || civic::bench::ms_since(start) < budget_s * 1000)) {
      round(true);
      ++rounds;
    }
    using civic::bench::percentile;
    std::printf(
        "### Timeline and \"who said it most\": %d rounds of %zu queries (%.1f s), in-process\n\n"
        "Per query of the mix, what the search page runs: the search (top 10, exact counts of "
        "every facet), its timeline (interval auto, no split) and its ranking of speakers by "
        "units, timed apart in the same round.\n\n",
        rounds, mix.size(), civic::bench::ms_since(start) / 1000);
    std::printf("| part | p50 ms | p99 ms |\n|---|---:|---:|\n");
    const std::pair<const char*, std::vector<double>*> parts[] = {
        {"search with facets", &all.search},
        {"timeline", &all.timeline},
        {"who said it most (top)", &all.top},
        {"timeline + top", &all.added}};
    for (const auto& [name, times] : parts) {
      std::printf("| %s | %.3f | %.3f |\n", name, percentile(*times, 50), percentile(*times, 99));
    }
    const double p50 = percentile(all.added, 50) / percentile(all.search, 50);
    const double p99 = percentile(all.added, 99) / percentile(all.search, 99);
    std::printf(
        "\n(timeline + top) ÷ search: p50 **%.2f**, p99 **%.2f** (target: each ≤ 0.50 → %s).\n\n",
        p50, p99, p50 <= 0.5 && p99 <= 0.5 ? "met" : "not met");
    std::printf(
        "Per query (p50 ms: search / timeline / top; matches):\n\n| query | search | timeline | "
        "top | matches |\n|---|---:|---:|---:|---:|\n");
    for (const auto& q : mix) {
      Times& t = by_query[q.label];
      std::printf("| %s `%s` | %.3f | %.3f | %.3f | %zu |\n", q.label.c_str(), q.xapian.c_str(),
                  percentile(t.search, 50), percentile(t.timeline, 50), percentile(t.top, 50),
                  matches[q.label]);
    }
    std::printf("\n");
  } catch (const std::exception& e) {
    std::cerr << "explore_bench: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "explore_bench: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
