// The Searcher over a small index: query language, sorting, grouping, facets.
#include <catch2/catch.hpp>

#include "query/searcher.h"
#include "tests/index_fixture.h"

using namespace civic;
using civic::testing::TempDir;

TEST_CASE("a query with a syntax error falls back to plain words", "[query][searcher]") {
  TempDir dir;
  REQUIRE(civic::testing::index_with_attribution(dir / "index", {civic::testing::seed_path()}));
  auto searcher = query::Searcher::open(dir / "index");
  REQUIRE(searcher);
  for (const char* q : {"(Big Society", "AND volunteering", "\"unclosed phrase", "NOT", "speaker:", ")))"}) {
    CAPTURE(q);
    query::SearchRequest request;
    request.q = q;
    auto response = searcher->search(request);
    CHECK(response);
  }
  query::SearchRequest browse;
  auto all = searcher->search(browse);
  REQUIRE(all);
  CHECK(all->total == 100);
}

TEST_CASE("opening a missing index says what to do", "[query][searcher]") {
  TempDir dir;
  auto searcher = query::Searcher::open(dir / "nothing");
  REQUIRE_FALSE(searcher);
  CHECK(searcher.error().code == ErrorCode::NotFound);
  CHECK(searcher.error().message == (dir / "nothing").string() + ": no index here; run 'civicsearch index' first");
}

TEST_CASE("regression: an acronym that occurs in the archive is not 'corrected'", "[query][searcher][spelling]") {
  TempDir dir;
  REQUIRE(civic::testing::index_with_attribution(dir / "index", {civic::testing::seed_path()}));
  auto searcher = query::Searcher::open(dir / "index");
  REQUIRE(searcher);
  query::SearchRequest request;
  request.q = "CLES";
  auto acronym = searcher->search(request);
  REQUIRE(acronym);
  CHECK(acronym->total > 0);
  CHECK_FALSE(acronym->suggestion);

  request.q = "Longlnds";
  auto misspelt = searcher->search(request);
  REQUIRE(misspelt);
  CHECK(misspelt->total == 0);
  REQUIRE(misspelt->suggestion);
  CHECK(*misspelt->suggestion == "longlands");
}
