// The HTTP API end to end: the real server on a free loopback port over an index of the seed,
// data/archive and tests/fixtures/web (explicit speakers), indexed with attribution, checked
// with httplib::Client against the response contract of issue #4: status codes, JSON shape,
// headers and parameter parsing. What the answers mean (orders, groups, exact facet counts,
// dates, unit look-up, suggestions) is tested on the Searcher in tests/query/searcher_*_test.cpp.
#include "web/server.h"

#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "indexer/index_writer.h"
#include "query/searcher.h"
#include "tests/index_fixture.h"
#include "tests/web/live_server.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
using Params = std::multimap<std::string, std::string>;
namespace fs = std::filesystem;

using testing::talk_post;

std::vector<fs::path> index_inputs() { return testing::seed_archive_and_web(); }

// Adds the `extra` posts with IndexWriter, as a second `civicsearch index` run would.
void add_posts(const fs::path& db, const std::vector<PostDoc>& extra) {
  auto writer = indexer::IndexWriter::open(db);
  REQUIRE(writer.has_value());
  for (const auto& doc : extra) REQUIRE(writer->put(doc).has_value());
  REQUIRE(writer->commit().has_value());
}

// Indexes the seed, data/archive and the web fixtures through run_index (with attribution, as
// `civicsearch index`); every file is indexed.
void build_index(const fs::path& db) {
  const auto indexed = testing::index_with_attribution(db, index_inputs());
  REQUIRE(indexed);
  REQUIRE(indexed->refused.empty());
}

using testing::LiveServer;

// The server tests' server: 4 workers, and a blog allowed to call the API from its pages.
web::ServerOptions test_server(const fs::path& db, std::vector<std::string> origins = {}) {
  web::ServerOptions options = testing::server_options(db);
  options.allowed_origins = std::move(origins);
  return options;
}

struct SharedIndex {
  fs::path db;
  std::unique_ptr<LiveServer> server;
};

// One index for the read-only tests, built once per test run and shared by every CTest process
// (tests/fixture_cache.h), plus the talk posts; this process's server over it, on first use.
SharedIndex& shared() {
  static std::unique_ptr<SharedIndex> shared = [] {
    auto s = std::make_unique<SharedIndex>();
    s->db = testing::cached_index(
        "server-index", "1", index_inputs(), "talk posts a 2012-03-05, b 2012-03-06",
        [](const fs::path& db) {
          add_posts(db, {talk_post("a", "2012-03-05"), talk_post("b", "2012-03-06")});
        });
    s->server =
        std::make_unique<LiveServer>(test_server(s->db, {"https://blog.example.org"}));
    return s;
  }();
  return *shared;
}

httplib::Result get(const std::string& target, const httplib::Headers& headers = {}) {
  auto client = shared().server->client();
  return client.Get(target.c_str(), headers);
}

json get_json(const std::string& path, const Params& params = {}) {
  auto client = shared().server->client();
  auto res = client.Get(path.c_str(), params, httplib::Headers{});
  REQUIRE(res);
  INFO(path << " → " << res->body);
  REQUIRE(res->status == 200);
  REQUIRE(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
  return json::parse(res->body);
}

json search(Params params) { return get_json("/api/search", params); }

std::string sarah() { return "Sarah Longlands"; }

}  // namespace

