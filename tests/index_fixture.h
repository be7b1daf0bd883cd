// Test indexes built the way `civicsearch index` builds them: through indexer::run_index
// (readers, attribution, writer), with the repository's gazetteer and themes named explicitly so
// that no test depends on its working directory. Needs civic_indexer.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "indexer/pipeline.h"
#include "tests/fixture_cache.h"
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

/// seed_and_archive() and tests/fixtures/web (speakers given explicitly): the server's and the
/// Searcher tests' index, with the talk posts below.
inline std::vector<std::filesystem::path> seed_archive_and_web() {
  auto inputs = seed_and_archive();
  inputs.push_back(source_dir() / "tests" / "fixtures" / "web");
  return inputs;
}

// A post whose units carry talk ids, so that group=talk has something to fold (the attribution
// pass that assigns talks is not what these tests are about).
inline PostDoc talk_post(const std::string& key, const std::string& date) {
  PostDoc doc;
  doc.post.id = post_id_for("web-talks-" + key, "web-test:" + key);
  doc.post.title = "Talks Day " + key;
  doc.post.date = date;
  doc.post.url = "https://fixture.example.org/talks/" + key + "/";
  doc.post.event = "Web Test Talks Day";
  const std::vector<std::tuple<std::string, std::string, std::string>> turns = {
      {"Rosa Quint", "Quint Trust", "Rosa Quint opened on volunteering in rural parishes."},
      {"Rosa Quint", "Quint Trust", "She said parish volunteering needs small grants."},
      {"Rosa Quint", "Quint Trust", "Volunteering numbers rose after the grants began."},
      {"Tom Vell", "Vell Partners", "Tom Vell answered that volunteering is not free to organise."},
      {"Tom Vell", "Vell Partners", "He asked for volunteering coordinators in each district."},
  };
  int n = 0;
  for (const auto& [speaker, org, text] : turns) {
    Unit unit;
    unit.kind = UnitKind::Paragraph;
    unit.text = text + " Talkday" + key + ".";
    unit.speaker = speaker;
    unit.org = org;
    unit.talk = doc.post.id + "~" + (n++ < 3 ? "1" : "2");
    unit.themes = {"volunteering"};
    doc.units.push_back(unit);
  }
  finalise_post(doc);
  return doc;
}

/// A read-only index of `inputs` through index_with_attribution(), built once per key and shared
/// by every CTest process of a run (tests/fixture_cache.h); its db directory. `refused_ok` allows
/// refused files (else there must be none); `then(db)` adds what the fixture writes after the
/// run (extra posts). Name the fixture after its test file and bump `version` when `then` or the
/// description of the extra posts in `options` change.
inline std::filesystem::path cached_index(
    const std::string& name, const std::string& version,
    const std::vector<std::filesystem::path>& inputs, const std::string& options = {},
    const std::function<void(const std::filesystem::path& db)>& then = {},
    indexer::BuildOptions build = {}, bool refused_ok = false) {
  FixtureSpec spec{name, version, inputs, options};
  const auto attribution = repo_attribution();
  spec.inputs.push_back(attribution.gazetteer);
  spec.inputs.push_back(attribution.themes);
  spec.options += "|shards=" + std::to_string(build.shards) +
                  "|threads=" + std::to_string(build.threads) +
                  "|refused_ok=" + std::to_string(refused_ok);
  const auto root = cached_fixture(spec, [&](const std::filesystem::path& dir) {
    const auto db = dir / "index";
    const auto indexed = index_with_attribution(db, inputs, build);
    if (!indexed) throw std::runtime_error("fixture " + name + ": " + indexed.error().message);
    if (!refused_ok && !indexed->refused.empty()) {
      throw std::runtime_error("fixture " + name + ": " + indexed->refused.front().message);
    }
    if (then) then(db);
  });
  return root / "index";
}

}  // namespace civic::testing
