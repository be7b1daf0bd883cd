// The profile routes end to end: the real server on a free loopback port over data/archive and
// the seed post (the shards tests' fixtures, tests/fixture_cache.h: built once per run). Every
// speaker, organisation and event of the index has a page and a JSON document; Sarah Longlands
// and the Centre for Local Economic Strategies (CLES) on the seed; distinctive words checked
// against counts the search API gives; unknown slugs, paging; local and remote shards answering
// as one database does.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "query/core/html.h"
#include "query/core/text.h"
#include "query/searcher.h"
#include "tests/index_fixture.h"
#include "tests/query/tcpsrv_support.h"
#include "tests/web/live_server.h"
#include "web/html.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

struct Fixture {
  fs::path one, sharded;
  std::unique_ptr<testing::LiveServer> server;
};

// The same inputs, names and versions as tests/web/shards_server_test.cpp: one build serves both.
Fixture& shared() {
  static std::unique_ptr<Fixture> fixture = [] {
    auto f = std::make_unique<Fixture>();
    const std::vector<fs::path> inputs = {testing::source_dir() / "data" / "archive",
                                          testing::seed_path()};
    indexer::BuildOptions two;
    two.shards = 2;
    f->one = testing::cached_index("shards-server-one", "1", inputs);
    f->sharded = testing::cached_index("shards-server-sharded", "1", inputs, {}, {}, two);
    f->server = std::make_unique<testing::LiveServer>(testing::server_options(f->one));
    return f;
  }();
  return *fixture;
}

httplib::Result get(const testing::LiveServer& server, const std::string& target) {
  return server.get(target);
}

std::string page(const std::string& target, int status = 200) {
  auto res = get(*shared().server, target);
  REQUIRE(res);
  INFO(target << " \u2192 " << res->body.substr(0, 300));
  REQUIRE(res->status == status);
  CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
  return res->body;
}

json api(const testing::LiveServer& server, const std::string& target, int status = 200) {
  auto res = get(server, target);
  REQUIRE(res);
  INFO(target << " \u2192 " << res->body.substr(0, 300));
  REQUIRE(res->status == status);
  return json::parse(res->body);
}

