#!/usr/bin/env bash
# Chromium and its WebDriver from Debian's packages, for the dashboard's browser tests (tests/dashboard/).
#
#   scripts/chromium.sh ensure-installed   apt-get install chromium chromium-driver when they are missing
#
# Selenium is pointed at /usr/bin/chromedriver, so it never downloads a driver or a browser.
set -euo pipefail

die() { echo "chromium.sh: $*" >&2; exit 1; }

installed() { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }

ensure_installed() {
  if installed; then return; fi
  [[ $EUID -eq 0 ]] || die "Chromium is not installed; as root run: apt-get install -y chromium chromium-driver"
  echo "Installing Chromium (apt-get install chromium chromium-driver) ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  # A clean machine may not have package lists yet: update only when the install needs it.
  apt-get install -y -q chromium chromium-driver >&2 \
    || { apt-get update -q >&2 && apt-get install -y -q chromium chromium-driver >&2; }
  installed || die "apt-get installed chromium, but chromium or chromedriver is still not on the PATH"
}

case "${1:-}" in
  ensure-installed) ensure_installed ;;
  *) die "usage: scripts/chromium.sh ensure-installed" ;;
esac
