// SearchRequest's one check (query/request.h): the limits and the calendar the API, the page, the
// CLI and the library share, and the sort and group names.
#include "query/request.h"

#include <catch2/catch.hpp>

#include "query/core/date.h"

using namespace civic;
using namespace civic::query;

namespace {

std::string refusal(const SearchRequest& request) {
  auto ok = validate(request);
  return ok ? std::string() : ok.error().message;
}

}  // namespace

TEST_CASE("regression: the library refuses a day that is not in the calendar, as the API does",
          "[query][request]") {
  SearchRequest request;
  request.from = "2010-02-30";
  CHECK(refusal(request) == "from must be a date as YYYY-MM-DD, not '2010-02-30'");
  request.from = "2011-02-29";
  CHECK_FALSE(refusal(request).empty());
  request.from = "2012-02-29";  // a leap year
  CHECK(refusal(request).empty());
  request.from.clear();
  request.to = "1900-02-29";  // not one: divisible by 100
  CHECK(refusal(request) == "to must be a date as YYYY-MM-DD, not '1900-02-29'");
  request.to = "2000-02-29";  // one: divisible by 400
  CHECK(refusal(request).empty());
  for (const char* bad : {"2010-13-01", "2010-00-10", "2010-01-32", "2010-1-01", "20100101", "2010-01-0x"}) {
    CAPTURE(bad);
    CHECK_FALSE(date::is_iso_date(bad));
  }
  CHECK(date::compact("2012-02-29") == "20120229");
}

TEST_CASE("regression: the largest facet_limit is the same for the library and the API",
          "[query][request]") {
  SearchRequest request;
  request.facet_limit = kMaxFacetLimit;
  CHECK(refusal(request).empty());
  request.facet_limit = kMaxFacetLimit + 1;  // was accepted up to 10000 by the library
  CHECK(refusal(request) == "facet_limit must be between 0 and 1000, not '1001'");
  request.facet_limit = -1;
  CHECK_FALSE(refusal(request).empty());
}

TEST_CASE("a request's other limits are refused with what to do", "[query][request]") {
  SearchRequest request;
  request.page = 0;
  CHECK(refusal(request) == "page must be between 1 and 10000, not '0'");
  request.page = 101;
  request.per_page = 100;
  CHECK(refusal(request) ==
        "page 101 is past the first 10000 results (per_page 100); narrow the search instead");
  request.page = 100;
  CHECK(refusal(request).empty());
  request.per_page = kMaxPerPage + 1;
  request.page = 1;
  CHECK(refusal(request) == "per_page must be between 1 and 100, not '101'");
  request = {};
  request.from = "2014-01-01";
  request.to = "2012-01-01";
  CHECK(refusal(request) == "from (2014-01-01) is after to (2012-01-01)");
  request = {};
  request.q.assign(kMaxQueryBytes + 1, 'a');
  CHECK(refusal(request) == "q is 4097 bytes long; the most is 4096");
  request = {};
  request.filters["colour"] = {"blue"};
  CHECK(refusal(request) == "unknown facet 'colour'");
  request.filters.clear();
  request.filters["role"] = {"Chief Executive"};  // listed, but not a filter
  CHECK(refusal(request) == "unknown facet 'role'");
  request.filters.clear();
  request.filters["speaker"].assign(kMaxFilterValues + 1, "Dorothy Aske");
  CHECK(refusal(request) == "too many facet filter values (the most is 100)");
}

TEST_CASE("sort and group names convert both ways", "[query][request]") {
  for (Sort sort : {Sort::Relevance, Sort::Newest, Sort::Oldest}) {
    CHECK(sort_from_name(sort_name(sort)) == sort);
  }
  for (Group group : {Group::Unit, Group::Talk, Group::Post}) {
    CHECK(group_from_name(group_name(group)) == group);
  }
  CHECK(sort_name(Sort::Newest) == "newest");
  CHECK(group_name(Group::Talk) == "talk");
  CHECK_FALSE(sort_from_name("Newest"));
  CHECK_FALSE(group_from_name(""));
}
