#!/usr/bin/env bash
# Redis (Streams) on loopback for the harness's `--driver redis`, from Debian's redis-server package.
#
# Usage: bench/peers/redis.sh start <data dir> [port=6379] [appendfsync=always|everysec|no]
#        bench/peers/redis.sh stop <pidfile>
# start writes <data dir>/redis.pid and prints `pidfile=<path>` and `durability=<text>` on stdout.
# The append-only file lives in <data dir>; `appendfsync always` (the default here) fsyncs before each reply batch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

case "${1:-}" in
  start)
    dir=${2:?usage: redis.sh start <data dir> [port] [appendfsync]}
    port=${3:-6379}
    fsync=${4:-${REDIS_APPENDFSYNC:-always}}
    case "$fsync" in always|everysec|no) ;; *) echo "appendfsync must be always, everysec or no" >&2; exit 2 ;; esac
    ensure_package redis-server redis-server
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    # Debian's package may start its own system instance on 6379; ours is a separate process on the given port.
    redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --dir "$dir" \
      --appendonly yes --appendfsync "$fsync" --save "" --daemonize no \
      --logfile "$dir/redis.log" >/dev/null 2>&1 &
    pid=$!
    echo "$pid" >"$dir/redis.pid"
    if ! wait_until 20 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG"; then
      echo "redis-server did not answer on 127.0.0.1:$port; its log:" >&2
      cat "$dir/redis.log" >&2 || true
      kill "$pid" 2>/dev/null || true
      rm -f "$dir/redis.pid"
      exit 1
    fi
    echo "redis-server $(redis-server --version | awk '{print $3}') pid $pid on 127.0.0.1:$port, AOF in $dir" >&2
    echo "pidfile=$dir/redis.pid"
    echo "durability=Redis AOF appendfsync $fsync"
    ;;
  stop)
    stop_pidfile "${2:?usage: redis.sh stop <pidfile>}"
    ;;
  *)
    echo "usage: redis.sh start <data dir> [port] [appendfsync] | stop <pidfile>" >&2
    exit 2
    ;;
esac
