using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Pravega.Perf.Common;
using Pravega.Perf.Transport;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Replies;

namespace Pravega.Perf.Client.Segments;

/// <summary>
/// One connection to one segment store, shared by any number of concurrent requests: each request gets a fresh request
/// id, its frame is written whole under a lock, and a single receive loop hands every reply to the request whose id it
/// carries. When the connection ends, every pending request fails with <see cref="ConnectionLostException"/> (which the
/// client retries on a new connection).
/// </summary>
internal sealed class SegmentStoreConnection : IAsyncDisposable
{
    private readonly ITransportConnection _connection;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<Reply>> _pending = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource<Hello> _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _receiveTask;
    private readonly CancellationTokenSource _stopKeepAlive = new();
    private Task _keepAliveTask = Task.CompletedTask;
    private long _nextRequestId;
    private long _lastReceived = Environment.TickCount64;
    private Exception? _closed;

    private SegmentStoreConnection(ITransportConnection connection)
    {
        _connection = connection;
        _receiveTask = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Whether the connection can still carry requests.</summary>
    public bool IsOpen => Volatile.Read(ref _closed) is null;

    /// <summary>Connects and exchanges Hello (wire version 17, oldest 5); fails if the store's versions do not overlap ours.</summary>
    public static async Task<SegmentStoreConnection> ConnectAsync(EndPoint endPoint, TimeSpan timeout, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var transport = await SocketConnection.ConnectAsync(endPoint, null, deadline.Token).ConfigureAwait(false);
        var connection = new SegmentStoreConnection(transport);
        try
        {
            await connection.WriteAsync(new Hello(WireProtocol.WireVersion, WireProtocol.OldestCompatibleVersion), deadline.Token).ConfigureAwait(false);
            var hello = await connection._hello.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
            if (hello.LowVersion > WireProtocol.WireVersion || hello.HighVersion < WireProtocol.OldestCompatibleVersion)
            {
                throw new SegmentStoreErrorException($"segment store {endPoint} speaks wire versions [{hello.LowVersion}, {hello.HighVersion}], we speak [{WireProtocol.OldestCompatibleVersion}, {WireProtocol.WireVersion}]");
            }
            if (keepAlive > TimeSpan.Zero && keepAlive != Timeout.InfiniteTimeSpan)
            {
                connection._keepAliveTask = connection.KeepAliveLoopAsync(keepAlive);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writer ids set up on this connection (<c>SetupAppend</c>), with the segment each writes: conditional
    /// appends need their writer set up on the connection they travel on.</summary>
    public ConcurrentDictionary<Uuid, string> SetUpWriters { get; } = new();

    /// <summary>A request id unique on this connection.</summary>
    public long NextRequestId() => Interlocked.Increment(ref _nextRequestId);

    /// <summary>Sends a request carrying <paramref name="requestId"/> and waits for the reply with that id.</summary>
    public async Task<Reply> SendAsync<T>(T request, long requestId, TimeSpan timeout, CancellationToken cancellationToken)
        where T : struct, IWireCommand
    {
        var reply = new TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[requestId] = reply;
        try
        {
            if (Volatile.Read(ref _closed) is { } closed)
            {
                throw new ConnectionLostException("the connection is closed", closed);
            }
            await WriteAsync(request, cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            // The reply may still come; the connection is suspect, so drop it and let the retry use a new one.
            Abort(new ConnectionLostException($"no reply to request {requestId} within {timeout}", e));
            throw new ConnectionLostException($"no reply to request {requestId} within {timeout}", e);
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    private async Task WriteAsync<T>(T command, CancellationToken cancellationToken)
        where T : struct, IWireCommand
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            command.WriteTo(_connection.Output);
            var flushed = await _connection.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flushed.IsCompleted)
            {
                throw new ConnectionLostException("the segment store closed the connection");
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            Abort(e);
            throw new ConnectionLostException("sending to the segment store failed", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends KEEP_ALIVE every <paramref name="interval"/>; drops the connection when nothing came back for two.</summary>
    private async Task KeepAliveLoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopKeepAlive.Token).ConfigureAwait(false))
            {
                if (Environment.TickCount64 - Volatile.Read(ref _lastReceived) > 2 * (long)interval.TotalMilliseconds)
                {
                    Abort(new ConnectionLostException($"nothing from the segment store for {2 * interval.TotalSeconds:F0} s (keep-alive)"));
                    return;
                }
                await WriteAsync(default(KeepAlive), _stopKeepAlive.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ConnectionLostException)
        {
            // Closed: the connection's requests were told.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var input = _connection.Input;
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                Volatile.Write(ref _lastReceived, Environment.TickCount64);
                var buffer = result.Buffer;
                while (FrameReader.TryReadFrame(buffer, out var frame))
                {
                    Dispatch(frame.Type, buffer.Slice(0, frame.TotalLength).ToArray());
                    buffer = buffer.Slice(frame.End);
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        Abort(failure ?? new ConnectionLostException("the segment store closed the connection"));
    }

    /// <summary>Decodes one reply from its own copy of the bytes (so its strings and data outlive the receive buffer).</summary>
    private void Dispatch(WireCommandType type, byte[] frame)
    {
        var payload = new ReadOnlySequence<byte>(frame, WireProtocol.HeaderLength, frame.Length - WireProtocol.HeaderLength);
        var command = WireCommandDecoder.Decode(type, payload);
        switch (command)
        {
            case Hello hello:
                _hello.TrySetResult(hello);
                return;
            case KeepAlive:
                return;
        }
        if (WireReplies.TryGetRequestId(command, out var requestId) && _pending.TryGetValue(requestId, out var pending))
        {
            pending.TrySetResult(new Reply(type, command));
        }
        if (WireReplies.ClosesConnection(type))
        {
            Abort(new ConnectionLostException($"the segment store closed the connection after {type}"));
        }
    }

    private void Abort(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _closed, reason, null) is not null)
        {
            return;
        }
        _connection.Abort();
        var lost = reason as ConnectionLostException ?? new ConnectionLostException("the connection to the segment store was lost", reason);
        _hello.TrySetException(lost);
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(lost);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopKeepAlive.CancelAsync().ConfigureAwait(false);
        Abort(new ConnectionLostException("the connection was closed by the client"));
        await _connection.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _receiveTask.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already reported to the pending requests.
        }
        await _keepAliveTask.ConfigureAwait(false);
        _stopKeepAlive.Dispose();
        _writeLock.Dispose();
    }
}

/// <summary>A decoded reply with its type.</summary>
internal readonly record struct Reply(WireCommandType Type, IWireCommand Command)
{
    public ReplyKind Kind => WireReplies.Classify(Type);
}

/// <summary>The connection broke (or went silent) with the request in flight: retriable on a new connection.</summary>
internal sealed class ConnectionLostException(string message, Exception? inner = null) : IOException(message, inner);
