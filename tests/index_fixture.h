// Test indexes built the way `civicsearch index` builds them: through indexer::run_index
// (readers, attribution, writer), with the repository's gazetteer and themes named explicitly so
// that no test depends on its working directory. Needs civic_indexer.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "indexer/pipeline.h"
#include "tests/support.h"

namespace civic::testing {

/// data/gazetteer.yaml and data/themes.yaml of the source tree.
inline indexer::AttributionFiles repo_attribution() {
  return {(source_dir() / "data" / "gazetteer.yaml").string(),
          (source_dir() / "data" / "themes.yaml").string()};
}

/// Indexes `inputs` into `db` through run_index() with repo_attribution(), printing nothing.
/// Refused files are in the summary's `refused`; the rest is indexed.
inline Result<indexer::IndexSummary> index_with_attribution(
    const std::filesystem::path& db, const std::vector<std::filesystem::path>& inputs,
    indexer::BuildOptions build = {}) {
  indexer::IndexRun run;
  run.db = db;
  for (const auto& input : inputs) run.inputs.push_back(input.string());
  run.build = build;
  run.attribution = repo_attribution();
  return indexer::run_index(run, nullptr);
}

/// The seed post and data/archive, the inputs most fixtures index.
inline std::vector<std::filesystem::path> seed_and_archive() {
  return {seed_path(), source_dir() / "data" / "archive"};
}

}  // namespace civic::testing
