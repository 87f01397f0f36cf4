using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Pravega.Perf.Interop.IoUring;

namespace Pravega.Perf.Transport.IoUring;

/// <summary>
/// A TCP connection driven by a <see cref="Ring"/>: a multishot RECV into the ring's provided buffers feeds
/// <see cref="Input"/> (on the dispatcher thread), and a send loop drains <see cref="Output"/> with one SEND
/// (MSG_WAITALL) in flight at a time. The descriptor is a <see cref="Socket"/> used only for synchronous calls (options,
/// shutdown, close); all I/O goes through the ring.
/// </summary>
/// <remarks>
/// Back-pressure: when the application leaves more than the pause threshold unread, the input flush stays pending and
/// the receiver pauses (its multishot is cancelled), so the kernel's socket buffer fills and TCP closes the window on
/// the peer; the flush completing (the application read) resumes it. Output back-pressure is the pipe's own: the
/// application's flush waits while the peer does not read and the send is stuck in the kernel.
/// </remarks>
public sealed class IoUringConnection : ITransportConnection, IRingReceiveHandler
{
    private const int EConnReset = 104;
    private const int EPipe = 32;
    private const int ENotConn = 107;
    private const int ECanceled = 125;

    private static long s_nextId;

    private readonly Ring _ring;
    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _receiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action _flushCompleted;
    private readonly Action? _onDisposed;
    private RingReceiver? _receiver;
    private Task _sendTask = Task.CompletedTask;
    private ValueTask<FlushResult> _pendingFlush;
    // Dispatcher-thread state of the receive side.
    private bool _flushPending;
    private bool _unflushed;
    private bool _inputDone;
    private long _receivedBytes;
    private int _disposed;

    private IoUringConnection(Ring ring, Socket socket, IoUringTransportOptions options, Action? onDisposed)
    {
        _ring = ring;
        _socket = socket;
        _onDisposed = onDisposed;
        ConnectionId = "u" + Interlocked.Increment(ref s_nextId).ToString();
        RemoteEndPoint = socket.RemoteEndPoint;
        var socketOptions = options.Socket;
        var application = socketOptions.DispatchInline ? PipeScheduler.Inline : PipeScheduler.ThreadPool;
        // Input: the application's read continuation runs per the option; ours (a flush that waited) only posts.
        _input = new Pipe(new PipeOptions(MemoryPool<byte>.Shared, application, PipeScheduler.Inline,
            socketOptions.InputPauseThreshold, socketOptions.InputResumeThreshold, useSynchronizationContext: false));
        // Output: the send loop continues wherever the application flushes (it only queues a SEND to the ring).
        _output = new Pipe(new PipeOptions(MemoryPool<byte>.Shared, PipeScheduler.Inline, application,
            socketOptions.OutputPauseThreshold, socketOptions.OutputResumeThreshold, useSynchronizationContext: false));
        _flushCompleted = () => _ring.Post(static (state, alive) => ((IoUringConnection)state!).OnFlushCompleted(alive), this);
    }

    public string ConnectionId { get; }

    public EndPoint? RemoteEndPoint { get; }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    public CancellationToken ConnectionClosed => _closed.Token;

    /// <summary>True while the receiver is paused because the application left too much input unread.</summary>
    internal bool IsReceivePaused => Volatile.Read(ref _flushPending);

    /// <summary>Bytes received so far (written into the input pipe).</summary>
    internal long ReceivedBytes => Volatile.Read(ref _receivedBytes);

    /// <summary>Wraps a connected socket and starts moving bytes through <paramref name="ring"/>.</summary>
    internal static IoUringConnection Start(Ring ring, ProvidedBuffers buffers, Socket socket, IoUringTransportOptions options,
        Action? onDisposed)
    {
        SocketConnection.Configure(socket, options.Socket);
        var connection = new IoUringConnection(ring, socket, options, onDisposed);
        connection._receiver = RingReceiver.Start(ring, socket.SafeHandle, buffers, connection);
        connection._sendTask = connection.SendLoopAsync();
        return connection;
    }

    bool IRingReceiveHandler.OnReceived(ReadOnlySpan<byte> data)
    {
        if (_inputDone)
        {
            return true; // the application stopped reading: discard until the peer closes (see DisposeAsync)
        }
        var writer = _input.Writer;
        data.CopyTo(writer.GetSpan(data.Length));
        writer.Advance(data.Length);
        Volatile.Write(ref _receivedBytes, _receivedBytes + data.Length);
        if (_flushPending)
        {
            _unflushed = true; // arrived while pausing: goes out with the next flush
            return false;
        }
        return Flush();
    }

    void IRingReceiveHandler.OnReceiveEnded(int errno)
    {
        if (!_inputDone)
        {
            _inputDone = true;
            var error = errno is 0 or ECanceled or EConnReset or EPipe or ENotConn
                ? null
                : new IOException($"receive failed (errno {errno})", errno);
            _input.Writer.Complete(error);
        }
        _receiveEnded.TrySetResult();
        SignalClosed();
    }

    public void Abort()
    {
        try
        {
            // Reset rather than FIN, and wake the ring's receive at once.
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone.
        }
        catch (ObjectDisposedException)
        {
            // Already disposed.
        }
        _receiver?.Stop();
        PipeOutput.CancelPendingRead(_output.Reader);
        SignalClosed();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await PipeOutput.CompleteAndDrainAsync(_output.Writer, _input.Reader, _sendTask).ConfigureAwait(false);
        await LingeringClose.ShutdownSendAndWaitAsync(_socket, _receiveEnded.Task).ConfigureAwait(false);
        // The receiver holds the descriptor while armed: stop it before closing, or the close would wait for it.
        _receiver?.Stop();
        await _receiveEnded.Task.ConfigureAwait(false);
        _socket.Dispose();
        SignalClosed();
        _closed.Dispose();
        _onDisposed?.Invoke();
    }

    /// <summary>Publishes the input written so far; false (pause the receiver) if the application is behind.</summary>
    private bool Flush()
    {
        _unflushed = false;
        var flush = _input.Writer.FlushAsync();
        if (flush.IsCompleted)
        {
            var result = flush.GetAwaiter().GetResult();
            _inputDone |= result.IsCompleted;
            return true;
        }
        _pendingFlush = flush;
        Volatile.Write(ref _flushPending, true);
        flush.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_flushCompleted);
        return false;
    }

    /// <summary>Dispatcher: the application has read enough; flush what arrived meanwhile and resume.</summary>
    private void OnFlushCompleted(bool ringAlive)
    {
        var result = _pendingFlush.GetAwaiter().GetResult();
        _pendingFlush = default;
        Volatile.Write(ref _flushPending, false);
        if (!ringAlive)
        {
            return;
        }
        _inputDone |= result.IsCompleted;
        if (!_inputDone && _unflushed && !Flush())
        {
            return; // still behind: stay paused
        }
        _receiver!.Resume();
    }

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        try
        {
            await PipeOutput.SendAllAsync(reader, SendSegmentAsync).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The peer went away (EPIPE, ECONNRESET): unsent output is dropped.
        }
        catch (ObjectDisposedException)
        {
            // Aborted locally, or the ring shut down.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            SignalClosed();
        }
    }

    // MSG_WAITALL: the kernel finishes a short send itself, so one SEND per segment.
    private async ValueTask SendSegmentAsync(ReadOnlyMemory<byte> segment) =>
        await _ring.SendAsync(_socket.SafeHandle, segment).ConfigureAwait(false);

    private void SignalClosed() => PipeOutput.SignalClosed(_closed);
}
