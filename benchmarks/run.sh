#!/usr/bin/env bash
# Runs every benchmark at one size and writes benchmarks/RESULTS.md: builds (Release, in
# build-perf/), generates the archive with corpus_scale, then index_bench, query_bench,
# shard_bench (2 and 4 shards, local and through xapian-tcpsrv) and an HTTP load test with wrk
# against `civicsearch serve` (127.0.0.1 only, bounded durations).
#
# Usage: benchmarks/run.sh SIZE [--no-build] [--reuse-index] [--build-dir DIR] [--work DIR] [--results FILE]
#   SIZE: 10k, 100k, 1M or a number of units. Work files go to benchmarks/work/ (git-ignored).
#   --reuse-index: keep the indexes and the indexing section of the last run at this size and
#   measure only queries, shards and HTTP (for query-side work; the indexes must be current).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
run_start=$(date +%s)
# The tree's state before this run writes RESULTS.md (a tracked file) into it.
version="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- . ':(exclude)benchmarks/RESULTS.md' 2>/dev/null || echo ' (modified)')"

usage="usage: benchmarks/run.sh SIZE [--no-build] [--reuse-index] [--build-dir DIR] [--work DIR] [--results FILE]"
size=${1:?$usage}
shift
build=1
reuse_index=0
build_dir=$root/build-perf
work=$root/benchmarks/work
results=$root/benchmarks/RESULTS.md
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) build=0; shift ;;
    --reuse-index) reuse_index=1; shift ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    *) echo "benchmarks/run.sh: unknown option $1" >&2; echo "$usage" >&2; exit 2 ;;
  esac
done
case $size in
  10k) units=10000 ;;
  100k) units=100000 ;;
  1M|1m) units=1000000 ;;
  *[!0-9]*) echo "benchmarks/run.sh: SIZE must be 10k, 100k, 1M or a number" >&2; exit 2 ;;
  *) units=$size ;;
esac
# Budgets (seconds): each indexer, the whole query run, each wrk run.
# http_c1_budget: the in-process vs HTTP comparison at concurrency 1.
if [ "$units" -le 20000 ]; then index_budget=100; query_budget=4; wrk_seconds=3; http_c1_budget=3
elif [ "$units" -le 200000 ]; then index_budget=900; query_budget=20; wrk_seconds=10; http_c1_budget=10
else index_budget=1500; query_budget=60; wrk_seconds=15; http_c1_budget=30; fi

if [ $build = 1 ]; then
  source scripts/deps.sh
  civic_install_packages "${CIVIC_PACKAGES[@]}"
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON \
    -DCIVIC_BUILD_BENCHMARKS=ON >/dev/null
  cmake --build "$build_dir" --target civicsearch corpus_scale index_bench query_bench explore_bench profile_bench shard_bench
fi
# The stopwords the profile pages leave out of distinctive words (var/stopwords/en.txt).
scripts/stopwords.sh >/dev/null
for tool in wrk curl xapian-tcpsrv xapian-compact; do
  command -v $tool >/dev/null || { echo "benchmarks/run.sh: $tool is missing (scripts/deps.sh installs it)" >&2; exit 2; }
done
bin=$build_dir/benchmarks
civicsearch=$build_dir/web/civicsearch
mkdir -p "$work"
log=$work/run-$size.log
: >"$log"
section=$work/sections-$size
if [ $reuse_index = 1 ]; then
  [ -f "$section/index.md" ] && [ -d "$work/index-$units/civic-index" ] ||
    { echo "benchmarks/run.sh: --reuse-index needs a complete earlier run at $size; run benchmarks/run.sh $size without --reuse-index first" >&2; exit 2; }
  find "$section" -type f ! -name index.md -delete
else
  rm -rf "$section" && mkdir -p "$section"
fi

