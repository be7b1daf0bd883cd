// INTERNAL to civic_query. Visiting every match of a query with the facet table that knows its
// values, whatever the shard layout, and the timelines and rankings counted that way
// (query/explore.h). Nothing is scored (BoolWeight) and no document is read: per match only its
// docid is seen, and its values come from the table.
#pragma once

#include <xapian.h>

#include <functional>
#include <memory>
#include <vector>

#include "query/core/result.h"
#include "query/explore.h"
#include "query/internal/facet_table.h"
#include "query/internal/shard_set.h"

namespace civic::query {

/// The facet tables of the shards as a Searcher holds them: over local shards one per shard
/// (`shards[i]`, nullptr while missing), else the combined database's (`combined`).
struct TableSet {
  const FacetTable& combined;
  const std::vector<std::shared_ptr<const FacetTable>>& shards;
};

/// Called once per matching document with the table its docid indexes.
using MatchVisitor = std::function<void(const FacetTable& table, Xapian::docid docid)>;

/// Visits every document matching `query`: over one database and over each local shard with a
/// match spy inside Xapian's match (get_mset(0, 0): no heap, no weights); over remote shards,
/// which cannot run our spy, from the docids of the whole match set. Documents committed after
/// the table was loaded are left out, as searches leave them out.
void visit_matches(ShardSet& shards, const TableSet& tables, const Xapian::Query& query,
                   const MatchVisitor& visit);

/// The docids of every match of one query, per table (in the order visit_matches() gives them;
/// over local shards one part per shard), and the tables they index, kept alive with them.
struct Matches {
  struct Part {
    const FacetTable* table;
    std::vector<Xapian::docid> docids;
  };
  std::vector<Part> per_table;
  std::vector<std::shared_ptr<const FacetTable>> tables;  ///< owners of the parts' tables

  std::size_t size() const {
    std::size_t n = 0;
    for (const Part& part : per_table) n += part.docids.size();
    return n;
  }
};

/// Every match of `query` (visit_matches()), 4 bytes each. The caller sets `tables`.
Matches collect_matches(ShardSet& shards, const TableSet& tables, const Xapian::Query& query);

/// The timeline of `matches` (of the request's query with its filters) and of each of
/// `compared` (the compared queries with the same filters), from the same tables. InvalidInput
/// when the interval asked for would give more than kMaxBuckets buckets.
Result<Timeline> count_timeline(ShardSet& shards, const TableSet& tables, const Matches& matches,
                                const std::vector<const Matches*>& compared,
                                const TimelineOptions& options);

/// The ranking of `matches` by one of kRankedFacets.
TopList count_top(ShardSet& shards, const TableSet& tables, const Matches& matches,
                  const TopOptions& options);

}  // namespace civic::query
