// shard_bench: the query mix of query_bench (same words, same speaker filter; top 10 and exact
// counts of every facet) against one database and against the same archive split into 2 and 4
// shards (`civicsearch index --shards N`), opened locally and through xapian-tcpsrv on loopback
// (one server per shard, started here). Latency: configurations take turns, round by round,
// until the budget is spent (p50/p95/p99). Throughput: queries/s with 1 and 2 client threads,
// each with its own Searcher (the first is the configuration's, already open). Prints a Markdown
// section with ratios to the one-database figures of the same run.
//
// Usage: shard_bench --work DIR [--budget-s N]
//   DIR holds xapian-baseline and civic-index (from index_bench) and civic-shards-2,
//   civic-shards-4 (from `civicsearch index --shards 4`, and the 2-shard layout merged from it by
//   benchmarks/run.sh; a missing one is reported, not run).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "benchmarks/baselines.h"
#include "benchmarks/searcher_query.h"
#include "query/searcher.h"
#include "query/shards.h"

namespace {

namespace fs = std::filesystem;
using civic::bench::Clock;
using civic::bench::MixQuery;

std::size_t run_query(civic::query::Searcher& searcher, const MixQuery& q) {
  auto response = searcher.search(civic::bench::mix_request(q));
  if (!response) throw std::runtime_error("search failed: " + response.error().message);
  if (response->partial()) throw std::runtime_error("a shard did not answer");
  return response->total;
}

// --- xapian-tcpsrv, one per shard, on free loopback ports. -------------------------------------
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

class TcpServers {
 public:
  ~TcpServers() {
    for (pid_t pid : pids_) {
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      int status = 0;
      ::waitpid(pid, &status, 0);
    }
  }
  // Serves `dir` on a free port; returns the stub line.
  std::string serve(const fs::path& dir) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      const int port = free_port();
      const std::string port_text = std::to_string(port);
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error("fork failed");
      if (pid == 0) {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);  // it reports every connection we close
        ::execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port",
                 port_text.c_str(), "--quiet", dir.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
      }
      ::setpgid(pid, pid);
      pids_.push_back(pid);
      for (int i = 0; i < 500; ++i) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
          pids_.pop_back();
          break;
        }
        if (accepts(port)) return "remote 127.0.0.1:" + port_text;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    throw std::runtime_error("xapian-tcpsrv did not start for " + dir.string());
  }

 private:
  std::vector<pid_t> pids_;
};

struct Config {
  std::string name;
  fs::path db;
  std::vector<double> all;
  double open_ms = 0;
  std::array<double, 2> qps{};  // 1 and 2 client threads
  std::unique_ptr<civic::query::Searcher> searcher;
};

