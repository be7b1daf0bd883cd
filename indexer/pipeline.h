// The indexing pipeline: what `civicsearch index` and `civicsearch units` do, without the flags
// and the printing. Inputs are collected, each file is read by its reader and attributed (the
// gazetteer, themes, author profiles found among the inputs and the file's override file; learnt
// acronyms carry over from file to file, in input order), and for `index` the posts go to an
// IndexBuild, which makes the run visible only when it succeeds.
//
// Tests build their indexes through run_index(), so what they search is what users search.
// Does not include Xapian, CLI11 or nlohmann/json; prints nothing itself (see RunReport).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "indexer/index_build.h"
#include "query/core/result.h"
#include "query/core/unit.h"

namespace civic::indexer {

/// The attribution files, as `--gazetteer` and `--themes` take them. An empty name means the
/// default (data/gazetteer.yaml, data/themes.yaml, relative to the working directory), which may
/// be missing (a note is reported); a named file must load.
struct AttributionFiles {
  std::string gazetteer;  ///< default "" = data/gazetteer.yaml if present
  std::string themes;     ///< default "" = data/themes.yaml if present
};

/// One `civicsearch index` run.
struct IndexRun {
  std::filesystem::path db = "var/index";  ///< index directory, created if missing
  std::vector<std::string> inputs;         ///< files or folders, read recursively
  bool prune = false;                      ///< delete posts that are not in the inputs
  BuildOptions build;                      ///< shards and writer threads (index_build.h)
  AttributionFiles attribution;
};

/// What a run did: the writer's counts plus what was read.
struct IndexSummary {
  BuildSummary build;
  std::size_t files = 0;     ///< files collected (indexed, skipped and refused)
  std::size_t skipped = 0;   ///< files in no format we read
  std::size_t posts = 0;     ///< posts read and handed to the writer
  std::size_t units = 0;     ///< their units
  std::size_t warnings = 0;  ///< readers' warnings (each reported through RunReport::problem)
  std::uintmax_t bytes = 0;  ///< size of the files collected
  double seconds = 0;        ///< from opening the index to the run being visible
  /// Inputs that do not exist and files refused as a whole ("path[:line]: reason"), in input
  /// order; the rest was indexed. Not reported through RunReport.
  std::vector<Error> refused;

  /// Files whose posts were indexed: not skipped, not refused.
  std::size_t files_indexed() const { return files - skipped - refused.size(); }
};

/// What a run tells its caller while it goes; every method does nothing by default. Called only
/// on the thread that called run_index() or read_units(), in input order.
class RunReport {
 public:
  virtual ~RunReport() = default;
  /// A missing default file or model ("note: no data/gazetteer.yaml here; …").
  virtual void note(const std::string& /*message*/) {}
  /// Something that does not stop the file: a reader's warning, a broken override file or author
  /// profile. The message says where and why.
  virtual void problem(const Error& /*error*/) {}
  /// The inputs are collected: `total_files` will be read (run_index only).
  virtual void started(std::size_t /*total_files*/) {}
  /// After each file, with running totals (run_index only).
  virtual void progress(std::size_t /*files_done*/, std::size_t /*units*/,
                        std::uintmax_t /*bytes*/) {}
  /// Every file is read; the writer finishes next (run_index only).
  virtual void read_all() {}
};

/// Does everything `civicsearch index` does: loads the attribution files, opens the index (see
/// IndexBuild::open), reads and attributes every file on a second thread a few files ahead of the
/// writer, and finishes the build with the gazetteer's and learnt synonym pairs. Refused files
/// are in the summary; the rest is indexed. Errors, after which nothing is visible: a named
/// attribution file that does not load (InvalidInput), IndexBuild::open's errors, and a writer's
/// failure (its message ends "; nothing was changed"). `report` may be null.
Result<IndexSummary> run_index(const IndexRun& run, RunReport* report);

/// What read_units() read.
struct UnitsSummary {
  std::size_t files = 0;    ///< files collected
  std::size_t refused = 0;  ///< inputs missing and files refused, each reported as a problem
};

/// Reads and attributes `inputs` the way run_index() does, one file after another, and hands
/// every attributed post to `each_post` in input order; nothing is written. Missing inputs and
/// refused files are reported through `report->problem()` (may be null) and counted. Errors
/// (InvalidInput): a named attribution file that does not load; nothing was read then.
Result<UnitsSummary> read_units(const std::vector<std::string>& inputs,
                                const AttributionFiles& attribution, RunReport* report,
                                const std::function<void(const PostDoc&)>& each_post);

}  // namespace civic::indexer
