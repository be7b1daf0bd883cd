// IndexBuild (`civicsearch index` on writer threads): a new index built from parts and merged is
// the same index a single writer makes; --shards routes every post to one shard, re-runs are
// idempotent and a changed post is replaced in its shard only; layout mismatches are refused; a
// new build that dies leaves no index. Documents are compared term by term through Xapian.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "indexer/collect.h"
#include "indexer/index_build.h"
#include "indexer/index_writer.h"
#include "indexer/reader.h"
#include "query/core/schema.h"
#include "tests/support.h"

using namespace civic;
using namespace civic::indexer;
using civic::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::vector<std::pair<std::string, std::string>> kSynonyms = {
    {"CLES", "Centre for Local Economic Strategies"}, {"LGA", "Local Government Association"}};

std::vector<std::string> archive_inputs() {
  return {civic::testing::seed_path().string(), (civic::testing::source_dir() / "data" / "archive").string(),
          (civic::testing::corpus_dir() / "conference-notes").string()};
}

std::vector<PostDoc> read_posts(const std::vector<std::string>& inputs) {
  std::vector<Error> problems;
  std::vector<PostDoc> posts;
  for (const auto& file : collect_inputs(inputs, problems)) {
    auto read = read_file(file.path, file.source);
    if (!read) continue;  // not a format we read (a README): the same for every path
    for (auto& doc : read->posts) posts.push_back(std::move(doc));
  }
  return posts;
}

std::size_t distinct_posts(const std::vector<PostDoc>& posts) {
  std::set<std::string> ids;
  for (const auto& doc : posts) ids.insert(doc.post.id);
  return ids.size();
}

BuildSummary build(const fs::path& db, const std::vector<PostDoc>& posts, BuildOptions options = {},
                   bool prune = false) {
  auto run = IndexBuild::open(db, options);
  REQUIRE(run);
  for (const auto& doc : posts) REQUIRE(run->put(doc));
  auto summary = run->finish(prune, kSynonyms);
  REQUIRE(summary);
  return *summary;
}

// Everything a document holds, keyed by its unit id, docids left out (the merge renumbers them).
struct DocDump {
  std::map<std::string, std::pair<Xapian::termcount, std::vector<Xapian::termpos>>> terms;
  std::map<Xapian::valueno, std::string> values;
  std::string data;
  bool operator==(const DocDump&) const = default;
};

std::map<std::string, DocDump> dump_documents(const Xapian::Database& db) {
  std::map<std::string, DocDump> docs;
  for (auto id = db.allterms_begin("Q"); id != db.allterms_end("Q"); ++id) {
    auto posting = db.postlist_begin(*id);
    REQUIRE(posting != db.postlist_end(*id));
    const Xapian::Document doc = db.get_document(*posting);
    DocDump dump;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      std::vector<Xapian::termpos> positions(db.positionlist_begin(*posting, *t), db.positionlist_end(*posting, *t));
      dump.terms[*t] = {t.get_wdf(), positions};
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) dump.values[v.get_valueno()] = *v;
    dump.data = doc.get_data();
    CHECK(docs.emplace(*id, std::move(dump)).second);  // unit ids are unique
  }
  return docs;
}

std::map<std::string, Xapian::doccount> spellings(const Xapian::Database& db) {
  std::map<std::string, Xapian::doccount> words;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) words[*it] = it.get_termfreq();
  return words;
}

std::map<std::string, std::set<std::string>> synonyms(const Xapian::Database& db) {
  std::map<std::string, std::set<std::string>> all;
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) {
    all[*key] = std::set<std::string>(db.synonyms_begin(*key), db.synonyms_end(*key));
  }
  return all;
}

std::map<std::string, std::string> metadata(const Xapian::Database& db) {
  std::map<std::string, std::string> all;
  for (auto key = db.metadata_keys_begin(); key != db.metadata_keys_end(); ++key) all[*key] = db.get_metadata(*key);
  return all;
}

