#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: no system service, loopback only.
#   scripts/pg-cluster.sh start DIR   # prints the server's URL (postgres://postgres@127.0.0.1:PORT)
#   scripts/pg-cluster.sh stop DIR    # stops it and removes DIR
# PG_FSYNC=on makes commits durable as in production (benchmarks); tests leave it off.
# initdb refuses to run as root, so as root the cluster belongs to the postgres user.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?a directory for the cluster}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL's server is missing (scripts/setup-tests.sh installs it)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $cmd in
start)
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$bin/initdb" -A trust -U postgres --no-sync -D "$dir/data" >"$dir/initdb.log"
  # fsync off by default: a test cluster that dies is thrown away anyway.
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${PG_FSYNC:-off} -c max_connections=200" start >/dev/null
  echo "postgres://postgres@127.0.0.1:$port"
  ;;
stop)
  [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
