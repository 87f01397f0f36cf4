using System.Net;
using Pravega.Perf.Transport.InMemory;

namespace Pravega.Perf.Transport.Tests;

public sealed class InMemoryTransportTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_connected_pair_carries_bytes_both_ways_through_the_listener()
    {
        var factory = new InMemoryConnectionListenerFactory();
        await using var listener = await factory.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), Token);
        await using var client = factory.Listener!.Connect();
        await using var server = (await listener.AcceptAsync(Token))!;

        await client.Output.WriteAsync("abc"u8.ToArray(), Token);
        Assert.True((await SocketTransportTests.ReadExactlyAsync(server.Input, 3)).SequenceEqual("abc"u8.ToArray()), "client → server");
        await server.Output.WriteAsync("xyz"u8.ToArray(), Token);
        Assert.True((await SocketTransportTests.ReadExactlyAsync(client.Input, 3)).SequenceEqual("xyz"u8.ToArray()), "server → client");
    }

    [Fact]
    public async Task Disposing_one_end_completes_the_other_ends_input()
    {
        var (client, server) = InMemoryConnection.CreatePair();
        await using (server)
        {
            await client.DisposeAsync();
            var rest = await SocketTransportTests.ReadToEndAsync(server.Input);
            Assert.True(rest.Length == 0 && server.ConnectionClosed.IsCancellationRequested, "the server end sees the end of input");
        }
    }

    [Fact]
    public async Task An_unbound_listener_accepts_nothing_more()
    {
        var listener = new InMemoryConnectionListener("x");
        await listener.UnbindAsync();
        Assert.Null(await listener.AcceptAsync(Token));
        Assert.Throws<InvalidOperationException>(() => listener.Connect());
    }
}
