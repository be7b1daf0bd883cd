// The page, embed, feed and static routes over plain HTTP: the real server on a free loopback
// port over an index of the seed, data/archive and one hostile post whose every field carries
// markup. Feeds and OpenSearch are parsed with libxml2; pages are checked as text.
#include <httplib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>

#include "indexer/index_writer.h"
#include "query/core/html.h"
#include "query/core/text.h"
#include "tests/index_fixture.h"
#include "web/html.h"
#include "web/server.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kAllowedOrigin = "http://127.0.0.1:9";
constexpr const char* kScript = "<script>alert(1)</script>";

// A post whose title, event, url, speaker, organisation, context and text all carry markup.
PostDoc hostile_post() {
  PostDoc doc;
  doc.post.id = post_id_for("pages-hostile", "pages-test:hostile");
  doc.post.title = "Hostile <script>alert('title')</script> post";
  doc.post.date = "2031-01-02";
  doc.post.url = "https://fixture.example.org/hostile/?a=\"onmouseover=alert(1)";
  doc.post.event = "<b>Evil Event</b>";
  Unit unit;
  unit.kind = UnitKind::Bullet;
  unit.text = std::string("Zyxquor says ") + kScript + " and more.";
  unit.context = "Lead-in <i>with markup</i>:";
  unit.speaker = "Eve <img src=x onerror=alert(1)>";
  unit.org = "Org & \"Partners\"";
  unit.themes = {"Theme <u>x</u>"};
  doc.units.push_back(unit);
  finalise_post(doc);
  return doc;
}

// The seed and data/archive through run_index (with attribution, so speakers and themes are
// filled in; the gazetteer and themes named, not found from the working directory), then the
// hostile post added with IndexWriter. Built once per test run (tests/fixture_cache.h).
fs::path shared_index() {
  return testing::cached_index(
      "pages-index", "1",
      {testing::corpus_dir() / "seed", testing::source_dir() / "data" / "archive"}, "hostile post",
      [](const fs::path& db) {
        auto writer = indexer::IndexWriter::open(db);
        REQUIRE(writer.has_value());
        REQUIRE(writer->put(hostile_post()).has_value());
        REQUIRE(writer->commit().has_value());
      },
      {}, /*refused_ok=*/true);  // some files may be refused (seed/SOURCE.md is not)
}

struct Fixture {
  testing::TempDir dir;  // empty: for paths that must not exist
  fs::path db;
  std::unique_ptr<Server> server;
  int port = 0;
};

Fixture& shared() {
  static std::unique_ptr<Fixture> fixture = [] {
    auto f = std::make_unique<Fixture>();
    f->db = shared_index();
    ServerOptions options;
    options.db = f->db;
    options.port = 0;
    options.threads = 4;
    options.allowed_origins = {kAllowedOrigin};
    f->server = std::make_unique<Server>(options);
    auto port = f->server->start();
    REQUIRE(port.has_value());
    f->port = *port;
    return f;
  }();
  return *fixture;
}

std::string base() { return "http://127.0.0.1:" + std::to_string(shared().port); }

httplib::Result get(const std::string& target, const httplib::Headers& headers = {}) {
  httplib::Client client("127.0.0.1", shared().port);
  client.set_read_timeout(10, 0);
  return client.Get(target.c_str(), headers);
}

std::string page(const std::string& target, int status = 200) {
  auto res = get(target);
  REQUIRE(res);
  INFO(target << " → " << res->body.substr(0, 400));
  REQUIRE(res->status == status);
  return res->body;
}

json api(const std::string& target) { return json::parse(page(target)); }

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1))
    ++n;
  return n;
}

