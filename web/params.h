// Query parameters of GET /api/search → a query::SearchRequest. A pure function over a plain
// map, so it is tested without sockets; the server calls it with httplib's Request::params.
// Does not include httplib or Xapian.
#pragma once

#include <map>
#include <string>

#include "query/core/result.h"
#include "query/explore.h"
#include "query/request.h"

namespace civic::web {

// The limits (query length, filter values, per_page, facet_limit, the result window) are
// query::SearchRequest's (query/request.h).

/// Builds a SearchRequest from the query parameters of GET /api/search: q; speaker, org, kind,
/// theme, event, year (repeatable); from, to (YYYY-MM-DD); sort=relevance|newest|oldest;
/// group=unit|talk|post; page (from 1); per_page (1–100, default 10); facet_limit (0–1000,
/// default 50). Unknown parameters are ignored (cache busters, tracking tags).
/// Errors: InvalidInput with a message naming the parameter: a value that is not UTF-8, q over
/// 4096 bytes, a repeated single-valued parameter, more than 100 filter values, an unknown sort
/// or group, a page/per_page/facet_limit that is not a number or out of range, a page past the
/// first 10,000 results, a malformed date or `from` after `to`.
Result<query::SearchRequest> parse_search_params(
    const std::multimap<std::string, std::string>& params);

}  // namespace civic::web

namespace civic::web {

/// The single value of parameter `name`, or `fallback` when it is absent, as a whole number
/// within [lo, hi]. Errors: InvalidInput naming the parameter when it is repeated, not a number
/// or out of range.
Result<int> int_param(const std::multimap<std::string, std::string>& params,
                      const std::string& name, int fallback, int lo, int hi);

/// The single value of parameter `name` ("" when absent). Errors: InvalidInput naming the
/// parameter when it is repeated, not valid UTF-8 or longer than `max_bytes`.
Result<std::string> text_param(const std::multimap<std::string, std::string>& params,
                               const std::string& name, std::size_t max_bytes);

/// The options of GET /api/timeline (and of the search page's chart), besides the search's:
/// interval=auto|month|year (default auto); split=none|speaker|org|theme|event (default none);
/// top (1–20, default 5): the split's series; compare (repeatable, at most 4): other queries.
/// Errors: InvalidInput naming the parameter. The options' limits are the Searcher's to judge
/// too (query::Searcher::timeline()).
Result<query::TimelineOptions> parse_timeline_params(
    const std::multimap<std::string, std::string>& params);

/// The options of GET /api/top: by=speaker|org (default speaker), measure=units|talks|share
/// (default units), limit (1–100, default 10), min (0–1000000, default 5): the fewest units a
/// value must have in the archive to be ranked by share. Errors: InvalidInput naming the
/// parameter.
Result<query::TopOptions> parse_top_params(const std::multimap<std::string, std::string>& params);

}  // namespace civic::web
