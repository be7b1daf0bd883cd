#!/usr/bin/env bash
# Installs what is missing, builds Civic Search, indexes the bundled sample archive (data/)
# and starts the search server on http://127.0.0.1:8080 (PORT=… to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
civic_install_packages "${CIVIC_PACKAGES[@]}"
scripts/given-names.sh
scripts/stopwords.sh

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build build --target civicsearch
./build/web/civicsearch index --db var/index --prune data/archive
exec ./build/web/civicsearch serve --db var/index --host 127.0.0.1 --port "${PORT:-8080}"
