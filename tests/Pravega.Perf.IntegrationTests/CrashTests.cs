using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Pravega.Perf.Common;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.Testing.WireClient;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.IntegrationTests;

/// <summary>
/// The crash test with real processes: the segment store runs as a child process and is killed with SIGKILL at
/// seeded random moments while writers append; after each restart the writers reconnect, learn the last stored
/// event number from SETUP_APPEND and retransmit the rest. At the end every acknowledged event must be stored
/// exactly once and in per-writer order, and no byte of an unacknowledged partial frame may be visible.
/// </summary>
public sealed class CrashTests
{
    private const int Cycles = 6;
    private const int WriterCount = 4;
    private const int MaxInFlightEvents = 300;
    private const int MinAcksPerCycle = 200;

    [Fact]
    public async Task Acknowledged_events_survive_repeated_sigkills_exactly_once_in_order_and_nothing_torn_is_visible()
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(110));
        var random = new Random(20261201);
        var directory = Directory.CreateTempSubdirectory("pravega-crash-").FullName;
        var port = SegmentStoreProcess.FreePort();
        string[] segments = [Segments.NewName("crash"), Segments.NewName("crash")];
        var writers = Enumerable.Range(0, WriterCount)
            .Select(i => new CrashWriter(i, Uuid.NewRandom(), segments[i % segments.Length], blockSize: (i % 2) * 4096)).ToArray();
        var violations = new ConcurrentQueue<string>();
        SegmentStoreProcess? child = null;
        try
        {
            for (var cycle = 0; cycle <= Cycles; cycle++)
            {
                child = await SegmentStoreProcess.StartAsync(directory, port, bound.Token);
                if (cycle == 0)
                {
                    await using var admin = await WireTestClient.ConnectAsync(child.EndPoint, 0, bound.Token);
                    foreach (var segment in segments)
                    {
                        await admin.CreateSegmentAsync(segment);
                    }
                }
                if (cycle == Cycles)
                {
                    break;
                }
                var acks = new StrongBox();
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(bound.Token);
                var running = writers.Select(w => w.RunAsync(child.EndPoint, acks, violations, stop.Token)).ToArray();
                while (Volatile.Read(ref acks.Value) < MinAcksPerCycle && running.Any(t => !t.IsCompleted))
                {
                    await Task.Delay(10, bound.Token);
                }
                await Task.Delay(random.Next(0, 400), bound.Token);
                child.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(running);
                TestContext.Current.TestOutputHelper?.WriteLine(
                    $"cycle {cycle}: {acks.Value} acks, acknowledged up to [{string.Join(", ", writers.Select(w => w.Acked))}]");
                await child.DisposeAsync();
                child = null;
                Assert.True(violations.IsEmpty, $"cycle {cycle}: {string.Join("; ", violations)}");
            }

            Assert.True(writers.All(w => w.Acked > 0), "every writer got acknowledgements");
            await using var reader = await WireTestClient.ConnectAsync(child!.EndPoint, 0, bound.Token);
            await reader.HelloAsync();
            var stored = new Dictionary<Uuid, long>();
            foreach (var writer in writers)
            {
                var last = await reader.SetupAppendAsync(writer.Id, writer.Segment, reader.NextRequestId());
                Assert.True(last >= writer.Acked, $"writer {writer.Index}: stored up to {last}, but {writer.Acked} was acknowledged");
                stored[writer.Id] = last;
                TestContext.Current.TestOutputHelper?.WriteLine($"writer {writer.Index}: acknowledged {writer.Acked}, stored {last}");
            }
            foreach (var segment in segments)
            {
                var bytes = await reader.ReadAllAsync(segment);
                var next = writers.Where(w => w.Segment == segment).ToDictionary(w => w.Index, _ => 1L);
                foreach (var payload in EventParser.Parse(bytes))
                {
                    var (index, number) = CrashWriter.Identify(payload);
                    Assert.True(next.ContainsKey(index), $"{segment}: an event of writer {index}, which does not write there");
                    Assert.True(number == next[index], $"{segment}: writer {index} event {number} where {next[index]} was due (duplicate, gap or reorder)");
                    Check.Bytes(CrashWriter.Payload(index, number), payload, $"writer {index} event {number}");
                    next[index] = number + 1;
                }
                foreach (var writer in writers.Where(w => w.Segment == segment))
                {
                    Check.Equal(stored[writer.Id], next[writer.Index] - 1, $"writer {writer.Index}: events in the segment vs SETUP_APPEND's last event number");
                }
            }
        }
        finally
        {
            if (child is not null)
            {
                await child.DisposeAsync();
            }
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class StrongBox
    {
        public long Value;
    }

    /// <summary>One writer id appending to one segment across crashes; remembers what was acknowledged.</summary>
    private sealed class CrashWriter
    {
        private readonly int _blockSize;
        private long _previousAck;

        public CrashWriter(int index, Uuid id, string segment, int blockSize)
        {
            Index = index;
            Id = id;
            Segment = segment;
            _blockSize = blockSize;
        }

        public int Index { get; }

        public Uuid Id { get; }

        public string Segment { get; }

        /// <summary>Highest event number acknowledged (or reported stored by SETUP_APPEND); 0 = none.</summary>
        public long Acked { get; private set; }

        public static byte[] Payload(int index, long number)
        {
            var length = 12 + (int)((((uint)index * 2654435761u) ^ (uint)(number * 40503)) % 3000);
            var payload = Segments.Payload((int)(number * 7) + index, length);
            BinaryPrimitives.WriteInt32BigEndian(payload, index);
            BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(4), number);
            return payload;
        }

        public static (int Index, long Number) Identify(byte[] payload)
        {
            Assert.True(payload.Length >= 12, $"an event of {payload.Length} bytes is too short to be a crash-test event");
            return (BinaryPrimitives.ReadInt32BigEndian(payload), BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(4)));
        }

        /// <summary>Connects, learns the stored position, then appends until the server dies or <paramref name="stop"/>.</summary>
        public async Task RunAsync(EndPoint endPoint, StrongBox acks, ConcurrentQueue<string> violations, CancellationToken stop)
        {
            WireTestClient client;
            try
            {
                client = await WireTestClient.ConnectAsync(endPoint, _blockSize, stop);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                return;
            }
            await using (client)
            {
                try
                {
                    await client.HelloAsync();
                    var last = await client.SetupAppendAsync(Id, Segment, client.NextRequestId());
                    var stored = last == long.MinValue ? 0 : last;
                    if (stored < Acked)
                    {
                        violations.Enqueue($"writer {Index}: SETUP_APPEND says {stored} stored, but {Acked} was acknowledged");
                        return;
                    }
                    Acked = stored;
                    _previousAck = last;
                    using var credits = new SemaphoreSlim(MaxInFlightEvents);
                    using var failed = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    var receiving = ReceiveAcksAsync(client, credits, acks, violations, failed);
                    await SendAsync(client, stored + 1, credits, failed.Token);
                    await receiving;
                }
                catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or TimeoutException
                    or System.Net.Sockets.SocketException)
                {
                    // The server was killed under us: what was acknowledged is recorded; the rest is retransmitted.
                }
            }
        }

        private async Task SendAsync(WireTestClient client, long next, SemaphoreSlim credits, CancellationToken stop)
        {
            var batch = 0;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    batch = (batch % 20) + 1;
                    for (var i = 0; i < batch; i++)
                    {
                        await credits.WaitAsync(stop);
                        client.Append(Id, next, Payload(Index, next));
                        next++;
                    }
                    client.Blocks.CloseOpenBlock();
                    await client.FlushAsync();
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                // Killed, or the receiver saw the connection end.
            }
        }

        private async Task ReceiveAcksAsync(WireTestClient client, SemaphoreSlim credits, StrongBox acks,
            ConcurrentQueue<string> violations, CancellationTokenSource failed)
        {
            try
            {
                while (true)
                {
                    var reply = await client.ReceiveAsync();
                    if (reply.Command is not DataAppended ack)
                    {
                        violations.Enqueue($"writer {Index}: unexpected {reply}");
                        return;
                    }
                    if (ack.EventNumber <= Acked || ack.PreviousEventNumber != _previousAck)
                    {
                        violations.Enqueue($"writer {Index}: ack {ack.EventNumber} (previous {ack.PreviousEventNumber}) after {Acked}");
                        return;
                    }
                    credits.Release((int)(ack.EventNumber - Acked));
                    Acked = ack.EventNumber;
                    _previousAck = ack.EventNumber;
                    Interlocked.Increment(ref acks.Value);
                }
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or TimeoutException)
            {
                // The connection ended.
            }
            finally
            {
                await failed.CancelAsync();
            }
        }
    }
}
