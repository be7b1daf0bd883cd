// Shared segmentation helpers: dates in prose, lead-ins, platform boilerplate.
#include <catch2/catch.hpp>

#include "indexer/segment.h"

using namespace civic::indexer;

TEST_CASE("find_date reads dates as bloggers write them", "[indexer][segment]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"Big Society Conference \xE2\x80\x93 2nd November 2010", "2010-11-02"},
      {"Budget meeting, 26 Feb 2014", "2014-02-26"},
      {"Summit on November 2, 2010", "2010-11-02"},
      {"posted 2012-03-14T09:00:00Z", "2012-03-14"},
      {"on 14/03/2012 at the town hall", "2012-03-14"},
      {"the 21st of March 2013", "2013-03-21"},
      {"Sept 9th 2015", "2015-09-09"},
  }));
  CAPTURE(input);
  auto date = find_date(input);
  REQUIRE(date);
  CHECK(*date == expected);
}

TEST_CASE("find_date ignores numbers that are not dates", "[indexer][segment]") {
  for (const char* input : {"5,000 community organisers", "Mayor of 2010", "9% savings in three years",
                            "Marching 12 2010"}) {
    CAPTURE(input);
    CHECK_FALSE(find_date(input));
  }
}

TEST_CASE("strip_date leaves the event name", "[indexer][segment]") {
  CHECK(strip_date("Big Society Conference \xE2\x80\x93 2nd November 2010") == "Big Society Conference");
  CHECK(strip_date("Council meeting (14 March 2012)") == "Council meeting");
  CHECK(strip_date("No date here") == "No date here");
}

TEST_CASE("lead_in_of keeps the sentence that introduces a list", "[indexer][segment]") {
  CHECK(lead_in_of("Sarah spoke first. Some of the issues she highlighted were:") ==
        "Some of the issues she highlighted were:");
  CHECK(lead_in_of("Kevin named the barriers to delivery. These are:") ==
        "Kevin named the barriers to delivery. These are:");
  CHECK(lead_in_of("Three themes underpin the programme:") == "Three themes underpin the programme:");
  CHECK(lead_in_of("No list follows this one.").empty());
}

TEST_CASE("WordPress chrome is recognised as boilerplate", "[indexer][segment]") {
  for (const char* line : {"Leave a Reply", "You are commenting using your Twitter account. ( Log Out /  Change )",
                           "Connecting to %s", "This site uses Akismet to reduce spam.",
                           "Notify me of new comments via email.", "Share this:", "Google photo"}) {
    CAPTURE(line);
    CHECK(is_boilerplate_line(line));
  }
  for (const char* line : {"Leave your views below, said the chair.", "The website was launched in May.",
                           "Sharing this platform with volunteers"}) {
    CAPTURE(line);
    CHECK_FALSE(is_boilerplate_line(line));
  }
  CHECK(is_footer_start("Leave a Reply"));
  CHECK_FALSE(is_footer_start("Leave a reply to the consultation by Friday, the council asked."));
}

TEST_CASE("parse_metadata_date accepts WordPress and front-matter forms", "[indexer][segment]") {
  CHECK(parse_metadata_date("2010-11-02 09:30:00") == "2010-11-02");
  CHECK(parse_metadata_date("Tue, 02 Nov 2010 09:30:00 +0000") == "2010-11-02");
  CHECK(parse_metadata_date("2021-03-03T19:00:00-05:00") == "2021-03-03");
  CHECK_FALSE(parse_metadata_date("2010-13-45"));
  CHECK_FALSE(parse_metadata_date("soon"));
}
