// INTERNAL to civic_query. The three ways a search runs, one per shard layout (ShardSet::layout()),
// each taking one MatchPlan and filling a SearchResponse's hits, total and facet counts with the
// same answers: over one database, match spies and key makers do the work inside Xapian's match;
// over several local shards, each shard counts its own facets; with a remote shard, the whole
// match set is fetched and counted, sorted, grouped and paged here.
#pragma once

#include <xapian.h>

#include <memory>
#include <vector>

#include "query/internal/facet_table.h"
#include "query/internal/query_parser.h"
#include "query/internal/shard_set.h"
#include "query/request.h"
#include "query/searcher.h"

namespace civic::query {

/// One search's inputs, as every strategy takes them.
struct MatchPlan {
  const SearchRequest& request;
  const ParsedQuery& parsed;
  bool has_query;        ///< q has words (else: browse, newest first, no marks, score 0)
  Sort sort;             ///< the order to use: relevance only when there is a query
  Xapian::doccount all;  ///< every document: facet counts are exact
  /// When set, match_one_database() appends the docid of every match (every filter applied) to
  /// it: the Searcher keeps them for the timeline and ranking of the same search.
  std::vector<Xapian::docid>* matched = nullptr;

  /// The first result of the page asked for (0-based).
  Xapian::doccount first() const;
};

/// The order asked for: relevance, unless there is no query to be relevant to (newest first).
Sort effective_sort(const SearchRequest& request, bool has_query);

/// Folds the units of one talk or post into one hit, when the request groups them.
void set_grouping(Xapian::Enquire& enquire, Group group);

/// Orders `enquire`'s hits: by `rank` (talk text above readers' comments) then relevance, or by
/// date, post and position (`by_date`, which must be empty) then relevance.
void set_order(Xapian::Enquire& enquire, Sort sort, Xapian::KeyMaker& rank,
               Xapian::MultiValueKeyMaker& by_date);

/// One match of a match set fetched whole (over remote shards, sorted here).
struct MatchEntry {
  Xapian::docid docid;  ///< combined docid: `table`'s index
  double weight;
  Xapian::doccount index;  ///< in the MSet
};

/// Orders `entries` as match_one_database() asks Xapian to: RankKey then relevance, or date,
/// post and position (MultiValueKeyMaker) then relevance; ties by docid. `table` holds the sort
/// keys of every entry.
void sort_entries(Sort sort, const FacetTable& table, std::vector<MatchEntry>& entries);

// Each returns the number of matching units (not the collapsed count, when grouped), for
// "did you mean".

/// Layout::OneDatabase. `table` is of db's revision.
Xapian::doccount match_one_database(const MatchPlan& plan, const Xapian::Database& db,
                                    const FacetTable& table, SearchResponse& response);

/// Layout::LocalShards. `shard_tables[i]`: shard i's own table (by its own docids), or nullptr
/// while it is missing.
Xapian::doccount match_local_shards(
    const MatchPlan& plan, ShardSet& shards,
    const std::vector<std::shared_ptr<const FacetTable>>& shard_tables, SearchResponse& response);

/// Layout::RemoteShards. `table` is of the combined database (with sort keys).
Xapian::doccount match_remote_shards(const MatchPlan& plan, const Xapian::Database& db,
                                     const FacetTable& table, SearchResponse& response);

}  // namespace civic::query
