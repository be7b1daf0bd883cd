// `civicsearch units`: the JSON lines other tools read (an external scorer reads "text",
// "speaker" and "org"), run as the real binary on the JSONL fixture with roles. Each unit carries
// its role and mentions, and its post's date, author and event.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support.h"

namespace {

using json = nlohmann::json;

std::vector<json> json_lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

json or_null(const json& line, const char* key) {
  return line.contains(key) ? line[key] : json(nullptr);
}

}  // namespace

TEST_CASE("civicsearch units prints each unit's role, mentions and its post's author and event",
          "[indexer][units][cli]") {
  const auto fixture =
      civic::testing::source_dir() / "tests" / "fixtures" / "roles" / "rural-summit.jsonl";
  const auto data = civic::testing::source_dir() / "data";
  const auto result = civic::testing::run_command(
      std::string(CIVIC_BINARY) + " units --gazetteer '" + (data / "gazetteer.yaml").string() +
      "' --themes '" + (data / "themes.yaml").string() + "' '" + fixture.string() + "'");
  REQUIRE(result.exit_code == 0);
  const auto written = json_lines(civic::testing::slurp(fixture));
  const auto printed = json_lines(result.out);
  REQUIRE(printed.size() >= written.size());

  std::map<std::string, json> by_text;
  for (const json& unit : printed) {
    // The fields other tools read keep their names and types.
    REQUIRE(unit["text"].is_string());
    CHECK((unit["speaker"].is_string() || unit["speaker"].is_null()));
    CHECK((unit["org"].is_string() || unit["org"].is_null()));
    CHECK((unit["role"].is_string() || unit["role"].is_null()));
    CHECK(unit["kind"].is_string());
    CHECK(unit["mentions"].is_array());
    CHECK(unit["post"].contains("author"));
    by_text[unit["text"].get<std::string>()] = unit;
  }
  std::size_t with_role = 0;
  for (const json& line : written) {
    const std::string text = line["text"].get<std::string>();
    CAPTURE(text);
    REQUIRE(by_text.count(text));
    const json& unit = by_text[text];
    CHECK(unit["speaker"] == or_null(line, "speaker"));
    CHECK(unit["role"] == or_null(line, "role"));
    CHECK(unit["kind"] == line["kind"]);
    CHECK(unit["event"] == line["event"]);
    CHECK(unit["post"]["date"] == written.front()["date"]);
    // A comment line's author is the commenter's; the post's author is the blogger.
    CHECK(unit["post"]["author"] == written.front()["author"]);
    if (line["kind"] == "comment") CHECK(unit["comment"]["author"] == line["author"]);
    if (!unit["role"].is_null()) ++with_role;
  }
  CHECK(with_role >= 3);
}
