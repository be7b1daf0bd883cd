// Who said a hit, and where it was written, as a reader sees it: "Speaker · Role, Organisation"
// on the server-rendered page and in the embed (escaped), the event and "by <author>" beside it,
// and role, mentions and the post's author in /api/search and /api/units/{id}. The real server
// over the JSONL fixture with roles (through run_index, as `civicsearch index`) and a hand-built
// post whose fields carry markup.
#include <httplib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "indexer/index_writer.h"
#include "query/core/html.h"
#include "tests/index_fixture.h"
#include "web/html.h"
#include "web/page_parts.h"
#include "web/server.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

fs::path roles_fixture() {
  return testing::source_dir() / "tests" / "fixtures" / "roles" / "rural-summit.jsonl";
}

std::vector<json> fixture_lines() {
  std::vector<json> out;
  std::istringstream in(testing::slurp(roles_fixture()));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

std::string field(const json& line, const char* key) { return line.value(key, std::string()); }

// One unit per way of combining speaker, role and organisation, each findable by its own word.
struct WhoCase {
  std::string word, speaker, role, org;
  std::string shown;  // the line the page must show for it ("" = none)
};

const std::vector<WhoCase>& who_cases() {
  static const std::vector<WhoCase> kCases = {
      {"quillofax", "Nell <b>Harte</b>", "Chair & Host", "Fellside \"Trust\"",
       "Nell <b>Harte</b> \u00b7 Chair & Host, Fellside \"Trust\""},
      {"brandivore", "", "Treasurer", "Fellside Trust", "Treasurer, Fellside Trust"},
      {"wemblish", "Ivo Marchetti", "", "Fellside Trust", "Ivo Marchetti \u00b7 Fellside Trust"},
      {"zentaroo", "Ivo Marchetti", "Trustee", "", "Ivo Marchetti \u00b7 Trustee"},
      {"plontiver", "", "", "Fellside Trust", "Fellside Trust"},
      {"grobnitz", "", "", "", ""},
  };
  return kCases;
}

PostDoc who_post() {
  PostDoc doc;
  doc.post.id = post_id_for("who-said-test", "who-said-test:post");
  doc.post.title = "Fellside Evening";
  doc.post.date = "2020-05-06";
  doc.post.url = "https://fixture.example.org/fellside-evening/";
  doc.post.author = "Quentin <i>Blogwright</i>";
  doc.post.event = "Fellside <Evening> 2020";
  for (const WhoCase& c : who_cases()) {
    Unit unit;
    unit.text = "The " + c.word + " proposal was discussed at length.";
    unit.speaker = c.speaker;
    unit.role = c.role;
    unit.org = c.org;
    if (!c.speaker.empty()) unit.mentions = {"Fellside Trust", "Ryedale Parish"};
    doc.units.push_back(std::move(unit));
  }
  finalise_post(doc);
  return doc;
}

struct Fixture {
  std::unique_ptr<Server> server;
  int port = 0;
};

// tests/fixtures/roles and the who post, built once per test run (tests/fixture_cache.h); this
// process's server over it.
Fixture& shared() {
  static std::unique_ptr<Fixture> fixture = [] {
    auto f = std::make_unique<Fixture>();
    const fs::path db = testing::cached_index("who-said-index", "1", {roles_fixture()}, "who post",
                                              [](const fs::path& index) {
                                                auto writer = indexer::IndexWriter::open(index);
                                                REQUIRE(writer);
                                                REQUIRE(writer->put(who_post()));
                                                REQUIRE(writer->commit());
                                              });
    ServerOptions options;
    options.db = db;
    options.port = 0;
    options.threads = 2;
    f->server = std::make_unique<Server>(options);
    auto port = f->server->start();
    REQUIRE(port.has_value());
    f->port = *port;
    return f;
  }();
  return *fixture;
}

std::string get(const std::string& target) {
  httplib::Client client("127.0.0.1", shared().port);
  client.set_read_timeout(10, 0);
  auto res = client.Get(target.c_str());
  REQUIRE(res);
  INFO(target << " → " << res->body.substr(0, 300));
  REQUIRE(res->status == 200);
  return res->body;
}

json api(const std::string& target) { return json::parse(get(target)); }

std::string unescape(std::string s) {
  const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, text] : kEntities) {
    for (auto at = s.find(entity); at != std::string::npos; at = s.find(entity, at + 1)) {
      s.replace(at, std::string_view(entity).size(), text);
    }
  }
  return s;
}

