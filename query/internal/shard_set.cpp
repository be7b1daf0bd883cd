#include "query/internal/shard_set.h"

#include <algorithm>
#include <future>

namespace civic::query {

ShardSet::ShardSet(std::filesystem::path path, ShardOptions options, std::vector<ShardSpec> specs,
                   RemoteSpelling& spelling)
    : path_(std::move(path)),
      options_(options),
      specs_(std::move(specs)),
      shards_(specs_.size()),
      spelling_(&spelling) {}

Result<ShardSet> ShardSet::open(const std::filesystem::path& path, const ShardOptions& options,
                                RemoteSpelling& spelling) {
  auto specs = read_shards(path);
  if (!specs) return Unexpected{specs.error()};
  ShardSet set(path, options, std::move(*specs), spelling);
  std::vector<std::size_t> remotes;
  for (std::size_t i = 0; i < set.specs_.size(); ++i) {
    const ShardSpec& spec = set.specs_[i];
    if (spec.kind == ShardSpec::Kind::Remote) {
      remotes.push_back(i);
      continue;
    }
    const std::string where = spec.path.string();
    try {
      set.shards_[i] = set.open_shard(spec);
    } catch (const Xapian::DatabaseNotFoundError&) {
      return fail(ErrorCode::NotFound, where + ": no index here; run 'civicsearch index' first");
    } catch (const Xapian::DatabaseOpeningError& e) {
      return fail(ErrorCode::NotFound, where + ": cannot open index: " + e.get_msg());
    } catch (const Xapian::Error& e) {
      return fail(ErrorCode::Internal, where + ": " + e.get_description());
    }
  }
  set.open_remotes(remotes);
  set.combine();
  return set;
}

Xapian::Database ShardSet::open_shard(const ShardSpec& spec) const {
  if (spec.kind == ShardSpec::Kind::Remote) {
    return Xapian::Remote::open(spec.host, static_cast<unsigned>(spec.port),
                                static_cast<unsigned>(options_.timeout_ms),
                                static_cast<unsigned>(options_.timeout_ms));
  }
  return Xapian::Database(spec.path.string());
}

// Opens the remote shards `which` at once, in parallel: a shard that hangs costs one timeout,
// not one per shard. Those that fail stay (or become) missing.
void ShardSet::open_remotes(const std::vector<std::size_t>& which) {
  std::vector<std::future<std::optional<Xapian::Database>>> opening;
  for (std::size_t i : which) {
    opening.push_back(
        std::async(std::launch::async, [this, i]() -> std::optional<Xapian::Database> {
          try {
            return open_shard(specs_[i]);
          } catch (const Xapian::Error&) {
            return std::nullopt;
          }
        }));
  }
  for (std::size_t k = 0; k < which.size(); ++k) shards_[which[k]] = opening[k].get();
  last_retry_ = std::chrono::steady_clock::now();
}

void ShardSet::combine() {
  db_ = Xapian::Database();
  any_remote_ = false;
  up_ = 0;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (!shards_[i]) continue;
    db_.add_database(*shards_[i]);
    ++up_;
    any_remote_ = any_remote_ || specs_[i].kind == ShardSpec::Kind::Remote;
  }
  lexicon_ = db_;
  lexicon_key_.clear();
  ++generation_;
}

Layout ShardSet::layout() const {
  if (up_ == 0) return Layout::None;
  if (any_remote_) return Layout::RemoteShards;
  return up_ > 1 ? Layout::LocalShards : Layout::OneDatabase;
}

void ShardSet::update_lexicon() {
  std::vector<Xapian::Database> remotes;
  std::string key;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (!shards_[i] || specs_[i].kind != ShardSpec::Kind::Remote) continue;
    const Xapian::Database& shard = *shards_[i];
    remotes.push_back(shard);
    key += specs_[i].label() + "=" + shard.get_uuid() + "@" + std::to_string(shard.get_doccount()) +
           "/" + std::to_string(shard.get_lastdocid()) + "/" +
           std::to_string(shard.get_total_length()) + ";";
  }
  if (remotes.empty()) {
    lexicon_ = db_;
    lexicon_key_.clear();
  } else if (key != lexicon_key_) {
    lexicon_ = db_;
    lexicon_.add_database(Xapian::Database(spelling_->for_shards(key, remotes).string()));
    lexicon_key_ = key;
  }
}

