// The ParlParse (TheyWorkForYou) reader on small inline documents and on the real 2009 debates
// read in place from ../shared, checked against the corpus's own speaker ground truth.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "indexer/reader.h"
#include "query/core/text.h"
#include "tests/support.h"

using namespace civic;
using namespace civic::indexer;

namespace {

std::filesystem::path hansard_dir() { return civic::testing::corpus_dir() / "uk-hansard-2009"; }

std::filesystem::path scraped(const std::string& relative) {
  return hansard_dir() / "uml-tests" / "parldata" / "scrapedxml" / relative;
}

// A ParlParse document as the scrapers write it: Latin-1, HTML entities declared inline.
std::string publicwhip(const std::string& body, const std::string& encoding = "ISO-8859-1") {
  return "<?xml version=\"1.0\" encoding=\"" + encoding +
         "\"?>\n<!DOCTYPE publicwhip [\n<!ENTITY pound \"&#163;\">\n"
         "<!ENTITY mdash \"&#8212;\">\n]>\n<publicwhip>\n" +
         body + "\n</publicwhip>\n";
}

PostDoc read_one(const std::string& xml, const std::string& path = "debates2009-10-26b.xml") {
  auto out = read_bytes(Format::Hansard, xml, Source{path, "/fixtures/" + path});
  if (!out) FAIL(out.error().message);
  REQUIRE(out->posts.size() == 1);
  return std::move(out->posts[0]);
}

const Unit* find_unit(const PostDoc& doc, std::string_view needle) {
  for (const auto& unit : doc.units) {
    if (unit.text.find(needle) != std::string::npos) return &unit;
  }
  return nullptr;
}

std::string collapse(const std::string& s) {
  std::istringstream words(s);
  std::string word;
  std::string out;
  while (words >> word) out += (out.empty() ? "" : " ") + word;
  return out;
}

// Some rows of the ground truth were UTF-8 encoded twice ("CarÃ¡l" for "Carál"); undo that.
std::string undo_double_utf8(const std::string& s) {
  std::string once;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      once += s[i];
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size()) {
      once += static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F));
    } else {
      return s;
    }
  }
  return once != s && text::is_valid_utf8(once) ? once : s;
}

const std::string kSitting = publicwhip(
    "<major-heading id=\"h1\" nospeaker=\"true\">Local Services</major-heading>\n"
    "<minor-heading id=\"h2\">Libraries</minor-heading>\n"
    "<speech id=\"s1\" speakerid=\"uk.org.publicwhip/member/1\" speakername=\"Jane \n  Smith\" "
    "speakeroffice=\"The Minister for Libraries\" colnum=\"1\">\n"
    "<p pid=\"1\">We will spend &pound;5 million&mdash;and more in the caf\xE9.</p>\n"
    "<p pid=\"2\">A <i>second</i> paragraph.</p>\n"
    "<table><tr><td>Area</td><td>Funding</td></tr><tr><td>North</td><td>&pound;2m</td></tr>"
    "</table>\n</speech>\n"
    "<speech id=\"s2\" nospeaker=\"true\"><p>The House divided.</p></speech>\n"
    "<speech id=\"s3\" speakerid=\"unknown\" speakername=\"Hon. Members\"><p>Hear, hear.</p>"
    "</speech>\n"
    "<speech id=\"s4\" speakerid=\"uk.org.publicwhip/member/2\" speakername=\"Tom Brown\">"
    "<p>A question &#151; with &#145;scraped&#146; punctuation.</p></speech>\n"
    "<division id=\"d1\" nospeaker=\"true\" divdate=\"2009-10-26\" divnumber=\"12\">"
    "<divisioncount ayes=\"100\" noes=\"200\" tellerayes=\"2\" tellernoes=\"2\"/>"
    "<mplist vote=\"aye\"><mpname id=\"m1\" vote=\"aye\">Smith, Jane</mpname></mplist>"
    "<mplist vote=\"no\"><mpname id=\"m2\" vote=\"no\">Brown, Tom</mpname></mplist></division>");

}  // namespace

