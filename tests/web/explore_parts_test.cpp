// The search page's timeline chart and "who said it most" panel as pure render functions
// (web/explore_parts.h): counts made by hand in, markup out, no index and no sockets.
#include "web/explore_parts.h"

#include <catch2/catch.hpp>
#include <regex>

#include "query/core/html.h"

namespace civic::web {
namespace {

using query::Timeline;
using query::TimelineBucket;
using query::TimelineSeries;
using query::TopEntry;
using query::TopList;

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1))
    ++n;
  return n;
}

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TimelineBucket bucket(const std::string& key, std::size_t units, std::size_t talks,
                      std::size_t all_units) {
  TimelineBucket b;
  b.key = key;
  if (key.size() == 4) {
    b.start = key + "-01-01";
    b.end = key + "-12-31";
  } else {
    b.start = key + "-01";
    b.end = key + "-30";
  }
  b.units = units;
  b.talks = talks;
  b.all_units = all_units;
  return b;
}

// 2010: 5 units of 100, 2011: none of 40, 2012: 7 of 350.
Timeline years() {
  Timeline t;
  t.query = "council";
  t.interval = query::Interval::Year;
  t.buckets = {bucket("2010", 5, 2, 100), bucket("2011", 0, 0, 40), bucket("2012", 7, 3, 350)};
  t.total = 13;
  t.undated = 1;
  return t;
}

TimelineSeries series(TimelineSeries::Kind kind, const std::string& label,
                      std::vector<std::size_t> units) {
  TimelineSeries s;
  s.kind = kind;
  s.label = label;
  s.units = units;
  s.talks = std::vector<std::size_t>(units.size(), 0);
  for (std::size_t u : units) s.units_total += u;
  return s;
}

const LinkParams kSearch = {{"q", "council"}, {"speaker", "Dorothy Aske"}, {"sort", "newest"}};

}  // namespace

TEST_CASE("each bar of the chart links to its interval with the search's other parameters",
          "[web][explore]") {
  const Timeline t = years();
  const std::string html = render_timeline(&t, kSearch, explore_view({}));
  CHECK(has(html, "<section class=\"timeline\" id=\"timeline\""));
  // A few years fit the results column; the SVG has its size, so its box is known at once.
  CHECK(has(html, "<svg class=\"timeline-svg fits\" role=\"group\""));
  CHECK(std::regex_search(html, std::regex("width=\"[0-9.]+\" height=\"174\" viewBox=\"0 0 ")));
  // 2010 and 2012 are links narrowing from/to to their year; the page is not carried on.
  CHECK(has(html,
            "<a class=\"bar\" href=\"/search?q=council&amp;speaker=Dorothy%20Aske&amp;"
            "sort=newest&amp;from=2010-01-01&amp;to=2010-12-31\"><title>2010: 5 units</title>"));
  CHECK(has(html, "from=2012-01-01&amp;to=2012-12-31\"><title>2012: 7 units</title>"));
  // An interval without a match has no link: nothing would be found there.
  CHECK(count(html, "<a class=\"bar\"") == 2);
  CHECK_FALSE(has(html, "from=2011-01-01"));
  CHECK(has(html, "13 units by year, 2010\u20132012 (1 undated, not shown)"));
  // Decorative parts are hidden from screen readers; the links are named by their <title>; no
  // style attribute.
  CHECK(has(html, "<g aria-hidden=\"true\">"));
  CHECK(has(html,
            "role=\"group\" aria-label=\"Matches by year; each bar narrows the search to "
            "its year\""));
  CHECK_FALSE(has(html, "style="));

  SECTION("within a search's own range a bar narrows it, never widens it") {
    const LinkParams ranged = {{"q", "council"}, {"from", "2010-03-15"}, {"to", "2012-06-30"}};
    const std::string narrowed = render_timeline(&t, ranged, explore_view({}));
    CHECK(has(narrowed, "href=\"/search?q=council&amp;from=2010-03-15&amp;to=2010-12-31\""));
    CHECK(has(narrowed, "href=\"/search?q=council&amp;from=2012-01-01&amp;to=2012-06-30\""));
  }
  SECTION("a long month timeline keeps its size and scrolls") {
    Timeline months;
    months.interval = query::Interval::Month;
    for (int m = 0; m < 100; ++m) {
      const std::string key = std::to_string(2000 + m / 12) + "-" + (m % 12 < 9 ? "0" : "") +
                              std::to_string(m % 12 + 1);
      months.buckets.push_back(bucket(key, 1, 1, 10));
    }
    const std::string wide = render_timeline(&months, kSearch, explore_view({}));
    CHECK(has(wide, "<svg class=\"timeline-svg\" role=\"group\""));
    CHECK(count(wide, "<a class=\"bar\"") == 100);
  }
  SECTION("months are named, and the view's parameters are carried on") {
    Timeline months;
    months.interval = query::Interval::Month;
    months.buckets = {bucket("2012-11", 2, 1, 20), bucket("2012-12", 0, 0, 20),
                      bucket("2013-01", 4, 2, 40)};
    months.total = 6;
    const std::string html2 =
        render_timeline(&months, kSearch, explore_view({{"chart", "share"}, {"by", "org"}}));
    CHECK(has(html2, "from=2012-11-01&amp;to=2012-11-30&amp;chart=share&amp;by=org\""));
    CHECK(has(html2, "<title>Nov 2012: 10% of what was said (2 of 20 units)</title>"));
    CHECK(has(html2, "<title>Jan 2013: 10% of what was said (4 of 40 units)</title>"));
    CHECK(has(html2, "6 units by month, Nov 2012\u2013Jan 2013, as a share of all that was said"));
    CHECK(has(html2, "<th scope=\"col\">Month</th>"));
  }
}

