// The Searcher's date bounds (from/to and ranges in q), unit look-up with its neighbours
// (Searcher::unit), reading a talk or a post (Searcher::talk, Searcher::post) and autocomplete
// (Searcher::suggest), over the index of
// tests/query/searcher_fixture.h, with expected units read from the stored ones.
#include <catch2/catch.hpp>

#include "query/core/html.h"
#include "tests/query/searcher_fixture.h"

using namespace civic;
using namespace civic::testing;

namespace {

std::set<std::string> id_set(const std::vector<const StoredUnit*>& units) {
  std::set<std::string> ids;
  for (const auto* s : units) ids.insert(s->unit.id);
  return ids;
}

std::vector<const StoredUnit*> dated(const std::string& from, const std::string& to) {
  std::vector<const StoredUnit*> out;
  for (const auto& s : searcher_index().units) {
    if (passes(s, {}, from, to)) out.push_back(&s);
  }
  return out;
}

// The units of one post in post order.
std::vector<const StoredUnit*> post_units(const std::string& post_id) {
  std::vector<const StoredUnit*> out;
  for (const auto& s : searcher_index().units) {
    if (s.post.id == post_id) out.push_back(&s);
  }
  std::sort(out.begin(), out.end(),
            [](const auto* a, const auto* b) { return a->unit.position < b->unit.position; });
  return out;
}

}  // namespace

TEST_CASE("from and to keep exactly the units whose post date is in the range",
          "[query][searcher][dates]") {
  auto searcher = open_searcher();
  auto [from, to] = GENERATE(table<std::string, std::string>({{"2010-11-01", "2010-11-30"},
                                                              {"2010-11-09", "2010-11-09"},
                                                              {"2012-01-01", ""},
                                                              {"", "2010-12-31"}}));
  CAPTURE(from, to);
  query::SearchRequest request;
  request.from = from;
  request.to = to;
  const auto expected = dated(from, to);
  REQUIRE(!expected.empty());
  REQUIRE(expected.size() < searcher_index().units.size());
  CHECK(id_set(matched_units(searcher, request)) == id_set(expected));
  CHECK(search_ok(searcher, request).total == expected.size());
}

TEST_CASE("a date range in q restricts post dates as from and to do", "[query][searcher][dates]") {
  auto searcher = open_searcher();
  auto [q, words, from, to] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"local 2010-11-01..2010-11-30", "local", "2010-11-01", "2010-11-30"},
      {"housing 2011..2012", "housing", "2011-01-01", "2012-12-31"},
      {"2010..2011", "", "2010-01-01", "2011-12-31"},
  }));
  CAPTURE(q);
  query::SearchRequest in_query;
  in_query.q = q;
  query::SearchRequest bounded;
  bounded.q = words;
  bounded.from = from;
  bounded.to = to;
  const auto found = matched_units(searcher, in_query);
  REQUIRE(!found.empty());
  CHECK(id_set(found) == id_set(matched_units(searcher, bounded)));
  for (const auto* s : found) {
    CAPTURE(s->post.date);
    CHECK(s->post.date >= from);
    CHECK(s->post.date <= to);
  }
  if (words.empty()) CHECK(id_set(found) == id_set(dated(from, to)));
}

TEST_CASE("a unit is looked up with its neighbours in the post", "[query][searcher][units]") {
  auto searcher = open_searcher();
  query::SearchRequest request;
  request.q = "\"procurement budget\"";
  const auto found = search_ok(searcher, request);
  REQUIRE(found.total == 1);
  const std::string id = found.hits[0].unit.id;
  const auto post = post_units(searcher_index().by_id.at(id)->post.id);
  const auto at =
      std::find_if(post.begin(), post.end(), [&](const auto* s) { return s->unit.id == id; }) -
      post.begin();
  REQUIRE(at >= 2);
  REQUIRE(at + 2 < static_cast<long>(post.size()));

  auto view = searcher.unit(id);
  REQUIRE(view);
  CHECK(view->unit.unit.id == id);
  CHECK(view->unit.unit.text == "Spend more of the procurement budget with local suppliers.");
  CHECK(view->unit.unit.speaker == "Sarah Longlands");
  CHECK(view->unit.post.id == post[at]->post.id);
  CHECK(ids_of(view->before) ==
        std::vector<std::string>{post[at - 2]->unit.id, post[at - 1]->unit.id});
  CHECK(ids_of(view->after) ==
        std::vector<std::string>{post[at + 1]->unit.id, post[at + 2]->unit.id});
  CHECK(view->after[0].unit.text == "Measure where the money goes after the contract is signed.");

  SECTION("the radius sets how many each side, cut at the post's ends") {
    auto none = searcher.unit(id, 0);
    REQUIRE(none);
    CHECK(none->before.empty());
    CHECK(none->after.empty());
    const auto first = post.front()->unit.id, last = post.back()->unit.id;
    auto head = searcher.unit(first, 3);
    REQUIRE(head);
    CHECK(head->before.empty());
    REQUIRE(head->after.size() == std::min<std::size_t>(3, post.size() - 1));
    CHECK(head->after[0].unit.id == post[1]->unit.id);
    auto tail = searcher.unit(last, 3);
    REQUIRE(tail);
    CHECK(tail->after.empty());
    REQUIRE(!tail->before.empty());
    CHECK(tail->before.back().unit.id == post[post.size() - 2]->unit.id);
  }
  SECTION("an unknown id is NotFound") {
    auto missing = searcher.unit("no-such-unit.1");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::NotFound);
    CHECK(missing.error().message == "no unit with id 'no-such-unit.1'");
  }
}

