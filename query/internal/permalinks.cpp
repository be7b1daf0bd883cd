#include "query/internal/permalinks.h"

#include <unordered_set>

#include "query/core/schema.h"
#include "query/core/stored_unit.h"

namespace civic::query {
namespace {

using namespace civic::schema;

// The value of `key` in whichever shard has it (a post and its keys live in one shard), or "".
std::string shard_metadata(const ShardSet& shards, const std::string& key) {
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const Xapian::Database* shard = shards.shard(i);
    if (!shard) continue;
    std::string value = shard->get_metadata(key);
    if (!value.empty()) return value;
  }
  return {};
}

bool unit_exists(Xapian::Database& db, const std::string& id) {
  return db.term_exists(boolean_term(kIdPrefix, id));
}

// A talk is named after its first unit ("<post>~<h>" after "<post>.<h>"), which carries it.
bool talk_exists(Xapian::Database& db, const std::string& id) {
  const auto tilde = id.find('~');
  const std::string term =
      boolean_term(kIdPrefix, id.substr(0, tilde) + "." + id.substr(tilde + 1));
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return false;
  auto stored = decode_stored_unit(db.get_document(*p).get_data());
  return stored && stored->unit.talk == id;
}

bool exists(Xapian::Database& db, const std::string& id) {
  const auto separator = id.find_first_of(".~");
  if (separator == std::string::npos) return db.term_exists(boolean_term(kPostPrefix, id));
  return id[separator] == '.' ? unit_exists(db, id) : talk_exists(db, id);
}

}  // namespace

Result<Resolution> resolve_permalink(ShardSet& shards, const std::string& id) {
  // Longer than any id the indexer makes, and than a metadata key may be.
  if (id.empty() || id.size() > kMaxTermValueBytes) {
    return fail(ErrorCode::NotFound, "no unit, talk or post with id '" + id + "'");
  }
  Xapian::Database& db = shards.db();
  if (exists(db, id)) return Resolution{Resolution::Kind::Found, id, {}, {}};
  std::string current = id;
  bool is_same_text = true;
  std::unordered_set<std::string> seen = {id};
  for (int hop = 0; hop < kMaxRedirectHops; ++hop) {
    const auto redirect =
        parse_redirect_value(shard_metadata(shards, std::string(kRedirectKey) + current));
    if (!redirect || !seen.insert(redirect->target).second) break;
    is_same_text = is_same_text && redirect->reason == kRedirectMoved;
    current = redirect->target;
    if (exists(db, current)) {
      return Resolution{Resolution::Kind::Moved,
                        current,
                        std::string(is_same_text ? kRedirectMoved : kRedirectChanged),
                        {}};
    }
  }
  // The post of the id, or of the last redirect's target, may have been deleted.
  for (const std::string_view post : {post_id_of(current), post_id_of(id)}) {
    std::string title = shard_metadata(shards, std::string(kGoneKey) + std::string(post));
    if (!title.empty())
      return Resolution{Resolution::Kind::Gone, std::string(post), {}, std::move(title)};
  }
  if (const auto missing = shards.missing_labels(); !missing.empty()) {
    return fail(ErrorCode::Unavailable, "cannot tell where '" + id + "' leads while shard " +
                                            missing.front() +
                                            " is not answering; try again shortly");
  }
  return fail(ErrorCode::NotFound, "no unit, talk or post with id '" + id + "'");
}

}  // namespace civic::query
