using System.Net;
using System.Net.Sockets;

namespace Pravega.Perf.Transport;

/// <summary>A listening TCP socket; each accepted socket becomes a <see cref="SocketConnection"/>.</summary>
public sealed class SocketConnectionListener : IConnectionListener
{
    private readonly ListeningSocket _socket;
    private readonly SocketTransportOptions _options;

    private SocketConnectionListener(ListeningSocket socket, SocketTransportOptions options)
    {
        _socket = socket;
        _options = options;
    }

    public EndPoint LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>The listening socket's handle (tests drop its descriptor the way process exit does).</summary>
    internal SafeSocketHandle ListeningHandle => _socket.Handle;

    /// <summary>Binds and listens on <paramref name="endPoint"/> (port 0 picks a free port).</summary>
    public static SocketConnectionListener Bind(EndPoint endPoint, SocketTransportOptions? options = null)
    {
        options ??= new SocketTransportOptions();
        return new SocketConnectionListener(ListeningSocket.Bind(endPoint, options.Backlog), options);
    }

    public async ValueTask<ITransportConnection?> AcceptAsync(CancellationToken cancellationToken = default) =>
        await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false) is { } accepted
            ? SocketConnection.Start(accepted, _options)
            : null;

    public ValueTask UnbindAsync()
    {
        _socket.Unbind();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => UnbindAsync();
}
