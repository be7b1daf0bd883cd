// The IndexWriter and `civicsearch index` as a whole: idempotent runs, replace-on-change,
// prune, the writer lock, and a run that dies (abandoned or SIGKILLed) leaving the previous
// index searchable. What an index answers is checked through `civicsearch search` (tests/cli_search.h),
// so that these tests do not link the query library.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xapian.h>

#include <chrono>
#include <thread>

#include "indexer/collect.h"
#include "indexer/index_writer.h"
#include "indexer/reader.h"
#include "query/core/schema.h"
#include "tests/cli_search.h"
#include "tests/support.h"

using namespace civic;
using namespace civic::indexer;
using civic::testing::TempDir;

namespace {

struct RunCounts {
  int added = 0, replaced = 0, unchanged = 0;
  std::size_t pruned = 0;
};

RunCounts index_paths(const std::filesystem::path& db, const std::vector<std::string>& inputs,
                      bool prune = false) {
  auto writer = IndexWriter::open(db);
  REQUIRE(writer);
  std::vector<Error> problems;
  RunCounts counts;
  for (const auto& file : collect_inputs(inputs, problems)) {
    auto read = read_file(file.path, file.source);
    REQUIRE(read);
    for (const auto& doc : read->posts) {
      auto change = writer->put(doc);
      REQUIRE(change);
      if (*change == PostChange::Added) ++counts.added;
      if (*change == PostChange::Replaced) ++counts.replaced;
      if (*change == PostChange::Unchanged) ++counts.unchanged;
    }
  }
  if (prune) counts.pruned = writer->prune_unseen().value();
  REQUIRE(writer->commit());
  return counts;
}

std::size_t total(const std::filesystem::path& db, const std::string& q) {
  return civic::testing::cli_total(db, q);
}

const std::string kPost =
    "Town hall open evening \xE2\x80\x93 4th May 2016\n\n"
    "The leader welcomed residents to the chamber.\n\n"
    "Questions covered the bus lane and the library opening hours.\n";

}  // namespace

TEST_CASE("re-indexing the same archive changes nothing", "[indexer][writer]") {
  TempDir dir;
  const auto db = dir / "index";
  const std::string archive = (civic::testing::source_dir() / "data" / "archive" / "text").string();
  auto first = index_paths(db, {civic::testing::seed_path().string(), archive});
  CHECK(first.added == 5);
  const std::size_t units = total(db, "");
  CHECK(units > 200);
  auto second = index_paths(db, {civic::testing::seed_path().string(), archive});
  CHECK(second.added == 0);
  CHECK(second.replaced == 0);
  CHECK(second.unchanged == 5);
  CHECK(total(db, "") == units);
}

TEST_CASE("a changed post replaces all its units at once", "[indexer][writer]") {
  TempDir dir;
  const auto db = dir / "index";
  auto post = dir.write("archive/open-evening.txt", kPost);
  index_paths(db, {(dir / "archive").string()});
  CHECK(total(db, "") == 3);
  CHECK(total(db, "\"bus lane\"") == 1);

  dir.write("archive/open-evening.txt",
            "Town hall open evening \xE2\x80\x93 4th May 2016\n\nThe leader welcomed residents.\n");
  auto counts = index_paths(db, {(dir / "archive").string()});
  CHECK(counts.replaced == 1);
  CHECK(total(db, "") == 2);              // the removed paragraph left no stale unit
  CHECK(total(db, "\"bus lane\"") == 0);
  CHECK(total(db, "welcomed residents") == 1);
}

TEST_CASE("prune removes posts that are no longer in the inputs", "[indexer][writer]") {
  TempDir dir;
  const auto db = dir / "index";
  dir.write("archive/one.txt", kPost);
  auto two = dir.write("archive/two.txt", "Allotments forum \xE2\x80\x93 1st June 2016\n\nPlots and waiting lists.\n");
  index_paths(db, {(dir / "archive").string()});
  CHECK(total(db, "allotments") == 1);

  std::filesystem::remove(two);
  auto without_prune = index_paths(db, {(dir / "archive").string()});
  CHECK(without_prune.pruned == 0);
  CHECK(total(db, "allotments") == 1);  // kept unless asked

  auto with_prune = index_paths(db, {(dir / "archive").string()}, /*prune=*/true);
  CHECK(with_prune.pruned == 1);
  CHECK(total(db, "allotments") == 0);
  CHECK(total(db, "\"bus lane\"") == 1);
}