// A parsed XML document with XPath over the Atom and OpenSearch namespaces.
class Xml {
 public:
  explicit Xml(const std::string& bytes)
      : doc_(xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), "test.xml", nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
             xmlFreeDoc) {
    REQUIRE(doc_ != nullptr);
    ctx_.reset(xmlXPathNewContext(doc_.get()));
    xmlXPathRegisterNs(ctx_.get(), BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
    xmlXPathRegisterNs(ctx_.get(), BAD_CAST "os", BAD_CAST "http://a9.com/-/spec/opensearch/1.1/");
  }

  /// The string values of the nodes `xpath` selects, in document order.
  std::vector<std::string> all(const std::string& xpath) const {
    std::vector<std::string> out;
    std::unique_ptr<xmlXPathObject, void (*)(xmlXPathObjectPtr)> result(
        xmlXPathEvalExpression(BAD_CAST xpath.c_str(), ctx_.get()), xmlXPathFreeObject);
    REQUIRE(result != nullptr);
    if (!result->nodesetval) return out;
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
      xmlChar* text = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      xmlFree(text);
    }
    return out;
  }

  std::string one(const std::string& xpath) const {
    auto values = all(xpath);
    INFO(xpath);
    REQUIRE(values.size() == 1);
    return values[0];
  }

 private:
  struct FreeContext {
    void operator()(xmlXPathContextPtr p) const { xmlXPathFreeContext(p); }
  };
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc_;
  std::unique_ptr<xmlXPathContext, FreeContext> ctx_;
};

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

TEST_CASE("the no-JS search page carries the hits, facets and pagination links", "[web][pages]") {
  const std::string html = page("/search?q=council&per_page=3");
  const json body = api("/api/search?q=council&per_page=3");
  REQUIRE(body["total"].get<int>() > 6);

  // The same hits as the API, snippets and all.
  CHECK(count(html, "<li class=\"hit\">") == 3);
  for (const auto& hit : body["hits"]) {
    CHECK(html.find(hit["snippet"].get<std::string>()) != std::string::npos);
  }
  CHECK(html.find(thousands(body["total"].get<std::size_t>()) +
                  " results for \u201ccouncil\u201d") != std::string::npos);
  // Facets as checkboxes of the GET form, with their counts.
  for (const char* facet : {"speaker", "org", "theme", "event", "kind", "year"}) {
    CAPTURE(facet);
    const auto& values = body["facets"][facet];
    REQUIRE(!values.empty());
    const std::string value = values[0]["value"].get<std::string>();
    CHECK(html.find("name=\"" + std::string(facet) + "\" value=\"" + html::escape(value) +
                    "\" form=\"search-form\"><span class=\"facet-name\">" + html::escape(value) +
                    "</span><span class=\"facet-count\">" +
                    thousands(values[0]["count"].get<std::size_t>()) + "</span>") !=
          std::string::npos);
  }
  // Pagination links keep the search and name the page.
  CHECK(html.find("<a href=\"/search?q=council&amp;per_page=3&amp;page=2\" rel=\"next\"") !=
        std::string::npos);
  CHECK(html.find("aria-current=\"page\">1</a>") != std::string::npos);
  // The form carries per_page on, so a no-JS search keeps the page size.
  CHECK(html.find("<input type=\"hidden\" name=\"per_page\" value=\"3\">") != std::string::npos);

  SECTION("page 2 links back to page 1 and shows the next hits") {
    const std::string second = page("/search?q=council&per_page=3&page=2");
    const json next = api("/api/search?q=council&per_page=3&page=2");
    CHECK(second.find("<ol class=\"hits\" id=\"hits\" start=\"4\">") != std::string::npos);
    CHECK(second.find(next["hits"][0]["snippet"].get<std::string>()) != std::string::npos);
    CHECK(second.find("<a href=\"/search?q=council&amp;per_page=3\" rel=\"prev\"") !=
          std::string::npos);
  }
  SECTION("a ticked speaker stays ticked and narrows the hits as the API does") {
    const std::string speaker = body["facets"]["speaker"][0]["value"].get<std::string>();
    const std::string q = "q=council&speaker=" + url_encode(speaker);
    const std::string filtered = page("/search?" + q);
    const json narrowed = api("/api/search?" + q);
    CHECK(filtered.find("value=\"" + html::escape(speaker) + "\" form=\"search-form\" checked>") !=
          std::string::npos);
    CHECK(filtered.find(thousands(narrowed["total"].get<std::size_t>()) + " result") !=
          std::string::npos);
    CHECK(count(filtered, "<li class=\"hit\">") == narrowed["hits"].size());
  }
}