TEST_CASE("the chart's table holds every interval's numbers", "[web][explore]") {
  const Timeline t = years();
  const std::string html = render_timeline(&t, kSearch, explore_view({}));
  CHECK(has(html, "<details class=\"timeline-table\"><summary>"));
  CHECK(has(html, "<th scope=\"row\">2010</th><td>5</td><td>2</td><td>100</td><td>5.0%</td>"));
  CHECK(has(html, "<th scope=\"row\">2011</th><td>0</td><td>0</td><td>40</td><td>0%</td>"));
  CHECK(has(html, "<th scope=\"row\">2012</th><td>7</td><td>3</td><td>350</td><td>2.0%</td>"));
  CHECK(count(html, "<th scope=\"row\">") == 3);
}

TEST_CASE("no chart is drawn when nothing matched or nothing is dated", "[web][explore]") {
  const std::string hidden = "<section class=\"timeline\" id=\"timeline\" hidden></section>";
  CHECK(render_timeline(nullptr, kSearch, explore_view({})) == hidden);
  Timeline undated;
  undated.total = 4;
  undated.undated = 4;
  CHECK(render_timeline(&undated, kSearch, explore_view({})) == hidden);
}

TEST_CASE("a split chart stacks its series, with a legend and a column each", "[web][explore]") {
  Timeline t = years();
  t.split = "theme";
  t.series = {series(TimelineSeries::Kind::Value, "Housing <b>now</b>", {3, 0, 2}),
              series(TimelineSeries::Kind::Value, "Parks & \"green\"", {1, 0, 4}),
              series(TimelineSeries::Kind::Other, "other", {1, 0, 1})};
  const std::string html =
      render_timeline(&t, kSearch, explore_view({{"split", "theme"}, {"chart", "share"}}));
  // Each bar holds one rectangle per series with units there, besides its hit area.
  CHECK(count(html, "<rect class=\"s0\"") == 2);
  CHECK(count(html, "<rect class=\"s1\"") == 2);
  CHECK(count(html, "<rect class=\"s-other\"") == 2);
  // The legend names each value (escaped), links it as a filter, and says what "other" is.
  CHECK(has(html,
            "<a class=\"legend-name\" href=\"/search?q=council&amp;speaker=Dorothy%20Aske&amp;"
            "sort=newest&amp;theme=Housing%20%3Cb%3Enow%3C%2Fb%3E&amp;chart=share&amp;"
            "split=theme\">Housing &lt;b&gt;now&lt;/b&gt;</a>"));
  CHECK(has(html, "<span class=\"legend-name\">Other</span>"));
  CHECK(has(html, "A unit with several themes counts once for each."));
  CHECK(has(html, "<th scope=\"col\">Parks &amp; &quot;green&quot;</th>"));
  CHECK(has(html, "<td>2.0%</td><td>2</td><td>4</td><td>1</td></tr>"));
  // A bar's name lists the split's parts, escaped.
  CHECK(
      has(html,
          "; Housing &lt;b&gt;now&lt;/b&gt; 3, Parks &amp; &quot;green&quot; 1, other 1</title>"));
  CHECK_FALSE(has(html, "<b>now"));
  // The split choice marks the current one and keeps the share.
  CHECK(has(html, "chart=share&amp;split=theme\" aria-current=\"true\">Theme</a>"));
  CHECK(has(html, "chart=share\">Nothing</a>"));
}

