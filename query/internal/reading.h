// INTERNAL to civic_query. Reading whole stretches of a post rather than searching it: a talk
// (Searcher::talk) and a post (Searcher::post). Both read every unit of one post by its boolean
// term (schema::kPostPrefix) in the order of the position slot; a post lives in one shard, and
// the combined database of a sharded index finds it wherever it is.
#pragma once

#include <xapian.h>

#include <string>

#include "query/core/result.h"
#include "query/searcher.h"

namespace civic::query {

/// The talk `talk_id` in `db`. NotFound when no unit has that talk. Throws Xapian::Error (the
/// caller's ShardSet::with_retry turns it into an Error).
Result<TalkView> read_talk(Xapian::Database& db, const std::string& talk_id);

/// Every unit of the post `post_id` in `db`. NotFound when there is none. Throws Xapian::Error.
Result<PostView> read_post(Xapian::Database& db, const std::string& post_id);

}  // namespace civic::query