TEST_CASE("search response carries every field of the contract", "[web][server]") {
  json body = search({{"q", "local suppliers"}, {"per_page", "5"}});
  CHECK(body.size() == 10);
  // Over one database nothing is ever missing (tests/web/shards_server_test.cpp: partial answers).
  CHECK(body["partial"] == false);
  CHECK(body["missing_shards"] == json::array());
  CHECK(body["query"] == "local suppliers");
  CHECK(body["total"].is_number_unsigned());
  CHECK(body["total"].get<int>() >= 2);
  CHECK(body["page"] == 1);
  CHECK(body["per_page"] == 5);
  CHECK(body["took_ms"].is_number());
  CHECK(body["took_ms"].get<double>() >= 0);
  CHECK((body["suggestion"].is_null() || body["suggestion"].is_string()));
  REQUIRE(body["hits"].is_array());
  REQUIRE(!body["hits"].empty());
  CHECK(body["hits"].size() <= 5);
  REQUIRE(body["facets"].is_object());
  for (const char* facet : {"speaker", "org", "kind", "theme", "event", "year"}) {
    CAPTURE(facet);
    REQUIRE(body["facets"][facet].is_array());
    for (const auto& entry : body["facets"][facet]) {
      CHECK(entry.size() == 2);
      CHECK(entry["value"].is_string());
      CHECK(entry["count"].is_number_unsigned());
    }
  }
  for (const auto& hit : body["hits"]) {
    CAPTURE(hit.dump());
    CHECK(hit["id"].is_string());
    CHECK(hit["kind"].is_string());
    for (const char* nullable : {"speaker", "org", "event", "talk", "context", "url"}) {
      CAPTURE(nullable);
      CHECK((hit[nullable].is_null() || hit[nullable].is_string()));
    }
    CHECK(hit["themes"].is_array());
    REQUIRE(hit["post"].is_object());
    CHECK(hit["post"]["id"].is_string());
    CHECK(hit["post"]["title"].is_string());
    CHECK((hit["post"]["date"].is_null() || hit["post"]["date"].is_string()));
    CHECK((hit["post"]["url"].is_null() || hit["post"]["url"].is_string()));
    CHECK(hit["snippet"].is_string());
    CHECK(hit["text"].is_string());
    CHECK(hit["score"].is_number());
    CHECK(hit["score"].get<double>() >= 0);
    CHECK(hit["score"].get<double>() <= 1);
    CHECK(hit["more"] == 0);
  }
  // The fixture's first bullet: every field known.
  json bullet = search({{"q", "\"procurement budget\""}});
  REQUIRE(bullet["total"] == 1);
  const json& hit = bullet["hits"][0];
  CHECK(hit["kind"] == "bullet");
  CHECK(hit["speaker"] == sarah());
  CHECK(hit["org"] == "Centre for Local Economic Strategies");
  // The post's tag, plus the themes of data/themes.yaml that attribution finds in the text.
  CHECK(hit["themes"] == json({"Funding and finance", "Local economy", "procurement"}));
  CHECK(hit["event"] == "Northern Regeneration Forum");
  CHECK(hit["context"] == "She set out three asks of councils:");
  CHECK(hit["post"]["title"] == "Regeneration Forum – 9th November 2010");
  CHECK(hit["post"]["date"] == "2010-11-09");
  CHECK(hit["post"]["url"] == "https://fixture.example.org/2010/11/09/regeneration-forum/");
  CHECK(hit["url"].get<std::string>().rfind(
            "https://fixture.example.org/2010/11/09/regeneration-forum/#", 0) == 0);
  CHECK(hit["text"] == "Spend more of the procurement budget with local suppliers.");
  CHECK(hit["snippet"].get<std::string>().find("<mark>procurement") != std::string::npos);
  CHECK(hit["score"] == 1.0);
}

TEST_CASE("the query is echoed as received, and paging reports page and per_page",
          "[web][server]") {
  json body = search({{"q", "  Local   “economy” "}, {"page", "2"}, {"per_page", "3"}});
  CHECK(body["query"] == "  Local   “economy” ");
  CHECK(body["page"] == 2);
  CHECK(body["per_page"] == 3);
  json first = search({{"q", "Local \"economy\""}, {"per_page", "3"}});
  CHECK(body["total"] == first["total"]);
}

