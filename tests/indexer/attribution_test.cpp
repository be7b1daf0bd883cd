// Attribution on the seed post and the sample archive: every unit of a talk carries its speaker
// and canonical organisation; narration, stray captions, comments and pingbacks carry none.
// Units are looked up by a distinctive word of their text, never by position.
#include "indexer/attribution.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "indexer/reader.h"
#include "tests/support.h"

namespace {

using namespace civic;
using namespace civic::indexer;

const Gazetteer& gazetteer() {
  static const Gazetteer g = [] {
    auto loaded = Gazetteer::load(civic::testing::source_dir() / "data" / "gazetteer.yaml");
    REQUIRE(loaded);
    REQUIRE(loaded->load_themes(civic::testing::source_dir() / "data" / "themes.yaml"));
    return std::move(*loaded);
  }();
  return g;
}

PostDoc attributed(const std::filesystem::path& file) {
  auto read = read_file(file, {file.string(), file.string()});
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  PostDoc doc = read->posts.front();
  AcronymTable learnt;
  attribute(doc, gazetteer(), learnt);
  return doc;
}

const Unit& unit_with(const PostDoc& doc, const std::string& word, UnitKind kind) {
  for (const auto& unit : doc.units) {
    if (unit.kind == kind && unit.text.find(word) != std::string::npos) return unit;
  }
  FAIL("no unit contains " << word);
  return doc.units.front();
}

}  // namespace

TEST_CASE("seed: every talk unit carries its speaker and canonical organisation",
          "[indexer][attribution]") {
  const PostDoc doc = attributed(civic::testing::seed_path());
  using K = UnitKind;
  auto [word, kind, speaker, org] =
      GENERATE(table<std::string, K, std::string, std::string>({
          {"kicked off", K::Paragraph, "Francis Davis", "Department for Communities and Local Government"},
          {"5,000 community organisers", K::Bullet, "Francis Davis", "Department for Communities and Local Government"},
          {"arson", K::Paragraph, "Francis Davis", "Department for Communities and Local Government"},
          {"second speaker", K::Paragraph, "Sarah Longlands", "Centre for Local Economic Strategies"},
          {"Regional Growth Fund", K::Paragraph, "Sarah Longlands", "Centre for Local Economic Strategies"},
          {"buck stop", K::Bullet, "Sarah Longlands", "Centre for Local Economic Strategies"},
          {"Kevin Douglas", K::Caption, "Kevin Douglas", "Eden District Council"},
          {"clustered", K::Paragraph, "Kevin Douglas", "Eden District Council"},
          {"Participatory Cutting", K::Paragraph, "Richard Caulfield", "Voluntary Sector North West"},
          {"has also been concerned", K::Paragraph, "Richard Caulfield", "Voluntary Sector North West"},
          {"took to the platform", K::Paragraph, "Graeme Clark", "Peterborough City Council"},
          {"Making Social Media Social", K::Paragraph, "Graeme Clark", "Peterborough City Council"},
          {"cemetery", K::Paragraph, "Jessica Crowe", "Centre for Public Scrutiny"},
          {"gatekeepers", K::Bullet, "Jessica Crowe", "Centre for Public Scrutiny"},
          {"Q & A Session", K::Video, "Francis Davis", "Department for Communities and Local Government"},
          {"of CLES", K::Video, "Sarah Longlands", "Centre for Local Economic Strategies"},
          {"CEO of Eden", K::Video, "Kevin Douglas", "Eden District Council"},
          {"Jessica Crowe, Centre", K::Video, "Jessica Crowe", "Centre for Public Scrutiny"},
      }));
  CAPTURE(word);
  const Unit& unit = unit_with(doc, word, kind);
  CHECK(unit.speaker == speaker);
  CHECK(unit.org == org);
  CHECK(!unit.talk.empty());
  CHECK(unit.source != AttributionSource::None);
  CHECK(!unit.explanation.empty());
}