// The text of the element that starts at the first `open` in `html` (tags dropped, entities
// decoded); nullopt when there is none.
std::optional<std::string> element_text(const std::string& html, const std::string& open) {
  const auto start = html.find(open);
  if (start == std::string::npos) return std::nullopt;
  const std::string tag = open.substr(1, open.find_first_of(" >") - 1);
  int depth = 0;
  std::string text;
  for (std::size_t i = start; i < html.size();) {
    if (html[i] != '<') {
      const auto next = html.find('<', i);
      text += html.substr(i, next - i);
      i = next;
      continue;
    }
    const auto end = html.find('>', i);
    REQUIRE(end != std::string::npos);
    const std::string inner = html.substr(i + 1, end - i - 1);
    if (inner.rfind(tag, 0) == 0 && (inner.size() == tag.size() || inner[tag.size()] == ' ')) {
      ++depth;
    } else if (inner == "/" + tag && --depth == 0) {
      return unescape(text);
    }
    i = end + 1;
  }
  return std::nullopt;
}

// The page's hits, one string of markup each.
std::vector<std::string> page_hits(const std::string& html) {
  std::vector<std::string> out;
  const std::string open = "<li class=\"hit\">";
  for (auto at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    out.push_back(html.substr(at, html.find("</li>", at) - at));
  }
  return out;
}

}  // namespace

TEST_CASE(
    "a hit on the page shows speaker · role, organisation, escaped, parts left out when empty",
    "[web][pages][who]") {
  const PostDoc doc = who_post();
  for (const WhoCase& c : who_cases()) {
    CAPTURE(c.word);
    const std::string html = get("/search?q=" + c.word);
    const auto hits = page_hits(html);
    REQUIRE(hits.size() == 1);
    const auto who = element_text(hits[0], "<span class=\"hit-who\">");
    if (c.shown.empty()) {
      CHECK_FALSE(who);
    } else {
      REQUIRE(who);
      CHECK(*who == c.shown);
    }
    // The meta line: who, then the event, the date and the post's author, all escaped, and the
    // link to the paragraph in the post.
    const auto meta = element_text(hits[0], "<p class=\"hit-meta\">");
    REQUIRE(meta);
    const std::string after_who = (c.shown.empty() ? "" : c.shown + " \u00b7 ") + doc.post.event +
                                  " \u00b7 " + doc.post.date + " \u00b7 by " + doc.post.author +
                                  " \u00b7 paragraph \u00b7 original post";
    CHECK(*meta == after_who);
    CHECK(hits[0].find("<b>") == std::string::npos);
    CHECK(hits[0].find("<i>") == std::string::npos);
    CHECK(hits[0].find("<Evening>") == std::string::npos);
    if (!c.role.empty()) {
      CHECK(hits[0].find("<span class=\"hit-role\">" + html::escape(c.role) + "</span>") !=
            std::string::npos);
    }

    // The embed shows the same line, then the date and the link into the post.
    const std::string embed = get("/embed?q=" + c.word);
    const auto embed_meta = element_text(embed, "<p class=\"civic-meta\">");
    REQUIRE(embed_meta);
    CHECK(*embed_meta ==
          (c.shown.empty() ? "" : c.shown + " \u00b7 ") + doc.post.date + " \u00b7 in the post");
  }
}

