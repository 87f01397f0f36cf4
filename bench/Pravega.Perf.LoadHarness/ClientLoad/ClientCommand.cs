using System.CommandLine;
using Pravega.Perf.LoadHarness.Hosting;
using Pravega.Perf.LoadHarness.Raw;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.ClientLoad;

/// <summary>
/// <c>client</c>: the raw load through the client library against a controller (running, or a spawned
/// <c>pravega standalone</c>); <c>compare</c>: raw, then client, against one spawned standalone, and their ratio.
/// </summary>
internal static class ClientCommand
{
    public static Command BuildClient() => Build("client", "Events written through the client library's EventStreamWriter: events/s, MB/s, ack latency percentiles.", compare: false);

    public static Command BuildCompare() => Build("compare", "The same load over the raw wire protocol, then through the client library, against one spawned standalone: both, and client/raw.", compare: true);

    private static Command Build(string name, string description, bool compare)
    {
        var eventSize = ByteSize.Option("--event-size", "Event payload size (framing adds 8 bytes).", 100);
        var writers = new Option<int>("--writers") { Description = "Writers (each an EventStreamWriter; raw: one connection each).", DefaultValueFactory = _ => 1 };
        var segments = new Option<int>("--segments") { Description = "Segments of the stream (fixed scaling policy).", DefaultValueFactory = _ => 1 };
        var duration = new Option<double>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of load before measuring.", DefaultValueFactory = _ => 2 };
        var inflight = ByteSize.Option("--inflight-bytes", "Unacknowledged bytes allowed per writer (raw: per connection).", RawSettings.DefaultInflightBytes);
        var controller = new Option<string?>("--controller") { Description = "URI of a running controller (client only); without it a standalone is spawned." };
        var serverDll = new Option<string>("--server-dll") { Description = "The pravega host to spawn.", DefaultValueFactory = _ => RepositoryPaths.DefaultServerDll() };
        var dataRoot = new Option<string>("--data-root") { Description = "Folder for the spawned standalone's data (on the disk under test).", DefaultValueFactory = _ => RepositoryPaths.DefaultDataRoot() };
        var serverArgs = new Option<string[]>("--server-arg") { Description = "Extra argument for the spawned standalone (repeatable)." };
        var output = new Option<OutputFormat>("--output") { Description = "Final results as table (markdown), json or csv.", DefaultValueFactory = _ => OutputFormat.Table };
        var outputFile = new Option<string?>("--output-file") { Description = "Write the final results here instead of standard output." };
        var command = new Command(name, description) { eventSize, writers, segments, duration, warmup, inflight, serverDll, dataRoot, serverArgs, output, outputFile };
        if (!compare)
        {
            command.Options.Add(controller);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var w = parse.GetValue(writers);
            var settings = new RawSettings("", checked((int)parse.GetValue(eventSize)), w, w, parse.GetValue(segments),
                TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmup)), 0, parse.GetValue(inflight));
            settings = settings with { Scenario = RawCommand.Label(settings) };
            var progress = Console.Error;
            var results = new List<RunResult>();
            if (!compare && parse.GetValue(controller) is { } uri)
            {
                results.Add(await RunClientAsync(settings, new Uri(uri), progress, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                var runDir = Path.Combine(parse.GetValue(dataRoot)!, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{name}");
                var controllerPort = SpawnedSegmentStore.FreePort();
                await using (var standalone = await SpawnedSegmentStore.StartAsync(parse.GetValue(serverDll)!, Path.Combine(runDir, "data"),
                    ["--port", controllerPort.ToString(), "--Logging:LogLevel:Default=Warning", .. parse.GetValue(serverArgs) ?? []], cancellationToken, standalone: true)
                    .ConfigureAwait(false))
                {
                    progress.WriteLine($"spawned standalone: pid {standalone.ProcessId}, controller port {controllerPort}, segment store port {standalone.Port}, log {standalone.LogPath}");
                    if (compare)
                    {
                        var target = new SegmentStoreTarget($"127.0.0.1:{standalone.Port}", false, "", "", false, false, []);
                        results.Add(await RawCommand.RunAsync(settings, target, progress, cancellationToken).ConfigureAwait(false));
                    }
                    results.Add(await RunClientAsync(settings, new Uri($"tcp://127.0.0.1:{controllerPort}"), progress, cancellationToken).ConfigureAwait(false));
                }
                TryDelete(runDir);
            }
            Report.Final(results, parse.GetValue(output), parse.GetValue(outputFile));
            if (compare && results is [var raw, var client] && raw.EventsPerSecond > 0)
            {
                Console.WriteLine($"client/raw: {client.EventsPerSecond / raw.EventsPerSecond:P0} of raw's events/s " +
                    $"(p50 ack {client.Latency.P50Ms:F2} ms vs {raw.Latency.P50Ms:F2} ms)");
            }
            return results.All(r => r.Verified) ? 0 : 1;
        });
        return command;
    }

    private static async Task<RunResult> RunClientAsync(RawSettings settings, Uri controller, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"client: {ResultTable.FormatSize(settings.EventSize)} events, {settings.Writers} EventStreamWriter(s), {settings.Segments} segment(s), " +
            $"window {settings.InflightBytes / 1048576.0:F1} MiB/writer, warmup {settings.Warmup.TotalSeconds:F0} s, measure {settings.Duration.TotalSeconds:F0} s");
        var result = await new ClientRun(settings, progress).RunAsync(controller, cancellationToken).ConfigureAwait(false);
        progress.WriteLine(result.Error is null
            ? $"check: {result.AckedEvents:N0} of {result.SentEvents:N0} written events acknowledged: {(result.Verified ? "OK" : "MISMATCH")}"
            : $"check: FAILED: {result.Error}");
        return result;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the user: the path was printed.
        }
    }
}
