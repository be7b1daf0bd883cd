// A unit's role and mentions, and its post's author, event and date, through the whole path: a
// JSONL post with roles indexed by run_index, as by `civicsearch index` (readers, attribution,
// writer), beside the seed and data/archive, plus a hand-built post with mentions; then the
// Searcher's hits, unit look-up, `role:` field queries, facet listing and example units, and
// `civicsearch facets`.
// Expectations are read from the fixture file, not written down here.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "indexer/index_writer.h"
#include "query/core/text.h"
#include "query/searcher.h"
#include "tests/index_fixture.h"

using namespace civic;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path roles_fixture() {
  return testing::source_dir() / "tests" / "fixtures" / "roles" / "rural-summit.jsonl";
}

// The fixture's lines, as written.
std::vector<json> fixture_lines() {
  std::vector<json> out;
  std::istringstream in(testing::slurp(roles_fixture()));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  REQUIRE(out.size() >= 5);
  return out;
}

std::string field(const json& line, const char* key) { return line.value(key, std::string()); }

// A post indexed with IndexWriter: mentions (which no reader sets by hand) and a role.
PostDoc mentions_post() {
  PostDoc doc;
  doc.post.id = post_id_for("unit-fields-mentions", "unit-fields-test:mentions");
  doc.post.title = "Mentions Evening";
  doc.post.date = "2020-05-06";
  doc.post.author = "Quentin Blogwright";
  doc.post.event = "Mentions Evening 2020";
  Unit unit;
  unit.text = "Zorvath praised the work of Ivo Marchetti and the Fellside Trust.";
  unit.speaker = "Wen Zorvath";
  unit.role = "Leader of the Council";
  unit.org = "Fellside District Council";
  unit.mentions = {"Ivo Marchetti", "Fellside Trust"};
  doc.units.push_back(unit);
  finalise_post(doc);
  return doc;
}

struct Fixture {
  fs::path db;
  std::optional<query::Searcher> searcher;
};

// The seed, data/archive and tests/fixtures/roles, plus the mentions post: built once per test
// run (tests/fixture_cache.h) and opened once per process.
Fixture& shared() {
  static std::unique_ptr<Fixture> fixture = [] {
    auto f = std::make_unique<Fixture>();
    auto inputs = testing::seed_and_archive();
    inputs.push_back(roles_fixture().parent_path());
    f->db = testing::cached_index("unit-fields-index", "1", inputs, "mentions post",
                                  [](const fs::path& db) {
                                    auto writer = indexer::IndexWriter::open(db);
                                    REQUIRE(writer);
                                    REQUIRE(writer->put(mentions_post()));
                                    REQUIRE(writer->commit());
                                  });
    auto opened = query::Searcher::open(f->db);
    REQUIRE(opened);
    f->searcher.emplace(std::move(*opened));
    return f;
  }();
  return *fixture;
}

query::Searcher& searcher() { return *shared().searcher; }

query::SearchResponse run_search(const std::string& q, const std::string& facet = {},
                                 const std::string& value = {}) {
  query::SearchRequest request;
  request.q = q;
  request.per_page = 100;
  if (!facet.empty()) request.filters[facet] = {value};
  auto response = searcher().search(request);
  REQUIRE(response);
  return std::move(*response);
}

// The fixture post's hits by text.
std::map<std::string, query::Hit> fixture_hits() {
  const std::string event = field(fixture_lines().front(), "event");
  REQUIRE(!event.empty());
  auto response = run_search("", "event", event);
  std::map<std::string, query::Hit> out;
  for (auto& hit : response.hits) out[hit.unit.text] = std::move(hit);
  return out;
}

// Every unit of the index as stored, page by page (a path that reads no role terms).
const std::vector<query::Hit>& all_units() {
  static const std::vector<query::Hit> all = [] {
    std::vector<query::Hit> out;
    query::SearchRequest request;
    request.per_page = 100;
    for (request.page = 1;; ++request.page) {
      auto response = searcher().search(request);
      REQUIRE(response);
      for (auto& hit : response->hits) out.push_back(std::move(hit));
      if (out.size() >= response->total || response->hits.empty()) break;
    }
    return out;
  }();
  return all;
}

std::set<std::string> ids(const query::SearchResponse& response) {
  std::set<std::string> out;
  for (const auto& hit : response.hits) out.insert(hit.unit.id);
  return out;
}

