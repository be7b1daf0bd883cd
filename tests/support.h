// Shared test helpers: a temporary directory removed on scope exit, paths to the corpus, and
// running a command (the real civicsearch binary) for its output and exit status.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace civic::testing {

inline std::filesystem::path shared_dir() { return CIVIC_SHARED_DIR; }
inline std::filesystem::path corpus_dir() { return shared_dir() / "corpus"; }
inline std::filesystem::path source_dir() { return CIVIC_SOURCE_DIR; }
inline std::filesystem::path seed_path() {
  return corpus_dir() / "seed" / "big-society-conference-2010.txt";
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// The stretches of a snippet inside <mark>…</mark>, in order; throws (a test failure) when a
/// mark is not closed.
inline std::vector<std::string> marked(const std::string& snippet) {
  std::vector<std::string> out;
  for (auto at = snippet.find("<mark>"); at != std::string::npos;
       at = snippet.find("<mark>", at + 1)) {
    const auto end = snippet.find("</mark>", at);
    if (end == std::string::npos) throw std::runtime_error("unclosed <mark> in " + snippet);
    out.push_back(snippet.substr(at + 6, end - at - 6));
  }
  return out;
}

/// What a command printed on standard output, and its exit status (-1 when it did not exit).
struct CommandResult {
  int exit_code = -1;
  std::string out;
};

/// Runs `command` through the shell (quote paths in it; redirect stderr to keep it).
inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("civic-test-" + std::to_string(random()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  /// Writes `content` to `name` inside the directory and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& content) const {
    auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace civic::testing