TEST_CASE("a second writer is told who holds the lock", "[indexer][writer]") {
  TempDir dir;
  const auto db = dir / "index";
  auto first = IndexWriter::open(db);
  REQUIRE(first);
  auto second = IndexWriter::open(db);
  REQUIRE_FALSE(second);
  CHECK(second.error().code == ErrorCode::Unavailable);
  CHECK_THAT(second.error().message,
             Catch::StartsWith(db.string() + ": index is locked by civicsearch index (pid " +
                               std::to_string(getpid())));
}

TEST_CASE("a writer refuses a folder that is not an index", "[indexer][writer]") {
  TempDir dir;
  dir.write("notes/readme.txt", "mine\n");
  auto writer = IndexWriter::open(dir / "notes");
  REQUIRE_FALSE(writer);
  CHECK(writer.error().message == (dir / "notes").string() +
                                      ": not an index (no iamglass file); refusing to write into it");
}

TEST_CASE("an index of an older schema is refused with what to do", "[indexer][writer][schema]") {
  TempDir dir;
  const auto db = dir / "index";
  const int older = std::stoi(std::string(schema::kSchemaVersion)) - 1;
  {
    Xapian::WritableDatabase old(db.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    old.set_metadata(std::string(schema::kSchemaVersionKey), std::to_string(older));
    old.commit();
  }
  auto writer = IndexWriter::open(db);
  REQUIRE_FALSE(writer);
  CHECK(writer.error().code == ErrorCode::InvalidInput);
  CHECK(writer.error().message == db.string() + ": index has schema version " +
                                      std::to_string(older) + ", this build writes " +
                                      std::string(schema::kSchemaVersion) +
                                      "; delete it and index again");
  // The current version opens.
  {
    Xapian::WritableDatabase current(db.string(), Xapian::DB_OPEN);
    current.set_metadata(std::string(schema::kSchemaVersionKey),
                         std::string(schema::kSchemaVersion));
    current.commit();
  }
  CHECK(IndexWriter::open(db));
}

TEST_CASE("a run that ends without commit leaves the previous index as it was", "[indexer][writer]") {
  TempDir dir;
  const auto db = dir / "index";
  dir.write("archive/one.txt", kPost);
  index_paths(db, {(dir / "archive").string()});
  {
    auto writer = IndexWriter::open(db);
    REQUIRE(writer);
    auto read = read_file(civic::testing::seed_path(), Source{"seed", "seed"});
    REQUIRE(read);
    REQUIRE(writer->put(read->posts[0]));
    REQUIRE(writer->prune_unseen());
    // Destroyed here without commit(): as if the process had stopped.
  }
  CHECK(total(db, "") == 3);
  CHECK(total(db, "\"bus lane\"") == 1);
  CHECK(total(db, "\"Big Society\"") == 0);
}

TEST_CASE("civicsearch index killed mid-run leaves the previous index searchable", "[indexer][writer][crash]") {
  TempDir dir;
  const auto db = dir / "index";
  dir.write("first/one.txt", kPost);
  REQUIRE(std::system((std::string(CIVIC_BINARY) + " index --db " + db.string() + " " +
                       (dir / "first").string() + " 2>/dev/null").c_str()) == 0);
  // A larger second archive, so the run is still going when it is killed.
  for (int i = 0; i < 1500; ++i) {
    std::string body = "Ward forum " + std::to_string(i) + " \xE2\x80\x93 3rd March 2015\n\n";
    for (int p = 0; p < 20; ++p) {
      body += "Residents of ward " + std::to_string(i) + " raised point " + std::to_string(p) +
              " about potholes, parking and the youth club.\n\n";
    }
    dir.write("second/forum-" + std::to_string(i) + ".txt", body);
  }
  for (int delay_ms : {50, 200, 500}) {
    CAPTURE(delay_ms);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      int null_fd = ::open("/dev/null", O_WRONLY);
      dup2(null_fd, 2);
      execl(CIVIC_BINARY, CIVIC_BINARY, "index", "--db", db.c_str(), (dir / "second").c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    CHECK(total(db, "") == 3);  // exactly the previous complete state
    CHECK(total(db, "potholes") == 0);
  }
  // The next run completes to the same state as a clean run.
  REQUIRE(std::system((std::string(CIVIC_BINARY) + " index --db " + db.string() + " " +
                       (dir / "second").string() + " 2>/dev/null").c_str()) == 0);
  TempDir clean;
  REQUIRE(std::system((std::string(CIVIC_BINARY) + " index --db " + (clean / "index").string() + " " +
                       (dir / "first").string() + " " + (dir / "second").string() + " 2>/dev/null").c_str()) == 0);
  CHECK(total(db, "") == total(clean / "index", ""));
  CHECK(total(db, "potholes") == total(clean / "index", "potholes"));
  CHECK(total(db, "potholes") == 1500 * 20);
}
