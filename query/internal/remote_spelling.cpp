#include "query/internal/remote_spelling.h"

#include <unistd.h>

#include <sstream>

#include "query/core/schema.h"

namespace civic::query {
namespace {

void copy_lexicon(const Xapian::Database& remote, Xapian::WritableDatabase& out) {
  for (auto it = remote.allterms_begin(); it != remote.allterms_end(); ++it) {
    const std::string term = *it;
    if (!schema::is_body_term(term)) continue;
    out.add_spelling(term, static_cast<Xapian::termcount>(it.get_termfreq()));
  }
  // Synonyms from the indexer's copy in metadata (the remote protocol has no synonym table).
  std::istringstream synonyms(remote.get_metadata(std::string(schema::kSynonymsKey)));
  for (std::string line; std::getline(synonyms, line);) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos && tab > 0 && tab + 1 < line.size()) {
      out.add_synonym(line.substr(0, tab), line.substr(tab + 1));
    }
  }
}

}  // namespace

std::filesystem::path RemoteSpelling::for_shards(const std::string& key,
                                                 const std::vector<Xapian::Database>& remotes) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = built_.find(key); it != built_.end()) return it->second;
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("civic-spelling-" + std::to_string(::getpid()) + "-" +
       std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" + std::to_string(next_++));
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  Xapian::WritableDatabase out(dir.string(),
                               Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  for (const auto& remote : remotes) copy_lexicon(remote, out);
  out.commit();
  out.close();
  built_[key] = dir;
  order_.push_back(key);
  // Keep the newest few (each re-index makes one); a Searcher may still read an older one, which
  // stays readable after removal (unlinked files live on while open).
  while (order_.size() > kKept) {
    std::filesystem::remove_all(built_[order_.front()], ignored);
    built_.erase(order_.front());
    order_.erase(order_.begin());
  }
  return dir;
}

RemoteSpelling::~RemoteSpelling() {
  std::error_code ignored;
  for (const auto& [key, dir] : built_) std::filesystem::remove_all(dir, ignored);
}

}  // namespace civic::query
