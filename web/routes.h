// What the route files of civic_web share: the response helpers (the one ErrorCode → HTTP status
// mapping, JSON errors, pages with their security headers) and RouteContext, the part of the
// server a handler may use (the request's Searcher, links, assets). server.cpp owns the
// httplib::Server and calls each file's add_*_routes(); civic_web's files that include httplib
// are server.cpp, routes.cpp and the *_routes.cpp files. Internal to civic_web (not installed).
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "query/core/result.h"
#include "query/searcher.h"
#include "web/pages.h"

namespace civic::web {

// httplib 0.11.4 compresses only an exact "application/json" (can_compress_content_type), so
// handlers set that and the post-routing handler, which runs after compression, adds the charset.
inline constexpr const char* kJsonType = "application/json";
inline constexpr const char* kJsonTypeWithCharset = "application/json; charset=utf-8";
inline constexpr const char* kHtmlType = "text/html; charset=utf-8";
// The page and the embed load scripts and styles only from this server; nothing inline.
inline constexpr const char* kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'";
// A page that is not meant to be framed elsewhere (the search page, unit, talk and post pages).
inline constexpr const char* kSelfFramedPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
    "frame-ancestors 'self'";
// Everything that is not a page (JSON, XML, scripts as files) renders nothing and is not framed.
inline constexpr const char* kResourcePolicy = "default-src 'none'; frame-ancestors 'none'";

/// The one place where a domain error becomes an HTTP status.
int http_status(const Error& error);

/// A JSON body (kJsonType; the charset is added after compression).
void send_json(httplib::Response& res, std::string body, int status = 200);
/// {"error": {"code": …, "message": …}} with `status`.
void send_error_body(httplib::Response& res, int status, const char* code,
                     const std::string& message);
/// `error` as a JSON error with its status (http_status()).
void send_error(httplib::Response& res, const Error& error);
/// An HTML page with its Content-Security-Policy; cached briefly when 200, else not at all.
void send_html(httplib::Response& res, std::string body, int status, const std::string& policy);

/// What a route handler may use of the server. Implemented by Server::Impl.
class RouteContext {
 public:
  virtual ~RouteContext() = default;
  /// The Searcher of the calling thread's request, valid until the request's response has been
  /// written (content providers may use it too).
  virtual Result<query::Searcher*> searcher() = 0;
  /// Runs a search on the request's Searcher, counting answers given without some shards.
  virtual Result<query::SearchResponse> search(const query::SearchRequest& request) = 0;
  /// The absolute origin links are built from: --public-url, else the request's Host header.
  virtual std::string base_url(const httplib::Request& req) const = 0;
  /// Where pages find this server and its versioned assets.
  virtual PageAssets page_assets(const httplib::Request& req) const = 0;
  /// kPagePolicy plus frame-ancestors for the embed: this server and the allowed origins.
  virtual const std::string& embed_policy() const = 0;
  /// The CSP frame-ancestors sources of what a blog may frame (the embed, quote cards): 'self'
  /// and the origins allowed to call the API.
  virtual const std::string& frame_ancestors() const = 0;
};

/// How a route answers: JSON errors, or pages.
enum class AnswerAs { Json, Html };

/// The id a route's pattern captured (req.matches[1]). Errors: InvalidInput "the <noun> id is not
/// valid UTF-8". No unit, talk or post id holds a slash, so one with a slash is simply not found.
Result<std::string> path_id(const httplib::Request& req, std::string_view noun);

/// The permalink promise for an id a route's look-up did not find (NotFound): asks
/// query::Searcher::resolve() where it leads now. Moved: 308 to the same route with the id it
/// leads to (a talk id that now leads to a unit goes to the unit's route), the query string kept.
/// Gone: 410 naming the deleted post's title, as a page or a JSON error "gone". Returns true when
/// it answered so; false (nothing written) when the id is unknown or resolving failed, and the
/// caller answers its 404.
bool answer_moved_or_gone(RouteContext& context, const httplib::Request& req,
                          httplib::Response& res, const std::string& id, AnswerAs as);

/// A look-up of `id` that failed with `error`: moved or gone ids answered as
/// answer_moved_or_gone() does (with `as` for their bodies), everything else as its JSON error.
void send_lookup_error(RouteContext& context, const httplib::Request& req, httplib::Response& res,
                       const std::string& id, const Error& error, AnswerAs as = AnswerAs::Json);

/// Today's date in UTC, YYYY-MM-DD (a citation's access date).
std::string today_utc();

}  // namespace civic::web
