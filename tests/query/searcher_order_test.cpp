// The Searcher's orders and grouping (query/searcher.h): newest and oldest by post date,
// relevance with the talk text before readers' comments, an empty query browsing newest first;
// group=talk and group=post with their totals, `more` and paging. Expected orders and counts come
// from the stored units (tests/query/searcher_fixture.h).
#include <catch2/catch.hpp>

#include "tests/query/searcher_fixture.h"

using namespace civic;
using namespace civic::testing;

namespace {

bool is_reader(const query::Hit& hit) {
  return hit.unit.kind == UnitKind::Comment || hit.unit.kind == UnitKind::Pingback;
}

std::vector<query::Hit> all_hits(query::Searcher& searcher, query::SearchRequest request) {
  request.per_page = query::kMaxPerPage;
  std::vector<query::Hit> hits;
  for (request.page = 1;; ++request.page) {
    auto response = search_ok(searcher, request);
    for (auto& hit : response.hits) hits.push_back(std::move(hit));
    if (response.hits.size() < static_cast<std::size_t>(request.per_page)) break;
  }
  return hits;
}

std::vector<std::string> dates_of(const std::vector<query::Hit>& hits) {
  std::vector<std::string> dates;
  for (const auto& hit : hits) dates.push_back(hit.post.date);
  return dates;
}

}  // namespace

TEST_CASE("newest and oldest order every matching unit by post date", "[query][searcher][sort]") {
  auto searcher = open_searcher();
  const std::string q = GENERATE(as<std::string>{}, "council", "volunteering", "");
  CAPTURE(q);
  query::SearchRequest request;
  request.q = q;
  const auto expected = matched_units(searcher, request);
  REQUIRE(expected.size() > 5);
  std::vector<std::string> dates;
  for (const auto* s : expected) dates.push_back(s->post.date);
  std::sort(dates.begin(), dates.end());
  REQUIRE(dates.front() != dates.back());

  request.sort = query::Sort::Oldest;
  const auto oldest = all_hits(searcher, request);
  CHECK(dates_of(oldest) == dates);
  request.sort = query::Sort::Newest;
  const auto newest = all_hits(searcher, request);
  CHECK(dates_of(newest) == std::vector<std::string>(dates.rbegin(), dates.rend()));
  // Both list the same units, each once.
  auto a = ids_of(oldest), b = ids_of(newest);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  CHECK(a == b);
  CHECK(std::adjacent_find(a.begin(), a.end()) == a.end());
  CHECK(a.size() == expected.size());
}

TEST_CASE("an empty query browses everything, newest first", "[query][searcher][sort]") {
  auto searcher = open_searcher();
  query::SearchRequest browse;
  browse.per_page = query::kMaxPerPage;
  query::SearchRequest newest = browse;
  newest.sort = query::Sort::Newest;
  const auto first = search_ok(searcher, browse);
  CHECK(first.total == searcher_index().units.size());
  CHECK(ids_of(first.hits) == ids_of(search_ok(searcher, newest).hits));
  const auto dates = dates_of(first.hits);
  CHECK(std::is_sorted(dates.rbegin(), dates.rend()));
}

TEST_CASE("relevance puts the talk text first, readers' comments below, each by score",
          "[query][searcher][sort]") {
  auto searcher = open_searcher();
  query::SearchRequest request;
  request.q = "council";
  const auto hits = all_hits(searcher, request);
  REQUIRE(hits.size() == matched_units(searcher, request).size());
  REQUIRE(hits.size() > 5);
  CHECK(hits[0].score == 1.0);
  const auto readers = std::count_if(hits.begin(), hits.end(), is_reader);
  REQUIRE(readers > 0);
  REQUIRE(readers < static_cast<long>(hits.size()));
  // Every talk unit, then every comment or pingback; scores never increase inside each part.
  bool seen_reader = false;
  double last = 2;
  for (const auto& hit : hits) {
    CAPTURE(hit.unit.id, hit.score);
    if (is_reader(hit) && !seen_reader) {
      seen_reader = true;
      last = 2;
    }
    CHECK(is_reader(hit) == seen_reader);
    CHECK(hit.score <= last);
    CHECK(hit.score >= 0);
    last = hit.score;
  }
}

TEST_CASE("group=talk and group=post count talks and posts, and more counts the folded units",
          "[query][searcher][group]") {
  auto searcher = open_searcher();
  auto [q, speaker] = GENERATE(table<std::string, std::string>(
      {{"volunteering", ""}, {"", ""}, {"local", ""}, {"volunteering", "Tom Vell"}}));
  CAPTURE(q, speaker);
  query::SearchRequest request;
  request.q = q;
  if (!speaker.empty()) request.filters["speaker"] = {speaker};
  const auto units = matched_units(searcher, request);
  REQUIRE(!units.empty());
  for (const auto group : {query::Group::Talk, query::Group::Post}) {
    CAPTURE(std::string(group_name(group)));
    query::SearchRequest grouped = request;
    grouped.group = group;
    const auto hits = all_hits(searcher, grouped);
    CHECK(search_ok(searcher, grouped).total == group_count(units, group));
    CHECK(hits.size() == group_count(units, group));
    // One hit per group, and `more` counts the other matching units of its group.
    std::map<std::string, std::size_t> per_group;
    for (const auto* s : units) ++per_group[group_key(*s, group)];
    std::set<std::string> seen;
    for (const auto& hit : hits) {
      const auto key = group_key(*searcher_index().by_id.at(hit.unit.id), group);
      CAPTURE(key);
      CHECK(seen.insert(key).second);
      CHECK(static_cast<std::size_t>(hit.more) + 1 == per_group[key]);
    }
  }
}

TEST_CASE("group=talk folds a talk's units into one hit", "[query][searcher][group]") {
  auto searcher = open_searcher();
  query::SearchRequest request;
  request.q = "volunteering";
  request.group = query::Group::Talk;
  request.filters["event"] = {"Web Test Talks Day"};
  const auto response = search_ok(searcher, request);
  CHECK(response.total == 4);  // two talks in each of two posts
  std::size_t units = 0;
  for (const auto& hit : response.hits) units += 1 + hit.more;
  CHECK(units == 10);
  request.q.clear();
  CHECK(counts_of(search_ok(searcher, request).facets.at("speaker")) ==
        Counts{{"Rosa Quint", 2}, {"Tom Vell", 2}});
}
