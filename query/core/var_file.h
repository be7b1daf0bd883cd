// Where a derived data file of the checkout's var/ directory is (the given-name list, the
// stopword list): the one look-up every reader of such a file uses.
#pragma once

#include <cstdlib>
#include <filesystem>

namespace civic {

/// `env`'s value when that variable is set and not empty; else var/<relative> under the working
/// directory when it exists; else var/<relative> in one of the four directories above the
/// running executable (build/web/civicsearch and build/tests/* sit two levels below the
/// checkout); else an empty path.
inline std::filesystem::path find_var_file(const char* env, const std::filesystem::path& relative) {
  std::error_code ec;
  if (const char* value = std::getenv(env); value && *value) return value;
  const std::filesystem::path path = std::filesystem::path("var") / relative;
  if (std::filesystem::exists(path, ec)) return std::filesystem::absolute(path, ec);
  std::filesystem::path dir = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
  for (int up = 0; up < 4 && !dir.empty(); ++up) {
    if (std::filesystem::exists(dir / path, ec)) return dir / path;
    dir = dir.parent_path();
  }
  return {};
}

}  // namespace civic
