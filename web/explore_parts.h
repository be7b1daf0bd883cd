// The search page's views of the archive beside its results: the timeline chart above the hits
// (inline SVG drawn on the server, so it works without scripts and in a screenshot) and the
// "who said it most" panel in the sidebar, from query::Timeline and query::TopList
// (query/explore.h). Pure functions from counts to markup, tested without sockets. Every archive
// string is escaped with html::escape(); the SVG carries no style attribute (the page's CSP
// allows styles from app.css only): geometry and classes are attributes. Internal to civic_web;
// does not include httplib or Xapian.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "query/explore.h"
#include "web/pages.h"

namespace civic::web {

using LinkParams = std::vector<std::pair<std::string, std::string>>;

/// How the page shows the timeline and the ranking, from its query parameters (besides the
/// search's own, which apply to both). A value the page does not know falls back to its default,
/// so that a stale link still shows the search.
struct ExploreView {
  /// split=speaker|org|theme|event (default none), interval=auto|month|year (default auto),
  /// compare (repeatable, at most query::kMaxCompare, empty ones skipped): queries drawn as lines
  /// over the bars. The chart shows the split's top 5 values and "other" (kChartSeries).
  query::TimelineOptions timeline;
  bool share = false;  ///< chart=share: bars are units ÷ all the interval's units (default counts)
  /// by=speaker|org (default speaker), measure=units|talks|share (default units), min (default
  /// 5); the panel lists kPanelEntries entries.
  query::TopOptions top;
};

inline constexpr int kChartSeries = 5;    ///< the split's values the chart stacks
inline constexpr int kPanelEntries = 10;  ///< entries of the "who said it most" panel

/// The page's view from its parameters.
ExploreView explore_view(const Params& params);

/// The view's parameters that differ from the defaults (chart, split, interval, compare, by,
/// measure, min), in a stable order: what the page's links carry on besides search_link_params().
LinkParams explore_link_params(const ExploreView& view);

/// The chart: section#timeline with a heading, the counts/share and split choices (links), an SVG
/// of one bar per bucket (stacked by the split's series), each bar an <a> narrowing the search
/// to its interval (from/to the bucket's, within the search's own range; page reset; other
/// parameters kept), the compared queries as lines, a "compare with" form, a legend and the
/// numbers as a table in a <details>. `search` is search_link_params() of the page. An empty,
/// hidden section#timeline when `timeline` is null or has no bucket (nothing matched, or nothing
/// dated), so that the script can fill it in.
std::string render_timeline(const query::Timeline* timeline, const LinkParams& search,
                            const ExploreView& view);

/// A profile page's activity chart: the bars of render_timeline() (each a search of `search`,
/// e.g. the speaker's filter, narrowed to its interval) labelled for `who`, and the numbers as a
/// table in a <details>; without the page's choices, heading or legend. Empty without buckets.
std::string render_activity(const query::Timeline& timeline, const LinkParams& search,
                            const std::string& who);

/// The panel: details#who-said (open; the script folds it on a phone) with the
/// speakers/organisations and units/talks/share choices and an ordered list of the entries, each a
/// link adding its value as a filter (speaker=… or org=…), its count, and a link to its page
/// (/speakers/<slug>, /orgs/<slug>). Hidden and empty when `top` is null; "Nobody" when it has no
/// entry.
std::string render_who_said(const query::TopList* top, const LinkParams& search,
                            const ExploreView& view);

/// "/speakers/<slug>" or "/orgs/<slug>" (text::slug()) for a value of `facet` ("speaker" or
/// "org"); empty when the value has no slug.
std::string value_page_path(const std::string& facet, const std::string& value);

}  // namespace civic::web
