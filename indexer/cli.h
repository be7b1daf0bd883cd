// The indexer's subcommands: `civicsearch index` and `civicsearch units`.
#pragma once

namespace civic::indexer {

/// `civicsearch index [--db DIR] [--prune] [--shards N] [--threads N] PATH…` (index_build.h).
/// Returns the process exit status:
/// 0 all files indexed, 1 some files refused (the rest indexed), 2 nothing written.
int index_main(int argc, char** argv);

/// `civicsearch units [--explain] PATH…`: the segmented units as JSONL on stdout.
int units_main(int argc, char** argv);

}  // namespace civic::indexer
