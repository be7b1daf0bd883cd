// GET /api/timeline and GET /api/top: the search's parameters (web/params.h), the options of
// each, and the Searcher's counts as JSON (query/explore.h). Refusals are the search's 400s.
// GET /search/explore: the same counts as the search page's chart and panel.
#include "web/explore_routes.h"

#include "query/explore.h"
#include "web/params.h"

namespace civic::web {
namespace {

void handle_timeline(RouteContext& context, const httplib::Request& req, httplib::Response& res) {
  auto request = parse_search_params(req.params);
  if (!request) return send_error(res, request.error());
  auto options = parse_timeline_params(req.params);
  if (!options) return send_error(res, options.error());
  auto searcher = context.searcher();
  if (!searcher) return send_error(res, searcher.error());
  auto timeline = (*searcher)->timeline(*request, *options);
  if (!timeline) return send_error(res, timeline.error());
  send_json(res, query::to_json(*timeline));
}

void handle_top(RouteContext& context, const httplib::Request& req, httplib::Response& res) {
  auto request = parse_search_params(req.params);
  if (!request) return send_error(res, request.error());
  auto options = parse_top_params(req.params);
  if (!options) return send_error(res, options.error());
  auto searcher = context.searcher();
  if (!searcher) return send_error(res, searcher.error());
  auto top = (*searcher)->top(*request, *options);
  if (!top) return send_error(res, top.error());
  send_json(res, query::to_json(*top));
}

// The chart and the panel the search page would show for these parameters, for the page's script
// to swap in (web/static/app.js): one source for their markup. A refused search answers with both
// parts hidden and its status.
void handle_page_parts(RouteContext& context, const httplib::Request& req, httplib::Response& res) {
  const ExploreView view = explore_view(req.params);
  const LinkParams search = search_link_params(req.params);
  auto request = parse_search_params(req.params);
  PageCounts counts;
  if (request) counts = count_for_page(context, *request, view);
  const PageExplore explore = counts.explore();
  send_html(
      res,
      render_timeline(explore.timeline, search, view) + render_who_said(explore.top, search, view),
      request ? 200 : http_status(request.error()), kSelfFramedPagePolicy);
}

}  // namespace

PageCounts count_for_page(RouteContext& context, const query::SearchRequest& request,
                          const ExploreView& view) {
  PageCounts counts;
  auto searcher = context.searcher();
  if (!searcher) return counts;
  if (auto timeline = (*searcher)->timeline(request, view.timeline)) {
    counts.timeline = std::move(*timeline);
  }
  if (auto top = (*searcher)->top(request, view.top)) counts.top = std::move(*top);
  return counts;
}

void add_explore_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/timeline", [&context](const httplib::Request& req, httplib::Response& res) {
    handle_timeline(context, req, res);
  });
  http.Get("/api/top", [&context](const httplib::Request& req, httplib::Response& res) {
    handle_top(context, req, res);
  });
  http.Get("/search/explore", [&context](const httplib::Request& req, httplib::Response& res) {
    handle_page_parts(context, req, res);
  });
}

}  // namespace civic::web
