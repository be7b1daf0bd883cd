// civicsearch: one binary, one subcommand per module. This file only dispatches.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstdio>
#include <cstring>
#include <exception>
#include <string_view>

#include "indexer/cli.h"
#include "query/cli.h"
#include "web/cli.h"

namespace {

constexpr const char* kUsage =
    "civicsearch: full-text search over archives of civic-event live-blogs\n"
    "\n"
    "usage: civicsearch <command> [options]\n"
    "\n"
    "commands:\n"
    "  index    read archives and write them into the index\n"
    "  units    print the units an archive splits into (JSON lines), writing nothing\n"
    "  search   run a query against the index\n"
    "  facets   list a facet's values (speaker, org, role…) with counts and an example each\n"
    "  stats    describe the index\n"
    "  serve    serve the JSON API over HTTP\n"
    "\n"
    "Run 'civicsearch <command> --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string_view command = argv[1];
  // Each subcommand parses argv[1..] itself, so its --help names it.
  try {
    if (command == "index") return civic::indexer::index_main(argc - 1, argv + 1);
    if (command == "units") return civic::indexer::units_main(argc - 1, argv + 1);
    if (command == "search") return civic::query::search_main(argc - 1, argv + 1);
    if (command == "facets") return civic::query::facets_main(argc - 1, argv + 1);
    if (command == "stats") return civic::query::stats_main(argc - 1, argv + 1);
    if (command == "serve") return civic::web::serve_main(argc - 1, argv + 1);
  } catch (const std::exception& e) {
    // The safety net: reaching it is a bug.
    std::fprintf(stderr, "civicsearch %s: internal error: %s\n", argv[1], e.what());
    return 70;
  }
  std::fprintf(stderr, "civicsearch: unknown command '%s'\n\n%s", argv[1], kUsage);
  return 2;
}