TEST_CASE("seed: narration, stray captions, comments and the pingback have no speaker",
          "[indexer][attribution]") {
  const PostDoc doc = attributed(civic::testing::seed_path());
  using K = UnitKind;
  auto [word, kind] = GENERATE(table<std::string, K>({
      {"live blogging", K::Paragraph},
      {"80 people", K::Paragraph},
      {"Encouraging the Grass", K::Caption},
      {"thought-provoking", K::Paragraph},
      {"Sorry about the quality", K::Paragraph},
      {"Closing Summary", K::Video},
      {"Good work John", K::Comment},
      {"further forward", K::Pingback},
  }));
  CAPTURE(word);
  const Unit& unit = unit_with(doc, word, kind);
  CHECK(unit.speaker.empty());
  CHECK(unit.org.empty());
  CHECK(unit.source == AttributionSource::None);
}

TEST_CASE("seed: people merely mentioned are mentions, and talks are contiguous",
          "[indexer][attribution]") {
  const PostDoc doc = attributed(civic::testing::seed_path());
  const Unit& rory = unit_with(doc, "Rory Stewart", UnitKind::Paragraph);
  CHECK(rory.speaker == "Kevin Douglas");
  auto mentions = [](const Unit& u, const std::string& who) {
    return std::find(u.mentions.begin(), u.mentions.end(), who) != u.mentions.end();
  };
  CHECK(mentions(rory, "Rory Stewart"));
  CHECK_FALSE(mentions(rory, "Kevin Douglas"));  // the speaker is not a mention
  CHECK(mentions(unit_with(doc, "Nat Wei", UnitKind::Paragraph), "Nat Wei"));
  CHECK(mentions(unit_with(doc, "kicked off", UnitKind::Paragraph), "Greg Clark"));
  const Unit& intro = unit_with(doc, "kicked off", UnitKind::Paragraph);
  // The post's first talk, named after its first unit.
  const auto first = std::find_if(doc.units.begin(), doc.units.end(),
                                  [](const Unit& u) { return !u.talk.empty(); });
  REQUIRE(first != doc.units.end());
  CHECK(first->talk == intro.talk);
  CHECK(intro.talk == doc.post.id + "~" + first->id.substr(doc.post.id.size() + 1));
  CHECK(unit_with(doc, "arson", UnitKind::Paragraph).talk == intro.talk);
  CHECK(unit_with(doc, "Q & A Session", UnitKind::Video).talk == intro.talk);
}

