// The Searcher request for one query of the mix, shared by query_bench and shard_bench so that
// both send the same query and speaker filter. Benchmark code only; needs civic_query.
#pragma once

#include "benchmarks/baselines.h"
#include "query/searcher.h"

namespace civic::bench {

/// `q` as our Searcher's request: its Xapian-syntax text and, if any, the speaker filter.
inline civic::query::SearchRequest mix_request(const MixQuery& q) {
  civic::query::SearchRequest request;
  request.q = q.xapian;
  if (!q.speaker.empty()) request.filters["speaker"] = {q.speaker};
  return request;
}

}  // namespace civic::bench
