// The baselines every benchmark measures in the same run: Xapian used naively (TermGenerator with
// stemming and positions, default settings, one thread, a ValueCountMatchSpy per facet slot with
// checkatleast = doccount) and SQLite FTS5 (porter tokenizer, top 10 by rank, facet counts by
// GROUP BY over the matches). Plus the small helpers the benchmark programs share: reading the
// corpus_scale JSONL, timing, percentiles and peak RSS. Benchmark code only; not part of
// civicsearch.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace civic::bench {

/// One unit as corpus_scale writes it.
struct BenchUnit {
  std::string post, kind, text, speaker, org, event, year;
};

/// The JSONL files of a corpus_scale directory, in name order.
std::vector<std::filesystem::path> jsonl_files(const std::filesystem::path& dir);

/// Calls `each` for every unit of the files, in order. Throws std::runtime_error on a bad line.
void for_each_unit(const std::vector<std::filesystem::path>& files,
                   const std::function<void(const BenchUnit&)>& each);

/// Bytes of a directory tree.
std::uintmax_t directory_bytes(const std::filesystem::path& dir);

/// Peak RSS of this process so far (KiB), from getrusage.
long peak_rss_kib();

/// p in [0, 100] of `ms` (sorted in place).
double percentile(std::vector<double>& ms, double p);

using Clock = std::chrono::steady_clock;
inline double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/// The facets both baselines count, in response order (the same names as the Searcher's).
const std::vector<std::string>& baseline_facets();

/// One query of the mix, in each engine's syntax.
struct MixQuery {
  std::string label;    ///< "frequent word", "phrase + speaker", …
  std::string xapian;   ///< for Xapian::QueryParser and our Searcher
  std::string fts5;     ///< an FTS5 MATCH expression
  std::string speaker;  ///< speaker filter, or empty
};

/// The query mix of query_bench and shard_bench, from term frequencies of the naive Xapian
/// index at `xapian_db`: deterministic for one archive (frequent, rare, AND, OR and phrase
/// queries, each also with the most frequent speaker as a filter).
std::vector<MixQuery> make_query_mix(const std::filesystem::path& xapian_db);

/// Naive Xapian: builds an index from JSONL files in one thread with default settings.
void xapian_baseline_index(const std::vector<std::filesystem::path>& files,
                           const std::filesystem::path& db);

/// SQLite FTS5: builds the table in one transaction.
void fts5_baseline_index(const std::vector<std::filesystem::path>& files,
                         const std::filesystem::path& db);

/// An engine answering one mix query: top 10 plus exact counts of every facet. Returns the
/// number of matches (so callers can check the engines agree roughly and nothing is optimised out).
class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::size_t run(const MixQuery& query) = 0;
};

std::unique_ptr<Engine> open_xapian_baseline(const std::filesystem::path& db);
std::unique_ptr<Engine> open_fts5_baseline(const std::filesystem::path& db);

}  // namespace civic::bench