TEST_CASE("each paragraph of a speech is attributed from its speakername attribute",
          "[indexer][hansard]") {
  const PostDoc doc = read_one(kSitting);
  const Unit* first = find_unit(doc, "We will spend");
  REQUIRE(first);
  CHECK(first->kind == UnitKind::Paragraph);
  CHECK(first->speaker == "Jane Smith");  // whitespace collapsed
  CHECK(first->role == "The Minister for Libraries");  // an office is a role
  CHECK(first->org.empty());                           // that names no department
  CHECK(first->source == AttributionSource::Metadata);
  CHECK(first->explanation == "speakername attribute");

  const Unit* second = find_unit(doc, "paragraph.");
  REQUIRE(second);
  CHECK(second->text == "A second paragraph.");
  CHECK(second->speaker == "Jane Smith");

  const Unit* row = find_unit(doc, "North");
  REQUIRE(row);
  CHECK(row->text ==
        "North | \xC2\xA3"
        "2m");  // one paragraph per table row
  CHECK(row->speaker == "Jane Smith");

  const Unit* other = find_unit(doc, "A question");
  REQUIRE(other);
  CHECK(other->speaker == "Tom Brown");
  CHECK(other->org.empty());  // no speakeroffice given

  SECTION("procedural text and collective voices have no speaker") {
    for (std::string_view text : {"The House divided.", "Hear, hear."}) {
      const Unit* unit = find_unit(doc, text);
      REQUIRE(unit);
      CHECK(unit->speaker.empty());
      CHECK(unit->source == AttributionSource::None);
    }
  }
}

TEST_CASE("declared entities, Latin-1 bytes and Windows-1252 references come out as UTF-8",
          "[indexer][hansard]") {
  const PostDoc doc = read_one(kSitting);
  const Unit* money = find_unit(doc, "We will spend");
  REQUIRE(money);
  CHECK(money->text ==
        "We will spend \xC2\xA3"
        "5 million\xE2\x80\x94"
        "and more in the caf\xC3\xA9.");
  const Unit* scraped_text = find_unit(doc, "A question");
  REQUIRE(scraped_text);
  CHECK(scraped_text->text ==
        "A question \xE2\x80\x94 with \xE2\x80\x98scraped\xE2\x80\x99 punctuation.");
}

TEST_CASE("headings become Heading units; the first major heading titles the sitting",
          "[indexer][hansard]") {
  const PostDoc doc = read_one(kSitting, "data/debates2009-10-26b.xml");
  REQUIRE(doc.units.size() >= 3);
  CHECK(doc.units[0].kind == UnitKind::Title);
  CHECK(doc.units[0].text == "Local Services");
  CHECK(doc.units[1].kind == UnitKind::Heading);
  CHECK(doc.units[2].kind == UnitKind::Heading);
  CHECK(doc.units[2].text == "Libraries");
  CHECK(doc.post.title == "Local Services");
  CHECK(doc.post.date == "2009-10-26");         // from the file name
  CHECK(doc.post.event == "House of Commons");  // from the file-name prefix
}

TEST_CASE("a division is one summary paragraph without its vote lists", "[indexer][hansard]") {
  const PostDoc doc = read_one(kSitting);
  const Unit* division = find_unit(doc, "Division");
  REQUIRE(division);
  CHECK(division->text == "Division 12: ayes 100, noes 200");
  CHECK(find_unit(doc, "Smith, Jane") == nullptr);
  CHECK(find_unit(doc, "Brown, Tom") == nullptr);
}

