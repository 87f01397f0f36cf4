using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Pravega.Perf.Testing.Descriptors;

namespace Pravega.Perf.Transport.Tests;

/// <summary>The transport contract, on the socket listener; <see cref="IoUringTransportTests"/> runs every test again
/// with the io_uring listener on the server side.</summary>
public class SocketTransportTests
{
    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The server side under test.</summary>
    protected virtual IConnectionListener Bind(EndPoint endPoint, SocketTransportOptions? options = null) =>
        SocketConnectionListener.Bind(endPoint, options);

    /// <summary>The listening socket of a listener from <see cref="Bind"/>.</summary>
    protected virtual SafeHandle ListeningHandle(IConnectionListener listener) =>
        ((SocketConnectionListener)listener).ListeningHandle;

    [Fact]
    public async Task A_listener_on_port_zero_gets_a_real_port_and_bytes_flow_both_ways()
    {
        await using var listener = Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.LocalEndPoint).Port;
        Assert.True(port > 0, $"bound port {port}");
        var accepting = listener.AcceptAsync(Token).AsTask();
        await using var client = await SocketConnection.ConnectAsync(listener.LocalEndPoint, cancellationToken: Token);
        await using var server = (await accepting)!;

        await client.Output.WriteAsync("ping"u8.ToArray(), Token);
        Assert.True((await ReadExactlyAsync(server.Input, 4)).SequenceEqual("ping"u8.ToArray()), "client → server bytes");
        await server.Output.WriteAsync("pong"u8.ToArray(), Token);
        Assert.True((await ReadExactlyAsync(client.Input, 4)).SequenceEqual("pong"u8.ToArray()), "server → client bytes");
    }

    [Fact]
    public async Task Megabytes_through_tiny_pause_thresholds_arrive_complete_and_in_order()
    {
        var options = new SocketTransportOptions
        {
            InputPauseThreshold = 16 * 1024,
            InputResumeThreshold = 8 * 1024,
            OutputPauseThreshold = 16 * 1024,
            OutputResumeThreshold = 8 * 1024,
            MinReceiveBufferSize = 4096,
        };
        await using var listener = Bind(new IPEndPoint(IPAddress.Loopback, 0), options);
        var accepting = listener.AcceptAsync(Token).AsTask();
        await using var client = await SocketConnection.ConnectAsync(listener.LocalEndPoint, options, Token);
        await using var server = (await accepting)!;
        var data = new byte[8 << 20];
        new Random(7).NextBytes(data);

        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < data.Length; offset += 100_000)
            {
                await client.Output.WriteAsync(data.AsMemory(offset, Math.Min(100_000, data.Length - offset)), Token);
            }
        }, Token);
        var received = await ReadExactlyAsync(server.Input, data.Length);
        await sending;
        Assert.True(received.AsSpan().SequenceEqual(data), "8 MiB through 16 KiB pipes arrive unchanged");
    }

    [Fact]
    public async Task Dispose_sends_the_buffered_output_before_closing()
    {
        await using var listener = Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var accepting = listener.AcceptAsync(Token).AsTask();
        await using var client = await SocketConnection.ConnectAsync(listener.LocalEndPoint, cancellationToken: Token);
        var server = (await accepting)!;
        var data = new byte[1 << 20];
        new Random(3).NextBytes(data);
        data.CopyTo(server.Output.GetMemory(data.Length));
        server.Output.Advance(data.Length);
        var disposing = server.DisposeAsync().AsTask();

        var received = await ReadToEndAsync(client.Input);
        await disposing;
        Assert.True(received.AsSpan().SequenceEqual(data), $"received {received.Length} of {data.Length} bytes before the close");
    }

    [Fact]
    public async Task Abort_closes_the_connection_at_once_and_the_peer_sees_the_end()
    {
        await using var listener = Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var accepting = listener.AcceptAsync(Token).AsTask();
        await using var client = await SocketConnection.ConnectAsync(listener.LocalEndPoint, cancellationToken: Token);
        await using var server = (await accepting)!;
        server.Abort();
        var received = await ReadToEndAsync(client.Input);
        Assert.True(received.Length == 0, $"nothing was sent, {received.Length} bytes arrived");
        Assert.True(server.ConnectionClosed.IsCancellationRequested, "ConnectionClosed is signalled after Abort");
    }

    [Fact]
    public async Task Unbinding_ends_pending_accepts_with_null()
    {
        var listener = Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var accepting = listener.AcceptAsync(Token).AsTask();
        await listener.UnbindAsync();
        Assert.Null(await accepting);
        Assert.Null(await listener.AcceptAsync(Token));
    }

    [Fact]
    public async Task The_port_closes_with_the_listening_descriptor_even_while_an_accept_is_pending()
    {
        // A killed server's descriptors are dropped by the kernel, without shutdown(2). Were anything else in the
        // kernel still to reference the listening socket (a pending io_uring ACCEPT does, until the dead process's
        // ring is torn down), the port would go on completing handshakes and then reset them: a client, or a restarted
        // server's readiness probe, would reach the dead server.
        var listener = Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var first = listener.AcceptAsync(Token).AsTask();
        var other = await SocketConnection.ConnectAsync(listener.LocalEndPoint, cancellationToken: Token);
        var otherServer = (await first)!;
        var accepting = listener.AcceptAsync(Token).AsTask();
        // Two messages on the other connection, each read by the server before the next is sent: an event loop
        // delivers the second only after a later turn than the one that took the accept, so the accept has reached
        // the kernel by now, whatever the transport's dispatch (a ring-based accept is then holding the socket).
        for (var i = 0; i < 2; i++)
        {
            await other.Output.WriteAsync(new[] { (byte)i }, Token);
            Assert.True((await ReadExactlyAsync(otherServer.Input, 1))[0] == i, $"message {i} on the other connection");
        }
        ProcessExit.DropDescriptor(ListeningHandle(listener));

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = await Record.ExceptionAsync(() => client.ConnectAsync(listener.LocalEndPoint, Token).AsTask());
        Assert.True(error is SocketException { SocketErrorCode: SocketError.ConnectionRefused },
            $"a connect once the listening descriptor is gone is refused (got {error?.Message ?? "a connection"})");
        await listener.DisposeAsync();
        Assert.Null(await accepting);
        // Together: each side's lingering close waits for the other's FIN.
        await Task.WhenAll(other.DisposeAsync().AsTask(), otherServer.DisposeAsync().AsTask());
    }

    [Fact]
    public async Task Accepted_sockets_have_nagle_disabled()
    {
        await using var listener = Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptAsync(Token).AsTask();
        await raw.ConnectAsync(listener.LocalEndPoint, Token);
        await using var server = (await accepting)!;
        await server.Output.WriteAsync(new byte[] { 1 }, Token);
        var buffer = new byte[1];
        Assert.True(await raw.ReceiveAsync(buffer, Token) == 1, "a one-byte write is sent at once");
    }

    internal static async Task<byte[]> ReadExactlyAsync(PipeReader input, int count)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = await input.ReadAsync(Token);
            var buffer = read.Buffer;
            var take = (int)Math.Min(buffer.Length, count - filled);
            buffer.Slice(0, take).CopyTo(result.AsSpan(filled));
            filled += take;
            input.AdvanceTo(buffer.GetPosition(take));
            Assert.False(read.IsCompleted && filled < count, $"the input ended after {filled} of {count} bytes");
        }
        return result;
    }

    internal static async Task<byte[]> ReadToEndAsync(PipeReader input)
    {
        var output = new ArrayBufferWriter<byte>();
        while (true)
        {
            var read = await input.ReadAsync(Token);
            foreach (var segment in read.Buffer)
            {
                output.Write(segment.Span);
            }
            input.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return output.WrittenSpan.ToArray();
            }
        }
    }
}
