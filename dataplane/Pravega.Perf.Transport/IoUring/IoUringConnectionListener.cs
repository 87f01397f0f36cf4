using System.Net;
using System.Net.Sockets;
using Pravega.Perf.Interop.IoUring;

namespace Pravega.Perf.Transport.IoUring;

/// <summary>
/// A listening TCP socket whose accepted <see cref="IoUringConnection"/>s all do their I/O on one <see cref="Ring"/>
/// (one dispatcher thread) with one group of provided receive buffers. The ring lives until the listener is disposed
/// and its last connection is disposed (the server unbinds, drains its connections, then disposes the listener).
/// </summary>
/// <remarks>Accepts are not ring operations: a pending ACCEPT would keep a killed server's port accepting (and then
/// resetting) connections until the kernel has torn the ring down (see <see cref="ListeningSocket"/>). Accepts are
/// rare, so taking them through epoll costs nothing that matters.</remarks>
public sealed class IoUringConnectionListener : IConnectionListener
{
    private readonly ListeningSocket _socket;
    private readonly IoUringTransportOptions _options;
    private readonly Ring _ring;
    private readonly ProvidedBuffers _buffers;
    private readonly Action _connectionDisposed;
    private int _references = 1;
    private int _disposed;

    private IoUringConnectionListener(ListeningSocket socket, IoUringTransportOptions options, Ring ring, ProvidedBuffers buffers)
    {
        _socket = socket;
        _options = options;
        _ring = ring;
        _buffers = buffers;
        _connectionDisposed = Release;
    }

    public EndPoint LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>The ring's setup flags (for logs and tests).</summary>
    public RingSetupFlags RingFlags => _ring.Flags;

    /// <summary>The listening socket's handle (tests drop its descriptor the way process exit does).</summary>
    internal SafeSocketHandle ListeningHandle => _socket.Handle;

    /// <summary>Binds and listens on <paramref name="endPoint"/> (port 0 picks a free port) and starts the ring.</summary>
    /// <exception cref="RingException">io_uring is unavailable (check <see cref="Ring.IsSupported"/> first).</exception>
    public static IoUringConnectionListener Bind(EndPoint endPoint, IoUringTransportOptions? options = null)
    {
        options ??= new IoUringTransportOptions();
        var socket = ListeningSocket.Bind(endPoint, options.Socket.Backlog);
        Ring? ring = null;
        try
        {
            ring = Ring.Create(new RingOptions { Entries = 512, ThreadName = "net-io_uring" });
            var buffers = new ProvidedBuffers(ring, groupId: 1, options.ReceiveBufferCount, options.ReceiveBufferSize);
            return new IoUringConnectionListener(socket, options, ring, buffers);
        }
        catch
        {
            ring?.Dispose();
            socket.Unbind();
            throw;
        }
    }

    public async ValueTask<ITransportConnection?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        if (await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false) is not { } accepted)
        {
            return null;
        }
        if (!TryAddReference())
        {
            accepted.Dispose(); // accepted as the listener was disposed: the ring is gone
            return null;
        }
        try
        {
            return IoUringConnection.Start(_ring, _buffers, accepted, _options, _connectionDisposed);
        }
        catch
        {
            accepted.Dispose();
            Release();
            throw;
        }
    }

    public ValueTask UnbindAsync()
    {
        _socket.Unbind();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await UnbindAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
        }
    }

    /// <summary>A reference for a new connection, unless the last one is gone (the ring is disposed or about to be).</summary>
    private bool TryAddReference()
    {
        var references = Volatile.Read(ref _references);
        while (references > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, references + 1, references);
            if (seen == references)
            {
                return true;
            }
            references = seen;
        }
        return false;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _buffers.Dispose();
            _ring.Dispose();
        }
    }
}
