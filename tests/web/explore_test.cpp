// GET /api/timeline and GET /api/top against brute force: for a table of searches over real
// corpora (words, a phrase, filters, date ranges), every matching unit is fetched by paging
// through /api/search, and the buckets, talk counts, split and compared series and rankings are
// counted from those rows here. Over one database, two local shards and two remote shards
// (xapian-tcpsrv), which must also give identical answers.
#include <httplib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/query/tcpsrv_support.h"
#include "tests/support.h"
#include "tests/web/live_server.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

struct Indexes {
  testing::TempDir dir;
  fs::path one, sharded;
};

// Five corpora of real posts from 2007 to 2026 (about 9,500 units): live blogs, speeches, a
// WordPress export and the seed.
const Indexes& indexes() {
  static const std::unique_ptr<Indexes> built = [] {
    auto s = std::make_unique<Indexes>();
    const fs::path corpus = testing::corpus_dir();
    const std::vector<fs::path> inputs = {corpus / "seed", corpus / "conference-notes",
                                          corpus / "govuk-speeches-events",
                                          corpus / "ukgovcamp-blog", corpus / "wordpress-wxr"};
    indexer::BuildOptions two;
    two.shards = 2;
    s->one = testing::cached_index("explore-one", "1", inputs, {}, {}, {}, true);
    s->sharded = testing::cached_index("explore-sharded", "1", inputs, {}, {}, two, true);
    return s;
  }();
  return *built;
}

json get_json(const testing::LiveServer& server, const std::string& target) {
  auto res = server.get(target);
  REQUIRE(res);
  INFO(target << " → " << res->body.substr(0, 300));
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

// One matching unit as the brute force needs it.
struct Row {
  std::string date, talk, speaker, org, event;
  std::vector<std::string> themes;
};

std::string text_or_empty(const json& j) { return j.is_string() ? j.get<std::string>() : ""; }

// Every unit matching `params`, paged through /api/search 100 at a time; the count is checked
// against the search's total.
std::vector<Row> brute_force(const testing::LiveServer& server, const std::string& params) {
  std::vector<Row> rows;
  std::size_t total = 0;
  for (int page = 1;; ++page) {
    const json answer = get_json(
        server, "/api/search?" + params +
                    "&per_page=100&facet_limit=0&sort=oldest&page=" + std::to_string(page));
    total = answer["total"].get<std::size_t>();
    REQUIRE(total <= 10000);  // the result window: a query of the table must stay inside it
    for (const json& hit : answer["hits"]) {
      Row row;
      row.date = text_or_empty(hit["post"]["date"]);
      row.talk = text_or_empty(hit["talk"]);
      row.speaker = text_or_empty(hit["speaker"]);
      row.org = text_or_empty(hit["org"]);
      row.event = text_or_empty(hit["event"]);
      for (const json& theme : hit["themes"]) row.themes.push_back(theme.get<std::string>());
      rows.push_back(std::move(row));
    }
    if (answer["hits"].size() < 100) break;
  }
  REQUIRE(rows.size() == total);
  return rows;
}

std::string bucket_key(const std::string& date, const std::string& interval) {
  if (date.size() != 10) return "";
  return interval == "year" ? date.substr(0, 4) : date.substr(0, 7);
}

std::vector<std::string> values_of(const Row& row, const std::string& facet) {
  if (facet == "speaker")
    return row.speaker.empty() ? std::vector<std::string>{} : std::vector{row.speaker};
  if (facet == "org") return row.org.empty() ? std::vector<std::string>{} : std::vector{row.org};
  if (facet == "event")
    return row.event.empty() ? std::vector<std::string>{} : std::vector{row.event};
  return row.themes;
}

// Units and distinct talks per bucket key of the rows that `keep` accepts.
struct BucketCounts {
  std::map<std::string, std::size_t> units;
  std::map<std::string, std::set<std::string>> talks;
  std::set<std::string> all_talks;
  std::size_t total = 0;
};

template <typename Keep>
BucketCounts count_rows(const std::vector<Row>& rows, const std::string& interval, Keep keep) {
  BucketCounts out;
  for (const Row& row : rows) {
    if (!keep(row)) continue;
    ++out.total;
    if (!row.talk.empty()) out.all_talks.insert(row.talk);
    const std::string key = bucket_key(row.date, interval);
    if (key.empty()) continue;
    ++out.units[key];
    if (!row.talk.empty()) out.talks[key].insert(row.talk);
  }
  return out;
}

// A series' per-bucket arrays equal the brute-force counts (buckets absent there are zero).
void check_series(const json& series, const json& buckets, const BucketCounts& expected) {
  REQUIRE(series["units"].size() == buckets.size());
  CHECK(series["units_total"] == expected.total);
  CHECK(series["talks_total"] == expected.all_talks.size());
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const std::string key = buckets[i]["key"].get<std::string>();
    INFO("bucket " << key);
    const auto u = expected.units.find(key);
    CHECK(series["units"][i] == (u == expected.units.end() ? 0 : u->second));
    const auto t = expected.talks.find(key);
    CHECK(series["talks"][i] == (t == expected.talks.end() ? 0 : t->second.size()));
  }
}

