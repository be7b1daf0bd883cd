#include "web/routes.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "query/core/text.h"
#include "web/html.h"
#include "web/reading_pages.h"

namespace civic::web {
namespace {

constexpr const char* kHtmlCache = "public, max-age=60";  // pages follow the index
constexpr const char* kRedirectCache = "public, max-age=300";

// req.path with `old_id` replaced by `new_id` (percent-encoded), the route's kind following the
// new id: a talk id ("…~…") that now leads to a unit id goes from /talks/ to /units/.
std::string moved_location(const httplib::Request& req, const std::string& old_id,
                           const std::string& new_id) {
  const auto at = req.path.rfind("/" + old_id);
  if (at == std::string::npos) return {};
  std::string prefix = req.path.substr(0, at + 1);
  const std::string suffix = req.path.substr(at + 1 + old_id.size());
  const bool was_talk = old_id.find('~') != std::string::npos;
  const bool is_talk = new_id.find('~') != std::string::npos;
  if (was_talk && !is_talk && prefix.size() >= 7 &&
      prefix.compare(prefix.size() - 7, 7, "/talks/") == 0) {
    prefix.replace(prefix.size() - 7, 7, "/units/");
  }
  std::string location = prefix + url_encode(new_id) + suffix;
  const auto query = req.target.find('?');
  if (query != std::string::npos) location += req.target.substr(query);
  return location;
}

}  // namespace

int http_status(const Error& error) {
  switch (error.code) {
    case ErrorCode::InvalidInput:
      return 400;
    case ErrorCode::NotFound:
      return 404;
    case ErrorCode::Unavailable:
      return 503;
    case ErrorCode::Internal:
      return 500;
  }
  return 500;
}

void send_json(httplib::Response& res, std::string body, int status) {
  res.status = status;
  res.set_content(std::move(body), kJsonType);
}

void send_error_body(httplib::Response& res, int status, const char* code,
                     const std::string& message) {
  using json = nlohmann::json;
  const json body = {{"error", {{"code", code}, {"message", message}}}};
  send_json(res, body.dump(-1, ' ', false, json::error_handler_t::replace), status);
}

void send_error(httplib::Response& res, const Error& error) {
  send_error_body(res, http_status(error), error_code_name(error.code), error.message);
}

void send_html(httplib::Response& res, std::string body, int status, const std::string& policy) {
  res.status = status;
  res.set_header("Content-Security-Policy", policy);
  res.set_header("Cache-Control", status == 200 ? kHtmlCache : "no-store");
  res.set_content(std::move(body), kHtmlType);
}

bool answer_moved_or_gone(RouteContext& context, const httplib::Request& req,
                          httplib::Response& res, const std::string& id, AnswerAs as) {
  auto searcher = context.searcher();
  if (!searcher) return false;
  auto resolution = (*searcher)->resolve(id);
  if (!resolution || resolution->kind == query::Resolution::Kind::Found) return false;
  if (resolution->kind == query::Resolution::Kind::Moved) {
    const std::string location = moved_location(req, id, resolution->id);
    if (location.empty()) return false;
    res.status = 308;
    res.set_header("Location", location);
    res.set_header("Cache-Control", kRedirectCache);
    const std::string message = "this id now leads to " + resolution->id + " (" +
                                resolution->reason + "): follow the Location header";
    if (as == AnswerAs::Json) {
      send_error_body(res, 308, "moved", message);
    } else {
      res.set_content("Moved to " + location + "\n", "text/plain; charset=utf-8");
    }
    return true;
  }
  const std::string message =
      "the post " + text::quoted_excerpt(resolution->title, 200) + " was removed from this archive";
  if (as == AnswerAs::Json) {
    send_error_body(res, 410, "gone", message);
  } else {
    send_html(res,
              render_reading_error_page("Removed from the archive",
                                        "The post " + text::quoted_excerpt(resolution->title, 200) +
                                            " was removed from this archive; its pages are gone.",
                                        context.page_assets(req)),
              410, kSelfFramedPagePolicy);
  }
  return true;
}

Result<std::string> path_id(const httplib::Request& req, std::string_view noun) {
  std::string id = req.matches[1];
  if (!text::is_valid_utf8(id)) {
    return fail(ErrorCode::InvalidInput, "the " + std::string(noun) + " id is not valid UTF-8");
  }
  return id;
}

void send_lookup_error(RouteContext& context, const httplib::Request& req, httplib::Response& res,
                       const std::string& id, const Error& error, AnswerAs as) {
  if (error.code == ErrorCode::NotFound && answer_moved_or_gone(context, req, res, id, as)) return;
  send_error(res, error);
}

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &utc);
  return out;
}

}  // namespace civic::web
