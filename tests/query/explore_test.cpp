// Searcher::timeline() and top() on posts built in code: month and year buckets with their
// dates, the gaps between them, the share of each interval, a ranking by share with its
// minimum, and answers that follow a new revision of the index (the matches they keep are per
// revision). The brute-force comparison over real corpora is tests/web/explore_test.cpp.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "indexer/index_writer.h"
#include "query/searcher.h"
#include "tests/index_fixture.h"
#include "tests/post_builder.h"
#include "tests/support.h"

namespace civic::query {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// A post of the Moorside library evenings (data/archive's fiction): one unit per text, every
// unit said by `speaker` in one talk.
PostDoc evening(const std::string& key, const std::string& date, const std::string& speaker,
                const std::vector<std::string>& texts) {
  PostDoc doc = testing::post_of_texts(key, "Moorside evening " + date, texts,
                                       std::vector<std::string>(texts.size(), "t"));
  doc.post.date = date;
  for (Unit& unit : doc.units) unit.speaker = speaker;
  return doc;
}

void put(const fs::path& db, const std::vector<PostDoc>& posts) {
  auto writer = indexer::IndexWriter::open(db);
  REQUIRE(writer);
  for (const PostDoc& post : posts) REQUIRE(writer->put(post));
  REQUIRE(writer->commit());
}

Searcher open_at(const fs::path& db) {
  auto searcher = Searcher::open(db);
  REQUIRE(searcher);
  return std::move(*searcher);
}

SearchRequest asking(const std::string& q) {
  SearchRequest request;
  request.q = q;
  return request;
}

TEST_CASE("a timeline has every interval between its first and last match, with their dates",
          "[query][explore]") {
  TempDir dir;
  const fs::path db = dir / "index";
  put(db, {evening("a", "2024-01-15", "Dorothy Aske",
                   {"Lending bikes from the library.", "Opening hours."}),
           evening("b", "2024-03-02", "Dorothy Aske", {"Bikes again, and a repair cafe."}),
           evening("c", "2024-02-29", "Hamid Okafor", {"Nothing about cycles."})});
  Searcher searcher = open_at(db);
  TimelineOptions months;
  months.interval = Interval::Month;
  auto timeline = searcher.timeline(asking("bikes"), months);
  REQUIRE(timeline);
  CHECK(timeline->interval == Interval::Month);
  CHECK(timeline->total == 2);
  CHECK(timeline->talks == 2);
  REQUIRE(timeline->buckets.size() == 3);  // January to March, February empty
  CHECK(timeline->buckets[0].key == "2024-01");
  CHECK(timeline->buckets[0].start == "2024-01-01");
  CHECK(timeline->buckets[0].end == "2024-01-31");
  CHECK(timeline->buckets[1].key == "2024-02");
  CHECK(timeline->buckets[1].end == "2024-02-29");  // a leap year
  CHECK(timeline->buckets[1].units == 0);
  CHECK(timeline->buckets[1].all_units == 1);
  CHECK(timeline->buckets[0].units == 1);
  CHECK(timeline->buckets[0].all_units == 2);
  CHECK(timeline->buckets[0].share() == Approx(0.5));
  CHECK(timeline->buckets[2].units == 1);

  TimelineOptions years;
  years.interval = Interval::Year;
  timeline = searcher.timeline(asking("bikes"), years);
  REQUIRE(timeline);
  REQUIRE(timeline->buckets.size() == 1);
  CHECK(timeline->buckets[0].key == "2024");
  CHECK(timeline->buckets[0].end == "2024-12-31");
  CHECK(timeline->buckets[0].all_units == 4);

  // Auto picks months for a span this short.
  timeline = searcher.timeline(asking("bikes"), {});
  REQUIRE(timeline);
  CHECK(timeline->interval == Interval::Month);

  // Nothing matches: no bucket, totals of zero.
  timeline = searcher.timeline(asking("trams"), years);
  REQUIRE(timeline);
  CHECK(timeline->buckets.empty());
  CHECK(timeline->total == 0);
}

TEST_CASE("a ranking by share leaves out values with fewer units than its minimum",
          "[query][explore]") {
  TempDir dir;
  const fs::path db = dir / "index";
  put(db, {evening("a", "2024-01-15", "Dorothy Aske",
                   {"Bikes.", "Hours.", "Staff.", "Books.", "Rooms.", "Bikes and rooms."}),
           evening("b", "2024-02-01", "Hamid Okafor", {"Bikes for all."})});
  Searcher searcher = open_at(db);
  TopOptions share;
  share.measure = TopMeasure::Share;
  share.min_units = 2;
  auto top = searcher.top(asking("bikes"), share);
  REQUIRE(top);
  CHECK(top->total == 3);
  REQUIRE(top->entries.size() == 1);  // Hamid Okafor's one unit is below the minimum
  CHECK(top->entries[0].value == "Dorothy Aske");
  CHECK(top->entries[0].units == 2);
  CHECK(top->entries[0].all_units == 6);
  share.min_units = 1;
  top = searcher.top(asking("bikes"), share);
  REQUIRE(top);
  REQUIRE(top->entries.size() == 2);
  CHECK(top->entries[0].value == "Hamid Okafor");  // 1 of 1 beats 2 of 6
  CHECK(top->entries[0].share() == Approx(1.0));
}

TEST_CASE("timeline and top answer from the revision the Searcher has open", "[query][explore]") {
  TempDir dir;
  const fs::path db = dir / "index";
  put(db, {evening("a", "2024-01-15", "Dorothy Aske", {"Bikes at the library."})});
  Searcher searcher = open_at(db);
  auto before = searcher.timeline(asking("bikes"), {});
  REQUIRE(before);
  CHECK(before->total == 1);
  auto top_before = searcher.top(asking("bikes"), {});
  REQUIRE(top_before);
  REQUIRE(top_before->entries.size() == 1);

  put(db, {evening("b", "2024-05-01", "Hamid Okafor", {"Bikes for the allotments."})});
  // Until it reopens, the Searcher answers from its revision: the same counts.
  auto same = searcher.timeline(asking("bikes"), {});
  REQUIRE(same);
  CHECK(same->total == 1);
  auto reopened = searcher.reopen();
  REQUIRE(reopened);
  CHECK(*reopened);
  auto after = searcher.timeline(asking("bikes"), {});
  REQUIRE(after);
  CHECK(after->total == 2);
  CHECK(after->buckets.back().key == "2024-05");
  auto top_after = searcher.top(asking("bikes"), {});
  REQUIRE(top_after);
  CHECK(top_after->entries.size() == 2);
}

TEST_CASE("timeline and top refuse options outside their limits", "[query][explore]") {
  TempDir dir;
  const fs::path db = dir / "index";
  put(db, {evening("a", "2024-01-15", "Dorothy Aske", {"Bikes at the library."})});
  Searcher searcher = open_at(db);
  TimelineOptions bad_split;
  bad_split.split = "kind";
  CHECK_FALSE(searcher.timeline(asking("bikes"), bad_split));
  TimelineOptions many;
  many.compare = {"a", "b", "c", "d", "e"};
  CHECK_FALSE(searcher.timeline(asking("bikes"), many));
  TimelineOptions long_compare;
  long_compare.compare = {std::string(kMaxQueryBytes + 1, 'a')};
  auto refused = searcher.timeline(asking("bikes"), long_compare);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("compare") != std::string::npos);
  TopOptions by_theme;
  by_theme.by = "theme";
  CHECK_FALSE(searcher.top(asking("bikes"), by_theme));
  TopOptions no_entries;
  no_entries.limit = 0;
  CHECK_FALSE(searcher.top(asking("bikes"), no_entries));
  // A month timeline over more than kMaxBuckets months is refused; the same in years is not.
  put(db, {evening("old", "1950-01-01", "Hamid Okafor", {"Bikes in 1950."})});
  REQUIRE(searcher.reopen());
  TimelineOptions months;
  months.interval = Interval::Month;
  auto wide = searcher.timeline(asking("bikes"), months);
  REQUIRE_FALSE(wide);
  CHECK(wide.error().message.find("interval=year") != std::string::npos);
  TimelineOptions years;
  years.interval = Interval::Year;
  auto wide_years = searcher.timeline(asking("bikes"), years);
  REQUIRE(wide_years);
  CHECK(wide_years->buckets.size() == 2024 - 1950 + 1);
}

}  // namespace
}  // namespace civic::query