struct Case {
  std::string params;  // /api/search parameters
  std::string interval;
  std::string split;  // "" or a facet
  std::vector<std::string> compare;
};

// The table: a browse of everything, words, a phrase, a field query, facet filters and dates.
const std::vector<Case>& cases() {
  static const std::vector<Case> table = {
      {"q=", "year", "speaker", {}},
      {"q=community", "year", "speaker", {"volunteers", "funding"}},
      {"q=%22local+government%22", "month", "org", {}},
      {"q=library&from=2016-01-01&to=2019-12-31", "month", "theme", {"librarians"}},
      {"q=data&kind=bullet", "year", "event", {}},
      {"q=council+OR+councils&year=2010&year=2013", "month", "org", {"citizens"}},
      {"q=digital&theme=Digital+and+technology", "year", "speaker", {}},
      {"q=speaker:longlands", "year", "", {}},
  };
  return table;
}

std::string compare_params(const Case& c) {
  std::string out;
  for (const auto& q : c.compare) out += "&compare=" + httplib::detail::encode_query_param(q);
  return out;
}

// Every case of the table against brute force on `server`; returns the answers without timing.
std::vector<json> check_timelines(const testing::LiveServer& server) {
  std::vector<json> answers;
  const json everything = get_json(server, "/api/timeline?interval=year");
  for (const Case& c : cases()) {
    INFO("case " << c.params << " interval=" << c.interval << " split=" << c.split);
    const std::vector<Row> rows = brute_force(server, c.params);
    json timeline = get_json(server, "/api/timeline?" + c.params + "&interval=" + c.interval +
                                         (c.split.empty() ? "" : "&split=" + c.split) + "&top=4" +
                                         compare_params(c));
    const json& buckets = timeline["buckets"];
    const BucketCounts all = count_rows(rows, c.interval, [](const Row&) { return true; });
    CHECK(timeline["total"] == rows.size());
    CHECK(timeline["talks"] == all.all_talks.size());
    std::size_t undated = 0, summed = 0;
    for (const Row& row : rows) undated += row.date.size() != 10;
    CHECK(timeline["undated"] == undated);
    for (const json& bucket : buckets) summed += bucket["units"].get<std::size_t>();
    CHECK(summed + undated == timeline["total"].get<std::size_t>());
    // Buckets run without a gap from the first dated match to the last.
    if (!all.units.empty()) {
      REQUIRE_FALSE(buckets.empty());
      CHECK(buckets.front()["key"] == all.units.begin()->first);
      CHECK(buckets.back()["key"] == all.units.rbegin()->first);
    }
    for (std::size_t i = 0; i < buckets.size(); ++i) {
      const std::string key = buckets[i]["key"].get<std::string>();
      INFO("bucket " << key);
      const auto u = all.units.find(key);
      CHECK(buckets[i]["units"] == (u == all.units.end() ? 0 : u->second));
      const auto t = all.talks.find(key);
      CHECK(buckets[i]["talks"] == (t == all.talks.end() ? 0 : t->second.size()));
      CHECK(buckets[i]["from"].get<std::string>().substr(0, key.size()) == key);
    }
    // all_units: the whole archive's units of each year (the year timeline of everything).
    if (c.interval == "year") {
      for (const json& bucket : buckets) {
        std::size_t expected = 0;
        for (const json& b : everything["buckets"]) {
          if (b["key"] == bucket["key"]) expected = b["units"].get<std::size_t>();
        }
        CHECK(bucket["all_units"] == expected);
      }
    }

    if (!c.split.empty()) {
      const json& series = timeline["series"];
      REQUIRE_FALSE(series.empty());
      REQUIRE(series.back()["kind"] == "other");
      std::map<std::string, std::size_t> frequency;
      for (const Row& row : rows) {
        for (const auto& v : values_of(row, c.split)) ++frequency[v];
      }
      std::vector<std::pair<std::string, std::size_t>> ranked(frequency.begin(), frequency.end());
      std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
      });
      REQUIRE(series.size() == std::min<std::size_t>(ranked.size(), 4) + 1);
      std::set<std::string> top;
      for (std::size_t s = 0; s + 1 < series.size(); ++s) {
        const std::string value = series[s]["value"].get<std::string>();
        INFO("series " << value);
        CHECK(value == ranked[s].first);
        top.insert(value);
        check_series(series[s], buckets, count_rows(rows, c.interval, [&](const Row& row) {
                       const auto v = values_of(row, c.split);
                       return std::find(v.begin(), v.end(), value) != v.end();
                     }));
        // The same search with the value as a filter has the series' counts.
        const json filtered =
            get_json(server, "/api/timeline?" + c.params + "&interval=" + c.interval + "&" +
                                 c.split + "=" + httplib::detail::encode_query_param(value));
        CHECK(filtered["total"] == series[s]["units_total"]);
        for (std::size_t i = 0; i < buckets.size(); ++i) {
          std::size_t expected = 0;
          for (const json& b : filtered["buckets"]) {
            if (b["key"] == buckets[i]["key"]) expected = b["units"].get<std::size_t>();
          }
          CHECK(series[s]["units"][i] == expected);
        }
      }
      check_series(series.back(), buckets, count_rows(rows, c.interval, [&](const Row& row) {
                     for (const auto& v : values_of(row, c.split)) {
                       if (top.count(v)) return false;
                     }
                     return true;
                   }));
    }

    REQUIRE(timeline["compare"].size() == c.compare.size());
    for (std::size_t k = 0; k < c.compare.size(); ++k) {
      INFO("compare " << c.compare[k]);
      std::string params = c.params;
      const auto amp = params.find('&');
      params = "q=" + httplib::detail::encode_query_param(c.compare[k]) +
               (amp == std::string::npos ? "" : params.substr(amp));
      const json& series = timeline["compare"][k];
      CHECK(series["query"] == c.compare[k]);
      check_series(
          series, buckets,
          count_rows(brute_force(server, params), c.interval, [](const Row&) { return true; }));
    }
    timeline.erase("took_ms");
    answers.push_back(std::move(timeline));
  }
  return answers;
}