TEST_CASE("suggest completes speakers, organisations and words, names first",
          "[query][searcher][suggest]") {
  auto searcher = open_searcher();
  auto suggest = [&](const std::string& q, std::size_t limit) {
    auto suggestions = searcher.suggest(q, limit);
    REQUIRE(suggestions);
    return *suggestions;
  };
  auto has = [](const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
  };
  CHECK(has(suggest("sarah long", 10), "Sarah Longlands"));
  CHECK(suggest("", 10).empty());
  // Names come before words: the three organisations that attribution found lead.
  const auto names = suggest("volunt", 3);
  CHECK(names.size() == 3);
  CHECK(has(names, "Pennine Voluntary Action Network"));
  CHECK_FALSE(has(names, "volunteering"));
  const auto more = suggest("volunt", 10);
  CHECK(has(more, "volunteering"));
  CHECK(std::vector<std::string>(more.begin(), more.begin() + 3) == names);
  CHECK(suggest("volunt", 1).size() == 1);
}

TEST_CASE("a talk is read whole, in order, with the talks that start around it in its post",
          "[query][searcher][reading]") {
  auto searcher = open_searcher();
  std::set<std::string> talks;
  for (const auto& s : searcher_index().units) {
    if (!s.unit.talk.empty()) talks.insert(s.unit.talk);
  }
  REQUIRE(talks.size() > 20);
  for (const auto& talk_id : talks) {
    CAPTURE(talk_id);
    // Brute force: the post's units in order, its talks in the order their first units come.
    const std::string post_id = talk_id.substr(0, talk_id.rfind('~'));
    std::vector<std::string> expected, order;
    for (const auto* s : post_units(post_id)) {
      if (s->unit.talk == talk_id) expected.push_back(s->unit.id);
      if (!s->unit.talk.empty() &&
          std::find(order.begin(), order.end(), s->unit.talk) == order.end())
        order.push_back(s->unit.talk);
    }
    const auto at = std::find(order.begin(), order.end(), talk_id) - order.begin();
    auto view = searcher.talk(talk_id);
    REQUIRE(view);
    CHECK(view->id == talk_id);
    CHECK(view->post.id == post_id);
    CHECK(ids_of(view->units) == expected);
    REQUIRE(view->previous.has_value() == (at > 0));
    if (view->previous) CHECK(view->previous->unit.talk == order[at - 1]);
    REQUIRE(view->next.has_value() == (at + 1 < static_cast<long>(order.size())));
    if (view->next) CHECK(view->next->unit.talk == order[at + 1]);
  }
  SECTION("an unknown talk is NotFound") {
    for (const std::string id : {"no-such-post~1", "no-tilde", "~", ""}) {
      CAPTURE(id);
      auto missing = searcher.talk(id);
      REQUIRE_FALSE(missing);
      CHECK(missing.error().code == ErrorCode::NotFound);
      CHECK(missing.error().message == "no talk with id '" + id + "'");
    }
  }
}

TEST_CASE("a post is read whole, every unit in order", "[query][searcher][reading]") {
  auto searcher = open_searcher();
  std::set<std::string> posts;
  for (const auto& s : searcher_index().units) posts.insert(s.post.id);
  REQUIRE(posts.size() > 10);
  for (const auto& post_id : posts) {
    CAPTURE(post_id);
    const auto expected = post_units(post_id);
    auto view = searcher.post(post_id);
    REQUIRE(view);
    CHECK(view->post.id == post_id);
    CHECK(view->post.title == expected.front()->post.title);
    CHECK(view->post.event == expected.front()->post.event);
    CHECK(ids_of(view->units) == ids_of(expected));
    CHECK(view->units.front().snippet == html::escape(view->units.front().unit.text));
  }
  auto missing = searcher.post("no-such-post");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::NotFound);
  CHECK(missing.error().message == "no post with id 'no-such-post'");
}
