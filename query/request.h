// What one search asks for, with its limits: the one request type of the API, the page, the
// CLI and the library. validate() is the one check of a request's fields; the web layer only
// turns URL parameters into a SearchRequest and leaves the judging to it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/core/result.h"

namespace civic::query {

enum class Sort { Relevance, Newest, Oldest };
enum class Group { Unit, Talk, Post };

/// "relevance", "newest", "oldest" (and back; nullopt for any other name).
std::string_view sort_name(Sort sort);
std::optional<Sort> sort_from_name(std::string_view name);
/// "unit", "talk", "post" (and back).
std::string_view group_name(Group group);
std::optional<Group> group_from_name(std::string_view name);

/// Limits of one request. Every reader of a request (API, page, CLI) refuses what passes them.
inline constexpr std::size_t kMaxQueryBytes = 4096;   ///< q; longer is refused, never cut
inline constexpr std::size_t kMaxFilterValues = 100;  ///< facet filter values, all facets
inline constexpr int kMaxPerPage = 100;
inline constexpr int kMaxFacetLimit = 1000;  ///< values per facet in a response
/// Deepest result a page may reach: page × per_page must not pass it.
inline constexpr int kMaxResultWindow = 10000;
/// Rows an export gives at most (query/export.h), whatever the result window; the rest of the
/// matches are counted, not sent.
inline constexpr std::size_t kMaxExportRows = 100000;

struct SearchRequest {
  std::string q;  ///< query text in our query language; empty browses everything (newest first)
  /// Facet filters: facet name → values. Values of one facet are ORed, facets ANDed.
  std::map<std::string, std::vector<std::string>> filters;
  std::string from;             ///< YYYY-MM-DD inclusive lower bound on the post date, or empty
  std::string to;               ///< YYYY-MM-DD inclusive upper bound, or empty
  Sort sort = Sort::Relevance;  ///< relevance (default; newest when q is empty)
  Group group = Group::Unit;    ///< fold hits of one talk or post into one (default: none)
  int page = 1;                 ///< 1-based
  int per_page = 10;            ///< 1–kMaxPerPage
  int facet_limit = 50;         ///< values per facet, most frequent first (0–kMaxFacetLimit)
};

/// Checks a request against the limits above: q's length, page ≥ 1, per_page, facet_limit, the
/// result window, from/to as real calendar days with from ≤ to, facet names and the number of
/// filter values. InvalidInput with a message naming the field and what to do.
Status validate(const SearchRequest& request);

}  // namespace civic::query