TEST_CASE("written questions and answers are attributed to who asked and who answered",
          "[indexer][hansard]") {
  const PostDoc doc = read_one(
      publicwhip(
          "<major-heading id=\"h\">Transport</major-heading>"
          "<ques id=\"q\" speakerid=\"uk.org.publicwhip/member/3\" speakername=\"Ann Lee\">"
          "<p>To ask the Secretary of State what plans he has for buses.</p></ques>"
          "<reply id=\"r\" speakerid=\"uk.org.publicwhip/member/4\" speakername=\"Raj Patel\">"
          "<p>Plans will be published shortly.</p></reply>"),
      "answers2009-10-27c.xml");
  const Unit* question = find_unit(doc, "To ask");
  const Unit* answer = find_unit(doc, "Plans will");
  REQUIRE(question);
  REQUIRE(answer);
  CHECK(question->speaker == "Ann Lee");
  CHECK(answer->speaker == "Raj Patel");
  CHECK(doc.post.event == "Written answers");
}

TEST_CASE("a Scottish Parliament motion names its lodging member and repeats are not duplicated",
          "[indexer][hansard]") {
  const std::string text =
      "S3M-1234 Ann Lee: Library Week\xE2\x80\x94That the Parliament welcomes library week.";
  const PostDoc doc =
      read_one(publicwhip("<spmotion spid=\"S3M-1234\" date=\"2009-10-29\">*" + text +
                              "</spmotion>"
                              "<spmotion spid=\"S3M-1234\" date=\"2009-10-30\">" +
                              text +
                              " Supported by: Tom Brown*</spmotion>"
                              "<spmotion spid=\"S3M-1234\" date=\"2009-11-02\">" +
                              text + "</spmotion>",
                          "UTF-8"),
               "S3M-1234.xml");
  CHECK(doc.post.title == "S3M-1234 Library Week");
  CHECK(doc.post.date == "2009-10-29");  // no date in the file name: the first entry's
  REQUIRE(doc.units.size() == 3);        // title, the motion, the added supporters
  CHECK(doc.units[1].text == text);
  CHECK(doc.units[1].speaker == "Ann Lee");
  CHECK(doc.units[1].source == AttributionSource::TurnMarker);  // named in the text
  CHECK(doc.units[2].text == "Supported by: Tom Brown*");
  CHECK(doc.units[2].speaker.empty());
}

TEST_CASE("a register entry is the member's name then one unattributed paragraph per item",
          "[indexer][hansard]") {
  const PostDoc doc = read_one(
      publicwhip("<regmem personid=\"p\" memberid=\"m\" membername=\"Ann Lee\" date=\"2009-10-28\">"
                 "<category type=\"2\" name=\"Remunerated employment\">"
                 "<item>Fees for a column, &pound;100.</item><item>Fees for a talk.</item>"
                 "</category></regmem>"),
      "regmem2009-10-28.xml");
  REQUIRE(doc.units.size() == 4);
  CHECK(doc.units[1].kind == UnitKind::Heading);
  CHECK(doc.units[1].text == "Ann Lee");
  CHECK(doc.units[2].text ==
        "Fees for a column, \xC2\xA3"
        "100.");
  CHECK(doc.units[2].context == "Remunerated employment");
  CHECK(doc.units[2].speaker.empty());
  CHECK(doc.units[3].kind == UnitKind::Paragraph);
}

TEST_CASE("malformed ParlParse XML is refused with the path and line",
          "[indexer][hansard][errors]") {
  std::string xml = kSitting;
  xml.resize(xml.find("</speech>"));
  const auto lines = 1 + std::count(xml.begin(), xml.end(), '\n');
  auto out = read_bytes(Format::Hansard, xml, Source{"debates/cut.xml", "/cut"});
  REQUIRE(!out);
  CHECK(out.error().code == ErrorCode::InvalidInput);
  CHECK(out.error().message.starts_with("debates/cut.xml:" + std::to_string(lines) + ": "));

  SECTION("another root element") {
    auto refused =
        read_bytes(Format::Hansard, "<?xml version=\"1.0\"?><people/>", Source{"x.xml", "/x"});
    REQUIRE(!refused);
    CHECK(refused.error().message ==
          "x.xml: not ParlParse XML (the root element is not <publicwhip>)");
  }
}

