// INTERNAL to civic_indexer. Keeps permalinks working when IndexWriter replaces or deletes a
// post: redirects from the unit and talk ids a post no longer has, and a tombstone for a
// deleted post (the metadata keys are described in query/core/schema.h). The plan is plain data;
// the other functions read or write one database, inside the writer's transaction, so that a
// post and its redirects are committed together or not at all.
#pragma once

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

#include "query/core/schema.h"
#include "query/core/unit.h"

namespace civic::indexer {

/// A unit of a post as the index held it before the post was replaced.
struct OldUnit {
  std::string id;
  std::string text;
  std::string talk;  ///< may be empty
};

/// (old id, redirect) pairs.
using Redirects = std::vector<std::pair<std::string, schema::Redirect>>;

/// The redirects that replacing `old_units` (in their old order) by `doc` calls for: one for
/// every old unit id and talk id that `doc` no longer has (targets and reasons: kRedirectKey in
/// query/core/schema.h). None when `doc` has no units: there is nothing to point at.
Redirects plan_redirects(const std::vector<OldUnit>& old_units, const PostDoc& doc);

/// The units of post `post_id` in `db`, in post order. A document whose data is not ours is
/// left out. May throw Xapian::Error.
std::vector<OldUnit> read_post_units(const Xapian::Database& db, const std::string& post_id);

/// After `doc` was put in place of `old_units` (empty for a post new to the index): writes
/// plan_redirects(), erases the redirects from ids that `doc` has again and the post's gone
/// key. May throw Xapian::Error.
void update_permalinks(Xapian::WritableDatabase& db, const std::vector<OldUnit>& old_units,
                       const PostDoc& doc);

/// Marks post `post_id`, about to be deleted, as gone: gone:<post id> → its title as a stored
/// unit of it has it (the id when it has none). May throw Xapian::Error.
void mark_gone(Xapian::WritableDatabase& db, const std::string& post_id);

}  // namespace civic::indexer