// The field terms of a text as the indexer makes them (normalised, split into words, each word
// stemmed: STEM_ALL), to say which units a field query must find.
std::set<std::string> stems(const std::string& s) {
  static const Xapian::Stem stem("english");
  std::set<std::string> out;
  std::string word;
  for (const char c : text::normalise(s) + " ") {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80 || (c == '\'' && !word.empty())) {
      word += c;
    } else if (!word.empty()) {
      while (!word.empty() && word.back() == '\'') word.pop_back();
      out.insert(stem(word));
      word.clear();
    }
  }
  return out;
}

// Every word of `value` among the words of `field_value` (what a field query means).
bool has_words(const std::string& field_value, const std::string& value) {
  const auto have = stems(field_value);
  for (const auto& word : stems(value)) {
    if (!have.count(word)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("role, post author, event and date survive indexing and come back in hits",
          "[query][fields][role]") {
  const auto lines = fixture_lines();
  const auto hits = fixture_hits();
  REQUIRE(hits.size() >= lines.size());
  std::size_t with_role = 0;
  for (const json& line : lines) {
    const std::string text = field(line, "text");
    CAPTURE(text);
    REQUIRE(hits.count(text));
    const query::Hit& hit = hits.at(text);
    CHECK(hit.unit.role == field(line, "role"));
    CHECK(hit.unit.speaker == field(line, "speaker"));
    CHECK(hit.post.event == field(line, "event"));
    if (field(line, "kind") == "comment") {
      // On a comment line "author" and "date" are the comment's; the post keeps the blogger.
      REQUIRE(hit.unit.comment);
      CHECK(hit.unit.comment->author == field(line, "author"));
      CHECK(hit.unit.comment->date == field(line, "date"));
      CHECK(hit.post.date == field(lines.front(), "date"));
      CHECK(hit.post.author == field(lines.front(), "author"));
    } else {
      CHECK(hit.post.author == field(line, "author"));
      CHECK(hit.post.date == field(line, "date"));
    }
    if (!hit.unit.role.empty()) ++with_role;

    // The unit look-up returns the same fields.
    auto view = searcher().unit(hit.unit.id, 1);
    REQUIRE(view);
    CHECK(view->unit.unit.role == hit.unit.role);
    CHECK(view->unit.post.author == hit.post.author);
    CHECK(view->unit.post.event == hit.post.event);
  }
  CHECK(with_role >= 3);
}

TEST_CASE("mentions survive indexing and come back with the unit and its JSON",
          "[query][fields][mentions]") {
  const PostDoc doc = mentions_post();
  const Unit& written = doc.units.front();
  auto view = searcher().unit(written.id, 0);
  REQUIRE(view);
  CHECK(view->unit.unit.mentions == written.mentions);
  CHECK(view->unit.unit.role == written.role);
  CHECK(view->unit.post.author == doc.post.author);
  CHECK(view->unit.post.event == doc.post.event);

  const json encoded = json::parse(query::to_json(*view));
  CHECK(encoded["unit"]["mentions"] == json(written.mentions));
  CHECK(encoded["unit"]["role"] == written.role);
  CHECK(encoded["unit"]["post"]["author"] == doc.post.author);
  CHECK(encoded["unit"]["event"] == doc.post.event);
  CHECK(encoded["unit"]["post"]["date"] == doc.post.date);

  // A search response encodes the same fields; a unit without a role has "role": null.
  auto found = run_search("zorvath");
  REQUIRE(found.hits.size() == 1);
  const json response = json::parse(query::to_json(found));
  CHECK(response["hits"][0]["role"] == written.role);
  CHECK(response["hits"][0]["mentions"] == json(written.mentions));
  const auto plain = run_search("lunch village hall soup");
  REQUIRE(!plain.hits.empty());
  const json plain_json = json::parse(query::to_json(plain));
  CHECK(plain_json["hits"][0]["role"].is_null());
  CHECK(plain_json["hits"][0]["mentions"].is_array());
  CHECK(plain_json["hits"][0]["post"]["author"] == field(fixture_lines().front(), "author"));
}

TEST_CASE("role: finds the units whose role has every word of the value", "[query][fields][role]") {
  std::set<std::string> roles;
  for (const auto& hit : all_units()) {
    if (!hit.unit.role.empty()) roles.insert(hit.unit.role);
  }
  for (const json& line : fixture_lines()) {
    if (!field(line, "role").empty()) CHECK(roles.count(field(line, "role")));
  }
  REQUIRE(roles.size() >= 3);
  for (const std::string& role : roles) {
    // The whole value quoted, and its last word alone.
    const std::string last = role.substr(role.rfind(' ') + 1);
    for (const std::string& value : {role, last}) {
      CAPTURE(role, value);
      std::set<std::string> expected;
      for (const auto& hit : all_units()) {
        if (!hit.unit.role.empty() && has_words(hit.unit.role, value)) expected.insert(hit.unit.id);
      }
      REQUIRE(!expected.empty());
      CHECK(ids(run_search("role:\"" + value + "\"")) == expected);
    }
  }
  // A speaker's name is not a role, and a role is not a speaker.
  const auto lines = fixture_lines();
  const std::string speaker = field(lines[1], "speaker");
  const std::string role = field(lines[1], "role");
  REQUIRE(!speaker.empty());
  REQUIRE(!role.empty());
  CHECK(run_search("speaker:\"" + speaker + "\"").total > 0);
  CHECK(run_search("role:\"" + speaker + "\"").total == 0);
  CHECK(run_search("speaker:\"" + role + "\"").total == 0);
  // With words, a field query narrows them.
  const auto both = run_search("timetable role:\"" + role + "\"");
  REQUIRE(both.total > 0);
  const auto by_role = ids(run_search("role:\"" + role + "\""));
  const auto by_word = ids(run_search("timetable"));
  for (const auto& id : ids(both)) CHECK((by_role.count(id) && by_word.count(id)));
}

TEST_CASE("role values are listed with their unit counts and an example unit",
          "[query][fields][role][facets]") {
  std::map<std::string, std::size_t> expected;  // role → units, from the stored units
  for (const auto& hit : all_units()) {
    if (!hit.unit.role.empty()) ++expected[hit.unit.role];
  }
  REQUIRE(expected.size() >= 3);
  auto listed = searcher().facet_values("role", "", 1000);
  REQUIRE(listed);
  std::map<std::string, std::size_t> got;
  for (const auto& value : *listed) got[value.value] = value.count;
  CHECK(got == expected);
  for (std::size_t i = 1; i < listed->size(); ++i) {
    CHECK((*listed)[i - 1].count >= (*listed)[i].count);
  }
  // A prefix narrows the list as for any facet.
  auto directors = searcher().facet_values("role", "direct", 10);
  REQUIRE(directors);
  REQUIRE(!directors->empty());
  for (const auto& value : *directors) CHECK(has_words(value.value, "director"));

  for (const auto& [role, count] : expected) {
    CAPTURE(role);
    auto example = searcher().example_unit("role", role);
    REQUIRE(example);
    CHECK(example->unit.role == role);
    // The earliest unit of its post with the role.
    for (const auto& hit : all_units()) {
      if (hit.unit.role == role && hit.unit.post_id == example->unit.post_id) {
        CHECK(example->unit.position <= hit.unit.position);
      }
    }
  }
  auto none = searcher().example_unit("role", "Astronaut of the Year");
  REQUIRE_FALSE(none);
  CHECK(none.error().code == ErrorCode::NotFound);
  auto unknown = searcher().example_unit("shoe size", "9");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message == "unknown facet 'shoe size'");
  const std::string name = field(fixture_lines()[1], "speaker");
  auto speaker = searcher().example_unit("speaker", name);
  REQUIRE(speaker);
  CHECK(speaker->unit.speaker == name);
}

// --- civicsearch facets -------------------------------------------------------------------------

namespace {

std::string facets_command(const std::string& args) {
  return std::string(CIVIC_BINARY) + " facets --db '" + shared().db.string() + "' " + args;
}

}  // namespace

TEST_CASE("civicsearch facets --json lists values by count with an example unit each",
          "[query][facets][cli]") {
  const std::string facet = GENERATE(as<std::string>{}, "speaker", "org", "role");
  CAPTURE(facet);
  const auto result = testing::run_command(facets_command("--json " + facet));
  REQUIRE(result.exit_code == 0);
  const json out = json::parse(result.out);
  auto all = searcher().facet_values(facet, "", 100000);
  REQUIRE(all);
  REQUIRE(!all->empty());
  CHECK(out["facet"] == facet);
  CHECK(out["distinct"] == all->size());
  const std::size_t shown = std::min<std::size_t>(50, all->size());
  REQUIRE(out["values"].size() == shown);
  for (std::size_t i = 0; i < shown; ++i) {
    const json& value = out["values"][i];
    CAPTURE(value.dump());
    CHECK(value["value"] == (*all)[i].value);
    CHECK(value["count"] == (*all)[i].count);
    // The count is the number of units a filter on the value finds.
    if (facet != "role") CHECK(run_search("", facet, (*all)[i].value).total == (*all)[i].count);
    // The example is a unit holding the value, and the excerpt the start of its text.
    auto unit = searcher().unit(value["example"]["id"].get<std::string>(), 0);
    REQUIRE(unit);
    const Unit& u = unit->unit.unit;
    CHECK((facet == "speaker" ? u.speaker : facet == "org" ? u.org : u.role) == value["value"]);
    std::string excerpt = value["example"]["excerpt"].get<std::string>();
    const std::string ellipsis = "\u2026";
    const bool is_cut =
        excerpt.size() >= ellipsis.size() &&
        excerpt.compare(excerpt.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0;
    if (is_cut) excerpt.erase(excerpt.size() - ellipsis.size());
    CHECK(!excerpt.empty());
    CHECK(excerpt.size() <= 100);
    CHECK(text::collapse_whitespace(u.text).rfind(excerpt, 0) == 0);
    CHECK(is_cut == (text::collapse_whitespace(u.text).size() > 100));
    CHECK(value["example"]["post"]["id"] == u.post_id);
    CHECK(value["example"]["post"]["title"] == unit->unit.post.title);
  }
}

TEST_CASE("civicsearch facets --limit lists only the most frequent values",
          "[query][facets][cli]") {
  auto all = searcher().facet_values("speaker", "", 100000);
  REQUIRE(all);
  REQUIRE(all->size() > 3);
  const std::size_t limit = GENERATE(1, 3);
  CAPTURE(limit);
  const auto as_json =
      testing::run_command(facets_command("--limit " + std::to_string(limit) + " --json speaker"));
  REQUIRE(as_json.exit_code == 0);
  const json out = json::parse(as_json.out);
  REQUIRE(out["values"].size() == limit);
  CHECK(out["distinct"] == all->size());
  for (std::size_t i = 0; i < limit; ++i) CHECK(out["values"][i]["value"] == (*all)[i].value);

  // The plain listing: a heading, then each value with its count and its example's id.
  const auto plain =
      testing::run_command(facets_command("speaker --limit " + std::to_string(limit)));
  REQUIRE(plain.exit_code == 0);
  CHECK(plain.out.rfind(
            "speaker: " + std::to_string(limit) + " of " + std::to_string(all->size()) + " values",
            0) == 0);
  for (std::size_t i = 0; i < all->size(); ++i) {
    const std::string row = std::to_string((*all)[i].count) + "  " + (*all)[i].value + "\n";
    CAPTURE(row);
    CHECK((plain.out.find(row) != std::string::npos) == (i < limit));
  }
  for (std::size_t i = 0; i < limit; ++i) {
    const std::string id = out["values"][i]["example"]["id"].get<std::string>();
    CHECK(plain.out.find(id + ": \u201c") != std::string::npos);
  }
}

TEST_CASE("civicsearch facets refuses bad arguments with a message and a non-zero exit",
          "[query][facets][cli]") {
  auto [args, message] = GENERATE(table<std::string, std::string>({
      {"colour", "colour not in {speaker,org,kind,theme,event,year,role}"},
      {"", "FACET is required"},
      {"speaker --limit 0", "--limit: Value 0 not in range"},
      {"speaker --limit many", "--limit"},
      {"speaker extra", "extra"},
  }));
  CAPTURE(args);
  testing::TempDir dir;
  const auto result =
      testing::run_command(facets_command(args) + " 2>'" + (dir / "err").string() + "'");
  CHECK(result.exit_code != 0);
  CHECK(result.out.empty());
  const std::string err = testing::slurp(dir / "err");
  CHECK(err.find(message) != std::string::npos);
}

TEST_CASE("civicsearch facets on a missing index says what to do", "[query][facets][cli]") {
  testing::TempDir dir;
  const auto result = testing::run_command(std::string(CIVIC_BINARY) + " facets --db '" +
                                           (dir / "none").string() + "' speaker 2>&1");
  CHECK(result.exit_code == 2);
  CHECK(result.out == "civicsearch facets: " + (dir / "none").string() +
                          ": no index here; run 'civicsearch index' first\n");
  const auto help = testing::run_command(std::string(CIVIC_BINARY) + " facets --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("civicsearch facets") != std::string::npos);
  CHECK(help.out.find("--limit") != std::string::npos);
}
