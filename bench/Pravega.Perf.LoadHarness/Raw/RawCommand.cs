using System.CommandLine;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Raw;

/// <summary><c>raw</c>: one pipelined-append load over the bare wire protocol, with a progress line and a final table.</summary>
internal static class RawCommand
{
    public static Command Build()
    {
        var eventSize = ByteSize.Option("--event-size", "Event payload size (framing adds 8 bytes).", 1024);
        var writers = new Option<int>("--writers") { Description = "Writers; each has one append session per segment it writes.", DefaultValueFactory = _ => 1 };
        var connections = new Option<int>("--connections") { Description = "TCP connections the writers are spread over; 0 = one per writer.", DefaultValueFactory = _ => 0 };
        var segments = new Option<int>("--segments") { Description = "Segments to create and write (writers and segments pair up round-robin).", DefaultValueFactory = _ => 1 };
        var duration = new Option<double>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of load before measuring.", DefaultValueFactory = _ => 2 };
        var rate = new Option<long>("--rate") { Description = "Total events/s over all writers; 0 = unthrottled.", DefaultValueFactory = _ => 0 };
        var inflight = ByteSize.Option("--inflight-bytes", "Unacknowledged bytes allowed per connection (at least two events).", RawSettings.DefaultInflightBytes);
        var maxBlock = ByteSize.Option("--max-block-bytes", "Largest APPEND_BLOCK (Pravega's client: 523264).", RawSettings.PravegaMaxBatchSize);
        var target = new TargetOptions(spawnByDefault: false);
        var command = new Command("raw", "Pipelined appends over the raw wire protocol: events/s, MB/s, ack latency percentiles.")
        {
            eventSize, writers, connections, segments, duration, warmup, rate, inflight, maxBlock,
        };
        target.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var w = parse.GetValue(writers);
            var c = parse.GetValue(connections);
            var settings = new RawSettings(
                Scenario: "",
                EventSize: checked((int)parse.GetValue(eventSize)),
                Writers: w,
                Connections: c == 0 ? w : c,
                Segments: parse.GetValue(segments),
                Duration: TimeSpan.FromSeconds(parse.GetValue(duration)),
                Warmup: TimeSpan.FromSeconds(parse.GetValue(warmup)),
                Rate: parse.GetValue(rate),
                InflightBytes: parse.GetValue(inflight),
                MaxBlockBytes: checked((int)parse.GetValue(maxBlock)));
            settings = settings with { Scenario = Label(settings) };
            var result = await RunAsync(settings, target.Target(parse), Console.Error, cancellationToken).ConfigureAwait(false);
            Report.Final([result], target.Output(parse), target.OutputFile(parse));
            return result.Verified ? 0 : 1;
        });
        return command;
    }

    /// <summary>Runs one load against the target (spawning a store for it if asked) and prints what it checked.</summary>
    public static Task<RunResult> RunAsync(RawSettings settings, Hosting.SegmentStoreTarget target, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine(
            $"raw: {ResultTable.FormatSize(settings.EventSize)} events, {settings.Writers} writer(s) on {settings.Connections} connection(s), " +
            $"{settings.Segments} segment(s), {settings.Sessions} session(s), rate {(settings.Rate == 0 ? "unthrottled" : $"{settings.Rate:N0}/s")}, " +
            $"window {settings.InflightBytes / 1048576.0:F1} MiB/connection, warmup {settings.Warmup.TotalSeconds:F0} s, measure {settings.Duration.TotalSeconds:F0} s");
        return target.RunAsync(settings.Scenario, async (endpoint, settle, ct) =>
        {
            await using var run = new RawRun(settings, progress);
            var result = await run.RunAsync(endpoint, settle, ct).ConfigureAwait(false);
            progress.WriteLine(result.Error is null
                ? $"check: {result.AckedEvents:N0} of {result.SentEvents:N0} sent events acknowledged, every session's last event number acked: {(result.Verified ? "OK" : "MISMATCH")}"
                : $"check: FAILED: {result.Error} ({result.AckedEvents:N0} of {result.SentEvents:N0} sent events acknowledged)");
            return result;
        }, progress, cancellationToken);
    }

    public static string Label(RawSettings s) =>
        $"{ResultTable.FormatSize(s.EventSize).Replace(" ", "", StringComparison.Ordinal)} {s.Writers}w {s.Segments}s" + (s.Rate > 0 ? $" @{s.Rate:N0}/s" : "");
}
