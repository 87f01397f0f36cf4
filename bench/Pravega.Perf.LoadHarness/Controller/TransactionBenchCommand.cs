using System.CommandLine;
using System.Diagnostics;
using Grpc.Net.Client;
using HdrHistogram;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Transactions;
using ScopedStream = Pravega.Perf.Client.Streams.ScopedStream;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.LoadHarness.Hosting;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.Controller;

/// <summary>
/// <c>txn</c>: transactions per second against <c>pravega standalone</c>, each one what a transactional writer does —
/// begin (createTransaction), N events written, commit (flush, close, commitTransaction), then wait until the
/// controller reports COMMITTED — with 1 and 16 concurrent writers (<see cref="TransactionalEventStreamWriter{T}"/>);
/// beside it the same N events written plainly through <see cref="EventStreamWriter{T}"/> and flushed, as the ratio's
/// baseline (same run, same stream shape). Commit latency is commit call → COMMITTED seen (polled every millisecond).
/// </summary>
internal static class TransactionBenchCommand
{
    private const string Scope = "bench";

    public static Command Build()
    {
        var duration = new Option<double>("--duration") { Description = "Seconds per cell (default 5).", DefaultValueFactory = _ => 5 };
        var events = new Option<int>("--events") { Description = "Events per transaction (default 10).", DefaultValueFactory = _ => 10 };
        var eventSize = new Option<int>("--event-size") { Description = "Bytes per event (default 100).", DefaultValueFactory = _ => 100 };
        var serverDll = new Option<string?>("--server-dll") { Description = "The built pravega.dll (default: this checkout's Release build)." };
        var command = new Command("txn", "Transactions per second and commit latency (1 and 16 writers) beside plain writes of the same events.")
        {
            duration, events, eventSize, serverDll,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await RunAsync(TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(events), parse.GetValue(eventSize),
                parse.GetValue(serverDll) ?? RepositoryPaths.DefaultServerDll(), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(TimeSpan duration, int events, int eventSize, string serverDll, CancellationToken cancellationToken)
    {
        var root = Path.Combine(RepositoryPaths.DefaultDataRoot(), "txn-" + Environment.ProcessId);
        var port = SpawnedSegmentStore.FreePort();
        await using var standalone = await SpawnedSegmentStore.StartAsync(serverDll, Path.Combine(root, "data"),
            ["--port", port.ToString(), "--Logging:LogLevel:Default=Warning"], cancellationToken, standalone: true).ConfigureAwait(false);
        var config = new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{port}") };
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new ControllerService.ControllerServiceClient(channel);
        await WaitForControllerAsync(client, cancellationToken).ConfigureAwait(false);
        await client.createScopeAsync(new ScopeInfo { Scope = Scope }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var payload = new byte[eventSize];
        Random.Shared.NextBytes(payload);

        Console.WriteLine($"{events} events of {eventSize} B per unit; {duration.TotalSeconds:F0} s per cell after 1 s of warm-up; 1-segment streams");
        Console.WriteLine();
        Console.WriteLine("| writers | mode | units/s | events/s | unit p50 ms | unit p99 ms | commit p50 ms | commit p99 ms | txn / plain |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var writers in new[] { 1, 16 })
        {
            var plainStream = $"plain{writers}";
            var txnStream = $"txn{writers}";
            foreach (var name in new[] { plainStream, txnStream })
            {
                await client.createStreamAsync(Config(name), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            var plainWriters = new List<EventStreamWriter<byte[]>>();
            for (var w = 0; w < writers; w++)
            {
                plainWriters.Add(await EventStreamWriter<byte[]>.CreateAsync(config, new ScopedStream(Scope, plainStream), new ByteArraySerializer(), cancellationToken)
                    .ConfigureAwait(false));
            }
            var plain = await ClosedLoop.CellAsync(writers, duration, async (w, unused) =>
            {
                var writer = plainWriters[w];
                for (var i = 0; i < events; i++)
                {
                    _ = writer.WriteEventAsync(null, payload, cancellationToken);
                }
                await writer.FlushAsync().ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            foreach (var writer in plainWriters)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
            Print(writers, "plain", events, plain, null, null);

            var commits = new LongHistogram(TimeStamp.Seconds(60), 3);
            await using var transactional = TransactionalEventStreamWriter<byte[]>.Create(config, new ScopedStream(Scope, txnStream), new ByteArraySerializer());
            var txn = await ClosedLoop.CellAsync(writers, duration, async (unused, histogram) =>
            {
                var transaction = await transactional.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < events; i++)
                {
                    _ = transaction.WriteEventAsync(payload, cancellationToken);
                }
                var start = Stopwatch.GetTimestamp();
                await transaction.CommitAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                await transaction.WaitUntilCompletedAsync(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
                await transaction.DisposeAsync().ConfigureAwait(false);
                if (histogram is not null)
                {
                    lock (commits)
                    {
                        commits.RecordValue(Stopwatch.GetTimestamp() - start);
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
            Print(writers, "transactions", events, txn, commits, plain.Rate);
        }
        Console.WriteLine();
        Console.WriteLine($"(store, controller and harness on this machine's {Environment.ProcessorCount} cores; log: {standalone.LogPath})");
    }

    private static void Print(int writers, string mode, int events, ClosedLoopCell cell, LongHistogram? commits, double? plainRate) =>
        Console.WriteLine($"| {writers} | {mode} | {cell.Rate:F0} | {cell.Rate * events:F0} | {ClosedLoop.Ms(cell.Units, 50)} | {ClosedLoop.Ms(cell.Units, 99)} | "
            + $"{(commits is null ? "" : ClosedLoop.Ms(commits, 50))} | {(commits is null ? "" : ClosedLoop.Ms(commits, 99))} | {(plainRate is { } p ? $"{cell.Rate / p:P0}" : "")} |");

    private static StreamConfig Config(string stream) => new()
    {
        StreamInfo = new StreamInfo { Scope = Scope, Stream = stream },
        ScalingPolicy = new ScalingPolicy { ScaleType = ScalingPolicy.Types.ScalingPolicyType.FixedNumSegments, MinNumSegments = 1 },
    };

    private static async Task WaitForControllerAsync(ControllerService.ControllerServiceClient client, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await client.listScopesAsync(new ScopesRequest(), cancellationToken: cancellationToken);
                return;
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
