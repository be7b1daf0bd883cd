// INTERNAL to civic_query. Spelling data and synonyms for remote shards. Xapian 1.4's remote
// backend serves neither table, so a QueryParser over remote shards would never suggest or
// expand anything. Synonyms come from the indexer's copy in metadata (schema::kSynonymsKey),
// which the remote backend serves. The indexer's spelling table holds every body word (the
// unprefixed terms), which the remote backend lists in one message with each word's document
// frequency: the table is rebuilt from that into a small local Glass database in the system's
// temp directory, one per set of remote shard revisions, shared by the Searchers given the same
// cache and removed when the cache goes. Words are weighed by the units holding them rather
// than by occurrences (the indexer's weights): occurrences would cost one round trip per word
// (~20 s at 10k units).
#pragma once

#include <xapian.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace civic::query {

class RemoteSpelling {
 public:
  RemoteSpelling() = default;
  RemoteSpelling(const RemoteSpelling&) = delete;
  RemoteSpelling& operator=(const RemoteSpelling&) = delete;
  ~RemoteSpelling();  ///< removes every lexicon it built

  /// The lexicon's directory for these remote shards (`key`: their fingerprint), built if
  /// needed. Thread-safe.
  std::filesystem::path for_shards(const std::string& key,
                                   const std::vector<Xapian::Database>& remotes);

 private:
  static constexpr std::size_t kKept = 3;
  std::mutex mutex_;
  std::map<std::string, std::filesystem::path> built_;
  std::vector<std::string> order_;  // keys of built_, oldest first
  std::size_t next_ = 0;
};

}  // namespace civic::query
