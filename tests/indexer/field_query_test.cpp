// Field queries after schema 2 (field words without positions, query/field_query.h): quoted or
// not, `speaker:`, `org:`, `title:`, `kind:` find exactly the units the facet filter of the same
// value finds, on a real index written by run_index (what `civicsearch index` runs).
#include <catch2/catch.hpp>

#include <xapian.h>

#include "query/core/schema.h"
#include "query/searcher.h"
#include "tests/index_fixture.h"

using namespace civic;
using civic::testing::TempDir;

namespace {

class FieldIndex {
 public:
  FieldIndex() {
    const auto indexed = civic::testing::index_with_attribution(db(), civic::testing::seed_and_archive());
    REQUIRE(indexed);
    REQUIRE(indexed->refused.empty());
    auto opened = query::Searcher::open(db());
    REQUIRE(opened);
    searcher_.emplace(std::move(*opened));
  }

  std::filesystem::path db() const { return dir_ / "index"; }

  std::size_t total(const std::string& q, const std::string& facet = {}, const std::string& value = {}) {
    query::SearchRequest request;
    request.q = q;
    if (!facet.empty()) request.filters[facet] = {value};
    auto response = searcher_->search(request);
    REQUIRE(response);
    return response->total;
  }

 private:
  TempDir dir_;
  std::optional<query::Searcher> searcher_;
};

}  // namespace

TEST_CASE("field words are indexed stemmed and without positions, body words with", "[indexer][fields]") {
  FieldIndex index;
  Xapian::Database db(index.db().string());
  // One stemmed term per field word (STEM_ALL), no unstemmed or "Z" form.
  REQUIRE(db.get_termfreq("XSPKlongland") > 0);
  CHECK(db.get_termfreq("XSPKlonglands") == 0);
  CHECK(db.get_termfreq("ZXSPKlongland") == 0);
  REQUIRE(db.get_termfreq("Ssocieti") > 0);
  auto posting = db.postlist_begin("XSPKlongland");
  CHECK(db.positionlist_begin(*posting, "XSPKlongland") == db.positionlist_end(*posting, "XSPKlongland"));
  auto body = db.postlist_begin("society");
  CHECK(db.positionlist_begin(*body, "society") != db.positionlist_end(*body, "society"));
  // Schema 2 or later (3 added the role).
  CHECK(std::stoi(db.get_metadata(std::string(schema::kSchemaVersionKey))) >= 2);
}

TEST_CASE("field queries find what the facet filter of the same value finds", "[indexer][fields]") {
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

TEST_CASE("title: and combined field queries", "[indexer][fields]") {
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
