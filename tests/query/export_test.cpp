// Exports (query/export.h): Searcher::export_units() gives every matching unit in the order
// search() pages them, with its exact total, cut at the limit; over local and remote shards too.
// And the two row encodings, byte by byte: CSV per RFC 4180 with formula-looking cells defused,
// JSON Lines with the same columns.
#include "query/export.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/query/searcher_fixture.h"
#include "tests/query/tcpsrv_support.h"

using namespace civic;
using namespace civic::testing;
namespace fs = std::filesystem;

namespace {

// Every hit search() gives, page after page (ungrouped requests stay under the window here).
std::vector<std::string> searched_ids(query::Searcher& searcher, query::SearchRequest request) {
  request.per_page = query::kMaxPerPage;
  std::vector<std::string> ids;
  for (request.page = 1;; ++request.page) {
    const auto response = search_ok(searcher, request);
    for (const auto& hit : response.hits) ids.push_back(hit.unit.id);
    if (response.hits.size() < static_cast<std::size_t>(request.per_page)) break;
  }
  return ids;
}

// Every row of an export, read `batch` at a time.
std::vector<query::Hit> exported(query::UnitExport& rows, std::size_t batch) {
  std::vector<query::Hit> out;
  for (;;) {
    auto next = rows.next(batch);
    INFO((next ? "" : next.error().message));
    REQUIRE(next);
    if (next->empty()) return out;
    CHECK(next->size() <= batch);
    for (auto& hit : *next) out.push_back(std::move(hit));
  }
}

query::Searcher open_or_fail(const fs::path& path) {
  auto searcher = query::Searcher::open(path);
  INFO(path.string() << ": " << (searcher ? "" : searcher.error().message));
  REQUIRE(searcher);
  return std::move(*searcher);
}

query::UnitExport export_ok(query::Searcher& searcher, const query::SearchRequest& request,
                            std::size_t limit = query::kMaxExportRows) {
  auto rows = searcher.export_units(request, limit);
  INFO(request.q << ": " << (rows ? "" : rows.error().message));
  REQUIRE(rows);
  return std::move(*rows);
}

std::vector<query::SearchRequest> export_requests() {
  std::vector<query::SearchRequest> out;
  query::SearchRequest r;
  r.q = "council";
  out.push_back(r);  // relevance
  r.sort = query::Sort::Newest;
  out.push_back(r);
  r = {};
  r.q = "community";
  r.sort = query::Sort::Oldest;
  r.filters["kind"] = {"paragraph", "bullet"};
  out.push_back(r);
  r = {};
  out.push_back(r);  // browse everything: newest first
  r.q = "council";
  r.from = "2010-01-01";
  r.to = "2014-12-31";
  out.push_back(r);
  return out;
}

}  // namespace

TEST_CASE("an export lists every unit a search pages through, in the same order and total",
          "[query][export]") {
  auto searcher = open_searcher();
  for (const auto& request : export_requests()) {
    CAPTURE(request.q, query::sort_name(request.sort), request.from);
    const auto expected = searched_ids(searcher, request);
    REQUIRE(expected.size() > 10);
    auto rows = export_ok(searcher, request);
    CHECK(rows.total() == search_ok(searcher, request).total);
    CHECK(rows.size() == expected.size());
    CHECK_FALSE(rows.truncated());
    CHECK(rows.missing_shards().empty());
    const auto hits = exported(rows, 7);
    CHECK(ids_of(hits) == expected);
    // Each row is the stored unit, with its link into the source post but no snippet.
    const StoredUnit& stored = *searcher_index().by_id.at(hits.front().unit.id);
    CHECK(hits.front().unit.text == stored.unit.text);
    CHECK(hits.front().post.title == stored.post.title);
    CHECK(hits.front().snippet.empty());
    auto first_only = request;
    first_only.per_page = 1;
    CHECK(hits.front().url == search_ok(searcher, first_only).hits.front().url);
  }
}

TEST_CASE("an export stops at its limit and says how many matched", "[query][export]") {
  auto searcher = open_searcher();
  query::SearchRequest request;
  request.q = "council";
  request.sort = query::Sort::Oldest;
  const auto expected = searched_ids(searcher, request);
  auto rows = export_ok(searcher, request, 25);
  CHECK(rows.total() == expected.size());
  CHECK(rows.size() == 25);
  CHECK(rows.limit() == 25);
  CHECK(rows.truncated());
  CHECK(ids_of(exported(rows, 10)) ==
        std::vector<std::string>(expected.begin(), expected.begin() + 25));
  // A limit of 0 counts only.
  auto counted = export_ok(searcher, request, 0);
  CHECK(counted.total() == expected.size());
  CHECK(exported(counted, 10).empty());
}

TEST_CASE("an export refuses what search refuses, and groups, but not pages", "[query][export]") {
  auto searcher = open_searcher();
  query::SearchRequest request;
  request.from = "2010-02-30";
  auto refused = searcher.export_units(request, 10);
  REQUIRE_FALSE(refused);
  auto searched = searcher.search(request);
  REQUIRE_FALSE(searched);
  CHECK(refused.error().code == ErrorCode::InvalidInput);
  CHECK(refused.error().message == searched.error().message);

  request = {};
  request.group = query::Group::Talk;
  refused = searcher.export_units(request, 10);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::InvalidInput);
  CHECK(refused.error().message ==
        "group does not apply to an export, which lists every matching unit; leave it out");

  // Past the result window search() refuses the page; an export has none.
  request = {};
  request.page = 500;
  request.per_page = 100;
  REQUIRE_FALSE(searcher.search(request));
  auto rows = export_ok(searcher, request, 5);
  CHECK(rows.size() == 5);
}

