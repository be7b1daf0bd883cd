#include "query/request.h"

#include "query/core/date.h"
#include "query/core/schema.h"
#include "query/core/text.h"

namespace civic::query {
namespace {

constexpr std::pair<Sort, std::string_view> kSorts[] = {
    {Sort::Relevance, "relevance"}, {Sort::Newest, "newest"}, {Sort::Oldest, "oldest"}};
constexpr std::pair<Group, std::string_view> kGroups[] = {
    {Group::Unit, "unit"}, {Group::Talk, "talk"}, {Group::Post, "post"}};

template <typename E, std::size_t N>
std::string_view name_of(const std::pair<E, std::string_view> (&names)[N], E value) {
  for (const auto& [e, name] : names) {
    if (e == value) return name;
  }
  return {};
}

template <typename E, std::size_t N>
std::optional<E> from_name(const std::pair<E, std::string_view> (&names)[N],
                           std::string_view name) {
  for (const auto& [e, n] : names) {
    if (n == name) return e;
  }
  return std::nullopt;
}

Unexpected invalid(std::string message) {
  return fail(ErrorCode::InvalidInput, std::move(message));
}

// "page must be between 1 and 10000, not '0'".
Unexpected out_of_range(std::string_view name, int value, int lo, int hi) {
  return invalid(std::string(name) + " must be between " + std::to_string(lo) + " and " +
                 std::to_string(hi) + ", not '" + std::to_string(value) + "'");
}

}  // namespace

std::string_view sort_name(Sort sort) { return name_of(kSorts, sort); }
std::optional<Sort> sort_from_name(std::string_view name) { return from_name(kSorts, name); }
std::string_view group_name(Group group) { return name_of(kGroups, group); }
std::optional<Group> group_from_name(std::string_view name) { return from_name(kGroups, name); }

Status validate(const SearchRequest& request) {
  if (request.q.size() > kMaxQueryBytes) {
    return invalid("q is " + std::to_string(request.q.size()) + " bytes long; the most is " +
                   std::to_string(kMaxQueryBytes));
  }
  if (request.page < 1 || request.page > kMaxResultWindow) {
    return out_of_range("page", request.page, 1, kMaxResultWindow);
  }
  if (request.per_page < 1 || request.per_page > kMaxPerPage) {
    return out_of_range("per_page", request.per_page, 1, kMaxPerPage);
  }
  if (request.facet_limit < 0 || request.facet_limit > kMaxFacetLimit) {
    return out_of_range("facet_limit", request.facet_limit, 0, kMaxFacetLimit);
  }
  if (static_cast<long long>(request.page) * request.per_page > kMaxResultWindow) {
    return invalid("page " + std::to_string(request.page) + " is past the first " +
                   std::to_string(kMaxResultWindow) + " results (per_page " +
                   std::to_string(request.per_page) + "); narrow the search instead");
  }
  for (const auto& [name, date] :
       {std::pair{"from", &request.from}, std::pair{"to", &request.to}}) {
    if (!date->empty() && !date::is_iso_date(*date)) {
      return invalid(std::string(name) + " must be a date as YYYY-MM-DD, not " +
                     text::quoted_excerpt(*date));
    }
  }
  if (!request.from.empty() && !request.to.empty() && request.from > request.to) {
    return invalid("from (" + request.from + ") is after to (" + request.to + ")");
  }
  std::size_t values = 0;
  for (const auto& [facet, wanted] : request.filters) {
    const schema::Field* field = schema::find_field(facet);
    if (!field || !schema::is_counted(*field)) return invalid("unknown facet '" + facet + "'");
    values += wanted.size();
  }
  if (values > kMaxFilterValues) {
    return invalid("too many facet filter values (the most is " + std::to_string(kMaxFilterValues) +
                   ")");
  }
  return {};
}

}  // namespace civic::query
