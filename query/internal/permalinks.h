// INTERNAL to civic_query. Searcher::resolve(): where an id of a unit, talk or post leads now,
// from the index's terms and the redirect and gone keys the indexer leaves (query/core/schema.h).
// Metadata of a combined database is its first shard's only, so every key is looked up in each
// shard's own database (a remote one answers get_metadata() too).
#pragma once

#include <string>

#include "query/core/result.h"
#include "query/internal/shard_set.h"
#include "query/searcher.h"

namespace civic::query {

/// Redirects followed at most, one after the other, before an id counts as unknown.
inline constexpr int kMaxRedirectHops = 16;

/// Searcher::resolve() over `shards`. May throw Xapian::Error: call it inside with_retry().
Result<Resolution> resolve_permalink(ShardSet& shards, const std::string& id);

}  // namespace civic::query
