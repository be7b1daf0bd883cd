// Sharded indexes: the same archive indexed once as one database and once with
// `civicsearch index --shards 2`, whose shards are served by two real xapian-tcpsrv processes on
// loopback ports. Through a stub of local shards, one mixing a local and a remote shard, and one
// of two remote shards, every answer (totals, every facet count, hits and their order,
// grouping, suggestions, unit look-up, talks and posts, stats) must equal the single database's.
#include "query/shards.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "query/searcher.h"
#include "tests/query/tcpsrv_support.h"
#include "tests/support.h"

namespace civic::query {
namespace {

namespace fs = std::filesystem;
using civic::testing::TcpSrv;
using civic::testing::TempDir;

struct ShardFixture {
  TempDir dir;
  fs::path one, sharded;
  std::unique_ptr<TcpSrv> srv0, srv1;
  std::map<std::string, fs::path> stubs;  // name → stub file
};

std::vector<fs::path> archive_inputs() {
  return {testing::source_dir() / "data" / "archive", testing::seed_path()};
}

ShardFixture& fixture() {
  static std::unique_ptr<ShardFixture> f = [] {
    auto s = std::make_unique<ShardFixture>();
    // The two indexes are built once per test run (tests/fixture_cache.h) and linked into this
    // process's directory, next to the stubs that name them by relative paths.
    indexer::BuildOptions two;
    two.shards = 2;
    s->one = s->dir / "one";
    s->sharded = s->dir / "sharded";
    fs::create_directory_symlink(testing::cached_index("shards-one", "1", archive_inputs()),
                                 s->one);
    fs::create_directory_symlink(
        testing::cached_index("shards-sharded", "1", archive_inputs(), {}, {}, two), s->sharded);
    REQUIRE(fs::exists(s->sharded / "XAPIANDB"));
    s->srv0 = std::make_unique<TcpSrv>(s->sharded / "shard-00");
    s->srv1 = std::make_unique<TcpSrv>(s->sharded / "shard-01");
    s->stubs["local"] = s->dir.write(
        "local.stub", "# both shards, local\nauto sharded/shard-00\nglass sharded/shard-01\n");
    s->stubs["mixed"] =
        s->dir.write("mixed.stub", "auto sharded/shard-00\n" + s->srv1->stub_line() + "\n");
    s->stubs["remote"] =
        s->dir.write("remote.stub", s->srv0->stub_line() + "\n# the second machine\n" +
                                        s->srv1->stub_line() + "\n");
    s->stubs["writer's directory"] =
        s->sharded;  // DIR with the XAPIANDB that `index --shards` writes
    return s;
  }();
  return *f;
}

Searcher open_or_fail(const fs::path& path) {
  auto s = Searcher::open(path);
  INFO(path.string() << ": " << (s ? "" : s.error().message));
  REQUIRE(s.has_value());
  return std::move(*s);
}

struct Case {
  std::string name;
  SearchRequest request;
  // Xapian 1.4 expands prefix* in each shard and weighs the expansion with per-shard
  // estimates: the same units and counts, but scores (so the order) may differ a little.
  bool same_matches_only = false;
};

// Compares two answers: totals, facets and suggestion exactly; hits in the same order, except
// that hits of equal score may come in another order (docids, the last tie-break, differ
// between one database and shards), so runs of equal score compare as sets.
void expect_same(const SearchResponse& expected, const SearchResponse& got, bool exact_order) {
  CHECK(got.total == expected.total);
  CHECK(got.suggestion == expected.suggestion);
  CHECK_FALSE(got.partial());
  for (const auto& name : facet_names()) {
    INFO("facet " << name);
    const auto& e = expected.facets.at(name);
    const auto& g = got.facets.at(name);
    REQUIRE(g.size() == e.size());
    for (std::size_t i = 0; i < e.size(); ++i) {
      CHECK(g[i].value == e[i].value);
      CHECK(g[i].count == e[i].count);
    }
  }
  REQUIRE(got.hits.size() == expected.hits.size());
  std::map<std::string, const Hit*> by_id;
  for (const auto& hit : expected.hits) by_id[hit.unit.id] = &hit;
  std::size_t run_start = 0;
  for (std::size_t i = 0; i <= expected.hits.size(); ++i) {
    if (i < expected.hits.size()) {
      CHECK(got.hits[i].score == Approx(expected.hits[i].score).margin(1e-9));
      if (exact_order) CHECK(got.hits[i].unit.id == expected.hits[i].unit.id);
    }
    const bool run_ends =
        i == expected.hits.size() || expected.hits[i].score != expected.hits[run_start].score;
    if (!run_ends) continue;
    // A run cut by the end of the page may hold different members of a larger tie.
    const bool cut = i == expected.hits.size() &&
                     expected.hits.size() == static_cast<std::size_t>(expected.per_page);
    if (!cut) {
      std::multiset<std::string> e, g;
      for (std::size_t k = run_start; k < i; ++k) {
        e.insert(expected.hits[k].unit.id);
        g.insert(got.hits[k].unit.id);
      }
      CHECK(g == e);
    }
    run_start = i;
  }
  for (const auto& hit : got.hits) {
    auto it = by_id.find(hit.unit.id);
    if (it == by_id.end()) continue;  // a tie cut by the page end (checked above)
    INFO("hit " << hit.unit.id);
    CHECK(hit.more == it->second->more);
    CHECK(hit.snippet == it->second->snippet);
    CHECK(hit.post.title == it->second->post.title);
    CHECK(hit.url == it->second->url);
  }
}

std::vector<Case> cases(Searcher& one) {
  // Facet values to filter on, taken from the index itself.
  SearchRequest browse;
  browse.per_page = 1;
  auto all = one.search(browse);
  REQUIRE(all.has_value());
  auto top = [&](const std::string& facet, std::size_t n) {
    const auto& values = all->facets.at(facet);
    REQUIRE(values.size() > n);
    return values[n].value;
  };
  std::vector<Case> out;
  auto add = [&](std::string name, SearchRequest r, bool same_matches_only = false) {
    if (r.per_page == 10) r.per_page = 100;
    out.push_back({std::move(name), std::move(r), same_matches_only});
  };
  SearchRequest r;
  r.q = "volunteering";
  add("plain word", r);
  r = {};
  r.q = "community council";
  add("two words", r);
  r = {};
  r.q = "\"big society\"";
  add("phrase", r);
  r = {};
  r.q = "council";
  r.filters["speaker"] = {top("speaker", 0)};
  add("speaker filter", r);
  r = {};
  r.q = "community";
  r.filters["speaker"] = {top("speaker", 0), top("speaker", 1), top("speaker", 2)};
  r.filters["kind"] = {top("kind", 0)};
  add("multi-select", r);
  r = {};
  r.filters["theme"] = {top("theme", 0), top("theme", 1)};
  r.filters["year"] = {top("year", 0)};
  add("multi-valued facet, browse", r);
  r = {};
  r.q = "council";
  r.from = "2010-01-01";
  r.to = "2014-12-31";
  add("date range filter", r);
  r = {};
  r.q = "local 2013..2018";
  add("date range in the query", r);
  r = {};
  r.q = "council";
  r.group = Group::Talk;
  add("group by talk", r);
  r = {};
  r.q = "community";
  r.group = Group::Post;
  add("group by post", r);
  r = {};
  r.q = "council";
  r.sort = Sort::Newest;
  add("sort newest", r);
  r = {};
  r.q = "community";
  r.sort = Sort::Oldest;
  r.group = Group::Post;
  add("sort oldest, grouped", r);
  r = {};
  add("browse everything (newest first)", r);
  r = {};
  r.sort = Sort::Newest;
  r.page = 3;
  r.per_page = 7;
  add("browse, page 3", r);
  r = {};
  r.q = "speaker:" + top("speaker", 0).substr(0, top("speaker", 0).find(' '));
  add("field prefix", r);
  r = {};
  r.q = "volunteer*";
  add("wildcard", r, true);
  r = {};
  r.q = "comunity";
  add("spelling suggestion", r);
  r = {};
  r.q = "\"local economies\"";
  add("spelling suggestion for a phrase", r);
  r = {};
  // Grouped: the corrected query finds more units than this one's talks but fewer than its
  // units, so no suggestion (counted in units, not in talks, over shards too).
  r.q = "council NOT comunity";
  r.group = Group::Talk;
  add("no spelling suggestion when grouped", r);
  r = {};
  r.q = "cles";
  add("synonym (CLES)", r);
  r = {};
  r.q = "centre for local economic strategies";
  add("multi-word synonym", r);
  return out;
}

TEST_CASE("stub files are read line by line", "[shards]") {
  TempDir dir;
  auto stub =
      dir.write("idx.stub",
                "# comment\n\nauto a\nglass /abs/b\n  remote 127.0.0.1:1234  \nremote [::1]:99\n");
  auto shards = read_shards(stub);
  REQUIRE(shards.has_value());
  REQUIRE(shards->size() == 4);
  CHECK((*shards)[0].kind == ShardSpec::Kind::Local);
  CHECK((*shards)[0].path == dir.path() / "a");
  CHECK((*shards)[1].path == fs::path("/abs/b"));
  CHECK((*shards)[2].kind == ShardSpec::Kind::Remote);
  CHECK((*shards)[2].label() == "remote 127.0.0.1:1234");
  CHECK((*shards)[3].host == "::1");
  CHECK((*shards)[3].label() == "remote [::1]:99");

  for (const char* bad :
       {"remote nowhere\n", "remote 127.0.0.1:0\n", "remote 127.0.0.1:70000\n", "chert\n",
        "inmemory\n", "remote :xapian-progsrv db\n", "# only a comment\n"}) {
    INFO(bad);
    auto parsed = read_shards(dir.write("bad.stub", bad));
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().code == ErrorCode::InvalidInput);
  }
  CHECK(read_shards(dir / "nothing-here").error().code == ErrorCode::NotFound);
  CHECK(Searcher::open(dir.write("x.stub", "remote 127.0.0.1\n")).error().code ==
        ErrorCode::InvalidInput);
  // A local shard that is not there fails the open, as a missing database does.
  CHECK(Searcher::open(dir.write("y.stub", "auto missing-shard\n")).error().code ==
        ErrorCode::NotFound);
}

TEST_CASE("every answer over shards equals the single database's", "[shards]") {
  auto& f = fixture();
  Searcher one = open_or_fail(f.one);
  const auto table = cases(one);
  for (const auto& [stub_name, stub] : f.stubs) {
    Searcher sharded = open_or_fail(stub);
    CHECK(sharded.shard_count() == 2);
    CHECK(sharded.missing_shards().empty());
    for (const auto& c : table) {
      INFO(stub_name << ": " << c.name << " (q=" << c.request.q << ")");
      auto expected = one.search(c.request);
      auto got = sharded.search(c.request);
      REQUIRE(expected.has_value());
      REQUIRE(got.has_value());
      const bool exact_order = c.request.sort != Sort::Relevance || c.request.q.empty();
      if (c.same_matches_only) {
        SearchResponse e = *expected, g = *got;
        auto ids = [](const SearchResponse& r) {
          std::multiset<std::string> out;
          for (const auto& h : r.hits) out.insert(h.unit.id);
          return out;
        };
        REQUIRE(e.total <= static_cast<std::size_t>(e.per_page));  // every hit on the page
        CHECK(ids(g) == ids(e));
        e.hits.clear();
        g.hits.clear();
        expect_same(e, g, true);
      } else {
        expect_same(*expected, *got, exact_order);
      }
    }

    INFO(stub_name);
    // Unit look-up with neighbours, by id.
    SearchRequest r;
    r.q = "volunteering";
    auto hits = one.search(r);
    REQUIRE(hits.has_value());
    REQUIRE(!hits->hits.empty());
    for (const auto& hit : hits->hits) {
      auto e = one.unit(hit.unit.id, 2);
      auto g = sharded.unit(hit.unit.id, 2);
      REQUIRE(e.has_value());
      REQUIRE(g.has_value());
      CHECK(g->unit.unit.text == e->unit.unit.text);
      auto ids = [](const std::vector<Hit>& v) {
        std::vector<std::string> out;
        for (const auto& h : v) out.push_back(h.unit.id);
        return out;
      };
      CHECK(ids(g->before) == ids(e->before));
      CHECK(ids(g->after) == ids(e->after));
    }
    CHECK(sharded.unit("no-such-unit").error().code == ErrorCode::NotFound);

    // Talks and posts, read whole from the shard that holds them.
    std::set<std::string> talks, posts;
    for (const auto& hit : hits->hits) {
      if (!hit.unit.talk.empty()) talks.insert(hit.unit.talk);
      posts.insert(hit.post.id);
    }
    REQUIRE(!talks.empty());
    auto ids = [](const std::vector<Hit>& v) {
      std::vector<std::string> out;
      for (const auto& h : v) out.push_back(h.unit.id);
      return out;
    };
    for (const auto& talk : talks) {
      auto e = one.talk(talk);
      auto g = sharded.talk(talk);
      REQUIRE(e.has_value());
      REQUIRE(g.has_value());
      CHECK(ids(g->units) == ids(e->units));
      CHECK(g->previous.has_value() == e->previous.has_value());
      if (e->previous && g->previous) CHECK(g->previous->unit.id == e->previous->unit.id);
      CHECK(g->next.has_value() == e->next.has_value());
      if (e->next && g->next) CHECK(g->next->unit.id == e->next->unit.id);
    }
    for (const auto& post : posts) {
      auto e = one.post(post);
      auto g = sharded.post(post);
      REQUIRE(e.has_value());
      REQUIRE(g.has_value());
      CHECK(ids(g->units) == ids(e->units));
      CHECK(g->post.title == e->post.title);
    }
    CHECK(sharded.post("no-such-post").error().code == ErrorCode::NotFound);

    auto es = one.stats();
    auto gs = sharded.stats();
    REQUIRE(es.has_value());
    REQUIRE(gs.has_value());
    CHECK(gs->units == es->units);
    CHECK(gs->posts == es->posts);
    CHECK(gs->kinds == es->kinds);
    CHECK(gs->speakers == es->speakers);
    CHECK(gs->orgs == es->orgs);
    CHECK(gs->themes == es->themes);
    CHECK(gs->first_date == es->first_date);
    CHECK(gs->last_date == es->last_date);

    for (const auto& facet : facet_names()) {
      auto e = one.facet_values(facet, "", 1000);
      auto g = sharded.facet_values(facet, "", 1000);
      REQUIRE(e.has_value());
      REQUIRE(g.has_value());
      REQUIRE(g->size() == e->size());
      for (std::size_t i = 0; i < e->size(); ++i) {
        CHECK((*g)[i].value == (*e)[i].value);
        CHECK((*g)[i].count == (*e)[i].count);
      }
    }
    CHECK(sharded.suggest("vol", 10).value() == one.suggest("vol", 10).value());
  }
}

TEST_CASE("a re-index becomes visible through the shards on reopen", "[shards]") {
  TempDir dir;
  const auto db = dir / "index";
  REQUIRE(testing::run_indexer(db, {testing::source_dir() / "data" / "archive"}, 2));
  TcpSrv srv0(db / "shard-00"), srv1(db / "shard-01");
  const auto remote = dir.write("remote.stub", srv0.stub_line() + "\n" + srv1.stub_line() + "\n");
  const auto mixed = dir.write("mixed.stub", "auto index/shard-00\n" + srv1.stub_line() + "\n");
  Searcher over_remote = open_or_fail(remote);
  Searcher over_mixed = open_or_fail(mixed);
  Searcher over_dir = open_or_fail(db);
  SearchRequest r;
  r.q = "zorblaxian";
  for (Searcher* s : {&over_remote, &over_mixed, &over_dir}) CHECK(s->search(r).value().total == 0);
  const std::size_t units_before = over_remote.stats().value().units;

  // Three new posts, so that both shards (routed by post id) most likely change.
  for (int i = 0; i < 3; ++i) {
    dir.write("new/post-" + std::to_string(i) + ".md",
              "---\ntitle: \"Zorblaxian Forum " + std::to_string(i) + "\"\ndate: 2024-02-0" +
                  std::to_string(i + 1) + "\n---\n\nThe zorblaxian forum met for the " +
                  std::to_string(i) +
                  "th time to talk about parish volunteering.\n\nA second zorblaxian paragraph.\n");
  }
  REQUIRE(testing::run_indexer(db, {dir / "new"}));
  for (Searcher* s : {&over_remote, &over_mixed, &over_dir}) {
    auto reopened = s->reopen();
    REQUIRE(reopened.has_value());
    CHECK(*reopened);
    auto found = s->search(r);
    REQUIRE(found.has_value());
    CHECK(found->total == 9);  // per post: its title and two paragraphs
    CHECK_FALSE(found->partial());
    std::size_t by_year = 0;
    for (const auto& v : found->facets.at("year")) by_year += v.count;
    CHECK(by_year == 9);
    CHECK(s->stats().value().units > units_before);
  }
}

}  // namespace
}  // namespace civic::query