TEST_CASE("the page holds the search's timeline and who said it most, as the API counts them",
          "[web][pages][explore]") {
  const std::string html = page("/search?q=council&sort=newest");
  const json timeline = api("/api/timeline?q=council");
  const json top = api("/api/top?q=council");
  REQUIRE(timeline["buckets"].size() > 1);
  REQUIRE(top["entries"].size() > 1);
  CHECK(html.find("<section class=\"timeline\" id=\"timeline\" aria-labelledby=") !=
        std::string::npos);
  // The chart sits above the hits, the panel in the sidebar before the facets.
  CHECK(html.find("id=\"timeline\"") < html.find("<ol class=\"hits\""));
  CHECK(html.find("id=\"who-said\"") < html.find("id=\"facet-speaker\""));
  // Every bucket with a match is a link narrowing the search to it, named by its count.
  std::size_t bars = 0;
  for (const auto& bucket : timeline["buckets"]) {
    const auto units = bucket["units"].get<std::size_t>();
    if (units == 0) continue;
    ++bars;
    const std::string key = bucket["key"].get<std::string>();
    CAPTURE(key);
    CHECK(html.find("<a class=\"bar\" href=\"/search?q=council&amp;sort=newest&amp;from=" +
                    bucket["from"].get<std::string>() +
                    "&amp;to=" + bucket["to"].get<std::string>() + "\"") != std::string::npos);
    CHECK(html.find(": " + thousands(units) + (units == 1 ? " unit</title>" : " units</title>")) !=
          std::string::npos);
  }
  CHECK(count(html, "<a class=\"bar\"") == bars);
  // The panel lists the API's top speakers, each narrowing the search to them.
  for (const auto& entry : top["entries"]) {
    const std::string value = entry["value"].get<std::string>();
    CAPTURE(value);
    CHECK(html.find("<a class=\"who-name\" href=\"/search?q=council&amp;sort=newest&amp;speaker=" +
                    url_encode(value) + "\">" + html::escape(value) +
                    "</a><span class=\"who-count\">" +
                    thousands(entry["units"].get<std::size_t>()) + " unit") != std::string::npos);
    CHECK(html.find("href=\"/speakers/" + entry["slug"].get<std::string>() + "\"") !=
          std::string::npos);
  }

  SECTION("the script's fragment is the page's chart and panel") {
    const std::string parts = page("/search/explore?q=council&sort=newest");
    const auto panel = parts.find("<details class=\"who-said\"");
    REQUIRE(panel != std::string::npos);
    CHECK(html.find(parts.substr(0, panel)) != std::string::npos);
    CHECK(html.find(parts.substr(panel)) != std::string::npos);
  }
  SECTION("the view's choices reach the counts and outlive a new search") {
    const std::string split = page("/search?q=council&split=speaker&chart=share&by=org");
    const json orgs = api("/api/top?q=council&by=org");
    CHECK(split.find("<ul class=\"timeline-legend\">") != std::string::npos);
    CHECK(split.find("aria-current=\"true\">Share of all that was said</a>") != std::string::npos);
    CHECK(split.find(">" + html::escape(orgs["entries"][0]["value"].get<std::string>()) + "</a>") !=
          std::string::npos);
    CHECK(split.find("href=\"/orgs/" + orgs["entries"][0]["slug"].get<std::string>() + "\"") !=
          std::string::npos);
    // The search form carries the view on, and so do the pages' links.
    CHECK(split.find("<input type=\"hidden\" name=\"split\" value=\"speaker\">") !=
          std::string::npos);
    CHECK(split.find("&amp;page=2\" rel=\"next\"") != std::string::npos);
    CHECK(split.find("chart=share&amp;split=speaker&amp;by=org&amp;page=2\"") != std::string::npos);
  }
  SECTION("nothing matched: neither chart nor ranking") {
    const std::string none = page("/search?q=qqzzxxnothingmatches");
    CHECK(none.find("<section class=\"timeline\" id=\"timeline\" hidden></section>") !=
          std::string::npos);
    CHECK(none.find("<svg class=\"timeline-svg") == std::string::npos);
    CHECK(none.find("No speaker is named in these matches.") != std::string::npos);
  }
  SECTION("a refused search shows neither") {
    const std::string refused = page("/search?q=council&from=2010-02-30", 400);
    CHECK(refused.find("<section class=\"timeline\" id=\"timeline\" hidden>") != std::string::npos);
    CHECK(refused.find("<details class=\"who-said\" id=\"who-said\" hidden>") != std::string::npos);
    CHECK(page("/search/explore?q=council&from=2010-02-30", 400).find("hidden") !=
          std::string::npos);
  }
}