bool ShardSet::retry_missing() {
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (!shards_[i] && specs_[i].kind == ShardSpec::Kind::Remote) missing.push_back(i);
  }
  if (missing.empty() || std::chrono::steady_clock::now() - last_retry_ <
                             std::chrono::milliseconds(options_.retry_interval_ms)) {
    return false;
  }
  open_remotes(missing);
  const bool found = std::any_of(missing.begin(), missing.end(),
                                 [&](std::size_t i) { return shards_[i].has_value(); });
  if (found) combine();
  return found;
}

void ShardSet::reconnect_remotes() {
  std::vector<std::size_t> remotes;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].kind == ShardSpec::Kind::Remote) remotes.push_back(i);
  }
  open_remotes(remotes);
  combine();
}

std::vector<std::string> ShardSet::missing_labels() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (!shards_[i]) out.push_back(specs_[i].label());
  }
  return out;
}

std::string ShardSet::fingerprint() const {
  std::string out;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    out += specs_[i].label();
    if (!shards_[i]) {
      out += "=down;";
      continue;
    }
    const Xapian::Database& shard = *shards_[i];
    out += "=" + shard.get_uuid() + "@";
    if (specs_[i].kind == ShardSpec::Kind::Remote) {
      out += std::to_string(shard.get_doccount()) + "/" + std::to_string(shard.get_lastdocid()) +
             "/" + std::to_string(shard.get_total_length());
    } else {
      out += std::to_string(shard.get_revision());
    }
    out += ";";
  }
  return out;
}

std::string ShardSet::revision() const {
  if (specs_.size() == 1 && shards_[0] && specs_[0].kind == ShardSpec::Kind::Local) {
    return std::to_string(shards_[0]->get_revision());
  }
  std::string out;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (i) out += '+';
    if (!shards_[i]) {
      out += '-';
    } else if (specs_[i].kind == ShardSpec::Kind::Remote) {
      out += "r" + std::to_string(shards_[i]->get_lastdocid());
    } else {
      out += std::to_string(shards_[i]->get_revision());
    }
  }
  return out;
}

// Called inside the retry loop's catch block: rethrows the Xapian error being handled to tell
// its kind (Xapian::Error has no virtual functions to dynamic_cast on).
std::optional<Error> ShardSet::recover(int attempt) {
  try {
    throw;
  } catch (const Xapian::NetworkError& e) {
    if (attempt > 0) {
      return Error{ErrorCode::Unavailable, "shards not answering: " + e.get_description() +
                                               "; they are tried again after the retry interval (" +
                                               std::to_string(options_.retry_interval_ms) +
                                               " ms), so try again shortly"};
    }
    reconnect_remotes();
  } catch (const Xapian::DatabaseModifiedError& e) {
    if (attempt > 0) {
      return Error{ErrorCode::Unavailable, "index changed during search: " + e.get_msg()};
    }
    try {
      db_.reopen();
    } catch (const Xapian::Error& again) {
      return Error{ErrorCode::Unavailable, "cannot reopen index: " + again.get_description()};
    }
  } catch (const Xapian::DatabaseError& e) {
    // A remote shard whose database went away (a replica switched to a new copy) is reopened
    // with a new connection, like one that stopped answering.
    if (attempt > 0 || !any_remote_) {
      return Error{ErrorCode::Unavailable, "index error: " + e.get_description()};
    }
    reconnect_remotes();
  } catch (const Xapian::Error& e) {
    return Error{ErrorCode::Internal, "search failed: " + e.get_description()};
  }
  return std::nullopt;
}

}  // namespace civic::query
