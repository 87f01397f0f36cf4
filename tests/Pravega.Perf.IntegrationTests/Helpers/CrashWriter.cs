using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Pravega.Perf.Common;
using Pravega.Perf.Testing.WireClient;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.IntegrationTests.Helpers;

/// <summary>A counter shared by the writers of a crash cycle.</summary>
public sealed class StrongBox
{
    public long Value;
}

/// <summary>One writer id appending to one segment across crashes; remembers what was acknowledged.</summary>
public sealed class CrashWriter
{
    private const int MaxInFlightEvents = 300;
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