TEST_CASE("the page shows the fixture's roles and who wrote each hit", "[web][pages][who]") {
  const auto lines = fixture_lines();
  REQUIRE(lines.size() >= 5);
  const std::string blogger = field(lines.front(), "author");
  std::size_t with_role = 0;
  for (const json& line : lines) {
    const std::string text = field(line, "text");
    CAPTURE(text);
    // The unit's own hit: its text is the snippet of the first hit for its exact phrase.
    const std::string html = get("/search?q=" + url_encode("\"" + text + "\"") + "&per_page=1");
    const auto hits = page_hits(html);
    REQUIRE(hits.size() == 1);
    const std::string speaker = field(line, "speaker"), role = field(line, "role"),
                      org = field(line, "org");
    const auto who = element_text(hits[0], "<span class=\"hit-who\">");
    if (!role.empty()) {
      ++with_role;
      REQUIRE(who);
      const std::string role_org = org.empty() ? role : role + ", " + org;
      CHECK(*who == (speaker.empty() ? role_org : speaker + " \u00b7 " + role_org));
    }
    CHECK(hits[0].find("<span class=\"hit-event\"><a href=\"" +
                       html::escape(event_path(field(line, "event"))) + "\">" +
                       html::escape(field(line, "event")) + "</a></span>") != std::string::npos);
    // "by" names who wrote the text: the commenter on a comment, else the blogger.
    const std::string by = field(line, "kind") == "comment" ? field(line, "author") : blogger;
    CHECK(hits[0].find("<span class=\"hit-author\">by " + html::escape(by) + "</span>") !=
          std::string::npos);
  }
  CHECK(with_role >= 3);
}

TEST_CASE("/api/search and /api/units/{id} carry role, mentions and the post's author and event",
          "[web][api][who]") {
  const PostDoc doc = who_post();
  for (std::size_t i = 0; i < who_cases().size(); ++i) {
    const WhoCase& c = who_cases()[i];
    const Unit& unit = doc.units[i];
    CAPTURE(c.word);
    const json body = api("/api/search?q=" + c.word);
    REQUIRE(body["hits"].size() == 1);
    const json& hit = body["hits"][0];
    CHECK(hit["id"] == unit.id);
    CHECK(hit["role"] == (c.role.empty() ? json(nullptr) : json(c.role)));
    CHECK(hit["speaker"] == (c.speaker.empty() ? json(nullptr) : json(c.speaker)));
    CHECK(hit["mentions"] == json(unit.mentions));
    CHECK(hit["event"] == doc.post.event);
    CHECK(hit["post"]["author"] == doc.post.author);
    CHECK(hit["post"]["date"] == doc.post.date);

    const json view = api("/api/units/" + url_encode(unit.id));
    CHECK(view["unit"]["role"] == hit["role"]);
    CHECK(view["unit"]["mentions"] == hit["mentions"]);
    CHECK(view["unit"]["post"]["author"] == doc.post.author);
    // Neighbours are hits too, with their own roles.
    for (const char* side : {"before", "after"}) {
      for (const json& neighbour : view[side]) {
        const auto at = std::find_if(doc.units.begin(), doc.units.end(), [&](const Unit& u) {
          return u.id == neighbour["id"].get<std::string>();
        });
        REQUIRE(at != doc.units.end());
        const auto n = static_cast<std::size_t>(at - doc.units.begin());
        const std::string& role = who_cases()[n].role;
        CHECK(neighbour["role"] == (role.empty() ? json(nullptr) : json(role)));
      }
    }
  }
  // A post without an author says so with null, as for every other missing field.
  const json plain =
      api("/api/search?q=" + url_encode("\"" + field(fixture_lines()[1], "text") + "\""));
  REQUIRE(!plain["hits"].empty());
  CHECK(plain["hits"][0]["post"]["author"] == field(fixture_lines().front(), "author"));
  CHECK(plain["hits"][0]["role"] == field(fixture_lines()[1], "role"));
}

}  // namespace civic::web
