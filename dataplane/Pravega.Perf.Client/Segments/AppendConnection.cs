using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Pravega.Perf.Common;
using Pravega.Perf.Common.Threading;
using Pravega.Perf.Transport;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Replies;

namespace Pravega.Perf.Client.Segments;

/// <summary>
/// One connection to a segment store carrying the appends of many segment writers, each in its own
/// <see cref="AppendSession"/> (Pravega's client multiplexes its writers over pooled connections the same way).
/// </summary>
/// <remarks>
/// <para>Why shared: with a connection per segment writer, 16 writers on 16 segments keep 256 sockets, and at a moderate
/// rate every event travels alone: a send, a receive and an ack each way, per event. Here one send loop gathers the
/// blocks of every writer that has something to send into one flush (one <c>send</c> for all of them), the store reads
/// them in one go and answers a group commit's acks in one write, and one receive loop hands each ack to its writer.</para>
/// <para>Only the send loop writes to the output, so blocks of one session leave in the order the writer closed them.
/// Replies are matched to sessions by writer id (acks) or request id (set-ups and errors). A reply for a session that
/// already ended is dropped. When the connection breaks every session on it ends, and each writer sets up again.</para>
/// </remarks>
internal sealed class AppendConnection : IAsyncDisposable
{
    /// <summary>A burst larger than this is flushed before the send loop gathers more, so the socket starts on it.</summary>
    private const int FlushThresholdBytes = 1 << 20;

    private readonly ITransportConnection _transport;
    private readonly Lock _lock = new();
    private readonly Dictionary<Uuid, AppendSession> _byWriter = [];
    private readonly Dictionary<long, AppendSession> _byRequest = [];
    private readonly ConcurrentQueue<AppendSession> _setUps = new();
    private readonly ConcurrentQueue<AppendSession> _ready = new();
    private readonly AsyncSignal _work = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly List<AppendBatch> _sending = [];
    private readonly Task _sendLoop;
    private readonly Task _receiveLoop;
    private long _nextRequestId;
    private int _closing;

