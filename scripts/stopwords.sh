#!/usr/bin/env bash
# Derives the English stopword list that the distinctive words of a speaker's or an
# organisation's page leave out (var/stopwords/en.txt: one lowercase word a line) from the npm
# package `stopword` (its English list), pinned by scripts/stopwords/package-lock.json. Does
# nothing when the list is already newer than the lock file. Run by run.sh and test.sh; needs npm
# and node.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/var/stopwords/en.txt"
lock="$root/scripts/stopwords/package-lock.json"
if [ -s "$out" ] && [ "$out" -nt "$lock" ]; then
  exit 0
fi
echo "stopwords: installing the stopword package (npm) and deriving $out" >&2
(cd "$root/scripts/stopwords" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
mkdir -p "$(dirname "$out")"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
(cd "$root/scripts/stopwords" &&
  node -e 'for (const w of [...new Set(require("stopword").eng.map((w) => w.toLowerCase()))].sort()) console.log(w)') > "$tmp"
[ -s "$tmp" ] || { echo "stopwords: the package gave no English list" >&2; exit 1; }
mv "$tmp" "$out"
trap - EXIT
rm -rf "$root/scripts/stopwords/node_modules"
echo "stopwords: $(wc -l < "$out") words" >&2
