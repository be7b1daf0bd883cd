// Walking the inputs: files and folders (recursively, hidden entries and symlinked folders
// skipped), each file read by its reader, problems collected rather than thrown.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "indexer/reader.h"

namespace civic::indexer {

struct InputFile {
  std::filesystem::path path;  ///< to open
  Source source;               ///< for ids and messages
  std::uintmax_t bytes = 0;
};

/// Lists the files under `inputs` in a stable order. Paths that do not exist or cannot be
/// listed are reported in `problems` ("path: reason") and skipped.
std::vector<InputFile> collect_inputs(const std::vector<std::string>& inputs,
                                      std::vector<Error>& problems);

}  // namespace civic::indexer
