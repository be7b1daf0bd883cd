#include "web/routes.h"

#include <nlohmann/json.hpp>

#include <ctime>

namespace civic::web {
namespace {

constexpr const char* kHtmlCache = "public, max-age=60";  // pages follow the index

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

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &utc);
  return out;
}

}  // namespace civic::web
