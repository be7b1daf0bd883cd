// INTERNAL to civic_query. Every document's facet values and group keys as small integer ids,
// held in memory, so that counting facets over a match set reads no document values (reading six
// value slots per match was two thirds of a frequent-word query). Built by streaming each value
// slot once (Database::valuestream_begin), for one revision of one database; immutable afterwards
// and shared, through a FacetTableCache, by every Searcher that has that revision open. Over
// shards it is indexed by the docids of the combined database (Xapian interleaves them: docid d is
// in shard (d - 1) % n), which is what match spies and the MSet see; value streams work over
// remote shards too.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace civic::query {

struct FacetTable {
  std::string fingerprint;  // which shards, at which revisions (ShardSet::fingerprint())
  Xapian::docid last_docid = 0;

  // One column per value slot: ids[docid] is 1-based into names (0: no value). Multi-valued
  // slots keep their values in CSR form: values[offsets[docid] .. offsets[docid + 1]).
  struct Column {
    std::vector<std::string> names;        // names[id - 1]
    std::vector<std::uint32_t> documents;  // documents[id - 1]: how many hold the value
    std::vector<std::uint32_t> ids;
    std::vector<std::uint32_t> offsets, values;
  };
  std::vector<Column> facets;  // the counted facets, in schema::kFields order
  Column talk, post;           // group keys (single-valued)
  // The raw values of kDateSlot ("YYYYMMDD", whose string order is date order): timelines'
  // buckets, and a sort key over remote shards.
  Column date;
  // The raw values of kPositionSlot, loaded only with remote shards (which cannot run our
  // KeyMakers): with date, the sort keys of MatchRemoteShards.
  Column position;

  /// What a table must hold besides the facets and group keys.
  struct LoadOptions {
    bool with_sort_keys = false;  ///< position (for MatchRemoteShards)
    bool remote_values = false;   ///< some shard is remote: read values by one match per slot
  };
  static std::shared_ptr<const FacetTable> load(const Xapian::Database& db, std::string fingerprint,
                                                LoadOptions options);

  /// The value of a single-valued column for a docid ("" when none).
  static const std::string& value(const Column& column, Xapian::docid docid);
};

/// The FacetTables of the databases a process serves, by path: each revision's table is loaded
/// once and shared by every Searcher given this cache (a server has one Searcher per thread). A
/// few tables are kept per path: with shards, Searchers may briefly see different sets of shards
/// (one down, then back). Thread-safe.
class FacetTableCache {
 public:
  /// The table of `db` as `fingerprint` names it, loaded now if no Searcher has loaded it yet.
  std::shared_ptr<const FacetTable> get(const std::filesystem::path& path,
                                        const std::string& fingerprint, const Xapian::Database& db,
                                        FacetTable::LoadOptions options);

 private:
  static constexpr std::size_t kKeptPerPath = 4;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::shared_ptr<const FacetTable>>> tables_;  // newest last
};

}  // namespace civic::query
