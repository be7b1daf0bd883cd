// INTERNAL to civic_query. What a SearchCache (query/searcher.h) holds.
#pragma once

#include "query/internal/facet_table.h"
#include "query/internal/remote_spelling.h"
#include "query/searcher.h"

namespace civic::query {

struct SearchCache::Parts {
  FacetTableCache tables;
  RemoteSpelling spelling;
};

}  // namespace civic::query
