using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pravega.Perf.LoadHarness.Reporting;

/// <summary>Results as JSON (one document, results plus context) or CSV (one row per run, flat columns).</summary>
internal static class ResultFiles
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string ToJson(IReadOnlyList<RunResult> results, double? fioMBps = null) =>
        JsonSerializer.Serialize(new { fioMBps, machine = Environment.MachineName, cores = Environment.ProcessorCount, timeUtc = DateTime.UtcNow, results }, Json);

    public static string ToCsv(IReadOnlyList<RunResult> results)
    {
        var csv = new StringBuilder();
        csv.AppendLine("scenario,verb,event_size,writers,connections,segments,target_rate,measured_s,measured_events,events_per_s,payload_mb_per_s,ratio_to_fio,p50_ms,p99_ms,p999_ms,max_ms,mean_ms,sent,acked,verified,error");
        foreach (var r in results)
        {
            csv.AppendLine(string.Join(',',
                Quote(r.Scenario), r.Verb, r.EventSize, r.Writers, r.Connections, r.Segments, r.TargetRate,
                F(r.MeasuredSeconds), r.MeasuredEvents, F(r.EventsPerSecond), F(r.PayloadMBps), r.RatioToFio is { } x ? F(x) : "",
                F(r.Latency.P50Ms), F(r.Latency.P99Ms), F(r.Latency.P999Ms), F(r.Latency.MaxMs), F(r.Latency.MeanMs),
                r.SentEvents, r.AckedEvents, r.Verified ? "true" : "false", Quote(r.Error ?? "")));
        }
        return csv.ToString();
    }

    /// <summary>Writes results in <paramref name="format"/> to <paramref name="file"/>, or to standard output.</summary>
    public static void Write(OutputFormat format, IReadOnlyList<RunResult> results, string? file, double? fioMBps = null)
    {
        var text = format switch
        {
            OutputFormat.Json => ToJson(results, fioMBps),
            OutputFormat.Csv => ToCsv(results),
            _ => Table(results),
        };
        if (file is null)
        {
            Console.Out.Write(text);
        }
        else
        {
            File.WriteAllText(file, text);
        }
    }

    private static string Table(IReadOnlyList<RunResult> results)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        ResultTable.Write(writer, results);
        return writer.ToString();
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
        ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : value;
}
