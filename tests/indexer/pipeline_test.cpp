// run_index (indexer/pipeline.h), the whole of `civicsearch index` in process: the index it
// builds carries attribution (speakers, organisations, themes); a refused file is named with its
// reason while the rest is indexed; a run that fails changes nothing; read_units() attributes
// exactly as the index run does.
#include <catch2/catch.hpp>

#include <set>

#include "tests/cli_search.h"
#include "tests/index_fixture.h"

using namespace civic;
using civic::testing::TempDir;
namespace fs = std::filesystem;

namespace {

// Everything a run reports, for assertions.
class RecordingReport : public indexer::RunReport {
 public:
  std::vector<std::string> problems;
  std::size_t total_files = 0, progress_calls = 0;
  bool read_everything = false;

  void problem(const Error& error) override { problems.push_back(error.message); }
  void started(std::size_t total) override { total_files = total; }
  void progress(std::size_t, std::size_t, std::uintmax_t) override { ++progress_calls; }
  void read_all() override { read_everything = true; }
};

indexer::IndexRun seed_run(const fs::path& db) {
  indexer::IndexRun run;
  run.db = db;
  run.inputs = {testing::seed_path().string()};
  run.attribution = testing::repo_attribution();
  return run;
}

// What the index answers, through `civicsearch search` (tests/cli_search.h): this executable does
// not link the query library.
std::set<std::string> facet_values(const fs::path& db, const std::string& facet) {
  const auto answer = testing::cli_search(db, "", "--facet-limit 1000");
  std::set<std::string> values;
  for (const auto& count : answer.at("facets").at(facet)) {
    values.insert(count.at("value").get<std::string>());
  }
  return values;
}

std::size_t unit_count(const fs::path& db) { return testing::cli_total(db, ""); }

}  // namespace

TEST_CASE("run_index indexes the seed post with its speakers, and reports as it goes",
          "[indexer][pipeline]") {
  TempDir dir;
  RecordingReport report;
  auto summary = indexer::run_index(seed_run(dir / "index"), &report);
  REQUIRE(summary);
  CHECK(summary->refused.empty());
  CHECK(summary->files == 1);
  CHECK(summary->files_indexed() == 1);
  CHECK(summary->posts == 1);
  CHECK(summary->units == 100);
  CHECK(summary->build.added == 1);
  CHECK(summary->build.units == 100);
  CHECK(summary->build.is_new);
  CHECK(report.total_files == 1);
  CHECK(report.progress_calls == 1);
  CHECK(report.read_everything);

  const auto speakers = facet_values(dir / "index", "speaker");
  for (const char* speaker : {"Kevin Douglas", "Sarah Longlands", "Jessica Crowe"}) {
    CAPTURE(speaker);
    CHECK(speakers.count(speaker) == 1);
  }
  CHECK_FALSE(facet_values(dir / "index", "theme").empty());
}

TEST_CASE("read_units attributes the units exactly as run_index indexes them",
          "[indexer][pipeline][units]") {
  TempDir dir;
  REQUIRE(indexer::run_index(seed_run(dir / "index"), nullptr));
  std::set<std::string> speakers;
  std::size_t units = 0;
  auto read = indexer::read_units({testing::seed_path().string()}, testing::repo_attribution(),
                                  nullptr, [&](const PostDoc& doc) {
                                    for (const auto& unit : doc.units) {
                                      ++units;
                                      if (!unit.speaker.empty()) speakers.insert(unit.speaker);
                                    }
                                  });
  REQUIRE(read);
  CHECK(read->files == 1);
  CHECK(read->refused == 0);
  CHECK(units == 100);
  CHECK(speakers == facet_values(dir / "index", "speaker"));
}

TEST_CASE("run_index refuses a malformed file with its path and reason and indexes the rest",
          "[indexer][pipeline]") {
  TempDir dir;
  const fs::path inputs = dir / "inputs";
  dir.write("inputs/a-good.txt", "Good Notes\n\nThe volunteers met on Tuesday in Zyxford.\n");
  const fs::path bad =
      dir.write("inputs/b-bad.txt", std::string("Bad Notes\n\nbinary\0here\n", 22));
  indexer::IndexRun run = seed_run(dir / "index");
  run.inputs = {inputs.string(), (dir / "missing").string()};
  auto summary = indexer::run_index(run, nullptr);
  REQUIRE(summary);
  REQUIRE(summary->refused.size() == 2);
  CHECK(summary->refused[0].message == (dir / "missing").string() + ": no such file or directory");
  CHECK(summary->refused[1].message ==
        bad.string() + ":3: NUL byte at offset 17: binary or corrupt, not a text file");
  CHECK(summary->files == 2);
  CHECK(summary->posts == 1);
  CHECK(summary->build.added == 1);

  CHECK(testing::cli_total(dir / "index", "Zyxford") == 1);
}

TEST_CASE("a run_index that fails leaves the previous index unchanged", "[indexer][pipeline]") {
  TempDir dir;
  const fs::path db = dir / "index";
  REQUIRE(indexer::run_index(seed_run(db), nullptr));
  const auto before = unit_count(db);
  const fs::path more = dir.write("more/extra.txt", "Extra Notes\n\nA paragraph about Qwembly.\n");

  SECTION("a named gazetteer that does not load") {
    indexer::IndexRun run = seed_run(db);
    run.inputs.push_back(more.string());
    run.attribution.gazetteer = (dir / "no-such-gazetteer.yaml").string();
    auto failed = indexer::run_index(run, nullptr);
    REQUIRE_FALSE(failed);
    CHECK_THAT(failed.error().message, Catch::Contains("no-such-gazetteer.yaml"));
  }
  SECTION("a layout that does not match the index") {
    indexer::IndexRun run = seed_run(db);
    run.inputs.push_back(more.string());
    run.build.shards = 2;
    auto failed = indexer::run_index(run, nullptr);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == ErrorCode::InvalidInput);
    CHECK_THAT(failed.error().message, Catch::Contains("is a single database"));
  }
  CHECK(unit_count(db) == before);
  CHECK(testing::cli_total(db, "Qwembly") == 0);
}
