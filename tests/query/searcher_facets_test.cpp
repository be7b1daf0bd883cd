// The Searcher's facet counts (query/searcher.h): exact counts checked against a brute-force
// count over every stored unit, grouped counts counting talks and posts, and multi-select (a
// selected facet is counted with every filter but its own).
#include <catch2/catch.hpp>

#include "tests/query/searcher_fixture.h"

using namespace civic;
using namespace civic::testing;

TEST_CASE("facet counts equal brute-force counts over the stored units",
          "[query][searcher][facets]") {
  auto searcher = open_searcher();
  const auto& index = searcher_index();
  REQUIRE(index.units.size() > 300);
  auto [label, q, filters, from] = GENERATE(table<std::string, std::string, Filters, std::string>({
      {"everything", "", {}, ""},
      {"a word", "community", {}, ""},
      {"words and a phrase", "\"local economy\" OR housing", {}, ""},
      {"a kind filter", "council", {{"kind", {"paragraph"}}}, ""},
      {"a speaker filter", "", {{"speaker", {"Sarah Longlands"}}}, ""},
      {"two speakers", "", {{"speaker", {"Sarah Longlands", "Ann Patel"}}}, ""},
      {"a theme and a year", "", {{"theme", {"procurement"}}, {"year", {"2010"}}}, ""},
      {"an event and a date", "", {{"event", {"Web Test Talks Day"}}}, "2012-01-01"},
      {"a query matching nothing", "zzzzqqqq", {}, ""},
  }));
  const auto group = GENERATE(query::Group::Unit, query::Group::Talk, query::Group::Post);
  CAPTURE(label, std::string(group_name(group)));
  query::SearchRequest request;
  request.q = q;
  request.filters = filters;
  request.from = from;
  request.group = group;
  request.facet_limit = query::kMaxFacetLimit;
  const auto response = search_ok(searcher, request);
  const auto units = matched_units(searcher, request);
  if (q.empty()) {
    // Without words the matching units are known without the Searcher: filter every stored one.
    std::vector<const StoredUnit*> expected;
    for (const auto& s : index.units) {
      if (passes(s, filters, from)) expected.push_back(&s);
    }
    std::set<std::string> want, got;
    for (const auto* s : expected) want.insert(s->unit.id);
    for (const auto* s : units) got.insert(s->unit.id);
    CHECK(got == want);
  } else {
    for (const auto* s : units) CHECK(passes(*s, filters, from));
  }
  CHECK(response.total == group_count(units, group));
  for (const std::string& facet : query::facet_names()) {
    CAPTURE(facet);
    auto base = units;
    if (filters.count(facet)) {
      // Multi-select: a facet with a selection is counted without its own filter.
      query::SearchRequest without = request;
      without.filters.erase(facet);
      base = matched_units(searcher, without);
    }
    CHECK(counts_of(response.facets.at(facet)) == brute_counts(base, facet, group));
  }
}

TEST_CASE("facet_limit keeps the most frequent values of each facet", "[query][searcher][facets]") {
  auto searcher = open_searcher();
  query::SearchRequest request;
  request.q = "council";
  request.facet_limit = 3;
  const auto response = search_ok(searcher, request);
  const auto all = brute_counts(matched_units(searcher, request), "speaker");
  REQUIRE(all.size() > 3);
  CHECK(counts_of(response.facets.at("speaker")) == Counts(all.begin(), all.begin() + 3));
  request.facet_limit = 0;
  for (const auto& [facet, values] : search_ok(searcher, request).facets) {
    CAPTURE(facet);
    CHECK(values.empty());
  }
}

TEST_CASE("ticking a speaker keeps the other speakers' counts while hits and other facets narrow",
          "[query][searcher][facets]") {
  auto searcher = open_searcher();
  query::SearchRequest before;
  before.q = "local";
  before.facet_limit = query::kMaxFacetLimit;
  query::SearchRequest ticked = before;
  ticked.filters["speaker"] = {"Sarah Longlands"};
  const auto untouched = search_ok(searcher, before);
  const auto narrowed = search_ok(searcher, ticked);
  // The speaker facet is the same as before the tick: other speakers are still offered.
  CHECK(counts_of(narrowed.facets.at("speaker")) == counts_of(untouched.facets.at("speaker")));
  CHECK(narrowed.facets.at("speaker").size() >= 3);
  // Hits, the total and the other facets narrow to Sarah Longlands.
  const auto units = matched_units(searcher, ticked);
  REQUIRE(!units.empty());
  for (const auto* s : units) CHECK(s->unit.speaker == "Sarah Longlands");
  CHECK(narrowed.total == units.size());
  CHECK(narrowed.total < untouched.total);
  CHECK(counts_of(narrowed.facets.at("org")) == brute_counts(units, "org"));
  CHECK(counts_of(narrowed.facets.at("kind")) == brute_counts(units, "kind"));
  CHECK(counts_of(narrowed.facets.at("kind")) != counts_of(untouched.facets.at("kind")));

  SECTION("a second facet's selection narrows the speaker counts, not its own") {
    query::SearchRequest both = ticked;
    both.filters["year"] = {"2011"};
    query::SearchRequest year_only = before;
    year_only.filters["year"] = {"2011"};
    const auto response = search_ok(searcher, both);
    CHECK(counts_of(response.facets.at("speaker")) ==
          counts_of(search_ok(searcher, year_only).facets.at("speaker")));
    CHECK(counts_of(response.facets.at("year")) == counts_of(narrowed.facets.at("year")));
    for (const auto* s : matched_units(searcher, both)) {
      CHECK(s->unit.speaker == "Sarah Longlands");
      CHECK(s->post.date.substr(0, 4) == "2011");
    }
  }
}

