// What the three match strategies share: paging, the effective order, grouping and sort keys.
#include "query/internal/match.h"

#include "query/core/schema.h"

namespace civic::query {

Xapian::doccount MatchPlan::first() const {
  return static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
}

Sort effective_sort(const SearchRequest& request, bool has_query) {
  return !has_query && request.sort == Sort::Relevance ? Sort::Newest : request.sort;
}

void set_grouping(Xapian::Enquire& enquire, Group group) {
  if (group == Group::Talk) enquire.set_collapse_key(schema::kTalkSlot);
  if (group == Group::Post) enquire.set_collapse_key(schema::kPostSlot);
}

void set_order(Xapian::Enquire& enquire, Sort sort, Xapian::KeyMaker& rank,
               Xapian::MultiValueKeyMaker& by_date) {
  if (sort == Sort::Relevance) {
    enquire.set_sort_by_key_then_relevance(&rank, true);
  } else {
    by_date.add_value(schema::kDateSlot, sort == Sort::Newest);
    by_date.add_value(schema::kPostSlot);
    by_date.add_value(schema::kPositionSlot);
    enquire.set_sort_by_key_then_relevance(&by_date, false);
  }
}

}  // namespace civic::query