// Every ranking of the table's searches against brute force: units, distinct talks and share
// (all_units from a brute force of the whole archive), ordered by the measure, then units, then
// name, share only for values with at least `min` units.
std::vector<json> check_rankings(const testing::LiveServer& server) {
  std::vector<json> answers;
  const std::vector<Row> archive = brute_force(server, "q=");
  for (const Case& c : cases()) {
    const std::vector<Row> rows = brute_force(server, c.params);
    for (const std::string by : {"speaker", "org"}) {
      std::map<std::string, std::size_t> all;
      for (const Row& row : archive) {
        for (const auto& v : values_of(row, by)) ++all[v];
      }
      std::map<std::string, std::size_t> units;
      std::map<std::string, std::set<std::string>> talks;
      for (const Row& row : rows) {
        for (const auto& v : values_of(row, by)) {
          ++units[v];
          if (!row.talk.empty()) talks[v].insert(row.talk);
        }
      }
      for (const std::string measure : {"units", "talks", "share"}) {
        INFO("case " << c.params << " by=" << by << " measure=" << measure);
        const int min = 5;
        json top = get_json(server, "/api/top?" + c.params + "&by=" + by + "&measure=" + measure +
                                        "&limit=100&min=" + std::to_string(min));
        CHECK(top["total"] == rows.size());
        struct Expected {
          std::string value;
          std::size_t units, talks, all;
        };
        std::vector<Expected> expected;
        for (const auto& [value, n] : units) {
          if (measure == "share" && all[value] < static_cast<std::size_t>(min)) continue;
          expected.push_back({value, n, talks[value].size(), all[value]});
        }
        CHECK(top["ranked"] == expected.size());
        std::sort(expected.begin(), expected.end(), [&](const Expected& a, const Expected& b) {
          if (measure == "share" && a.units * b.all != b.units * a.all) {
            return a.units * b.all > b.units * a.all;
          }
          if (measure == "talks" && a.talks != b.talks) return a.talks > b.talks;
          if (a.units != b.units) return a.units > b.units;
          return a.value < b.value;
        });
        if (expected.size() > 100) expected.resize(100);
        REQUIRE(top["entries"].size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
          const json& entry = top["entries"][i];
          INFO("rank " << i + 1 << " " << expected[i].value);
          CHECK(entry["value"] == expected[i].value);
          CHECK(entry["units"] == expected[i].units);
          CHECK(entry["talks"] == expected[i].talks);
          CHECK(entry["all_units"] == expected[i].all);
        }
        top.erase("took_ms");
        answers.push_back(std::move(top));
      }
    }
  }
  return answers;
}

