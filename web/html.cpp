// URL and number helpers (see html.h); the HTML escaper is query/core/html.h.
#include "web/html.h"

#include "query/core/text.h"

namespace civic::web {

std::string url_encode(std::string_view s) { return text::percent_encode(s); }

std::string query_string(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += url_encode(name) + "=" + url_encode(value);
  }
  return out;
}

std::string link(const std::string& path,
                 const std::vector<std::pair<std::string, std::string>>& params) {
  const std::string qs = query_string(params);
  return qs.empty() ? path : path + "?" + qs;
}

std::string thousands(std::size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace civic::web
