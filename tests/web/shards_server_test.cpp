// The server over remote shards: two real xapian-tcpsrv processes on loopback ports serve the
// shards of `civicsearch index --shards 2`, the server reads them through a stub. Answers equal
// those over one database; when a shard is killed (or hangs) the server answers from the other
// within its timeout and says so (JSON, page, /metrics), and recovers once the shard is back on
// the same port.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "query/searcher.h"
#include "tests/query/tcpsrv_support.h"
#include "tests/support.h"
#include "tests/web/live_server.h"
#include "web/server.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;
using civic::testing::TcpSrv;
using civic::testing::TempDir;
using Clock = std::chrono::steady_clock;

constexpr int kShardTimeoutMs = 1000;

struct Indexes {
  TempDir dir;
  fs::path one, sharded;
};

Indexes& indexes() {
  static std::unique_ptr<Indexes> built = [] {
    auto s = std::make_unique<Indexes>();
    // Built once per test run (tests/fixture_cache.h); stubs go in this process's directory.
    const std::vector<fs::path> inputs = {testing::source_dir() / "data" / "archive",
                                          testing::seed_path()};
    indexer::BuildOptions two;
    two.shards = 2;
    s->one = testing::cached_index("shards-server-one", "1", inputs);
    s->sharded = testing::cached_index("shards-server-sharded", "1", inputs, {}, {}, two);
    return s;
  }();
  return *built;
}

// The real server over an index or stub: one worker, so /metrics reports the Searcher that
// answered; a short shard timeout and retry interval.
class LiveServer : public testing::LiveServer {
 public:
  explicit LiveServer(const fs::path& db) : testing::LiveServer(options_for(db)) {}

  json search(const std::string& query_string) const {
    auto res = get("/api/search?" + query_string);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body);
  }

 private:
  static ServerOptions options_for(const fs::path& db) {
    ServerOptions options = testing::server_options(db, 1);
    options.shards.timeout_ms = kShardTimeoutMs;
    options.shards.retry_interval_ms = 300;
    return options;
  }
};

std::string metric(const std::string& metrics, const std::string& name) {
  const auto at = metrics.find("\n" + name + " ");
  if (at == std::string::npos) return "(missing)";
  const auto start = at + name.size() + 2;
  return metrics.substr(start, metrics.find('\n', start) - start);
}

json without_timing(json j) {
  j.erase("took_ms");
  return j;
}

// Answers without their snippets (each of which must mark something when there is a query).
// Snippets over remote shards are now identical to one database's (our highlighter needs no
// term statistics; tests/query/shards_test.cpp compares them), so leaving them out here only
// keeps these checks on the rest of the document.
json without_snippets(json j) {
  j = without_timing(std::move(j));
  const bool has_query = !j.at("query").get<std::string>().empty();
  for (auto& hit : j.at("hits")) {
    if (has_query) CHECK(hit.at("snippet").get<std::string>().find("<mark>") != std::string::npos);
    hit.erase("snippet");
  }
  return j;
}

TEST_CASE("the API over remote shards serves what it serves over one database", "[web][shards]") {
  auto& idx = indexes();
  TcpSrv srv0(idx.sharded / "shard-00"), srv1(idx.sharded / "shard-01");
  const auto stub = idx.dir.write("api.stub", srv0.stub_line() + "\n" + srv1.stub_line() + "\n");
  LiveServer one(idx.one), sharded(stub);

  // Date order is total (date, post, position): whole documents must be equal.
  for (const std::string params :
       {"q=council&sort=newest&per_page=50", "q=community&sort=oldest&group=post&per_page=20",
        "sort=newest&page=2&per_page=13&speaker=Harriet%20Lowe&speaker=Robert%20Fenwick",
        "q=volunteering&sort=newest&from=2010-01-01&to=2013-12-31&kind=paragraph"}) {
    INFO(params);
    const json got = sharded.search(params);
    CHECK(got.at("partial") == false);
    CHECK(got.at("missing_shards") == json::array());
    CHECK(without_snippets(got) == without_snippets(one.search(params)));
  }
  // By relevance: equal totals, facets and suggestions (ties may come in another order).
  for (const std::string params :
       {"q=volunteering", "q=comunity", "q=cles&group=talk", "q=%22big%20society%22"}) {
    INFO(params);
    const json got = sharded.search(params), expected = one.search(params);
    CHECK(got.at("total") == expected.at("total"));
    CHECK(got.at("facets") == expected.at("facets"));
    CHECK(got.at("suggestion") == expected.at("suggestion"));
  }
  // `civicsearch search --json` over the stub prints the API's document.
  const std::string command = std::string(CIVIC_BINARY) + " search --json --db '" + stub.string() +
                              "' --sort newest --per-page 5 council";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  REQUIRE(pclose(pipe) == 0);
  CHECK(without_timing(json::parse(out)) ==
        without_timing(sharded.search("q=council&sort=newest&per_page=5")));
}

