// The reading routes: /units/{id}, /talks/{id} and /posts/{id} (HTML, web/reading_pages.h) and
// the JSON of the last two, /api/talks/{id} and /api/posts/{id} (/api/units/{id} is server.cpp's).
// A page answers its errors with a page; the JSON routes with JSON errors (web/routes.h).
#include "web/reading_routes.h"

#include <optional>

#include "query/core/text.h"
#include "web/cite_routes.h"
#include "web/reading_pages.h"

namespace civic::web {
namespace {

// Units each side of a unit that has no talk, shown as its context; one each side gives the
// links to its neighbours.
constexpr int kContextRadius = 3;

enum class Reading { Unit, Talk, Post };

const char* noun(Reading what) {
  switch (what) {
    case Reading::Unit:
      return "unit";
    case Reading::Talk:
      return "talk";
    case Reading::Post:
      return "post";
  }
  return "page";
}

// Every reading page's answer for an id the index does not hold: a 404 page that leads back to
// the search. The one place to answer such ids otherwise (a moved unit, a removed post).
void send_missing(RouteContext& context, const httplib::Request& req, httplib::Response& res,
                  Reading what, const std::string& id) {
  if (answer_moved_or_gone(context, req, res, id, AnswerAs::Html)) return;
  const std::string thing = noun(what);
  send_html(res,
            render_reading_error_page(
                "No such " + thing,
                "This archive has no " + thing + " " + text::quoted_excerpt(id, 120) +
                    ". It may have been removed, or the link may be incomplete.",
                context.page_assets(req)),
            404, kSelfFramedPagePolicy);
}

// An error other than a missing id, as a page with its status.
void send_page_error(RouteContext& context, const httplib::Request& req, httplib::Response& res,
                     const Error& error) {
  const int status = http_status(error);
  send_html(res,
            render_reading_error_page(status == 400 ? "Bad address" : "Not available now",
                                      error.message, context.page_assets(req)),
            status, kSelfFramedPagePolicy);
}

// Looks up the path's id with `look_up(searcher, id)` and answers with `render(view)` as a page,
// or with the page for what went wrong.
template <typename LookUp, typename Render>
void serve_page(RouteContext& context, const httplib::Request& req, httplib::Response& res,
                Reading what, LookUp look_up, Render render) {
  auto id = path_id(req, noun(what));
  if (!id) return send_page_error(context, req, res, id.error());
  auto searcher = context.searcher();
  if (!searcher) return send_page_error(context, req, res, searcher.error());
  auto view = look_up(**searcher, *id);
  if (!view) {
    if (view.error().code == ErrorCode::NotFound) return send_missing(context, req, res, what, *id);
    return send_page_error(context, req, res, view.error());
  }
  send_html(res, render(*view, context.page_assets(req)), 200, kSelfFramedPagePolicy);
}

// The same look-up answered as JSON (query::to_json), errors as JSON errors.
template <typename LookUp>
void serve_json(RouteContext& context, const httplib::Request& req, httplib::Response& res,
                Reading what, LookUp look_up) {
  auto id = path_id(req, noun(what));
  if (!id) return send_error(res, id.error());
  auto searcher = context.searcher();
  if (!searcher) return send_error(res, searcher.error());
  auto view = look_up(**searcher, *id);
  if (!view) return send_lookup_error(context, req, res, *id, view.error());
  send_json(res, query::to_json(*view));
}

// A unit with its neighbours, and its talk when it has one (the context its page shows).
struct UnitInContext {
  query::UnitView view;
  std::optional<query::TalkView> talk;
};

Result<UnitInContext> unit_in_context(query::Searcher& searcher, const std::string& id) {
  auto view = searcher.unit(id, kContextRadius);
  if (!view) return Unexpected{view.error()};
  UnitInContext out{std::move(*view), std::nullopt};
  if (!out.view.unit.unit.talk.empty()) {
    auto talk = searcher.talk(out.view.unit.unit.talk);
    if (talk) {
      out.talk = std::move(*talk);
    } else if (talk.error().code != ErrorCode::NotFound) {
      return Unexpected{talk.error()};
    }
  }
  return out;
}

Result<query::TalkView> talk_of(query::Searcher& searcher, const std::string& id) {
  return searcher.talk(id);
}

Result<query::PostView> post_of(query::Searcher& searcher, const std::string& id) {
  return searcher.post(id);
}

}  // namespace

void add_reading_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/units/(.*)", [&context](const httplib::Request& req, httplib::Response& res) {
    serve_page(context, req, res, Reading::Unit, unit_in_context,
               [](const UnitInContext& unit, const PageAssets& assets) {
                 return render_unit_page(unit.view, unit.talk ? &*unit.talk : nullptr, assets,
                                         unit_page_extras(unit.view.unit, assets.base_url));
               });
  });
  http.Get("/talks/(.*)", [&context](const httplib::Request& req, httplib::Response& res) {
    serve_page(context, req, res, Reading::Talk, talk_of, render_talk_page);
  });
  http.Get("/posts/(.*)", [&context](const httplib::Request& req, httplib::Response& res) {
    serve_page(context, req, res, Reading::Post, post_of, render_post_page);
  });
  http.Get("/api/talks/(.+)", [&context](const httplib::Request& req, httplib::Response& res) {
    serve_json(context, req, res, Reading::Talk, talk_of);
  });
  http.Get("/api/posts/(.+)", [&context](const httplib::Request& req, httplib::Response& res) {
    serve_json(context, req, res, Reading::Post, post_of);
  });
}

}  // namespace civic::web
