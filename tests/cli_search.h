// `civicsearch search --json` run on an index, for tests that check what an index answers
// without linking the query library (the indexer's tests): the same document GET /api/search
// serves.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support.h"

namespace civic::testing {

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// The answer of `civicsearch search --json --db DB OPTIONS -- Q` (OPTIONS shell-quoted by the
/// caller); fails the test when the command fails.
inline nlohmann::json cli_search(const std::filesystem::path& db, const std::string& q,
                                 const std::string& options = {}) {
  const std::string command = std::string(CIVIC_BINARY) + " search --json --db " +
                              shell_quote(db.string()) + " " + options +
                              (q.empty() ? std::string() : " -- " + shell_quote(q));
  const auto result = run_command(command);
  INFO(command << " → " << result.out);
  REQUIRE(result.exit_code == 0);
  return nlohmann::json::parse(result.out);
}

/// Units matching `q` in the index at `db`, as `civicsearch search` counts them.
inline std::size_t cli_total(const std::filesystem::path& db, const std::string& q) {
  return cli_search(db, q)["total"].get<std::size_t>();
}

}  // namespace civic::testing