namespace {

// Posts written here: three speakers over two years, paragraphs, bullets and comments, talks.
void index_talks(const std::filesystem::path& db) {
  auto writer = indexer::IndexWriter::open(db);
  REQUIRE(writer);
  const std::vector<std::string> speakers = {"Ada Brook", "Ben Carr", "Cleo Dunn"};
  const std::vector<UnitKind> kinds = {UnitKind::Paragraph, UnitKind::Bullet, UnitKind::Comment};
  const std::vector<std::string> words = {"housing", "transport", "housing budgets", "parks"};
  for (int p = 0; p < 6; ++p) {
    PostDoc doc;
    doc.post.id = post_id_for("multi-" + std::to_string(p), "multi-select:" + std::to_string(p));
    doc.post.title = "Council evening " + std::to_string(p);
    doc.post.date =
        p < 3 ? "2011-05-0" + std::to_string(p + 1) : "2012-06-0" + std::to_string(p + 1);
    doc.post.event = p % 2 ? "Spring Forum" : "Autumn Forum";
    for (int u = 0; u < 12; ++u) {
      Unit unit;
      unit.kind = kinds[(p + u) % kinds.size()];
      unit.speaker = unit.kind == UnitKind::Comment ? "" : speakers[(p * 5 + u) % speakers.size()];
      unit.org = unit.speaker.empty() ? "" : unit.speaker + " Trust";
      unit.text = "Unit " + std::to_string(u) + " on " + words[(p + u) % words.size()] +
                  " and local plans.";
      unit.talk = doc.post.id + "~" + std::to_string(u / 4);
      unit.themes = {u % 2 ? "Housing" : "Places", (u % 3) ? "Money" : "Planning"};
      doc.units.push_back(unit);
    }
    finalise_post(doc);
    REQUIRE(writer->put(doc));
  }
  REQUIRE(writer->commit());
}

}  // namespace

TEST_CASE("multi-select counts of a selected facet equal a search without its filter",
          "[query][searcher][facets]") {
  TempDir dir;
  index_talks(dir / "index");
  auto searcher = query::Searcher::open(dir / "index");
  REQUIRE(searcher);
  query::SearchRequest all;
  all.facet_limit = 1000;
  const std::vector<Filters> selections = {
      {{"speaker", {"Ada Brook"}}},
      {{"speaker", {"Ada Brook", "Ben Carr"}}, {"kind", {"bullet"}}},
      {{"theme", {"Housing"}}, {"year", {"2012"}}},
      {{"theme", {"Housing", "Money"}}, {"speaker", {"Cleo Dunn"}}, {"event", {"Spring Forum"}}},
      {{"speaker", {"Nobody Here"}}, {"kind", {"paragraph"}}},
  };
  for (const std::string q : {"", "housing", "transport OR parks", "\"local plans\""}) {
    for (auto group : {query::Group::Unit, query::Group::Talk, query::Group::Post}) {
      for (const auto& filters : selections) {
        CAPTURE(q, static_cast<int>(group), filters.size(), filters.begin()->first);
        query::SearchRequest ticked = all;
        ticked.q = q;
        ticked.group = group;
        ticked.filters = filters;
        auto response = searcher->search(ticked);
        REQUIRE(response);
        // Each selected facet is counted with every filter but its own ...
        for (const auto& [facet, values] : filters) {
          query::SearchRequest without = ticked;
          without.filters.erase(facet);
          auto expected = searcher->search(without);
          REQUIRE(expected);
          CAPTURE(facet);
          REQUIRE(response->facets.at(facet).size() == expected->facets.at(facet).size());
          for (std::size_t i = 0; i < expected->facets.at(facet).size(); ++i) {
            CHECK(response->facets.at(facet)[i].value == expected->facets.at(facet)[i].value);
            CHECK(response->facets.at(facet)[i].count == expected->facets.at(facet)[i].count);
          }
        }
        // ... while hits, the total and the other facets follow every filter.
        std::size_t shown = 0;
        for (query::SearchRequest page = ticked; page.page <= 20; ++page.page) {
          auto hits = searcher->search(page);
          REQUIRE(hits);
          for (const auto& hit : hits->hits) {
            ++shown;
            for (const auto& [facet, values] : filters) {
              std::vector<std::string> has;
              if (facet == "speaker") has = {hit.unit.speaker};
              if (facet == "kind") has = {std::string(unit_kind_name(hit.unit.kind))};
              if (facet == "theme") has = hit.unit.themes;
              if (facet == "year") has = {hit.post.date.substr(0, 4)};
              if (facet == "event") has = {hit.post.event};
              CHECK(std::any_of(has.begin(), has.end(), [&](const std::string& v) {
                return std::find(values.begin(), values.end(), v) != values.end();
              }));
            }
          }
          if (hits->hits.size() < static_cast<std::size_t>(page.per_page)) break;
        }
        CHECK(shown == response->total);
      }
    }
  }
}
