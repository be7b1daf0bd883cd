#include "indexer/index_build.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "indexer/index_writer.h"
#include "query/core/schema.h"

namespace civic::indexer {
namespace {

namespace fs = std::filesystem;
using namespace civic::schema;

// Units waiting in one writer's queue before put() blocks: bounds the memory of posts that are
// read and attributed but not yet written.
constexpr std::size_t kQueueUnits = 20000;

std::string shard_name(std::size_t i) {
  char name[32];
  std::snprintf(name, sizeof name, "%.*s%02zu", static_cast<int>(kShardDirPrefix.size()),
                kShardDirPrefix.data(), i);
  return name;
}

fs::path parent_of(const fs::path& dir) { return dir.has_parent_path() ? dir.parent_path() : fs::path("."); }

std::string building_prefix(const fs::path& dir) { return dir.filename().string() + ".building-"; }

bool is_alive(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

// The DIR.building-<pid> folders beside DIR: new builds in progress, or left by runs that died.
std::vector<std::pair<fs::path, pid_t>> building_dirs(const fs::path& dir) {
  std::vector<std::pair<fs::path, pid_t>> found;
  const std::string prefix = building_prefix(dir);
  std::error_code ec;
  for (fs::directory_iterator it(parent_of(dir), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    found.emplace_back(it->path(), static_cast<pid_t>(std::stol(digits)));
  }
  return found;
}

// Who is building DIR, from the owner file of a live run's building folder.
std::string describe_builder(const fs::path& dir) {
  for (const auto& [path, pid] : building_dirs(dir)) {
    if (!is_alive(pid)) continue;
    if (auto owner = read_lock_owner(path)) return *owner;
  }
  return "another process";
}

// Removes building folders of runs that died (their pid is gone); with `all`, every one (the
// caller holds the build lock, so none can be live).
void remove_stale_builds(const fs::path& dir, bool all) {
  for (const auto& [path, pid] : building_dirs(dir)) {
    if (!all && (pid == getpid() || is_alive(pid))) continue;
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
}

Result<std::size_t> read_stub(const fs::path& dir) {
  const fs::path stub = dir / kStubFile;
  // The stub is only written whole (see publish()), so a bad one is not ours to repair: say how
  // to get a good index rather than guess at the shards.
  const std::string remedy = "; index into a new --db, or delete " + dir.string() + " and index again";
  std::ifstream in(stub);
  if (!in) return fail(ErrorCode::InvalidInput, stub.string() + ": cannot read" + remedy);
  std::string line;
  std::size_t shards = 0, line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    const std::string expected = "glass " + shard_name(shards);
    if (line != expected) {
      return fail(ErrorCode::InvalidInput, stub.string() + ":" + std::to_string(line_no) + ": expected \"" +
                                               expected + "\"; not an index written by civicsearch index" +
                                               remedy);
    }
    ++shards;
  }
  if (shards == 0) return fail(ErrorCode::InvalidInput, stub.string() + ": lists no shards" + remedy);
  return shards;
}

// Writes `text` to `path` and fsyncs it, so that the rename that publishes it publishes it whole.
Status write_synced(const fs::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  const int error = errno;
  if (fd >= 0) ::close(fd);
  if (!ok) return fail(ErrorCode::Internal, path.string() + ": cannot write: " + std::strerror(error));
  return {};
}

void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Merges `sources` into a new compacted database at `out` (Xapian::Compactor): postlists are
// concatenated (docids renumbered in source order), spelling frequencies summed, synonyms and
// user metadata merged (post fingerprints are disjoint: a post lives in one source).
Status compact(const std::vector<fs::path>& sources, const fs::path& out) {
  try {
    Xapian::Database all;
    for (const auto& source : sources) all.add_database(Xapian::Database(source.string()));
    all.compact(out.string(), Xapian::DB_BACKEND_GLASS | Xapian::DBCOMPACT_MULTIPASS);
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, out.string() + ": cannot compact: " + e.get_description());
  }
  return {};
}

using SynonymPairs = std::vector<std::pair<std::string, std::string>>;

// One writer thread with its queue of posts and its database (a part, a shard or the index).
struct Lane {
  fs::path dir;
  fs::path compact_to;  // a new shard is compacted here once written; empty otherwise
  std::optional<IndexWriter> writer;

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<PostDoc> queue;  // guarded by mutex, as are the flags and error below
  std::size_t queued_units = 0;
  bool closing = false;
  bool is_abandoned = false;
  std::optional<Error> error;

  // Set before closing; the thread finishes the database after the last post.
  bool prune = false;
  const SynonymPairs* synonyms = nullptr;
  bool commits_in_thread = false;

  // Read after join().
  std::size_t added = 0, replaced = 0, unchanged = 0, pruned = 0, units = 0;
  double compact_seconds = 0;  // compacting into compact_to; the shards do it at the same time

  std::thread thread;

  static std::size_t weight(const PostDoc& doc) { return std::max<std::size_t>(1, doc.units.size()); }

  void run() {
    for (;;) {
      PostDoc doc;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return closing || !queue.empty(); });
        if (queue.empty()) break;  // closing, and every post is taken
        doc = std::move(queue.front());
        queue.pop_front();
        queued_units -= weight(doc);
        changed.notify_all();
        if (is_abandoned || error) continue;
      }
      auto change = writer->put(doc);
      if (!change) {
        std::lock_guard<std::mutex> lock(mutex);
        error = change.error();
        continue;
      }
      switch (*change) {
        case PostChange::Added: ++added; break;
        case PostChange::Replaced: ++replaced; break;
        case PostChange::Unchanged: ++unchanged; break;
      }
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (is_abandoned || error) return;
    }
    if (auto finished = finish(); !finished) {
      std::lock_guard<std::mutex> lock(mutex);
      error = finished.error();
    }
  }

