// The GOV.UK content-item reader on the Publishing API's real examples (read in place from
// ../shared). Expected values are read from the same JSON independently, not copied in.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "indexer/reader.h"
#include "tests/support.h"

using namespace civic;
using namespace civic::indexer;
using nlohmann::json;

namespace {

std::filesystem::path example(const std::string& schema, const std::string& name) {
  return civic::testing::corpus_dir() / "govuk-speeches-events" / "content_schemas" / "examples" /
         schema / "frontend" / name;
}

// Read with the format given: detect_format() looks for "document_type" in the first 4 KiB,
// and two of the examples put it later.
PostDoc read_one(const std::filesystem::path& path) {
  auto out = read_bytes(Format::GovukJson, civic::testing::slurp(path),
                        Source{path.string(), path.string()});
  if (!out) FAIL(out.error().message);
  REQUIRE(out->posts.size() == 1);
  return std::move(out->posts[0]);
}

json load(const std::filesystem::path& path) { return json::parse(civic::testing::slurp(path)); }

std::map<UnitKind, int> kinds_of(const PostDoc& doc) {
  std::map<UnitKind, int> kinds;
  for (const auto& unit : doc.units) ++kinds[unit.kind];
  return kinds;
}

}  // namespace

TEST_CASE("a speech gives its title, summary, body, delivery date, venue and speaker",
          "[indexer][govuk][corpus]") {
  const auto path = example("speech", "speech.json");
  const PostDoc doc = read_one(path);
  const json item = load(path);

  CHECK(doc.post.title == item.at("title").get<std::string>());
  CHECK(doc.post.url == "https://www.gov.uk" + item.at("base_path").get<std::string>());
  // The date it was delivered, not the (later) date it was published.
  const std::string delivered = item.at("details").at("delivered_on").get<std::string>();
  CHECK(doc.post.date == delivered.substr(0, 10));
  CHECK(doc.post.date != item.at("first_published_at").get<std::string>().substr(0, 10));
  CHECK(doc.post.event == item.at("details").at("location").get<std::string>());

  REQUIRE(doc.post.speakers.size() == 1);
  CHECK(doc.post.speakers[0].name ==
        item.at("links").at("speaker").at(0).at("title").get<std::string>());
  CHECK(doc.post.speakers[0].org ==
        item.at("links").at("organisations").at(0).at("title").get<std::string>());

  REQUIRE(doc.units.size() > 3);
  CHECK(doc.units[0].kind == UnitKind::Title);
  CHECK(doc.units[1].kind == UnitKind::Paragraph);
  CHECK(doc.units[1].text == item.at("description").get<std::string>());
  auto kinds = kinds_of(doc);
  CHECK(kinds[UnitKind::Heading] > 0);  // the govspeak body's <h2>s
  CHECK(kinds[UnitKind::Paragraph] > 10);
  for (const auto& unit : doc.units) {
    CAPTURE(unit.text);
    CHECK(unit.text.find('<') == std::string::npos);  // no markup left
  }
}

TEST_CASE("a speaker without a profile page is still a speaker", "[indexer][govuk][corpus]") {
  const auto path = example("speech", "speech-speaker-without-profile.json");
  const PostDoc doc = read_one(path);
  const json item = load(path);
  REQUIRE(doc.post.speakers.size() == 1);
  CHECK(doc.post.speakers[0].name ==
        item.at("details").at("speaker_without_profile").get<std::string>());
  CHECK(!doc.post.speakers[0].org.empty());
}

TEST_CASE("with no location the topical event names the event", "[indexer][govuk][corpus]") {
  const auto path = example("speech", "speech-authored-article.json");
  const PostDoc doc = read_one(path);
  const json item = load(path);
  REQUIRE(!item.at("details").contains("location"));
  CHECK(doc.post.event ==
        item.at("links").at("topical_events").at(0).at("title").get<std::string>());
}

TEST_CASE("every GOV.UK example reads into one titled, dated post", "[indexer][govuk][corpus]") {
  const auto root = civic::testing::corpus_dir() / "govuk-speeches-events";
  int files = 0;
  int with_speakers = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".json") continue;
    CAPTURE(entry.path().string());
    ++files;
    const PostDoc doc = read_one(entry.path());
    const json item = load(entry.path());
    CHECK(doc.post.title == item.at("title").get<std::string>());
    CHECK(doc.post.date.size() == 10);
    REQUIRE(!doc.units.empty());
    CHECK(doc.units[0].kind == UnitKind::Title);
    // Speeches and statements name a speaker; news and consultations do not.
    const bool has_speaker = item.at("links").contains("speaker") ||
                             item.at("details").contains("speaker_without_profile");
    CHECK(doc.post.speakers.empty() == !has_speaker);
    if (has_speaker) ++with_speakers;
  }
  CHECK(files == 40);
  CHECK(with_speakers == 13);
}

TEST_CASE("malformed JSON is refused with the path", "[indexer][govuk][errors]") {
  auto out = read_bytes(Format::GovukJson,
                        "{\"base_path\": \"/x\", \"title\": ", Source{"items/speech.json", "/k"});
  REQUIRE(!out);
  CHECK(out.error().code == ErrorCode::InvalidInput);
  CHECK(out.error().message.starts_with("items/speech.json: "));
  CHECK(out.error().message.find("parse error") != std::string::npos);

  SECTION("a JSON value that is not an object") {
    auto refused = read_bytes(Format::GovukJson, "[1, 2]", Source{"a.json", "/a"});
    REQUIRE(!refused);
    CHECK(refused.error().message == "a.json: not a GOV.UK content item (not an object)");
  }
}

TEST_CASE("fields of unexpected types are ignored, not thrown", "[indexer][govuk][errors]") {
  const std::string item = R"({
    "base_path": 7, "document_type": "speech", "title": "Ward speech", "description": null,
    "first_published_at": "2016-03-08T10:31:22.000+00:00",
    "details": {"body": [{"content_type": "text/html", "content": "<p>Hello ward.</p>"}],
                "location": ["not", "a", "string"], "delivered_on": 20160202},
    "links": {"speaker": [{"title": null}, "not an object", {"title": "A Minister"}],
              "organisations": {"title": "not a list"}}
  })";
  auto out = read_bytes(Format::GovukJson, item, Source{"odd.json", "/odd"});
  REQUIRE(out);
  REQUIRE(out->posts.size() == 1);
  const PostDoc& doc = out->posts[0];
  CHECK(doc.post.url.empty());
  CHECK(doc.post.event.empty());
  CHECK(doc.post.date == "2016-03-08");
  REQUIRE(doc.post.speakers.size() == 1);
  CHECK(doc.post.speakers[0].name == "A Minister");
  CHECK(doc.post.speakers[0].org.empty());
  REQUIRE(doc.units.size() == 2);
  CHECK(doc.units[1].text == "Hello ward.");  // the multi-part body's HTML part
}
