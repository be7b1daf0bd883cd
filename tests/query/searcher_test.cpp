// The Searcher (query/searcher.h) over the seed post: the query language's fallback for syntax
// errors, opening errors, spelling suggestions and snippets. Sorting and grouping are in
// searcher_order_test.cpp, facet counts in searcher_facets_test.cpp, unit look-up, dates and
// autocomplete in searcher_lookup_test.cpp.
#include <catch2/catch.hpp>
#include <cctype>
#include <set>

#include "indexer/index_writer.h"
#include "query/core/ascii.h"
#include "query/searcher.h"
#include "tests/index_fixture.h"

using namespace civic;
using civic::testing::marked;
using civic::testing::TempDir;

namespace {

// The seed post through run_index, built once per test run (tests/fixture_cache.h).
query::Searcher open_seed() {
  auto searcher = query::Searcher::open(
      civic::testing::cached_index("searcher-seed-index", "1", {civic::testing::seed_path()}));
  REQUIRE(searcher);
  return std::move(*searcher);
}

std::vector<std::string> ids(query::Searcher& searcher, const std::string& q) {
  query::SearchRequest request;
  request.q = q;
  request.sort = query::Sort::Oldest;
  request.per_page = query::kMaxPerPage;
  auto response = searcher.search(request);
  REQUIRE(response);
  REQUIRE(response->total <= static_cast<std::size_t>(query::kMaxPerPage));
  std::vector<std::string> out;
  for (const auto& hit : response->hits) out.push_back(hit.unit.id);
  return out;
}

// Every unit of the index (the seed post has 100).
std::vector<query::Hit> all_units(query::Searcher& searcher) {
  query::SearchRequest request;
  request.per_page = query::kMaxPerPage;
  auto response = searcher.search(request);
  REQUIRE(response);
  REQUIRE(response->hits.size() == response->total);
  return response->hits;
}

std::size_t total(query::Searcher& searcher, const std::string& q) {
  query::SearchRequest request;
  request.q = q;
  auto response = searcher.search(request);
  REQUIRE(response);
  return response->total;
}

}  // namespace

TEST_CASE("a query with a syntax error falls back to plain words", "[query][searcher]") {
  auto searcher = open_seed();
  // The seed post has 100 units; "big society" is in its title, so in every unit's title field.
  REQUIRE(total(searcher, "") == 100);
  const auto big_society = ids(searcher, "Big Society");
  REQUIRE(!big_society.empty());
  // An unclosed bracket or a stray operator is read as the words around it, the operator as a
  // word (words are ANDed: "AND volunteering" finds fewer units than "volunteering").
  CHECK(ids(searcher, "(Big Society") == big_society);
  CHECK(ids(searcher, "Big Society)") == big_society);
  CHECK(ids(searcher, "\"unclosed phrase") == ids(searcher, "unclosed phrase"));
  CHECK(ids(searcher, "AND volunteering") == ids(searcher, "and volunteering"));
  CHECK(ids(searcher, "AND volunteering").size() < ids(searcher, "volunteering").size());
  CHECK(ids(searcher, "speaker:") == ids(searcher, "speaker"));
  // A lone NOT is the word "not": the units whose text has it.
  std::size_t with_not = 0;
  for (const auto& hit : all_units(searcher)) {
    std::string text = ascii::to_lower(hit.unit.text);
    for (char& c : text) c = std::isalnum(static_cast<unsigned char>(c)) ? c : ' ';
    with_not += (" " + text + " ").find(" not ") != std::string::npos;
  }
  REQUIRE(with_not > 0);
  CHECK(ids(searcher, "NOT").size() == with_not);
  CHECK(ids(searcher, "NOT") == ids(searcher, "not"));
  // Nothing but punctuation: a valid answer that matches nothing.
  query::SearchRequest request;
  request.q = ")))";
  auto response = searcher.search(request);
  REQUIRE(response);
  CHECK(response->total == 0);
  CHECK(response->hits.empty());
  CHECK(response->query == ")))");
}

TEST_CASE("opening a missing index says what to do", "[query][searcher]") {
  TempDir dir;
  auto searcher = query::Searcher::open(dir / "nothing");
  REQUIRE_FALSE(searcher);
  CHECK(searcher.error().code == ErrorCode::NotFound);
  CHECK(searcher.error().message == (dir / "nothing").string() + ": no index here; run 'civicsearch index' first");
}

