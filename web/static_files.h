// The page's static assets (web/static/): read once when the server starts, then served from
// memory. A request names a file only by looking it up in that table, so no request path ever
// reaches the file system (no traversal through "..", "%2e%2e" or symlinks).
// Does not include httplib.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "query/core/result.h"

namespace civic::web {

struct StaticFile {
  std::string body;
  std::string content_type;  ///< with charset for text
  std::string version;       ///< 16 hex digits of a hash of the body (for ?v= and ETag)
};

/// The directory of the source tree's web/static, fixed at build time.
std::filesystem::path default_static_dir();

/// Every regular file under `dir` (recursively, skipping dot files), keyed by its path relative
/// to `dir` with '/' separators ("app.js"). Errors: NotFound when `dir` is not a directory,
/// Unavailable when a file cannot be read.
Result<std::map<std::string, StaticFile>> load_static_files(const std::filesystem::path& dir);

}  // namespace civic::web
