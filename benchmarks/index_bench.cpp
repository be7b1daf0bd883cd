// index_bench: indexes one corpus_scale archive three ways, each in its own child process so that
// peak RSS is its own: `civicsearch index` (everything: parsing, attribution, ICU, spelling,
// facets, synonyms), the naive-Xapian baseline and the SQLite FTS5 baseline. Prints a Markdown
// table (units/s, text MB/s, peak RSS, index bytes per text byte) and the ratios to the baselines.
// Each run is killed when it passes the budget. Compacted sizes: a copy of each index compacted
// (`civicsearch index` already compacts a new index, so its two sizes should agree), with the
// bytes of each Xapian table per text byte.
//
// Usage: index_bench --units-dir DIR --work DIR --civicsearch BIN [--cwd DIR] [--budget-s N]
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "benchmarks/baselines.h"

namespace {

namespace fs = std::filesystem;
using civic::bench::Clock;

struct Run {
  std::string engine;
  bool ok = false;
  std::string note;
  double seconds = 0;
  double cpu_seconds = 0;  // user + system: steadier than wall time on a shared machine
  long peak_rss_kib = 0;
  std::uintmax_t index_bytes = 0;
  std::uintmax_t compacted_bytes = 0;
  std::map<std::string, std::uintmax_t> table_bytes;  // compacted, by table (postlist, position…)
};

// Runs `body` in a child process; kills it after `budget_s`. Wall time and the child's peak RSS.
Run in_child(const std::string& engine, double budget_s, const std::function<int()>& body) {
  Run run;
  run.engine = engine;
  std::fflush(nullptr);
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) {
    run.note = "fork failed";
    return run;
  }
  if (pid == 0) {
    int rc = 1;
    try {
      rc = body();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: %s\n", engine.c_str(), e.what());
    } catch (const Xapian::Error& e) {
      std::fprintf(stderr, "%s: %s\n", engine.c_str(), e.get_description().c_str());
    }
    std::fflush(nullptr);
    _exit(rc);
  }
  int status = 0;
  rusage usage{};
  bool killed = false;
  for (;;) {
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (!killed && civic::bench::ms_since(start) > budget_s * 1000) {
      kill(pid, SIGKILL);
      killed = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  run.seconds = civic::bench::ms_since(start) / 1000;
  run.peak_rss_kib = usage.ru_maxrss;
  auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  run.cpu_seconds = secs(usage.ru_utime) + secs(usage.ru_stime);
  run.ok = !killed && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (killed)
    run.note = "stopped at the " + std::to_string(static_cast<int>(budget_s)) + " s budget";
  else if (!run.ok)
    run.note = "failed (status " + std::to_string(status) + ")";
  return run;
}

// Compacts a copy of the database `db` and adds up the bytes, per table too.
void measure_compacted(const fs::path& db, const fs::path& scratch, Run& run) {
  try {
    fs::remove_all(scratch);
    Xapian::Database(db.string()).compact(scratch.string(), Xapian::DBCOMPACT_MULTIPASS);
    for (const auto& entry : fs::directory_iterator(scratch)) {
      const auto bytes = entry.file_size();
      run.compacted_bytes += bytes;
      if (entry.path().extension() == ".glass") run.table_bytes[entry.path().stem().string()] += bytes;
      else run.table_bytes["(other files)"] += bytes;
    }
    fs::remove_all(scratch);
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "index_bench: cannot compact %s: %s\n", db.c_str(),
                 e.get_description().c_str());
    run.compacted_bytes = 0;
  }
}

}  // namespace

