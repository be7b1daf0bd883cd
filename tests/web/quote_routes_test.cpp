// Quoting a unit elsewhere, end to end: the real server on a free loopback port over the seed
// post and data/archive. Every citation format of a unit comes from /api/units/{id}/cite with
// its type; the unit page offers them all and points oEmbed consumers at /oembed, whose answer
// frames /units/{id}/card, which only this server and the allowed origins may frame. Bad
// parameters get 4xx JSON errors. (The formats' contents and their parsers: cite_test.cpp.)
#include <httplib.h>

#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>

#include "query/searcher.h"
#include "tests/index_fixture.h"
#include "tests/web/live_server.h"
#include "web/html.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kBlog = "http://127.0.0.2:8123";  // an origin allowed to embed

struct Fixture {
  fs::path db;
  std::unique_ptr<testing::LiveServer> server;
  query::Hit hit;  // a unit with a speaker and an organisation
};

Fixture& shared() {
  static std::unique_ptr<Fixture> fixture = [] {
    auto f = std::make_unique<Fixture>();
    f->db = testing::cached_index("reading-index", "1", testing::seed_and_archive());
    auto options = testing::server_options(f->db);
    options.allowed_origins = {kBlog};
    f->server = std::make_unique<testing::LiveServer>(options);
    auto searcher = query::Searcher::open(f->db);
    REQUIRE(searcher);
    query::SearchRequest request;
    request.q = "library";
    request.filters["org"] = {"Kirkhope Borough Council"};
    auto response = searcher->search(request);
    REQUIRE(response);
    REQUIRE_FALSE(response->hits.empty());
    f->hit = response->hits.front();
    REQUIRE_FALSE(f->hit.unit.speaker.empty());
    return f;
  }();
  return *fixture;
}

std::string base() { return "http://127.0.0.1:" + std::to_string(shared().server->port()); }
std::string unit_id() { return url_encode(shared().hit.unit.id); }

httplib::Result get(const std::string& target) { return shared().server->get(target); }

void check_error(const std::string& target, int status, const std::string& words) {
  auto res = get(target);
  REQUIRE(res);
  INFO(target << " \u2192 " << res->body);
  CHECK(res->status == status);
  CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
  CHECK(json::parse(res->body)["error"]["message"].get<std::string>().find(words) !=
        std::string::npos);
}

TEST_CASE("every citation format of a unit is served with its type", "[web][cite]") {
  const query::Hit& hit = shared().hit;
  const std::map<std::string, std::string> types = {
      {"text", "text/plain; charset=utf-8"},
      {"markdown", "text/markdown; charset=utf-8"},
      {"bibtex", "application/x-bibtex; charset=utf-8"},
      {"ris", "application/x-research-info-systems; charset=utf-8"},
      {"csl-json", "application/vnd.citationstyles.csl+json; charset=utf-8"}};
  for (const auto& [format, type] : types) {
    auto res = get("/api/units/" + unit_id() + "/cite?format=" + format);
    REQUIRE(res);
    INFO(format << " \u2192 " << res->body);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == type);
    // The speaker's family name is in every format (RIS and BibTeX put it first).
    const std::string family = hit.unit.speaker.substr(hit.unit.speaker.rfind(' ') + 1);
    CHECK(res->body.find(family) != std::string::npos);
    CHECK(res->body.find(base() + "/units/" + unit_id()) != std::string::npos);
  }
  auto plain = get("/api/units/" + unit_id() + "/cite");
  REQUIRE(plain);
  CHECK(plain->status == 200);
  CHECK(plain->get_header_value("Content-Type") == "text/plain; charset=utf-8");
  check_error("/api/units/" + unit_id() + "/cite?format=apa", 400, "format must be one of");
  check_error("/api/units/no-such-unit.1/cite", 404, "no-such-unit");
}

TEST_CASE("a unit page offers every citation and its oEmbed answer", "[web][cite]") {
  auto res = get("/units/" + unit_id());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string& html = res->body;
  for (const char* format : {"text", "markdown", "bibtex", "ris", "csl-json"}) {
    INFO(format);
    CHECK(html.find("<pre id=\"cite-" + std::string(format) + "\"") != std::string::npos);
    CHECK(html.find("href=\"/api/units/" + unit_id() + "/cite?format=" + format + "\"") !=
          std::string::npos);
  }
  const std::string discovery = "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"";
  const auto at = html.find(discovery);
  REQUIRE(at != std::string::npos);
  const std::string href = html.substr(
      at + discovery.size(), html.find('"', at + discovery.size()) - at - discovery.size());
  REQUIRE(href.rfind(base() + "/oembed?", 0) == 0);
  // The discovery link, unescaped, is an oEmbed request that answers.
  std::string target = href.substr(base().size());
  for (auto amp = target.find("&amp;"); amp != std::string::npos; amp = target.find("&amp;"))
    target.replace(amp, 5, "&");
  auto oembed = get(target);
  REQUIRE(oembed);
  CHECK(oembed->status == 200);
}

TEST_CASE("the oEmbed answer frames the quote card, which only allowed origins may frame",
          "[web][cite]") {
  const std::string url = url_encode(base() + "/units/" + shared().hit.unit.id);
  auto res = get("/oembed?format=json&maxwidth=320&url=" + url);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const auto answer = json::parse(res->body);
  CHECK(answer["version"] == "1.0");
  CHECK(answer["type"] == "rich");
  CHECK(answer["width"].get<int>() <= 320);
  CHECK(answer["height"].get<int>() > 0);
  CHECK(answer["html"].get<std::string>().find("/units/" + unit_id() + "/card") !=
        std::string::npos);
  CHECK(answer["author_name"] == shared().hit.unit.speaker);

  auto card = get("/units/" + unit_id() + "/card");
  REQUIRE(card);
  CHECK(card->status == 200);
  CHECK(card->get_header_value("Content-Type") == "text/html; charset=utf-8");
  const std::string policy = card->get_header_value("Content-Security-Policy");
  CHECK(policy.find(std::string("frame-ancestors 'self' ") + kBlog) != std::string::npos);
  CHECK(policy.find("script-src") == std::string::npos);
  CHECK(card->body.find("<blockquote") != std::string::npos);
  // Pages other than the embed and the card are framed by this server only.
  auto page = get("/units/" + unit_id());
  REQUIRE(page);
  CHECK(page->get_header_value("Content-Security-Policy").find("frame-ancestors 'self'") !=
        std::string::npos);
  CHECK(page->get_header_value("Content-Security-Policy").find(kBlog) == std::string::npos);
}

TEST_CASE("oEmbed refuses what it cannot answer with 4xx JSON errors", "[web][cite]") {
  const std::string url = url_encode(base() + "/units/" + shared().hit.unit.id);
  check_error("/oembed?format=xml&url=" + url, 400, "format=json");
  check_error("/oembed?format=json", 400, "url is required");
  check_error("/oembed?url=" + url_encode("https://elsewhere.example.org/units/x"), 404,
              "not a unit page of this archive");
  check_error("/oembed?url=" + url + "&maxwidth=wide", 400, "maxwidth");
  check_error("/oembed?url=" + url_encode(base() + "/units/no-such-unit.1"), 404, "no-such-unit");
}

}  // namespace
}  // namespace civic::web
