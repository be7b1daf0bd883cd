// The indexing pipeline: collect → read → attribute → IndexBuild, shared by `index` and `units`.
#include "indexer/pipeline.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "indexer/attribution.h"
#include "indexer/attribution/lexicon.h"
#include "indexer/collect.h"
#include "indexer/gazetteer.h"
#include "indexer/reader.h"

namespace civic::indexer {
namespace {

using Clock = std::chrono::steady_clock;

// Stands in for a null report, so that the pipeline never tests for one.
RunReport& or_silent(RunReport* report) {
  static RunReport silent;  // stateless: every method does nothing
  return report ? *report : silent;
}

// The gazetteer and themes: an explicit file must exist; a default one may be missing.
Result<Gazetteer> load_gazetteer(const AttributionFiles& files, RunReport& report) {
  constexpr const char* kDefaultGazetteer = "data/gazetteer.yaml";
  constexpr const char* kDefaultThemes = "data/themes.yaml";
  std::error_code ec;
  Gazetteer gazetteer;
  const std::string g = files.gazetteer.empty() ? kDefaultGazetteer : files.gazetteer;
  if (!files.gazetteer.empty() || std::filesystem::exists(g, ec)) {
    auto loaded = Gazetteer::load(g);
    if (!loaded) return loaded;
    gazetteer = std::move(*loaded);
  } else {
    // Not an error (attribution still works from the text), but organisations lose their
    // aliases: say so rather than index quietly without them.
    report.note(std::string("note: no ") + kDefaultGazetteer +
                " here; organisations get no aliases (pass --gazetteer FILE)");
  }
  // The person-name model without its data finds fewer people (only those with an honorific or
  // a strong cue): say what is missing and how to get it. Only the files are looked for here;
  // the lists load on the reading thread, so that start-up stays quick.
  if (const std::string missing = attribution::Lexicon::missing_sources(); !missing.empty()) {
    report.note("note: the person-name model is missing " + missing +
                "; fewer speakers are recognised (CIVIC_GIVEN_NAMES=FILE names the list)");
  }
  const std::string t = files.themes.empty() ? kDefaultThemes : files.themes;
  if (!files.themes.empty() || std::filesystem::exists(t, ec)) {
    if (auto loaded = gazetteer.load_themes(t); !loaded) return Unexpected{loaded.error()};
  } else {
    report.note(std::string("note: no ") + kDefaultThemes +
                " here; units get themes only from tags (pass --themes FILE)");
  }
  return gazetteer;
}

// The gazetteer and taxonomy, plus author profiles beside or inside the inputs (a Hugo site's
// content/authors), so that event pages can name their speakers and organisations; a broken
// profile is reported, not fatal.
Result<Gazetteer> prepare_gazetteer(const AttributionFiles& files,
                                    const std::vector<std::string>& inputs, RunReport& report) {
  auto gazetteer = load_gazetteer(files, report);
  if (!gazetteer) return gazetteer;
  std::vector<Error> problems;
  for (const auto& dir : find_author_dirs(inputs)) add_author_profiles(dir, *gazetteer, problems);
  for (const auto& problem : problems) report.problem(problem);
  return gazetteer;
}

// One file read and attributed. A broken override file is kept aside rather than reported where
// it is found, which may be the read-ahead thread.
struct ReadFile {
  Result<ReadOutput> read;
  std::optional<Error> override_problem;
};

// The one read → attribute path of both subcommands: reads the file, then attributes its posts
// with its override file (`<file>.speakers.yaml`) if any. A broken override file is ignored:
// inference still runs.
ReadFile read_and_attribute(const InputFile& file, const Gazetteer& gazetteer,
                            AcronymTable& learnt) {
  ReadFile out{read_file(file.path, file.source), std::nullopt};
  if (!out.read) return out;
  auto override_file = load_override(file.path);
  if (!override_file) out.override_problem = override_file.error();
  const PostOverride* over = override_file && *override_file ? &**override_file : nullptr;
  for (auto& doc : out.read->posts) attribute(doc, gazetteer, learnt, over);
  return out;
}

// Reports a read file's warnings, then its override file's problem; returns the warnings.
std::size_t report_problems(const ReadFile& file, RunReport& report) {
  for (const auto& warning : file.read->warnings) report.problem(warning);
  if (file.override_problem) report.problem(*file.override_problem);
  return file.read->warnings.size();
}

// Reads and attributes files on a second thread, a few files ahead of the writer, so that
// parsing and attribution overlap with term generation and Xapian's writes (2 cores). Files come
// out in input order and attribution runs in that order too (learnt acronyms carry over from file
// to file), so the index is the same as a one-thread run.
class ReadAhead {
 public:
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
  ReadFile next() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty(); });
    ReadFile item = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return item;
  }

 private:
  static constexpr std::size_t kDepth = 2;  // files read ahead: bounds memory

  void produce(const Gazetteer& gazetteer, AcronymTable& learnt) {
    for (const auto& file : files_) {
      ReadFile item = read_and_attribute(file, gazetteer, learnt);
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
  std::deque<ReadFile> ready_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

// Reads every file (through ReadAhead) and hands its posts to `build`, counting into `summary`.
Status write_posts(const std::vector<InputFile>& files, const Gazetteer& gazetteer,
                   AcronymTable& learnt, IndexBuild& build, IndexSummary& summary,
                   RunReport& report) {
  std::size_t done = 0;
  ReadAhead reader(files, gazetteer, learnt);
  for (const auto& file : files) {
    ++done;
    summary.bytes += file.bytes;
    ReadFile read = reader.next();
    if (!read.read) {
      summary.refused.push_back(read.read.error());
      report.progress(done, summary.units, summary.bytes);
      continue;
    }
    if (read.read->format == Format::Unknown) ++summary.skipped;
    summary.warnings += report_problems(read, report);
    for (auto& doc : read.read->posts) {
      ++summary.posts;
      summary.units += doc.units.size();
      if (auto queued = build.put(std::move(doc)); !queued) return queued;
    }
    report.progress(done, summary.units, summary.bytes);
  }
  return {};
}

Error nothing_changed(const Error& error) {
  return Error{error.code, error.message + "; nothing was changed"};
}

}  // namespace

Result<IndexSummary> run_index(const IndexRun& run, RunReport* report_or_null) {
  RunReport& report = or_silent(report_or_null);
  auto gazetteer = prepare_gazetteer(run.attribution, run.inputs, report);
  if (!gazetteer) return Unexpected{gazetteer.error()};
  AcronymTable learnt;

  const auto start = Clock::now();
  auto build = IndexBuild::open(run.db, run.build);
  if (!build) return Unexpected{build.error()};
  IndexSummary summary;
  const auto files = collect_inputs(run.inputs, summary.refused);
  summary.files = files.size();
  report.started(files.size());
  if (auto written = write_posts(files, *gazetteer, learnt, *build, summary, report); !written) {
    return Unexpected{nothing_changed(written.error())};
  }
  report.read_all();
  auto built = build->finish(run.prune, synonym_pairs(*gazetteer, learnt));
  if (!built) return Unexpected{nothing_changed(built.error())};
  summary.build = *built;
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return summary;
}

Result<UnitsSummary> read_units(const std::vector<std::string>& inputs,
                                const AttributionFiles& attribution, RunReport* report_or_null,
                                const std::function<void(const PostDoc&)>& each_post) {
  RunReport& report = or_silent(report_or_null);
  auto gazetteer = prepare_gazetteer(attribution, inputs, report);
  if (!gazetteer) return Unexpected{gazetteer.error()};
  AcronymTable learnt;

  UnitsSummary summary;
  std::vector<Error> missing;
  const auto files = collect_inputs(inputs, missing);
  for (const auto& problem : missing) report.problem(problem);
  summary.files = files.size();
  summary.refused = missing.size();
  for (const auto& file : files) {
    ReadFile read = read_and_attribute(file, *gazetteer, learnt);
    if (!read.read) {
      report.problem(read.read.error());
      ++summary.refused;
      continue;
    }
    report_problems(read, report);
    for (const auto& doc : read.read->posts) each_post(doc);
  }
  return summary;
}

}  // namespace civic::indexer
