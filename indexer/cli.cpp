// `civicsearch index` and `civicsearch units`: CLI11 for the arguments, progress on stderr when
// it is a terminal, one line per refused file, a summary at the end.
#include "indexer/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "indexer/attribution.h"
#include "indexer/collect.h"
#include "indexer/attribution/lexicon.h"
#include "indexer/gazetteer.h"
#include "indexer/index_build.h"
#include "indexer/reader.h"

namespace civic::indexer {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Progress on one terminal line, at most a few times a second.
class Progress {
 public:
  explicit Progress(std::size_t total_files)
      : total_(total_files), enabled_(isatty(STDERR_FILENO) == 1), start_(Clock::now()) {}

  void update(std::size_t files, std::size_t units, std::uintmax_t bytes) {
    if (!enabled_) return;
    auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(200) && files != total_) return;
    last_ = now;
    double elapsed = std::max(seconds_since(start_), 1e-3);
    std::fprintf(stderr, "\r%zu/%zu files, %zu units, %.1f MB/s   ", files, total_, units,
                 static_cast<double>(bytes) / 1e6 / elapsed);
  }
  void done() {
    if (enabled_) std::fputs("\n", stderr);
  }

 private:
  std::size_t total_;
  bool enabled_;
  Clock::time_point start_;
  Clock::time_point last_{};
};

nlohmann::json unit_json(const Unit& unit, const Post& post, bool explain) {
  auto or_null = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  nlohmann::json j = {
      {"id", unit.id},
      {"post",
       {{"id", post.id},
        {"title", post.title},
        {"date", or_null(post.date)},
        {"url", or_null(post.url)},
        {"author", or_null(post.author)}}},
      {"position", unit.position},
      {"kind", unit_kind_name(unit.kind)},
      {"text", unit.text},
      {"context", or_null(unit.context)},
      {"anchor", unit.anchor},
      {"speaker", or_null(unit.speaker)},
      {"org", or_null(unit.org)},
      {"role", or_null(unit.role)},
      {"talk", or_null(unit.talk)},
      {"event", or_null(post.event)},
      {"themes", unit.themes},
      {"mentions", unit.mentions},
  };
  if (unit.comment) {
    j["comment"] = {{"author", or_null(unit.comment->author)},
                    {"date", or_null(unit.comment->date)},
                    {"parent", or_null(unit.comment->parent_id)}};
  }
  if (explain) {
    j["attribution"] = {{"source", attribution_source_name(unit.source)},
                        {"explanation", or_null(unit.explanation)}};
  }
  return j;
}

void print_problem(const Error& error) { std::cerr << error.message << "\n"; }

// The gazetteer and themes: an explicit file must exist; a default one may be missing.
Result<Gazetteer> load_gazetteer(const std::string& gazetteer_file, const std::string& themes_file) {
  constexpr const char* kDefaultGazetteer = "data/gazetteer.yaml";
  constexpr const char* kDefaultThemes = "data/themes.yaml";
  std::error_code ec;
  Gazetteer gazetteer;
  const std::string g = gazetteer_file.empty() ? kDefaultGazetteer : gazetteer_file;
  if (!gazetteer_file.empty() || std::filesystem::exists(g, ec)) {
    auto loaded = Gazetteer::load(g);
    if (!loaded) return loaded;
    gazetteer = std::move(*loaded);
  } else {
    // Not an error (attribution still works from the text), but organisations lose their
    // aliases: say so rather than index quietly without them.
    std::cerr << "note: no " << kDefaultGazetteer << " here; organisations get no aliases "
              << "(pass --gazetteer FILE)\n";
  }
  // The person-name model without its data finds fewer people (only those with an honorific or
  // a strong cue): say what is missing and how to get it. Only the files are looked for here;
  // the lists load on the reading thread, so that start-up stays quick.
  if (const std::string missing = attribution::Lexicon::missing_sources(); !missing.empty()) {
    std::cerr << "note: the person-name model is missing " << missing
              << "; fewer speakers are recognised (CIVIC_GIVEN_NAMES=FILE names the list)\n";
  }
  const std::string t = themes_file.empty() ? kDefaultThemes : themes_file;
  if (!themes_file.empty() || std::filesystem::exists(t, ec)) {
    if (auto loaded = gazetteer.load_themes(t); !loaded) return Unexpected{loaded.error()};
  } else {
    std::cerr << "note: no " << kDefaultThemes << " here; units get themes only from tags "
              << "(pass --themes FILE)\n";
  }
  return gazetteer;
}

