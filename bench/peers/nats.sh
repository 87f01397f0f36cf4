#!/usr/bin/env bash
# NATS JetStream on loopback for the harness's `--driver nats`, from Debian's nats-server package.
#
# Usage: bench/peers/nats.sh start <data dir> [port=4222] [sync=default|always|<interval like 1s>]
#        bench/peers/nats.sh stop <pidfile>
# start writes <data dir>/nats.pid and prints `pidfile=<path>` and `durability=<text>` on stdout.
# JetStream's store directory is <data dir>/jetstream. By default JetStream fsyncs on an interval (sync_interval 2 min),
# not per message; `always` makes it fsync every message before the ack (nats-server 2.10+ only: 2.9 rejects the
# option, and the script says so).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

case "${1:-}" in
  start)
    dir=${2:?usage: nats.sh start <data dir> [port] [sync]}
    port=${3:-4222}
    sync=${4:-${NATS_SYNC:-default}}
    ensure_package nats-server nats-server
    mkdir -p "$dir/jetstream"
    dir=$(cd "$dir" && pwd)
    conf="$dir/nats.conf"
    {
      echo "listen: 127.0.0.1:$port"
      echo "max_payload: 8MB"
      echo "jetstream {"
      echo "  store_dir: \"$dir/jetstream\""
      echo "  max_file_store: 64GB"
      if [ "$sync" != "default" ]; then echo "  sync_interval: $sync"; fi
      echo "}"
    } >"$conf"
    nats-server -c "$conf" >"$dir/nats.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/nats.pid"
    if ! wait_until 20 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 4 <&3 | grep -q INFO"; then
      echo "nats-server did not answer on 127.0.0.1:$port; its log:" >&2
      cat "$dir/nats.log" >&2
      kill "$pid" 2>/dev/null || true
      rm -f "$dir/nats.pid"
      exit 1
    fi
    if [ "$sync" = "default" ]; then
      durability="JetStream file store, fsync every 2 min (sync_interval default), not per message"
    elif [ "$sync" = "always" ]; then
      durability="JetStream file store, fsync per message (sync_interval: always)"
    else
      durability="JetStream file store, fsync every $sync (sync_interval)"
    fi
    echo "nats-server $(nats-server --version 2>&1 | head -1) pid $pid on 127.0.0.1:$port, store $dir/jetstream" >&2
    echo "pidfile=$dir/nats.pid"
    echo "durability=$durability"
    ;;
  stop)
    stop_pidfile "${2:?usage: nats.sh stop <pidfile>}"
    ;;
  *)
    echo "usage: nats.sh start <data dir> [port] [sync] | stop <pidfile>" >&2
    exit 2
    ;;
esac
