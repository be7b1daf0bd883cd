// IndexBuild: one `civicsearch index` run over an index directory, on several writer threads.
//
// - A new index (the directory is absent or empty) is built aside, in DIR.building-<pid>: each
//   writer thread fills its own part, a private glass database, and at the end the parts are
//   merged and compacted (Xapian::Compactor) into one database that is renamed onto DIR. A run
//   that dies leaves no index at DIR (at most an empty directory); the next run removes the
//   leftovers of dead runs.
// - An existing index is updated in place by IndexWriter, one transaction per database: changed
//   posts are replaced, unchanged ones skipped, --prune drops the others.
// - With shards (DIR/shard-00 … plus the stub DIR/XAPIANDB, see query/core/schema.h) every post
//   goes to the shard fnv1a64(post id) mod N, so its units always live in one shard, and every
//   shard has its own writer thread. A new sharded index is built aside and renamed into place
//   like a single one (each shard compacted). An existing one is updated shard by shard: each
//   shard commits on its own, so a run killed while committing can leave some shards at the new
//   state and some at the old one, but every post is whole in one state or the other.
//
// Posts are handed over with put() and written by the threads; counts and errors come back at
// finish(). Not thread-safe: one thread calls put() and finish().
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "query/core/result.h"
#include "query/core/unit.h"

namespace civic::indexer {

/// How a run lays out and writes the index.
struct BuildOptions {
  /// Shards: 0 (default) keeps the layout of an existing index (a sharded one's N comes from
  /// its stub) and makes a new index a single database; 2…kMaxShards asks for that many shards.
  std::size_t shards = 0;
  /// Writer threads (parts) for a new single database, merged at the end; default 2, at most
  /// kMaxThreads. An existing single database has one writer; shards have one each.
  std::size_t threads = 2;
};

inline constexpr std::size_t kMaxShards = 64;
/// The most writer threads `civicsearch index --threads` accepts.
inline constexpr std::size_t kMaxThreads = 16;

/// What a finished run did.
struct BuildSummary {
  std::size_t added = 0, replaced = 0, unchanged = 0, pruned = 0;
  std::size_t units = 0;   ///< units the index holds now
  std::size_t shards = 0;  ///< 0 for a single database
  bool is_new = false;     ///< built aside and renamed into place
  /// New index: the serial tail after the posts are written. A single database: merging and
  /// compacting the parts, and the rename. Shards: the longest shard's compaction (the shards
  /// compact side by side, each in its writer thread), writing the stub and the rename.
  double publish_seconds = 0;
};

/// The shard of a post: FNV-1a 64-bit of its id, mod `shards`. Stable across runs, platforms
/// and builds (unlike std::hash), which the incremental path relies on.
std::size_t shard_of(std::string_view post_id, std::size_t shards);

class IndexBuild {
 public:
  /// Opens DIR for a run and starts the writer threads. Errors: Unavailable "index is locked by
  /// …" when another run holds it; InvalidInput when DIR is not an index, when --shards does not
  /// match the existing layout ("has 3 shards", "is a single database") or the schema version
  /// differs; Internal for other Xapian or file-system failures.
  static Result<IndexBuild> open(const std::filesystem::path& dir, const BuildOptions& options);

  IndexBuild(IndexBuild&&) noexcept;
  IndexBuild& operator=(IndexBuild&&) noexcept;
  /// Without finish(), nothing of the run becomes visible and the temporary parts are removed.
  ~IndexBuild();

  /// Hands the post to its writer (blocks while that writer is far behind). Errors: a writer's
  /// earlier failure (Internal); after one, the run can only be abandoned.
  Status put(PostDoc doc);

  /// Waits for the writers, prunes posts not put() in this run when `prune`, stores the synonym
  /// pairs (see IndexWriter::add_synonyms) in every database, then makes the run visible: commits,
  /// or for a new index merges, compacts and renames it into place. Errors: as put(), and
  /// Internal when compacting or renaming fails (nothing is visible then).
  Result<BuildSummary> finish(bool prune, const std::vector<std::pair<std::string, std::string>>& synonyms);

 private:
  struct Impl;
  explicit IndexBuild(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace civic::indexer