TEST_CASE("the API serves the Searcher's answer to the request its parameters spell",
          "[web][server][params]") {
  // What the answers mean (orders, groups, counts, dates) is tested on the Searcher in
  // tests/query/searcher_*_test.cpp; here: that the parameters reach it as that request.
  using query::Group;
  using query::Sort;
  auto request = [](std::string q, query::Sort sort, query::Group group,
                    std::map<std::string, std::vector<std::string>> filters = {},
                    std::string from = {}, std::string to = {}, int page = 1, int per_page = 10,
                    int facet_limit = 50) {
    query::SearchRequest r;
    r.q = std::move(q);
    r.sort = sort;
    r.group = group;
    r.filters = std::move(filters);
    r.from = std::move(from);
    r.to = std::move(to);
    r.page = page;
    r.per_page = per_page;
    r.facet_limit = facet_limit;
    return r;
  };
  auto [label, params, expected] = GENERATE_COPY(table<std::string, Params, query::SearchRequest>({
      {"nothing", {}, request("", Sort::Relevance, Group::Unit)},
      {"sort newest",
       {{"q", "council"}, {"sort", "newest"}, {"per_page", "100"}},
       request("council", Sort::Newest, Group::Unit, {}, {}, {}, 1, 100)},
      {"sort oldest, page 2",
       {{"q", "council"}, {"sort", "oldest"}, {"page", "2"}},
       request("council", Sort::Oldest, Group::Unit, {}, {}, {}, 2)},
      {"group talk",
       {{"q", "volunteering"}, {"group", "talk"}, {"event", "Web Test Talks Day"}},
       request("volunteering", Sort::Relevance, Group::Talk, {{"event", {"Web Test Talks Day"}}})},
      {"group post",
       {{"q", "local"}, {"group", "post"}, {"per_page", "100"}},
       request("local", Sort::Relevance, Group::Post, {}, {}, {}, 1, 100)},
      {"repeated and mixed filters",
       {{"speaker", "Sarah Longlands"},
        {"speaker", "Ann Patel"},
        {"year", "2010"},
        {"facet_limit", "1000"}},
       request("", Sort::Relevance, Group::Unit,
               {{"speaker", {"Sarah Longlands", "Ann Patel"}}, {"year", {"2010"}}}, {}, {}, 1, 10,
               1000)},
      {"from and to",
       {{"q", "local"}, {"from", "2010-11-01"}, {"to", "2010-11-30"}},
       request("local", Sort::Relevance, Group::Unit, {}, "2010-11-01", "2010-11-30")},
      {"a range in q",
       {{"q", "housing 2011..2012"}, {"per_page", "100"}},
       request("housing 2011..2012", Sort::Relevance, Group::Unit, {}, {}, {}, 1, 100)},
  }));
  CAPTURE(label);
  auto searcher = query::Searcher::open(shared().db);
  REQUIRE(searcher);
  auto answer = searcher->search(expected);
  REQUIRE(answer);
  json api = search(params), direct = json::parse(query::to_json(*answer));
  api.erase("took_ms");
  direct.erase("took_ms");
  CHECK(api == direct);
  CHECK(api["total"].get<std::size_t>() > 0);
}

TEST_CASE("CLES finds the Centre for Local Economic Strategies", "[web][server][query]") {
  json body = search({{"q", "CLES"}, {"per_page", "100"}});
  bool found = false;
  for (const auto& hit : body["hits"]) {
    found = found || hit["text"].get<std::string>().find("Centre for Local Economic Strategies") !=
                         std::string::npos;
  }
  CHECK(found);
}

TEST_CASE("a misspelt speaker gets a suggestion that finds more", "[web][server][query]") {
  json body = search({{"q", "Sarah Longlads"}});
  REQUIRE(body["suggestion"].is_string());
  CHECK(body["suggestion"] == "sarah longlands");
  json corrected = search({{"q", body["suggestion"].get<std::string>()}});
  CHECK(corrected["total"].get<int>() > body["total"].get<int>());
}

TEST_CASE("a unit containing <script> comes back escaped in the snippet",
          "[web][server][escaping]") {
  json body = search({{"q", "alert"}});
  REQUIRE(body["total"].get<int>() >= 1);
  bool found = false;
  for (const auto& hit : body["hits"]) {
    const auto text = hit["text"].get<std::string>();
    const auto snippet = hit["snippet"].get<std::string>();
    if (text.find("<script>alert(1)</script>") == std::string::npos) continue;
    found = true;
    CAPTURE(snippet);
    CHECK(snippet.find("<script") == std::string::npos);
    CHECK(snippet.find("&lt;script&gt;") != std::string::npos);
    CHECK(snippet.find("<mark>alert</mark>") != std::string::npos);
  }
  CHECK(found);
}