TEST_CASE("compared queries are lines over the bars, in the legend, the names and the table",
          "[web][explore]") {
  Timeline t = years();
  t.compared = {series(TimelineSeries::Kind::Compare, "housing <i>", {2, 4, 0})};
  const std::string html =
      render_timeline(&t, kSearch, explore_view({{"compare", "housing <i>"}, {"compare", " "}}));
  CHECK(has(html, "<g class=\"compare\" aria-hidden=\"true\"><polyline class=\"c0\" points=\""));
  CHECK(count(html, "<circle class=\"c0\"") == 3);
  // The query the chart is of, then the compared one: a search of its own, and a way to drop it.
  CHECK(has(html, "<span class=\"legend-name\">\u201ccouncil\u201d</span>"));
  CHECK(has(html,
            "<a class=\"legend-name\" href=\"/search?q=housing%20%3Ci%3E&amp;speaker=Dorothy%20"
            "Aske&amp;sort=newest\">\u201chousing &lt;i&gt;\u201d</a>"));
  CHECK(has(html,
            "<a class=\"legend-drop\" href=\"/search?q=council&amp;speaker=Dorothy%20Aske&amp;"
            "sort=newest\">remove"));
  CHECK(has(html, "<title>2010: 5 units; compared: \u201chousing &lt;i&gt;\u201d 2</title>"));
  CHECK(has(html, "<th scope=\"col\">\u201chousing &lt;i&gt;\u201d</th>"));
  CHECK(has(html, "<td>2.0%</td><td>0</td></tr>"));
  // Bars keep the comparison; the form adds another, the search in its hidden fields.
  CHECK(has(html, "to=2010-12-31&amp;compare=housing%20%3Ci%3E\"><title>"));
  CHECK(has(html,
            "<form class=\"timeline-compare\" action=\"/search\" method=\"get\">"
            "<input type=\"hidden\" name=\"q\" value=\"council\">"));
  CHECK(has(html, "<input type=\"hidden\" name=\"compare\" value=\"housing &lt;i&gt;\">"));
  CHECK(has(html, "<input id=\"compare-q\" name=\"compare\" type=\"search\""));
  CHECK_FALSE(has(html, "<i>"));
  SECTION("at most four, and then no form") {
    const ExploreView full = explore_view({{"compare", "a"},
                                           {"compare", "b"},
                                           {"compare", "a"},
                                           {"compare", "c"},
                                           {"compare", "d"},
                                           {"compare", "e"}});
    CHECK(full.timeline.compare == std::vector<std::string>{"a", "b", "c", "d"});
    CHECK_FALSE(has(render_timeline(&t, kSearch, full), "timeline-compare"));
  }
}