json api(const std::string& target, int status = 200) {
  return api(*shared().server, target, status);
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Every value of a facet over the whole index.
std::vector<std::string> values_of(const std::string& facet) {
  auto searcher = query::Searcher::open(shared().one);
  REQUIRE(searcher);
  auto values = searcher->facet_values(facet, "", 100000);
  REQUIRE(values);
  std::vector<std::string> out;
  for (const auto& v : *values) out.push_back(v.value);
  return out;
}

const char* root_of(const std::string& facet) {
  return facet == "speaker" ? "speakers" : facet == "org" ? "orgs" : "events";
}

std::size_t search_total(const std::string& params) {
  return api("/api/search?per_page=1&facet_limit=0&" + params).at("total").get<std::size_t>();
}

TEST_CASE("every speaker, organisation and event of the index has a page and a JSON document",
          "[web][profiles]") {
  std::size_t pages = 0;
  for (const std::string facet : {"speaker", "org", "event"}) {
    const auto values = values_of(facet);
    REQUIRE_FALSE(values.empty());
    for (const auto& value : values) {
      const std::string slug = text::slug(value);
      if (slug.empty()) continue;  // a name without a letter or digit has no page
      INFO(facet << " " << value);
      const std::string path = std::string("/") + root_of(facet) + "/" + url_encode(slug);
      const json j = api("/api" + path);
      CHECK(j.at("profile").at("kind") == facet);
      CHECK(j.at("profile").at("slug") == slug);
      const auto names = j.at("profile").at("names").get<std::vector<std::string>>();
      CHECK(std::find(names.begin(), names.end(), value) != names.end());
      CHECK(j.at("units").get<std::size_t>() > 0);
      const std::string html = page(path);
      CHECK(count(html, "<h1") == 1);
      CHECK(has(html, "<h1>" + html::escape(names.front()) + "</h1>"));
      ++pages;
    }
  }
  CHECK(pages > 20);
}

TEST_CASE("Sarah Longlands speaks for CLES at the 2010 conference, and CLES lists her",
          "[web][profiles]") {
  const json sarah = api("/api/speakers/sarah-longlands");
  CHECK(sarah.at("profile").at("name") == "Sarah Longlands");
  bool found = false;
  for (const auto& a : sarah.at("affiliations")) {
    if (a.at("org") == "Centre for Local Economic Strategies") {
      found = true;
      CHECK(a.at("first_date").get<std::string>().rfind("2010-", 0) == 0);
      CHECK(a.at("role") == "Director of Policy");
    }
  }
  CHECK(found);
  const auto& talks = sarah.at("talks");
  REQUIRE(talks.at("total").get<int>() >= 1);
  const auto& talk = talks.at("items").at(0);
  CHECK(talk.at("speaker") == "Sarah Longlands");
  CHECK(talk.at("date").get<std::string>().rfind("2010-", 0) == 0);
  // The talk it lists is the one the talk route serves, starting at the unit it names.
  const json served = api("/api/talks/" + url_encode(talk.at("id").get<std::string>()));
  CHECK(served.at("units").at(0).at("id") == talk.at("first_unit"));
  CHECK(served.at("units").size() == talk.at("units").get<std::size_t>());

  const std::string html = page("/speakers/sarah-longlands");
  CHECK(has(html,
            "<a href=\"/orgs/centre-for-local-economic-strategies\">Centre for Local "
            "Economic Strategies</a>"));
  CHECK(has(html, "href=\"/talks/" + url_encode(talk.at("id").get<std::string>()) + "\""));
  // A search within her words: a GET form to /search carrying her speaker filter.
  CHECK(has(html, "<form class=\"search-form profile-search\" action=\"/search\" method=\"get\""));
  CHECK(has(html, "<input type=\"hidden\" name=\"speaker\" value=\"Sarah Longlands\">"));

  const json cles = api("/api/orgs/centre-for-local-economic-strategies");
  bool listed = false;
  for (const auto& person : cles.at("people").at("items")) {
    if (person.at("name") == "Sarah Longlands") listed = person.at("units").get<int>() > 0;
  }
  CHECK(listed);
  CHECK(has(page("/orgs/centre-for-local-economic-strategies"),
            "<a href=\"/speakers/sarah-longlands\">Sarah Longlands</a>"));

  // Her page's event leads to the event's page, whose programme has her talk.
  const std::string event = talk.at("event").get<std::string>();
  const json ev = api("/api/events/" + url_encode(text::slug(event)) + "?per_page=200");
  bool in_programme = false;
  for (const auto& t : ev.at("talks").at("items")) in_programme |= t.at("id") == talk.at("id");
  CHECK(in_programme);
  CHECK_FALSE(ev.at("posts").empty());
}

TEST_CASE("an organisation's acronym and a typed name redirect to the canonical page",
          "[web][profiles]") {
  auto res = get(*shared().server, "/orgs/cles?page=1&per_page=5");
  REQUIRE(res);
  CHECK(res->status == 308);
  CHECK(res->get_header_value("Location") ==
        "/orgs/centre-for-local-economic-strategies?page=1&per_page=5");
  res = get(*shared().server, "/api/orgs/cles");
  REQUIRE(res);
  CHECK(res->status == 308);
  CHECK(res->get_header_value("Location") == "/api/orgs/centre-for-local-economic-strategies");
  res = get(*shared().server, "/speakers/Sarah%20Longlands");
  REQUIRE(res);
  CHECK(res->status == 308);
  CHECK(res->get_header_value("Location") == "/speakers/sarah-longlands");
}

// The stopword list distinctive words leave out, read here on its own.
std::set<std::string> stopword_list() {
  std::set<std::string> out;
  for (const fs::path& dir : {testing::source_dir(), fs::current_path()}) {
    std::ifstream in(dir / "var" / "stopwords" / "en.txt");
    std::string line;
    while (std::getline(in, line)) out.insert(line);
    if (!out.empty()) break;
  }
  return out;
}

TEST_CASE("a speaker's distinctive words are words they use more than the archive does",
          "[web][profiles]") {
  const auto stop = stopword_list();
  REQUIRE(stop.size() > 50);  // scripts/stopwords.sh derives it
  const std::size_t archive = search_total("");
  std::size_t checked = 0;
  auto speakers = values_of("speaker");  // most units first
  speakers.resize(std::min<std::size_t>(speakers.size(), 4));
  speakers.push_back("Sarah Longlands");
  for (const auto& speaker : speakers) {
    INFO(speaker);
    const json j = api("/api/speakers/" + url_encode(text::slug(speaker)));
    const std::string filter = "speaker=" + url_encode(speaker);
    const std::size_t theirs = search_total(filter);
    CHECK(j.at("units") == theirs);
    std::set<std::string> name_words;
    for (const auto& word : {text::name_key(speaker)}) {
      std::size_t start = 0;
      while (start <= word.size()) {
        const auto end = std::min(word.find(' ', start), word.size());
        name_words.insert(word.substr(start, end - start));
        start = end + 1;
      }
    }
    for (const auto& t : j.at("distinctive_terms")) {
      const std::string term = t.at("term").get<std::string>();
      INFO(term);
      CHECK_FALSE(stop.count(term));
      CHECK_FALSE(name_words.count(term));
      // A quoted word is the word itself, not its stem.
      const std::string q = "q=" + url_encode("\"" + term + "\"");
      const std::size_t mine = search_total(q + "&" + filter);
      const std::size_t all = search_total(q);
      CHECK(t.at("units") == mine);
      CHECK(t.at("all_units") == all);
      const double ratio = (static_cast<double>(mine) / static_cast<double>(theirs)) /
                           (static_cast<double>(all) / static_cast<double>(archive));
      CHECK(ratio > 1.0);
      CHECK(t.at("ratio").get<double>() == Approx(ratio));
      ++checked;
    }
  }
  CHECK(checked > 5);
  // The page shows them with both shares.
  CHECK(has(page("/speakers/sarah-longlands"), "of theirs,"));
}

TEST_CASE("an unknown slug answers a 404 page with a search form, or a JSON error",
          "[web][profiles]") {
  for (const std::string root : {"speakers", "orgs", "events"}) {
    INFO(root);
    const std::string html = page("/" + root + "/no-such-name-here", 404);
    CHECK(count(html, "<h1") == 1);
    CHECK(has(html,
              "<input id=\"missing-q\" name=\"q\" type=\"search\" spellcheck=\"false\" "
              "value=\"no such name here\">"));
    const json error = api("/api/" + root + "/no-such-name-here", 404);
    CHECK(error.at("error").at("code") == "not_found");
  }
  CHECK(api("/api/speakers/sarah-longlands?page=0", 400).at("error").at("code") == "invalid_input");
  CHECK(api("/api/speakers/sarah-longlands?per_page=x", 400).at("error").at("code") ==
        "invalid_input");
  page("/speakers/sarah-longlands?per_page=100000", 400);
}

TEST_CASE("long lists of a profile page by page", "[web][profiles]") {
  // The event with most units: its programme and speakers, two at a time.
  const std::string event = values_of("event").front();
  const std::string path = "/events/" + url_encode(text::slug(event));
  const json all = api("/api" + path + "?per_page=200");
  const std::size_t total = all.at("talks").at("total").get<std::size_t>();
  REQUIRE(total > 2);
  json paged = json::array();
  for (std::size_t page_number = 1; page_number <= (total + 1) / 2; ++page_number) {
    const json j = api("/api" + path + "?per_page=2&page=" + std::to_string(page_number));
    CHECK(j.at("talks").at("total") == total);
    CHECK(j.at("talks").at("page") == page_number);
    for (const auto& t : j.at("talks").at("items")) paged.push_back(t);
  }
  CHECK(paged == all.at("talks").at("items"));
  // Past the end: no items, the same total.
  const json past = api("/api" + path + "?per_page=2&page=999");
  CHECK(past.at("talks").at("items").empty());
  CHECK(past.at("talks").at("total") == total);
  // The page links to the next one.
  const std::string html = page(path + "?per_page=2");
  CHECK(has(html, "<a rel=\"next\" href=\"" + path + "?page=2&amp;per_page=2\">"));
  CHECK(has(page(path + "?per_page=2&page=2"), "rel=\"prev\""));
}

TEST_CASE("names on the reading pages and hits link to their profile pages", "[web][profiles]") {
  const json sarah = api("/api/speakers/sarah-longlands");
  const auto& talk = sarah.at("talks").at("items").at(0);
  const std::string unit = page("/units/" + url_encode(talk.at("first_unit").get<std::string>()));
  CHECK(has(unit,
            "<span class=\"hit-speaker\"><a href=\"/speakers/sarah-longlands\">Sarah "
            "Longlands</a></span>"));
  CHECK(
      has(unit, "<span class=\"hit-org\"><a href=\"/orgs/centre-for-local-economic-strategies\">"));
  CHECK(has(unit, "<span class=\"hit-event\"><a href=\"/events/"));
  const std::string talk_page = page("/talks/" + url_encode(talk.at("id").get<std::string>()));
  CHECK(has(talk_page, "<h1><a href=\"/speakers/sarah-longlands\">Sarah Longlands</a></h1>"));
  const std::string hits = page("/search?q=cles&speaker=Sarah%20Longlands");
  CHECK(has(hits, "<a href=\"/speakers/sarah-longlands\">Sarah Longlands</a>"));
}

// A profile's JSON without what depends on when and where it was computed.
json comparable(json j) {
  j.erase("took_ms");
  if (j.contains("timeline")) j.at("timeline").erase("took_ms");
  return j;
}

TEST_CASE("profiles over local and remote shards are those of one database", "[web][profiles]") {
  auto& f = shared();
  testing::TempDir dir;
  testing::TcpSrv srv0(f.sharded / "shard-00"), srv1(f.sharded / "shard-01");
  const auto stub = dir.write("remote.stub", srv0.stub_line() + "\n" + srv1.stub_line() + "\n");
  const testing::LiveServer local(testing::server_options(f.sharded));
  const testing::LiveServer remote(testing::server_options(stub));
  for (const std::string facet : {"speaker", "org", "event"}) {
    auto values = values_of(facet);
    values.resize(std::min<std::size_t>(values.size(), 6));
    for (const auto& value : values) {
      const std::string path =
          std::string("/api/") + root_of(facet) + "/" + url_encode(text::slug(value));
      INFO(path);
      const json expected = comparable(api(path));
      CHECK(comparable(api(local, path)) == expected);
      CHECK(comparable(api(remote, path)) == expected);
    }
  }
}

}  // namespace
}  // namespace civic::web