TEST_CASE("a bad request gets its status and an error body", "[web][server][errors]") {
  auto [target, status, code,
        message] = GENERATE(table<std::string, int, std::string, std::string>({
      {"/api/search?sort=random", 400, "invalid_input",
       "sort must be relevance, newest or oldest, not 'random'"},
      {"/api/search?group=speaker", 400, "invalid_input",
       "group must be unit, talk or post, not 'speaker'"},
      {"/api/search?per_page=0", 400, "invalid_input",
       "per_page must be between 1 and 100, not '0'"},
      {"/api/search?per_page=101", 400, "invalid_input",
       "per_page must be between 1 and 100, not '101'"},
      {"/api/search?per_page=ten", 400, "invalid_input",
       "per_page must be a whole number between 1 and 100, not 'ten'"},
      {"/api/search?page=0", 400, "invalid_input", "page must be between 1 and 10000, not '0'"},
      {"/api/search?page=1001", 400, "invalid_input",
       "page 1001 is past the first 10000 results (per_page 10); narrow the search instead"},
      {"/api/search?from=2010-11", 400, "invalid_input",
       "from must be a date as YYYY-MM-DD, not '2010-11'"},
      {"/api/search?to=2010-02-30", 400, "invalid_input",
       "to must be a date as YYYY-MM-DD, not '2010-02-30'"},
      {"/api/search?q=caf%E9", 400, "invalid_input", "q is not valid UTF-8"},
      {"/api/search?speaker=%FF", 400, "invalid_input", "speaker is not valid UTF-8"},
      {"/api/search?q=" + std::string(4097, 'a'), 400, "invalid_input",
       "q is 4097 bytes long; the most is 4096"},
      {"/api/search?year=2010&year=2011&kind=x&sort=a&sort=b", 400, "invalid_input",
       "sort may be given only once"},
      {"/api/search?kind=%00", 400, "invalid_input", "kind is not valid UTF-8"},
      {"/api/facets/colour", 404, "not_found", "unknown facet 'colour'"},
      {"/api/facets/speaker?limit=0", 400, "invalid_input",
       "limit must be between 1 and 1000, not '0'"},
      {"/api/facets/speaker?prefix=%C3", 400, "invalid_input", "prefix is not valid UTF-8"},
      {"/api/suggest?limit=x", 400, "invalid_input",
       "limit must be a whole number between 1 and 50, not 'x'"},
      {"/api/units/no-such-unit.1", 404, "not_found", "no unit with id 'no-such-unit.1'"},
      {"/api/units/x?radius=99", 400, "invalid_input", "radius must be between 0 and 20, not '99'"},
      {"/api/nothing", 404, "not_found", "no route for GET /api/nothing"},
      {"/nothing", 404, "not_found", "no route for GET /nothing"},  // "/" is the page (#5)
      {"/api/search/extra", 404, "not_found", "no route for GET /api/search/extra"},
  }));
  CAPTURE(target);
  auto res = get(target);
  REQUIRE(res);
  CHECK(res->status == status);
  CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
  json body = json::parse(res->body);
  CHECK(body == json({{"error", {{"code", code}, {"message", message}}}}));
}

TEST_CASE("requests httplib refuses itself still get a JSON error body", "[web][server][errors]") {
  auto client = shared().server->client();
  SECTION("a method with no route") {
    auto res = client.Post("/api/search", "{}", "application/json");
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(json::parse(res->body)["error"]["code"] == "not_found");
  }
  SECTION("a URI over httplib's limit") {
    auto res = client.Get(("/api/search?q=" + std::string(9000, 'a')).c_str());
    REQUIRE(res);
    CHECK(res->status == 414);
    CHECK(json::parse(res->body) ==
          json({{"error", {{"code", "invalid_input"}, {"message", "request URI too long"}}}}));
  }
  SECTION("a body over the payload limit") {
    auto res = client.Post("/api/search", std::string(100 * 1024, 'x'), "text/plain");
    REQUIRE(res);
    CHECK(res->status == 413);
    CHECK(json::parse(res->body)["error"]["message"] == "request body too large");
  }
}

