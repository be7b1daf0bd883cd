// The routes that count rather than list (web/explore_routes.cpp): GET /api/timeline and
// GET /api/top, and GET /search/explore, the search page's chart and panel as an HTML fragment
// for its script. Internal to civic_web, like web/routes.h.
#pragma once

#include <httplib.h>

#include <optional>

#include "web/explore_parts.h"
#include "web/routes.h"

namespace civic::web {

/// Registers GET /api/timeline, GET /api/top and GET /search/explore on `http`. `context` must
/// outlive the server's handlers.
void add_explore_routes(httplib::Server& http, RouteContext& context);

/// The search page's timeline and ranking of `request` as `view` shows them, on the request's
/// Searcher. A part that fails (a month timeline too long, index trouble) is left out: the page
/// still shows its results.
struct PageCounts {
  std::optional<query::Timeline> timeline;
  std::optional<query::TopList> top;
  PageExplore explore() const { return {timeline ? &*timeline : nullptr, top ? &*top : nullptr}; }
};
PageCounts count_for_page(RouteContext& context, const query::SearchRequest& request,
                          const ExploreView& view);

}  // namespace civic::web