TEST_CASE("the panel ranks who said it most, each a filter and a page of its own",
          "[web][explore]") {
  TopList top;
  top.by = "speaker";
  top.total = 40;
  top.ranked = 12;
  TopEntry first{"Dorothy Aske", 20, 4, 200};
  TopEntry second{"Eve <img src=x>", 5, 1, 10};
  top.entries = {first, second};
  const LinkParams search = {{"q", "council"}, {"speaker", "Dorothy Aske"}};
  const std::string html = render_who_said(&top, search, explore_view({}));
  CHECK(has(html, "<details class=\"who-said\" id=\"who-said\" open>"));
  CHECK(has(html, "<ol class=\"who-list\">"));
  CHECK(count(html, "<li class=\"who-entry\">") == 2);
  // A speaker already filtered on is not added twice; another one is added.
  CHECK(has(html,
            "<a class=\"who-name\" href=\"/search?q=council&amp;speaker=Dorothy%20Aske\">"
            "Dorothy Aske</a><span class=\"who-count\">20 units</span>"));
  CHECK(has(html,
            "href=\"/search?q=council&amp;speaker=Dorothy%20Aske&amp;speaker=Eve%20%3Cimg%20"
            "src%3Dx%3E\">Eve &lt;img src=x&gt;</a><span class=\"who-count\">5 units</span>"));
  CHECK(has(html,
            "<a class=\"who-page\" href=\"/speakers/dorothy-aske\">page<span "
            "class=\"visually-hidden\"> of Dorothy Aske</span></a>"));
  CHECK(has(html, "href=\"/speakers/eve-img-src-x\""));
  CHECK_FALSE(has(html, "<img"));
  CHECK(has(html, "The top 2 of 12 speakers in these matches."));
  CHECK(has(html, "aria-current=\"true\">Speakers</a>"));
  CHECK(has(html,
            "href=\"/search?q=council&amp;speaker=Dorothy%20Aske&amp;by=org\">"
            "Organisations</a>"));
  CHECK_FALSE(has(html, "style="));

  SECTION("by share, with the least a value must have said") {
    top.measure = query::TopMeasure::Share;
    top.min_units = 5;
    const std::string share = render_who_said(&top, search, explore_view({{"measure", "share"}}));
    CHECK(has(share, "<span class=\"who-count\">10% \u00b7 20 of 200</span>"));
    CHECK(has(share, "<span class=\"who-count\">50% \u00b7 5 of 10</span>"));
    CHECK(has(share, "among those with at least 5 units in the archive."));
    CHECK(has(share, "measure=share\" aria-current=\"true\">Share</a>"));
  }
  SECTION("organisations link to their own pages") {
    top.by = "org";
    top.entries = {TopEntry{"Kirkhope Borough Council", 3, 2, 30}};
    const std::string orgs =
        render_who_said(&top, {{"q", "council"}}, explore_view({{"by", "org"}}));
    CHECK(has(orgs, "href=\"/search?q=council&amp;org=Kirkhope%20Borough%20Council&amp;by=org\""));
    CHECK(has(orgs, "href=\"/orgs/kirkhope-borough-council\""));
  }
  SECTION("nobody named, or not counted") {
    top.entries.clear();
    CHECK(has(render_who_said(&top, search, explore_view({})),
              "<p class=\"who-empty\">No speaker is named in these matches.</p>"));
    CHECK(render_who_said(nullptr, search, explore_view({})) ==
          "<details class=\"who-said\" id=\"who-said\" hidden></details>");
  }
}

TEST_CASE("the page's view comes from its parameters, and unknown values fall back",
          "[web][explore]") {
  CHECK(explore_link_params(explore_view({})).empty());
  const ExploreView view = explore_view({{"chart", "share"},
                                         {"split", "org"},
                                         {"interval", "year"},
                                         {"by", "org"},
                                         {"measure", "talks"},
                                         {"min", "2"}});
  CHECK(view.share);
  CHECK(view.timeline.split == "org");
  CHECK(view.timeline.top == kChartSeries);
  CHECK(view.top.limit == kPanelEntries);
  CHECK(explore_link_params(view) == LinkParams{{"chart", "share"},
                                                {"split", "org"},
                                                {"interval", "year"},
                                                {"by", "org"},
                                                {"measure", "talks"},
                                                {"min", "2"}});
  const ExploreView fallback = explore_view(
      {{"chart", "pie"}, {"split", "kind"}, {"by", "theme"}, {"measure", "x"}, {"min", "-1"}});
  CHECK(explore_link_params(fallback).empty());
}

}  // namespace civic::web
