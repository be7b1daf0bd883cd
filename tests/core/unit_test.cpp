// Ids, fingerprints and the stored form of units.
#include <catch2/catch.hpp>

#include "query/core/stored_unit.h"
#include "query/core/unit.h"
#include "tests/post_builder.h"

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

// A post of our own fiction (names from data/archive) with `texts` as its units, and `talks`
// (by index; "" for none) named as the attribution passes name them.
PostDoc post_of(const std::vector<std::string>& texts, const std::vector<std::string>& talks = {}) {
  return testing::post_of_texts("unit-test", "", texts, talks);
}

const std::string kOpening = "Councillor Dorothy Aske opened the consultation on Moorside library.";
const std::string kQuestion =
    "Derek Hollins of the Kirkhope Tenants' Federation asked about hours.";
const std::string kAnswer = "Susan Harrow said the budget left room for a community-run model.";

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
  // FNV-1a of "First paragraph." from the unit ids' basis, folded to 32 bits: pinned, since
  // permalinks in the wild carry it.
  CHECK(doc.units[1].id == doc.post.id + ".3414eead");
  CHECK(doc.units[1].position == 2);
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

TEST_CASE("a unit's id is its post's id and a hash of its text, whatever comes before it",
          "[core][unit]") {
  const PostDoc one = post_of({kOpening, kQuestion, kAnswer});
  const PostDoc two = post_of({"An inserted paragraph about the agenda.", kOpening, kQuestion});
  for (const Unit& unit : one.units) {
    CAPTURE(unit.text);
    CHECK(unit.id.size() == one.post.id.size() + 9);
    CHECK(unit.id.rfind(one.post.id + ".", 0) == 0);
    CHECK(unit.id.find_first_not_of("0123456789abcdef", one.post.id.size() + 1) ==
          std::string::npos);
  }
  CHECK(two.units[1].id == one.units[0].id);
  CHECK(two.units[2].id == one.units[1].id);
  CHECK(two.units[1].position == 2);  // positions still count order
  CHECK(two.units[0].id != one.units[0].id);
}

TEST_CASE("repeated texts get -2, -3 in post order", "[core][unit]") {
  const PostDoc doc = post_of({"Thank you.", kOpening, "Thank you.", kAnswer, "Thank you."});
  CHECK(doc.units[2].id == doc.units[0].id + "-2");
  CHECK(doc.units[4].id == doc.units[0].id + "-3");
}

TEST_CASE("a talk is named after its first unit, so a talk added before it renames nothing",
          "[core][unit]") {
  const PostDoc one = post_of({kOpening, kQuestion, kAnswer}, {"1", "2", "2"});
  const std::string hash = one.units[1].id.substr(one.post.id.size() + 1);
  CHECK(one.units[1].talk == one.post.id + "~" + hash);
  CHECK(one.units[2].talk == one.units[1].talk);
  // The attribution passes number talks in order; a talk inserted first shifts their numbers.
  const PostDoc two =
      post_of({"Jo Bright spoke first.", kOpening, kQuestion, kAnswer}, {"1", "2", "3", "3"});
  CHECK(two.units[2].talk == one.units[1].talk);
  CHECK(two.units[1].talk == one.units[0].talk);
}

TEST_CASE("a reply names its parent's first unit by the parent's final id", "[core][unit]") {
  PostDoc doc = post_of({kOpening, "A comment.", "A reply."});
  doc.units[2].comment = Comment{"Derek Hollins", "", doc.units[1].id};
  // A unit added before the parent with the parent's text shifts the parent's suffix.
  doc.units.insert(doc.units.begin(), doc.units[1]);
  finalise_post(doc);
  CHECK(doc.units[2].id == doc.units[0].id + "-2");
  CHECK(doc.units[3].comment->parent_id == doc.units[2].id);
}

TEST_CASE("a stored unit decodes to what was encoded", "[core][unit]") {
  PostDoc doc = sample_post();
  Unit unit = doc.units[2];
  unit.speaker = "Sarah Longlands";
  unit.role = "Director of Policy";
  unit.org = "Centre for Local Economic Strategies";
  unit.themes = {"Local economy", "Big Society"};
  unit.mentions = {"Rory Stewart", "Big Society Network"};
  unit.comment = Comment{"A reader", "2010-11-03", ""};
  doc.post.author = "The Blogger";
  doc.post.event = "Big Society Conference";
  auto decoded = decode_stored_unit(encode_stored_unit(unit, doc.post));
  REQUIRE(decoded);
  CHECK(decoded->unit.speaker == unit.speaker);
  CHECK(decoded->unit.role == unit.role);
  CHECK(decoded->unit.org == unit.org);
  CHECK(decoded->unit.mentions == unit.mentions);
  CHECK(decoded->post.author == doc.post.author);
  CHECK(decoded->post.event == doc.post.event);
  // A unit without a role stores none and reads back without one.
  Unit plain = doc.units[1];
  CHECK(encode_stored_unit(plain, doc.post).find("\"r\"") == std::string::npos);
  auto no_role = decode_stored_unit(encode_stored_unit(plain, doc.post));
  REQUIRE(no_role);
  CHECK(no_role->unit.role.empty());
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

TEST_CASE("stored data with unexpected shapes decodes field by field", "[core][unit]") {
  // Wrong types read as empty, a key's last value counts, nested values and unknown keys are
  // skipped, and anything but one JSON object is refused.
  auto decoded = decode_stored_unit(
      R"({"i":"u1","x":{"x":"nested"},"s":7,"o":"Org","o":"Org 2","n":"3","th":["a",["b"],{"c":"d"},"e"],)"
      R"("m":"not a list","ca":null,"pt":"Title","zz":[1,{"i":"no"}],"pe":"Event"})");
  REQUIRE(decoded);
  CHECK(decoded->unit.id == "u1");
  CHECK(decoded->unit.text.empty());
  CHECK(decoded->unit.speaker.empty());
  CHECK(decoded->unit.org == "Org 2");
  CHECK(decoded->unit.position == 0);
  CHECK(decoded->unit.themes == std::vector<std::string>{"a", "e"});
  CHECK(decoded->unit.mentions.empty());
  REQUIRE(decoded->unit.comment);
  CHECK(decoded->unit.comment->author.empty());
  CHECK(decoded->post.title == "Title");
  CHECK(decoded->post.event == "Event");
  CHECK(decode_stored_unit(R"({"n":12})")->unit.position == 12);
  CHECK_FALSE(decode_stored_unit(R"({"n":12})")->unit.comment);
  for (const char* bad : {"", "[]", "\"text\"", "1", "null", "{} {}", "{\"i\":\"x\""}) {
    CAPTURE(bad);
    CHECK_FALSE(decode_stored_unit(bad));
  }
}