// Author profiles beside or inside the inputs (a Hugo site's content/authors), so that event pages
// can name their speakers and organisations; problems are printed, not fatal.
void add_profiles(const std::vector<std::string>& inputs, Gazetteer& gazetteer) {
  std::vector<Error> problems;
  for (const auto& dir : find_author_dirs(inputs)) add_author_profiles(dir, gazetteer, problems);
  for (const auto& problem : problems) print_problem(problem);
}

// Attributes the posts of one file, with its override file (`<file>.speakers.yaml`) if any. A
// broken override file is reported and ignored: inference still runs.
void attribute_file(const std::filesystem::path& file, ReadOutput& read, const Gazetteer& gazetteer,
                    AcronymTable& learnt) {
  auto override_file = load_override(file);
  if (!override_file) print_problem(override_file.error());
  const PostOverride* over = override_file && *override_file ? &**override_file : nullptr;
  for (auto& doc : read.posts) attribute(doc, gazetteer, learnt, over);
}

// Reads and attributes files on a second thread, a few files ahead of the writer, so that
// parsing and attribution overlap with term generation and Xapian's writes (2 cores). Files come
// out in input order and attribution runs in that order too (learnt acronyms carry over from file
// to file), so the index is the same as a one-thread run.
class ReadAhead {
 public:
  struct Item {
    Result<ReadOutput> read;
  };

  ReadAhead(const std::vector<InputFile>& files, const Gazetteer& gazetteer, AcronymTable& learnt)
      : files_(files), thread_([this, &gazetteer, &learnt] { produce(gazetteer, learnt); }) {}

  ~ReadAhead() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  /// The next file's posts (or why it was refused), in order. Call once per file.
  Item next() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty(); });
    Item item = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return item;
  }

 private:
  static constexpr std::size_t kDepth = 2;  // files read ahead: bounds memory

  void produce(const Gazetteer& gazetteer, AcronymTable& learnt) {
    for (const auto& file : files_) {
      Item item{read_file(file.path, file.source)};
      if (item.read) attribute_file(file.path, *item.read, gazetteer, learnt);
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || ready_.size() < kDepth; });
      if (stopping_) return;
      ready_.push_back(std::move(item));
      changed_.notify_all();
    }
  }

  const std::vector<InputFile>& files_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Item> ready_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

// The --gazetteer/--themes options shared by `index` and `units`.
struct AttributionFiles {
  std::string gazetteer, themes;
};

void add_attribution_options(CLI::App& app, AttributionFiles& files) {
  app.add_option("--gazetteer", files.gazetteer, "People and organisations (default data/gazetteer.yaml)");
  app.add_option("--themes", files.themes, "Theme taxonomy (default data/themes.yaml)");
}

// The gazetteer and taxonomy, plus author profiles found among the inputs.
Result<Gazetteer> prepare_gazetteer(const AttributionFiles& files, const std::vector<std::string>& inputs) {
  auto gazetteer = load_gazetteer(files.gazetteer, files.themes);
  if (gazetteer) add_profiles(inputs, *gazetteer);
  return gazetteer;
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
  auto gazetteer = prepare_gazetteer(attribution_files, inputs);
  if (!gazetteer) {
    std::cerr << "civicsearch units: " << gazetteer.error().message << "\n";
    return 2;
  }
  AcronymTable learnt;

  std::vector<Error> problems;
  auto files = collect_inputs(inputs, problems);
  for (const auto& problem : problems) print_problem(problem);
  int failed = static_cast<int>(problems.size());
  for (const auto& file : files) {
    auto read = read_file(file.path, file.source);
    if (!read) {
      print_problem(read.error());
      ++failed;
      continue;
    }
    for (const auto& warning : read->warnings) print_problem(warning);
    attribute_file(file.path, *read, *gazetteer, learnt);
    for (auto& doc : read->posts) {
      for (const auto& unit : doc.units) {
        std::cout << unit_json(unit, doc.post, explain).dump(-1, ' ', false,
                                                              nlohmann::json::error_handler_t::replace)
                  << "\n";
      }
    }
  }
  std::cout.flush();
  return failed == 0 ? 0 : 1;
}

