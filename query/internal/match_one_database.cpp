// One database: hits, totals and the counts of every facet without a selection come from one
// match run (FacetSpy); selected facets' filters are applied by a SelectionDecider, which counts
// them too (multi-select: a selected facet is counted with every filter but its own).
#include "query/core/schema.h"
#include "query/internal/facet_count.h"
#include "query/internal/hits.h"
#include "query/internal/match.h"

namespace civic::query {

namespace {

// One FacetSpy per selected facet, and the decider that feeds them.
struct Selections {
  std::vector<std::unique_ptr<FacetSpy>> counts;
  std::vector<SelectionDecider::Selection> selections;
};

Selections select(const MatchPlan& plan, const FacetTable& table, const FacetSplit& split) {
  Selections out;
  for (std::size_t f : split.selected) {
    out.counts.push_back(
        std::make_unique<FacetSpy>(table, std::vector<std::size_t>{f}, plan.request.group));
    const auto& values = plan.request.filters.at(std::string(schema::kFields[f].name));
    out.selections.push_back(
        {f, SelectionDecider::allowed_ids(table.facets[f], values), out.counts.back().get()});
  }
  return out;
}

}  // namespace

Xapian::doccount match_one_database(const MatchPlan& plan, const Xapian::Database& db,
                                    const FacetTable& table, SearchResponse& response) {
  const SearchRequest& request = plan.request;
  const FacetSplit split(request);
  Xapian::Enquire enquire(db);
  const bool any_selected = !split.selected.empty();
  enquire.set_query(filtered(plan.parsed.query, filter_query(request, {"", !any_selected})));
  set_grouping(enquire, request.group);
  RankKey rank(table);
  Xapian::MultiValueKeyMaker by_date;
  set_order(enquire, plan.sort, rank, by_date);
  FacetSpy spy(table, split.unselected, request.group);
  spy.record_into(plan.matched);
  enquire.add_matchspy(&spy);
  Selections selected = select(plan, table, split);
  SelectionDecider decider(table, std::move(selected.selections));
  Xapian::MSet mset =
      enquire.get_mset(plan.first(), static_cast<Xapian::doccount>(request.per_page), plan.all,
                       nullptr, any_selected ? &decider : nullptr);

  const auto limit = static_cast<std::size_t>(request.facet_limit);
  response.total = spy.total();
  for (std::size_t i = 0; i < split.unselected.size(); ++i) {
    response.facets[std::string(schema::kFields[split.unselected[i]].name)] = spy.counts(i, limit);
  }
  for (std::size_t i = 0; i < split.selected.size(); ++i) {
    response.facets[std::string(schema::kFields[split.selected[i]].name)] =
        selected.counts[i]->counts(0, limit);
  }
  Highlighter highlight = highlighter_for(plan.parsed, plan.has_query);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    response.hits.push_back(mset_hit(it, plan.has_query, highlight));
  }
  return static_cast<Xapian::doccount>(spy.units());
}

}  // namespace civic::query
