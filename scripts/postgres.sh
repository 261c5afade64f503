#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, from Debian's package.
#   scripts/postgres.sh start   install if missing (apt-get), init and start; prints the admin URL
#   scripts/postgres.sh stop    stop it
#   scripts/postgres.sh url     print the admin URL
# Idempotent: an installed package and a running server are reused.
# TEST_POSTGRES_PORT (default 55432) picks the port; data lives in a temporary folder.
set -euo pipefail

port="${TEST_POSTGRES_PORT:-55432}"
base="${TMPDIR:-/tmp}/flo-test-postgres-$port"
url="postgresql://postgres@127.0.0.1:$port/postgres"

say() { echo "postgres.sh: $*" >&2; }

bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_postgres() {
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install() {
  if [[ -n "$(bin_dir)" && -x "$(bin_dir)/pg_ctl" ]]; then
    return
  fi
  if [[ "$(id -u)" != "0" ]]; then
    say "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
    exit 1
  fi
  say "installing PostgreSQL (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  # The package may create and start a cluster of its own; we only need the binaries.
  service postgresql stop >/dev/null 2>&1 || true
}

start() {
  install
  local bin; bin="$(bin_dir)"
  if [[ "$(id -u)" == "0" ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  mkdir -p "$base"
  [[ "$(id -u)" == "0" ]] && chown postgres "$base"
  if as_postgres "$bin/pg_ctl" -D "$base/data" status >/dev/null 2>&1; then
    echo "$url"
    return
  fi
  if [[ ! -f "$base/data/PG_VERSION" ]]; then
    as_postgres "$bin/initdb" -D "$base/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_postgres "$bin/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 \
    -o "-p $port -k $base -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { say "PostgreSQL did not start; its log:"; cat "$base/server.log" >&2; exit 1; }
  echo "$url"
}

stop() {
  local bin; bin="$(bin_dir)"
  if [[ -n "$bin" && -d "$base/data" ]]; then
    as_postgres "$bin/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) echo "$url" ;;
  *) say "usage: $0 start|stop|url"; exit 2 ;;
esac