TEST_CASE("a unit is served with its neighbours in the post", "[web][server][units]") {
  json hit = search({{"q", "\"procurement budget\""}})["hits"][0];
  const auto id = hit["id"].get<std::string>();
  json view = get_json("/api/units/" + id);
  CHECK(view["unit"]["id"] == id);
  CHECK(view["unit"]["text"] == hit["text"]);
  CHECK(view["unit"]["speaker"] == sarah());
  REQUIRE(view["before"].size() == 2);
  REQUIRE(view["after"].size() == 2);
  CHECK(view["before"][1]["speaker"] == sarah());
  CHECK(view["after"][0]["text"] == "Measure where the money goes after the contract is signed.");
  json wide = get_json("/api/units/" + id, {{"radius", "0"}});
  CHECK(wide["before"].empty());
  CHECK(wide["after"].empty());
}

TEST_CASE("a long facet is searched by prefix", "[web][server][facets]") {
  json body = get_json("/api/facets/speaker", {{"prefix", "long"}});
  CHECK(body["facet"] == "speaker");
  REQUIRE(body["values"].size() == 1);
  CHECK(body["values"][0]["value"] == sarah());
  CHECK(body["values"][0]["count"] == search({{"speaker", sarah()}})["total"]);
  json orgs = get_json("/api/facets/org", {{"prefix", "LOCAL"}});
  std::set<std::string> names;
  for (const auto& v : orgs["values"]) names.insert(v["value"].get<std::string>());
  CHECK(names.count("Centre for Local Economic Strategies"));
  CHECK(names.count("Local Government Association"));
  json limited = get_json("/api/facets/speaker", {{"limit", "1"}});
  CHECK(limited["values"].size() == 1);
}

TEST_CASE("suggest serves the Searcher's completions with the query", "[web][server][suggest]") {
  // What is suggested, and in which order, is tested on the Searcher
  // (tests/query/searcher_lookup_test.cpp).
  auto searcher = query::Searcher::open(shared().db);
  REQUIRE(searcher);
  auto [q, limit, expected_limit] = GENERATE(table<std::string, std::string, std::size_t>(
      {{"sarah long", "", 10}, {"volunt", "3", 3}, {"volunt", "10", 10}, {"", "", 10}}));
  CAPTURE(q, limit);
  Params params{{"q", q}};
  if (!limit.empty()) params.emplace("limit", limit);
  json body = get_json("/api/suggest", params);
  CHECK(body.size() == 2);
  CHECK(body["query"] == q);
  auto expected = searcher->suggest(q, expected_limit);
  REQUIRE(expected);
  CHECK(body["suggestions"] == json(*expected));
  if (!q.empty()) CHECK(!body["suggestions"].empty());
}

