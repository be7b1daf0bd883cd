// query_bench: the fixed query mix (frequent word, rare word, two-word AND, three-word OR, phrase;
// each with and without a speaker filter), every query with the top 10 and exact counts of every
// facet, in-process, against our Searcher and both baselines (indexes left by index_bench). The
// engines take turns, round by round, until the time budget is spent; prints p50/p95/p99 and
// ratios. The words are picked from the naive index's term statistics, so the mix is the same for a
// given archive. Also writes the mix as API paths for the HTTP load test (--paths-out).
//
// Usage: query_bench --work DIR [--budget-s N] [--paths-out FILE] [--only civicsearch]
//                    [--http-port PORT]
// (--only runs our Searcher alone, e.g. under perf record. --http-port adds `civicsearch serve`
// on 127.0.0.1:PORT over one keep-alive connection as an engine, so that the HTTP overhead at
// concurrency 1 is measured against the in-process Searcher round by round, in the same window.)
#include <httplib.h>
#include <xapian.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

#include "benchmarks/baselines.h"
#include "benchmarks/searcher_query.h"
#include "query/core/text.h"
#include "query/searcher.h"

namespace {

namespace fs = std::filesystem;
using civic::bench::Clock;
using civic::bench::MixQuery;

class OurEngine : public civic::bench::Engine {
 public:
  explicit OurEngine(civic::query::Searcher searcher) : searcher_(std::move(searcher)) {}
  std::size_t run(const MixQuery& q) override {
    auto response = searcher_.search(civic::bench::mix_request(q));
    if (!response) throw std::runtime_error("search failed: " + response.error().message);
    return response->total;
  }

 private:
  civic::query::Searcher searcher_;
};

std::string url_encode(const std::string& s) { return civic::text::percent_encode(s); }

// `q` as a request path of the search API (the HTTP engine's and --paths-out's).
std::string api_path(const MixQuery& q) {
  std::string path = "/api/search?q=" + url_encode(q.xapian);
  if (!q.speaker.empty()) path += "&speaker=" + url_encode(q.speaker);
  return path;
}

// The mix as API requests to a running server, over one keep-alive connection: what a client at
// concurrency 1 waits for (request written, whole response read; the body is not parsed beyond
// its "total", as wrk does not parse it at all).
class HttpEngine : public civic::bench::Engine {
 public:
  explicit HttpEngine(int port) : client_("127.0.0.1", port) {
    client_.set_keep_alive(true);
    client_.set_read_timeout(30, 0);
  }
  std::size_t run(const MixQuery& q) override {
    const std::string path = api_path(q);
    auto res = client_.Get(path);
    if (!res) throw std::runtime_error("GET " + path + ": " + httplib::to_string(res.error()));
    if (res->status != 200) throw std::runtime_error("GET " + path + ": status " + std::to_string(res->status));
    const auto at = res->body.find("\"total\":");
    if (at == std::string::npos) throw std::runtime_error("GET " + path + ": no total in the answer");
    return std::strtoull(res->body.c_str() + at + 8, nullptr, 10);
  }

 private:
  httplib::Client client_;
};

}  // namespace

int main(int argc, char** argv) {
  fs::path work, paths_out;
  double budget_s = 60;
  bool only_ours = false;
  int http_port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--work")
      work = argv[i + 1];
    else if (flag == "--budget-s")
      budget_s = std::atof(argv[i + 1]);
    else if (flag == "--paths-out")
      paths_out = argv[i + 1];
    else if (flag == "--only") {
      if (std::string(argv[i + 1]) != "civicsearch") {
        std::cerr << "query_bench: --only accepts only civicsearch\n";
        return 2;
      }
      only_ours = true;
    } else if (flag == "--http-port")
      http_port = std::atoi(argv[i + 1]);
    else {
      std::cerr << "query_bench: unknown option " << flag << "\n";
      return 2;
    }
  }
  if (work.empty()) {
    std::cerr
        << "usage: query_bench --work DIR [--budget-s N] [--paths-out FILE] [--only civicsearch] "
           "[--http-port PORT]\n";
    return 2;
  }
  try {
    const auto mix = civic::bench::make_query_mix(work / "xapian-baseline");
    if (!paths_out.empty()) {
      std::ofstream out(paths_out);
      for (const auto& q : mix) out << api_path(q) << "\n";
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
    if (http_port > 0) {
      engines.push_back({"civicsearch serve (HTTP, 1 connection)",
                         std::make_unique<HttpEngine>(http_port),
                         {},
                         {},
                         {}});
    }
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
    // The server must answer what the Searcher answers, or the comparison means nothing.
    if (http_port > 0 && engines[1].matches != engines[0].matches) {
      throw std::runtime_error("the server on port " + std::to_string(http_port) +
                               " finds other totals than the index in --work");
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
        "### %s: %d rounds of %zu queries per engine, taking turns (%.1f s); top 10 + exact "
        "counts of every facet\n\n",
        http_port > 0 ? "HTTP at concurrency 1 against in-process" : "Queries in-process", rounds,
        mix.size(), civic::bench::ms_since(start) / 1000);
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
    const std::size_t first_baseline = http_port > 0 ? 2 : 1;
    if (engines.size() > first_baseline) {
      std::printf(
          "\nRatios (baseline ÷ civicsearch; > 1 means civicsearch is faster):\n\n"
          "| baseline | p50 | p95 | p99 |\n|---|---:|---:|---:|\n");
    }
    for (std::size_t i = first_baseline; i < engines.size(); ++i) {
      std::printf("| %s | %.2f× | %.2f× | %.2f× |\n", engines[i].name.c_str(),
                  summary[i][0] / summary[0][0], summary[i][1] / summary[0][1],
                  summary[i][2] / summary[0][2]);
    }
    if (http_port > 0) {
      std::printf(
          "\nHTTP at concurrency 1 minus in-process, measured round by round in the same window: "
          "p50 **%+.3f ms**, p99 **%+.3f ms** (target: p99 ≤ +1 ms → %s).\n\n",
          summary[1][0] - summary[0][0], summary[1][2] - summary[0][2],
          summary[1][2] - summary[0][2] <= 1 ? "met" : "not met");
    } else {
      std::printf("\nTargets: p50 ≤ 1 ms → **%.3f ms %s**; p99 ≤ 25 ms → **%.3f ms %s**.\n\n",
                  summary[0][0], summary[0][0] <= 1 ? "met" : "not met", summary[0][2],
                  summary[0][2] <= 25 ? "met" : "not met");
    }
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