TEST_CASE("the page without parameters is a working GET form that links feed and OpenSearch",
          "[web][pages]") {
  const std::string html = page("/");
  CHECK(html.find("<form id=\"search-form\" class=\"search-form\" action=\"/search\" "
                  "method=\"get\" role=\"search\">") != std::string::npos);
  CHECK(html.find("<label for=\"q\"") != std::string::npos);
  CHECK(html.find("<input id=\"q\" name=\"q\" type=\"search\"") != std::string::npos);
  CHECK(html.find("<link rel=\"search\" type=\"application/opensearchdescription+xml\" "
                  "title=\"Civic Search\" href=\"" +
                  base() + "/opensearch.xml\">") != std::string::npos);
  CHECK(html.find("<link rel=\"alternate\" type=\"application/atom+xml\"") != std::string::npos);
  CHECK(html.find("href=\"" + base() + "/feed.atom\"") != std::string::npos);
  // One script, external and versioned; no inline script or style for the CSP to refuse.
  CHECK(count(html, "<script") == 1);
  CHECK(std::regex_search(html, std::regex("<script src=\"/static/app\\.js\\?v=[0-9a-f]{16}\" "
                                           "defer></script>")));
  CHECK(html.find("<style") == std::string::npos);
  CHECK(html.find(" style=") == std::string::npos);
}

TEST_CASE("a refused search shows its reason on the page with status 400", "[web][pages]") {
  const std::string html = page("/search?q=council&from=2010-02-30", 400);
  CHECK(html.find("from must be a date as YYYY-MM-DD, not &#39;2010-02-30&#39;") !=
        std::string::npos);
  CHECK(html.find("action=\"/search\"") != std::string::npos);
}

