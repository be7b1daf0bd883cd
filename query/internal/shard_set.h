// INTERNAL to civic_query. The shards of one index, each opened on its own so that one can be
// lost and reopened, combined into one Xapian::Database of those that are up (stub order).
// Xapian 1.4 over several databases: terms, postings, values, documents and weights' statistics
// are merged; spelling data and synonyms are merged from every subdatabase that has them (OR of
// the tables, spelling frequencies summed) but the remote backend serves neither, so they come
// from the local shards plus a RemoteSpelling lexicon (lexicon()); metadata comes from the first
// subdatabase only (hence per-shard loops in callers); get_revision() needs exactly one
// subdatabase. Not thread-safe, like the Searcher that owns it.
#pragma once

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "query/core/result.h"
#include "query/internal/remote_spelling.h"
#include "query/shards.h"

namespace civic::query {

/// How a search must run over the shards that are up (query/internal/match.h).
enum class Layout {
  None,          ///< every shard is missing: answers are empty (and partial)
  OneDatabase,   ///< one local database: match spies and key makers over it
  LocalShards,   ///< several local databases: each shard counts its own facets
  RemoteShards,  ///< a remote shard is up: the whole match set is fetched and counted here
};

class ShardSet {
 public:
  /// Opens the shards at `path` (query/shards.h). A local shard that cannot be opened fails the
  /// open (NotFound, Internal), as a single database does; a remote one that is down is only
  /// missing. `spelling` builds remote shards' lexicons and must outlive the set.
  static Result<ShardSet> open(const std::filesystem::path& path, const ShardOptions& options,
                               RemoteSpelling& spelling);

  const std::filesystem::path& path() const { return path_; }
  Xapian::Database& db() { return db_; }
  /// db(), plus the remote shards' spelling data and synonyms (as of update_lexicon()): what the
  /// QueryParser reads.
  const Xapian::Database& lexicon() const { return lexicon_; }
  /// Builds (or takes from the RemoteSpelling) the remote shards' lexicon for their current
  /// revisions. Call after the set changed (generation()) or a shard's revision did.
  void update_lexicon();
  Layout layout() const;
  /// Counts the times the shards were combined anew (a shard lost, found or reconnected).
  std::size_t generation() const { return generation_; }

  std::size_t size() const { return specs_.size(); }
  const ShardSpec& spec(std::size_t i) const { return specs_[i]; }
  /// Shard `i`, or nullptr while it is missing.
  const Xapian::Database* shard(std::size_t i) const { return shards_[i] ? &*shards_[i] : nullptr; }
  bool any_remote() const { return any_remote_; }

  /// Missing remote shards are tried again once `retry_interval_ms` has passed since the last
  /// try; true when one came back (the set was recombined).
  bool retry_missing();
  /// After a NetworkError: every remote connection is in an unknown state, so all are reopened;
  /// those that do not answer are left out until a retry finds them again.
  void reconnect_remotes();

  /// Labels (ShardSpec::label()) of the shards that are missing.
  std::vector<std::string> missing_labels() const;
  /// Which shards are combined, at which revision: the FacetTable's key. A remote shard has no
  /// get_revision() (1.4's remote backend), so its counts stand in for it; they change with
  /// every commit that adds or deletes documents, which every re-index does.
  std::string fingerprint() const;
  /// The revision as IndexStats reports it: one number for one local database.
  std::string revision() const;

  /// Runs `body`, reopening once if the index changed underneath (DatabaseModifiedError). A
  /// remote shard lost mid-request (NetworkError, timeouts included) is dropped and the request
  /// run again once over the shards that still answer. Xapian errors become Unavailable or
  /// Internal.
  template <typename F>
  auto with_retry(F&& body) -> decltype(body());

 private:
  ShardSet(std::filesystem::path path, ShardOptions options, std::vector<ShardSpec> specs,
           RemoteSpelling& spelling);
  Xapian::Database open_shard(const ShardSpec& spec) const;
  void open_remotes(const std::vector<std::size_t>& which);
  void combine();
  // In with_retry()'s catch block: the error to return, or nullopt to run the body again.
  std::optional<Error> recover(int attempt);

  std::filesystem::path path_;
  ShardOptions options_;
  std::vector<ShardSpec> specs_;
  std::vector<std::optional<Xapian::Database>> shards_;  // per spec; nullopt while missing
  RemoteSpelling* spelling_;
  Xapian::Database db_;       // every shard that is up, combined (Database::add_database)
  Xapian::Database lexicon_;  // db_, plus the remote shards' spelling data
  std::string lexicon_key_;   // the remote shards' fingerprint lexicon_ was built for
  bool any_remote_ = false;
  std::size_t up_ = 0;
  std::size_t generation_ = 0;
  std::chrono::steady_clock::time_point last_retry_{};
};

template <typename F>
auto ShardSet::with_retry(F&& body) -> decltype(body()) {
  retry_missing();
  for (int attempt = 0;; ++attempt) {
    try {
      return body();
    } catch (const Xapian::Error&) {
      if (auto error = recover(attempt)) return Unexpected{std::move(*error)};
    }
  }
}

}  // namespace civic::query
