// The reading routes end to end: the real server on a free loopback port over an index of the
// seed post and data/archive (through run_index with attribution, as `civicsearch index`). For
// every unit of both, its page, its talk's page and its post's page answer 200 and show its text,
// speaker and organisation, escaped. Missing and malformed ids, the JSON of talks and posts, and
// the links from the search page, the embed and the feed to the unit pages.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "query/core/html.h"
#include "query/searcher.h"
#include "tests/index_fixture.h"
#include "tests/web/live_server.h"
#include "web/html.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

struct Fixture {
  fs::path db;
  std::unique_ptr<testing::LiveServer> server;
};

// The seed post and data/archive, built once per test run (tests/fixture_cache.h).
Fixture& shared() {
  static std::unique_ptr<Fixture> fixture = [] {
    auto f = std::make_unique<Fixture>();
    f->db = testing::cached_index("reading-index", "1", testing::seed_and_archive());
    f->server = std::make_unique<testing::LiveServer>(testing::server_options(f->db));
    return f;
  }();
  return *fixture;
}

std::string base() { return "http://127.0.0.1:" + std::to_string(shared().server->port()); }

httplib::Result get(const std::string& target) { return shared().server->get(target); }

std::string page(const std::string& target, int status = 200) {
  auto res = get(target);
  REQUIRE(res);
  INFO(target << " \u2192 " << res->body.substr(0, 300));
  REQUIRE(res->status == status);
  CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
  return res->body;
}

json api(const std::string& target) {
  auto res = get(target);
  REQUIRE(res);
  INFO(target << " \u2192 " << res->body.substr(0, 300));
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

// Every unit of the index, oldest post first, read page by page from the Searcher.
std::vector<query::Hit> every_unit() {
  auto searcher = query::Searcher::open(shared().db);
  REQUIRE(searcher);
  query::SearchRequest request;
  request.sort = query::Sort::Oldest;
  request.per_page = query::kMaxPerPage;
  request.facet_limit = 0;
  std::vector<query::Hit> out;
  for (request.page = 1;; ++request.page) {
    auto response = searcher->search(request);
    REQUIRE(response);
    for (auto& hit : response->hits) out.push_back(std::move(hit));
    if (response->hits.size() < static_cast<std::size_t>(request.per_page)) break;
  }
  auto stats = searcher->stats();
  REQUIRE(stats);
  REQUIRE(out.size() == stats->units);
  return out;
}

// The unit's text, speaker and organisation, escaped as every page inserts them.
void check_shows(const std::string& html, const query::Hit& hit, const std::string& where) {
  INFO(where << ": unit " << hit.unit.id);
  CHECK(count(html, "<h1") == 1);
  CHECK(html.find(html::escape(hit.unit.text)) != std::string::npos);
  if (!hit.unit.speaker.empty())
    CHECK(html.find(html::escape(hit.unit.speaker)) != std::string::npos);
  if (!hit.unit.org.empty()) CHECK(html.find(html::escape(hit.unit.org)) != std::string::npos);
}

}  // namespace

TEST_CASE("every unit of the seed and the sample archive reads on its unit, talk and post pages",
          "[web][reading][pages]") {
  const auto units = every_unit();
  std::set<std::string> posts_seen;
  std::size_t with_talk = 0;
  std::map<std::string, std::string> talks, posts;  // pages fetched once, by id
  for (const auto& hit : units) {
    posts_seen.insert(hit.post.id);
    check_shows(page("/units/" + url_encode(hit.unit.id)), hit, "unit page");
    if (!hit.unit.talk.empty()) {
      ++with_talk;
      auto [talk, fresh] = talks.try_emplace(hit.unit.talk);
      if (fresh) talk->second = page("/talks/" + url_encode(hit.unit.talk));
      check_shows(talk->second, hit, "talk page");
    }
    auto [post, fresh] = posts.try_emplace(hit.post.id);
    if (fresh) post->second = page("/posts/" + url_encode(hit.post.id));
    check_shows(post->second, hit, "post page");
  }
  // The seed and all of data/archive's posts, and talks among them.
  CHECK(posts_seen.size() >= 10);
  CHECK(with_talk > 50);
}

