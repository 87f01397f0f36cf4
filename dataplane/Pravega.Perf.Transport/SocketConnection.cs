using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Pravega.Perf.Transport;

/// <summary>
/// A TCP connection over <see cref="Socket"/> and two <see cref="Pipe"/>s: a receive loop fills <see cref="Input"/>
/// from the socket, a send loop drains <see cref="Output"/> into it. Back-pressure is the pipes' own: the receive
/// loop waits when the application leaves too much input unread, the application's flush waits when too much
/// output is unsent.
/// </summary>
public sealed class SocketConnection : ITransportConnection
{
    private static long s_nextId;

    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly int _minReceiveBufferSize;
    private readonly CancellationTokenSource _closed = new();
    private Task _receiveTask = Task.CompletedTask;
    private Task _sendTask = Task.CompletedTask;
    private int _disposed;

    private SocketConnection(Socket socket, SocketTransportOptions options)
    {
        _socket = socket;
        _minReceiveBufferSize = options.MinReceiveBufferSize;
        ConnectionId = "c" + Interlocked.Increment(ref s_nextId).ToString();
        RemoteEndPoint = socket.RemoteEndPoint;
        // Socket completions already run on the thread pool. Dispatched (the default), the application's read
        // continuation and the send loop are queued there too, so a slow request handler never runs on (and blocks)
        // the receive loop; inline, each side runs on the thread that produced its data (see DispatchInline).
        var readerScheduler = options.DispatchInline ? PipeScheduler.Inline : PipeScheduler.ThreadPool;
        _input = new Pipe(new PipeOptions(MemoryPool<byte>.Shared, readerScheduler, PipeScheduler.Inline,
            options.InputPauseThreshold, options.InputResumeThreshold, useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(MemoryPool<byte>.Shared, readerScheduler, PipeScheduler.Inline,
            options.OutputPauseThreshold, options.OutputResumeThreshold, options.OutputSegmentSize, useSynchronizationContext: false));
    }

    public string ConnectionId { get; }

    public EndPoint? RemoteEndPoint { get; }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    public CancellationToken ConnectionClosed => _closed.Token;

    /// <summary>Wraps an accepted or connected socket and starts moving bytes.</summary>
    public static SocketConnection Start(Socket socket, SocketTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        options ??= new SocketTransportOptions();
        Configure(socket, options);
        var connection = new SocketConnection(socket, options);
        connection._receiveTask = connection.ReceiveLoopAsync();
        connection._sendTask = connection.SendLoopAsync();
        return connection;
    }

    /// <summary>Connects to <paramref name="endPoint"/> (the client side).</summary>
    public static async Task<SocketConnection> ConnectAsync(EndPoint endPoint, SocketTransportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        // A host name (DnsEndPoint) has no address family yet: a dual-mode socket reaches IPv4 and IPv6 answers alike.
        var socket = endPoint.AddressFamily == AddressFamily.Unspecified
            ? new Socket(SocketType.Stream, ProtocolType.Tcp)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return Start(socket, options);
    }

    internal static void Configure(Socket socket, SocketTransportOptions options)
    {
        socket.NoDelay = options.NoDelay;
        if (options.SocketBufferSize > 0)
        {
            socket.SendBufferSize = options.SocketBufferSize;
            socket.ReceiveBufferSize = options.SocketBufferSize;
        }
    }

    public void Abort()
    {
        // Closing the socket ends both loops: receive fails, send fails or finds the reader cancelled.
        _socket.Close(0);
        PipeOutput.CancelPendingRead(_output.Reader);
        SignalClosed();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Let the send loop write what the application left in the output pipe, then close the socket.
        await PipeOutput.CompleteAndDrainAsync(_output.Writer, _input.Reader, _sendTask).ConfigureAwait(false);
        await LingeringClose.ShutdownSendAndWaitAsync(_socket, _receiveTask).ConfigureAwait(false);
        _socket.Close(0);
        await _receiveTask.ConfigureAwait(false);
        SignalClosed();
        _socket.Dispose();
        _closed.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        var writer = _input.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(_minReceiveBufferSize);
                var received = await _socket.ReceiveAsync(memory, SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }
                writer.Advance(received);
                var flush = await writer.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    // The application stopped reading: discard the rest until the peer closes (see DisposeAsync).
                    await DiscardUntilEndAsync().ConfigureAwait(false);
                    break;
                }
            }
        }
        catch (SocketException e) when (IsConnectionEnd(e.SocketErrorCode))
        {
            // Reset or closed under us: an ordinary end for the application.
        }
        catch (ObjectDisposedException)
        {
            // Aborted locally.
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            await writer.CompleteAsync(error).ConfigureAwait(false);
            SignalClosed();
        }
    }

    private async Task DiscardUntilEndAsync()
    {
        var scratch = ArrayPool<byte>.Shared.Rent(_minReceiveBufferSize);
        try
        {
            while (await _socket.ReceiveAsync(scratch.AsMemory(), SocketFlags.None).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        try
        {
            await PipeOutput.SendAllAsync(reader, SendSegmentAsync).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // The peer went away; unsent output is dropped.
        }
        catch (ObjectDisposedException)
        {
            // Aborted locally.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            SignalClosed();
        }
    }

    private async ValueTask SendSegmentAsync(ReadOnlyMemory<byte> segment)
    {
        var remaining = segment;
        while (!remaining.IsEmpty)
        {
            var sent = await _socket.SendAsync(remaining, SocketFlags.None).ConfigureAwait(false);
            remaining = remaining[sent..];
        }
    }

    private void SignalClosed() => PipeOutput.SignalClosed(_closed);

    private static bool IsConnectionEnd(SocketError error) =>
        error is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.OperationAborted
            or SocketError.Shutdown or SocketError.Interrupted;
}
