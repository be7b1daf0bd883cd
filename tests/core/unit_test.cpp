// Ids, fingerprints and the stored form of units.
#include <catch2/catch.hpp>

#include "query/core/stored_unit.h"
#include "query/core/unit.h"

using namespace civic;

namespace {

PostDoc sample_post() {
  PostDoc doc;
  doc.post.id = post_id_for("Big Society day", "/archive/a.txt");
  doc.post.title = "Big Society day";
  doc.post.date = "2010-11-02";
  for (const char* text : {"Big Society day", "First paragraph.", "A bullet"}) {
    Unit unit;
    unit.text = text;
    doc.units.push_back(unit);
  }
  doc.units[2].kind = UnitKind::Bullet;
  doc.units[2].context = "Points made:";
  finalise_post(doc);
  return doc;
}

}  // namespace

TEST_CASE("post ids are readable, stable and differ by source", "[core][unit]") {
  const std::string id = post_id_for("North West Employers’ Conference – 2nd Nov", "/a/b.txt");
  CHECK(id.rfind("north-west-employers-conference-2nd-nov-", 0) == 0);
  CHECK(id == post_id_for("North West Employers’ Conference – 2nd Nov", "/a/b.txt"));
  CHECK(id != post_id_for("North West Employers’ Conference – 2nd Nov", "/a/c.txt"));
  CHECK(post_id_for("", "k").rfind("post-", 0) == 0);
}

TEST_CASE("finalise_post numbers units and fingerprints content", "[core][unit]") {
  PostDoc doc = sample_post();
  REQUIRE(doc.units.size() == 3);
  CHECK(doc.units[1].id == doc.post.id + ".2");
  CHECK(doc.units[1].anchor == "u2");
  CHECK(doc.units[2].post_id == doc.post.id);
  const std::string before = doc.post.fingerprint;
  CHECK(before.size() == 16);

  PostDoc same = sample_post();
  CHECK(same.post.fingerprint == before);
  doc.units[1].text = "First paragraph, edited.";
  finalise_post(doc);
  CHECK(doc.post.fingerprint != before);
}

TEST_CASE("a stored unit decodes to what was encoded", "[core][unit]") {
  PostDoc doc = sample_post();
  Unit unit = doc.units[2];
  unit.speaker = "Sarah Longlands";
  unit.themes = {"Local economy", "Big Society"};
  unit.comment = Comment{"A reader", "2010-11-03", ""};
  auto decoded = decode_stored_unit(encode_stored_unit(unit, doc.post));
  REQUIRE(decoded);
  CHECK(decoded->unit.id == unit.id);
  CHECK(decoded->unit.kind == UnitKind::Bullet);
  CHECK(decoded->unit.context == "Points made:");
  CHECK(decoded->unit.themes == unit.themes);
  REQUIRE(decoded->unit.comment);
  CHECK(decoded->unit.comment->author == "A reader");
  CHECK(decoded->post.date == "2010-11-02");
  CHECK_FALSE(decode_stored_unit("not json"));
  CHECK(decode_stored_unit("not json").error().code == ErrorCode::Internal);
}

TEST_CASE("unit kinds round-trip through their names", "[core][unit]") {
  for (auto kind : {UnitKind::Title, UnitKind::Heading, UnitKind::Paragraph, UnitKind::Bullet,
                    UnitKind::Caption, UnitKind::Video, UnitKind::Quote, UnitKind::Comment,
                    UnitKind::Pingback}) {
    CHECK(unit_kind_from_name(unit_kind_name(kind)) == kind);
  }
  CHECK_FALSE(unit_kind_from_name("essay"));
}
