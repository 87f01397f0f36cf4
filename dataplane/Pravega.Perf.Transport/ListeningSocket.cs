using System.Net;
using System.Net.Sockets;

namespace Pravega.Perf.Transport;

/// <summary>
/// The listening TCP socket of both TCP transports: bound with SO_REUSEADDR, accepting through
/// <see cref="Socket.AcceptAsync(CancellationToken)"/> (epoll), unbound by closing it.
/// </summary>
/// <remarks>
/// The io_uring transport accepts here too, not with a ring ACCEPT: a pending io_uring operation holds its own
/// reference on the socket's file, and when the process dies (SIGKILL) the kernel tears the ring down asynchronously,
/// after the process has been reaped. Until then the dead server's port still completes TCP handshakes and then resets
/// them, so a client (or a restarted server's readiness probe) reaches the dead process and gets ECONNRESET, and a
/// restarted server can fail to bind. epoll holds no reference: the port closes with the process's descriptor table.
/// </remarks>
internal sealed class ListeningSocket
{
    private readonly Socket _socket;
    private int _unbound;

    private ListeningSocket(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = socket.LocalEndPoint!;
    }

    public EndPoint LocalEndPoint { get; }

    /// <summary>The listening socket's handle (tests drop its descriptor the way process exit does).</summary>
    internal SafeSocketHandle Handle => _socket.SafeHandle;

    /// <summary>Binds and listens on <paramref name="endPoint"/> (port 0 picks a free port).</summary>
    public static ListeningSocket Bind(EndPoint endPoint, int backlog)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restarted server must rebind its port at once, even with connections of the old process in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            socket.Listen(backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new ListeningSocket(socket);
    }

    /// <summary>The next accepted socket; null once <see cref="Unbind"/> was called (pending calls too).</summary>
    public async ValueTask<Socket?> AcceptAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _unbound) == 0)
        {
            try
            {
                return await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
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
            }
        }
        return null;
    }

    /// <summary>Stops listening (once): the port closes and pending accepts return null.</summary>
    public void Unbind()
    {
        if (Interlocked.Exchange(ref _unbound, 1) == 0)
        {
            _socket.Dispose();
        }
    }
}
