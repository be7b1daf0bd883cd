// The permalink promise over HTTP: a post of our own fiction (names from data/archive) indexed
// with attribution, then edited (a paragraph inserted, one changed, one deleted) and indexed
// again, then deleted and pruned, while a real server on a free loopback port serves the index.
// Old unit ids answer 308 to where they lead on every route that takes one (the query string
// kept), untouched ids keep answering 200, and once the post is gone its ids answer 410 with its
// title. The same over two shards. Searcher::resolve() itself is tested in
// tests/query/permalinks_test.cpp.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "query/searcher.h"
#include "tests/index_fixture.h"
#include "tests/web/live_server.h"
#include "web/html.h"
#include "web/page_parts.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

const std::string kTitle = "Fellside Bus Forum \xE2\x80\x93 9th October 2015";
const std::vector<std::string> kVersion1 = {
    "Kirkhope Borough Council invited riders to the old mill to talk about the 41 bus.",
    "Dorothy Aske, the Mayor, said the council would publish every reply it received.",
    "Derek Hollins of the Kirkhope Tenants' Federation asked for an evening service to Fellside.",
    "Residents said the last bus home left before the late shift at the hospital ended.",
    "The forum will meet again in the spring with the bus company present.",
};
const std::string kInserted = "Tea and scones were served by the Fellside Women's Institute.";
const std::string kChanged =
    "Derek Hollins of the Kirkhope Tenants' Federation asked for a Sunday service to Fellside.";

std::string post_text(const std::vector<std::string>& paragraphs) {
  std::string out = kTitle + "\n\n";
  for (const auto& paragraph : paragraphs) out += paragraph + "\n\n";
  return out;
}

// Unit ids by text, read from the API's search over everything.
std::map<std::string, std::string> ids_by_text(testing::LiveServer& server) {
  auto res = server.get("/api/search?per_page=100&sort=oldest&facet_limit=0");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  std::map<std::string, std::string> out;
  const json body = json::parse(res->body);
  for (const auto& hit : body["hits"])
    out[hit["text"].get<std::string>()] = hit["id"].get<std::string>();
  return out;
}

