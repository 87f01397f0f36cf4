using System.Buffers.Binary;
using System.CommandLine;
using System.Diagnostics;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.LoadHarness.Hosting;
using Pravega.Perf.LoadHarness.Reporting;

namespace Pravega.Perf.LoadHarness.ClientLoad;

/// <summary>
/// <c>read</c>: against one spawned standalone, (1) catch-up: writes <c>--bytes</c> of events, then reads them back
/// once through the segment layer (<c>READ_SEGMENT</c> of 2 MiB in a loop: the store's raw read rate) and once through
/// a reader group (the client's rate), and prints their ratio; (2) tail: a reader waiting at the tail while a writer
/// writes events at a steady rate, and how long after its acknowledgement each event was read.
/// </summary>
internal static class ReadBenchCommand
{
    public static Command Build()
    {
        var eventSize = ByteSize.Option("--event-size", "Event payload size.", 1024);
        var bytes = ByteSize.Option("--bytes", "Payload bytes to write and then read back (catch-up).", 1L << 30);
        var segments = new Option<int>("--segments") { Description = "Segments of the catch-up stream.", DefaultValueFactory = _ => 1 };
        var tailEvents = new Option<int>("--tail-events") { Description = "Events of the tail-read measurement.", DefaultValueFactory = _ => 2000 };
        var tailRate = new Option<int>("--tail-rate") { Description = "Events/s of the tail-read writer.", DefaultValueFactory = _ => 500 };
        var serverDll = StandaloneRun.ServerDllOption();
        var dataRoot = StandaloneRun.DataRootOption();
        var command = new Command("read", "Catch-up reads (segment layer vs reader group) and tail-read latency, against a spawned standalone.")
        {
            eventSize, bytes, segments, tailEvents, tailRate, serverDll, dataRoot,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await StandaloneRun.RunAsync(parse.GetValue(serverDll)!, parse.GetValue(dataRoot)!, "read", async config =>
            {
                await CatchUpAsync(config, (int)parse.GetValue(eventSize), parse.GetValue(bytes), parse.GetValue(segments), cancellationToken).ConfigureAwait(false);
                await TailAsync(config, parse.GetValue(tailEvents), parse.GetValue(tailRate), cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task CatchUpAsync(ClientConfig config, int eventSize, long bytes, int segments, CancellationToken cancellationToken)
    {
        var stream = new ScopedStream("bench", "catchup");
        await using (var streams = new StreamManager(config))
        {
            await streams.CreateScopeAsync(stream.Scope, cancellationToken).ConfigureAwait(false);
            await streams.CreateStreamAsync(stream.Scope, stream.Name, new StreamConfiguration { Scaling = ScalingPolicy.Fixed(segments) }, cancellationToken).ConfigureAwait(false);
        }
        var events = bytes / eventSize;
        var payload = new byte[eventSize];
        var started = Stopwatch.GetTimestamp();
        await using (var writer = await EventStreamWriter<byte[]>.CreateAsync(config, stream, new ByteArraySerializer(), cancellationToken).ConfigureAwait(false))
        {
            var last = Task.CompletedTask;
            for (long i = 0; i < events; i++)
            {
                last = writer.WriteEventAsync(null, payload, cancellationToken);
                if (i % 4096 == 4095)
                {
                    await last.ConfigureAwait(false);
                }
                if (i % 200_000 == 0)
                {
                    Console.Error.WriteLine($"writing: {i:N0} of {events:N0} events");
                }
            }
            await writer.FlushAsync().ConfigureAwait(false);
        }
        Console.Error.WriteLine($"wrote {events:N0} events ({events * (double)eventSize / 1e6:N0} MB) in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");

        // The store's raw read rate: READ_SEGMENT of 2 MiB, one at a time per segment, through the segment layer.
        await using var context = new SegmentStoreClient(new Pravega.Perf.Client.Control.ControllerClient(config), config.SegmentStore);
        var rawStarted = Stopwatch.GetTimestamp();
        long rawBytes = 0;
        for (var s = 0; s < segments; s++)
        {
            var name = new Segment(stream, s).QualifiedName;
            var end = (await context.GetSegmentInfoAsync(name, cancellationToken).ConfigureAwait(false)).WriteOffset;
            for (long offset = 0; offset < end;)
            {
                var read = await context.ReadAsync(name, offset, 2 << 20, cancellationToken).ConfigureAwait(false);
                offset += read.Data.Length;
                rawBytes += read.Data.Length;
            }
        }
        var rawSeconds = Stopwatch.GetElapsedTime(rawStarted).TotalSeconds;

        // The client: a reader group of one reader, every event deserialized (as a byte[] copy, what a user gets).
        var group = "catchup" + Random.Shared.Next();
        await using (var groups = ReaderGroupManager.WithScope(stream.Scope, config))
        {
            await groups.CreateReaderGroupAsync(group, ReaderGroupConfig.ForStream(stream), cancellationToken).ConfigureAwait(false);
        }
        await using var factory = EventStreamClientFactory.WithScope(stream.Scope, config);
        await using var reader = await factory.CreateReaderAsync("r", group, new ByteArraySerializer(), cancellationToken).ConfigureAwait(false);
        var clientStarted = Stopwatch.GetTimestamp();
        long read_ = 0;
        while (read_ < events)
        {
            var e = await reader.ReadNextEventAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            if (e.HasEvent)
            {
                read_++;
            }
            else if (!e.IsCheckpoint)
            {
                throw new InvalidOperationException($"the reader stopped after {read_:N0} of {events:N0} events");
            }
        }
        var clientSeconds = Stopwatch.GetElapsedTime(clientStarted).TotalSeconds;
        var rawMBps = rawBytes / rawSeconds / 1e6;
        var clientMBps = events * (double)(eventSize + 8) / clientSeconds / 1e6;
        Console.WriteLine();
        Console.WriteLine("| catch-up read | bytes | seconds | MB/s (stored bytes) | events/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| segment layer, READ_SEGMENT 2 MiB | {rawBytes:N0} | {rawSeconds:F2} | {rawMBps:F1} | {events / rawSeconds:N0} |");
        Console.WriteLine($"| reader group, 1 reader | {events * (eventSize + 8L):N0} | {clientSeconds:F2} | {clientMBps:F1} | {events / clientSeconds:N0} |");
        Console.WriteLine($"reader/raw: {clientMBps / rawMBps:P0}");
    }

    private static async Task TailAsync(ClientConfig config, int count, int rate, CancellationToken cancellationToken)
    {
        var stream = new ScopedStream("bench", "tail");
        await using (var streams = new StreamManager(config))
        {
            await streams.CreateStreamAsync(stream.Scope, stream.Name, new StreamConfiguration { Scaling = ScalingPolicy.Fixed(1) }, cancellationToken).ConfigureAwait(false);
        }
        await using (var groups = ReaderGroupManager.WithScope(stream.Scope, config))
        {
            await groups.CreateReaderGroupAsync("tail", ReaderGroupConfig.ForStream(stream), cancellationToken).ConfigureAwait(false);
        }
        await using var factory = EventStreamClientFactory.WithScope(stream.Scope, config);
        await using var reader = await factory.CreateReaderAsync("r", "tail", new ByteArraySerializer(), cancellationToken).ConfigureAwait(false);
        await reader.ReadNextEventAsync(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false); // owns the segment, waits at the tail
        var acked = new long[count];
        var fromAck = new LatencyRecorder();
        var fromWrite = new LatencyRecorder();
        var readTask = Task.Run(async () =>
        {
            for (var n = 0; n < count;)
            {
                var e = await reader.ReadNextEventAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                var now = Stopwatch.GetTimestamp();
                if (!e.HasEvent)
                {
                    continue;
                }
                var index = BinaryPrimitives.ReadInt32BigEndian(e.Event!);
                var written = BinaryPrimitives.ReadInt64BigEndian(e.Event.AsSpan(4));
                fromWrite.Record(now - written, 1);
                var ack = Volatile.Read(ref acked[index]);
                // Read before the writer saw its ack (the store answers the tail read and the append together): 0.
                fromAck.Record(ack == 0 ? 0 : Math.Max(0, now - ack), 1);
                n++;
            }
        }, cancellationToken);
        await using (var writer = await EventStreamWriter<byte[]>.CreateAsync(config, stream, new ByteArraySerializer(), cancellationToken).ConfigureAwait(false))
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / rate));
            for (var i = 0; i < count; i++)
            {
                await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
                var payload = new byte[12];
                BinaryPrimitives.WriteInt32BigEndian(payload, i);
                BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(4), Stopwatch.GetTimestamp());
                var index = i;
                _ = writer.WriteEventAsync("k", payload, cancellationToken).ContinueWith(
                    _ => Volatile.Write(ref acked[index], Stopwatch.GetTimestamp()), TaskScheduler.Default);
            }
        }
        await readTask.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        var a = fromAck.Summarize();
        var w = fromWrite.Summarize();
        Console.WriteLine();
        Console.WriteLine($"| tail read, {count:N0} events at {rate}/s | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| acknowledgement → read | {a.P50Ms:F3} | {a.P99Ms:F3} | {a.MaxMs:F3} |");
        Console.WriteLine($"| write call → read | {w.P50Ms:F3} | {w.P99Ms:F3} | {w.MaxMs:F3} |");
    }
}
