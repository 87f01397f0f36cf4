using System.Net;
using System.Net.Sockets;

namespace Pravega.Perf.Transport;

/// <summary>A listening TCP socket; each accepted socket becomes a <see cref="SocketConnection"/>.</summary>
public sealed class SocketConnectionListener : IConnectionListener
{
    private readonly Socket _socket;
    private readonly SocketTransportOptions _options;
    private int _unbound;

    private SocketConnectionListener(Socket socket, SocketTransportOptions options)
    {
        _socket = socket;
        _options = options;
        LocalEndPoint = socket.LocalEndPoint!;
    }

    public EndPoint LocalEndPoint { get; }

    /// <summary>Binds and listens on <paramref name="endPoint"/> (port 0 picks a free port).</summary>
    public static SocketConnectionListener Bind(EndPoint endPoint, SocketTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        options ??= new SocketTransportOptions();
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restarted server must rebind its port at once, even with connections of the old process in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            socket.Listen(options.Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new SocketConnectionListener(socket, options);
    }

    public async ValueTask<ITransportConnection?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (Volatile.Read(ref _unbound) == 0)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                return null;
            }
            catch (SocketException)
            {
                // A connection that failed between SYN and accept (reset by the peer): take the next one.
                continue;
            }
            return SocketConnection.Start(accepted, _options);
        }
        return null;
    }

    public ValueTask UnbindAsync()
    {
        if (Interlocked.Exchange(ref _unbound, 1) == 0)
        {
            _socket.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => UnbindAsync();
}
