// `civicsearch index` and `civicsearch units`: CLI11 for the arguments, progress on stderr when
// it is a terminal, one line per refused file, a summary at the end.
#include "indexer/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "indexer/index_build.h"
#include "indexer/pipeline.h"
#include "query/core/unit_json.h"

namespace civic::indexer {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// What the pipeline reports, printed on stderr as `index` and `units` always have.
class PrintReport : public RunReport {
 public:
  void note(const std::string& message) override { std::cerr << message << "\n"; }
  void problem(const Error& error) override { std::cerr << error.message << "\n"; }
};

// PrintReport plus progress on one terminal line, at most a few times a second.
class IndexReport : public PrintReport {
 public:
  IndexReport() : enabled_(isatty(STDERR_FILENO) == 1) {}

  void started(std::size_t total_files) override {
    total_ = total_files;
    start_ = Clock::now();
  }
  void progress(std::size_t files, std::size_t units, std::uintmax_t bytes) override {
    if (!enabled_) return;
    auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(200) && files != total_) return;
    last_ = now;
    double elapsed = std::max(seconds_since(start_), 1e-3);
    std::fprintf(stderr, "\r%zu/%zu files, %zu units, %.1f MB/s   ", files, total_, units,
                 static_cast<double>(bytes) / 1e6 / elapsed);
  }
  void read_all() override {
    if (enabled_) std::fputs("\n", stderr);
  }

 private:
  bool enabled_;
  std::size_t total_ = 0;
  Clock::time_point start_{};
  Clock::time_point last_{};
};

// One line of `units`: the unit as the API shows it, plus its position and, with --explain, where
// its attribution came from.
std::string unit_line(const Unit& unit, const Post& post, bool explain) {
  nlohmann::json j(nlohmann::json::value_t::object);
  put_unit_fields(unit, post, j);
  j["position"] = unit.position;
  if (explain) {
    j["attribution"] = {{"source", attribution_source_name(unit.source)},
                        {"explanation", json_string_or_null(unit.explanation)}};
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void add_attribution_options(CLI::App& app, AttributionFiles& files) {
  app.add_option("--gazetteer", files.gazetteer, "People and organisations (default data/gazetteer.yaml)");
  app.add_option("--themes", files.themes, "Theme taxonomy (default data/themes.yaml)");
}

void add_index_options(CLI::App& app, IndexRun& run) {
  app.add_option("--db", run.db, "Index directory (created if missing)")->capture_default_str();
  app.add_flag("--prune", run.prune, "Delete posts that are no longer in the inputs");
  app.add_option("--shards", run.build.shards,
                 "Split a new index into N shards (DIR/shard-00…, opened together through "
                 "DIR/XAPIANDB); an existing index keeps its layout, so this may be omitted")
      ->check(CLI::Range(std::size_t{2}, kMaxShards));
  app.add_option("--threads", run.build.threads,
                 "Writer threads for a new single index (merged at the end); ignored when updating "
                 "an existing index (one writer) and with --shards (one writer per shard)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, kMaxThreads));
  app.add_option("PATH", run.inputs, "Files or folders to index (recursively)")->required();
  add_attribution_options(app, run.attribution);
}

// The summary at the end of a run; returns the exit status (1 when files were refused).
int print_summary(const IndexSummary& summary) {
  const BuildSummary& built = summary.build;
  std::string layout;
  if (built.shards) layout = " in " + std::to_string(built.shards) + " shards";
  if (built.is_new) {
    char merged[64];
    std::snprintf(merged, sizeof merged, " (new index; %s %.1f s)",
                  built.shards ? "compacting" : "merging", built.publish_seconds);
    layout += merged;
  }
  std::fprintf(stderr,
               "indexed %zu posts (%zu added, %zu replaced, %zu unchanged, %zu pruned), %zu units "
               "from %zu files (%.1f MB) in %.2f s; index now holds %zu units%s\n",
               summary.posts, built.added, built.replaced, built.unchanged, built.pruned,
               summary.units, summary.files_indexed(), static_cast<double>(summary.bytes) / 1e6,
               summary.seconds, built.units, layout.c_str());
  if (summary.skipped) {
    std::fprintf(stderr, "skipped %zu files that are not a format we read\n", summary.skipped);
  }
  if (summary.warnings) std::fprintf(stderr, "%zu warnings (above)\n", summary.warnings);
  if (summary.refused.empty()) return 0;
  std::fprintf(stderr, "refused %zu files:\n", summary.refused.size());
  for (const auto& problem : summary.refused) std::cerr << "  " << problem.message << "\n";
  return 1;
}

}  // namespace

int units_main(int argc, char** argv) {
  CLI::App app{"Print the units that PATHs split into, one JSON object per line (no index is written)",
               "civicsearch units"};
  std::vector<std::string> inputs;
  bool explain = false;
  app.add_option("PATH", inputs, "Files or folders to read (recursively)")->required();
  app.add_flag("--explain", explain, "Add where each unit's speaker and organisation came from");
  AttributionFiles attribution_files;
  add_attribution_options(app, attribution_files);
  CLI11_PARSE(app, argc, argv);
  PrintReport report;
  auto read = read_units(inputs, attribution_files, &report, [explain](const PostDoc& doc) {
    for (const auto& unit : doc.units) std::cout << unit_line(unit, doc.post, explain) << "\n";
  });
  std::cout.flush();
  if (!read) {
    std::cerr << "civicsearch units: " << read.error().message << "\n";
    return 2;
  }
  return read->refused == 0 ? 0 : 1;
}

int index_main(int argc, char** argv) {
  CLI::App app{"Index archives (text, WXR, HTML, Markdown, JSONL, GOV.UK JSON, Hansard XML) into a "
               "Xapian database. The new state becomes visible only when the whole run succeeds (a "
               "sharded index: shard by shard; after a failed commit, index again to finish).",
               "civicsearch index"};
  IndexRun run;
  add_index_options(app, run);
  CLI11_PARSE(app, argc, argv);
  IndexReport report;
  auto summary = run_index(run, &report);
  if (!summary) {
    std::cerr << "civicsearch index: " << summary.error().message << "\n";
    return 2;
  }
  return print_summary(*summary);
}

}  // namespace civic::indexer
