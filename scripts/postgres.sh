#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (make test-postgres), from Debian's packages.
#
#   scripts/postgres.sh ensure-installed   apt-get install postgresql when its programs are missing
#   scripts/postgres.sh start DIR          new cluster in DIR; the last line of stdout is its SQLAlchemy URL
#   scripts/postgres.sh stop DIR           stop that cluster and remove DIR
#
# The cluster listens on 127.0.0.1 only (trust auth there, so no password) with its socket in DIR,
# and runs without fsync: it holds test data only and is deleted afterwards.
set -euo pipefail
PATH=$PATH:/usr/sbin:/sbin  # runuser and useradd, when root's PATH lacks them

MARKER=.buurtbot-postgres  # `stop` only removes a directory that `start` made
DATABASE=buurtbot_test

die() { echo "postgres.sh: $*" >&2; exit 1; }

# The newest /usr/lib/postgresql/N/bin (Debian); else wherever initdb is on the PATH.
# (pg_config --bindir is no help: Debian's libpq-dev ships one that may not match the server.)
bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]]; then echo "$dir"; return; fi
  dir=$(command -v initdb 2>/dev/null || true)
  if [[ -n $dir ]]; then
    dir=$(dirname "$(readlink -f "$dir")")
    if [[ -x $dir/pg_ctl ]]; then echo "$dir"; return; fi
  fi
  return 1
}

ensure_installed() {
  if bindir >/dev/null; then return; fi
  [[ $EUID -eq 0 ]] || die "PostgreSQL is not installed; as root run: apt-get install -y postgresql"
  echo "Installing PostgreSQL (apt-get install postgresql) ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  # A clean machine may not have package lists yet: update only when the install needs it.
  apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; }
  bindir >/dev/null || die "apt-get installed postgresql, but initdb and pg_ctl are still not found"
}

# initdb and the server refuse to run as root: as root they run as the `postgres` system user.
as_owner() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local py
  for py in python3 python; do
    if command -v "$py" >/dev/null; then
      "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' && return
    fi
  done
  echo 55432  # no Python: a fixed, uncommon port
}

start() {
  local dir=$1 bin port
  bin=$(bindir) || die "PostgreSQL is not installed (run: $0 ensure-installed)"
  if [[ $EUID -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ -z $(ls -A "$dir") ]] || die "$dir is not empty"
  touch "$dir/$MARKER"
  if [[ $EUID -eq 0 ]]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  as_owner test -w "$dir" || die "the postgres user cannot write to $dir (is a parent directory private?)"

  as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --auth-local=peer --auth-host=reject >/dev/null
  port=$(free_port)
  cat >"$dir/data/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 peer
host    all       all   127.0.0.1/32  trust
EOF
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; die "the server did not start"; }
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DATABASE"
  echo "postgresql://postgres@127.0.0.1:$port/$DATABASE"
}

stop() {
  local dir=$1 bin
  [[ -d $dir ]] || return 0
  [[ -e $dir/$MARKER ]] || die "$dir was not made by '$0 start'; not touching it"
  if [[ -f $dir/data/postmaster.pid ]] && bin=$(bindir); then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  ensure-installed) ensure_installed ;;
  start) [[ $# -eq 2 ]] || die "usage: $0 start DIR"; start "$2" ;;
  stop) [[ $# -eq 2 ]] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 ensure-installed | start DIR | stop DIR" ;;
esac