TEST_CASE("an export over local and remote shards follows their search and totals",
          "[query][export][shards]") {
  TempDir dir;
  indexer::BuildOptions two;
  two.shards = 2;
  const std::vector<fs::path> inputs = {source_dir() / "data" / "archive", seed_path()};
  // The indexes of tests/query/shards_test.cpp (the same fixture keys).
  const fs::path one = cached_index("shards-one", "1", inputs);
  const fs::path sharded = cached_index("shards-sharded", "1", inputs, {}, {}, two);
  TcpSrv srv0(sharded / "shard-00"), srv1(sharded / "shard-01");
  const auto local = dir.write("local.stub", "auto " + (sharded / "shard-00").string() + "\nauto " +
                                                 (sharded / "shard-01").string() + "\n");
  const auto remote = dir.write("remote.stub", srv0.stub_line() + "\n" + srv1.stub_line() + "\n");
  auto single = open_or_fail(one);
  for (const fs::path& stub : {local, remote}) {
    auto searcher = open_or_fail(stub);
    for (const auto& request : export_requests()) {
      CAPTURE(stub.filename().string(), request.q, query::sort_name(request.sort));
      auto rows = export_ok(searcher, request);
      auto reference = export_ok(single, request);
      CHECK(rows.total() == reference.total());
      const auto ids = ids_of(exported(rows, 50));
      CHECK(ids == searched_ids(searcher, request));
      auto sorted = ids, reference_ids = ids_of(exported(reference, 50));
      std::sort(sorted.begin(), sorted.end());
      std::sort(reference_ids.begin(), reference_ids.end());
      CHECK(sorted == reference_ids);
    }
  }
}

TEST_CASE("CSV fields are quoted per RFC 4180 and formula-looking cells are defused",
          "[query][export][csv]") {
  auto [value, expected] = GENERATE(table<std::string, std::string>({
      {"plain", "\"plain\""},
      {"", "\"\""},
      {"a, b", "\"a, b\""},
      {"she said \"no\"", "\"she said \"\"no\"\"\""},
      {"two\nlines\r\nhere", "\"two\nlines\r\nhere\""},
      {"Caf\u00e9 \u2014 \u201cquoted\u201d \u6771\u4eac",
       "\"Caf\u00e9 \u2014 \u201cquoted\u201d \u6771\u4eac\""},
      {"=SUM(A1:A9)", "\"'=SUM(A1:A9)\""},
      {"+44 20 7946 0000", "\"'+44 20 7946 0000\""},
      {"-5% on last year", "\"'-5% on last year\""},
      {"@mention", "\"'@mention\""},
      {"\tindented", "\"'\tindented\""},
      {"\rreturn", "\"'\rreturn\""},
      {"a=b, c-d", "\"a=b, c-d\""},
      {"'already quoted", "\"'already quoted\""},
  }));
  CAPTURE(value);
  std::string out;
  query::append_csv_field(out, value);
  CHECK(out == expected);
}

TEST_CASE("an export row is the same unit in CSV and in JSON Lines", "[query][export][csv]") {
  query::Hit hit;
  hit.unit.id = "kirkhope-budget-1a2b.7";
  hit.unit.kind = UnitKind::Comment;
  hit.unit.text = "=1+1, said the \"treasurer\"\nthen sat down";
  hit.unit.speaker = "Dorothy Aske";
  hit.unit.org = "Kirkhope Borough Council";
  hit.unit.themes = {"budgets", "transparency"};
  hit.post.title = "Kirkhope budget night";
  hit.post.date = "2012-02-29";
  hit.url = "https://blog.example.org/budget/#:~:text=said";

  CHECK(query::export_header(query::ExportFormat::Csv) ==
        "\"date\",\"speaker\",\"role\",\"org\",\"event\",\"post_title\",\"kind\",\"text\","
        "\"permalink\",\"id\",\"source_url\",\"themes\"\r\n");
  CHECK(query::export_header(query::ExportFormat::Jsonl).empty());

  std::string csv;
  query::append_export_row(csv, query::ExportFormat::Csv, hit, "https://search.example.org");
  CHECK(csv ==
        "\"2012-02-29\",\"Dorothy Aske\",\"\",\"Kirkhope Borough Council\",\"\","
        "\"Kirkhope budget night\",\"comment\","
        "\"'=1+1, said the \"\"treasurer\"\"\nthen sat down\","
        "\"https://search.example.org/units/kirkhope-budget-1a2b.7\",\"kirkhope-budget-1a2b.7\","
        "\"https://blog.example.org/budget/#:~:text=said\",\"budgets; transparency\"\r\n");

  std::string line;
  query::append_export_row(line, query::ExportFormat::Jsonl, hit, "");
  REQUIRE(line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);  // one line: the text's newline is escaped
  const auto row = nlohmann::ordered_json::parse(line);
  std::vector<std::string> keys;
  for (const auto& item : row.items()) keys.push_back(item.key());
  CHECK(keys == query::export_columns());
  CHECK(row.at("text") == hit.unit.text);  // unchanged: no formula prefix in JSON
  CHECK(row.at("role").is_null());
  CHECK(row.at("event").is_null());
  CHECK(row.at("permalink") == "/units/kirkhope-budget-1a2b.7");
  CHECK(row.at("themes") == nlohmann::ordered_json::array({"budgets", "transparency"}));
}

TEST_CASE("a permalink percent-encodes the unit id as one path segment", "[query][export]") {
  CHECK(query::unit_permalink("", "post-1.2") == "/units/post-1.2");
  CHECK(query::unit_permalink("http://127.0.0.1:8080", "a b/c?d#\u00e9") ==
        "http://127.0.0.1:8080/units/a%20b%2Fc%3Fd%23%C3%A9");
}
