// The profile routes: /speakers/{slug}, /orgs/{slug}, /events/{slug} (HTML,
// web/profile_pages.h) and the same under /api (query::to_json of query/profile.h).
#include "web/profile_routes.h"

#include <charconv>

#include "query/core/text.h"
#include "web/profile_pages.h"
#include "web/reading_pages.h"

namespace civic::web {
namespace {

using query::ProfileKind;

constexpr const char* kRedirectCache = "public, max-age=300";

// page and per_page of the query string. InvalidInput when one is not a whole number (the
// Searcher judges the range).
Result<query::ListWindow> window_of(const httplib::Request& req) {
  query::ListWindow window;
  for (auto [name, value] : {std::pair<const char*, int*>{"page", &window.page},
                             std::pair<const char*, int*>{"per_page", &window.per_page}}) {
    if (!req.has_param(name)) continue;
    const std::string text = req.get_param_value(name);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return fail(ErrorCode::InvalidInput,
                  std::string(name) + " must be a whole number, not " + text::quoted_excerpt(text));
    }
  }
  return window;
}

// The canonical path of a profile, under /api when `api`, with the request's query string.
std::string canonical_location(const httplib::Request& req, ProfileKind kind,
                               const std::string& slug, bool api) {
  std::string location = (api ? "/api" : "") + profile_path(kind, slug);
  const auto query = req.target.find('?');
  if (query != std::string::npos) location += req.target.substr(query);
  return location;
}

// The profile the path's slug names: a slug as given, else the slug of it as a name
// ("Sarah Longlands" → "sarah-longlands").
Result<query::ProfileSlug> look_up(query::Searcher& searcher, ProfileKind kind,
                                   const std::string& asked) {
  auto found = searcher.profile_slug(kind, asked);
  if (found || found.error().code != ErrorCode::NotFound) return found;
  const std::string slug = text::slug(asked);
  if (slug.empty() || slug == asked) return found;
  auto again = searcher.profile_slug(kind, slug);
  return again ? again : found;
}

Result<std::string> build(query::Searcher& searcher, const query::ProfileSlug& slug,
                          const query::ListWindow& window, bool api, const PageAssets& assets) {
  switch (slug.kind) {
    case ProfileKind::Speaker: {
      auto p = searcher.speaker_profile(slug, window);
      if (!p) return Unexpected{p.error()};
      return api ? query::to_json(*p) : render_speaker_page(*p, assets);
    }
    case ProfileKind::Org: {
      auto p = searcher.org_profile(slug, window);
      if (!p) return Unexpected{p.error()};
      return api ? query::to_json(*p) : render_org_page(*p, assets);
    }
    case ProfileKind::Event: {
      auto p = searcher.event_profile(slug, window);
      if (!p) return Unexpected{p.error()};
      return api ? query::to_json(*p) : render_event_page(*p, assets);
    }
  }
  return fail(ErrorCode::Internal, "unknown profile kind");
}

void serve(RouteContext& context, const httplib::Request& req, httplib::Response& res,
           ProfileKind kind, bool api) {
  const PageAssets assets = api ? PageAssets{} : context.page_assets(req);
  auto fail_with = [&](const Error& error) {
    if (api) return send_error(res, error);
    const int status = http_status(error);
    send_html(res,
              render_reading_error_page(status == 400 ? "Bad address" : "Not available now",
                                        error.message, assets),
              status, kSelfFramedPagePolicy);
  };
  auto asked = path_id(req, "slug");
  if (!asked) return fail_with(asked.error());
  auto window = window_of(req);
  if (!window) return fail_with(window.error());
  auto searcher = context.searcher();
  if (!searcher) return fail_with(searcher.error());
  auto slug = look_up(**searcher, kind, *asked);
  if (!slug) {
    if (slug.error().code != ErrorCode::NotFound) return fail_with(slug.error());
    if (api) return send_error(res, slug.error());
    return send_html(res, render_profile_missing_page(kind, *asked, assets), 404,
                     kSelfFramedPagePolicy);
  }
  if (slug->slug != *asked) {
    const std::string location = canonical_location(req, kind, slug->slug, api);
    res.status = 308;
    res.set_header("Location", location);
    res.set_header("Cache-Control", kRedirectCache);
    if (api) {
      send_error_body(res, 308, "moved",
                      "the canonical slug is " + slug->slug + ": follow the Location header");
    } else {
      res.set_content("Moved to " + location + "\n", "text/plain; charset=utf-8");
    }
    return;
  }
  auto body = build(**searcher, *slug, *window, api, assets);
  if (!body) return fail_with(body.error());
  if (api) return send_json(res, std::move(*body));
  send_html(res, std::move(*body), 200, kSelfFramedPagePolicy);
}

}  // namespace

void add_profile_routes(httplib::Server& http, RouteContext& context) {
  for (ProfileKind kind : {ProfileKind::Speaker, ProfileKind::Org, ProfileKind::Event}) {
    const std::string root = profile_path(kind, "");  // "/speakers/"
    http.Get(root + "([^/]+)",
             [&context, kind](const httplib::Request& req, httplib::Response& res) {
               serve(context, req, res, kind, false);
             });
    http.Get("/api" + root + "([^/]+)",
             [&context, kind](const httplib::Request& req, httplib::Response& res) {
               serve(context, req, res, kind, true);
             });
  }
}

}  // namespace civic::web