// Each client its own Searcher: client 0 uses the configuration's (open and warmed), the others
// are opened (and warmed) before the clock starts (opening remote shards takes seconds at 1M).
double throughput(Config& c, const std::vector<MixQuery>& mix, int threads, double seconds) {
  std::atomic<std::size_t> done = 0;
  std::atomic<bool> failed = false;
  std::vector<std::thread> pool;
  std::vector<civic::query::Searcher> extra;
  for (int t = 1; t < threads; ++t) {
    auto searcher = civic::query::Searcher::open(c.db);
    if (!searcher) throw std::runtime_error(c.db.string() + ": " + searcher.error().message);
    run_query(*searcher, mix[0]);
    extra.push_back(std::move(*searcher));
  }
  std::vector<civic::query::Searcher*> clients = {c.searcher.get()};
  for (auto& s : extra) clients.push_back(&s);
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      auto* searcher = clients[static_cast<std::size_t>(t)];
      std::size_t i = static_cast<std::size_t>(t) * 3;
      try {
        while (civic::bench::ms_since(start) < seconds * 1000) {
          run_query(*searcher, mix[i++ % mix.size()]);
          ++done;
        }
      } catch (const std::exception&) {
        failed = true;
      }
    });
  }
  for (auto& th : pool) th.join();
  if (failed) throw std::runtime_error("throughput run failed over " + c.db.string());
  return static_cast<double>(done) / (civic::bench::ms_since(start) / 1000);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path work;
  double budget_s = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--work")
      work = argv[i + 1];
    else if (flag == "--budget-s")
      budget_s = std::atof(argv[i + 1]);
    else {
      std::cerr << "shard_bench: unknown option " << flag << "\n";
      return 2;
    }
  }
  if (work.empty()) {
    std::cerr << "usage: shard_bench --work DIR [--budget-s N]\n";
    return 2;
  }
  try {
    const auto mix = civic::bench::make_query_mix(work / "xapian-baseline");
    TcpServers servers;
    std::vector<Config> configs;
    std::vector<std::string> skipped;
    configs.push_back({"1 database", work / "civic-index", {}, 0, {}, nullptr});
    for (int n : {2, 4}) {
      const fs::path dir = work / ("civic-shards-" + std::to_string(n));
      if (!fs::exists(dir / "XAPIANDB")) {
        skipped.push_back(dir.string());
        continue;
      }
      configs.push_back({std::to_string(n) + " shards, local", dir, {}, 0, {}, nullptr});
      auto shards = civic::query::read_shards(dir);
      if (!shards) throw std::runtime_error(shards.error().message);
      std::string stub;
      for (const auto& shard : *shards) {
        if (shard.kind != civic::query::ShardSpec::Kind::Local)
          throw std::runtime_error(dir.string() + ": lists " + shard.label() +
                                   ", not a local shard");
        stub += servers.serve(shard.path) + "\n";
      }
      const fs::path stub_path = work / ("remote-" + std::to_string(n) + ".stub");
      std::ofstream(stub_path) << stub;
      configs.push_back(
          {std::to_string(n) + " shards, remote (xapian-tcpsrv)", stub_path, {}, 0, {}, nullptr});
    }
    std::map<std::string, std::size_t> expected;
    for (auto& c : configs) {
      const auto t = Clock::now();
      auto searcher = civic::query::Searcher::open(c.db);
      if (!searcher) throw std::runtime_error(c.db.string() + ": " + searcher.error().message);
      c.open_ms = civic::bench::ms_since(t);
      c.searcher = std::make_unique<civic::query::Searcher>(std::move(*searcher));
      // Warm-up, and the same answers everywhere.
      for (const auto& q : mix) {
        const std::size_t total = run_query(*c.searcher, q);
        auto [it, is_new] = expected.emplace(q.label, total);
        if (!is_new && it->second != total) {
          throw std::runtime_error(c.name + ": " + q.label + " finds " + std::to_string(total) +
                                   ", not " + std::to_string(it->second));
        }
      }
    }
    // Latency: half the budget, configurations in turn.
    const auto start = Clock::now();
    int rounds = 0;
    while (rounds < 2000 && (rounds < 3 || civic::bench::ms_since(start) < budget_s * 500)) {
      for (auto& c : configs) {
        for (const auto& q : mix) {
          const auto t = Clock::now();
          run_query(*c.searcher, q);
          c.all.push_back(civic::bench::ms_since(t));
        }
      }
      ++rounds;
    }
    const double latency_s = civic::bench::ms_since(start) / 1000;
    // Throughput: the other half, split over configurations and 1 or 2 client threads.
    const double slice = std::max(0.2, budget_s / 2 / (static_cast<double>(configs.size()) * 2));
    for (auto& c : configs) {
      for (int threads : {1, 2})
        c.qps[static_cast<std::size_t>(threads - 1)] = throughput(c, mix, threads, slice);
    }

    std::printf(
        "### Shards: one database vs 2 and 4 shards, local and remote (xapian-tcpsrv on "
        "loopback)\n\n");
    std::printf(
        "The query_bench mix (top 10 + exact counts of every facet), %d rounds of %zu queries per "
        "configuration (%.1f s); throughput %.1f s per configuration and thread count. Every "
        "configuration found the same totals. Ratios are to one database in this run (latency: "
        "shards ÷ one database, > 1 is slower; throughput: shards ÷ one database, < 1 is fewer "
        "queries/s).\n\n",
        rounds, mix.size(), latency_s, slice);
    std::printf(
        "| configuration | open ms | p50 ms | p95 ms | p99 ms | p50 × | p95 × | p99 × | q/s, 1 "
        "thread | q/s, 2 "
        "threads | q/s × (1 / 2) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    std::array<double, 3> base{};
    for (std::size_t i = 0; i < configs.size(); ++i) {
      auto& c = configs[i];
      const std::array<double, 3> p = {civic::bench::percentile(c.all, 50),
                                       civic::bench::percentile(c.all, 95),
                                       civic::bench::percentile(c.all, 99)};
      if (i == 0) base = p;
      std::printf(
          "| %s | %.1f | %.3f | %.3f | %.3f | %.2f× | %.2f× | %.2f× | %.0f | %.0f | %.2f× / %.2f× "
          "|\n",
          c.name.c_str(), c.open_ms, p[0], p[1], p[2], p[0] / base[0], p[1] / base[1],
          p[2] / base[2], c.qps[0], c.qps[1], c.qps[0] / configs[0].qps[0],
          c.qps[1] / configs[0].qps[1]);
    }
    for (const auto& s : skipped)
      std::printf("\nNot measured: no shard index at `%s`.\n", s.c_str());
    std::printf(
        "\nLocal shards: hits from Xapian over the combined database, facets counted in each "
        "shard (one more pass over the matches than one database). Remote shards: Xapian 1.4 runs "
        "no custom match spy or key maker there, so the ids of every match are fetched and "
        "counted here; each message is a loopback round trip, and the remote shards' values and "
        "spelling words are loaded once per revision at open (\"open ms\").\n\n");
  } catch (const std::exception& e) {
    std::cerr << "shard_bench: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "shard_bench: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
