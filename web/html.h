// URL and number helpers for every page, feed and XML document the server builds by hand.
// Archive text is untrusted: every string from the index goes through html::escape()
// (query/core/html.h) before it reaches markup (a hit's snippet comes escaped by the same
// function, through query::Highlighter).
// Does not include httplib or Xapian.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civic::web {

/// `s` percent-encoded for a URL query component or path segment (RFC 3986 unreserved kept).
std::string url_encode(std::string_view s);

/// "a=1&b=x%20y" from pairs, in order; empty values are kept.
std::string query_string(const std::vector<std::pair<std::string, std::string>>& params);

/// `path` with query_string(`params`) after a "?" (`path` alone when there are none).
std::string link(const std::string& path,
                 const std::vector<std::pair<std::string, std::string>>& params);

/// "1,234".
std::string thousands(std::size_t n);

}  // namespace civic::web
