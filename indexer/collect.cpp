#include "indexer/collect.h"

#include <algorithm>

namespace civic::indexer {
namespace fs = std::filesystem;

namespace {

bool is_hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.' && name != "." && name != "..";
}

InputFile make_input(const fs::path& path, std::uintmax_t bytes) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return InputFile{path, Source{path.string(), ec ? path.string() : canonical.string()}, bytes};
}

}  // namespace

std::vector<InputFile> collect_inputs(const std::vector<std::string>& inputs,
                                      std::vector<Error>& problems) {
  std::vector<InputFile> files;
  for (const auto& input : inputs) {
    const fs::path root(input);
    std::error_code ec;
    const auto status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
      problems.push_back({ErrorCode::NotFound, input + ": no such file or directory"});
      continue;
    }
    if (fs::is_regular_file(status)) {
      files.push_back(make_input(root, fs::file_size(root, ec)));
      continue;
    }
    if (!fs::is_directory(status)) {
      problems.push_back({ErrorCode::InvalidInput, input + ": not a regular file or directory"});
      continue;
    }
    std::vector<InputFile> found;
    // Symlinked folders are not followed, so a link loop cannot trap the walk.
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      problems.push_back({ErrorCode::InvalidInput, input + ": cannot list: " + ec.message()});
      continue;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        problems.push_back({ErrorCode::InvalidInput, it->path().string() + ": cannot list: " + ec.message()});
        ec.clear();
        continue;
      }
      const fs::directory_entry& entry = *it;
      if (is_hidden(entry.path())) {
        if (entry.is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (entry.is_symlink(ec) && entry.is_directory(ec)) {
        it.disable_recursion_pending();
        continue;
      }
      if (entry.is_regular_file(ec)) {
        std::uintmax_t size = entry.file_size(ec);
        found.push_back(make_input(entry.path(), ec ? 0 : size));
      } else if (!entry.is_directory(ec)) {
        // A FIFO, socket, device or a link that leads nowhere (or round in a loop): say so.
        problems.push_back({ErrorCode::InvalidInput,
                            entry.path().string() + ": not a regular file (skipped)"});
        ec.clear();
      }
    }
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
    files.insert(files.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return files;
}

}  // namespace civic::indexer
