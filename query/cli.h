// The query module's subcommands: `civicsearch search`, `civicsearch facets` and
// `civicsearch stats`.
#pragma once

namespace civic::query {

/// `civicsearch search [--db DIR] [--json] [filters] QUERY…`. Exit 0 on success, 2 on error.
int search_main(int argc, char** argv);

/// `civicsearch facets [--db DIR] [--limit N] [--json] FACET`: a facet's values over the whole
/// index, most frequent first, each with its unit count and one example unit. Exit 0 on success,
/// 2 when the index cannot be read; CLI11's code (non-zero) for bad arguments.
int facets_main(int argc, char** argv);

/// `civicsearch stats [--db DIR] [--json]`. Exit 0 on success, 2 on error.
int stats_main(int argc, char** argv);

}  // namespace civic::query
