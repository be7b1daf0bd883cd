// Where an index lives: one glass database, or a Xapian stub file (or a directory holding a
// XAPIANDB stub) listing shards, local ones ("auto PATH", "glass PATH", relative to the stub's
// directory) and remote ones ("remote HOST:PORT", served by xapian-tcpsrv). The stub is read
// here rather than by Xapian so that the Searcher can open, lose and reopen each shard on its
// own (docs: README "Running on several machines"). No Xapian in this header.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "query/core/result.h"

namespace civic::query {

struct ShardSpec {
  enum class Kind { Local, Remote };
  Kind kind = Kind::Local;
  std::filesystem::path path;  ///< Local: the database directory (absolute when from a stub)
  std::string host;            ///< Remote: host name or address (no brackets for IPv6)
  int port = 0;                ///< Remote: TCP port
  /// How responses name the shard: "remote HOST:PORT" or "local PATH".
  std::string label() const;
};

/// How long the Searcher waits for remote shards, and how often it retries missing ones.
struct ShardOptions {
  int timeout_ms = 1500;         ///< to connect to a remote shard, and per message exchanged
  int retry_interval_ms = 5000;  ///< a missing shard is retried at most this often
};

/// The shards at `db`: a database directory is one local shard; a stub file, or a directory
/// holding a XAPIANDB stub, lists them. NotFound when nothing is there; InvalidInput (with the
/// stub's path and line) for a line we cannot read or a stub listing no shard.
Result<std::vector<ShardSpec>> read_shards(const std::filesystem::path& db);

/// The shards listed by stub text; relative paths are taken from `base_dir`.
Result<std::vector<ShardSpec>> parse_stub(const std::string& text,
                                          const std::filesystem::path& base_dir,
                                          const std::string& name_for_errors);

}  // namespace civic::query
