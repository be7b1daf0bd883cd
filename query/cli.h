// The query module's subcommands: `civicsearch search` and `civicsearch stats`.
#pragma once

namespace civic::query {

/// `civicsearch search [--db DIR] [--json] [filters] QUERY…`. Exit 0 on success, 2 on error.
int search_main(int argc, char** argv);

/// `civicsearch stats [--db DIR] [--json]`. Exit 0 on success, 2 on error.
int stats_main(int argc, char** argv);

}  // namespace civic::query
