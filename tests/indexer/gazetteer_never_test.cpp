// The gazetteer's `never:` list: phrases that are never a person or an organisation, matched by
// text::name_key() (case, punctuation, spacing, accents and "&" ignored), and refused with the
// file's path and line when the list is malformed.
#include <catch2/catch.hpp>
#include <string>

#include "indexer/gazetteer.h"
#include "query/core/text.h"
#include "tests/support.h"

namespace {

using civic::ErrorCode;
using civic::indexer::Gazetteer;

Gazetteer load(const std::string& yaml) {
  civic::testing::TempDir dir;
  auto loaded = Gazetteer::load(dir.write("gazetteer.yaml", yaml));
  REQUIRE(loaded);
  return std::move(*loaded);
}

}  // namespace

TEST_CASE("never: entries match whatever their case, punctuation and spacing",
          "[indexer][gazetteer][never]") {
  const Gazetteer g = load(
      "organisations:\n  - name: Kirkhope Borough Council\n"
      "never:\n  - Coffee Break\n  - \"Q & A\"\n  - Café Society\n");
  auto [name, expected] = GENERATE(table<const char*, bool>({
      {"Coffee Break", true},
      {"coffee break", true},
      {"COFFEE  BREAK.", true},
      {" Coffee-Break ", true},
      {"Q and A", true},
      {"q&a", true},
      {"Q and B", false},
      {"Cafe Society", true},
      {"Coffee", false},
      {"Coffee Break Room", false},
      {"Kirkhope Borough Council", false},
      {"", false},
  }));
  CAPTURE(name);
  CHECK(g.is_never(name) == expected);
}

TEST_CASE("a gazetteer without never: has no such names", "[indexer][gazetteer][never]") {
  const Gazetteer g = load("people:\n  - name: Ann Lee\n");
  CHECK_FALSE(g.is_never("Ann Lee"));
  CHECK_FALSE(g.is_never(""));
  CHECK_FALSE(load("never:\n").is_never("never"));
}

TEST_CASE("the bundled gazetteer's never: examples are loaded", "[indexer][gazetteer][never]") {
  // Every entry of data/gazetteer.yaml's list, read back as written (not from this test).
  const auto path = civic::testing::source_dir() / "data" / "gazetteer.yaml";
  auto loaded = Gazetteer::load(path);
  REQUIRE(loaded);
  const std::string yaml = civic::testing::slurp(path);
  const auto at = yaml.find("\nnever:\n");
  REQUIRE(at != std::string::npos);
  std::size_t entries = 0;
  std::size_t line = yaml.find('\n', at + 1) + 1;
  while (line < yaml.size() && yaml.compare(line, 4, "  - ") == 0) {
    const std::size_t end = std::min(yaml.find('\n', line), yaml.size());
    const std::string entry = yaml.substr(line + 4, end - line - 4);
    CAPTURE(entry);
    CHECK(loaded->is_never(entry));
    CHECK(loaded->is_never(civic::text::name_key(entry)));
    ++entries;
    line = end + 1;
  }
  CHECK(entries >= 2);
  CHECK_FALSE(loaded->is_never("Kevin Douglas"));
}

TEST_CASE("a malformed never: is refused with the file's path and line",
          "[indexer][gazetteer][never]") {
  auto [yaml, line, why] = GENERATE(table<std::string, int, std::string>({
      {"people: []\nnever: Coffee Break\n", 2, "never: must be a list of names"},
      {"never:\n  name: Coffee Break\n", 2, "never: must be a list of names"},
      {"never:\n  - Coffee Break\n  - [a, b]\n", 3,
       "never: entries must be names (text with a letter or digit)"},
      {"never:\n  - Coffee Break\n  - \"\"\n  - Lunch\n", 3,
       "never: entries must be names (text with a letter or digit)"},
      {"never:\n  - ~\n", 2, "never: entries must be names (text with a letter or digit)"},
      {"never:\n  - \"...\"\n", 2, "never: entries must be names (text with a letter or digit)"},
      {"never:\n  - {name: Lunch}\n", 2,
       "never: entries must be names (text with a letter or digit)"},
  }));
  CAPTURE(yaml);
  civic::testing::TempDir dir;
  const auto path = dir.write("gazetteer.yaml", yaml);
  auto loaded = Gazetteer::load(path);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().code == ErrorCode::InvalidInput);
  CHECK(loaded.error().message == path.string() + ":" + std::to_string(line) + ": " + why);
}
