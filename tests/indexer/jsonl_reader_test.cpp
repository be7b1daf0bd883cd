// The JSONL reader: one pre-segmented unit per line, grouped into posts by "post"; bad lines are
// skipped with a warning naming their line, and only a file with no good line is refused.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "indexer/reader.h"
#include "tests/support.h"

namespace {

using civic::ErrorCode;
using civic::UnitKind;
using civic::indexer::Format;
using civic::indexer::ReadOutput;
using civic::indexer::Source;

civic::Result<ReadOutput> read_jsonl_text(const std::string& text,
                                          const std::string& path = "units.jsonl") {
  return civic::indexer::read_bytes(Format::Jsonl, text, Source{path, "/test/" + path});
}

std::vector<std::string> texts(const civic::PostDoc& doc) {
  std::vector<std::string> out;
  for (const auto& unit : doc.units) out.push_back(unit.text);
  return out;
}

std::vector<std::string> messages(const std::vector<civic::Error>& errors) {
  std::vector<std::string> out;
  for (const auto& error : errors) out.push_back(error.message);
  return out;
}

std::filesystem::path fixture(const std::string& name) {
  return civic::testing::source_dir() / "tests" / "fixtures" / "jsonl" / name;
}

}  // namespace

TEST_CASE("a bad line in the middle is skipped with a warning naming its line",
          "[indexer][jsonl]") {
  const auto path = fixture("two-posts-one-bad-line.jsonl");
  auto read = civic::indexer::read_file(path, Source{path.string(), path.string()});
  REQUIRE(read);
  CHECK(read->format == Format::Jsonl);
  REQUIRE(read->warnings.size() == 1);
  CHECK(read->warnings.front().code == ErrorCode::InvalidInput);
  CHECK(read->warnings.front().message.rfind(path.string() + ":3: not JSON: ", 0) == 0);

  REQUIRE(read->posts.size() == 2);
  CHECK(texts(read->posts[0]) == std::vector<std::string>{"Town hall on the budget",
                                                          "The leader opened the meeting.",
                                                          "Parks get volunteers"});
  CHECK(texts(read->posts[1]) == std::vector<std::string>{"Morning", "Great write-up, thanks."});
}

TEST_CASE("lines are grouped into posts by their post value, in first-seen order",
          "[indexer][jsonl]") {
  auto read = read_jsonl_text(
      "{\"post\": \"b\", \"text\": \"b one\"}\n"
      "{\"post\": \"a\", \"text\": \"a one\"}\n"
      "{\"post\": \"b\", \"text\": \"b two\"}\n");
  REQUIRE(read);
  REQUIRE(read->posts.size() == 2);
  CHECK(texts(read->posts[0]) == std::vector<std::string>{"b one", "b two"});
  CHECK(texts(read->posts[1]) == std::vector<std::string>{"a one"});
  // Finalised: ids from each unit's text, under its post's id.
  CHECK(read->posts[0].units[1].id.rfind(read->posts[0].post.id + ".", 0) == 0);
  CHECK(read->posts[0].units[1].id != read->posts[0].units[0].id);
  CHECK(read->warnings.empty());
}

TEST_CASE("post fields come from the first line that gives them", "[indexer][jsonl]") {
  const auto path = fixture("two-posts-one-bad-line.jsonl");
  auto read = civic::indexer::read_file(path, Source{path.string(), path.string()});
  REQUIRE(read);
  REQUIRE(read->posts.size() == 2);
  const auto& townhall = read->posts[0].post;
  CHECK(townhall.title == "Town hall on the budget");
  CHECK(townhall.date == "2010-11-02");
  CHECK(townhall.url == "https://example.org/townhall");
  CHECK(townhall.event == "Town Hall 2010");
  CHECK(townhall.tags == std::vector<std::string>{"budget", "local government"});
  CHECK(townhall.source == path.string());
  const auto& open_data = read->posts[1].post;
  CHECK(open_data.title == "Open data day");
  CHECK(open_data.date == "2011-02-05");
  CHECK(open_data.author.empty());  // the commenter is not the blogger
}