    private AppendConnection(ITransportConnection transport)
    {
        _transport = transport;
        _sendLoop = Task.Run(SendLoopAsync);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Connects and says hello; the store's hello is read (and ignored) by the receive loop.</summary>
    public static async Task<AppendConnection> ConnectAsync(EndPoint endPoint, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var transport = await SocketConnection.ConnectAsync(endPoint, null, deadline.Token).ConfigureAwait(false);
        try
        {
            new Hello(WireProtocol.WireVersion, WireProtocol.OldestCompatibleVersion).WriteTo(transport.Output);
            await transport.Output.FlushAsync(deadline.Token).ConfigureAwait(false);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new AppendConnection(transport);
    }

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>Starts a session for <paramref name="writer"/> (ending any earlier one of it here) and queues its set-up.</summary>
    public AppendSession Open(SegmentWriter writer)
    {
        AppendSession session;
        AppendSession? earlier;
        lock (_lock)
        {
            if (IsClosed)
            {
                throw new ConnectionLostException("the connection to the segment store is closed");
            }
            session = new AppendSession(this, writer, ++_nextRequestId);
            if (_byWriter.Remove(writer.WriterId, out earlier))
            {
                _byRequest.Remove(earlier.RequestId);
            }
            _byWriter.Add(writer.WriterId, session);
            _byRequest.Add(session.RequestId, session);
        }
        earlier?.End();
        _setUps.Enqueue(session);
        _work.Set();
        return session;
    }

    /// <summary>Ends <paramref name="session"/>: replies for it are dropped from now on.</summary>
    public void Leave(AppendSession session)
    {
        lock (_lock)
        {
            if (_byRequest.Remove(session.RequestId))
            {
                _byWriter.Remove(session.Writer.WriterId);
            }
        }
        session.End();
    }

    /// <summary>Asks the send loop to send what <paramref name="session"/>'s writer has ready (cheap when already asked).</summary>
    public void RequestSend(AppendSession session)
    {
        if (Interlocked.Exchange(ref session.SendQueued, 1) == 0)
        {
            _ready.Enqueue(session);
            _work.Set();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await _receiveLoop.ConfigureAwait(false);
    }

    private async Task SendLoopAsync()
    {
        var output = _transport.Output;
        try
        {
            while (true)
            {
                await _work.WaitAsync().ConfigureAwait(false);
                if (IsClosed)
                {
                    return;
                }
                long unflushed = 0;
                while (_setUps.TryDequeue(out var setUp))
                {
                    if (!setUp.IsEnded)
                    {
                        var writer = setUp.Writer;
                        new SetupAppend(setUp.RequestId, writer.WriterId, writer.Segment, writer.DelegationToken).WriteTo(output);
                        unflushed++;
                    }
                }
                while (_ready.TryDequeue(out var session))
                {
                    // Cleared first: an append after the collection below queues the session again.
                    Volatile.Write(ref session.SendQueued, 0);
                    unflushed += session.Writer.WriteBlocks(session, output, _sending);
                    if (unflushed >= FlushThresholdBytes)
                    {
                        if (!await FlushAsync(output).ConfigureAwait(false))
                        {
                            return;
                        }
                        unflushed = 0;
                    }
                }
                if (unflushed > 0 && !await FlushAsync(output).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Broken: the receive loop ends too, and every session with it.
        }
        finally
        {
            Close();
        }
    }

    private static async ValueTask<bool> FlushAsync(System.IO.Pipelines.PipeWriter output)
    {
        var flushed = await output.FlushAsync().ConfigureAwait(false);
        return !flushed.IsCompleted && !flushed.IsCanceled;
    }

    /// <summary>Reads replies until the connection ends, then closes it and releases the socket.</summary>
    private async Task ReceiveLoopAsync()
    {
        var input = _transport.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_closed.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (FrameReader.TryReadFrame(buffer, out var frame))
                {
                    Dispatch(frame.Type, buffer.Slice(WireProtocol.HeaderLength, frame.TotalLength - WireProtocol.HeaderLength));
                    buffer = buffer.Slice(frame.End);
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Closed, broken or a malformed frame: every session ends and its writer sets up again.
        }
        finally
        {
            Close();
            await _sendLoop.ConfigureAwait(false);
            await _transport.DisposeAsync().ConfigureAwait(false);
            _closed.Dispose();
        }
    }

    /// <summary>Hands one reply to its session. Acks are parsed in place (no copy, no allocation: one per block).</summary>
    private void Dispatch(WireCommandType type, ReadOnlySequence<byte> payload)
    {
        switch (type)
        {
            case WireCommandType.DataAppended:
                var appended = DataAppended.Read(payload);
                if (TryFindWriter(appended.WriterId, out var acked))
                {
                    acked.Writer.OnAcknowledged(appended.EventNumber, appended.CurrentSegmentWriteOffset);
                }
                break;
            case WireCommandType.Hello or WireCommandType.KeepAlive:
                break;
            default:
                var command = WireCommandDecoder.Decode(type, new ReadOnlySequence<byte>(payload.ToArray()));
                if (!WireReplies.TryGetRequestId(command, out var requestId) || !TryFindRequest(requestId, out var session))
                {
                    // A late reply for a session that has ended (its writer has set up again, or left).
                    break;
                }
                if (command is AppendSetup setUp)
                {
                    session.CompleteSetUp(setUp.LastEventNumber);
                }
                else
                {
                    session.Writer.OnErrorReply(new Reply(type, command));
                    Leave(session);
                }
                break;
        }
    }

    private bool TryFindWriter(Uuid writerId, out AppendSession session)
    {
        lock (_lock)
        {
            return _byWriter.TryGetValue(writerId, out session!);
        }
    }

    private bool TryFindRequest(long requestId, out AppendSession session)
    {
        lock (_lock)
        {
            return _byRequest.TryGetValue(requestId, out session!);
        }
    }

    /// <summary>Closes the connection: every session on it ends, the loops stop.</summary>
    private void Close()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }
        AppendSession[] sessions;
        lock (_lock)
        {
            _closed.Cancel();
            sessions = [.. _byWriter.Values];
            _byWriter.Clear();
            _byRequest.Clear();
        }
        _transport.Abort();
        _work.Set();
        foreach (var session in sessions)
        {
            session.End();
        }
    }
}
