#!/usr/bin/env python3
"""The baseline's markdown report, from the result.json files (schema pravega-bench/1) that `bench/baseline` wrote.

Usage: baseline-report.py <results dir>                          the tables on stdout
       baseline-report.py <results dir> --slowest-peer-rate <size> <producers>
                                                                 the lowest peer max (events/s) at that cell, or 0
Run folders: <driver>-<size>-p<producers> (unthrottled) and throttled-<driver>-<size>-p<producers>; limits.env holds
fio_write_MBps, fio_read_MBps, fio_sync_p99_ms and tcp_MBps.
"""
import glob
import json
import os
import re
import sys

DRIVERS = ["pravega", "nats", "redis"]
PEERS = ["nats", "redis"]
RUN = re.compile(r"^(?P<throttled>throttled-)?(?P<driver>[a-z]+)-(?P<size>[0-9A-Za-z]+)-p(?P<producers>[0-9]+)$")


def size_bytes(text):
    units = {"": 1, "b": 1, "kib": 1024, "kb": 1000, "mib": 1024 * 1024, "mb": 1000 * 1000}
    match = re.fullmatch(r"([0-9]+)([A-Za-z]*)", text)
    return int(match.group(1)) * units[match.group(2).lower()]


def load(directory):
    runs = {}
    for path in sorted(glob.glob(os.path.join(directory, "*", "result.json"))):
        name = os.path.basename(os.path.dirname(path))
        match = RUN.match(name)
        if not match:
            continue
        with open(path) as handle:
            result = json.load(handle)
        if result.get("schema") != "pravega-bench/1":
            raise SystemExit(f"{path}: schema {result.get('schema')!r}, expected 'pravega-bench/1'")
        key = (bool(match["throttled"]), match["driver"], size_bytes(match["size"]), int(match["producers"]))
        runs[key] = (result, os.path.dirname(path))
    return runs


def limits(directory):
    values = {}
    path = os.path.join(directory, "limits.env")
    if os.path.exists(path):
        with open(path) as handle:
            for line in handle:
                if "=" in line:
                    name, value = line.strip().split("=", 1)
                    try:
                        values[name] = float(value)
                    except ValueError:
                        values[name] = value
    return values


def p99(result):
    write = (result.get("latencyMs") or {}).get("write")
    return write["p99"] if write else None


def amplification(result):
    disk = (result or {}).get("serverDisk")
    return "–" if not disk or disk.get("writeAmplification") is None else f"{disk['writeAmplification']:.2f}"