TEST_CASE("kinds, contexts and themes are kept on the units", "[indexer][jsonl]") {
  const auto path = fixture("two-posts-one-bad-line.jsonl");
  auto read = civic::indexer::read_file(path, Source{path.string(), path.string()});
  REQUIRE(read);
  const auto& units = read->posts[0].units;
  REQUIRE(units.size() == 3);
  CHECK(units[0].kind == UnitKind::Title);
  CHECK(units[1].kind == UnitKind::Paragraph);
  CHECK(units[2].kind == UnitKind::Bullet);
  CHECK(units[2].context == "The proposals were:");
  CHECK(units[2].themes == std::vector<std::string>{"parks"});
}

TEST_CASE("speaker and org are attributions from metadata", "[indexer][jsonl]") {
  auto read = read_jsonl_text(
      "{\"post\": \"p\", \"text\": \"Said by Ann.\", \"speaker\": \"Ann Lee\", \"org\": \"GDS\"}\n"
      "{\"post\": \"p\", \"text\": \"Narration.\"}\n"
      "{\"post\": \"p\", \"text\": \"Ann again.\", \"speaker\": \"Ann  Lee\"}\n");
  REQUIRE(read);
  const auto& doc = read->posts.front();
  REQUIRE(doc.units.size() == 3);
  CHECK(doc.units[0].speaker == "Ann Lee");
  CHECK(doc.units[0].org == "GDS");
  CHECK(doc.units[0].source == civic::AttributionSource::Metadata);
  CHECK(doc.units[0].explanation == "JSONL field");
  CHECK(doc.units[1].speaker.empty());
  CHECK(doc.units[1].source == civic::AttributionSource::None);
  CHECK(doc.units[2].speaker == "Ann Lee");
  REQUIRE(doc.post.speakers.size() == 1);
  CHECK(doc.post.speakers.front().name == "Ann Lee");
  CHECK(doc.post.speakers.front().org == "GDS");
}

TEST_CASE("an optional role is the speaker's, from metadata, and must be a string",
          "[indexer][jsonl]") {
  auto read = read_jsonl_text(
      "{\"post\": \"p\", \"text\": \"Opening.\", \"speaker\": \"Ann Lee\", "
      "\"role\": \" Chief   Executive \", \"org\": \"GDS\"}\n"
      "{\"post\": \"p\", \"text\": \"A chair's aside.\", \"role\": \"Chair\"}\n"
      "{\"post\": \"p\", \"text\": \"Narration.\"}\n"
      "{\"post\": \"p\", \"text\": \"Bad.\", \"role\": [\"Chair\"]}\n");
  REQUIRE(read);
  const auto& doc = read->posts.front();
  REQUIRE(doc.units.size() == 3);
  CHECK(doc.units[0].role == "Chief Executive");
  CHECK(doc.units[1].role == "Chair");
  CHECK(doc.units[1].source == civic::AttributionSource::Metadata);
  CHECK(doc.units[2].role.empty());
  CHECK(doc.units[2].source == civic::AttributionSource::None);
  REQUIRE(doc.post.speakers.size() == 1);
  CHECK(doc.post.speakers.front().role == "Chief Executive");
  CHECK(messages(read->warnings) ==
        std::vector<std::string>{"units.jsonl:4: \"role\" must be a string, not array"});
}

TEST_CASE("comment lines carry their author and date as the comment's", "[indexer][jsonl]") {
  auto read = read_jsonl_text(
      "{\"post\": \"p\", \"text\": \"Body.\", \"author\": \"Blogger\"}\n"
      "{\"post\": \"p\", \"kind\": \"comment\", \"text\": \"Nice.\", \"author\": \"Bo Chen\", "
      "\"date\": \"2011-02-06\"}\n");
  REQUIRE(read);
  const auto& doc = read->posts.front();
  CHECK(doc.post.author == "Blogger");
  REQUIRE(doc.units.size() == 2);
  CHECK_FALSE(doc.units[0].comment.has_value());
  REQUIRE(doc.units[1].comment.has_value());
  CHECK(doc.units[1].kind == UnitKind::Comment);
  CHECK(doc.units[1].comment->author == "Bo Chen");
  CHECK(doc.units[1].comment->date == "2011-02-06");
}