  Status finish() {
    if (prune) {
      auto count = writer->prune_unseen();
      if (!count) return Unexpected{count.error()};
      pruned = *count;
    }
    if (synonyms) {
      if (auto added_synonyms = writer->add_synonyms(*synonyms); !added_synonyms) return added_synonyms;
    }
    units = writer->unit_count();
    if (!commits_in_thread) return {};
    if (auto committed = writer->commit(); !committed) return committed;
    writer.reset();
    if (compact_to.empty()) return {};
    const auto start = std::chrono::steady_clock::now();
    auto compacted = compact({dir}, compact_to);
    compact_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return compacted;
  }

  // Hands a post over; false when this lane has failed (its error says why).
  bool push(PostDoc doc) {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return error || queued_units < kQueueUnits; });
    if (error) return false;
    queued_units += weight(doc);
    queue.push_back(std::move(doc));
    changed.notify_all();
    return true;
  }

  void close(bool abandon) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      closing = true;
      is_abandoned = is_abandoned || abandon;
    }
    changed.notify_all();
    if (thread.joinable()) thread.join();
  }
};

}  // namespace

std::size_t shard_of(std::string_view post_id, std::size_t shards) {
  const std::uint64_t hash = fnv1a(post_id, kFnv1aOffsetBasis);
  return shards == 0 ? 0 : static_cast<std::size_t>(hash % shards);
}

struct IndexBuild::Impl {
  fs::path dir;
  std::size_t shards = 0;  // 0: a single database
  bool is_new = false;
  fs::path building;        // DIR.building-<pid> (new index only)
  bool created_dir = false;  // DIR did not exist: we made it (empty) to hold the lock
  int lock_fd = -1;          // flock on DIR while a new index is built
  std::vector<std::unique_ptr<Lane>> lanes;
  bool is_finished = false;

  ~Impl() {
    for (auto& lane : lanes) lane->close(/*abandon=*/!is_finished);
    lanes.clear();  // writers closed: uncommitted transactions are cancelled
    if (!is_finished && is_new) {
      std::error_code ignored;
      if (!building.empty()) fs::remove_all(building, ignored);
      if (created_dir) fs::remove(dir, ignored);  // only removes it while empty
    }
    if (lock_fd >= 0) ::close(lock_fd);
  }

  Lane& lane_for(const PostDoc& doc) { return *lanes[shard_of(doc.post.id, lanes.size())]; }

  Status start_lanes(const std::vector<fs::path>& dirs, const WriterOptions& options) {
    for (const auto& lane_dir : dirs) {
      auto writer = IndexWriter::open(lane_dir, options);
      if (!writer) return Unexpected{writer.error()};
      auto lane = std::make_unique<Lane>();
      lane->dir = lane_dir;
      lane->writer.emplace(std::move(*writer));
      lanes.push_back(std::move(lane));
    }
    for (auto& lane : lanes) lane->thread = std::thread([l = lane.get()] { l->run(); });
    return {};
  }

