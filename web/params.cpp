// Parameter parsing for GET /api/search. Every refusal names the parameter, so a user can fix
// the URL; the server turns the InvalidInput into a 400.
#include "web/params.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "query/core/schema.h"
#include "query/core/text.h"

namespace civic::web {
namespace {

using query::SearchRequest;

Unexpected invalid(std::string message) {
  return fail(ErrorCode::InvalidInput, std::move(message));
}

// A decimal integer: digits only (no sign, spaces or exponent). Its range is validate()'s to
// judge, except that a number too large for an int is refused here, naming the range [lo, hi].
Result<int> parse_int(const std::string& name, const std::string& value, int lo, int hi) {
  const std::string range = " between " + std::to_string(lo) + " and " + std::to_string(hi);
  int n = 0;
  const char* end = value.data() + value.size();
  bool all_digits = !value.empty();
  for (char c : value) all_digits = all_digits && c >= '0' && c <= '9';
  auto [ptr, ec] = std::from_chars(value.data(), end, n);
  if (!all_digits || ptr != end || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return invalid(name + " must be a whole number" + range + ", not " + text::quoted_excerpt(value));
  }
  if (ec == std::errc::result_out_of_range || n < lo || n > hi) {
    return invalid(name + " must be" + range + ", not " + text::quoted_excerpt(value));
  }
  return n;
}

using Params = std::multimap<std::string, std::string>;

// The one value of a single-valued parameter (nullopt when absent).
Result<std::optional<std::string>> single(const Params& params, const std::string& name) {
  auto [first, last] = params.equal_range(name);
  if (first == last) return std::optional<std::string>{};
  if (std::next(first) != last) return invalid(name + " may be given only once");
  return std::optional<std::string>{first->second};
}

Status check_utf8(const Params& params) {
  for (const auto& [name, value] : params) {
    if (!text::is_valid_utf8(name)) return invalid("a parameter name is not valid UTF-8");
    if (!text::is_valid_utf8(value)) return invalid(name + " is not valid UTF-8");
  }
  return {};
}

// speaker=…&org=…: every counted facet, repeatable; an empty value is an unticked form field.
Status read_filters(const Params& params, SearchRequest& request) {
  std::size_t filter_values = 0;
  for (std::size_t f = 0; f < schema::kCountedFacets; ++f) {
    const std::string facet(schema::kFields[f].name);
    auto [first, last] = params.equal_range(facet);
    for (auto it = first; it != last; ++it) {
      if (++filter_values > query::kMaxFilterValues) {
        return invalid("too many facet filter values (the most is " +
                       std::to_string(query::kMaxFilterValues) + ")");
      }
      if (!it->second.empty()) request.filters[facet].push_back(it->second);
    }
  }
  return {};
}

// q, from, to: text as given ("" for an empty form field).
Status read_texts(const Params& params, SearchRequest& request) {
  for (auto [name, field] : {std::pair{"q", &request.q}, std::pair{"from", &request.from},
                             std::pair{"to", &request.to}}) {
    auto value = single(params, name);
    if (!value) return Unexpected{value.error()};
    if (*value) *field = **value;
  }
  if (request.q.size() > query::kMaxQueryBytes) {
    return invalid("q is " + std::to_string(request.q.size()) + " bytes long; the most is " +
                   std::to_string(query::kMaxQueryBytes));
  }
  return {};
}

Status read_order(const Params& params, SearchRequest& request) {
  auto sort = single(params, "sort");
  if (!sort) return Unexpected{sort.error()};
  if (*sort) {
    auto named = query::sort_from_name(**sort);
    if (!named) {
      return invalid("sort must be relevance, newest or oldest, not " + text::quoted_excerpt(**sort));
    }
    request.sort = *named;
  }
  auto group = single(params, "group");
  if (!group) return Unexpected{group.error()};
  if (*group) {
    auto named = query::group_from_name(**group);
    if (!named) {
      return invalid("group must be unit, talk or post, not " + text::quoted_excerpt(**group));
    }
    request.group = *named;
  }
  return {};
}

Status read_numbers(const Params& params, SearchRequest& request) {
  struct IntParam {
    const char* name;
    int* field;
    int lo, hi;
  };
  for (const IntParam& p : {IntParam{"page", &request.page, 1, query::kMaxResultWindow},
                            IntParam{"per_page", &request.per_page, 1, query::kMaxPerPage},
                            IntParam{"facet_limit", &request.facet_limit, 0, query::kMaxFacetLimit}}) {
    auto value = single(params, p.name);
    if (!value) return Unexpected{value.error()};
    if (!*value) continue;
    auto n = parse_int(p.name, **value, p.lo, p.hi);
    if (!n) return Unexpected{n.error()};
    *p.field = *n;
  }
  return {};
}

}  // namespace

Result<query::SearchRequest> parse_search_params(const Params& params) {
  // Check every value first, so no later message quotes bytes that are not text.
  if (auto ok = check_utf8(params); !ok) return Unexpected{ok.error()};
  SearchRequest request;
  if (auto ok = read_texts(params, request); !ok) return Unexpected{ok.error()};
  if (auto ok = read_filters(params, request); !ok) return Unexpected{ok.error()};
  if (auto ok = read_order(params, request); !ok) return Unexpected{ok.error()};
  if (auto ok = read_numbers(params, request); !ok) return Unexpected{ok.error()};
  // The limits and the calendar are the library's to judge (query::validate()), one check for
  // the API, the page and the CLI alike.
  if (auto ok = query::validate(request); !ok) return Unexpected{ok.error()};
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

Result<query::TimelineOptions> parse_timeline_params(const Params& params) {
  query::TimelineOptions options;
  auto interval = text_param(params, "interval", 16);
  if (!interval) return Unexpected{interval.error()};
  if (!interval->empty()) {
    auto named = query::interval_from_name(*interval);
    if (!named) {
      return invalid("interval must be auto, month or year, not " +
                     text::quoted_excerpt(*interval));
    }
    options.interval = *named;
  }
  auto split = text_param(params, "split", 16);
  if (!split) return Unexpected{split.error()};
  if (!split->empty() && *split != "none") {
    const auto& names = query::kSplitFacets;
    if (std::find(std::begin(names), std::end(names), *split) == std::end(names)) {
      return invalid("split must be none, speaker, org, theme or event, not " +
                     text::quoted_excerpt(*split));
    }
    options.split = *split;
  }
  auto top = int_param(params, "top", options.top, 1, query::kMaxTimelineTop);
  if (!top) return Unexpected{top.error()};
  options.top = *top;
  auto [first, last] = params.equal_range("compare");
  for (auto it = first; it != last; ++it) {
    if (!text::is_valid_utf8(it->second)) return invalid("compare is not valid UTF-8");
    if (text::collapse_whitespace(it->second).empty()) continue;  // an empty form field
    if (options.compare.size() == static_cast<std::size_t>(query::kMaxCompare)) {
      return invalid("compare may be given at most " + std::to_string(query::kMaxCompare) +
                     " times");
    }
    if (it->second.size() > query::kMaxQueryBytes) {
      return invalid("compare is " + std::to_string(it->second.size()) +
                     " bytes long; the most is " + std::to_string(query::kMaxQueryBytes));
    }
    options.compare.push_back(it->second);
  }
  return options;
}

Result<query::TopOptions> parse_top_params(const Params& params) {
  query::TopOptions options;
  auto by = text_param(params, "by", 16);
  if (!by) return Unexpected{by.error()};
  if (!by->empty()) {
    const auto& names = query::kRankedFacets;
    if (std::find(std::begin(names), std::end(names), *by) == std::end(names)) {
      return invalid("by must be speaker or org, not " + text::quoted_excerpt(*by));
    }
    options.by = *by;
  }
  auto measure = text_param(params, "measure", 16);
  if (!measure) return Unexpected{measure.error()};
  if (!measure->empty()) {
    auto named = query::measure_from_name(*measure);
    if (!named) {
      return invalid("measure must be units, talks or share, not " +
                     text::quoted_excerpt(*measure));
    }
    options.measure = *named;
  }
  auto limit = int_param(params, "limit", options.limit, 1, query::kMaxTopLimit);
  if (!limit) return Unexpected{limit.error()};
  options.limit = *limit;
  auto min = int_param(params, "min", options.min_units, 0, 1000000);
  if (!min) return Unexpected{min.error()};
  options.min_units = *min;
  return options;
}

}  // namespace civic::web