TEST_CASE("the post id depends on the post value only, so another file replaces the post",
          "[indexer][jsonl]") {
  const std::string line = "{\"post\": \"townhall-2010\", \"text\": \"Hello.\"}\n";
  auto first = civic::indexer::read_bytes(Format::Jsonl, line, Source{"a.jsonl", "/data/a.jsonl"});
  auto second =
      civic::indexer::read_bytes(Format::Jsonl, line, Source{"b.jsonl", "/other/b.jsonl"});
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->posts.front().post.id == second->posts.front().post.id);
  CHECK(first->posts.front().post.id == civic::post_id_for("townhall-2010", "jsonl:townhall-2010"));
  CHECK(first->posts.front().post.title == "townhall-2010");
}

TEST_CASE("an unknown kind warns and is read as a paragraph", "[indexer][jsonl]") {
  auto read = read_jsonl_text(
      "{\"post\": \"p\", \"kind\": \"bullet\", \"text\": \"One.\"}\n"
      "{\"post\": \"p\", \"kind\": \"sidebar\", \"text\": \"Two.\"}\n");
  REQUIRE(read);
  REQUIRE(read->posts.front().units.size() == 2);
  CHECK(read->posts.front().units[1].kind == UnitKind::Paragraph);
  CHECK(messages(read->warnings) ==
        std::vector<std::string>{"units.jsonl:2: unknown kind \"sidebar\", read as a paragraph"});
}

TEST_CASE("each kind of bad line is reported with its line number and reason", "[indexer][jsonl]") {
  auto [line, reason] = GENERATE(table<std::string, std::string>({
      {"not json at all", "not JSON: "},
      {"[\"an\", \"array\"]", "expected an object, not array"},
      {"\"a string\"", "expected an object, not string"},
      {"{\"text\": \"no post\"}", "missing \"post\""},
      {"{\"post\": \"p\"}", "missing \"text\""},
      {"{\"post\": 12, \"text\": \"t\"}", "\"post\" must be a string, not number"},
      {"{\"post\": \"p\", \"text\": [\"t\"]}", "\"text\" must be a string, not array"},
      {"{\"post\": \"p\", \"text\": \"   \"}", "\"text\" is empty"},
      {"{\"post\": \" \", \"text\": \"t\"}", "\"post\" is empty"},
      {"{\"post\": \"p\", \"text\": \"t\", \"tags\": \"one\"}",
       "\"tags\" must be an array of strings, not string"},
      {"{\"post\": \"p\", \"text\": \"t\", \"themes\": [1]}",
       "\"themes\" must be an array of strings, but holds number"},
      {"{\"post\": \"p\", \"text\": \"t\", \"speaker\": {\"name\": \"x\"}}",
       "\"speaker\" must be a string, not object"},
  }));
  CAPTURE(line);
  auto read = read_jsonl_text("{\"post\": \"p\", \"text\": \"good\"}\n\n" + line +
                              "\n{\"post\": \"p\", \"text\": \"also good\"}\n");
  REQUIRE(read);
  REQUIRE(read->warnings.size() == 1);
  CHECK(read->warnings.front().message.rfind("units.jsonl:3: " + reason, 0) == 0);
  REQUIRE(read->posts.size() == 1);
  CHECK(texts(read->posts.front()) == std::vector<std::string>{"good", "also good"});
}

TEST_CASE("a file with no good line is refused", "[indexer][jsonl]") {
  SECTION("every line bad") {
    auto read = read_jsonl_text("nope\n{\"post\": \"p\"}\n");
    REQUIRE_FALSE(read);
    CHECK(read.error().code == ErrorCode::InvalidInput);
    CHECK(read.error().message.rfind(
              "units.jsonl: none of its 2 lines could be read; first: units.jsonl:1: not JSON: ",
              0) == 0);
  }
  SECTION("only blank lines") {
    auto read = read_jsonl_text("\n  \n\n");
    REQUIRE_FALSE(read);
    CHECK(read.error().message == "units.jsonl: no JSON lines");
  }
}

TEST_CASE("CRLF line ends, a BOM and a bad date do not lose lines", "[indexer][jsonl]") {
  auto read = read_jsonl_text(
      "\xEF\xBB\xBF{\"post\": \"p\", \"text\": \"one\", \"date\": \"someday\"}\r\n"
      "{\"post\": \"p\", \"text\": \"two\"}\r\n");
  REQUIRE(read);
  CHECK(texts(read->posts.front()) == std::vector<std::string>{"one", "two"});
  CHECK(read->posts.front().post.date.empty());
  CHECK(messages(read->warnings) ==
        std::vector<std::string>{"units.jsonl:1: date \"someday\" is not a date"});
}
