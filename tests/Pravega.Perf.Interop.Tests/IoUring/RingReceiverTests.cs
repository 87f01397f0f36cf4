using System.Net;
using System.Net.Sockets;
using Pravega.Perf.Interop.IoUring;
using static Pravega.Perf.Interop.Tests.IoUring.RingTestSupport;

namespace Pravega.Perf.Interop.Tests.IoUring;

/// <summary>Multishot receive into provided buffers, and SEND / ACCEPT, on loopback sockets.</summary>
[Trait("Category", "RequiresIoUring")]
public sealed class RingReceiverTests
{
    [Fact]
    public async Task AMultishotReceiveDeliversEveryByteInOrderAcrossBufferRecyclingAndTheEnd()
    {
        RequireIoUring();
        using var ring = Ring.Create();
        // Few small buffers: the kernel runs out (ENOBUFS) again and again, and the receiver re-arms.
        using var buffers = new ProvidedBuffers(ring, groupId: 7, count: 4, size: 4096);
        var (client, server) = await ConnectedPairAsync();
        using (client)
        using (server)
        {
            var handler = new CollectingHandler();
            var receiver = RingReceiver.Start(ring, server.SafeHandle, buffers, handler);
            var data = new byte[1 << 20];
            new Random(5).NextBytes(data);
            await client.SendAsync(data, SocketFlags.None, Ct);
            client.Shutdown(SocketShutdown.Send);
            Assert.True(await handler.Ended.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct) == 0, "the peer's close ends the stream with 0");
            Assert.True(handler.Received.ToArray().AsSpan().SequenceEqual(data), "1 MiB through 4 × 4 KiB buffers, in order");
            receiver.Stop(); // after the end: nothing more happens
        }
    }

    [Fact]
    public async Task StoppingAnArmedReceiverEndsItWithECanceled()
    {
        RequireIoUring();
        using var ring = Ring.Create();
        using var buffers = new ProvidedBuffers(ring, groupId: 1, count: 8, size: 4096);
        var (client, server) = await ConnectedPairAsync();
        using (client)
        using (server)
        {
            var handler = new CollectingHandler();
            var receiver = RingReceiver.Start(ring, server.SafeHandle, buffers, handler);
            await client.SendAsync("x"u8.ToArray(), SocketFlags.None, Ct);
            Assert.True(SpinWait.SpinUntil(() => handler.Count > 0, TimeSpan.FromSeconds(30)), "the byte arrived");
            receiver.Stop();
            Assert.True(await handler.Ended.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct) == 125, "ECANCELED after Stop");
        }
    }

    [Fact]
    public async Task SendAndAcceptGoThroughTheRing()
    {
        RequireIoUring();
        using var ring = Ring.Create();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        var accepting = ring.AcceptAsync(listener.SafeHandle, Ct).AsTask();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!, Ct);
        using var accepted = new Socket(new SafeSocketHandle(await accepting, ownsHandle: true));
        Assert.True(await ring.SendAsync(accepted.SafeHandle, "hello"u8.ToArray(), Ct) == 5, "SEND sends all of it");
        var buffer = new byte[5];
        var got = 0;
        while (got < 5)
        {
            got += await client.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, Ct);
        }
        Assert.True("hello"u8.SequenceEqual(buffer), "the bytes SEND sent");
    }

    private static async Task<(Socket Client, Socket Server)> ConnectedPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync(Ct).AsTask();
        await client.ConnectAsync(listener.LocalEndPoint!, Ct);
        // The server socket is used only by the ring (no System.Net.Sockets async calls on it).
        return (client, await accept);
    }

    private sealed class CollectingHandler : IRingReceiveHandler
    {
        public MemoryStream Received { get; } = new();

        public TaskCompletionSource<int> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Count => Interlocked.Read(ref _count);

        private long _count;

        public bool OnReceived(ReadOnlySpan<byte> data)
        {
            Received.Write(data);
            Interlocked.Add(ref _count, data.Length);
            return true;
        }

        public void OnReceiveEnded(int errno) => Ended.TrySetResult(errno);
    }
}
