using System.Text.Json;
using Pravega.Perf.LoadHarness.Reporting;
using Pravega.Perf.LoadHarness.Run;

namespace Pravega.Perf.LoadHarness.Tests;

/// <summary>result.json is read by the baseline script: its names and types are a contract (bench/README.md).</summary>
public sealed class ResultSchemaTests
{
    private static readonly string[] PercentileFields = ["p50", "p75", "p95", "p99", "p999", "p9999", "max", "count"];

    [Fact]
    public void ResultJsonHasEveryRequiredFieldWithItsType()
    {
        var latency = new LatencySummary(10, 1, 3, 4, 5, 1.5, 2, 2.5, 4.5);
        var outcome = new RunOutcome("fake", "in memory",
            new RunSettings(RunMode.Write, 1, 0, 2, 100, 4, 1000, TimeSpan.FromSeconds(3), TimeSpan.Zero),
            3, 3000, latency, latency, null, latency, new Verdict(true, 3000, 3000, 0, 0, 0), 0,
            [new IntervalSample(1, 1000, 0.1, 1, 3, 5, 0, 0, 0.2)], null);
        using var json = JsonDocument.Parse(RunReport.ToJson(outcome));
        var root = json.RootElement;
        Assert.Equal(RunReport.Schema, root.GetProperty("schema").GetString());
        Assert.Equal(JsonValueKind.String, root.GetProperty("driver").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("durability").ValueKind);
        var workload = root.GetProperty("workload");
        Assert.Equal("write", workload.GetProperty("mode").GetString());
        foreach (var field in new[] { "producers", "consumers", "partitions", "eventSize", "keys", "rate", "durationSeconds" })
        {
            Assert.True(workload.GetProperty(field).ValueKind == JsonValueKind.Number, $"workload.{field} must be a number");
        }
        Assert.Equal(JsonValueKind.Null, root.GetProperty("serverDisk").ValueKind);
        Assert.Equal(1000, root.GetProperty("throughput").GetProperty("eventsPerSecond").GetDouble());
        Assert.Equal(0.1, root.GetProperty("throughput").GetProperty("mbPerSecond").GetDouble(), 6);
        var latencies = root.GetProperty("latencyMs");
        foreach (var name in new[] { "write", "publishDelay" })
        {
            foreach (var field in PercentileFields)
            {
                Assert.True(latencies.GetProperty(name).GetProperty(field).ValueKind == JsonValueKind.Number, $"latencyMs.{name}.{field} must be a number");
            }
        }
        Assert.Equal(4.5, latencies.GetProperty("write").GetProperty("p9999").GetDouble());
        Assert.Equal(JsonValueKind.Null, latencies.GetProperty("endToEnd").ValueKind);
        var verdict = root.GetProperty("verdict");
        Assert.Equal(JsonValueKind.True, verdict.GetProperty("ok").ValueKind);
        foreach (var field in new[] { "written", "read", "duplicates", "gaps", "reorders" })
        {
            Assert.True(verdict.GetProperty(field).ValueKind == JsonValueKind.Number, $"verdict.{field} must be a number");
        }
        var interval = Assert.Single(root.GetProperty("intervals").EnumerateArray());
        foreach (var field in new[] { "second", "eventsPerSecond", "mbPerSecond", "writeP50", "writeP99", "writeMax", "errors" })
        {
            Assert.True(interval.GetProperty(field).ValueKind == JsonValueKind.Number, $"intervals[].{field} must be a number");
        }
    }

    [Fact]
    public void ResultJsonReportsTheServersDiskBytesAgainstThePayloadWhenKnown()
    {
        var outcome = new RunOutcome("fake", "in memory",
            new RunSettings(RunMode.Write, 1, 0, 1, 1000, 1, 0, TimeSpan.FromSeconds(2), TimeSpan.Zero),
            2, 3000, null, null, null, null, new Verdict(true, 3000, 3000, 0, 0, 0), 0, [], null,
            new ServerDiskWrites(7_500_000, 3_000_000));
        using var json = JsonDocument.Parse(RunReport.ToJson(outcome));
        var disk = json.RootElement.GetProperty("serverDisk");
        Assert.True(disk.GetProperty("writtenBytes").GetInt64() == 7_500_000, "serverDisk.writtenBytes is the disk's bytes in the window");
        Assert.True(disk.GetProperty("payloadBytes").GetInt64() == 3_000_000, "serverDisk.payloadBytes is events × event size");
        Assert.Equal(2.5, disk.GetProperty("writeAmplification").GetDouble(), 6);
        using var summary = new StringWriter();
        RunReport.WriteSummary(summary, outcome);
        Assert.Contains("2.50× the payload", summary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ResultCsvHasOneRowPerInterval()
    {
        var outcome = new RunOutcome("fake", "in memory",
            new RunSettings(RunMode.Write, 1, 0, 1, 100, 1, 0, TimeSpan.FromSeconds(2), TimeSpan.Zero),
            2, 20, null, null, null, null, new Verdict(true, 20, 20, 0, 0, 0), 0,
            [new IntervalSample(1, 10, 0.001, 1, 2, 3, 0, 0, 0), new IntervalSample(2, 10, 0.001, 1.5, 2, 3, 1, 0, 0)], null);
        var lines = RunReport.ToCsv(outcome).TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("second,events_per_s,mb_per_s,write_p50_ms", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("2,10,0.001,1.5,2,3,1", lines[2], StringComparison.Ordinal);
    }
}