  Status open_existing(std::size_t existing_shards) {
    shards = existing_shards;
    remove_stale_builds(dir, /*all=*/false);
    std::vector<fs::path> dirs;
    if (shards == 0) {
      dirs.push_back(dir);
    } else {
      for (std::size_t i = 0; i < shards; ++i) dirs.push_back(dir / shard_name(i));
    }
    return start_lanes(dirs, {});
  }

  Status open_new(std::size_t new_shards, std::size_t threads) {
    shards = new_shards;
    is_new = true;
    std::error_code ec;
    created_dir = !fs::exists(dir, ec);
    try {
      fs::create_directories(dir);
    } catch (const fs::filesystem_error& e) {
      return fail(ErrorCode::InvalidInput, dir.string() + ": " + e.what());
    }
    // The lock of a new build: flock on the (empty) index directory itself. A second run finds
    // it taken; once the build is renamed onto DIR, runs see an index and take Xapian's lock.
    lock_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (lock_fd < 0) {
      return fail(ErrorCode::InvalidInput, dir.string() + ": cannot open: " + std::strerror(errno));
    }
    if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
      created_dir = false;  // not ours to remove
      return fail(ErrorCode::Unavailable, dir.string() + ": index is locked by " + describe_builder(dir) +
                                              "; wait for it to finish or stop it");
    }
    struct stat locked {}, now {};
    if (::fstat(lock_fd, &locked) != 0 || ::stat(dir.c_str(), &now) != 0 || locked.st_ino != now.st_ino ||
        !fs::is_empty(dir, ec)) {
      created_dir = false;
      return fail(ErrorCode::Unavailable,
                  dir.string() + ": another run created the index meanwhile; run again to update it");
    }
    remove_stale_builds(dir, /*all=*/true);
    building = parent_of(dir) / (building_prefix(dir) + std::to_string(getpid()));
    try {
      fs::create_directories(building / "parts");
      write_lock_owner(building);
      if (shards) fs::create_directories(building / "index");
    } catch (const fs::filesystem_error& e) {
      return fail(ErrorCode::Internal, building.string() + ": " + e.what());
    }
    std::vector<fs::path> dirs;
    const std::size_t count = shards ? shards : std::max<std::size_t>(1, threads);
    for (std::size_t i = 0; i < count; ++i) {
      dirs.push_back(building / "parts" / (shards ? shard_name(i) : "part-" + std::to_string(i)));
    }
    WriterOptions options;
    options.is_new_part = true;
    if (auto started = start_lanes(dirs, options); !started) return started;
    for (std::size_t i = 0; i < lanes.size(); ++i) {
      lanes[i]->commits_in_thread = true;
      if (shards) lanes[i]->compact_to = building / "index" / shard_name(i);
    }
    return {};
  }

  // After the lanes of a new build finished: merge (single) or add the stub (shards), then
  // rename the result onto DIR.
  Status publish() {
    const fs::path index = building / "index";
    if (shards == 0) {
      std::vector<fs::path> parts;
      for (const auto& lane : lanes) parts.push_back(lane->dir);
      if (auto merged = compact(parts, index); !merged) return merged;
    } else {
      std::string stub;
      for (std::size_t i = 0; i < shards; ++i) stub += "glass " + shard_name(i) + "\n";
      if (auto written = write_synced(index / kStubFile, stub); !written) return written;
      sync_dir(index);
    }
    // rename(2) replaces the empty DIR in one step: readers see no index, then the whole one.
    if (::rename(index.c_str(), dir.c_str()) != 0) {
      return fail(ErrorCode::Internal, dir.string() + ": cannot move the new index into place: " +
                                           std::strerror(errno));
    }
    sync_dir(parent_of(dir));
    return {};
  }
};

