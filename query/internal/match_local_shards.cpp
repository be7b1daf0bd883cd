// Local shards only: hits from Xapian over the combined database, sorted by keys read from
// document values (KindRankKey: over several databases a KeyMaker does not see combined docids);
// facet counts from each shard on its own, with its own FacetTable (indexed by that shard's
// docids) and FacetSpy, summed. Groups never span shards (the indexer routes whole posts, and a
// talk is inside one post), so grouped counts add up too.
#include <limits>
#include <map>

#include "query/core/schema.h"
#include "query/internal/facet_count.h"
#include "query/internal/hits.h"
#include "query/internal/match.h"

namespace civic::query {
namespace {

// Counts of one query summed over every shard that is up.
class ShardCounts {
 public:
  ShardCounts(const MatchPlan& plan, ShardSet& shards,
              const std::vector<std::shared_ptr<const FacetTable>>& tables)
      : plan_(plan), shards_(shards), tables_(tables) {}

  struct Sum {
    std::size_t total = 0, units = 0;  // they differ when grouped
  };

  // Counts `query` in every shard into the merged counts of `facets` (kFields indexes).
  Sum count(const Xapian::Query& query, const std::vector<std::size_t>& facets) {
    Sum sum;
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      const Xapian::Database* shard = shards_.shard(i);
      if (!shard) continue;
      Xapian::Enquire side(*shard);
      side.set_query(query);
      side.set_weighting_scheme(Xapian::BoolWeight());
      FacetSpy spy(*tables_[i], facets, plan_.request.group);
      side.add_matchspy(&spy);
      side.get_mset(0, 0, std::max<Xapian::doccount>(shard->get_doccount(), 1));
      sum.total += spy.total();
      sum.units += spy.units();
      for (std::size_t f = 0; f < facets.size(); ++f) {
        auto& counts = merged_[std::string(schema::kFields[facets[f]].name)];
        for (const auto& c : spy.counts(f, std::numeric_limits<std::size_t>::max())) {
          counts[c.value] += c.count;
        }
      }
    }
    return sum;
  }

  // Every counted facet's merged values, ordered and cut to the request's facet_limit.
  void write(SearchResponse& response) {
    for (std::size_t f = 0; f < schema::kCountedFacets; ++f) {
      const std::string name(schema::kFields[f].name);
      std::vector<FacetCount> out;
      for (const auto& [value, n] : merged_[name]) out.push_back({value, n});
      order_facet_counts(out, static_cast<std::size_t>(plan_.request.facet_limit));
      response.facets[name] = std::move(out);
    }
  }

 private:
  const MatchPlan& plan_;
  ShardSet& shards_;
  const std::vector<std::shared_ptr<const FacetTable>>& tables_;
  std::map<std::string, std::map<std::string, std::size_t>> merged_;  // facet → value → count
};

}  // namespace

Xapian::doccount match_local_shards(
    const MatchPlan& plan, ShardSet& shards,
    const std::vector<std::shared_ptr<const FacetTable>>& shard_tables, SearchResponse& response) {
  const SearchRequest& request = plan.request;
  Xapian::Enquire enquire(shards.db());
  enquire.set_query(filtered(plan.parsed.query, filter_query(request)));
  set_grouping(enquire, request.group);
  KindRankKey rank;
  Xapian::MultiValueKeyMaker by_date;
  set_order(enquire, plan.sort, rank, by_date);
  const Xapian::MSet mset =
      enquire.get_mset(plan.first(), static_cast<Xapian::doccount>(request.per_page), plan.all);
  Highlighter highlight = highlighter_for(plan.parsed, plan.has_query);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    response.hits.push_back(mset_hit(it, plan.has_query, highlight));
  }

  const FacetSplit split(request);
  ShardCounts counts(plan, shards, shard_tables);
  const auto sum =
      counts.count(filtered(plan.parsed.query, filter_query(request)), split.unselected);
  for (std::size_t f : split.selected) {
    const Xapian::Query others = filter_query(request, {schema::kFields[f].name});
    counts.count(filtered(plan.parsed.query, others), {f});
  }
  response.total = sum.total;
  counts.write(response);
  return static_cast<Xapian::doccount>(sum.units);
}

}  // namespace civic::query
