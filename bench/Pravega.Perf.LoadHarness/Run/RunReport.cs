using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>
/// A run's results: <c>result.json</c> (schema <c>pravega-bench/1</c>, documented in bench/README.md and read by the
/// baseline script), <c>result.csv</c> (the per-second intervals) and the end-of-run summary printed on standard output.
/// </summary>
internal static class RunReport
{
    public const string Schema = "pravega-bench/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string ToJson(RunOutcome o)
    {
        var s = o.Settings;
        var document = new
        {
            schema = Schema,
            driver = o.Driver,
            durability = o.Durability,
            timeUtc = DateTime.UtcNow,
            machine = Environment.MachineName,
            cores = Environment.ProcessorCount,
            workload = new
            {
                mode = s.Mode.ToString().ToLowerInvariant(),
                producers = s.Producers,
                consumers = s.Mode == RunMode.Write ? 0 : s.Consumers,
                partitions = s.Partitions,
                eventSize = s.EventSize,
                keys = s.Keys,
                keySkew = s.KeySkew,
                rate = s.Rate,
                durationSeconds = s.Duration.TotalSeconds,
                events = s.Events,
                flushEvery = s.FlushEvery,
            },
            measuredSeconds = o.MeasuredSeconds,
            measuredEvents = o.MeasuredEvents,
            throughput = new { eventsPerSecond = o.EventsPerSecond, mbPerSecond = o.MbPerSecond },
            serverDisk = o.ServerDisk is { } d
                ? new { writtenBytes = d.WrittenBytes, payloadBytes = d.PayloadBytes, writeAmplification = d.WriteAmplification }
                : null,
            latencyMs = new
            {
                write = Percentiles(o.Write),
                endToEnd = Percentiles(o.EndToEnd),
                publishDelay = Percentiles(o.PublishDelay),
                writeFromIntended = Percentiles(o.WriteFromIntended),
            },
            verdict = new { ok = o.Verdict.Ok, written = o.Verdict.Written, read = o.Verdict.Read, duplicates = o.Verdict.Duplicates, gaps = o.Verdict.Gaps, reorders = o.Verdict.Reorders },
            errors = o.Errors,
            error = o.Error,
            intervals = o.Intervals.Select(i => new
            {
                second = i.Second,
                eventsPerSecond = i.EventsPerSecond,
                mbPerSecond = i.MbPerSecond,
                writeP50 = i.WriteP50,
                writeP99 = i.WriteP99,
                writeMax = i.WriteMax,
                errors = i.Errors,
                endToEndP99 = i.EndToEndP99,
                publishDelayP99 = i.PublishDelayP99,
            }),
        };
        return JsonSerializer.Serialize(document, Json);
    }

    public static string ToCsv(RunOutcome o)
    {
        var csv = new StringBuilder();
        csv.AppendLine("second,events_per_s,mb_per_s,write_p50_ms,write_p99_ms,write_max_ms,errors,e2e_p99_ms,publish_delay_p99_ms");
        foreach (var i in o.Intervals)
        {
            csv.AppendLine(string.Join(',', i.Second, F(i.EventsPerSecond), F(i.MbPerSecond), F(i.WriteP50), F(i.WriteP99), F(i.WriteMax), i.Errors,
                F(i.EndToEndP99), F(i.PublishDelayP99)));
        }
        return csv.ToString();
    }

    /// <summary>Writes result.json, result.csv and result.png into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> WriteFiles(RunOutcome outcome, string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "result.json");
        var csv = Path.Combine(directory, "result.csv");
        var png = Path.Combine(directory, "result.png");
        File.WriteAllText(json, ToJson(outcome));
        File.WriteAllText(csv, ToCsv(outcome));
        RunPlot.Save(outcome, png);
        return [json, csv, png];
    }

    /// <summary>The human summary: throughput, the percentile table, the verdict.</summary>
    public static void WriteSummary(TextWriter output, RunOutcome o)
    {
        output.WriteLine($"{o.Driver} ({o.Durability}), {o.Settings.Mode.ToString().ToLowerInvariant()}: {o.MeasuredEvents:N0} events in {o.MeasuredSeconds:F1} s = " +
            $"{o.EventsPerSecond:N0} events/s, {o.MbPerSecond:F2} MB/s" +
            (o.ServerDisk is { } d ? $"; server wrote {d.WrittenBytes / 1e6:N0} MB to disk = {d.WriteAmplification:F2}× the payload" : ""));
        output.WriteLine("latency ms            p50      p75      p95      p99    p99.9   p99.99      max     count");
        Row(output, "write ack (sent)", o.Write);
        Row(output, "write ack (due)", o.WriteFromIntended);
        Row(output, "publish delay", o.PublishDelay);
        Row(output, "end-to-end", o.EndToEnd);
        var v = o.Verdict;
        output.WriteLine($"verdict: {(v.Ok ? "OK" : "FAILED")}: written {v.Written:N0}, read {v.Read:N0}, duplicates {v.Duplicates}, gaps {v.Gaps}, reorders {v.Reorders}, write errors {o.Errors}" +
            (o.Error is null ? "" : $"; error: {o.Error}"));
    }

    private static void Row(TextWriter output, string name, LatencySummary? l)
    {
        output.WriteLine(l is null
            ? $"{name,-17}        -"
            : FormattableString.Invariant($"{name,-17}{l.P50Ms,9:F3}{l.P75Ms,9:F3}{l.P95Ms,9:F3}{l.P99Ms,9:F3}{l.P999Ms,9:F3}{l.P9999Ms,9:F3}{l.MaxMs,9:F3}{l.Count,10}"));
    }

    private static object? Percentiles(LatencySummary? l) => l is null
        ? null
        : new { p50 = l.P50Ms, p75 = l.P75Ms, p95 = l.P95Ms, p99 = l.P99Ms, p999 = l.P999Ms, p9999 = l.P9999Ms, max = l.MaxMs, count = l.Count };

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