IndexBuild::IndexBuild(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexBuild::IndexBuild(IndexBuild&&) noexcept = default;
IndexBuild& IndexBuild::operator=(IndexBuild&&) noexcept = default;
IndexBuild::~IndexBuild() = default;

Result<IndexBuild> IndexBuild::open(const fs::path& requested, const BuildOptions& options) {
  fs::path dir = requested.lexically_normal();
  if (!dir.has_filename() && dir.has_parent_path()) dir = dir.parent_path();
  if (options.shards == 1 || options.shards > kMaxShards) {
    return fail(ErrorCode::InvalidInput, "--shards must be between 2 and " + std::to_string(kMaxShards) +
                                             " (got " + std::to_string(options.shards) + ")");
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return fail(ErrorCode::InvalidInput, dir.string() + ": exists and is not a directory");
  }
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  const std::string asked = std::to_string(options.shards);
  Status opened;
  if (fs::exists(dir / kStubFile, ec)) {
    auto shards = read_stub(dir);
    if (!shards) return Unexpected{shards.error()};
    if (options.shards && options.shards != *shards) {
      return fail(ErrorCode::InvalidInput,
                  dir.string() + ": index has " + std::to_string(*shards) + " shards, not " + asked +
                      "; changing the number would move posts between shards: delete it and index "
                      "again, or omit --shards");
    }
    opened = impl->open_existing(*shards);
  } else if (fs::exists(dir / "iamglass", ec)) {
    if (options.shards) {
      return fail(ErrorCode::InvalidInput, dir.string() + ": index is a single database; --shards " + asked +
                                               " needs a new index: delete it and index again, or omit "
                                               "--shards");
    }
    opened = impl->open_existing(0);
  } else if (!fs::exists(dir, ec) || fs::is_empty(dir, ec)) {
    opened = impl->open_new(options.shards, options.threads);
  } else {
    return fail(ErrorCode::InvalidInput,
                dir.string() + ": not an index (no iamglass file); refusing to write into it");
  }
  if (!opened) return Unexpected{opened.error()};
  return IndexBuild(std::move(impl));
}

Status IndexBuild::put(PostDoc doc) {
  assert(impl_ && !impl_->is_finished);
  Lane& lane = impl_->lane_for(doc);
  if (lane.push(std::move(doc))) return {};
  std::lock_guard<std::mutex> lock(lane.mutex);
  return Unexpected{*lane.error};
}

Result<BuildSummary> IndexBuild::finish(bool prune, const SynonymPairs& synonyms) {
  assert(impl_ && !impl_->is_finished);
  Impl& impl = *impl_;
  for (std::size_t i = 0; i < impl.lanes.size(); ++i) {
    Lane& lane = *impl.lanes[i];
    std::lock_guard<std::mutex> lock(lane.mutex);
    lane.prune = prune && !impl.is_new;
    // Parts of one database share its synonyms through the merge; shards each need them. The
    // lanes read `synonyms` only before they are joined just below, so no copy is needed.
    if (i == 0 || impl.shards) lane.synonyms = &synonyms;
  }
  for (auto& lane : impl.lanes) lane->close(/*abandon=*/false);
  BuildSummary summary;
  summary.shards = impl.shards;
  summary.is_new = impl.is_new;
  for (auto& lane : impl.lanes) {
    if (lane->error) return Unexpected{*lane->error};
    summary.added += lane->added;
    summary.replaced += lane->replaced;
    summary.unchanged += lane->unchanged;
    summary.pruned += lane->pruned;
    summary.units += lane->units;
  }
  if (impl.is_new) {
    // The tail after the writing: new shards were compacted in their lanes, side by side, so the
    // longest of them counts, plus the stub and the rename (for parts, publish() merges them).
    double compact_seconds = 0;
    for (const auto& lane : impl.lanes) compact_seconds = std::max(compact_seconds, lane->compact_seconds);
    const auto start = std::chrono::steady_clock::now();
    if (auto published = impl.publish(); !published) return Unexpected{published.error()};
    summary.publish_seconds =
        compact_seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    impl.is_finished = true;
    std::error_code ignored;
    fs::remove_all(impl.building, ignored);
    return summary;
  }
  // An existing index: each database commits its own transaction.
  for (std::size_t i = 0; i < impl.lanes.size(); ++i) {
    if (auto committed = impl.lanes[i]->writer->commit(); !committed) {
      Error error = committed.error();
      if (i > 0) error.message += " (shards before it were committed; index again to finish)";
      return Unexpected{error};
    }
  }
  impl.is_finished = true;
  return summary;
}

}  // namespace civic::indexer
