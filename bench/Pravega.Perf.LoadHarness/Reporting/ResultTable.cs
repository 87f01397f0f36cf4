using System.Globalization;

namespace Pravega.Perf.LoadHarness.Reporting;

/// <summary>Results as a markdown table (readable in a terminal and pasteable into a note).</summary>
internal static class ResultTable
{
    public static void Write(TextWriter output, IReadOnlyList<RunResult> results)
    {
        var showRatio = results.Any(r => r.RatioToFio is not null);
        output.WriteLine(showRatio
            ? "| scenario | event | writers | conns | segments | rate (ev/s) | events/s | MB/s | vs fio | p50 ms | p99 ms | p99.9 ms | max ms | acked / sent |"
            : "| scenario | event | writers | conns | segments | rate (ev/s) | events/s | MB/s | p50 ms | p99 ms | p99.9 ms | max ms | acked / sent |");
        output.WriteLine(showRatio
            ? "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
            : "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var ratio = showRatio ? $" {(r.RatioToFio is { } x ? x.ToString("P0", CultureInfo.InvariantCulture) : "-")} |" : "";
            var check = r.Error is not null ? $"FAILED: {r.Error}" : $"{r.AckedEvents:N0} / {r.SentEvents:N0} {(r.Verified ? "ok" : "MISMATCH")}";
            output.WriteLine(
                $"| {r.Scenario} | {FormatSize(r.EventSize)} | {r.Writers} | {r.Connections} | {r.Segments} | {(r.TargetRate == 0 ? "max" : r.TargetRate.ToString("N0", CultureInfo.InvariantCulture))} | " +
                $"{r.EventsPerSecond:N0} | {r.PayloadMBps:F1} |{ratio} {r.Latency.P50Ms:F2} | {r.Latency.P99Ms:F2} | {r.Latency.P999Ms:F2} | {r.Latency.MaxMs:F2} | {check} |");
        }
    }

    public static string FormatSize(int bytes) => bytes switch
    {
        >= 1 << 20 when bytes % (1 << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1 << 10 when bytes % (1 << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} B",
    };
}
