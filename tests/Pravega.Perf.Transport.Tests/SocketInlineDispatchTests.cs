using System.Net;

namespace Pravega.Perf.Transport.Tests;

/// <summary>
/// With <see cref="SocketTransportOptions.DispatchInline"/> the application's read and the send loop run on the
/// threads that produce their data; the byte stream and back-pressure must behave exactly as when dispatched.
/// </summary>
public sealed class SocketInlineDispatchTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Megabytes_both_ways_through_tiny_pause_thresholds_arrive_complete_and_in_order_when_inline()
    {
        var options = new SocketTransportOptions
        {
            InputPauseThreshold = 16 * 1024,
            InputResumeThreshold = 8 * 1024,
            OutputPauseThreshold = 16 * 1024,
            OutputResumeThreshold = 8 * 1024,
            MinReceiveBufferSize = 4096,
            DispatchInline = true,
        };
        await using var listener = SocketConnectionListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), options);
        var accepting = listener.AcceptAsync(Token).AsTask();
        await using var client = await SocketConnection.ConnectAsync(listener.LocalEndPoint, options, Token);
        await using var server = (await accepting)!;
        var data = new byte[4 << 20];
        new Random(11).NextBytes(data);

        // The server echoes what it reads from inside its read continuation (which runs on the receive thread).
        var echo = Task.Run(async () =>
        {
            var echoed = 0;
            while (echoed < data.Length)
            {
                var read = await server.Input.ReadAsync(Token);
                foreach (var segment in read.Buffer)
                {
                    await server.Output.WriteAsync(segment, Token);
                    echoed += segment.Length;
                }
                server.Input.AdvanceTo(read.Buffer.End);
            }
        }, Token);
        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < data.Length; offset += 65_000)
            {
                await client.Output.WriteAsync(data.AsMemory(offset, Math.Min(65_000, data.Length - offset)), Token);
            }
        }, Token);
        var received = await SocketTransportTests.ReadExactlyAsync(client.Input, data.Length);
        await sending;
        await echo;
        Assert.True(received.AsSpan().SequenceEqual(data), "4 MiB echoed through 16 KiB inline pipes arrive unchanged");
    }

    [Fact]
    public async Task A_peer_that_stops_reading_makes_the_inline_flush_wait_instead_of_buffering_without_bound()
    {
        var options = new SocketTransportOptions
        {
            OutputPauseThreshold = 64 * 1024,
            OutputResumeThreshold = 32 * 1024,
            SocketBufferSize = 64 * 1024,
            DispatchInline = true,
        };
        await using var listener = SocketConnectionListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), options);
        var accepting = listener.AcceptAsync(Token).AsTask();
        await using var client = await SocketConnection.ConnectAsync(listener.LocalEndPoint, options, Token);
        await using var server = (await accepting)!;

        // The client never reads: socket buffers fill, then the output pipe, then FlushAsync must stop completing.
        var chunk = new byte[16 * 1024];
        long written = 0;
        ValueTask<System.IO.Pipelines.FlushResult> flush = default;
        while (written < 64L << 20)
        {
            flush = server.Output.WriteAsync(chunk, Token);
            written += chunk.Length;
            if (!flush.IsCompleted)
            {
                break;
            }
        }
        Assert.False(flush.IsCompleted, $"a flush waits for the peer before 64 MiB are buffered (wrote {written} bytes)");

        var drained = await SocketTransportTests.ReadExactlyAsync(client.Input, (int)written - (int)(64 * 1024));
        Assert.True(drained.Length > 0, "the client reads what was buffered");
        await flush;
    }
}
