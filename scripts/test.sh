#!/usr/bin/env bash
# Builds Civic Search with its tests and runs every test (CTest). Installs what is missing.
# Usage: scripts/test.sh            (build dir: build/)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
civic_install_packages "${CIVIC_PACKAGES[@]}"

if [ ! -d ../shared/corpus ]; then
  echo "scripts/test.sh: ../shared/corpus is missing; the tests read the real corpora from there" >&2
  exit 1
fi

build_dir=${CIVIC_BUILD_DIR:-build}
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON \
  -DCIVIC_WERROR=$werror >/dev/null
cmake --build "$build_dir"
cd "$build_dir"
ctest --output-on-failure -j2 --timeout 900