# 1. The archive (kept between runs: it is deterministic).
archive=$work/units-$units
if [ ! -f "$archive/.complete" ]; then
  rm -rf "$archive"
  "$bin/corpus_scale" --corpus "$root/../shared/corpus" --units "$units" --out "$archive" 2>>"$log"
  touch "$archive/.complete"
fi
index_work=$work/index-$units
mkdir -p "$index_work"

# 2. Indexing, 3. queries in-process.
[ $reuse_index = 1 ] || "$bin/index_bench" --units-dir "$archive" --work "$index_work" --civicsearch "$civicsearch" \
  --cwd "$root" --budget-s $index_budget >"$section/index.md" 2>>"$log"
"$bin/query_bench" --work "$index_work" --budget-s $query_budget \
  --paths-out "$index_work/paths.txt" >"$section/query.md" 2>>"$log"
# 3a. What the search page's timeline and "who said it most" panel add to the same searches.
"$bin/explore_bench" --work "$index_work" --budget-s $query_budget >"$section/explore.md" 2>>"$log"
# 3b. The profile pages of the biggest speaker, organisation and event (target at 1M: the biggest
# speaker's page p99 ≤ 100 ms).
{
  echo "### Profile pages: the three biggest speakers, organisations and events, in-process"
  echo
  echo '```'
  "$bin/profile_bench" --db "$index_work/civic-index" --budget-s "$query_budget"
  echo '```'
  echo
  echo "Target at 1M units: the biggest speaker's page answers within 100 ms at p99."
  echo
} >"$section/profile.md" 2>>"$log"

# 3c. Shards: the same archive split by `civicsearch index --shards 4` (rebuilt when the binary or
# the archive is newer, within the index budget), served locally and by one xapian-tcpsrv per
# shard on loopback ports that shard_bench starts and stops. The 2-shard layout is the 4-shard one
# with shards 0+2 and 1+3 merged by xapian-compact: posts go to FNV-1a(id) mod N, and
# (h mod 4) mod 2 = h mod 2, so each merged shard holds exactly the posts `--shards 2` puts there
# (same documents, facets and metadata; only docid order differs). That takes seconds instead
# of a second 1M-unit build, which kept the 1M run over 30 minutes.
shards4=$index_work/civic-shards-4
shards2=$index_work/civic-shards-2
if [ ! -f "$shards4/XAPIANDB" ] || { [ $reuse_index = 0 ] && { [ "$civicsearch" -nt "$shards4/XAPIANDB" ] || [ "$archive/.complete" -nt "$shards4/XAPIANDB" ]; }; }; then
  rm -rf "$shards4" "$shards2"
  timeout "$index_budget" "$civicsearch" index --db "$shards4" --shards 4 "$archive" >/dev/null 2>>"$log" ||
    { echo "benchmarks/run.sh: indexing 4 shards failed or ran out of time (see $log)" >&2; rm -rf "$shards4"; }
fi
if [ -f "$shards4/XAPIANDB" ] && { [ ! -f "$shards2/XAPIANDB" ] || [ "$shards4/XAPIANDB" -nt "$shards2/XAPIANDB" ]; }; then
  rm -rf "$shards2" && mkdir -p "$shards2"
  for pair in "00 02 00" "01 03 01"; do
    read -r a b out <<<"$pair"
    xapian-compact --multipass "$shards4/shard-$a" "$shards4/shard-$b" "$shards2/shard-$out" >/dev/null 2>>"$log" ||
      { echo "benchmarks/run.sh: merging shards $a and $b failed (see $log)" >&2; rm -rf "$shards2"; break; }
  done
  if [ -d "$shards2" ]; then printf 'glass shard-00\nglass shard-01\n' >"$shards2/XAPIANDB"; fi
fi
"$bin/shard_bench" --work "$index_work" --budget-s $query_budget >"$section/shards.md" 2>>"$log"

