// query_bench: the fixed query mix (frequent word, rare word, two-word AND, three-word OR, phrase;
// each with and without a speaker filter), every query with the top 10 and exact counts of every
// facet, in-process, against our Searcher and both baselines (indexes left by index_bench). The
// engines take turns, round by round, until the time budget is spent; prints p50/p95/p99 and
// ratios. The words are picked from the naive index's term statistics, so the mix is the same for a
// given archive. Also writes the mix as API paths for the HTTP load test (--paths-out).
//
// Usage: query_bench --work DIR [--budget-s N] [--paths-out FILE] [--only civicsearch]
// (--only runs our Searcher alone, e.g. under perf record.)
#include <xapian.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

#include "benchmarks/baselines.h"
#include "query/searcher.h"

namespace {

namespace fs = std::filesystem;
using civic::bench::Clock;
using civic::bench::MixQuery;

class OurEngine : public civic::bench::Engine {
 public:
  explicit OurEngine(civic::query::Searcher searcher) : searcher_(std::move(searcher)) {}
  std::size_t run(const MixQuery& q) override {
    civic::query::SearchRequest request;
    request.q = q.xapian;
    if (!q.speaker.empty()) request.filters["speaker"] = {q.speaker};
    auto response = searcher_.search(request);
    if (!response) throw std::runtime_error("search failed: " + response.error().message);
    return response->total;
  }

 private:
  civic::query::Searcher searcher_;
};

std::string url_encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path work, paths_out;
  double budget_s = 60;
  bool only_ours = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--work")
      work = argv[i + 1];
    else if (flag == "--budget-s")
      budget_s = std::atof(argv[i + 1]);
    else if (flag == "--paths-out")
      paths_out = argv[i + 1];
    else if (flag == "--only" && std::string(argv[i + 1]) == "civicsearch")
      only_ours = true;
    else {
      std::cerr << "query_bench: unknown option " << flag << "\n";
      return 2;
    }
  }
  if (work.empty()) {
    std::cerr
        << "usage: query_bench --work DIR [--budget-s N] [--paths-out FILE] [--only civicsearch]\n";
    return 2;
  }
  try {
    const auto mix = civic::bench::make_query_mix(work / "xapian-baseline");
    if (!paths_out.empty()) {
      std::ofstream out(paths_out);
      for (const auto& q : mix) {
        out << "/api/search?q=" << url_encode(q.xapian);
        if (!q.speaker.empty()) out << "&speaker=" << url_encode(q.speaker);
        out << "\n";
      }
    }
    const auto open_start = Clock::now();
    auto searcher = civic::query::Searcher::open(work / "civic-index");
    if (!searcher) throw std::runtime_error(searcher.error().message);
    const double open_ms = civic::bench::ms_since(open_start);
    struct Named {
      std::string name;
      std::unique_ptr<civic::bench::Engine> engine;
      std::vector<double> all;
      std::map<std::string, std::vector<double>> by_query;
      std::map<std::string, std::size_t> matches;
    };
    std::vector<Named> engines;
    engines.push_back(
        {"civicsearch (Searcher)", std::make_unique<OurEngine>(std::move(*searcher)), {}, {}, {}});
    if (!only_ours) {
      engines.push_back({"naive Xapian",
                         civic::bench::open_xapian_baseline(work / "xapian-baseline"),
                         {},
                         {},
                         {}});
      engines.push_back(
          {"SQLite FTS5", civic::bench::open_fts5_baseline(work / "fts5.sqlite"), {}, {}, {}});
    }

    // Warm-up: one pass each (caches, lazy tables), not measured.
    for (auto& e : engines) {
      for (const auto& q : mix) e.matches[q.label] = e.engine->run(q);
    }
    const auto start = Clock::now();
    int rounds = 0;
    while (rounds < 2000 && (rounds < 3 || civic::bench::ms_since(start) < budget_s * 1000)) {
      for (auto& e : engines) {
        for (const auto& q : mix) {
          const auto t = Clock::now();
          e.engine->run(q);
          const double ms = civic::bench::ms_since(t);
          e.all.push_back(ms);
          e.by_query[q.label].push_back(ms);
        }
      }
      ++rounds;
    }

    std::printf(
        "### Queries in-process: %d rounds of %zu queries per engine (%.1f s); top 10 + exact "
        "counts of every facet\n\n",
        rounds, mix.size(), civic::bench::ms_since(start) / 1000);
    std::printf("Searcher open: %.1f ms. Speaker filter: \"%s\".\n\n", open_ms,
                mix[1].speaker.c_str());
    std::printf("| engine | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n");
    std::vector<std::array<double, 3>> summary;
    for (auto& e : engines) {
      const double p50 = civic::bench::percentile(e.all, 50),
                   p95 = civic::bench::percentile(e.all, 95),
                   p99 = civic::bench::percentile(e.all, 99);
      summary.push_back({p50, p95, p99});
      std::printf("| %s | %.3f | %.3f | %.3f | %.3f |\n", e.name.c_str(), p50, p95, p99,
                  e.all.back());
    }
    std::printf(
        "\nRatios (baseline ÷ civicsearch; > 1 means civicsearch is faster):\n\n"
        "| baseline | p50 | p95 | p99 |\n|---|---:|---:|---:|\n");
    for (std::size_t i = 1; i < engines.size(); ++i) {
      std::printf("| %s | %.2f× | %.2f× | %.2f× |\n", engines[i].name.c_str(),
                  summary[i][0] / summary[0][0], summary[i][1] / summary[0][1],
                  summary[i][2] / summary[0][2]);
    }
    std::printf("\nTargets: p50 ≤ 1 ms → **%.3f ms %s**; p99 ≤ 25 ms → **%.3f ms %s**.\n\n",
                summary[0][0], summary[0][0] <= 1 ? "met" : "not met", summary[0][2],
                summary[0][2] <= 25 ? "met" : "not met");
    std::printf("Per query (p50 / p99 ms; matches):\n\n| query |");
    for (auto& e : engines) std::printf(" %s |", e.name.c_str());
    std::printf("\n|---|");
    for (std::size_t i = 0; i < engines.size(); ++i) std::printf("---:|");
    std::printf("\n");
    for (const auto& q : mix) {
      std::printf("| %s `%s` |", q.label.c_str(), q.xapian.c_str());
      for (auto& e : engines) {
        auto& v = e.by_query[q.label];
        const double p50 = civic::bench::percentile(v, 50), p99 = civic::bench::percentile(v, 99);
        std::printf(" %.3f / %.3f; %zu |", p50, p99, e.matches[q.label]);
      }
      std::printf("\n");
    }
    std::printf("\n");
  } catch (const std::exception& e) {
    std::cerr << "query_bench: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "query_bench: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
