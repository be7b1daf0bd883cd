// Permalinks that outlive edits, end to end: posts of our own fiction (names from data/archive)
// indexed through run_index (readers, attribution, writer), edited (a paragraph inserted, one
// changed, one deleted, a repeated "Thank you." dropped) and indexed again, then deleted and
// pruned; Searcher::resolve() must lead every old id where it went. The same over one database,
// two local shards and the same two shards served by xapian-tcpsrv, with a post in each shard.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "indexer/collect.h"
#include "indexer/index_writer.h"
#include "indexer/reader.h"
#include "query/core/schema.h"
#include "query/core/stored_unit.h"
#include "query/searcher.h"
#include "tests/query/tcpsrv_support.h"

namespace civic::query {
namespace {

namespace fs = std::filesystem;
using civic::testing::TempDir;
using Kind = Resolution::Kind;

const std::string kTitle = "Moorside Library Consultation Evening \xE2\x80\x93 3rd March 2014";
const std::string kOpening =
    "Tonight Kirkhope Borough Council held a consultation evening on the future of Moorside "
    "library, in the hall of Brookfield Children's Centre.";
const std::string kThanks = "Thank you.";
const std::string kChair =
    "Councillor Dorothy Aske, the Mayor, opened the meeting and asked speakers to keep to three "
    "minutes each.";
const std::string kQuestion =
    "Derek Hollins of the Kirkhope Tenants' Federation asked why the branch could not stay open "
    "on Saturdays.";
const std::string kAnswer =
    "Susan Harrow, Director of Finance, said the budget left room for a community-run model from "
    "September.";
const std::string kVolunteers =
    "Several residents offered to volunteer at the desk if the council kept paying for the "
    "building.";
const std::string kClose = "The library campaign will meet again next month in the same hall.";

const std::vector<std::string> kVersion1 = {kOpening, kThanks, kChair,      kQuestion,
                                            kThanks,  kAnswer, kVolunteers, kClose};
const std::string kInserted =
    "Copies of the library survey were handed round at the door before the meeting began.";
const std::string kChanged =
    "Derek Hollins of the Kirkhope Tenants' Federation asked whether volunteers could open the "
    "branch on Saturdays.";
// Inserted after the opening, the first "Thank you." and the volunteers deleted, the question
// changed.
const std::vector<std::string> kVersion2 = {kOpening, kInserted, kChair, kChanged,
                                            kThanks,  kAnswer,   kClose};

std::string post_text(const std::vector<std::string>& paragraphs) {
  std::string out = kTitle + "\n\n";
  for (const auto& paragraph : paragraphs) out += paragraph + "\n\n";
  return out;
}

// The post id run_index will give `file`, as the reader gives it.
std::string post_id_of_file(const fs::path& file) {
  std::vector<Error> problems;
  const auto inputs = indexer::collect_inputs({file.string()}, problems);
  REQUIRE(inputs.size() == 1);
  auto read = indexer::read_file(inputs[0].path, inputs[0].source);
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  return read->posts[0].post.id;
}

// One post's units as indexed: ids by text (in post order), every id and every talk id.
struct PostIds {
  std::map<std::string, std::vector<std::string>> by_text;
  std::set<std::string> ids, talks;
  std::map<std::string, std::string> talk_of;  // unit id → talk id
  std::string post_id() const { return ids.begin()->substr(0, ids.begin()->find('.')); }
  const std::string& only(const std::string& text) const {
    REQUIRE(by_text.count(text));
    REQUIRE(by_text.at(text).size() == 1);
    return by_text.at(text).front();
  }
};

PostIds read_ids(const fs::path& db, const std::string& post_id) {
  std::map<int, Unit> units;
  Xapian::Database database(db.string());
  const std::string term = schema::boolean_term(schema::kPostPrefix, post_id);
  for (auto it = database.postlist_begin(term); it != database.postlist_end(term); ++it) {
    auto stored = decode_stored_unit(database.get_document(*it).get_data());
    REQUIRE(stored);
    units[stored->unit.position] = stored->unit;
  }
  PostIds out;
  for (const auto& [position, unit] : units) {
    out.by_text[unit.text].push_back(unit.id);
    out.ids.insert(unit.id);
    if (!unit.talk.empty()) out.talks.insert(unit.talk);
    out.talk_of[unit.id] = unit.talk;
  }
  return out;
}

// Posts in a temp directory, indexed with the pipeline into one database or two shards.
struct Archive {
  TempDir dir;
  indexer::BuildOptions build;
  std::vector<fs::path> files;
  std::vector<std::string> post_ids;