// Post ids of a database, from its XPOST: terms.
std::set<std::string> post_ids(const Xapian::Database& db) {
  const std::string prefix(schema::kPostPrefix);
  std::set<std::string> ids;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) ids.insert((*it).substr(prefix.size()));
  return ids;
}

bool has_building_dirs(const fs::path& db) {
  for (const auto& entry : fs::directory_iterator(db.parent_path())) {
    if (entry.path().filename().string().rfind(db.filename().string() + ".building-", 0) == 0) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("shard_of is FNV-1a 64 of the post id", "[indexer][build]") {
  // Reference values of FNV-1a 64: "" → cbf29ce484222325, "a" → af63dc4c8601ec8c.
  CHECK(shard_of("", 1000) == 0xcbf29ce484222325ull % 1000);
  CHECK(shard_of("a", 1000) == 0xaf63dc4c8601ec8cull % 1000);
  CHECK(shard_of("a", 7) == 0xaf63dc4c8601ec8cull % 7);
}

TEST_CASE("a new index built on parallel writers equals one written by a single writer", "[indexer][build]") {
  TempDir dir;
  const auto posts = read_posts(archive_inputs());
  REQUIRE(posts.size() > 20);

  // The incremental path: one writer, one transaction.
  const auto single = dir / "single";
  {
    auto writer = IndexWriter::open(single);
    REQUIRE(writer);
    for (const auto& doc : posts) REQUIRE(writer->put(doc));
    REQUIRE(writer->add_synonyms(kSynonyms));
    REQUIRE(writer->commit());
  }
  // The new-index path: parts on 2 (and 3) writer threads, merged and compacted.
  const std::size_t threads = GENERATE(2, 3);
  CAPTURE(threads);
  const auto parallel = dir / ("parallel-" + std::to_string(threads));
  BuildOptions options;
  options.threads = threads;
  const auto summary = build(parallel, posts, options);
  CHECK(summary.is_new);
  CHECK(summary.shards == 0);
  CHECK(summary.added + summary.replaced + summary.unchanged == posts.size());
  CHECK(fs::exists(parallel / "iamglass"));
  CHECK_FALSE(fs::exists(parallel / schema::kStubFile));
  CHECK_FALSE(has_building_dirs(parallel));

  Xapian::Database a(single.string()), b(parallel.string());
  REQUIRE(a.get_doccount() > 300);
  CHECK(b.get_doccount() == a.get_doccount());
  CHECK(summary.units == a.get_doccount());
  // Every part got posts, or this test would not exercise the merge.
  CHECK(post_ids(b).size() == post_ids(a).size());
  const auto docs_a = dump_documents(a);
  const auto docs_b = dump_documents(b);
  REQUIRE(docs_a.size() == a.get_doccount());
  CHECK(docs_a == docs_b);
  CHECK(spellings(a) == spellings(b));
  CHECK(spellings(b).size() > 1000);
  CHECK(synonyms(a) == synonyms(b));
  CHECK(synonyms(b).count("cles") == 1);
  CHECK(metadata(a) == metadata(b));
  CHECK(b.get_metadata(std::string(schema::kSchemaVersionKey)) == schema::kSchemaVersion);
}

TEST_CASE("parts of a parallel build each get posts", "[indexer][build]") {
  const auto posts = read_posts(archive_inputs());
  std::vector<std::size_t> per_part(2);
  for (const auto& doc : posts) ++per_part[shard_of(doc.post.id, 2)];
  CHECK(per_part[0] > posts.size() / 5);
  CHECK(per_part[1] > posts.size() / 5);
}

TEST_CASE("index --shards routes each post to one shard and re-runs are idempotent", "[indexer][build][shards]") {
  TempDir dir;
  const auto db = dir / "index";
  auto posts = read_posts(archive_inputs());
  BuildOptions options;
  options.shards = 3;
  const auto first = build(db, posts, options);
  CHECK(first.shards == 3);
  CHECK(first.added == distinct_posts(posts));
  CHECK(civic::testing::slurp(db / "XAPIANDB") == "glass shard-00\nglass shard-01\nglass shard-02\n");
  CHECK_FALSE(has_building_dirs(db));

  std::size_t sum = 0;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    Xapian::Database shard((db / ("shard-0" + std::to_string(i))).string());
    CHECK(shard.get_doccount() > 0);
    sum += shard.get_doccount();
    for (const auto& id : post_ids(shard)) {
      CHECK(shard_of(id, 3) == i);
      CHECK(seen.insert(id).second);  // in no other shard
      CHECK(!shard.get_metadata(std::string(schema::kPostFingerprintKey) + id).empty());
    }
    CHECK(shard.get_metadata(std::string(schema::kSchemaVersionKey)) == schema::kSchemaVersion);
    CHECK(synonyms(shard).count("cles") == 1);
    CHECK(!spellings(shard).empty());
  }
  // Xapian opens the directory through its stub: all shards as one database.
  Xapian::Database all(db.string());
  CHECK(all.get_doccount() == sum);
  CHECK(first.units == sum);
  CHECK(seen.size() == post_ids(all).size());

  SECTION("the same inputs again change nothing") {
    const auto again = build(db, posts, options);
    CHECK(again.added == 0);
    CHECK(again.replaced == 0);
    CHECK(again.unchanged == first.added);
    CHECK(Xapian::Database(db.string()).get_doccount() == sum);
  }
  SECTION("without --shards the stub's count is used") {
    const auto again = build(db, posts);
    CHECK(again.shards == 3);
    CHECK(again.unchanged == first.added);
  }
  SECTION("a changed post is replaced in its shard only") {
    PostDoc changed = posts.front();
    const std::size_t home = shard_of(changed.post.id, 3);
    const std::size_t old_units = changed.units.size();
    REQUIRE(old_units > 1);
    changed.units.resize(1);
    changed.units[0].text = "A zanzibarian quokka paragraph replaces the post";
    changed.post.fingerprint += "-changed";
    std::vector<std::size_t> before(3);
    for (std::size_t i = 0; i < 3; ++i)
      before[i] = Xapian::Database((db / ("shard-0" + std::to_string(i))).string()).get_doccount();
    auto run = IndexBuild::open(db, {});
    REQUIRE(run);
    REQUIRE(run->put(changed));
    auto summary = run->finish(false, kSynonyms);
    REQUIRE(summary);
    CHECK(summary->replaced == 1);
    for (std::size_t i = 0; i < 3; ++i) {
      CAPTURE(i);
      Xapian::Database shard((db / ("shard-0" + std::to_string(i))).string());
      const std::size_t expected = i == home ? before[i] - old_units + 1 : before[i];
      CHECK(shard.get_doccount() == expected);
      CHECK(shard.get_termfreq("quokka") == (i == home ? 1u : 0u));
    }
    CHECK(Xapian::Database(db.string()).get_termfreq("zanzibarian") == 1);
  }
  SECTION("--prune works per shard") {
    std::vector<PostDoc> fewer(posts.begin() + 3, posts.end());
    std::set<std::string> gone;
    for (std::size_t i = 0; i < 3; ++i) gone.insert(posts[i].post.id);
    for (const auto& doc : fewer) gone.erase(doc.post.id);
    REQUIRE(!gone.empty());
    const auto pruned = build(db, fewer, options, /*prune=*/true);
    CHECK(pruned.pruned == gone.size());
    Xapian::Database after(db.string());
    for (const auto& id : gone) CHECK(after.get_termfreq(schema::boolean_term(schema::kPostPrefix, id)) == 0);
    CHECK(post_ids(after).size() == seen.size() - gone.size());
  }
  SECTION("a different number of shards is refused") {
    options.shards = 4;
    auto run = IndexBuild::open(db, options);
    REQUIRE_FALSE(run);
    CHECK(run.error().code == ErrorCode::InvalidInput);
    CHECK(run.error().message == db.string() +
                                     ": index has 3 shards, not 4; changing the number would move posts "
                                     "between shards: delete it and index again, or omit --shards");
  }
  SECTION("a second run is told who holds the lock") {
    auto holder = IndexBuild::open(db, options);
    REQUIRE(holder);
    auto second = IndexBuild::open(db, options);
    REQUIRE_FALSE(second);
    CHECK(second.error().code == ErrorCode::Unavailable);
    CHECK_THAT(second.error().message,
               Catch::StartsWith((db / "shard-00").string() + ": index is locked by civicsearch index (pid " +
                                 std::to_string(getpid())));
  }
}

TEST_CASE("index --shards on a single-database index is refused", "[indexer][build][shards]") {
  TempDir dir;
  const auto db = dir / "index";
  build(db, read_posts({civic::testing::seed_path().string()}));
  BuildOptions options;
  options.shards = 2;
  auto run = IndexBuild::open(db, options);
  REQUIRE_FALSE(run);
  CHECK(run.error().code == ErrorCode::InvalidInput);
  CHECK(run.error().message == db.string() +
                                   ": index is a single database; --shards 2 needs a new index: delete it "
                                   "and index again, or omit --shards");
  options.shards = 1;
  CHECK_FALSE(IndexBuild::open(dir / "other", options));
}

TEST_CASE("a second new build of the same directory is told who holds the lock", "[indexer][build]") {
  TempDir dir;
  const auto db = dir / "index";
  auto first = IndexBuild::open(db, {});
  REQUIRE(first);
  auto second = IndexBuild::open(db, {});
  REQUIRE_FALSE(second);
  CHECK(second.error().code == ErrorCode::Unavailable);
  CHECK_THAT(second.error().message,
             Catch::StartsWith(db.string() + ": index is locked by civicsearch index (pid " +
                               std::to_string(getpid())));
}

TEST_CASE("a new build abandoned without finish leaves nothing behind", "[indexer][build]") {
  TempDir dir;
  const auto db = dir / "index";
  {
    auto run = IndexBuild::open(db, {});
    REQUIRE(run);
    for (const auto& doc : read_posts({civic::testing::seed_path().string()})) REQUIRE(run->put(doc));
  }
  CHECK_FALSE(fs::exists(db));
  CHECK_FALSE(has_building_dirs(db));
}

TEST_CASE("a new build killed mid-run leaves no index, and the next run cleans up", "[indexer][build][crash]") {
  TempDir dir;
  for (int i = 0; i < 1500; ++i) {
    std::string body = "Ward forum " + std::to_string(i) + " \xE2\x80\x93 3rd March 2015\n\n";
    for (int p = 0; p < 20; ++p) {
      body += "Residents of ward " + std::to_string(i) + " raised point " + std::to_string(p) +
              " about potholes, parking and the youth club.\n\n";
    }
    dir.write("archive/forum-" + std::to_string(i) + ".txt", body);
  }
  const bool is_sharded = GENERATE(false, true);
  CAPTURE(is_sharded);
  const auto db = dir / (is_sharded ? "sharded" : "single");
  std::vector<std::string> args = {CIVIC_BINARY, "index", "--db", db.string()};
  if (is_sharded) args.insert(args.end(), {"--shards", "3"});
  args.push_back((dir / "archive").string());
  int interrupted = 0;  // kills that caught the build under way (its parts on disk)
  for (int delay_ms : {50, 200, 500, 1000}) {
    CAPTURE(delay_ms);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      int null_fd = ::open("/dev/null", O_WRONLY);
      dup2(null_fd, 2);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(CIVIC_BINARY, argv.data());
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    if (has_building_dirs(db)) ++interrupted;
    // No index, not even part of one: at most the empty directory that held the lock.
    CHECK((!fs::exists(db) || fs::is_empty(db)));
    CHECK_THROWS_AS(Xapian::Database(db.string()), Xapian::Error);
  }
  CHECK(interrupted >= 2);
  std::string command;
  for (const auto& a : args) command += "'" + a + "' ";
  REQUIRE(std::system((command + "2>/dev/null").c_str()) == 0);
  CHECK_FALSE(has_building_dirs(db));  // the killed runs' parts are gone
  Xapian::Database index(db.string());
  CHECK(index.get_doccount() == 1500 * 21);  // a title unit and 20 paragraphs per post
  CHECK(index.get_termfreq("potholes") == 1500 * 20);
}