TEST_CASE("archive text with markup is escaped in the page, the embed and the feed",
          "[web][pages][escaping]") {
  const std::string raw_speaker = "Eve <img src=x onerror=alert(1)>";
  SECTION("page") {
    const std::string html = page("/search?q=zyxquor");
    CHECK(count(html, "<li class=\"hit\">") == 1);
    CHECK(html.find(kScript) == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<b>Evil") == std::string::npos);
    CHECK(html.find("<i>with") == std::string::npos);
    CHECK(html.find("\"onmouseover") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("<span class=\"hit-speaker\"><a href=\"/speakers/" +
                    text::slug(raw_speaker) + "\">" + html::escape(raw_speaker) +
                    "</a></span>") != std::string::npos);
    CHECK(html.find("<span class=\"hit-org\"><a href=\"/orgs/" +
                    text::slug("Org & \"Partners\"") +
                    "\">Org &amp; &quot;Partners&quot;</a></span>") != std::string::npos);
    CHECK(html.find("<p class=\"hit-context\">Lead-in &lt;i&gt;with markup&lt;/i&gt;:</p>") !=
          std::string::npos);
    CHECK(html.find("<mark>Zyxquor</mark>") != std::string::npos);
    // Facet values are escaped in the checkbox's value and label too.
    CHECK(html.find("value=\"" + html::escape(raw_speaker) + "\"") != std::string::npos);
    // The query itself is echoed escaped.
    const std::string echoed = page("/search?q=%22%3E%3Cscript%3Ex");
    CHECK(echoed.find("\"><script>x") == std::string::npos);
    CHECK(echoed.find("value=\"&quot;&gt;&lt;script&gt;x\"") != std::string::npos);
  }
  SECTION("embed") {
    const std::string html = page("/embed?q=zyxquor");
    CHECK(count(html, "class=\"civic-hit\"") == 1);
    CHECK(html.find(kScript) == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  }
  SECTION("feed") {
    const std::string bytes = page("/feed.atom?q=zyxquor");
    CHECK(bytes.find(kScript) == std::string::npos);
    Xml feed(bytes);
    // Parsed back, every field is the original text: escaped once, not lost.
    CHECK(feed.one("/a:feed/a:entry/a:content") == hostile_post().units[0].text);
    CHECK(feed.one("/a:feed/a:entry/a:author/a:name") == raw_speaker);
    CHECK(feed.one("/a:feed/a:entry/a:title") ==
          raw_speaker + " \u2014 Hostile <script>alert('title')</script> post");
    // The entry links to the unit's page; the paragraph in the post is related.
    const json hit = api("/api/search?q=zyxquor")["hits"][0];
    CHECK(feed.one("/a:feed/a:entry/a:link[@rel='alternate']/@href") ==
          base() + "/units/" + url_encode(hit["id"].get<std::string>()));
    CHECK(feed.one("/a:feed/a:entry/a:link[@rel='related'][@type='text/html']/@href") ==
          hit["url"].get<std::string>());
    CHECK(starts_with(hit["url"].get<std::string>(), hostile_post().post.url));
  }
}

TEST_CASE("the Atom feed parses, links back absolutely and follows the query and filters",
          "[web][feed]") {
  const json api_hits = api("/api/search?q=council&speaker=Kevin%20Douglas&sort=newest");
  REQUIRE(api_hits["total"].get<int>() >= 2);
  auto res = get("/feed.atom?q=council&speaker=Kevin%20Douglas");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/atom+xml; charset=utf-8");
  Xml feed(res->body);
  CHECK(feed.one("/a:feed/a:title") == "Civic Search: council (speaker=Kevin Douglas)");
  CHECK(feed.one("/a:feed/a:link[@rel='self']/@href") ==
        base() + "/feed.atom?q=council&speaker=Kevin%20Douglas");
  CHECK(feed.one("/a:feed/a:link[@rel='alternate']/@href") ==
        base() + "/search?q=council&speaker=Kevin%20Douglas");
  CHECK(feed.one("/a:feed/a:id") == base() + "/feed.atom?q=council&speaker=Kevin%20Douglas");
  CHECK(
      std::regex_match(feed.one("/a:feed/a:updated"), std::regex(R"(\d{4}-\d\d-\d\dT00:00:00Z)")));

  // The entries are the API's hits for the same search, newest first.
  const auto ids = feed.all("/a:feed/a:entry/a:id");
  REQUIRE(ids.size() == api_hits["hits"].size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    CHECK(ids[i] ==
          base() + "/api/units/" + url_encode(api_hits["hits"][i]["id"].get<std::string>()));
  }
  for (const auto& author : feed.all("/a:feed/a:entry/a:author/a:name")) {
    CHECK(author == "Kevin Douglas");
  }
  const auto updated = feed.all("/a:feed/a:entry/a:updated");
  CHECK(std::is_sorted(updated.rbegin(), updated.rend()));
  for (const auto& href : feed.all("//a:link/@href")) {
    CAPTURE(href);
    CHECK((starts_with(href, base() + "/") || starts_with(href, "https://") ||
           starts_with(href, "http://")));
  }

  SECTION("links use the Host the reader asked for, and refuse a Host that is not a host name") {
    auto named = get("/feed.atom?q=council", {{"Host", "search.example.org:8443"}});
    REQUIRE(named);
    CHECK(Xml(named->body).one("/a:feed/a:link[@rel='self']/@href") ==
          "http://search.example.org:8443/feed.atom?q=council");
    auto hostile = get("/feed.atom?q=council", {{"Host", "x\"><evil"}});
    REQUIRE(hostile);
    CHECK(Xml(hostile->body).one("/a:feed/a:link[@rel='self']/@href") ==
          base() + "/feed.atom?q=council");
  }
  SECTION("per_page sets the length; the feed is newest first whatever sort says") {
    Xml three(page("/feed.atom?per_page=3&sort=oldest"));
    const auto dates = three.all("/a:feed/a:entry/a:updated");
    CHECK(dates.size() == 3);
    CHECK(std::is_sorted(dates.rbegin(), dates.rend()));
    CHECK(dates[0] == "2031-01-02T00:00:00Z");  // the hostile post is the newest
  }
  SECTION("a bad filter is a JSON 400") {
    auto bad = get("/feed.atom?sort=sideways");
    REQUIRE(bad);
    CHECK(bad->status == 400);
  }
}

TEST_CASE("the OpenSearch description parses and has absolute templates", "[web][feed]") {
  auto res = get("/opensearch.xml");
  REQUIRE(res);
  CHECK(res->get_header_value("Content-Type") ==
        "application/opensearchdescription+xml; charset=utf-8");
  Xml os(res->body);
  CHECK(os.one("/os:OpenSearchDescription/os:ShortName") == "Civic Search");
  CHECK(os.one("/os:OpenSearchDescription/os:Url[@type='text/html']/@template") ==
        base() + "/search?q={searchTerms}&page={startPage?}");
  CHECK(os.one("/os:OpenSearchDescription/os:Url[@type='application/atom+xml']/@template") ==
        base() + "/feed.atom?q={searchTerms}");
}

TEST_CASE("a public URL option fixes the links of feeds and OpenSearch", "[web][feed]") {
  ServerOptions options;
  options.db = shared().db;
  options.port = 0;
  options.threads = 1;
  options.public_url = "https://search.example.org/";
  Server server(options);
  auto port = server.start();
  REQUIRE(port.has_value());
  httplib::Client client("127.0.0.1", *port);
  auto feed = client.Get("/feed.atom?q=council");
  REQUIRE(feed);
  CHECK(Xml(feed->body).one("/a:feed/a:link[@rel='self']/@href") ==
        "https://search.example.org/feed.atom?q=council");
  auto os = client.Get("/opensearch.xml");
  REQUIRE(os);
  CHECK(os->body.find("template=\"https://search.example.org/search?q={searchTerms}") !=
        std::string::npos);
  server.stop();
}

TEST_CASE("responses carry content types, cache and security headers", "[web][static]") {
  auto [target, type, cache] = GENERATE(table<std::string, std::string, std::string>({
      {"/", "text/html; charset=utf-8", "public, max-age=60"},
      {"/search?q=council", "text/html; charset=utf-8", "public, max-age=60"},
      {"/embed?q=council", "text/html; charset=utf-8", "public, max-age=60"},
      {"/search/explore?q=council", "text/html; charset=utf-8", "public, max-age=60"},
      {"/embed.js", "text/javascript; charset=utf-8", "public, max-age=3600"},
      {"/static/app.js", "text/javascript; charset=utf-8", "public, max-age=300"},
      {"/static/app.css", "text/css; charset=utf-8", "public, max-age=300"},
      {"/static/embed.css", "text/css; charset=utf-8", "public, max-age=300"},
      {"/static/icon.svg", "image/svg+xml", "public, max-age=300"},
      {"/feed.atom", "application/atom+xml; charset=utf-8", "public, max-age=300"},
      {"/opensearch.xml", "application/opensearchdescription+xml; charset=utf-8",
       "public, max-age=300"},
  }));
  CAPTURE(target);
  auto res = get(target);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == type);
  CHECK(res->get_header_value("Cache-Control") == cache);
  CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(res->get_header_value("Referrer-Policy") == "strict-origin-when-cross-origin");
  const std::string csp = res->get_header_value("Content-Security-Policy");
  CHECK(!csp.empty());
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(csp.find("unsafe-eval") == std::string::npos);
  if (starts_with(type, "text/html")) {
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("style-src 'self'") != std::string::npos);
  }
}

