// The Searcher over a small index: query language, sorting, grouping, facets.
#include <catch2/catch.hpp>

#include "indexer/index_writer.h"
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

TEST_CASE("regression: a snippet escapes the same characters with and without a query",
          "[query][searcher][snippet]") {
  TempDir dir;
  {
    auto writer = indexer::IndexWriter::open(dir / "index");
    REQUIRE(writer);
    PostDoc doc;
    doc.post.id = post_id_for("escape-test", "searcher-test:escape");
    doc.post.title = "Escaping";
    Unit unit;
    unit.kind = UnitKind::Paragraph;
    unit.text = "Rosa Quint's \"parish plan\" & <b>grants</b>";
    doc.units.push_back(unit);
    finalise_post(doc);
    REQUIRE(writer->put(doc));
    REQUIRE(writer->commit());
  }
  auto searcher = query::Searcher::open(dir / "index");
  REQUIRE(searcher);
  query::SearchRequest browse;
  query::SearchRequest words;
  words.q = "grants";
  auto plain = searcher->search(browse);
  auto marked = searcher->search(words);
  REQUIRE(plain);
  REQUIRE(marked);
  REQUIRE(plain->hits.size() == 1);
  REQUIRE(marked->hits.size() == 1);
  CHECK(plain->hits[0].snippet ==
        "Rosa Quint&#39;s &quot;parish plan&quot; &amp; &lt;b&gt;grants&lt;/b&gt;");
  // The query's marks are the only difference (the apostrophe and quotes were left as they were
  // when a query was set).
  CHECK(marked->hits[0].snippet ==
        "Rosa Quint&#39;s &quot;parish plan&quot; &amp; &lt;b&gt;<mark>grants</mark>&lt;/b&gt;");
  auto unit = searcher->unit(plain->hits[0].unit.id);
  REQUIRE(unit);
  CHECK(unit->unit.snippet == plain->hits[0].snippet);
}
