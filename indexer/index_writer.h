// IndexWriter: puts posts (all their units) into a Xapian database. One run is one transaction:
// nothing it changes is visible to readers until commit() succeeds, and a run that dies leaves
// the previous index searchable. Web code never sees this header's implementation (pimpl).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "query/core/result.h"
#include "query/core/unit.h"

namespace civic::indexer {

/// What put() did with a post.
enum class PostChange { Added, Replaced, Unchanged };

/// How IndexWriter::open() treats its directory.
struct WriterOptions {
  /// false (default): `dir` is an index, or is created as one; the run is one transaction and
  /// the lock owner is written beside the database. true: `dir` is a new private part of a
  /// build (absent or empty; see index_build.h) that nobody reads until the build renames or
  /// compacts it: no transaction (Xapian flushes every XAPIAN_FLUSH_THRESHOLD documents), no
  /// owner file, fingerprints of the run kept in memory.
  bool is_new_part = false;
};

/// Writes the owner file into `dir` (best effort): "civicsearch index (pid P on HOST, since
/// YYYY-MM-DD HH:MM:SS)", so that a second run can say who holds the lock. A writer leaves it
/// beside the database it locks, a new build in its building folder.
void write_lock_owner(const std::filesystem::path& dir);

/// The owner written by write_lock_owner() in `dir`, for "index is locked by …" errors; nullopt
/// when there is none (not written yet, already removed, or empty).
std::optional<std::string> read_lock_owner(const std::filesystem::path& dir);

/// Writes one index. Not thread-safe; only one IndexWriter may hold an index at a time
/// (Xapian's lock, across processes too).
class IndexWriter {
 public:
  /// Opens the index in `dir` for writing, creating it if needed, and starts the run's
  /// transaction. Errors: Unavailable "index is locked by …" when another writer holds it;
  /// InvalidInput when `dir` exists but is not an index; Internal for other Xapian failures.
  static Result<IndexWriter> open(const std::filesystem::path& dir, const WriterOptions& options = {});

  IndexWriter(IndexWriter&&) noexcept;
  IndexWriter& operator=(IndexWriter&&) noexcept;
  /// Without commit(), every change of the run is discarded.
  ~IndexWriter();

  /// Adds the post's units, replacing all units of an earlier version of the post; skips the
  /// post when its fingerprint is unchanged. Except in a new part, the ids the post no longer
  /// has are redirected, in the same transaction (query/core/schema.h, kRedirectKey), and the
  /// post's gone key is erased. Errors: Internal (Xapian failure).
  Result<PostChange> put(const PostDoc& doc);

  /// Deletes every post indexed earlier but not put() in this run, leaving its gone key (title)
  /// behind (query/core/schema.h, kGoneKey); returns how many.
  Result<std::size_t> prune_unseen();

  /// Stores acronym ↔ full-name pairs as Xapian synonyms in both directions, on normalised
  /// terms (a multi-word full name is stored as its normalised phrase, which QueryParser's
  /// FLAG_AUTO_MULTIWORD_SYNONYMS matches). Errors: Internal (Xapian failure).
  Status add_synonyms(const std::vector<std::pair<std::string, std::string>>& pairs);

  /// Makes the run's changes visible at once (for a new part: writes them out). After commit()
  /// the writer is closed.
  Status commit();

  /// Number of units the index will hold after commit.
  std::size_t unit_count() const;

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace civic::indexer
