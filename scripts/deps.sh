#!/usr/bin/env bash
# Installs the Debian 12 packages Civic Search builds and tests with, only if any is missing.
# Sourced by run.sh and test.sh; safe to run on its own. Needs root (or sudo) to install.
set -euo pipefail

CIVIC_PACKAGES=(
  g++ cmake ninja-build pkgconf
  libxapian-dev xapian-tools libicu-dev nlohmann-json3-dev libcpp-httplib-dev
  libxml2-dev libyaml-cpp-dev libmd4c-dev libcli11-dev catch2
)

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