TEST_CASE("sample archive: speakers of panels, meetings, headings and surname-only references",
          "[indexer][attribution]") {
  const auto archive = civic::testing::source_dir() / "data" / "archive";
  using K = UnitKind;
  auto [file, word, kind, speaker, org] =
      GENERATE(table<std::string, std::string, K, std::string, std::string>({
          // Two speakers introduced together ("a double act: A, …, and B, …") are nobody's unit.
          {"text/pennine-voluntary-action-conference-2012.txt", "double act", K::Paragraph, "", ""},
          {"text/pennine-voluntary-action-conference-2012.txt", "payday", K::Paragraph, "Hannah Okafor", "Ryburn Valley Credit Union"},
          {"text/pennine-voluntary-action-conference-2012.txt", "more cautious", K::Paragraph, "Tom Bevington", "Local Government Association"},
          {"text/pennine-voluntary-action-conference-2012.txt", "roadshows", K::Paragraph, "Joanna Mercer", "National Council for Voluntary Organisations"},
          {"text/pennine-voluntary-action-conference-2012.txt", "workshops", K::Paragraph, "", ""},
          {"text/kirkhope-budget-council-2014.txt", "in the chair", K::Paragraph, "Dorothy Aske", "Kirkhope Borough Council"},
          {"text/kirkhope-budget-council-2014.txt", "branch libraries while", K::Paragraph, "Derek Hollins", "Kirkhope Tenants’ Federation"},
          {"text/kirkhope-budget-council-2014.txt", "reserves could only", K::Paragraph, "Susan Harrow", "Kirkhope Borough Council"},
          {"text/kirkhope-budget-council-2014.txt", "Robbing Peter", K::Comment, "", ""},
          {"text/stanbridge-digital-inclusion-summit-2015.txt", "flapjack", K::Caption, "", ""},
          {"text/stanbridge-digital-inclusion-summit-2015.txt", "Tuesday Tech", K::Paragraph, "Kwame Asante", "Stanbridge Libraries"},
          {"text/localism-act-one-year-on-2012.txt", "circulates", K::Paragraph, "Colin Farraday", "Centre for Local Economic Strategies"},
          {"text/localism-act-one-year-on-2012.txt", "Dept. of Communities", K::Video, "Rachel Adeyemi", "Department for Communities and Local Government"},
          {"markdown/2017-10-07-community-energy-day-yorkshire.md", "solar roofs", K::Paragraph, "Amira Haddad", "Wharfedale Community Energy"},
          {"markdown/2017-10-07-community-energy-day-yorkshire.md", "pension fund", K::Paragraph, "Bethan Lloyd", "Kirkhope Borough Council"},
          {"markdown/2017-10-07-community-energy-day-yorkshire.md", "that’s me", K::Paragraph, "", ""},
          {"markdown/2021-03-03-hartsmoor-environment-committee.md", "loading bays", K::Paragraph, "Sam Whitlock", "Hartsmoor Town Council"},
          {"markdown/2021-03-03-hartsmoor-environment-committee.md", "Members present", K::Paragraph, "", ""},
          {"markdown/2023-09-14-young-peoples-mental-health-summit.md", "nobody to refer", K::Paragraph, "Grace Nwosu", "Department for Education"},
          {"markdown/2013-05-16-social-enterprise-summit-north.md", "cash flow", K::Paragraph, "Daniel Osei", "Moorside Community Kitchens CIC"},
          {"html/kirkhope-digital-services-day-2018.html", "National Cyber", K::Paragraph, "Gareth Pryce", "National Cyber Security Centre"},
      }));
  CAPTURE(file, word);
  const PostDoc doc = attributed(archive / file);
  const Unit& unit = unit_with(doc, word, kind);
  CHECK(unit.speaker == speaker);
  CHECK(unit.org == org);
}

TEST_CASE("a title and surname names the post's speaker of that surname, without a gazetteer",
          "[indexer][attribution]") {
  const auto file =
      civic::testing::source_dir() / "data" / "archive" / "text" / "localism-act-one-year-on-2012.txt";
  auto read = read_file(file, {file.string(), file.string()});
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  PostDoc doc = read->posts.front();
  Gazetteer empty;  // no alias list: "Mr Farraday" must be matched to the speaker by surname
  AcronymTable learnt;
  attribute(doc, empty, learnt);
  CHECK(unit_with(doc, "Mr Farraday pointed", UnitKind::Paragraph).speaker == "Colin Farraday");
  for (const auto& unit : doc.units) CHECK(unit.speaker != "Farraday");
}

TEST_CASE("acronyms are learnt from the text and canonicalise organisations",
          "[indexer][attribution]") {
  Gazetteer empty;
  AcronymTable learnt;
  learn_acronyms("the Centre for Public Scrutiny (CfPS) and Child and Adolescent Mental Health "
                 "Services (CAMHS)",
                 learnt);
  CHECK(learnt.expand("CfPS") == std::optional<std::string>("Centre for Public Scrutiny"));
  CHECK(learnt.expand("CAMHS") ==
        std::optional<std::string>("Child and Adolescent Mental Health Services"));
  CHECK(canonical_org("CfPS", empty, learnt) == "Centre for Public Scrutiny");
  CHECK(canonical_org("Dept. of Communities & Local Government", gazetteer(), learnt) ==
        "Department for Communities and Local Government");
  CHECK(org_key("Dept. of Communities & Local Government") ==
        org_key("Department for Communities and Local Government"));
}