  // Two posts of the same text; with shards, named so that each shard holds one.
  explicit Archive(std::size_t shards) {
    build.shards = shards;
    std::set<std::size_t> shards_used;
    for (int n = 0; files.size() < 2 && n < 64; ++n) {
      const fs::path file =
          dir.write("posts/moorside-evening-" + std::to_string(n) + ".txt", post_text(kVersion1));
      const std::string id = post_id_of_file(file);
      if (shards > 0 && !shards_used.insert(indexer::shard_of(id, shards)).second) {
        fs::remove(file);
        continue;
      }
      files.push_back(file);
      post_ids.push_back(id);
    }
    REQUIRE(files.size() == 2);
  }
  fs::path db() const { return dir / "index"; }

  void write(const std::vector<std::string>& paragraphs) const {
    for (const auto& file : files)
      dir.write(fs::relative(file, dir.path()).string(), post_text(paragraphs));
  }
  void index(bool prune = false) const {
    indexer::IndexRun run;
    run.db = db();
    run.inputs = {(dir / "posts").string()};
    run.prune = prune;
    run.build = build;
    run.attribution = testing::repo_attribution();
    auto indexed = indexer::run_index(run, nullptr);
    REQUIRE(indexed);
    REQUIRE(indexed->refused.empty());
  }
};

Searcher open_searcher(const fs::path& path) {
  auto searcher = Searcher::open(path);
  REQUIRE(searcher);
  return std::move(*searcher);
}

void check_resolves(Searcher& searcher, const std::string& id, Kind kind, const std::string& to,
                    const std::string& reason = {}) {
  CAPTURE(id);
  auto resolved = searcher.resolve(id);
  INFO((resolved ? "" : resolved.error().message));
  REQUIRE(resolved);
  CHECK(resolved->kind == kind);
  CHECK(resolved->id == to);
  CHECK(resolved->reason == reason);
}

// After the edit: where each id of version 1 leads.
void check_edited(Searcher& searcher, const PostIds& v1, const PostIds& v2) {
  for (const std::string& text : {kTitle, kOpening, kChair, kAnswer, kClose}) {
    check_resolves(searcher, v1.only(text), Kind::Found, v1.only(text));
  }
  // The changed question and the deleted volunteers lead to the unit before them.
  check_resolves(searcher, v1.only(kQuestion), Kind::Moved, v1.only(kChair), "changed");
  check_resolves(searcher, v1.only(kVolunteers), Kind::Moved, v1.only(kAnswer), "changed");
  // The first "Thank you." went: the second one now has its id, and its own "-2" id moved.
  const auto& thanks = v1.by_text.at(kThanks);
  REQUIRE(thanks.size() == 2);
  CHECK(thanks[1] == thanks[0] + "-2");
  check_resolves(searcher, thanks[0], Kind::Found, thanks[0]);
  check_resolves(searcher, thanks[1], Kind::Moved, v2.only(kThanks), "moved");
  CHECK(v2.only(kThanks) == thanks[0]);
  // Derek Hollins's talk began with the question: it stays with the rest of his talk.
  const std::string& question_talk = v1.talk_of.at(v1.only(kQuestion));
  REQUIRE(question_talk == v1.post_id() + "~" + v1.only(kQuestion).substr(v1.post_id().size() + 1));
  check_resolves(searcher, question_talk, Kind::Moved, v2.talk_of.at(v2.only(kChanged)), "changed");
  // Every talk of version 1 still leads somewhere that exists.
  for (const std::string& talk : v1.talks) {
    CAPTURE(talk);
    auto resolved = searcher.resolve(talk);
    REQUIRE(resolved);
    CHECK(resolved->kind != Kind::Gone);
    CHECK(searcher.resolve(resolved->id).value().kind == Kind::Found);
  }
  for (const std::string& talk : v2.talks) check_resolves(searcher, talk, Kind::Found, talk);
}

void check_gone(Searcher& searcher, const std::string& post_id, const std::set<std::string>& ids) {
  for (const std::string& id : ids) {
    CAPTURE(id);
    auto resolved = searcher.resolve(id);
    REQUIRE(resolved);
    CHECK(resolved->kind == Kind::Gone);
    CHECK(resolved->id == post_id);
    CHECK(resolved->title == kTitle);
  }
}

void run_scenario(std::size_t shards) {
  Archive archive(shards);
  archive.index();
  std::vector<PostIds> v1, v2;
  for (const auto& id : archive.post_ids) v1.push_back(read_ids(archive.db(), id));
  REQUIRE(v1[0].ids.size() == kVersion1.size() + 1);

  archive.write(kVersion2);
  archive.index();
  for (const auto& id : archive.post_ids) v2.push_back(read_ids(archive.db(), id));
  for (std::size_t p = 0; p < archive.post_ids.size(); ++p) {
    CAPTURE(archive.post_ids[p]);
    for (const std::string& text : {kTitle, kOpening, kChair, kAnswer, kClose}) {
      CHECK(v2[p].only(text) == v1[p].only(text));
    }
    CHECK_FALSE(v1[p].ids.count(v2[p].only(kInserted)));
    CHECK_FALSE(v1[p].ids.count(v2[p].only(kChanged)));
  }
  std::unique_ptr<testing::TcpSrv> srv0, srv1;
  std::vector<fs::path> paths = {archive.db()};
  if (shards == 2) {
    srv0 = std::make_unique<testing::TcpSrv>(archive.db() / "shard-00");
    srv1 = std::make_unique<testing::TcpSrv>(archive.db() / "shard-01");
    paths.push_back(
        archive.dir.write("remote.stub", srv0->stub_line() + "\n" + srv1->stub_line() + "\n"));
  }
  for (const fs::path& path : paths) {
    CAPTURE(path);
    Searcher searcher = open_searcher(path);
    for (std::size_t p = 0; p < archive.post_ids.size(); ++p) check_edited(searcher, v1[p], v2[p]);
    auto never = searcher.resolve(archive.post_ids[0] + ".0badf00d");
    REQUIRE_FALSE(never);
    CHECK(never.error().code == ErrorCode::NotFound);
    check_resolves(searcher, archive.post_ids[0], Kind::Found, archive.post_ids[0]);
  }

  fs::remove(archive.files[0]);
  archive.index(/*prune=*/true);
  for (const fs::path& path : paths) {
    CAPTURE(path);
    Searcher searcher = open_searcher(path);
    std::set<std::string> old_ids = {archive.post_ids[0]};
    for (const PostIds* ids : {&v1[0], &v2[0]}) {
      old_ids.insert(ids->ids.begin(), ids->ids.end());
      old_ids.insert(ids->talks.begin(), ids->talks.end());
    }
    check_gone(searcher, archive.post_ids[0], old_ids);
    check_edited(searcher, v1[1], v2[1]);  // the other post is untouched
  }

  archive.write(kVersion2);  // the deleted post comes back: its ids are found again
  archive.index();
  Searcher searcher = open_searcher(archive.db());
  check_resolves(searcher, v2[0].only(kChanged), Kind::Found, v2[0].only(kChanged));
  check_resolves(searcher, archive.post_ids[0], Kind::Found, archive.post_ids[0]);
  // Its gone key is erased, and the redirects it had before it was deleted hold again.
  check_resolves(searcher, v1[0].only(kQuestion), Kind::Moved, v1[0].only(kChair), "changed");
}

}  // namespace

TEST_CASE("old ids of an edited post lead to their units, their neighbours, then Gone",
          "[query][permalinks]") {
  run_scenario(0);
}

TEST_CASE("over two shards, the redirects are found whichever shard holds the post, also remote",
          "[query][permalinks][shards]") {
  run_scenario(2);
}

TEST_CASE("an index built with positional ids redirects them to the unit with the same text",
          "[query][permalinks]") {
  TempDir dir;
  const fs::path db = dir / "index";
  PostDoc doc;
  doc.post.id = post_id_for("moorside-evening", "permalinks-test");
  doc.post.title = kTitle;
  for (const std::string& text : kVersion1) {
    Unit unit;
    unit.text = text;
    doc.units.push_back(std::move(unit));
  }
  finalise_post(doc);
  // The ids and fingerprint a build before content ids wrote.
  PostDoc old = doc;
  for (Unit& unit : old.units) unit.id = doc.post.id + "." + std::to_string(unit.position);
  old.post.fingerprint = "0000000000000000";
  for (const PostDoc* version : {&old, &doc}) {
    auto writer = indexer::IndexWriter::open(db);
    REQUIRE(writer);
    REQUIRE(writer->put(*version));
    REQUIRE(writer->commit());
  }
  Searcher searcher = open_searcher(db);
  for (const Unit& unit : doc.units) {
    const std::string positional = doc.post.id + "." + std::to_string(unit.position);
    // Both "Thank you." paragraphs keep their order: the 2nd positional one goes to "-2".
    check_resolves(searcher, positional, Kind::Moved, unit.id, "moved");
    check_resolves(searcher, unit.id, Kind::Found, unit.id);
  }
}

}  // namespace civic::query
