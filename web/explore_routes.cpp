// GET /api/timeline and GET /api/top: the search's parameters (web/params.h), the options of
// each, and the Searcher's counts as JSON (query/explore.h). Refusals are the search's 400s.
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

}  // namespace

void add_explore_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/timeline", [&context](const httplib::Request& req, httplib::Response& res) {
    handle_timeline(context, req, res);
  });
  http.Get("/api/top", [&context](const httplib::Request& req, httplib::Response& res) {
    handle_top(context, req, res);
  });
}

}  // namespace civic::web