def number(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def ratio(ours, theirs):
    return "–" if not ours or not theirs else f"{ours / theirs:.2f}×"


def size_label(size):
    return f"{size // 1024} KiB" if size % 1024 == 0 else f"{size} B"


def verdict(result):
    v = result.get("verdict") or {}
    return "" if v.get("ok", True) else " ⚠"


def report(directory):
    runs = load(directory)
    if not runs:
        raise SystemExit(f"no <driver>-<size>-p<producers>/result.json under {directory}")
    limit = limits(directory)
    disk, disk_read, tcp = limit.get("fio_write_MBps"), limit.get("fio_read_MBps"), limit.get("tcp_MBps")
    out = []
    out.append(f"## Baseline ({directory})")
    out.append("")
    out.append("| limit | value |")
    out.append("|---|---|")
    out.append(f"| disk: 1 MiB writes + fdatasync (fio) | {number(disk, 1)} MB/s (fdatasync p99 {number(limit.get('fio_sync_p99_ms'), 2)} ms) |")
    out.append(f"| disk: 1 MiB sequential O_DIRECT reads (fio) | {number(disk_read, 1)} MB/s |")
    out.append(f"| loopback TCP (iperf3) | {number(tcp, 1)} MB/s |")
    out.append("")
    if limit.get("server_settings"):
        out.append(f"Pravega.Perf's standalone ran with: `{limit['server_settings']}`.")
        out.append("")
    out.append("| system | durability (what an ack means) |")
    out.append("|---|---|")
    seen = {}
    for (_, driver, _, _), (result, _) in sorted(runs.items()):
        seen.setdefault(driver, result.get("durability", "?"))
    for driver in DRIVERS:
        if driver in seen:
            out.append(f"| {driver} | {seen[driver]} |")
    out.append("")
    out.append("Unthrottled writes (events/s, write-ack p99 ms; ratios are Pravega.Perf's events/s over the peer's, and its "
               "payload MB/s over the disk's fdatasync'd write and loopback TCP limits; disk × is the bytes its store wrote to disk "
               "per payload byte while measured, WAL and Tier-2 together):")
    out.append("")
    out.append("| event | producers | pravega ev/s | MB/s | ÷ disk | ÷ TCP | disk × | p99 | nats ev/s | p99 | pravega ÷ nats | redis ev/s | p99 | pravega ÷ redis |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    cells = sorted({(size, producers) for (throttled, _, size, producers) in runs if not throttled})
    for size, producers in cells:
        row = {d: runs.get((False, d, size, producers), (None, None))[0] for d in DRIVERS}
        ours = row["pravega"]
        ours_eps = ours["throughput"]["eventsPerSecond"] if ours else None
        ours_mb = ours["throughput"]["mbPerSecond"] if ours else None
        cols = [size_label(size), str(producers),
                number(ours_eps) + (verdict(ours) if ours else ""), number(ours_mb, 1),
                ratio(ours_mb, disk), ratio(ours_mb, tcp), amplification(ours), number(p99(ours), 2) if ours else "–"]
        for peer in PEERS:
            theirs = row[peer]
            theirs_eps = theirs["throughput"]["eventsPerSecond"] if theirs else None
            cols += [number(theirs_eps) + (verdict(theirs) if theirs else ""), number(p99(theirs), 2) if theirs else "–",
                     ratio(ours_eps, theirs_eps)]
        out.append("| " + " | ".join(cols) + " |")
    throttled = sorted({(size, producers) for (t, _, size, producers) in runs if t})
    if throttled:
        out.append("")
        out.append("Throttled at one rate per size (the slowest peer's maximum unless --rate was given): write-ack p99 ms and "
                   "achieved events/s; ratios are the peer's p99 over Pravega.Perf's (above 1: ours is lower):")
        out.append("")
        out.append("| event | producers | rate ev/s | pravega p99 | ev/s | nats p99 | ev/s | nats ÷ pravega | redis p99 | ev/s | redis ÷ pravega |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for size, producers in throttled:
            row = {d: runs.get((True, d, size, producers), (None, None))[0] for d in DRIVERS}
            rate = next((r["workload"]["rate"] for r in row.values() if r), None)
            ours = row["pravega"]
            cols = [size_label(size), str(producers), number(rate),
                    number(p99(ours), 2) if ours else "–", number(ours["throughput"]["eventsPerSecond"]) if ours else "–"]
            for peer in PEERS:
                theirs = row[peer]
                cols += [number(p99(theirs), 2) if theirs else "–",
                         number(theirs["throughput"]["eventsPerSecond"]) if theirs else "–",
                         ratio(p99(theirs) if theirs else None, p99(ours) if ours else None)]
            out.append("| " + " | ".join(cols) + " |")
    plots = sorted(glob.glob(os.path.join(directory, "*", "*.png")))
    out.append("")
    out.append("Plots: " + (", ".join(plots) if plots else "none written"))
    failed = [os.path.basename(d) for (r, d) in runs.values() if not (r.get("verdict") or {}).get("ok", True)]
    if failed:
        out.append("")
        out.append("⚠ correctness verdict failed in: " + ", ".join(sorted(failed)))
    print("\n".join(out))


def slowest_peer_rate(directory, size_text, producers):
    runs = load(directory)
    size = size_bytes(size_text)
    rates = [r["throughput"]["eventsPerSecond"] for (t, d, s, p), (r, _) in runs.items()
             if not t and d in PEERS and s == size and p == int(producers) and r["throughput"]["eventsPerSecond"] > 0]
    print(int(min(rates)) if rates else 0)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[2] == "--slowest-peer-rate":
        slowest_peer_rate(sys.argv[1], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 2:
        report(sys.argv[1])
    else:
        raise SystemExit(__doc__)