int main(int argc, char** argv) {
  fs::path units_dir, work, cwd = fs::current_path();
  std::string civicsearch;
  double budget_s = 1500;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--units-dir")
      units_dir = argv[i + 1];
    else if (flag == "--work")
      work = argv[i + 1];
    else if (flag == "--civicsearch")
      civicsearch = argv[i + 1];
    else if (flag == "--cwd")
      cwd = argv[i + 1];
    else if (flag == "--budget-s")
      budget_s = std::atof(argv[i + 1]);
    else {
      std::cerr << "index_bench: unknown option " << flag << "\n";
      return 2;
    }
  }
  if (units_dir.empty() || work.empty() || civicsearch.empty()) {
    std::cerr << "usage: index_bench --units-dir DIR --work DIR --civicsearch BIN [--cwd DIR] "
                 "[--budget-s N]\n";
    return 2;
  }
  const auto files = civic::bench::jsonl_files(units_dir);
  std::size_t units = 0;
  std::uintmax_t text_bytes = 0, input_bytes = 0;
  for (const auto& f : files) input_bytes += fs::file_size(f);
  civic::bench::for_each_unit(files, [&](const civic::bench::BenchUnit& u) {
    ++units;
    text_bytes += u.text.size();
  });

  const fs::path ours = work / "civic-index", xapian = work / "xapian-baseline",
                 fts5 = work / "fts5.sqlite";
  fs::remove_all(ours);
  fs::remove_all(xapian);
  std::vector<Run> runs;
  runs.push_back(in_child("civicsearch index", budget_s, [&]() {
    if (chdir(cwd.c_str()) != 0) return 1;
    std::vector<std::string> args = {civicsearch, "index", "--db", ours.string(),
                                     units_dir.string()};
    std::vector<char*> argv_out;
    for (auto& a : args) argv_out.push_back(a.data());
    argv_out.push_back(nullptr);
    // Quiet: the summary line goes to our stderr, which the caller may keep.
    execv(civicsearch.c_str(), argv_out.data());
    return 127;
  }));
  runs.push_back(in_child("naive Xapian", budget_s, [&]() {
    civic::bench::xapian_baseline_index(files, xapian);
    return 0;
  }));
  runs.push_back(in_child("SQLite FTS5", budget_s, [&]() {
    civic::bench::fts5_baseline_index(files, fts5);
    return 0;
  }));
  std::error_code ec;
  runs[0].index_bytes = civic::bench::directory_bytes(ours);
  runs[1].index_bytes = civic::bench::directory_bytes(xapian);
  runs[2].index_bytes = fs::file_size(fts5, ec);
  if (runs[0].ok) measure_compacted(ours, work / "compact-scratch", runs[0]);
  if (runs[1].ok) measure_compacted(xapian, work / "compact-scratch", runs[1]);

  const double text_mb = static_cast<double>(text_bytes) / 1e6;
  std::printf("### Indexing: %zu units, %.1f MB of text (%.1f MB of JSONL), budget %.0f s each\n\n",
              units, text_mb, static_cast<double>(input_bytes) / 1e6, budget_s);
  std::printf(
      "| engine | seconds | CPU s | units/s | text MB/s | peak RSS MB | index MB | index / text | "
      "compacted / text | note |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
  for (const Run& r : runs) {
    const double per_text = static_cast<double>(r.index_bytes) / static_cast<double>(text_bytes);
    std::string compacted = "–";
    if (r.compacted_bytes) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f",
                    static_cast<double>(r.compacted_bytes) / static_cast<double>(text_bytes));
      compacted = buf;
    }
    std::printf("| %s | %.1f | %.1f | %.0f | %.2f | %.0f | %.1f | %.2f | %s | %s |\n",
                r.engine.c_str(), r.seconds, r.cpu_seconds, static_cast<double>(units) / r.seconds,
                text_mb / r.seconds, static_cast<double>(r.peak_rss_kib) / 1024,
                static_cast<double>(r.index_bytes) / 1e6, per_text, compacted.c_str(),
                r.ok ? "" : r.note.c_str());
  }
  auto ratio = [&](const Run& base) {
    if (!runs[0].ok || !base.ok) return std::string("n/a (a run did not finish)");
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.2f× (by CPU time %.2f×)", base.seconds / runs[0].seconds,
                  base.cpu_seconds / runs[0].cpu_seconds);
    return std::string(buf);
  };
  std::printf(
      "\nThroughput of `civicsearch index` relative to naive Xapian: **%s** (target ≥ 3×); "
      "to SQLite FTS5: **%s**. Index size after compaction: **%.2f× text** (target ≤ 4×). "
      "Peak RSS: **%.0f MB** (target ≤ 2048 MB).\n\n",
      ratio(runs[1]).c_str(), ratio(runs[2]).c_str(),
      runs[0].compacted_bytes
          ? static_cast<double>(runs[0].compacted_bytes) / static_cast<double>(text_bytes)
          : 0.0,
      static_cast<double>(runs[0].peak_rss_kib) / 1024);
  // Where the compacted bytes are, table by table (bytes per text byte).
  std::printf("| compacted table | %s | %s |\n|---|---:|---:|\n", runs[0].engine.c_str(),
              runs[1].engine.c_str());
  std::set<std::string> tables;
  for (const auto& [name, bytes] : runs[0].table_bytes) tables.insert(name);
  for (const auto& [name, bytes] : runs[1].table_bytes) tables.insert(name);
  auto per_text = [&](const Run& r, const std::string& name) {
    const auto it = r.table_bytes.find(name);
    const double bytes = it == r.table_bytes.end() ? 0.0 : static_cast<double>(it->second);
    return bytes / static_cast<double>(text_bytes);
  };
  for (const auto& name : tables) {
    std::printf("| %s | %.2f | %.2f |\n", name.c_str(), per_text(runs[0], name), per_text(runs[1], name));
  }
  std::printf("\n");
  for (const Run& r : runs) {
    if (!r.ok) return 1;
  }
  return 0;
}