TEST_CASE("a malformed gazetteer is refused with its path and line", "[indexer][attribution]") {
  civic::testing::TempDir dir;
  auto path = dir.write("g.yaml", "organisations:\n  - name: [unclosed\n");
  auto loaded = Gazetteer::load(path);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().code == ErrorCode::InvalidInput);
  CHECK(loaded.error().message.rfind(path.string() + ":", 0) == 0);
}

TEST_CASE("themes come from the taxonomy with plural s ignored", "[indexer][attribution]") {
  auto themes = themes_of("Volunteers ran the credit unions", gazetteer());
  CHECK(std::find(themes.begin(), themes.end(), "Volunteering") != themes.end());
  CHECK(std::find(themes.begin(), themes.end(), "Social enterprise") != themes.end());
}

TEST_CASE("a per-post override file beats inference", "[indexer][attribution][override]") {
  civic::testing::TempDir dir;
  const auto post = dir.write("meeting.txt",
                              "Parish meeting notes\n\n"
                              "Welcome to my notes from the parish meeting.\n\n"
                              "The first speaker was Alan Tebbutt of Kirkhope Borough Council, who "
                              "described the bus cuts.\n\n"
                              "He said the routes would be reviewed.\n\n"
                              "Next came a long discussion about the village hall roof.\n\n"
                              "The roof needs a new membrane before winter.\n\n"
                              "Thanks to everyone who came.\n");
  SECTION("without an override the introduction is inferred") {
    const PostDoc doc = attributed(post);
    CHECK(unit_with(doc, "routes", UnitKind::Paragraph).speaker == "Alan Tebbutt");
    CHECK(unit_with(doc, "membrane", UnitKind::Paragraph).speaker == "Alan Tebbutt");
  }
  SECTION("the override's speakers, organisations and talk starts win") {
    dir.write("meeting.txt.speakers.yaml",
              "speakers:\n"
              "  - name: Alan Tebbutt\n"
              "    org: KBC\n"
              "    starts: The first speaker was\n"
              "  - name: Cllr Mary Oduya\n"
              "    org: Hartsmoor Town Council\n"
              "    starts: long discussion about the village hall\n"
              "ends: Thanks to everyone\n"
              "organisations:\n"
              "  - name: Kirkhope Borough Council (Highways)\n"
              "    aliases: [KBC]\n");
    auto over = load_override(post);
    REQUIRE(over);
    REQUIRE(*over);
    auto read = read_file(post, {post.string(), post.string()});
    REQUIRE(read);
    PostDoc doc = read->posts.front();
    AcronymTable learnt;
    attribute(doc, gazetteer(), learnt, &**over);
    CHECK(unit_with(doc, "my notes", UnitKind::Paragraph).speaker.empty());
    const Unit& intro = unit_with(doc, "first speaker", UnitKind::Paragraph);
    CHECK(intro.speaker == "Alan Tebbutt");
    CHECK(intro.org == "Kirkhope Borough Council (Highways)");
    CHECK(intro.source == AttributionSource::Metadata);
    CHECK(intro.explanation.find("meeting.txt.speakers.yaml") != std::string::npos);
    CHECK(unit_with(doc, "routes", UnitKind::Paragraph).speaker == "Alan Tebbutt");
    const Unit& roof = unit_with(doc, "membrane", UnitKind::Paragraph);
    CHECK(roof.speaker == "Mary Oduya");
    CHECK(roof.org == "Hartsmoor Town Council");
    CHECK(roof.talk != intro.talk);
    CHECK(unit_with(doc, "Thanks to everyone", UnitKind::Paragraph).speaker.empty());
  }
  SECTION("a malformed override file is refused with its path and line") {
    dir.write("meeting.txt.speakers.yaml", "speakers:\n  - org: nameless\n");
    auto over = load_override(post);
    REQUIRE_FALSE(over);
    CHECK(over.error().message.rfind((dir / "meeting.txt.speakers.yaml").string() + ":2:", 0) == 0);
  }
  SECTION("no override file is not an error") {
    auto over = load_override(dir / "other.txt");
    REQUIRE(over);
    CHECK_FALSE(*over);
  }
}