TEST_CASE("every scraped debate file reads into one dated post", "[indexer][hansard][corpus]") {
  int files = 0;
  bool pound = false;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(scraped(""))) {
    if (entry.path().extension() != ".xml") continue;
    CAPTURE(entry.path().string());
    ++files;
    auto out = read_file(entry.path(), Source{entry.path().string(), entry.path().string()});
    REQUIRE(out);
    CHECK(out->format == Format::Hansard);
    REQUIRE(out->posts.size() == 1);
    const PostDoc& doc = out->posts[0];
    CHECK(doc.post.date.size() == 10);
    CHECK(!doc.post.title.empty());
    CHECK(!doc.post.event.empty());
    CHECK(doc.units.size() > 1);
    for (const auto& unit : doc.units) {
      // Entities are expanded, never left as references or dropped silently as "&".
      CHECK(unit.text.find("&pound;") == std::string::npos);
      CHECK(unit.text.find("&mdash;") == std::string::npos);
      if (unit.text.find("\xC2\xA3") != std::string::npos) pound = true;
      if (!unit.speaker.empty()) {
        CHECK((unit.source == AttributionSource::Metadata ||
               unit.source == AttributionSource::TurnMarker));
      }
    }
  }
  CHECK(files == 171);
  CHECK(pound);
}

TEST_CASE("speakers found agree with the corpus's speaker ground truth",
          "[indexer][hansard][corpus]") {
  // ground_truth/speech_speakers.tsv: one row per speech, question or answer with a speakerid.
  std::ifstream tsv(hansard_dir() / "ground_truth" / "speech_speakers.tsv");
  REQUIRE(tsv);
  std::map<std::string, std::set<std::string>> expected;  // file → speaker names
  std::string line;
  std::getline(tsv, line);  // header
  while (std::getline(tsv, line)) {
    std::vector<std::string> fields;
    std::istringstream row(line);
    for (std::string field; std::getline(row, field, '\t');) fields.push_back(field);
    REQUIRE(fields.size() > 5);
    if (fields[4] == "unknown") continue;  // "Hon. Members" and the like
    // The reader keeps the person of a Scottish Parliament label: "Name (Constituency)
    // (Party)" → "Name", "The Cabinet Secretary for X (Name)" → "Name".
    std::string name = undo_double_utf8(collapse(fields[5]));
    while (name.size() > 2 && name.back() == ')' && name.rfind(" (") != std::string::npos) {
      const auto open = name.rfind(" (");
      const std::string inner = name.substr(open + 2, name.size() - open - 3);
      if (name.rfind("The ", 0) == 0 && inner.find(' ') != std::string::npos) {
        name = inner;
        break;
      }
      name.erase(open);
    }
    expected[fields[0]].insert(name);
  }
  REQUIRE(expected.size() > 30);
  for (const auto& [file, names] : expected) {
    CAPTURE(file);
    const auto path = hansard_dir() / file;
    auto out = read_file(path, Source{path.string(), path.string()});
    REQUIRE(out);
    REQUIRE(out->posts.size() == 1);
    std::set<std::string> found;
    for (const auto& unit : out->posts[0].units) {
      if (!unit.speaker.empty()) found.insert(unit.speaker);
    }
    CHECK(found == names);
  }
}

TEST_CASE("the members gazetteer files are not taken for debates", "[indexer][hansard][corpus]") {
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(hansard_dir() / "parlparse" / "members")) {
    if (entry.path().extension() != ".xml") continue;
    CAPTURE(entry.path().string());
    ++files;
    auto out = read_file(entry.path(), Source{entry.path().string(), entry.path().string()});
    REQUIRE(out);
    CHECK(out->format == Format::Unknown);
    CHECK(out->posts.empty());
  }
  CHECK(files == 13);
}