TEST_CASE("a remote shard that dies or hangs gives partial answers in time, then recovers",
          "[web][shards]") {
  auto& idx = indexes();
  TcpSrv srv0(idx.sharded / "shard-00"), srv1(idx.sharded / "shard-01");
  const auto stub = idx.dir.write("outage.stub", srv0.stub_line() + "\n" + srv1.stub_line() + "\n");
  LiveServer server(stub);
  const std::string q = "q=council&per_page=100";
  // The answer once the shard has rejoined (the server retries it every 300 ms), or the last
  // partial one after 5 s.
  auto search_until_complete = [&] {
    json answer;
    for (int i = 0; i < 50; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      answer = server.search(q);
      if (answer.at("partial") == false) break;
    }
    return answer;
  };

  // What shard-00 alone answers (the partial answer must be exactly that).
  auto alone = query::Searcher::open(idx.sharded / "shard-00");
  REQUIRE(alone.has_value());
  query::SearchRequest request;
  request.q = "council";
  request.per_page = 100;
  auto expected_alone = alone->search(request);
  REQUIRE(expected_alone.has_value());
  const json alone_json = json::parse(query::to_json(*expected_alone));

  const json full = server.search(q);
  CHECK(full.at("partial") == false);
  REQUIRE(full.at("total").get<std::size_t>() > expected_alone->total);  // both shards hold matches

  SECTION("killed") {
    srv1.stop();
    const auto start = Clock::now();
    const json partial = server.search(q);
    const auto took =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    CHECK(took < kShardTimeoutMs);  // a refused connection needs no timeout
    CHECK(partial.at("partial") == true);
    CHECK(partial.at("missing_shards") == json::array({srv1.label()}));
    CHECK(partial.at("total") == alone_json.at("total"));
    CHECK(partial.at("facets") == alone_json.at("facets"));

    auto page = server.get("/search?q=council");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("id=\"partial-notice\" role=\"status\">Some of the archive") !=
          std::string::npos);
    auto health = server.get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);

    auto metrics = server.get("/metrics");
    REQUIRE(metrics);
    CHECK(metric(metrics->body, "civic_shards") == "2");
    CHECK(metric(metrics->body, "civic_shards_down") == "1");
    CHECK(std::stoi(metric(metrics->body, "civic_partial_answers_total")) >= 2);

    // Back on the same port: full answers again once the retry interval has passed.
    REQUIRE(srv1.restart());
    const json again = search_until_complete();
    CHECK(again.at("partial") == false);
    CHECK(again.at("missing_shards") == json::array());
    CHECK(without_timing(again).at("facets") == full.at("facets"));
    CHECK(again.at("total") == full.at("total"));
    metrics = server.get("/metrics");
    REQUIRE(metrics);
    CHECK(metric(metrics->body, "civic_shards_down") == "0");
  }

  SECTION("hanging") {
    srv1.pause();
    const auto start = Clock::now();
    const json partial = server.search(q);
    const auto took =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    // One timeout for the request that hangs, one for the reconnection that finds it silent.
    CHECK(took < 2 * kShardTimeoutMs + 800);
    CHECK(partial.at("partial") == true);
    CHECK(partial.at("missing_shards") == json::array({srv1.label()}));
    CHECK(partial.at("total") == alone_json.at("total"));
    srv1.resume();
    const json again = search_until_complete();
    CHECK(again.at("partial") == false);
    CHECK(again.at("total") == full.at("total"));
  }
}

TEST_CASE("the server starts with a remote shard down and bad stubs are refused", "[web][shards]") {
  auto& idx = indexes();
  TcpSrv srv0(idx.sharded / "shard-00");
  const int dead_port = testing::free_loopback_port();
  const auto stub = idx.dir.write(
      "half.stub", srv0.stub_line() + "\nremote 127.0.0.1:" + std::to_string(dead_port) + "\n");
  {
    LiveServer server(stub);
    const json answer = server.search("q=council");
    CHECK(answer.at("partial") == true);
    CHECK(answer.at("missing_shards") ==
          json::array({"remote 127.0.0.1:" + std::to_string(dead_port)}));
    auto bad = server.get("/api/search?page=0");
    REQUIRE(bad);
    CHECK(bad->status == 400);
  }
  ServerOptions options;
  options.db = idx.dir.write("broken.stub", "remote no-port-here\n");
  options.port = 0;
  Server server(options);
  auto port = server.start();
  REQUIRE_FALSE(port.has_value());
  CHECK(port.error().code == ErrorCode::InvalidInput);
}

}  // namespace
}  // namespace civic::web
