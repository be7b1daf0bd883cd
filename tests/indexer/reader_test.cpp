// Bad input never crashes and never stops the rest: each problem is one "path[:line]: reason".
#include <catch2/catch.hpp>

#include "indexer/collect.h"
#include "indexer/reader.h"
#include "tests/support.h"

using namespace civic;
using namespace civic::indexer;
using civic::testing::TempDir;

namespace {

Result<ReadOutput> read_path(const std::filesystem::path& path) {
  return read_file(path, Source{path.string(), path.string()});
}

}  // namespace

TEST_CASE("formats are chosen by extension and content", "[indexer][reader]") {
  CHECK(detect_format("a/post.txt", "Title\n") == Format::PlainText);
  CHECK(detect_format("a/post.md", "---\ntitle: x\n---\n") == Format::Markdown);
  CHECK(detect_format("a/page.HTM", "<html>") == Format::Html);
  CHECK(detect_format("a/units.jsonl", "{}") == Format::Jsonl);
  CHECK(detect_format("a/export.xml", "<?xml version=\"1.0\"?><rss xmlns:wp=\"http://wordpress.org/export/1.2/\">") == Format::Wxr);
  CHECK(detect_format("a/debates.xml", "<?xml version=\"1.0\"?><publicwhip>") == Format::Hansard);
  CHECK(detect_format("a/mods.xml", "<?xml version=\"1.0\"?><mods>") == Format::Unknown);
  CHECK(detect_format("a/data.tsv", "a\tb") == Format::Unknown);
  CHECK(detect_format("a/photo.png", "\x89PNG") == Format::Unknown);
  CHECK(detect_format("a/item.json", "{\"base_path\": \"/x\", \"document_type\": \"speech\"}") == Format::GovukJson);
  CHECK(detect_format("a/other.json", "{\"a\": 1}") == Format::Unknown);
}

TEST_CASE("bad files are refused with the path and the reason", "[indexer][reader][bad-input]") {
  TempDir dir;
  SECTION("an empty file") {
    auto path = dir.write("empty.txt", "");
    auto read = read_path(path);
    REQUIRE_FALSE(read);
    CHECK(read.error().code == ErrorCode::InvalidInput);
    CHECK(read.error().message == path.string() + ": empty file");
  }
  SECTION("NUL bytes mean a binary or corrupt file; the line is named") {
    auto path = dir.write("nul.txt", std::string("Title\n\nline two\0oops\n", 21));
    auto read = read_path(path);
    REQUIRE_FALSE(read);
    CHECK(read.error().message == path.string() + ":3: NUL byte at offset 15: binary or corrupt, not a text file");
  }
  SECTION("a binary file with a text extension") {
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    auto path = dir.write("photo.txt", png);
    auto read = read_path(path);
    REQUIRE_FALSE(read);
    CHECK(read.error().message.find("NUL byte") != std::string::npos);
  }
  SECTION("a one-line 50 MB file is over the unit limit") {
    auto path = dir.write("huge.txt", "Title\n" + std::string(50u << 20, 'a') + "\n");
    auto read = read_path(path);
    REQUIRE_FALSE(read);
    CHECK(read.error().message == path.string() + ": a paragraph of 50.0 MB is over the 1.0 MB limit for one unit");
  }
  SECTION("a file over the size limit is refused before it is read") {
    auto path = dir.write("big.txt", std::string(2048, 'x'));
    ReadLimits limits;
    limits.max_file_bytes = 1024;
    auto read = read_file(path, Source{path.string(), path.string()}, limits);
    REQUIRE_FALSE(read);
    CHECK(read.error().message == path.string() + ": file is 0.0 MB, over the 0.0 MB limit");
  }
  SECTION("a file that disappears before it is read") {
    auto path = dir / "gone.txt";
    auto read = read_path(path);
    REQUIRE_FALSE(read);
    CHECK(read.error().message.rfind(path.string() + ": cannot read:", 0) == 0);
  }
}

TEST_CASE("invalid UTF-8 is repaired with a warning and the post is kept", "[indexer][reader][bad-input]") {
  TempDir dir;
  auto path = dir.write("latin1.txt", "Title\n\nCaf\xE9 society met on Tuesday.\n");
  auto read = read_path(path);
  REQUIRE(read);
  REQUIRE(read->warnings.size() == 1);
  CHECK(read->warnings[0].message == path.string() + ":3: invalid UTF-8 replaced with U+FFFD");
  REQUIRE(read->posts.size() == 1);
  CHECK(read->posts[0].units.at(1).text == "Caf\xEF\xBF\xBD society met on Tuesday.");
}

TEST_CASE("files we do not read are skipped, not refused", "[indexer][reader]") {
  TempDir dir;
  auto path = dir.write("table.tsv", "a\tb\n1\t2\n");
  auto read = read_path(path);
  REQUIRE(read);
  CHECK(read->format == Format::Unknown);
  CHECK(read->posts.empty());
}

TEST_CASE("collect_inputs walks folders in order, skips hidden entries and survives link loops",
          "[indexer][reader]") {
  TempDir dir;
  dir.write("b/two.txt", "Two\n");
  dir.write("a/one.txt", "One\n");
  dir.write(".git/config", "x\n");
  std::filesystem::create_directory_symlink(dir.path(), dir.path() / "a" / "loop");
  std::vector<Error> problems;
  auto files = collect_inputs({dir.path().string(), (dir / "missing").string()}, problems);
  REQUIRE(files.size() == 2);
  CHECK(files[0].path.filename() == "one.txt");
  CHECK(files[1].path.filename() == "two.txt");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message == (dir / "missing").string() + ": no such file or directory");
}
