// Over remote shards neither our match spy nor our key makers can be used: xapian-tcpsrv runs a
// remote shard's match and can run neither (1.4 refuses KeyMakers for remote databases, and would
// need the spy registered server-side); over local shards, 1.4.22 hands them documents whose
// get_docid() is the shard's docid, not the combined one the FacetTable is indexed by. So the
// whole match set is fetched once (combined docids, weights and percentages computed by Xapian
// with the statistics of every shard), then counted, sorted, grouped and paged here from the
// FacetTable: the same counts and order as match_one_database().
#include <algorithm>
#include <unordered_map>

#include "query/core/schema.h"
#include "query/internal/facet_count.h"
#include "query/internal/hits.h"
#include "query/internal/match.h"

namespace civic::query {
namespace {

// The facets with a selection, each counted by a match of its own with every filter but its own
// (only the docids are needed: BoolWeight).
void count_selected(const MatchPlan& plan, const Xapian::Database& db, const FacetTable& table,
                    const FacetSplit& split, SearchResponse& response) {
  for (std::size_t f : split.selected) {
    Xapian::Enquire side(db);
    side.set_query(
        filtered(plan.parsed.query, filter_query(plan.request, {schema::kFields[f].name})));
    side.set_weighting_scheme(Xapian::BoolWeight());
    FacetSpy spy(table, {f}, plan.request.group);
    const Xapian::MSet matches = side.get_mset(0, plan.all, plan.all);
    for (auto it = matches.begin(); it != matches.end(); ++it) {
      if (*it <= table.last_docid) spy.add(*it);
    }
    response.facets[std::string(schema::kFields[f].name)] =
        spy.counts(0, static_cast<std::size_t>(plan.request.facet_limit));
  }
}

}  // namespace

void sort_entries(Sort sort, const FacetTable& table, std::vector<MatchEntry>& entries) {
  auto by_relevance = [](const MatchEntry& a, const MatchEntry& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
  };
  if (sort == Sort::Relevance) {
    const RankKey rank(table);
    std::sort(entries.begin(), entries.end(), [&](const MatchEntry& a, const MatchEntry& b) {
      const bool ra = rank.is_reader(a.docid), rb = rank.is_reader(b.docid);
      return ra != rb ? rb : by_relevance(a, b);
    });
    return;
  }
  const bool newest = sort == Sort::Newest;
  std::sort(entries.begin(), entries.end(), [&](const MatchEntry& a, const MatchEntry& b) {
    const std::string& da = FacetTable::value(table.date, a.docid);
    const std::string& db = FacetTable::value(table.date, b.docid);
    if (da != db) {
      // Reversed, an empty value sorts last (as MultiValueKeyMaker's reversed keys do).
      if (newest) return da.empty() ? false : db.empty() ? true : da > db;
      return da < db;
    }
    const std::string& pa = FacetTable::value(table.post, a.docid);
    const std::string& pb = FacetTable::value(table.post, b.docid);
    if (pa != pb) return pa < pb;
    const std::string& xa = FacetTable::value(table.position, a.docid);
    const std::string& xb = FacetTable::value(table.position, b.docid);
    if (xa != xb) return xa < xb;
    return by_relevance(a, b);
  });
}

namespace {

// Grouping: the first unit of each talk or post in that order stands for it (Xapian's collapse
// with every match checked). Returns (entry, units folded into it) per shown hit.
std::vector<std::pair<std::size_t, int>> collapse(Group group_by, const FacetTable& table,
                                                  const std::vector<MatchEntry>& entries) {
  const FacetTable::Column* group = group_by == Group::Talk   ? &table.talk
                                    : group_by == Group::Post ? &table.post
                                                              : nullptr;
  std::vector<std::pair<std::size_t, int>> shown;
  std::unordered_map<std::uint32_t, std::size_t> shown_of_group;
  for (std::size_t e = 0; e < entries.size(); ++e) {
    const std::uint32_t key = group ? group->ids[entries[e].docid] : 0;
    if (key) {
      auto [it, is_new] = shown_of_group.emplace(key, shown.size());
      if (!is_new) {
        ++shown[it->second].second;
        continue;
      }
    }
    shown.emplace_back(e, 0);
  }
  return shown;
}

}  // namespace

Xapian::doccount match_remote_shards(const MatchPlan& plan, const Xapian::Database& db,
                                     const FacetTable& table, SearchResponse& response) {
  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(plan.parsed.query, filter_query(plan.request)));
  const Xapian::MSet mset = enquire.get_mset(0, plan.all, plan.all);

  const FacetSplit split(plan.request);
  FacetSpy spy(table, split.unselected, plan.request.group);
  std::vector<MatchEntry> entries;
  entries.reserve(mset.size());
  for (Xapian::doccount i = 0; i < mset.size(); ++i) {
    const auto it = mset[i];
    if (*it > table.last_docid) continue;  // committed after the table was loaded
    spy.add(*it);
    entries.push_back({*it, it.get_weight(), i});
  }
  response.total = spy.total();
  for (std::size_t i = 0; i < split.unselected.size(); ++i) {
    response.facets[std::string(schema::kFields[split.unselected[i]].name)] =
        spy.counts(i, static_cast<std::size_t>(plan.request.facet_limit));
  }
  count_selected(plan, db, table, split, response);

  sort_entries(plan.sort, table, entries);
  const auto shown = collapse(plan.request.group, table, entries);
  const std::size_t first = plan.first();
  const auto per_page = static_cast<std::size_t>(plan.request.per_page);
  Highlighter highlight = highlighter_for(plan.parsed, plan.has_query);
  for (std::size_t i = first; i < shown.size() && i < first + per_page; ++i) {
    Hit hit = mset_hit(mset[entries[shown[i].first].index], plan.has_query, highlight);
    hit.more = shown[i].second;
    response.hits.push_back(std::move(hit));
  }
  return static_cast<Xapian::doccount>(entries.size());
}

}  // namespace civic::query
