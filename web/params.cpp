// Parameter parsing for GET /api/search. Every refusal names the parameter, so a user can fix
// the URL; the server turns the InvalidInput into a 400.
#include "web/params.h"

#include <charconv>
#include <optional>

#include "query/core/text.h"

namespace civic::web {
namespace {

constexpr int kMaxFacetLimit = 1000;

Unexpected invalid(std::string message) {
  return fail(ErrorCode::InvalidInput, std::move(message));
}

// A value quoted for a message: cut short, so a 4 KB value does not become a 4 KB message.
std::string quote_value(const std::string& value) {
  constexpr std::size_t kMax = 40;
  if (value.size() <= kMax) return "'" + value + "'";
  return "'" + std::string(text::truncate_utf8(value, kMax)) + "…'";
}

// A decimal integer within [lo, hi]: digits only (no sign, spaces or exponent).
Result<int> parse_int(const std::string& name, const std::string& value, int lo, int hi) {
  const std::string range = " between " + std::to_string(lo) + " and " + std::to_string(hi);
  int n = 0;
  const char* end = value.data() + value.size();
  bool all_digits = !value.empty();
  for (char c : value) all_digits = all_digits && c >= '0' && c <= '9';
  auto [ptr, ec] = std::from_chars(value.data(), end, n);
  if (!all_digits || ptr != end || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return invalid(name + " must be a whole number" + range + ", not " + quote_value(value));
  }
  if (ec == std::errc::result_out_of_range || n < lo || n > hi) {
    return invalid(name + " must be" + range + ", not " + quote_value(value));
  }
  return n;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// YYYY-MM-DD naming a real day (no 2010-02-30).
bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2)),
            day = std::stoi(s.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= kDays[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
}

}  // namespace

Result<query::SearchRequest> parse_search_params(
    const std::multimap<std::string, std::string>& params) {
  // Check every value first, so no later message quotes bytes that are not text.
  for (const auto& [name, value] : params) {
    if (!text::is_valid_utf8(name)) return invalid("a parameter name is not valid UTF-8");
    if (!text::is_valid_utf8(value)) return invalid(name + " is not valid UTF-8");
  }
  query::SearchRequest request;
  std::size_t filter_values = 0;
  auto single = [&](const std::string& name) -> Result<std::optional<std::string>> {
    auto [first, last] = params.equal_range(name);
    if (first == last) return std::optional<std::string>{};
    if (std::next(first) != last) return invalid(name + " may be given only once");
    return std::optional<std::string>{first->second};
  };

  auto q = single("q");
  if (!q) return Unexpected{q.error()};
  if (*q) {
    if ((*q)->size() > kMaxQueryBytes) {
      return invalid("q is " + std::to_string((*q)->size()) + " bytes long; the most is " +
                     std::to_string(kMaxQueryBytes));
    }
    request.q = **q;
  }

  for (const auto& facet : query::facet_names()) {
    auto [first, last] = params.equal_range(facet);
    for (auto it = first; it != last; ++it) {
      if (++filter_values > kMaxFilterValues) {
        return invalid("too many facet filter values (the most is " +
                       std::to_string(kMaxFilterValues) + ")");
      }
      if (it->second.empty()) continue;  // an unticked form field: no filter
      request.filters[facet].push_back(it->second);
    }
  }

  for (auto [name, field] : {std::pair{"from", &request.from}, std::pair{"to", &request.to}}) {
    auto value = single(name);
    if (!value) return Unexpected{value.error()};
    if (!*value || (*value)->empty()) continue;
    if (!is_date(**value)) {
      return invalid(std::string(name) + " must be a date as YYYY-MM-DD, not " +
                     quote_value(**value));
    }
    *field = **value;
  }
  if (!request.from.empty() && !request.to.empty() && request.from > request.to) {
    return invalid("from (" + request.from + ") is after to (" + request.to + ")");
  }

  auto sort = single("sort");
  if (!sort) return Unexpected{sort.error()};
  if (*sort) {
    if (**sort == "relevance") {
      request.sort = query::Sort::Relevance;
    } else if (**sort == "newest") {
      request.sort = query::Sort::Newest;
    } else if (**sort == "oldest") {
      request.sort = query::Sort::Oldest;
    } else {
      return invalid("sort must be relevance, newest or oldest, not " + quote_value(**sort));
    }
  }

  auto group = single("group");
  if (!group) return Unexpected{group.error()};
  if (*group) {
    if (**group == "unit") {
      request.group = query::Group::Unit;
    } else if (**group == "talk") {
      request.group = query::Group::Talk;
    } else if (**group == "post") {
      request.group = query::Group::Post;
    } else {
      return invalid("group must be unit, talk or post, not " + quote_value(**group));
    }
  }

  struct IntParam {
    const char* name;
    int* field;
    int lo, hi;
  };
  for (const IntParam& p : {IntParam{"page", &request.page, 1, static_cast<int>(kMaxResultWindow)},
                            IntParam{"per_page", &request.per_page, 1, 100},
                            IntParam{"facet_limit", &request.facet_limit, 0, kMaxFacetLimit}}) {
    auto value = single(p.name);
    if (!value) return Unexpected{value.error()};
    if (!*value) continue;
    auto n = parse_int(p.name, **value, p.lo, p.hi);
    if (!n) return Unexpected{n.error()};
    *p.field = *n;
  }
  if (static_cast<long long>(request.page) * request.per_page > kMaxResultWindow) {
    return invalid("page " + std::to_string(request.page) + " is past the first " +
                   std::to_string(kMaxResultWindow) + " results (per_page " +
                   std::to_string(request.per_page) + "); narrow the search instead");
  }
  return request;
}

Result<int> int_param(const std::multimap<std::string, std::string>& params,
                      const std::string& name, int fallback, int lo, int hi) {
  auto [first, last] = params.equal_range(name);
  if (first == last) return fallback;
  if (std::next(first) != last) return invalid(name + " may be given only once");
  if (!text::is_valid_utf8(first->second)) return invalid(name + " is not valid UTF-8");
  return parse_int(name, first->second, lo, hi);
}

Result<std::string> text_param(const std::multimap<std::string, std::string>& params,
                               const std::string& name, std::size_t max_bytes) {
  auto [first, last] = params.equal_range(name);
  if (first == last) return std::string();
  if (std::next(first) != last) return invalid(name + " may be given only once");
  if (!text::is_valid_utf8(first->second)) return invalid(name + " is not valid UTF-8");
  if (first->second.size() > max_bytes) {
    return invalid(name + " is " + std::to_string(first->second.size()) +
                   " bytes long; the most is " + std::to_string(max_bytes));
  }
  return first->second;
}

}  // namespace civic::web
