#!/usr/bin/env bash
# scripts/pg-cluster.sh — a throwaway PostgreSQL cluster for tests and
# benchmarks: initdb into a fresh temporary directory, listen on a free
# loopback port with the unix socket in that directory, trust auth.
#
#   scripts/pg-cluster.sh start [--durable]   prints the URI on stdout
#   scripts/pg-cluster.sh stop URI            stops it and removes its directory
#
# Tests run with fsync off: they kill the client, never the server, so the
# server's durability is not what they check.  --durable keeps fsync on and
# sizes the server for bulk loads (1 GB shared buffers, checkpoints at most
# every 30 min or 8 GB of WAL); the benchmark uses it.
# As root, the server runs as the `postgres` system user (created if
# missing), since PostgreSQL refuses to run as root.
set -eu

pg_bindir() {
  local d
  for d in ${PG_BIN:-} /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  echo "pg-cluster: no PostgreSQL server binaries (initdb) found; install postgresql-15" >&2
  return 1
}

as_owner() {  # run a server binary as the cluster's owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local durable=0
  [ "${1:-}" = "--durable" ] && durable=1
  local bin dir port
  bin=$(pg_bindir)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/orrery-pg.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" --shell /usr/sbin/nologin postgres
    chown postgres "$dir"
    chmod 755 "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; return 1; }
  # Tests: tiny and fast.  --durable: what a server set up for bulk loads
  # has (fsync on, buffers a fair share of RAM, checkpoints spaced out).
  local sync=off buffers=128MB wal=2GB
  [ $durable -eq 1 ] && sync=on buffers=1GB wal=8GB
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 40
shared_buffers = $buffers
max_wal_size = $wal
checkpoint_timeout = 30min
fsync = $sync
synchronous_commit = $sync
full_page_writes = $sync
logging_collector = off
EOF
  # A random free port; retry if another process took it meanwhile.
  local try
  for try in 1 2 3 4 5 6 7 8; do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if as_owner "$bin/pg_ctl" -D "$dir/data" -o "-p $port" -l "$dir/server.log" -w -t 60 start \
      >/dev/null 2>&1; then
      echo "pg-cluster: cluster in $dir" >&2
      echo "postgresql://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
  done
  echo "pg-cluster: the server did not start; its log:" >&2
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  return 1
}

stop() {
  local uri=${1:?usage: pg-cluster.sh stop URI}
  local bin data
  bin=$(pg_bindir)
  data=$(psql "$uri" -XAtqc 'SHOW data_directory' 2>/dev/null) || {
    echo "pg-cluster: no server answers at $uri" >&2
    return 1
  }
  as_owner "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  case "$data" in */orrery-pg.*/data) rm -rf "$(dirname "$data")" ;; esac
}

cmd=${1:-}
shift || true
case "$cmd" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  *) echo "usage: $0 start [--durable] | stop URI" >&2; exit 2 ;;
esac
