// parse_search_params(): the query parameters of GET /api/search → a SearchRequest, and every
// refusal with the message a user sees in the 400 body.
#include "web/params.h"

#include <catch2/catch.hpp>

namespace civic::web {
namespace {

using Params = std::multimap<std::string, std::string>;

}  // namespace

TEST_CASE("no parameters give the documented defaults", "[web][params]") {
  auto request = parse_search_params({});
  REQUIRE(request.has_value());
  CHECK(request->q.empty());
  CHECK(request->filters.empty());
  CHECK(request->from.empty());
  CHECK(request->to.empty());
  CHECK(request->sort == query::Sort::Relevance);
  CHECK(request->group == query::Group::Unit);
  CHECK(request->page == 1);
  CHECK(request->per_page == 10);
  CHECK(request->facet_limit == 50);
}

TEST_CASE("every parameter is read into the request", "[web][params]") {
  const Params params = {
      {"q", "\"local economy\" NOT housing"},
      {"speaker", "Sarah Longlands"},
      {"speaker", "Ann Patel"},
      {"org", "Local Government Association"},
      {"kind", "bullet"},
      {"theme", "procurement"},
      {"event", "Northern Regeneration Forum"},
      {"year", "2010"},
      {"from", "2010-11-01"},
      {"to", "2010-11-30"},
      {"sort", "oldest"},
      {"group", "talk"},
      {"page", "3"},
      {"per_page", "100"},
      {"facet_limit", "0"},
      {"utm_source", "newsletter"},
  };
  auto request = parse_search_params(params);
  REQUIRE(request.has_value());
  CHECK(request->q == "\"local economy\" NOT housing");
  CHECK(request->filters.at("speaker") == std::vector<std::string>{"Sarah Longlands", "Ann Patel"});
  CHECK(request->filters.at("org") == std::vector<std::string>{"Local Government Association"});
  CHECK(request->filters.at("kind") == std::vector<std::string>{"bullet"});
  CHECK(request->filters.at("theme") == std::vector<std::string>{"procurement"});
  CHECK(request->filters.at("event") == std::vector<std::string>{"Northern Regeneration Forum"});
  CHECK(request->filters.at("year") == std::vector<std::string>{"2010"});
  CHECK(request->from == "2010-11-01");
  CHECK(request->to == "2010-11-30");
  CHECK(request->sort == query::Sort::Oldest);
  CHECK(request->group == query::Group::Talk);
  CHECK(request->page == 3);
  CHECK(request->per_page == 100);
  CHECK(request->facet_limit == 0);
  CHECK(request->filters.size() == 6);  // utm_source is ignored
}

TEST_CASE("accepted values of sort, group, paging and dates", "[web][params]") {
  auto [name, value] = GENERATE(table<std::string, std::string>({
      {"sort", "relevance"},
      {"sort", "newest"},
      {"sort", "oldest"},
      {"group", "unit"},
      {"group", "talk"},
      {"group", "post"},
      {"page", "1"},
      {"page", "1000"},
      {"per_page", "1"},
      {"per_page", "100"},
      {"facet_limit", "1000"},
      {"from", "2012-02-29"},
      {"to", "2010-12-31"},
      {"from", ""},     // an empty form field is no bound
      {"speaker", ""},  // an unticked filter is no filter
      {"q", std::string(query::kMaxQueryBytes, 'a')},
      {"q", "caf\xC3\xA9 \xE2\x80\x9Clocalism\xE2\x80\x9D"},
  }));
  CAPTURE(name, value);
  auto request = parse_search_params({{name, value}});
  CHECK(request.has_value());
  if (name == "speaker" && request) CHECK(request->filters.empty());
}

TEST_CASE("a bad parameter is refused with a message naming it", "[web][params]") {
  const std::string long_q(query::kMaxQueryBytes + 1, 'a');
  Params too_many;
  for (int i = 0; i < 101; ++i) too_many.emplace("speaker", "Speaker " + std::to_string(i));
  Params spread;  // the cap counts values over all facets together
  for (int i = 0; i < 51; ++i) spread.emplace("speaker", "S" + std::to_string(i));
  for (int i = 0; i < 50; ++i) spread.emplace("org", "O" + std::to_string(i));

  auto [label, params, message] = GENERATE_REF(table<std::string, Params, std::string>({
      {"unknown sort",
       {{"sort", "random"}},
       "sort must be relevance, newest or oldest, not 'random'"},
      {"sort in capitals",
       {{"sort", "Newest"}},
       "sort must be relevance, newest or oldest, not 'Newest'"},
      {"unknown group", {{"group", "speaker"}}, "group must be unit, talk or post, not 'speaker'"},
      {"page zero", {{"page", "0"}}, "page must be between 1 and 10000, not '0'"},
      {"negative page",
       {{"page", "-1"}},
       "page must be a whole number between 1 and 10000, not '-1'"},
      {"page not a number",
       {{"page", "two"}},
       "page must be a whole number between 1 and 10000, not 'two'"},
      {"page with a plus",
       {{"page", "+2"}},
       "page must be a whole number between 1 and 10000, not '+2'"},
      {"page empty", {{"page", ""}}, "page must be a whole number between 1 and 10000, not ''"},
      {"page overflowing int",
       {{"page", "99999999999999999999"}},
       "page must be between 1 and 10000, not '99999999999999999999'"},
      {"page past the window",
       {{"page", "1001"}},
       "page 1001 is past the first 10000 results (per_page 10); narrow the search instead"},
      {"page past the window with per_page",
       {{"page", "101"}, {"per_page", "100"}},
       "page 101 is past the first 10000 results (per_page 100); narrow the search instead"},
      {"per_page zero", {{"per_page", "0"}}, "per_page must be between 1 and 100, not '0'"},
      {"per_page too big", {{"per_page", "101"}}, "per_page must be between 1 and 100, not '101'"},
      {"per_page fractional",
       {{"per_page", "2.5"}},
       "per_page must be a whole number between 1 and 100, not '2.5'"},
      {"facet_limit too big",
       {{"facet_limit", "1001"}},
       "facet_limit must be between 0 and 1000, not '1001'"},
      {"from not a date",
       {{"from", "yesterday"}},
       "from must be a date as YYYY-MM-DD, not 'yesterday'"},
      {"from without day",
       {{"from", "2010-11"}},
       "from must be a date as YYYY-MM-DD, not '2010-11'"},
      {"to with a bad month",
       {{"to", "2010-13-01"}},
       "to must be a date as YYYY-MM-DD, not '2010-13-01'"},
      {"to on 30 February",
       {{"to", "2010-02-30"}},
       "to must be a date as YYYY-MM-DD, not '2010-02-30'"},
      {"29 February off a leap year",
       {{"from", "2011-02-29"}},
       "from must be a date as YYYY-MM-DD, not '2011-02-29'"},
      {"from after to",
       {{"from", "2011-01-01"}, {"to", "2010-12-31"}},
       "from (2011-01-01) is after to (2010-12-31)"},
      {"q over 4 KB", {{"q", long_q}}, "q is 4097 bytes long; the most is 4096"},
      {"q not UTF-8", {{"q", "caf\xE9"}}, "q is not valid UTF-8"},
      {"q with a NUL byte", {{"q", std::string("a\0b", 3)}}, "q is not valid UTF-8"},
      {"speaker not UTF-8", {{"speaker", "\xFF\xFE"}}, "speaker is not valid UTF-8"},
      {"unknown parameter not UTF-8", {{"utm", "\xC3\x28"}}, "utm is not valid UTF-8"},
      {"parameter name not UTF-8", {{"\xFF", "x"}}, "a parameter name is not valid UTF-8"},
      {"q twice", {{"q", "a"}, {"q", "b"}}, "q may be given only once"},
      {"sort twice", {{"sort", "newest"}, {"sort", "oldest"}}, "sort may be given only once"},
      {"page twice", {{"page", "1"}, {"page", "2"}}, "page may be given only once"},
      {"too many values of one facet", too_many, "too many facet filter values (the most is 100)"},
      {"too many values over facets", spread, "too many facet filter values (the most is 100)"},
      {"a long bad value is quoted short",
       {{"sort", std::string(100, 'x')}},
       "sort must be relevance, newest or oldest, not '" + std::string(40, 'x') + "…'"},
  }));
  CAPTURE(label);
  auto request = parse_search_params(params);
  REQUIRE_FALSE(request.has_value());
  CHECK(request.error().code == ErrorCode::InvalidInput);
  CHECK(request.error().message == message);
}

TEST_CASE("int_param and text_param read single optional parameters", "[web][params]") {
  const Params params = {
      {"limit", "20"}, {"prefix", "long"}, {"bad", "x"}, {"two", "1"}, {"two", "2"}};
  CHECK(*int_param(params, "limit", 50, 1, 100) == 20);
  CHECK(*int_param(params, "absent", 50, 1, 100) == 50);
  CHECK(int_param(params, "bad", 5, 1, 100).error().message ==
        "bad must be a whole number between 1 and 100, not 'x'");
  CHECK(int_param(params, "limit", 5, 1, 10).error().message ==
        "limit must be between 1 and 10, not '20'");
  CHECK(int_param(params, "two", 5, 1, 10).error().message == "two may be given only once");
  CHECK(*text_param(params, "prefix", 10) == "long");
  CHECK(text_param(params, "absent", 10)->empty());
  CHECK(text_param(params, "prefix", 3).error().message == "prefix is 4 bytes long; the most is 3");
  CHECK(text_param({{"prefix", "\xFF"}}, "prefix", 10).error().message ==
        "prefix is not valid UTF-8");
}

}  // namespace civic::web
