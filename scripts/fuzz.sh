#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with ASan + UBSan, in build-fuzz/) and runs each for
# a share of a bounded time, seeded with fuzz/seeds/<target>/ and with small files of the same
# format from ../shared/corpus (linked from build-fuzz/, never copied into the repo).
# Prints the executions per target; any crash, leak, timeout or broken invariant fails the script
# and leaves the input in build-fuzz/crashes/. Installs clang and libFuzzer when missing.
# Usage: scripts/fuzz.sh [SECONDS_TOTAL]   (default 60, shared equally by the targets)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
civic_install_packages "${CIVIC_PACKAGES[@]}" "${CIVIC_FUZZ_PACKAGES[@]}"

total=${1:-60}
targets=(plain_text wxr html markdown jsonl govuk_json hansard text query params)
per_target=$(( total / ${#targets[@]} ))
[ "$per_target" -ge 1 ] || per_target=1
build_dir=build-fuzz
corpus=../shared/corpus

# -O1 with asserts on: quicker to build on CI's two cores, and our invariants are checked too.
CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DBUILD_TESTING=OFF -DCIVIC_BUILD_FUZZERS=ON >/dev/null
cmake --build "$build_dir" --target "${targets[@]/%/_fuzz}"

# Into $1: up to 40 files under ../shared/corpus named like $2 (a find -name pattern), under 16 KiB,
# containing $3 when given: the shared seeds of one target, as symlinks.
link_corpus() {
  local dir=$1 pattern=$2 must_contain=${3:-} count=0 file
  rm -rf "$dir" && mkdir -p "$dir"
  [ -d "$corpus" ] || return 0
  while IFS= read -r file; do
    [ -n "$must_contain" ] && ! grep -q -- "$must_contain" "$file" && continue
    ln -s "$(realpath "$file")" "$dir/$count-$(basename "$file")"
    count=$((count + 1))
    if [ "$count" -ge 40 ]; then break; fi
  done < <(find "$corpus" -type f -name "$pattern" -size -16k | LC_ALL=C sort)
  return 0
}

mkdir -p "$build_dir/crashes" "$build_dir/tmp"
export TMPDIR=$PWD/$build_dir/tmp
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
total_execs=0
for target in "${targets[@]}"; do
  shared="$build_dir/shared-seeds/$target"
  case $target in
    plain_text) link_corpus "$shared" '*.txt' ;;
    wxr) link_corpus "$shared" '*.xml' 'wordpress.org/export' ;;
    html) link_corpus "$shared" '*.htm*' ;;
    markdown) link_corpus "$shared" '*.md' ;;
    govuk_json) link_corpus "$shared" '*.json' '"document_type"' ;;
    hansard) link_corpus "$shared" '*.xml' '<publicwhip' ;;
    text) link_corpus "$shared" '*.txt' ;;
    *) rm -rf "$shared" && mkdir -p "$shared" ;;
  esac
  work="$build_dir/corpus/$target"
  mkdir -p "$work"
  dict=()
  [ -f "fuzz/$target.dict" ] && dict=("-dict=fuzz/$target.dict")
  log="$build_dir/$target.log"
  if "$build_dir/fuzz/${target}_fuzz" -max_total_time="$per_target" -max_len=16384 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build_dir/crashes/$target-" \
      "${dict[@]}" "$work" "fuzz/seeds/$target" "$shared" >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "fuzz: $target: ${execs:-?} executions in ${per_target}s, no crash"
    total_execs=$((total_execs + ${execs:-0}))
  else
    echo "fuzz: $target: FAILED (log: $log)" >&2
    grep -E "ERROR|invariant|runtime error|Test unit written|SUMMARY" "$log" | head -20 >&2 || true
    failed=1
  fi
done
rm -rf "$build_dir/tmp"
echo "fuzz: $total_execs executions over ${#targets[@]} targets"
exit $failed