# 4. HTTP: civicsearch serve on a free loopback port, wrk at concurrency 1, 16 and 64.
lua=$index_work/mix.lua
cat >"$lua" <<EOF
local paths, i = {}, 0
for line in io.lines("$index_work/paths.txt") do paths[#paths + 1] = line end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %.1f %.3f %.3f %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status, summary.requests))
end
EOF
server_log=$index_work/serve.log
start_ns=$(date +%s%N)
"$civicsearch" serve --db "$index_work/civic-index" --host 127.0.0.1 --port 0 2>"$server_log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$server_log")
  [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  port=""
  sleep 0.02
done
[ -n "$port" ] || { echo "benchmarks/run.sh: the server did not start:" >&2; cat "$server_log" >&2; exit 1; }
start_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
{
  echo "### HTTP: \`civicsearch serve\` on 127.0.0.1, wrk ${wrk_seconds} s per level over the same mix"
  echo
  echo "Server start (until /healthz answers): **${start_ms} ms** (target ≤ 2000 ms at 1M units)."
  echo
  echo "| concurrency | wrk threads | req/s | p50 ms | p99 ms | socket errors | non-2xx | requests |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$section/http.md"
# At concurrency 1 the server is compared with the in-process Searcher round by round in the same
# window (query_bench --http-port): measured a minute apart, machine noise swamped the difference.
"$bin/query_bench" --work "$index_work" --budget-s $http_c1_budget --only civicsearch \
  --http-port "$port" >"$section/http-c1.md" 2>>"$log"
declare -A rps
for c in 1 16 64; do
  t=$(( c < 2 ? 1 : 2 ))
  line=$(wrk -t$t -c$c -d${wrk_seconds}s --timeout 10s -s "$lua" "http://127.0.0.1:$port" 2>>"$log" | grep '^WRK ')
  read -r _ req p50 p99 sock status total <<<"$line"
  rps[$c]=$req
  echo "| $c | $t | $req | $p50 | $p99 | $sock | $status | $total |" >>"$section/http.md"
  [ "$sock" = 0 ] && [ "$status" = 0 ] || echo "benchmarks/run.sh: errors at concurrency $c" >&2
done
rss_kib=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
kill $server
wait $server 2>/dev/null || true
trap - EXIT
awk -v a="${rps[16]}" -v b="${rps[1]}" -v r="$rss_kib" 'BEGIN {
  printf "\nThroughput at concurrency 16 ÷ concurrency 1: **%.2f×** (target ≥ 1.7×). Server peak RSS: **%.0f MB**.\n\n", a / b, r / 1024 }' \
  >>"$section/http.md"
cat "$section/http-c1.md" >>"$section/http.md"

# 5. RESULTS.md
{
  echo "# Benchmark results"
  echo
  echo "Written by \`benchmarks/run.sh $size\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Reproduce with that command."
  echo
  echo "- Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
  echo "- Versions: civicsearch $version, Xapian $(xapian-config --version 2>/dev/null | awk '{print $NF}'), SQLite $(sqlite3 --version 2>/dev/null | awk '{print $1}' || echo '?'), $(g++ --version | head -1), $(wrk --version 2>&1 | head -1 | awk '{print $1, $2}')"
  echo "- Load average (1, 5, 15 min) when the run started: $load_at_start — other jobs share this machine, so compare ratios within a run (CPU seconds are steadier than wall time)"
  echo "- Archive: $units units generated by \`corpus_scale\` from ../shared/corpus (seed 6)"
  elapsed=$(( $(date +%s) - run_start ))
  echo "- This run took **$(( elapsed / 60 )) min $(( elapsed % 60 )) s** end to end$([ $build = 1 ] && echo ', building included')$([ $reuse_index = 1 ] && echo ' (--reuse-index: queries, shards and HTTP only)') (target at 1M: ≤ 30 min)"
  echo
  cat "$section/index.md" "$section/query.md" "$section/explore.md" "$section/profile.md" "$section/shards.md" "$section/http.md"
  cat "$root/benchmarks/measurements.md"
} >"$results"
echo "benchmarks/run.sh: wrote $results" >&2