namespace civic::query {
namespace {

// A JSON answer without its timing.
nlohmann::json untimed(const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body);
  j.erase("took_ms");
  return j;
}

// The matches a search records for the timeline and ranking after it (over one database) are
// those a fresh match finds: with a selected facet (whose filter the search applies in its
// decider), grouped, paged, and with dates.
TEST_CASE("a timeline after a search counts what a timeline alone counts", "[query][explore]") {
  const fs::path db = testing::cached_index("searcher-seed-index", "1", {testing::seed_path()});
  std::vector<SearchRequest> requests;
  requests.push_back(asking("community"));
  requests.push_back(asking(""));
  SearchRequest selected = asking("local");
  selected.filters["org"] = {"Centre for Local Economic Strategies", "Eden District Council"};
  selected.filters["kind"] = {"bullet", "paragraph"};
  requests.push_back(selected);
  SearchRequest grouped = asking("society");
  grouped.group = Group::Talk;
  grouped.page = 2;
  grouped.per_page = 3;
  requests.push_back(grouped);
  SearchRequest dated = asking("big society");
  dated.from = "2010-01-01";
  dated.to = "2010-12-31";
  requests.push_back(dated);
  TimelineOptions split;
  split.split = "speaker";
  for (const SearchRequest& request : requests) {
    INFO("q=" << request.q);
    Searcher fresh = open_at(db), after_search = open_at(db);
    auto response = after_search.search(request);
    REQUIRE(response);
    auto expected = fresh.timeline(request, split);
    auto got = after_search.timeline(request, split);
    REQUIRE(expected);
    REQUIRE(got);
    CHECK(got->total == expected->total);
    CHECK(untimed(to_json(*got)) == untimed(to_json(*expected)));
    auto expected_top = fresh.top(request, {});
    auto got_top = after_search.top(request, {});
    REQUIRE(expected_top);
    REQUIRE(got_top);
    CHECK(untimed(to_json(*got_top)) == untimed(to_json(*expected_top)));
    if (request.group == Group::Unit) CHECK(got->total == response->total);
  }
}

}  // namespace
}  // namespace civic::query
