#!/usr/bin/env bash
# Redis from Debian's packages, for the tests of Rasa's lock store in Redis (tests/test_rasa_lock_store.py).
#
#   scripts/redis.sh ensure-installed   apt-get install redis-server when redis-server or redis-cli is missing
#
# The tests start their own server on a free port in a temporary folder; the system's service is not used.
set -euo pipefail

die() { echo "redis.sh: $*" >&2; exit 1; }

installed() { command -v redis-server >/dev/null && command -v redis-cli >/dev/null; }

ensure_installed() {
  if installed; then return; fi
  [[ $EUID -eq 0 ]] || die "Redis is not installed; as root run: apt-get install -y redis-server"
  echo "Installing Redis (apt-get install redis-server) ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  # A clean machine may not have package lists yet: update only when the install needs it.
  apt-get install -y -q redis-server >&2 || { apt-get update -q >&2 && apt-get install -y -q redis-server >&2; }
  installed || die "apt-get installed redis-server, but redis-server or redis-cli is still not on the PATH"
}

case "${1:-}" in
  ensure-installed) ensure_installed ;;
  *) die "usage: scripts/redis.sh ensure-installed" ;;
esac