TEST_CASE("healthz and metrics describe the server and the index", "[web][server][ops]") {
  json health = get_json("/healthz");
  CHECK(health["status"] == "ok");
  CHECK(health["units"].get<int>() > 100);
  search({{"q", "metrics warm-up"}});
  get("/api/nothing-here");
  // A request is counted just after its response is written, on the thread that wrote it, so
  // poll briefly until both requests are (they may be counted in either order).
  auto res = get("/metrics");
  for (int attempt = 0; attempt < 200; ++attempt) {
    REQUIRE(res);
    if (res->body.find("route=\"other\",status=\"404\"") != std::string::npos &&
        res->body.find("route=\"/api/search\",status=\"200\"") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    res = get("/metrics");
  }
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
  const std::string& text = res->body;
  CHECK(text.find("# TYPE civic_http_requests_total counter") != std::string::npos);
  CHECK(text.find("civic_http_requests_total{route=\"/api/search\",status=\"200\"} ") !=
        std::string::npos);
  CHECK(text.find("civic_http_requests_total{route=\"other\",status=\"404\"} ") !=
        std::string::npos);
  CHECK(text.find("# TYPE civic_http_request_duration_seconds histogram") != std::string::npos);
  CHECK(
      text.find("civic_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"} ") !=
      std::string::npos);
  CHECK(text.find("civic_http_request_duration_seconds_count{route=\"/api/search\"} ") !=
        std::string::npos);
  CHECK(text.find("civic_index_documents " + std::to_string(health["units"].get<int>()) + "\n") !=
        std::string::npos);
  CHECK(text.find("civic_index_revision " + health["revision"].get<std::string>() + "\n") !=
        std::string::npos);
}

TEST_CASE("CORS headers are sent only to allowed origins", "[web][server][cors]") {
  auto client = shared().server->client();
  SECTION("an allowed origin is echoed") {
    auto res = client.Get("/api/search?q=local", {{"Origin", "https://blog.example.org"}});
    REQUIRE(res);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "https://blog.example.org");
    CHECK(res->get_header_value("Vary").find("Origin") != std::string::npos);
  }
  SECTION("another origin gets no CORS header, even one that merely starts the same") {
    for (const char* origin : {"https://evil.example.org", "https://blog.example.org.evil.example",
                               "http://blog.example.org"}) {
      CAPTURE(origin);
      auto res = client.Get("/api/search?q=local", {{"Origin", origin}});
      REQUIRE(res);
      CHECK(res->status == 200);
      CHECK_FALSE(res->has_header("Access-Control-Allow-Origin"));
      CHECK(res->get_header_value("Vary").find("Origin") != std::string::npos);
    }
  }
  SECTION("errors carry the header too, so a page can read the message") {
    auto res = client.Get("/api/search?sort=x", {{"Origin", "https://blog.example.org"}});
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "https://blog.example.org");
  }
  SECTION("a preflight is answered for an allowed origin only") {
    auto ok = client.Options("/api/search", {{"Origin", "https://blog.example.org"},
                                             {"Access-Control-Request-Method", "GET"}});
    REQUIRE(ok);
    CHECK(ok->status == 204);
    CHECK(ok->get_header_value("Access-Control-Allow-Origin") == "https://blog.example.org");
    CHECK(ok->get_header_value("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS");
    auto refused = client.Options("/api/search", {{"Origin", "https://evil.example.org"},
                                                  {"Access-Control-Request-Method", "GET"}});
    REQUIRE(refused);
    CHECK_FALSE(refused->has_header("Access-Control-Allow-Origin"));
    CHECK_FALSE(refused->has_header("Access-Control-Allow-Methods"));
  }
}

