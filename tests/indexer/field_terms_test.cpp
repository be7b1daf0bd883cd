// How the indexer writes field words (schema 2, read by query/field_query.h): stemmed, one term
// per word, without positions, while body words keep theirs. Checked in the Xapian database
// run_index writes; the queries over them are tested in tests/query/field_query_test.cpp.
#include <catch2/catch.hpp>

#include <xapian.h>

#include "query/core/schema.h"
#include "tests/index_fixture.h"

using namespace civic;

TEST_CASE("field words are indexed stemmed and without positions, body words with", "[indexer][fields]") {
  // The seed and data/archive, built once per test run (tests/fixture_cache.h).
  Xapian::Database db(
      civic::testing::cached_index("field-terms-index", "1", civic::testing::seed_and_archive())
          .string());
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
