using System.Globalization;
using System.Text.Json;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Suite;

/// <summary>The suite's markdown report (tables plus issue 3's targets, met or missed) and its JSON twin.</summary>
internal static class SuiteReport
{
    private const double FlatSpread = 2.0;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void WriteMarkdown(TextWriter output, SuiteResults results, SuiteSettings settings, string commandLine)
    {
        output.WriteLine($"# Segment store load suite, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine();
        output.WriteLine($"Command: `{commandLine}`");
        output.WriteLine();
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; every cell: warm-up {settings.Warmup.TotalSeconds:F0} s, measured {settings.Duration.TotalSeconds:F0} s, " +
            $"window {settings.InflightBytes / 1048576.0:F1} MiB per connection, one connection per writer, durable (acks after fdatasync).");
        output.WriteLine();
        output.WriteLine(results.Fio is { } fio
            ? $"fio baseline (sequential 1 MiB writes, fdatasync after each, pre-written file): before {fio.WriteMBps:F1} MB/s" +
              (results.FioAfter is { } after ? $", after {after.WriteMBps:F1} MB/s" : "") + $"; ratios use **{results.FioMBps:F1} MB/s**. " +
              $"fdatasync after 8 KiB writes: p50 {fio.SyncP50Ms:F2} ms, p99 {fio.SyncP99Ms:F2} ms" +
              (results.FioAfter is { } late ? $" (after: p50 {late.SyncP50Ms:F2} ms, p99 {late.SyncP99Ms:F2} ms)" : "") + ", the floor under any durable ack."
            : "fio baseline: skipped");
        Section(output, "Matrix (unthrottled)", results.Matrix);
        Section(output, $"Throttled ({ResultTable.FormatSize(settings.ThrottledEventSize)} events at {settings.ThrottledRate:N0} events/s)", results.Throttled);
        Section(output, $"Segment-count sweep ({ResultTable.FormatSize(settings.SweepEventSize)} events, {settings.SweepRate:N0} events/s in total, {settings.SweepWriters} writer(s))", results.Sweep);
        output.WriteLine();
        output.WriteLine("## Targets (issue 3)");
        output.WriteLine();
        output.WriteLine("| target | measured | verdict |");
        output.WriteLine("|---|---|---|");
        foreach (var (target, measured, verdict) in Targets(results, settings))
        {
            output.WriteLine($"| {target} | {measured} | {verdict} |");
        }
        output.WriteLine();
        output.WriteLine("MB/s counts event payload only (10^6 bytes/s); latency is from the send of an event's APPEND_BLOCK to the DATA_APPENDED covering it.");
    }

    public static string ToJson(SuiteResults results, SuiteSettings settings, string commandLine) =>
        JsonSerializer.Serialize(new
        {
            commandLine,
            timeUtc = DateTime.UtcNow,
            cores = Environment.ProcessorCount,
            settings,
            fio = results.Fio,
            fioAfter = results.FioAfter,
            fioMBpsForRatios = results.FioMBps,
            results.Matrix,
            results.Throttled,
            results.Sweep,
            targets = Targets(results, settings).Select(t => new { t.Target, t.Measured, t.Verdict }),
        }, Json);

    private static void Section(TextWriter output, string title, IReadOnlyList<RunResult> results)
    {
        if (results.Count == 0)
        {
            return;
        }
        output.WriteLine();
        output.WriteLine($"## {title}");
        output.WriteLine();
        ResultTable.Write(output, results);
    }

    private static IEnumerable<(string Target, string Measured, string Verdict)> Targets(SuiteResults results, SuiteSettings settings)
    {
        var bulk = results.Matrix.FirstOrDefault(r => r is { EventSize: 1024, Writers: 16, Segments: 16 });
        yield return ("1 KiB events, 16 writers, 16 segments: MB/s ≥ 70 % of fio",
            bulk is null ? "not run" : $"{bulk.PayloadMBps:F1} MB/s = {Percent(bulk.RatioToFio)} of fio {Format(results.FioMBps)} MB/s",
            bulk?.RatioToFio is not { } ratio ? "not measured" : Verdict(ratio >= 0.70, $"missed by {(0.70 - ratio) * 100:F0} points", bulk));

        var small = results.Matrix.FirstOrDefault(r => r is { EventSize: 100, Writers: 1, Segments: 1 });
        yield return ("100 B events, 1 writer, 1 segment: ≥ 1,000,000 events/s",
            small is null ? "not run" : $"{small.EventsPerSecond:N0} events/s",
            small is null ? "not measured" : Verdict(small.EventsPerSecond >= 1_000_000, $"missed by {(1 - (small.EventsPerSecond / 1_000_000)) * 100:F0} %", small));

        var throttled = results.Throttled.Count > 0 ? results.Throttled[0] : null;
        yield return ($"{ResultTable.FormatSize(settings.ThrottledEventSize)} events at {settings.ThrottledRate:N0} events/s: ack p99 < 5 ms",
            throttled is null ? "not run" : $"p99 {throttled.Latency.P99Ms:F2} ms at {throttled.EventsPerSecond:N0} events/s" +
                (results.Fio is { } disk ? $" (disk's own fdatasync p99: {disk.SyncP99Ms:F2} ms)" : ""),
            throttled is null ? "not measured" : Verdict(throttled.Latency.P99Ms < 5 && throttled.EventsPerSecond >= 0.95 * settings.ThrottledRate,
                throttled.Latency.P99Ms >= 5 ? $"p99 {throttled.Latency.P99Ms / 5:F1}× the target" : "rate not sustained", throttled));

        var sweep = results.Sweep.Where(r => r.Error is null && r.Latency.Count > 0).ToList();
        if (sweep.Count < 2)
        {
            yield return ("flat ack latency from 1 to 1,000 segments at the same total rate", "not run", "not measured");
        }
        else
        {
            var low = sweep.Min(r => r.Latency.P99Ms);
            var high = sweep.Max(r => r.Latency.P99Ms);
            var spread = low > 0 ? high / low : double.PositiveInfinity;
            yield return ($"flat ack latency from {sweep[0].Segments:N0} to {sweep[^1].Segments:N0} segments at the same total rate (p99 max/min ≤ {FlatSpread:F0}×)",
                $"p99 {low:F2} … {high:F2} ms ({spread:F1}×), p50 {sweep.Min(r => r.Latency.P50Ms):F2} … {sweep.Max(r => r.Latency.P50Ms):F2} ms",
                spread <= FlatSpread && sweep.Count == results.Sweep.Count ? "met" : "missed");
        }
    }

    private static string Verdict(bool met, string miss, RunResult result) =>
        result.Error is not null ? $"run failed: {result.Error}" : met ? "met" : miss;

    private static string Percent(double? ratio) => ratio is { } r ? r.ToString("P0", CultureInfo.InvariantCulture) : "-";

    private static string Format(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "-";
}
