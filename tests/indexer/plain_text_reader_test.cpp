// The plain-text reader on the seed post (read in place from ../shared) and small fixtures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "indexer/reader.h"
#include "tests/support.h"

using namespace civic;
using namespace civic::indexer;

namespace {

ReadOutput read_text(const std::string& text, const std::string& name = "post.txt") {
  auto out = read_bytes(Format::PlainText, text, Source{name, "/fixtures/" + name});
  REQUIRE(out);
  return std::move(out).value();
}

const Unit* find_unit(const PostDoc& doc, std::string_view needle) {
  for (const auto& unit : doc.units) {
    if (unit.text.find(needle) != std::string::npos) return &unit;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("the seed splits into one unit per paragraph, bullet, caption, video and comment paragraph",
          "[indexer][text][seed]") {
  const auto path = civic::testing::seed_path();
  auto read = read_file(path, Source{path.string(), path.string()});
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  const PostDoc& doc = read->posts[0];
  std::map<UnitKind, int> kinds;
  for (const auto& unit : doc.units) ++kinds[unit.kind];

  CHECK(kinds[UnitKind::Title] == 1);
  CHECK(kinds[UnitKind::Bullet] == 51);
  CHECK(kinds[UnitKind::Video] == 7);
  CHECK(kinds[UnitKind::Caption] == 2);
  CHECK(kinds[UnitKind::Comment] == 4);  // one comment of four paragraphs
  CHECK(kinds[UnitKind::Pingback] == 1);
  CHECK(kinds[UnitKind::Paragraph] == 34);
  CHECK(doc.post.date == "2010-11-02");
  CHECK(doc.post.event.find("Big Society Conference") != std::string::npos);
  CHECK(doc.post.event.find("2010") == std::string::npos);

  SECTION("every bullet carries its lead-in sentence") {
    for (const auto& unit : doc.units) {
      if (unit.kind != UnitKind::Bullet) continue;
      CAPTURE(unit.text);
      CHECK(!unit.context.empty());
      CHECK(unit.context.back() == ':');
    }
    const Unit* bullet = find_unit(doc, "5,000 community organisers");
    REQUIRE(bullet);
    CHECK(bullet->context.find("Francis gave") != std::string::npos);
  }

  SECTION("the pingback is a pingback and names its blog") {
    auto it = std::find_if(doc.units.begin(), doc.units.end(),
                           [](const Unit& u) { return u.kind == UnitKind::Pingback; });
    REQUIRE(it != doc.units.end());
    REQUIRE(it->comment);
    CHECK(it->comment->author == "Our Society");
  }

  SECTION("nothing of the footer boilerplate is a unit") {
    for (const char* chrome : {"Leave a Reply", "commenting using", "Connecting to", "Akismet",
                               "Fill in your details", "Log Out"}) {
      CAPTURE(chrome);
      CHECK(find_unit(doc, chrome) == nullptr);
    }
  }

  SECTION("units have stable ids, positions and anchors") {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < doc.units.size(); ++i) {
      CHECK(doc.units[i].position == static_cast<int>(i + 1));
      CHECK(doc.units[i].id.rfind(doc.post.id + ".", 0) == 0);
      ids.insert(doc.units[i].id);
    }
    CHECK(ids.size() == doc.units.size());
    auto again = read_file(path, Source{path.string(), path.string()});
    REQUIRE(again);
    CHECK(again->posts[0].post.fingerprint == doc.post.fingerprint);
    CHECK(again->posts[0].post.id == doc.post.id);
    REQUIRE(again->posts[0].units.size() == doc.units.size());
    for (std::size_t i = 0; i < doc.units.size(); ++i) {
      CHECK(again->posts[0].units[i].id == doc.units[i].id);
    }
  }
}

TEST_CASE("comment authors are read from 'Name says:' lines", "[indexer][text]") {
  auto out = read_text(
      "Council budget night \xE2\x80\x93 3rd March 2014\n\nThe meeting opened late.\n\n"
      "2 thoughts on \xE2\x80\x9C" "Council budget night\xE2\x80\x9D\n\n"
      "  1. Ann Lee says:\n    Thanks for covering this.\n\n    A second paragraph.\n\n"
      "  2. Pingback: Budget roundup \xC2\xAB Town Notes\n\nLeave a Reply\n\nAnything after the footer.\n");
  const PostDoc& doc = out.posts.at(0);
  const Unit* first = find_unit(doc, "Thanks for covering");
  REQUIRE(first);
  CHECK(first->kind == UnitKind::Comment);
  REQUIRE(first->comment);
  CHECK(first->comment->author == "Ann Lee");
  const Unit* second = find_unit(doc, "A second paragraph");
  REQUIRE(second);
  CHECK(second->comment->author == "Ann Lee");
  CHECK(find_unit(doc, "Anything after") == nullptr);
  CHECK(find_unit(doc, "Budget roundup")->kind == UnitKind::Pingback);
}

TEST_CASE("transcript lines stay separate units and pad bullets keep their lead-in", "[indexer][text]") {
  auto out = read_text(
      "Session notes\n"
      "Goals for today:\n- Not bore you\n- Learn something\n\n"
      "ANNA: This is a long turn of a live-captioned transcript that goes on for well over ninety characters in one line.\n"
      "BEN: And this is the reply, also long enough that it cannot be a hard-wrapped line of a paragraph.\n");
  const PostDoc& doc = out.posts.at(0);
  const Unit* bullet = find_unit(doc, "Not bore you");
  REQUIRE(bullet);
  CHECK(bullet->kind == UnitKind::Bullet);
  CHECK(bullet->context == "Goals for today:");
  CHECK(find_unit(doc, "ANNA:") != find_unit(doc, "BEN:"));
  CHECK(find_unit(doc, "ANNA:")->kind == UnitKind::Paragraph);
}

TEST_CASE("hard-wrapped paragraphs are joined into one unit", "[indexer][text]") {
  auto out = read_text("Title\n\nThis paragraph was wrapped\nat sixty columns by an old\nmail client.\n");
  const PostDoc& doc = out.posts.at(0);
  REQUIRE(doc.units.size() == 2);
  CHECK(doc.units[1].text == "This paragraph was wrapped at sixty columns by an old mail client.");
}
