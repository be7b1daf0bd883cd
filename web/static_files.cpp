// Loading web/static into memory (see static_files.h).
#include "web/static_files.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>

#include "query/core/unit.h"

namespace civic::web {
namespace {

std::string content_type_for(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/vnd.microsoft.icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// FNV-1a, 64 bits: a cache key, not a security boundary.
std::string version_of(const std::string& body) {
  const std::uint64_t h = fnv1a(body, kFnv1aOffsetBasis);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

}  // namespace

std::filesystem::path default_static_dir() { return CIVIC_STATIC_DIR; }

Result<std::map<std::string, StaticFile>> load_static_files(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return fail(ErrorCode::NotFound, dir.string() + ": no static files directory (see --static)");
  }
  std::map<std::string, StaticFile> files;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.filename().string().starts_with(".")) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in) return fail(ErrorCode::Unavailable, path.string() + ": cannot be read");
    StaticFile file{body.str(), content_type_for(path), ""};
    file.version = version_of(file.body);
    files.emplace(fs::relative(path, dir, ec).generic_string(), std::move(file));
  }
  if (ec) return fail(ErrorCode::Unavailable, dir.string() + ": " + ec.message());
  return files;
}

}  // namespace civic::web