TEST_CASE("only the embed page may be framed by the allowed origins", "[web][static]") {
  auto embed = get("/embed");
  REQUIRE(embed);
  CHECK(embed->get_header_value("Content-Security-Policy")
            .find(std::string("frame-ancestors 'self' ") + kAllowedOrigin) != std::string::npos);
  auto search = get("/search");
  REQUIRE(search);
  CHECK(search->get_header_value("Content-Security-Policy").ends_with("frame-ancestors 'self'"));
  auto json_res = get("/api/search");
  REQUIRE(json_res);
  CHECK(json_res->get_header_value("Content-Security-Policy") ==
        "default-src 'none'; frame-ancestors 'none'");
}

TEST_CASE("versioned assets are cached for a year and revalidate by ETag", "[web][static]") {
  const std::string html = page("/");
  std::smatch m;
  REQUIRE(std::regex_search(html, m, std::regex("/static/app\\.css\\?v=([0-9a-f]{16})")));
  auto versioned = get(m.str(0));
  REQUIRE(versioned);
  CHECK(versioned->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");
  CHECK(versioned->get_header_value("ETag") == "\"" + m.str(1) + "\"");
  auto stale = get("/static/app.css?v=0000000000000000");
  REQUIRE(stale);
  CHECK(stale->get_header_value("Cache-Control") == "public, max-age=300");
  auto revalidated = get("/static/app.css", {{"If-None-Match", "\"" + m.str(1) + "\""}});
  REQUIRE(revalidated);
  CHECK(revalidated->status == 304);
  CHECK(revalidated->body.empty());
}

TEST_CASE("static paths cannot leave the static directory", "[web][static]") {
  const std::string target =
      GENERATE(as<std::string>{}, "/static/../CMakeLists.txt", "/static/%2e%2e/CMakeLists.txt",
               "/static/%2e%2e%2fCMakeLists.txt", "/static/..%2f..%2fweb%2fserver.cpp",
               "/static/%2e%2e/%2e%2e/CMakeLists.txt", "/static//etc/passwd",
               "/static/.%2e/web/CMakeLists.txt", "/static/app.js%00.txt", "/static/nope.js");
  CAPTURE(target);
  auto res = get(target);
  REQUIRE(res);
  CHECK((res->status == 404 || res->status == 400));
  CHECK(res->body.find("cmake_minimum_required") == std::string::npos);
  CHECK(res->body.find("root:") == std::string::npos);
}

TEST_CASE("the embed page shows the top hits and refuses bad options", "[web][pages]") {
  const std::string html = page("/embed?q=council&results=2&theme=dark");
  CHECK(count(html, "class=\"civic-hit\"") == 2);
  CHECK(html.find("data-theme=\"dark\"") != std::string::npos);
  CHECK(html.find("target=\"_top\" href=\"" + base() + "/search?q=council\">All ") !=
        std::string::npos);
  CHECK(page("/embed").find("class=\"civic-hit\"") == std::string::npos);
  page("/embed?q=council&results=99", 400);
  CHECK(page("/embed?theme=%3Cx%3E").find("data-theme=\"auto\"") != std::string::npos);
}

TEST_CASE("the server refuses to start without its static files", "[web][static]") {
  ServerOptions options;
  options.db = shared().db;
  options.port = 0;
  options.static_dir = shared().dir / "no-such-dir";
  Server server(options);
  auto started = server.start();
  REQUIRE(!started);
  CHECK(started.error().code == ErrorCode::NotFound);
  CHECK(started.error().message ==
        (shared().dir / "no-such-dir").string() + ": no static files directory (see --static)");
}

}  // namespace civic::web