TEST_CASE("responses are gzipped when the client accepts it", "[web][server][gzip]") {
  auto client = shared().server->client();
  client.set_decompress(false);
  auto plain = client.Get("/api/search?per_page=50");
  REQUIRE(plain);
  CHECK_FALSE(plain->has_header("Content-Encoding"));
  auto gzipped = client.Get("/api/search?per_page=50", {{"Accept-Encoding", "gzip"}});
  REQUIRE(gzipped);
  CHECK(gzipped->status == 200);
  CHECK(gzipped->get_header_value("Content-Encoding") == "gzip");
  CHECK(gzipped->get_header_value("Content-Type") == "application/json; charset=utf-8");
  REQUIRE(gzipped->body.size() > 2);
  CHECK(static_cast<unsigned char>(gzipped->body[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(gzipped->body[1]) == 0x8b);
  CHECK(gzipped->body.size() * 3 < plain->body.size());
  // httplib's client inflates it back to the same document.
  auto inflating = shared().server->client();
  auto decoded = inflating.Get("/api/search?per_page=50", {{"Accept-Encoding", "gzip"}});
  REQUIRE(decoded);
  json a = json::parse(decoded->body), b = json::parse(plain->body);
  a.erase("took_ms");
  b.erase("took_ms");
  CHECK(a == b);
}

TEST_CASE("keep-alive responses are not held back by Nagle's algorithm", "[web][server][latency]") {
  // With Nagle on, the body of each response waited ~40 ms for the client's delayed ACK.
  auto client = shared().server->client();
  client.set_keep_alive(true);
  REQUIRE(client.Get("/healthz"));
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    auto res = client.Get("/api/search?q=local&per_page=20");
    REQUIRE(res);
    REQUIRE(res->status == 200);
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(400));
}

TEST_CASE("a re-index becomes visible while the server runs", "[web][server][reindex]") {
  testing::TempDir dir;
  const fs::path db = dir / "index";
  build_index(db);
  LiveServer server(test_server(db));
  auto client = server.client();
  auto count = [&](const std::string& q) {
    auto res = client.Get(("/api/search?q=" + q).c_str());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body)["total"].get<int>();
  };
  REQUIRE(count("talkdaylate") == 0);
  const int units_before = json::parse(client.Get("/healthz")->body)["units"].get<int>();

  {  // A second run adds a post, as `civicsearch index` would.
    auto writer = indexer::IndexWriter::open(db);
    REQUIRE(writer.has_value());
    REQUIRE(writer->put(talk_post("late", "2013-01-01")).has_value());
    REQUIRE(writer->commit().has_value());
  }
  const auto committed = std::chrono::steady_clock::now();
  int found = 0;
  while (found == 0 && std::chrono::steady_clock::now() - committed < std::chrono::seconds(2)) {
    found = count("talkdaylate");
    if (found == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto waited = std::chrono::steady_clock::now() - committed;
  CHECK(found == 5);
  CHECK(waited < std::chrono::seconds(1));
  // A second after the commit every worker sees it, not only the one that answered first
  // (each reopens at most every 200 ms, on its next request).
  std::this_thread::sleep_until(committed + std::chrono::seconds(1));
  for (int i = 0; i < 20; ++i) CHECK(count("talkdaylate") == 5);
  CHECK(json::parse(client.Get("/healthz")->body)["units"] == units_before + 5);
}

TEST_CASE("the server refuses to start without an index", "[web][server]") {
  testing::TempDir dir;
  ServerOptions options;
  options.db = dir / "missing";
  options.port = 0;
  Server server(options);
  auto port = server.start();
  REQUIRE_FALSE(port.has_value());
  CHECK(port.error().code == ErrorCode::NotFound);
}

TEST_CASE("regression: a second server cannot bind a port already in use", "[web][server]") {
  // httplib's default socket options set SO_REUSEPORT, so both servers listened and shared
  // the requests between two processes.
  ServerOptions options;
  options.db = shared().db;
  options.port = shared().server->port();
  Server second(options);
  auto port = second.start();
  REQUIRE_FALSE(port.has_value());
  CHECK(port.error().code == ErrorCode::Unavailable);
  CHECK(port.error().message == "cannot listen on 127.0.0.1:" + std::to_string(options.port) +
                                    " (address in use or not available)");
}

TEST_CASE("civicsearch search --json prints the document the API serves", "[web][server][cli]") {
  const fs::path db = shared().db;
  auto [args, params] = GENERATE(table<std::string, Params>({
      {"local economy", {{"q", "local economy"}}},
      {"--speaker 'Sarah Longlands' --sort oldest local",
       {{"q", "local"}, {"speaker", "Sarah Longlands"}, {"sort", "oldest"}}},
      {"--group post --per-page 3 --page 2 council",
       {{"q", "council"}, {"group", "post"}, {"per_page", "3"}, {"page", "2"}}},
      {"--from 2010-11-01 --to 2010-11-30 --facet-limit 2 --kind bullet",
       {{"from", "2010-11-01"}, {"to", "2010-11-30"}, {"facet_limit", "2"}, {"kind", "bullet"}}},
      {"", {}},
  }));
  CAPTURE(args);
  const std::string command =
      std::string(CIVIC_BINARY) + " search --json --db '" + db.string() + "' " + args;
  std::string out;
  {
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    REQUIRE(pclose(pipe) == 0);
  }
  json cli = json::parse(out), api = search(params);
  cli.erase("took_ms");
  api.erase("took_ms");
  CHECK(cli == api);
}

}  // namespace civic::web
