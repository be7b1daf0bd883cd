// Permalinks that outlive edits, on the writer's side: the redirects planned when a post is
// replaced, and the metadata the IndexWriter leaves in the database (query/core/schema.h:
// kRedirectKey, kGoneKey), read back with Xapian. The ids themselves are tested with
// finalise_post (tests/core/unit_test.cpp), what the Searcher makes of the keys in
// tests/query/permalinks_test.cpp.
#include "indexer/permalinks.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <map>

#include "indexer/index_writer.h"
#include "query/core/schema.h"
#include "tests/post_builder.h"
#include "tests/support.h"

using namespace civic;
using namespace civic::indexer;
using civic::testing::TempDir;

namespace {

// A post of our own fiction (names from data/archive) with `texts` as its units, and `talks`
// (by index; "" for none) as the attribution passes would name them.
PostDoc post_of(const std::vector<std::string>& texts, const std::vector<std::string>& talks = {}) {
  return testing::post_of_texts("permalinks-test", "Moorside Library Consultation Evening", texts,
                                talks);
}

std::vector<OldUnit> old_units_of(const PostDoc& doc) {
  std::vector<OldUnit> out;
  for (const Unit& unit : doc.units) out.push_back({unit.id, unit.text, unit.talk});
  return out;
}

// Redirects as "old id → target (reason)" by old id.
std::map<std::string, std::string> planned(const PostDoc& before, const PostDoc& after) {
  std::map<std::string, std::string> out;
  for (const auto& [from, redirect] : plan_redirects(old_units_of(before), after)) {
    out[from] = redirect.target + " (" + redirect.reason + ")";
  }
  return out;
}

std::string to(const Unit& unit, const char* reason) { return unit.id + " (" + reason + ")"; }

const std::string kOpening = "Councillor Dorothy Aske opened the consultation on Moorside library.";
const std::string kQuestion =
    "Derek Hollins of the Kirkhope Tenants' Federation asked about hours.";
const std::string kAnswer = "Susan Harrow said the budget left room for a community-run model.";
const std::string kClose = "The campaign will meet again in the Brookfield centre next month.";

}  // namespace

TEST_CASE("redirects lead a vanished id to the same text, else to its nearest survivor",
          "[indexer][permalinks]") {
  const PostDoc before = post_of({kOpening, kQuestion, kAnswer, kClose});
  const auto& u = before.units;
  SECTION("an untouched post needs none") { CHECK(planned(before, before).empty()); }
  SECTION("a changed unit leads to the previous unit") {
    const PostDoc after = post_of({kOpening, kQuestion + " Twice.", kAnswer, kClose});
    CHECK(planned(before, after) ==
          std::map<std::string, std::string>{{u[1].id, to(u[0], "changed")}});
  }
  SECTION("a deleted first unit leads to the next one") {
    const PostDoc after = post_of({kQuestion, kAnswer, kClose});
    CHECK(planned(before, after) ==
          std::map<std::string, std::string>{{u[0].id, to(u[1], "changed")}});
  }
  SECTION("a neighbour that changed too does not count: then two after") {
    const PostDoc after = post_of({"New opening.", "New question.", kAnswer, kClose});
    CHECK(planned(before, after) ==
          std::map<std::string, std::string>{{u[0].id, to(u[2], "changed")},
                                             {u[1].id, to(u[2], "changed")}});
  }
  SECTION("nothing survived: the post's first unit") {
    const PostDoc after = post_of({"All new.", "Quite different."});
    CHECK(planned(before, after) ==
          std::map<std::string, std::string>{{u[0].id, to(after.units[0], "changed")},
                                             {u[1].id, to(after.units[0], "changed")},
                                             {u[2].id, to(after.units[0], "changed")},
                                             {u[3].id, to(after.units[0], "changed")}});
  }
  SECTION("no units: nothing to point at") {
    PostDoc empty = before;
    empty.units.clear();
    CHECK(plan_redirects(old_units_of(before), empty).empty());
  }
}

