// The Searcher tests' index and their brute force: the seed, data/archive and tests/fixtures/web
// through run_index with attribution, plus two talk posts (the same index tests/web/server_test.cpp
// serves), built once per test run (tests/fixture_cache.h). Every stored unit is read straight
// from the Xapian database, so expected counts and orders are computed without the Searcher.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "indexer/index_writer.h"
#include "query/core/stored_unit.h"
#include "query/searcher.h"
#include "tests/index_fixture.h"

namespace civic::testing {

using Filters = std::map<std::string, std::vector<std::string>>;
using Counts = std::vector<std::pair<std::string, std::size_t>>;

struct SearcherIndex {
  std::filesystem::path db;
  std::vector<StoredUnit> units;  ///< every stored unit, in docid order
  std::map<std::string, const StoredUnit*> by_id;
};

inline const SearcherIndex& searcher_index() {
  static const SearcherIndex index = [] {
    SearcherIndex s;
    s.db =
        cached_index("searcher-index", "1", seed_archive_and_web(),
                     "talk posts a 2012-03-05, b 2012-03-06", [](const std::filesystem::path& db) {
                       auto writer = indexer::IndexWriter::open(db);
                       REQUIRE(writer);
                       REQUIRE(writer->put(talk_post("a", "2012-03-05")));
                       REQUIRE(writer->put(talk_post("b", "2012-03-06")));
                       REQUIRE(writer->commit());
                     });
    Xapian::Database database(s.db.string());
    for (auto it = database.postlist_begin(""); it != database.postlist_end(""); ++it) {
      auto stored = decode_stored_unit(database.get_document(*it).get_data());
      REQUIRE(stored);
      s.units.push_back(std::move(*stored));
    }
    for (const auto& unit : s.units) s.by_id[unit.unit.id] = &unit;
    return s;
  }();
  return index;
}

inline query::Searcher open_searcher() {
  auto searcher = query::Searcher::open(searcher_index().db);
  REQUIRE(searcher);
  return std::move(*searcher);
}

inline query::SearchResponse search_ok(query::Searcher& searcher,
                                       const query::SearchRequest& request) {
  auto response = searcher.search(request);
  INFO(request.q << ": " << (response ? "" : response.error().message));
  REQUIRE(response);
  return std::move(*response);
}

/// Every unit the request matches, oldest first, read page by page (ungrouped).
inline std::vector<const StoredUnit*> matched_units(query::Searcher& searcher,
                                                    query::SearchRequest request) {
  request.sort = query::Sort::Oldest;
  request.group = query::Group::Unit;
  request.per_page = query::kMaxPerPage;
  std::vector<const StoredUnit*> out;
  for (request.page = 1;; ++request.page) {
    const auto response = search_ok(searcher, request);
    for (const auto& hit : response.hits) {
      const auto found = searcher_index().by_id.find(hit.unit.id);
      REQUIRE(found != searcher_index().by_id.end());
      out.push_back(found->second);
    }
    if (response.hits.size() < static_cast<std::size_t>(request.per_page)) break;
  }
  return out;
}

/// A unit's values for one facet, read from its stored fields (not from the facet code).
inline std::vector<std::string> values_of(const StoredUnit& s, const std::string& facet) {
  std::vector<std::string> values;
  if (facet == "speaker") values = {s.unit.speaker};
  if (facet == "org") values = {s.unit.org};
  if (facet == "kind") values = {std::string(unit_kind_name(s.unit.kind))};
  if (facet == "theme") values = s.unit.themes;
  if (facet == "event") values = {s.post.event};
  if (facet == "year") values = {s.post.date.size() >= 4 ? s.post.date.substr(0, 4) : ""};
  values.erase(std::remove(values.begin(), values.end(), std::string()), values.end());
  return values;
}

/// True when the unit passes every filter (values of one facet ORed) and the date bounds.
inline bool passes(const StoredUnit& s, const Filters& filters, const std::string& from = {},
                   const std::string& to = {}) {
  for (const auto& [facet, wanted] : filters) {
    const auto has = values_of(s, facet);
    if (std::none_of(has.begin(), has.end(), [&](const std::string& v) {
          return std::find(wanted.begin(), wanted.end(), v) != wanted.end();
        })) {
      return false;
    }
  }
  if (!from.empty() && (s.post.date.empty() || s.post.date < from)) return false;
  if (!to.empty() && (s.post.date.empty() || s.post.date > to)) return false;
  return true;
}

/// The key a unit is folded under: its talk (a unit without one is a talk of its own) or post.
inline std::string group_key(const StoredUnit& s, query::Group group) {
  if (group == query::Group::Post) return s.post.id;
  if (group == query::Group::Talk) return s.unit.talk.empty() ? "unit:" + s.unit.id : s.unit.talk;
  return s.unit.id;
}

/// Brute force: a facet's counts over `units` (groups holding the value, when grouped), most
/// frequent first, ties by value, as the Searcher sorts them.
inline Counts brute_counts(const std::vector<const StoredUnit*>& units, const std::string& facet,
                           query::Group group = query::Group::Unit) {
  std::map<std::string, std::set<std::string>> groups;
  for (const auto* s : units) {
    for (const auto& value : values_of(*s, facet)) groups[value].insert(group_key(*s, group));
  }
  Counts counts;
  for (const auto& [value, keys] : groups) counts.emplace_back(value, keys.size());
  std::stable_sort(counts.begin(), counts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return counts;
}

inline Counts counts_of(const std::vector<query::FacetCount>& facet) {
  Counts counts;
  for (const auto& entry : facet) counts.emplace_back(entry.value, entry.count);
  return counts;
}

inline std::size_t group_count(const std::vector<const StoredUnit*>& units, query::Group group) {
  std::set<std::string> keys;
  for (const auto* s : units) keys.insert(group_key(*s, group));
  return keys.size();
}

inline std::vector<std::string> ids_of(const std::vector<query::Hit>& hits) {
  std::vector<std::string> ids;
  for (const auto& hit : hits) ids.push_back(hit.unit.id);
  return ids;
}

inline std::vector<std::string> ids_of(const std::vector<const StoredUnit*>& units) {
  std::vector<std::string> ids;
  for (const auto* s : units) ids.push_back(s->unit.id);
  return ids;
}

}  // namespace civic::testing
