// Read-only fixture indexes built once per test-binary run rather than once per CTest process
// (catch_discover_tests runs every TEST_CASE in a process of its own, so a function-local static
// is rebuilt by each of them).
//
// A fixture lives in CIVIC_FIXTURE_DIR (the build tree's test-fixtures/) as <name>-<key>/, where
// the key hashes everything that shapes it: the fixture's name and version string, its options,
// the contents of its input files (directories walked in path order), the identity (path, size,
// mtime) of the running test binary and of civicsearch, and of the word lists attribution reads.
// A rebuilt binary or an edited input therefore never reuses an old index. The first process to
// ask builds it under an exclusive flock on <name>.lock (the others wait on the lock), into a
// temp directory renamed into place only when the build succeeded, so a killed build never
// leaves a half index behind; the same lock clears older keys and leftover temp directories.
//
// Only for fixtures that tests never write to: a test that writes keeps its own TempDir.
#pragma once

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support.h"

namespace civic::testing {

struct FixtureSpec {
  std::string name;     ///< file-name-safe, e.g. "server-index"; one lock and directory per name
  std::string version;  ///< bump when the build function changes what it writes
  std::vector<std::filesystem::path> inputs;  ///< files or directories read by the build
  std::string options;  ///< anything else that shapes the index (shards, extra posts, …)
};

namespace fixture_detail {

// FNV-1a, 64 bits: stable across runs and compilers, unlike std::hash.
class Hash {
 public:
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      value_ ^= c;
      value_ *= 0x100000001b3ULL;
    }
    // A separator, so that ("ab", "c") and ("a", "bc") differ.
    value_ ^= 0xff;
    value_ *= 0x100000001b3ULL;
  }
  std::string hex() const {
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(value_));
    return out;
  }

 private:
  std::uint64_t value_ = 0xcbf29ce484222325ULL;
};

// Path, size and modification time: enough to tell a rebuilt or replaced binary or word list.
inline void add_identity(Hash& hash, const std::filesystem::path& path) {
  std::error_code ec;
  hash.add(path.string());
  const auto size = std::filesystem::file_size(path, ec);
  hash.add(ec ? "missing" : std::to_string(size));
  const auto mtime = std::filesystem::last_write_time(path, ec);
  hash.add(ec ? "missing" : std::to_string(mtime.time_since_epoch().count()));
}

inline void add_contents(Hash& hash, const std::filesystem::path& input) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(input, ec)) {
    hash.add(input.string());
    hash.add(fs::exists(input, ec) ? slurp(input) : std::string("missing"));
    return;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(input)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    hash.add(file.string());
    hash.add(slurp(file));
  }
}

// An exclusive flock held for the object's lifetime.
class FileLock {
 public:
  explicit FileLock(const std::filesystem::path& path)
      : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ < 0) throw std::runtime_error("cannot open fixture lock " + path.string());
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) throw std::runtime_error("cannot lock " + path.string());
    }
  }
  ~FileLock() { ::close(fd_); }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

}  // namespace fixture_detail

/// The key of a fixture: see the file comment for what goes into it.
inline std::string fixture_key(const FixtureSpec& spec) {
  fixture_detail::Hash hash;
  hash.add(spec.name);
  hash.add(spec.version);
  hash.add(spec.options);
  for (const auto& input : spec.inputs) fixture_detail::add_contents(hash, input);
  std::error_code ec;
  fixture_detail::add_identity(hash, std::filesystem::read_symlink("/proc/self/exe", ec));
  fixture_detail::add_identity(hash, CIVIC_BINARY);
  // What attribution reads besides its named inputs (indexer/attribution/lexicon.cpp).
  for (const char* list : {"/usr/share/dict/british-english", "/usr/share/dict/american-english",
                           "/usr/share/dict/words"}) {
    fixture_detail::add_identity(hash, list);
  }
  fixture_detail::add_identity(hash, source_dir() / "var" / "names" / "given-names.tsv");
  return hash.hex();
}

/// The directory of the fixture `spec`, built by `build(dir)` into an empty directory the first
/// time any process asks for this key, then shared by every later caller until the key changes.
/// The caller must not write into it. Throws (failing the test) when `build` fails; a failed or
/// killed build leaves nothing behind, so the next caller builds again.
inline std::filesystem::path cached_fixture(
    const FixtureSpec& spec, const std::function<void(const std::filesystem::path&)>& build) {
  namespace fs = std::filesystem;
  const fs::path root = CIVIC_FIXTURE_DIR;
  fs::create_directories(root);
  const std::string key = fixture_key(spec);
  const fs::path done = root / (spec.name + "-" + key);
  fixture_detail::FileLock lock(root / (spec.name + ".lock"));
  std::error_code ec;
  if (fs::is_directory(done, ec)) return done;
  // Under the lock nobody else builds this name: clear older keys and dead builds' leftovers.
  // (A process still reading an older key keeps its open files; Linux frees them on close.)
  for (const auto& entry : fs::directory_iterator(root)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(spec.name + "-", 0) == 0 || file.rfind(".tmp-" + spec.name + "-", 0) == 0) {
      fs::remove_all(entry.path(), ec);
    }
  }
  const fs::path temp = root / (".tmp-" + spec.name + "-" + key + "-" + std::to_string(::getpid()));
  fs::create_directories(temp);
  try {
    build(temp);
  } catch (...) {
    fs::remove_all(temp, ec);
    throw;
  }
  fs::rename(temp, done);
  return done;
}

}  // namespace civic::testing
