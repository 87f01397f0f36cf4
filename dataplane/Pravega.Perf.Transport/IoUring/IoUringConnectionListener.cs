using System.Net;
using System.Net.Sockets;
using Pravega.Perf.Interop.IoUring;

namespace Pravega.Perf.Transport.IoUring;

/// <summary>
/// A listening TCP socket whose accepts, and the I/O of every accepted <see cref="IoUringConnection"/>, run on one
/// <see cref="Ring"/> (one dispatcher thread) with one group of provided receive buffers. The ring lives until the
/// listener is disposed and its last connection is disposed (the server unbinds, drains its connections, then disposes
/// the listener).
/// </summary>
public sealed class IoUringConnectionListener : IConnectionListener
{
    private const int EConnAborted = 103;

    private readonly Socket _socket;
    private readonly IoUringTransportOptions _options;
    private readonly Ring _ring;
    private readonly ProvidedBuffers _buffers;
    private readonly CancellationTokenSource _unbind = new();
    private readonly Action _connectionDisposed;
    private int _references = 1;
    private int _unbound;
    private int _disposed;

    private IoUringConnectionListener(Socket socket, IoUringTransportOptions options, Ring ring, ProvidedBuffers buffers)
    {
        _socket = socket;
        _options = options;
        _ring = ring;
        _buffers = buffers;
        LocalEndPoint = socket.LocalEndPoint!;
        _connectionDisposed = Release;
    }

    public EndPoint LocalEndPoint { get; }

    /// <summary>The ring's setup flags (for logs and tests).</summary>
    public RingSetupFlags RingFlags => _ring.Flags;

    /// <summary>Binds and listens on <paramref name="endPoint"/> (port 0 picks a free port) and starts the ring.</summary>
    /// <exception cref="RingException">io_uring is unavailable (check <see cref="Ring.IsSupported"/> first).</exception>
    public static IoUringConnectionListener Bind(EndPoint endPoint, IoUringTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        options ??= new IoUringTransportOptions();
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        Ring? ring = null;
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            socket.Listen(options.Socket.Backlog);
            ring = Ring.Create(new RingOptions { Entries = 512, ThreadName = "net-io_uring" });
            var buffers = new ProvidedBuffers(ring, groupId: 1, options.ReceiveBufferCount, options.ReceiveBufferSize);
            return new IoUringConnectionListener(socket, options, ring, buffers);
        }
        catch
        {
            ring?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask<ITransportConnection?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbind.Token);
        while (Volatile.Read(ref _unbound) == 0)
        {
            int fd;
            try
            {
                fd = await _ring.AcceptAsync(_socket.SafeHandle, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_unbind.IsCancellationRequested)
            {
                return null;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (RingException) when (Volatile.Read(ref _unbound) != 0)
            {
                // Closing the listening socket shuts it down under the pending accept (EINVAL).
                return null;
            }
            catch (RingException e) when (e.Errno == EConnAborted)
            {
                continue; // reset between SYN and accept: take the next one
            }
            Interlocked.Increment(ref _references);
            var accepted = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
            IoUringConnection connection;
            try
            {
                connection = IoUringConnection.Start(_ring, _buffers, accepted, _options, _connectionDisposed);
            }
            catch
            {
                accepted.Dispose();
                Release();
                throw;
            }
            // We are on the ring's thread (inline continuation): leave it before the caller's code runs, or an accept
            // loop that blocks would stall every connection of the ring. Accepts are rare; the hop is cheap here.
            await Task.Yield();
            return connection;
        }
        return null;
    }

    public ValueTask UnbindAsync()
    {
        if (Interlocked.Exchange(ref _unbound, 1) == 0)
        {
            _unbind.Cancel();
            _socket.Dispose();
        }
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

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _buffers.Dispose();
            _ring.Dispose();
            _unbind.Dispose();
        }
    }
}
