#!/usr/bin/env bash
# The disk's own ceiling for the segment store's write pattern: sequential 1 MiB writes, each followed by
# fdatasync, into a file that was written once before (the WAL reuses pre-written files for the same reason:
# overwriting allocated blocks does not journal extent changes on every flush).
#
# A second, shorter pass measures the latency floor of a durable ack: fdatasync after each small (8 KiB) write,
# about the size of a WAL frame at 100,000 events/s of 100 B.
#
# Usage: bench/fio-baseline.sh <directory on the disk under test> [size=1G] [runtime-seconds=10]
# Prints fio's summary on stderr, then `fio_sync_p50_ms=<n>`, `fio_sync_p99_ms=<n>` and, last,
# `fio_write_MBps=<n>` (10^6 bytes/s) on stdout for scripts (the harness's `suite` verb parses them).
# Installs fio with apt-get if it is missing.
set -euo pipefail

dir=${1:?usage: fio-baseline.sh <directory> [size] [runtime-seconds]}
size=${2:-1G}
runtime=${3:-10}

if ! command -v fio >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "fio not found: installing it with apt-get" >&2
  if ! $sudo apt-get install -y fio >&2; then
    $sudo apt-get update >&2
    $sudo apt-get install -y fio >&2
  fi
fi

mkdir -p "$dir"
file="$dir/fio-baseline.$$.dat"
json="$dir/fio-baseline.$$.json"
trap 'rm -f "$file" "$json" "$json.lat"' EXIT

fstype=$(stat -f -c %T "$dir")
echo "fio baseline: $(fio --version), file $file ($size, filesystem $fstype), ${runtime} s of 1 MiB writes + fdatasync" >&2
if [ "$fstype" = "tmpfs" ] || [ "$fstype" = "ramfs" ]; then
  echo "warning: $dir is on $fstype; fdatasync is free there and the figure says nothing about a disk" >&2
fi

# Layout pass: write the whole file once and flush it, so the measured pass overwrites allocated blocks.
fio --name=layout --filename="$file" --rw=write --bs=1M --size="$size" --ioengine=psync \
    --end_fsync=1 --output-format=terse >/dev/null

# Measured pass: one fdatasync after every 1 MiB write, wrapping around the file until the runtime is up.
fio --name=fdatasync-write --filename="$file" --rw=write --bs=1M --size="$size" --ioengine=psync \
    --fdatasync=1 --overwrite=1 --time_based --runtime="$runtime" --output-format=json >"$json"

if command -v jq >/dev/null 2>&1; then
  read -r bw_bytes iops sync_p99_ns < <(jq -r '.jobs[0] | "\(.write.bw_bytes) \(.write.iops) \(.sync.lat_ns.percentile["99.000000"] // 0)"' "$json")
else
  read -r bw_bytes iops sync_p99_ns < <(python3 -c 'import json,sys; j=json.load(open(sys.argv[1]))["jobs"][0]; print(j["write"]["bw_bytes"], j["write"]["iops"], j.get("sync",{}).get("lat_ns",{}).get("percentile",{}).get("99.000000",0))' "$json")
fi
# Latency pass: small writes, fdatasync after each, half the runtime (at least 2 s).
lat_runtime=$(( runtime / 2 > 2 ? runtime / 2 : 2 ))
fio --name=fdatasync-latency --filename="$file" --rw=write --bs=8k --size="$size" --ioengine=psync \
    --fdatasync=1 --overwrite=1 --time_based --runtime="$lat_runtime" --output-format=json >"$json.lat"
if command -v jq >/dev/null 2>&1; then
  read -r lat_p50_ns lat_p99_ns < <(jq -r '.jobs[0].sync.lat_ns.percentile | "\(.["50.000000"] // 0) \(.["99.000000"] // 0)"' "$json.lat")
else
  read -r lat_p50_ns lat_p99_ns < <(python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["jobs"][0]["sync"]["lat_ns"]["percentile"]; print(p.get("50.000000",0), p.get("99.000000",0))' "$json.lat")
fi
rm -f "$json.lat"
lat_p50=$(awk -v n="$lat_p50_ns" 'BEGIN { printf "%.3f", n / 1e6 }')
lat_p99=$(awk -v n="$lat_p99_ns" 'BEGIN { printf "%.3f", n / 1e6 }')
echo "fio: 8 KiB writes + fdatasync: fdatasync p50 ${lat_p50} ms, p99 ${lat_p99} ms" >&2

mbps=$(awk -v b="$bw_bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "fio: ${mbps} MB/s, $(awk -v i="$iops" 'BEGIN { printf "%.0f", i }') writes/s, fdatasync p99 $(awk -v n="$sync_p99_ns" 'BEGIN { printf "%.2f", n / 1e6 }') ms" >&2
echo "fio_sync_p50_ms=${lat_p50}"
echo "fio_sync_p99_ms=${lat_p99}"
echo "fio_write_MBps=${mbps}"
