using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;

namespace Pravega.Perf.Transport.InMemory;

/// <summary>A listener whose connections come from <see cref="Connect"/> in the same process.</summary>
public sealed class InMemoryConnectionListener : IConnectionListener
{
    private readonly Channel<ITransportConnection> _pending = Channel.CreateUnbounded<ITransportConnection>();

    public InMemoryConnectionListener(string name)
    {
        LocalEndPoint = new InMemoryEndPoint(name);
    }

    public EndPoint LocalEndPoint { get; }

    /// <summary>Opens a connection: the server end is handed to <see cref="AcceptAsync"/>, the client end returned.</summary>
    /// <param name="options">Both directions' pipe options (see <see cref="InMemoryConnection.CreatePair"/>); a test
    /// that counts the server's flushes passes an inline reader scheduler, so each flush wakes its reader once.</param>
    public ITransportConnection Connect(PipeOptions? options = null)
    {
        var (client, server) = InMemoryConnection.CreatePair(options);
        if (!_pending.Writer.TryWrite(server))
        {
            throw new InvalidOperationException($"{LocalEndPoint} is no longer listening");
        }
        return client;
    }

    public async ValueTask<ITransportConnection?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync()
    {
        _pending.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => UnbindAsync();
}
