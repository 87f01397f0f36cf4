using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Pravega.Perf.Interop.IoUring;
using Pravega.Perf.Transport.IoUring;

namespace Pravega.Perf.Transport.Tests;

/// <summary>Every <see cref="SocketTransportTests"/> test with the io_uring listener on the server side, plus its own:
/// back-pressure on a peer that keeps sending to an application that does not read, and inline application mode.</summary>
[Trait("Category", "RequiresIoUring")]
public sealed class IoUringTransportTests : SocketTransportTests
{
    protected override IConnectionListener Bind(EndPoint endPoint, SocketTransportOptions? options = null)
    {
        RequireIoUring();
        return IoUringConnectionListener.Bind(endPoint, new IoUringTransportOptions { Socket = options ?? new() });
    }

    protected override SafeHandle ListeningHandle(IConnectionListener listener) =>
        ((IoUringConnectionListener)listener).ListeningHandle;

    [Fact]
    public async Task TheListenersRingIsSingleIssuerWithDeferredTaskRun()
    {
        RequireIoUring();
        await using var listener = IoUringConnectionListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.True(listener.RingFlags.HasFlag(RingSetupFlags.SingleIssuer), $"flags {listener.RingFlags}");
    }

    [Fact]
    public async Task AnApplicationThatStopsReadingPausesTheReceiverAndThePeerIsHeldBack()
    {
        RequireIoUring();
        var options = new IoUringTransportOptions
        {
            Socket = new SocketTransportOptions { InputPauseThreshold = 256 * 1024, InputResumeThreshold = 128 * 1024 },
            ReceiveBufferCount = 16,
            ReceiveBufferSize = 16 * 1024,
        };
        await using var listener = IoUringConnectionListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), options);
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptAsync(Token).AsTask();
        await raw.ConnectAsync(listener.LocalEndPoint, Token);
        await using var server = (IoUringConnection)(await accepting)!;
        // 64 MiB cannot hide in the loopback socket buffers (a few MiB): the sender must stall while nobody reads.
        var data = new byte[64 << 20];
        new Random(11).NextBytes(data);
        var sending = Task.Run(() => raw.Send(data), Token);
        Assert.True(SpinWait.SpinUntil(() => server.IsReceivePaused, TimeSpan.FromSeconds(30)),
            $"the receiver pauses once the unread input passes the threshold (received {server.ReceivedBytes})");
        var buffered = server.ReceivedBytes;
        Assert.True(buffered < options.Socket.InputPauseThreshold + 2L * options.ReceiveBufferCount * options.ReceiveBufferSize,
            $"unread input stays bounded ({buffered} bytes)");
        Assert.False(sending.IsCompleted, "the peer is held back while the application does not read");

        var received = await ReadExactlyAsync(server.Input, data.Length);
        Assert.True(await sending == data.Length, "the whole send completed once the application read");
        Assert.True(received.AsSpan().SequenceEqual(data), "64 MiB through pause/resume cycles arrive unchanged");
    }

    [Fact]
    public async Task WithInlineApplicationTheReadContinuationRunsOnTheRingAndEchoesWork()
    {
        RequireIoUring();
        var options = new IoUringTransportOptions { Socket = new SocketTransportOptions { DispatchInline = true } };
        await using var listener = IoUringConnectionListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), options);
        var accepting = listener.AcceptAsync(Token).AsTask();
        var client = await SocketConnection.ConnectAsync(listener.LocalEndPoint, cancellationToken: Token);
        await using var server = (await accepting)!;
        var echo = EchoAsync(server);
        for (var i = 0; i < 200; i++)
        {
            var message = BitConverter.GetBytes(i);
            await client.Output.WriteAsync(message, Token);
            Assert.True((await ReadExactlyAsync(client.Input, 4)).SequenceEqual(message), $"echo {i}");
        }
        // The client's dispose sends FIN at once (then lingers): the server's input ends and so does the echo loop.
        var closing = client.DisposeAsync().AsTask();
        Assert.True(await echo == 200 * 4, "the echo loop saw every byte and the end");
        await closing;
    }

    [Fact]
    public async Task ManyConnectionsOnOneRingCarryTheirOwnBytes()
    {
        RequireIoUring();
        await using var listener = IoUringConnectionListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        const int count = 16;
        var clients = new List<SocketConnection>();
        var servers = new List<ITransportConnection>();
        for (var i = 0; i < count; i++)
        {
            var accepting = listener.AcceptAsync(Token).AsTask();
            clients.Add(await SocketConnection.ConnectAsync(listener.LocalEndPoint, cancellationToken: Token));
            servers.Add((await accepting)!);
        }
        await Task.WhenAll(clients.Select((c, i) => c.Output.WriteAsync(Enumerable.Repeat((byte)i, 100_000).ToArray(), Token).AsTask()));
        var received = await Task.WhenAll(servers.Select(s => ReadExactlyAsync(s.Input, 100_000)));
        for (var i = 0; i < count; i++)
        {
            Assert.True(received[i].All(b => b == (byte)i), $"connection {i} got only its own bytes");
        }
        // Together: each side's lingering close waits for the other's FIN.
        await Task.WhenAll(servers.Cast<IAsyncDisposable>().Concat(clients).Select(c => c.DisposeAsync().AsTask()));
    }

    private static async Task<long> EchoAsync(ITransportConnection connection)
    {
        long total = 0;
        while (true)
        {
            var read = await connection.Input.ReadAsync(Token).ConfigureAwait(false);
            foreach (var segment in read.Buffer)
            {
                await connection.Output.WriteAsync(segment, Token).ConfigureAwait(false);
                total += segment.Length;
            }
            connection.Input.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return total;
            }
        }
    }

    private static void RequireIoUring() =>
        Assert.SkipUnless(Ring.IsSupported, $"io_uring is not usable here: {Ring.UnsupportedReason}");
}