int index_main(int argc, char** argv) {
  CLI::App app{"Index archives (text, WXR, HTML, Markdown, JSONL, GOV.UK JSON, Hansard XML) into a "
               "Xapian database. The new state becomes visible only when the whole run succeeds (a "
               "sharded index: shard by shard; after a failed commit, index again to finish).",
               "civicsearch index"};
  std::string db = "var/index";
  std::vector<std::string> inputs;
  bool prune = false;
  BuildOptions options;
  app.add_option("--db", db, "Index directory (created if missing)")->capture_default_str();
  app.add_flag("--prune", prune, "Delete posts that are no longer in the inputs");
  app.add_option("--shards", options.shards,
                 "Split a new index into N shards (DIR/shard-00…, opened together through "
                 "DIR/XAPIANDB); an existing index keeps its layout, so this may be omitted")
      ->check(CLI::Range(std::size_t{2}, kMaxShards));
  app.add_option("--threads", options.threads,
                 "Writer threads for a new single index (merged at the end); ignored when updating "
                 "an existing index (one writer) and with --shards (one writer per shard)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, kMaxThreads));
  app.add_option("PATH", inputs, "Files or folders to index (recursively)")->required();
  AttributionFiles attribution_files;
  add_attribution_options(app, attribution_files);
  CLI11_PARSE(app, argc, argv);
  auto gazetteer = prepare_gazetteer(attribution_files, inputs);
  if (!gazetteer) {
    std::cerr << "civicsearch index: " << gazetteer.error().message << "\n";
    return 2;
  }
  AcronymTable learnt;

  const auto start = Clock::now();
  auto build = IndexBuild::open(db, options);
  if (!build) {
    std::cerr << "civicsearch index: " << build.error().message << "\n";
    return 2;
  }
  std::vector<Error> refused;
  auto files = collect_inputs(inputs, refused);
  Progress progress(files.size());
  std::size_t done = 0, skipped = 0, units = 0, posts = 0;
  std::size_t warnings = 0;
  std::uintmax_t bytes = 0;
  ReadAhead reader(files, *gazetteer, learnt);
  for (const auto& file : files) {
    ++done;
    bytes += file.bytes;
    auto read = reader.next().read;
    if (!read) {
      refused.push_back(read.error());
      progress.update(done, units, bytes);
      continue;
    }
    if (read->format == Format::Unknown) ++skipped;
    for (const auto& warning : read->warnings) {
      print_problem(warning);
      ++warnings;
    }
    for (auto& doc : read->posts) {
      ++posts;
      units += doc.units.size();
      if (auto queued = build->put(std::move(doc)); !queued) {
        std::cerr << "civicsearch index: " << queued.error().message << "; nothing was changed\n";
        return 2;
      }
    }
    progress.update(done, units, bytes);
  }
  progress.done();
  auto summary = build->finish(prune, synonym_pairs(*gazetteer, learnt));
  if (!summary) {
    std::cerr << "civicsearch index: " << summary.error().message << "; nothing was changed\n";
    return 2;
  }
  const double elapsed = seconds_since(start);
  std::string layout;
  if (summary->shards) layout = " in " + std::to_string(summary->shards) + " shards";
  if (summary->is_new) {
    char merged[64];
    std::snprintf(merged, sizeof merged, " (new index; %s %.1f s)",
                  summary->shards ? "compacting" : "merging", summary->publish_seconds);
    layout += merged;
  }
  std::fprintf(stderr,
               "indexed %zu posts (%zu added, %zu replaced, %zu unchanged, %zu pruned), %zu units "
               "from %zu files (%.1f MB) in %.2f s; index now holds %zu units%s\n",
               posts, summary->added, summary->replaced, summary->unchanged, summary->pruned, units,
               done - refused.size() - skipped, static_cast<double>(bytes) / 1e6, elapsed,
               summary->units, layout.c_str());
  if (skipped) std::fprintf(stderr, "skipped %zu files that are not a format we read\n", skipped);
  if (warnings) std::fprintf(stderr, "%zu warnings (above)\n", warnings);
  if (!refused.empty()) {
    std::fprintf(stderr, "refused %zu files:\n", refused.size());
    for (const auto& problem : refused) std::cerr << "  " << problem.message << "\n";
    return 1;
  }
  return 0;
}

}  // namespace civic::indexer