TEST_CASE("timelines equal brute force over one database, two local shards and two remote shards",
          "[web][explore]") {
  const Indexes& idx = indexes();
  testing::LiveServer one(testing::server_options(idx.one, 2));
  const std::vector<json> expected = check_timelines(one);
  {
    testing::LiveServer sharded(testing::server_options(idx.sharded, 2));
    CHECK(check_timelines(sharded) == expected);
  }
  testing::TcpSrv srv0(idx.sharded / "shard-00"), srv1(idx.sharded / "shard-01");
  const auto stub =
      idx.dir.write("timeline.stub", srv0.stub_line() + "\n" + srv1.stub_line() + "\n");
  testing::LiveServer remote(testing::server_options(stub, 2));
  CHECK(check_timelines(remote) == expected);
}

TEST_CASE("who said it most equals brute force over one database and two shards",
          "[web][explore]") {
  const Indexes& idx = indexes();
  testing::LiveServer one(testing::server_options(idx.one, 2));
  const std::vector<json> expected = check_rankings(one);
  {
    testing::LiveServer sharded(testing::server_options(idx.sharded, 2));
    CHECK(check_rankings(sharded) == expected);
  }
  testing::TcpSrv srv0(idx.sharded / "shard-00"), srv1(idx.sharded / "shard-01");
  const auto stub = idx.dir.write("top.stub", srv0.stub_line() + "\n" + srv1.stub_line() + "\n");
  testing::LiveServer remote(testing::server_options(stub, 2));
  CHECK(check_rankings(remote) == expected);
}

TEST_CASE("timeline and top refuse bad parameters with a 400 that names them", "[web][explore]") {
  testing::LiveServer server(testing::server_options(indexes().one, 1));
  for (const std::string target :
       {"/api/timeline?interval=week", "/api/timeline?split=kind", "/api/timeline?top=0",
        "/api/timeline?top=21", "/api/timeline?compare=a&compare=b&compare=c&compare=d&compare=e",
        "/api/timeline?from=2010-02-30", "/api/top?by=theme", "/api/top?measure=words",
        "/api/top?limit=0", "/api/top?limit=101", "/api/top?min=-1", "/api/top?by=org&by=speaker",
        "/api/timeline?q=%ff"}) {
    INFO(target);
    auto res = server.get(target);
    REQUIRE(res);
    CHECK(res->status == 400);
    const json body = json::parse(res->body);
    CHECK_FALSE(body["error"]["message"].get<std::string>().empty());
  }
}

}  // namespace
}  // namespace civic::web