TEST_CASE("a unit's page links its talk, its post at the unit's anchor and its neighbours",
          "[web][reading]") {
  const json hit = api("/api/search?q=%22local+economies%22")["hits"][0];
  const std::string id = hit["id"].get<std::string>();
  const std::string html = page("/units/" + url_encode(id));
  CHECK(html.find("<mark>" + html::escape(hit["text"].get<std::string>()) + "</mark>") !=
        std::string::npos);
  CHECK(html.find("href=\"/talks/" + url_encode(hit["talk"].get<std::string>()) + "\"") !=
        std::string::npos);
  const std::string post_id = hit["post"]["id"].get<std::string>();
  const std::string anchor = "u" + id.substr(post_id.size() + 1);
  CHECK(html.find("href=\"/posts/" + url_encode(post_id) + "#" + anchor + "\"") !=
        std::string::npos);
  CHECK(html.find("<link rel=\"canonical\" href=\"" + base() + "/units/" + url_encode(id) +
                  "\">") != std::string::npos);
  CHECK(html.find("rel=\"prev\"") != std::string::npos);
  CHECK(html.find("rel=\"next\"") != std::string::npos);
  // The anchor exists on the post's page.
  CHECK(page("/posts/" + url_encode(post_id)).find("id=\"" + anchor + "\"") != std::string::npos);
  auto res = get("/units/" + url_encode(id));
  REQUIRE(res);
  CHECK(res->get_header_value("Cache-Control") == "public, max-age=60");
  CHECK(res->get_header_value("Content-Security-Policy").ends_with("frame-ancestors 'self'"));
}

TEST_CASE("unknown ids get a 404 page back to the search, ids that are not UTF-8 a 400 page",
          "[web][reading][errors]") {
  auto [target, status, heading] = GENERATE(table<std::string, int, std::string>({
      {"/units/no-such-unit.1", 404, "No such unit"},
      {"/units/", 404, "No such unit"},
      {"/units/a/b", 404, "No such unit"},
      {"/talks/no-such-post~1", 404, "No such talk"},
      {"/talks/no-tilde", 404, "No such talk"},
      {"/posts/no-such-post", 404, "No such post"},
      {"/units/%FF", 400, "Bad address"},
      {"/talks/%C3", 400, "Bad address"},
      {"/posts/caf%E9", 400, "Bad address"},
  }));
  CAPTURE(target);
  const std::string html = page(target, status);
  CHECK(html.find("<h1>" + heading + "</h1>") != std::string::npos);
  CHECK(html.find("<a href=\"/\">Search the archive</a>") != std::string::npos);
  CHECK(count(html, "<h1") == 1);
  auto res = get(target);
  REQUIRE(res);
  CHECK(res->get_header_value("Cache-Control") == "no-store");
}

TEST_CASE("talks and posts are served as JSON too", "[web][reading][api]") {
  const json hit = api("/api/search?q=%22local+economies%22")["hits"][0];
  const std::string talk_id = hit["talk"].get<std::string>();
  const json talk = api("/api/talks/" + url_encode(talk_id));
  CHECK(talk["id"] == talk_id);
  CHECK(talk["post"]["id"] == hit["post"]["id"]);
  REQUIRE(!talk["units"].empty());
  bool found = false;
  for (const auto& unit : talk["units"]) {
    CHECK(unit["talk"] == talk_id);
    found = found || unit["id"] == hit["id"];
  }
  CHECK(found);
  CHECK((talk["previous"].is_null() || talk["previous"]["talk"] != talk_id));
  CHECK((talk["next"].is_null() || talk["next"]["talk"] != talk_id));
  const json post = api("/api/posts/" + url_encode(hit["post"]["id"].get<std::string>()));
  CHECK(post["post"]["title"] == hit["post"]["title"]);
  REQUIRE(post["units"].size() > talk["units"].size());
  for (std::size_t i = 1; i < post["units"].size(); ++i) {
    CHECK(post["units"][i]["id"] != post["units"][i - 1]["id"]);
  }
  auto missing = get("/api/posts/no-such-post");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(json::parse(missing->body) ==
        json({{"error", {{"code", "not_found"}, {"message", "no post with id 'no-such-post'"}}}}));
  auto bad = get("/api/talks/%FF");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(json::parse(bad->body)["error"]["message"] == "the talk id is not valid UTF-8");
}

TEST_CASE("hits on the search page, the embed and the feed link to their unit pages",
          "[web][reading][links]") {
  const json hits = api("/api/search?q=council&per_page=5")["hits"];
  REQUIRE(hits.size() == 5);
  const std::string search = page("/search?q=council&per_page=5");
  const std::string embed = page("/embed?q=council&results=5");
  auto feed_res = get("/feed.atom?q=council&per_page=5");
  REQUIRE(feed_res);
  const std::string& feed = feed_res->body;
  for (const auto& hit : hits) {
    const std::string path = "/units/" + url_encode(hit["id"].get<std::string>());
    CAPTURE(path);
    CHECK(search.find("<h3 class=\"hit-title\"><a href=\"" + html::escape(path) + "\">") !=
          std::string::npos);
    CHECK(embed.find("href=\"" + html::escape(base() + path) + "\"") != std::string::npos);
    if (!hit["url"].is_null()) {
      CHECK(search.find("class=\"hit-source\" href=\"" +
                        html::escape(hit["url"].get<std::string>()) + "\"") != std::string::npos);
    }
  }
  CHECK(feed.find("<link rel=\"alternate\" type=\"text/html\" href=\"" + base() + "/units/") !=
        std::string::npos);
}

}  // namespace civic::web
