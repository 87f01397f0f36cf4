using System.CommandLine;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using HdrHistogram;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.LoadHarness.Hosting;

namespace Pravega.Perf.LoadHarness.Controller;

/// <summary>
/// <c>controller</c>: starts <c>pravega standalone</c> on a fresh folder and measures (1) how long until both ports
/// serve and a stream can be created, and (2) controller operations per second with 1 and 16 concurrent callers —
/// createStream and scale (heavy: they change metadata and segments), getCurrentSegments and getURI (light: every
/// client calls them) — printed as a markdown table beside Pravega's sizing figures (about 520 light and 60 heavy
/// operations per second per controller).
/// </summary>
internal static class ControllerBenchCommand
{
    private const string Scope = "bench";

    public static Command Build()
    {
        var duration = new Option<double>("--duration") { Description = "Seconds per cell (default 5).", DefaultValueFactory = _ => 5 };
        var serverDll = new Option<string?>("--server-dll") { Description = "The built pravega.dll (default: this checkout's Release build)." };
        var command = new Command("controller", "Standalone start-up time and controller operations per second (1 and 16 callers).") { duration, serverDll };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await RunAsync(TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(serverDll) ?? RepositoryPaths.DefaultServerDll(), cancellationToken)
                .ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(TimeSpan duration, string serverDll, CancellationToken cancellationToken)
    {
        var root = Path.Combine(RepositoryPaths.DefaultDataRoot(), "controller-" + Environment.ProcessId);
        var controllerPort = SpawnedSegmentStore.FreePort();
        var clock = Stopwatch.StartNew();
        await using var standalone = await SpawnedSegmentStore.StartAsync(serverDll, Path.Combine(root, "data"),
            ["--port", controllerPort.ToString(), "--Logging:LogLevel:Default=Warning"], cancellationToken, standalone: true).ConfigureAwait(false);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{controllerPort}");
        await WaitServingAsync(channel, cancellationToken).ConfigureAwait(false);
        var ready = clock.Elapsed;
        var client = new ControllerService.ControllerServiceClient(channel);
        await client.createScopeAsync(new ScopeInfo { Scope = Scope }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.createStreamAsync(Config("first", 1), cancellationToken: cancellationToken).ConfigureAwait(false);
        var firstStream = clock.Elapsed;
        Console.WriteLine($"standalone: both ports serving after {ready.TotalSeconds:F2} s (process start to gRPC health SERVING); " +
            $"first scope and stream created after {firstStream.TotalSeconds:F2} s");
        Console.WriteLine();
        Console.WriteLine("| operation | kind | callers | ops/s | p50 ms | p99 ms | vs Pravega's ~520 light / ~60 heavy ops/s |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var callers in new[] { 1, 16 })
        {
            var streams = 0;
            await CellAsync("createStream", "heavy", callers, duration, async (caller, n) =>
                await client.createStreamAsync(Config($"c{callers}x{caller}x{n}", 1), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            var info = new StreamInfo { Scope = Scope, Stream = "first" };
            await CellAsync("getCurrentSegments", "light", callers, duration, async (_, _) =>
                await client.getCurrentSegmentsAsync(info, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            var segment = new SegmentId { StreamInfo = info, SegmentId_ = 0 };
            await CellAsync("getURI", "light", callers, duration, async (_, _) =>
                await client.getURIAsync(segment, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            // Each caller scales its own stream: its one segment sealed and replaced by a new one each time.
            var scaled = new string[callers];
            for (var c = 0; c < callers; c++)
            {
                scaled[c] = $"scale{callers}x{c}x{streams++}";
                await client.createStreamAsync(Config(scaled[c], 1), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            var current = new long[callers];
            await CellAsync("scale", "heavy", callers, duration, async (caller, _) =>
            {
                var request = new ScaleRequest { StreamInfo = new StreamInfo { Scope = Scope, Stream = scaled[caller] } };
                request.SealedSegments.Add(current[caller]);
                request.NewKeyRanges.Add(new ScaleRequest.Types.KeyRangeEntry { Start = 0, End = 1 });
                var response = await client.scaleAsync(request, cancellationToken: cancellationToken);
                current[caller] = response.Segments[0].SegmentId.SegmentId_;
            }, cancellationToken).ConfigureAwait(false);
        }
        Console.WriteLine();
        Console.WriteLine($"(store and controller in one process on this machine's {Environment.ProcessorCount} cores, with the harness; log: {standalone.LogPath})");
    }

    private static async Task CellAsync(string name, string kind, int callers, TimeSpan duration, Func<int, int, Task> operation, CancellationToken cancellationToken)
    {
        // A short warm-up per cell: first calls compile code paths and open the controller's store connection.
        await RunCallersAsync(callers, TimeSpan.FromSeconds(0.5), operation, null, cancellationToken).ConfigureAwait(false);
        var histogram = new LongHistogram(TimeStamp.Seconds(60), 3);
        var clock = Stopwatch.StartNew();
        var count = await RunCallersAsync(callers, duration, operation, histogram, cancellationToken).ConfigureAwait(false);
        var rate = count / clock.Elapsed.TotalSeconds;
        var reference = kind == "light" ? 520.0 : 60.0;
        Console.WriteLine($"| {name} | {kind} | {callers} | {rate:F0} | {Ms(histogram, 50)} | {Ms(histogram, 99)} | {rate / reference:F1}× |");
    }

    private static async Task<long> RunCallersAsync(int callers, TimeSpan duration, Func<int, int, Task> operation, LongHistogram? histogram,
        CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long total = 0;
        var tasks = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var n = 0;
            while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(caller, n++).ConfigureAwait(false);
                if (histogram is not null)
                {
                    lock (histogram)
                    {
                        histogram.RecordValue(Stopwatch.GetTimestamp() - start);
                    }
                }
            }
            Interlocked.Add(ref total, n);
        }, cancellationToken)).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return total;
    }

    private static string Ms(LongHistogram histogram, double percentile) =>
        (histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency).ToString("F2");

    private static StreamConfig Config(string stream, int segments) => new()
    {
        StreamInfo = new StreamInfo { Scope = Scope, Stream = stream },
        ScalingPolicy = new ScalingPolicy { ScaleType = ScalingPolicy.Types.ScalingPolicyType.FixedNumSegments, MinNumSegments = segments },
    };

    private static async Task WaitServingAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var status = await health.CheckAsync(new HealthCheckRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (status.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the standalone controller did not report SERVING within 60 s");
            }
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }
}