TEST_CASE("regression: an acronym that occurs in the archive is not 'corrected'", "[query][searcher][spelling]") {
  auto searcher = open_seed();
  query::SearchRequest request;
  request.q = "CLES";
  auto acronym = searcher.search(request);
  REQUIRE(acronym);
  CHECK(acronym->total > 0);
  CHECK_FALSE(acronym->suggestion);

  request.q = "Longlnds";
  auto misspelt = searcher.search(request);
  REQUIRE(misspelt);
  CHECK(misspelt->total == 0);
  REQUIRE(misspelt->suggestion);
  CHECK(*misspelt->suggestion == "longlands");
}

TEST_CASE("regression: a snippet escapes the same characters with and without a query",
          "[query][searcher][snippet]") {
  TempDir dir;
  {
    auto writer = indexer::IndexWriter::open(dir / "index");
    REQUIRE(writer);
    PostDoc doc;
    doc.post.id = post_id_for("escape-test", "searcher-test:escape");
    doc.post.title = "Escaping";
    Unit unit;
    unit.kind = UnitKind::Paragraph;
    unit.text = "Rosa Quint's \"parish plan\" & <b>grants</b>";
    doc.units.push_back(unit);
    finalise_post(doc);
    REQUIRE(writer->put(doc));
    REQUIRE(writer->commit());
  }
  auto searcher = query::Searcher::open(dir / "index");
  REQUIRE(searcher);
  query::SearchRequest browse;
  query::SearchRequest words;
  words.q = "grants";
  auto plain = searcher->search(browse);
  auto marked = searcher->search(words);
  REQUIRE(plain);
  REQUIRE(marked);
  REQUIRE(plain->hits.size() == 1);
  REQUIRE(marked->hits.size() == 1);
  CHECK(plain->hits[0].snippet ==
        "Rosa Quint&#39;s &quot;parish plan&quot; &amp; &lt;b&gt;grants&lt;/b&gt;");
  // The query's marks are the only difference (the apostrophe and quotes were left as they were
  // when a query was set).
  CHECK(marked->hits[0].snippet ==
        "Rosa Quint&#39;s &quot;parish plan&quot; &amp; &lt;b&gt;<mark>grants</mark>&lt;/b&gt;");
  auto unit = searcher->unit(plain->hits[0].unit.id);
  REQUIRE(unit);
  CHECK(unit->unit.snippet == plain->hits[0].snippet);
}

TEST_CASE("search snippets mark a phrase, a stem and a wildcard of the query",
          "[query][searcher][snippet]") {
  auto searcher = open_seed();
  auto search = [&](const std::string& q) {
    query::SearchRequest request;
    request.q = q;
    request.per_page = 20;
    auto response = searcher.search(request);
    REQUIRE(response);
    REQUIRE(!response->hits.empty());
    return *response;
  };
  for (const auto& hit : search("\"big society\"").hits) {
    CAPTURE(hit.snippet);
    const auto marks = marked(hit.snippet);
    CHECK(!marks.empty());
    for (const auto& m : marks) CHECK(ascii::to_lower(m) == "big society");
  }
  std::size_t wildcard_marks = 0;
  for (const auto& hit : search("volunteer*").hits) {
    CAPTURE(hit.snippet);
    for (const auto& m : marked(hit.snippet)) {
      CHECK(ascii::to_lower(m).rfind("volunteer", 0) == 0);
      ++wildcard_marks;
    }
  }
  CHECK(wildcard_marks > 0);
  // An unquoted word is stemmed: its other forms are marked too.
  std::set<std::string> forms;
  for (const auto& hit : search("volunteering").hits) {
    for (const auto& m : marked(hit.snippet)) forms.insert(ascii::to_lower(m));
  }
  CAPTURE(forms);
  CHECK(forms.count("volunteering"));
  CHECK(forms.size() > 1);
}

TEST_CASE("regression: OR between known words does not make a query 'misspelt'",
          "[query][searcher][spelling]") {
  auto searcher = open_seed();
  for (const char* q : {"given", "given OR society", "volunteering OR given"}) {
    CAPTURE(q);
    query::SearchRequest request;
    request.q = q;
    auto response = searcher.search(request);
    REQUIRE(response);
    CHECK(response->total > 0);
    CHECK_FALSE(response->suggestion);
  }
  // A misspelt word still gets one, with and without operators.
  query::SearchRequest request;
  request.q = "volunteerng OR society";
  auto response = searcher.search(request);
  REQUIRE(response);
  REQUIRE(response->suggestion);
  CHECK(*response->suggestion == "volunteering OR society");
}