TEST_CASE("a repeated text whose suffix shifted, or an older positional id, moves to its text",
          "[indexer][permalinks]") {
  const PostDoc before = post_of({"Thank you.", kQuestion, "Thank you.", kClose});
  const PostDoc after = post_of({kQuestion, "Thank you.", kClose});
  // The first "Thank you." went; the second's "-2" id now has no unit, its text does.
  CHECK(planned(before, after) ==
        std::map<std::string, std::string>{{before.units[2].id, to(after.units[1], "moved")}});

  PostDoc positional = after;
  for (Unit& unit : positional.units) unit.id = after.post.id + "." + std::to_string(unit.position);
  const auto redirects = planned(positional, after);
  REQUIRE(redirects.size() == 3);
  for (const Unit& unit : after.units) {
    CHECK(redirects.at(after.post.id + "." + std::to_string(unit.position)) == to(unit, "moved"));
  }
}

TEST_CASE("a talk that lost its name leads to the talk of its first surviving unit",
          "[indexer][permalinks]") {
  const PostDoc before = post_of({kOpening, kQuestion, kAnswer, kClose}, {"1", "1", "2", "2"});
  SECTION("its first unit edited: the talk stays with the rest of it") {
    const PostDoc after =
        post_of({kOpening, kQuestion, kAnswer + " Edited.", kClose}, {"1", "1", "2", "2"});
    REQUIRE(after.units[3].talk != before.units[3].talk);
    CHECK(planned(before, after).at(before.units[2].talk) == after.units[3].talk + " (changed)");
  }
  SECTION("every unit of it gone: where its first unit leads") {
    const PostDoc after = post_of({kOpening, kQuestion}, {"1", "1"});
    CHECK(planned(before, after).at(before.units[2].talk) == after.units[0].talk + " (changed)");
  }
  SECTION("its first unit now in no talk: that unit") {
    const PostDoc after = post_of({kOpening, kQuestion, kAnswer, kClose}, {"1", "1"});
    CHECK(planned(before, after).at(before.units[2].talk) == to(after.units[2], "moved"));
  }
}

namespace {

std::string metadata(const std::filesystem::path& db, const std::string& key) {
  return Xapian::Database(db.string()).get_metadata(key);
}

void put_and_commit(const std::filesystem::path& db, const PostDoc& doc) {
  auto writer = IndexWriter::open(db);
  REQUIRE(writer);
  REQUIRE(writer->put(doc));
  REQUIRE(writer->commit());
}

std::string redirect_key(const std::string& id) { return std::string(schema::kRedirectKey) + id; }

}  // namespace

TEST_CASE("the writer stores redirects with the post, in the run's transaction",
          "[indexer][permalinks]") {
  TempDir dir;
  const auto db = dir / "index";
  const PostDoc v1 = post_of({kOpening, kQuestion, kAnswer});
  const PostDoc v2 = post_of({kOpening, kQuestion + " Edited.", kAnswer});
  put_and_commit(db, v1);
  const std::string key = redirect_key(v1.units[1].id);
  {
    auto writer = IndexWriter::open(db);
    REQUIRE(writer);
    REQUIRE(writer->put(v2).value() == PostChange::Replaced);
  }  // abandoned: neither the new units nor the redirect are visible
  CHECK(metadata(db, key).empty());
  put_and_commit(db, v2);
  CHECK(metadata(db, key) == v1.units[0].id + "\tchanged");
  SECTION("an id that exists again loses its redirect, and the one that went gains one") {
    put_and_commit(db, v1);
    CHECK(metadata(db, key).empty());
    CHECK(metadata(db, redirect_key(v2.units[1].id)) == v1.units[0].id + "\tchanged");
  }
  SECTION("redirects are kept by later runs") {
    put_and_commit(db, post_of({kOpening, kQuestion + " Edited.", kAnswer, kClose}));
    CHECK(metadata(db, key) == v1.units[0].id + "\tchanged");
  }
}

TEST_CASE("prune leaves a gone key with the title, and indexing the post again erases it",
          "[indexer][permalinks]") {
  TempDir dir;
  const auto db = dir / "index";
  const PostDoc doc = post_of({kOpening, kQuestion});
  put_and_commit(db, doc);
  const std::string gone = std::string(schema::kGoneKey) + doc.post.id;
  {
    auto writer = IndexWriter::open(db);
    REQUIRE(writer);
    CHECK(writer->prune_unseen().value() == 1);
    REQUIRE(writer->commit());
  }
  CHECK(metadata(db, gone) == "Moorside Library Consultation Evening");
  put_and_commit(db, doc);
  CHECK(metadata(db, gone).empty());
}