// Waits until the server shows a new revision (it reopens at most every reopen_interval_ms).
void wait_for_units(testing::LiveServer& server, std::size_t units) {
  for (int i = 0; i < 200; ++i) {
    auto res = server.get("/healthz");
    if (res && res->status == 200 && json::parse(res->body)["units"] == units) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL("the server did not pick up the new revision");
}

void index(const fs::path& db, const fs::path& posts, std::size_t shards, bool prune) {
  indexer::IndexRun run;
  run.db = db;
  run.inputs = {posts.string()};
  run.prune = prune;
  run.build.shards = shards;
  run.attribution = testing::repo_attribution();
  auto summary = indexer::run_index(run, nullptr);
  REQUIRE(summary);
  REQUIRE(summary->refused.empty());
}

httplib::Result get(const testing::LiveServer& server, const std::string& target) {
  httplib::Client client("127.0.0.1", server.port());
  client.set_follow_location(false);
  return client.Get(target);
}

void check_moved(const testing::LiveServer& server, const std::string& target,
                 const std::string& location) {
  auto res = get(server, target);
  REQUIRE(res);
  INFO(target << " \u2192 " << res->status << " " << res->body.substr(0, 200));
  CHECK(res->status == 308);
  CHECK(res->get_header_value("Location") == location);
}

void check_gone(const testing::LiveServer& server, const std::string& target, bool is_page) {
  auto res = get(server, target);
  REQUIRE(res);
  INFO(target << " \u2192 " << res->status << " " << res->body.substr(0, 200));
  CHECK(res->status == 410);
  if (is_page) {
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(res->body.find("Fellside Bus Forum") != std::string::npos);
  } else {
    const auto body = json::parse(res->body);
    CHECK(body["error"]["code"] == "gone");
    CHECK(body["error"]["message"].get<std::string>().find("Fellside Bus Forum") !=
          std::string::npos);
  }
}

void check_edits_keep_links(std::size_t shards) {
  testing::TempDir dir;
  const fs::path db = dir.path() / "index";
  const fs::path file = dir.write("posts/fellside-bus-forum.txt", post_text(kVersion1));
  index(db, dir.path() / "posts", shards, false);
  auto options = testing::server_options(db);
  options.reopen_interval_ms = 10;
  testing::LiveServer server(options);
  const auto before = ids_by_text(server);
  REQUIRE(before.size() == kVersion1.size() + 1);  // the title is a unit too
  const std::string changed_id = before.at(kVersion1[2]);
  const std::string deleted_id = before.at(kVersion1[3]);

  // Insert one paragraph, change one, delete one.
  dir.write("posts/fellside-bus-forum.txt",
            post_text({kVersion1[0], kInserted, kVersion1[1], kChanged, kVersion1[4]}));
  index(db, dir.path() / "posts", shards, false);
  wait_for_units(server, 6);
  const auto after = ids_by_text(server);
  for (const std::string* kept : {&kTitle, &kVersion1[0], &kVersion1[1], &kVersion1[4]}) {
    INFO(*kept);
    CHECK(after.at(*kept) == before.at(*kept));
    auto res = get(server, unit_path(after.at(*kept)));
    REQUIRE(res);
    CHECK(res->status == 200);
  }
  CHECK(after.count(kInserted) == 1);
  CHECK(after.at(kChanged) != changed_id);

  // The changed paragraph's old id leads to its nearest survivor, on every route.
  auto res = get(server, "/api/units/" + url_encode(changed_id) + "?radius=1");
  REQUIRE(res);
  REQUIRE(res->status == 308);
  const std::string location = res->get_header_value("Location");
  const std::string target = location.substr(11, location.find('?') - 11);
  CHECK(location == "/api/units/" + target + "?radius=1");
  std::set<std::string> neighbours;
  for (const std::string* text : {&kVersion1[1], &kVersion1[4]}) neighbours.insert(after.at(*text));
  CHECK(neighbours.count(target) == 1);
  check_moved(server, unit_path(changed_id), "/units/" + target);
  check_moved(server, unit_path(changed_id) + "/card", "/units/" + target + "/card");
  check_moved(server, "/api/units/" + url_encode(changed_id) + "/cite?format=ris",
              "/api/units/" + target + "/cite?format=ris");
  // The deleted paragraph's id leads to a unit that exists.
  res = get(server, unit_path(deleted_id));
  REQUIRE(res);
  REQUIRE(res->status == 308);
  res = get(server, res->get_header_value("Location"));
  REQUIRE(res);
  CHECK(res->status == 200);
  // oEmbed follows an old link to the unit it leads to.
  res = get(server, "/oembed?format=json&url=" +
                        url_encode("http://127.0.0.1:" + std::to_string(server.port()) +
                                   unit_path(deleted_id)));
  REQUIRE(res);
  CHECK(res->status == 200);
  // An id that never existed is still a 404.
  res = get(server, unit_path(before.at(kTitle) + "x"));
  REQUIRE(res);
  CHECK(res->status == 404);

  // The post deleted and pruned: every id of it, old and new, answers 410 with its title.
  const std::string post_id = after.at(kTitle).substr(0, after.at(kTitle).rfind('.'));
  fs::remove(file);
  dir.write("posts/other.txt", "Another evening\n\nNothing was decided.\n");
  index(db, dir.path() / "posts", shards, true);
  wait_for_units(server, 2);
  check_gone(server, unit_path(after.at(kVersion1[0])), true);
  check_gone(server, unit_path(changed_id), true);
  check_gone(server, "/api/units/" + url_encode(after.at(kInserted)), false);
  check_gone(server, post_path(post_id), true);
  check_gone(server, "/api/posts/" + url_encode(post_id), false);
}

TEST_CASE("old unit ids answer 308 to where they lead and a pruned post's ids 410", "[web]") {
  check_edits_keep_links(0);
}

TEST_CASE("old unit ids answer 308 and 410 over two shards", "[web]") { check_edits_keep_links(2); }

}  // namespace
}  // namespace civic::web
