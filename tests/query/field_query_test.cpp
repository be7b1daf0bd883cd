// Field queries after schema 2 (field words without positions, query/field_query.h): quoted or
// not, `speaker:`, `org:`, `title:`, `kind:` find exactly the units the facet filter of the same
// value finds, on a real index written by run_index (what `civicsearch index` runs). How the
// indexer writes field words is tested in tests/indexer/field_terms_test.cpp.
#include <catch2/catch.hpp>

#include "query/searcher.h"
#include "tests/index_fixture.h"

using namespace civic;

namespace {

// The seed and data/archive, built once per test run (tests/fixture_cache.h).
class FieldIndex {
 public:
  FieldIndex() {
    auto opened = query::Searcher::open(
        civic::testing::cached_index("field-query-index", "1", civic::testing::seed_and_archive()));
    REQUIRE(opened);
    searcher_.emplace(std::move(*opened));
  }

  std::size_t total(const std::string& q, const std::string& facet = {}, const std::string& value = {}) {
    query::SearchRequest request;
    request.q = q;
    if (!facet.empty()) request.filters[facet] = {value};
    auto response = searcher_->search(request);
    REQUIRE(response);
    return response->total;
  }

 private:
  std::optional<query::Searcher> searcher_;
};

}  // namespace

TEST_CASE("field queries find what the facet filter of the same value finds", "[query][fields]") {
  FieldIndex index;
  const std::size_t longlands = index.total("", "speaker", "Sarah Longlands");
  REQUIRE(longlands >= 18);
  const std::size_t cps = index.total("", "org", "Centre for Public Scrutiny");
  REQUIRE(cps >= 17);
  const std::size_t bullets = index.total("", "kind", "bullet");
  REQUIRE(bullets > 0);

  // Query, then the facet and value whose filter must give the same total.
  auto [q, facet, value] = GENERATE(table<const char*, const char*, const char*>({
      {"speaker:longlands", "speaker", "Sarah Longlands"},
      {"speaker:\"sarah longlands\"", "speaker", "Sarah Longlands"},
      {"speaker:\"Sarah Longlands\"", "speaker", "Sarah Longlands"},
      {"speaker:sarah-longlands", "speaker", "Sarah Longlands"},
      {"speaker:\"Kevin Douglas\"", "speaker", "Kevin Douglas"},
      {"org:\"centre for public scrutiny\"", "org", "Centre for Public Scrutiny"},
      {"org:\"Eden District Council\"", "org", "Eden District Council"},
      {"org:eden", "org", "Eden District Council"},
      {"kind:bullet", "kind", "bullet"},
      // Acronyms through the index's synonyms (gazetteer aliases and acronyms learnt from text).
      {"org:CLES", "org", "Centre for Local Economic Strategies"},
      {"org:cles", "org", "Centre for Local Economic Strategies"},
      {"org:CfPS", "org", "Centre for Public Scrutiny"},
  }));
  CAPTURE(q, facet, value);
  const std::size_t expected = index.total("", facet, value);
  CHECK(expected > 0);
  CHECK(index.total(q) == expected);
}

TEST_CASE("title: and combined field queries", "[query][fields]") {
  FieldIndex index;
  // The seed post ("North West Employers' Big Society Conference") has 100 units; no other post
  // of the sample has both words in its title.
  CHECK(index.total("title:\"big society\"") == 100);
  CHECK(index.total("title:society") == 100);
  CHECK(index.total("title:\"big society\" speaker:longlands") == index.total("", "speaker", "Sarah Longlands"));
  // A field word with body words: fewer units than the field alone, more than none.
  const std::size_t with_body = index.total("speaker:longlands economies");
  CHECK(with_body > 0);
  CHECK(with_body < index.total("speaker:longlands"));
  // Words that are in no speaker's name find nothing.
  CHECK(index.total("speaker:\"sarah zanzibar\"") == 0);
  CHECK(index.total("speaker:\"\"") == 0);
}
