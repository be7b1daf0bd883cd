// INTERNAL to civic_query. The match of an export (Searcher::export_units()): the request's query
// and filters as search() builds them, in its order, run once with the export's limit as the
// MSet's size, of which only the docids are kept; UnitExport reads their documents batch by
// batch. Over remote shards the whole match set is fetched and sorted here, as
// match_remote_shards() does.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "query/export.h"
#include "query/internal/facet_table.h"
#include "query/internal/match.h"
#include "query/internal/shard_set.h"

namespace civic::query {

struct UnitExport::Impl {
  ShardSet* shards = nullptr;         // the Searcher's: documents are read from its db()
  std::vector<Xapian::docid> docids;  // the rows, in order
  std::size_t next = 0;               // index into docids of the next row
  std::size_t total = 0;              // matching units
  std::size_t limit = 0;
  std::vector<std::string> missing_shards;
};

/// The export when every shard is missing: no rows, and the missing shards.
UnitExport empty_export(ShardSet& shards, std::size_t limit);

/// The export of `plan` (ungrouped) over the shards that are up, at most `limit` rows. `table`
/// is the combined database's (its RankKey over one database, its sort keys over remote
/// shards); over local shards the ranks come from document values (KindRankKey). Xapian errors
/// propagate (the caller runs this in ShardSet::with_retry()).
UnitExport match_export(const MatchPlan& plan, ShardSet& shards, const FacetTable& table,
                        std::size_t limit);

}  // namespace civic::query
