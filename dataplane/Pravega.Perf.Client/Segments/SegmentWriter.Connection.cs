using System.Buffers;
using System.Net;
using Pravega.Perf.Common.Threading;
using Pravega.Perf.Transport;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Replies;

namespace Pravega.Perf.Client.Segments;

public sealed partial class SegmentWriter
{
    private long _lastSent;

    /// <summary>Connects and sets up, sends what is unacknowledged, then sends new batches; starts over on a broken connection.</summary>
    private async Task SendLoopAsync()
    {
        var backoff = _options.InitialBackoff;
        var attempts = 0;
        while (!_stop.IsCancellationRequested && Volatile.Read(ref _failure) is null)
        {
            var endPoint = await _resolver.ResolveAsync(Segment, _stop.Token).ConfigureAwait(false);
            ITransportConnection? connection = null;
            try
            {
                connection = await ConnectAsync(endPoint).ConfigureAwait(false);
                attempts = 0;
                backoff = _options.InitialBackoff;
                await PumpAsync(connection).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ConnectionLostException or TimeoutException
                                      || (e is OperationCanceledException && !_stop.IsCancellationRequested))
            {
                _resolver.Invalidate(Segment);
                if (++attempts >= _options.MaxAttempts)
                {
                    Fail(new SegmentStoreUnavailableException($"segment store {endPoint} for '{Segment}' unavailable after {attempts} attempt(s): {e.Message}", e));
                    break;
                }
                await Task.Delay(backoff, _stop.Token).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Hello and SETUP_APPEND; acknowledges what the store already has and rewinds sending to the first batch it lacks.</summary>
    private async Task<ITransportConnection> ConnectAsync(EndPoint endPoint)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        deadline.CancelAfter(_options.ConnectTimeout);
        var connection = await SocketConnection.ConnectAsync(endPoint, null, deadline.Token).ConfigureAwait(false);
        try
        {
            new Hello(WireProtocol.WireVersion, WireProtocol.OldestCompatibleVersion).WriteTo(connection.Output);
            new SetupAppend(1, WriterId, Segment, _options.DelegationToken).WriteTo(connection.Output);
            await connection.Output.FlushAsync(deadline.Token).ConfigureAwait(false);
            while (true)
            {
                var reply = await ReadReplyAsync(connection, deadline.Token).ConfigureAwait(false);
                switch (reply.Command)
                {
                    case Hello:
                        continue;
                    case AppendSetup setup:
                        // long.MinValue: the store has never seen this writer.
                        var stored = Math.Max(0, setup.LastEventNumber);
                        Acknowledge(stored);
                        Volatile.Write(ref _lastSent, stored);
                        return connection;
                    default:
                        HandleError(reply);
                        throw new ConnectionLostException($"set-up of '{Segment}' answered {reply.Type}");
                }
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the connection: one task reads acks, this one sends; returns or throws when the connection ends.</summary>
    private async Task PumpAsync(ITransportConnection connection)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, connection.ConnectionClosed);
        using var wakeOnClose = linked.Token.Register(static signal => ((AsyncSignal)signal!).Set(), _work);
        var receiving = ReceiveAsync(connection, linked);
        var sending = new List<AppendBatch>();
        try
        {
            while (true)
            {
                var idle = false;
                lock (_lock)
                {
                    if (_failure is not null)
                    {
                        return;
                    }
                    // Full batches (and flushed ones) leave at once. The open batch leaves when fewer than
                    // MaxBlocksInFlight blocks wait for their ack: a lone event goes out immediately, and under load
                    // events gather while blocks are on their way, so blocks grow with the load (Pravega sizes them
                    // from its ack latency to the same end, reference §2.4).
                    var lastSent = Volatile.Read(ref _lastSent);
                    var inFlight = 0;
                    foreach (var batch in _unacknowledged)
                    {
                        if (batch.LastEventNumber > lastSent)
                        {
                            sending.Add(batch);
                        }
                        else
                        {
                            inFlight++;
                        }
                    }
                    if (sending.Count == 0 && inFlight < MaxBlocksInFlight && _open is { EventCount: > 0 } open)
                    {
                        CloseOpenBatchLocked();
                        sending.Add(open);
                    }
                    idle = sending.Count == 0;
                }
                if (idle)
                {
                    // Woken by the next append, a flush, a failure, or the connection closing.
                    await _work.WaitAsync().ConfigureAwait(false);
                    linked.Token.ThrowIfCancellationRequested();
                    continue;
                }
                foreach (var batch in sending)
                {
                    // One block sized to the batch exactly: no padding on the wire.
                    new AppendBlock(WriterId, new ReadOnlySequence<byte>(batch.Data)).WriteTo(connection.Output);
                    new AppendBlockEnd(WriterId, batch.Length, default, batch.EventCount, batch.LastEventNumber, 1).WriteTo(connection.Output);
                }
                var flushed = await connection.Output.FlushAsync(linked.Token).ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    throw new ConnectionLostException("the segment store closed the connection");
                }
                Volatile.Write(ref _lastSent, sending[^1].LastEventNumber);
                sending.Clear();
            }
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            connection.Abort();
            try
            {
                await receiving.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The send side reports the break.
            }
        }
    }

    /// <summary>Reads replies: acks are parsed in place (no copy, no boxing: one per batch on the hot path), anything
    /// else is decoded and handled as an error or ignored.</summary>
    private async Task ReceiveAsync(ITransportConnection connection, CancellationTokenSource linked)
    {
        var input = connection.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(linked.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var stop = false;
                while (!stop && FrameReader.TryReadFrame(buffer, out var frame))
                {
                    var payload = buffer.Slice(WireProtocol.HeaderLength, frame.TotalLength - WireProtocol.HeaderLength);
                    if (frame.Type == WireCommandType.DataAppended)
                    {
                        var appended = DataAppended.Read(payload);
                        if (appended.WriterId == WriterId)
                        {
                            NoteWriteOffset(appended.CurrentSegmentWriteOffset);
                            Acknowledge(appended.EventNumber);
                        }
                    }
                    else if (frame.Type is not (WireCommandType.AppendSetup or WireCommandType.KeepAlive or WireCommandType.Hello))
                    {
                        HandleError(new Reply(frame.Type, WireCommandDecoder.Decode(frame.Type, new ReadOnlySequence<byte>(payload.ToArray()))));
                        stop = true;
                    }
                    buffer = buffer.Slice(frame.End);
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                if (stop || result.IsCompleted)
                {
                    await linked.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception)
        {
            // Broken or closed: the send side's next step fails and reconnects.
            await linked.CancelAsync().ConfigureAwait(false);
        }
    }

    private void NoteWriteOffset(long offset)
    {
        var seen = Interlocked.Read(ref _lastObservedWriteOffset);
        while (offset > seen)
        {
            var previous = Interlocked.CompareExchange(ref _lastObservedWriteOffset, offset, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }

    private static async Task<Reply> ReadReplyAsync(ITransportConnection connection, CancellationToken cancellationToken)
    {
        var input = connection.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (FrameReader.TryReadFrame(buffer, out var frame))
            {
                var bytes = buffer.Slice(0, frame.TotalLength).ToArray();
                input.AdvanceTo(frame.End);
                var payload = new ReadOnlySequence<byte>(bytes, WireProtocol.HeaderLength, bytes.Length - WireProtocol.HeaderLength);
                return new Reply(frame.Type, WireCommandDecoder.Decode(frame.Type, payload));
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new ConnectionLostException("the segment store closed the connection");
            }
        }
    }

    /// <summary>What an error reply means for the writer: fatal ones fail it; <c>WrongHost</c> only sends it to reconnect.</summary>
    private void HandleError(Reply reply)
    {
        switch (reply.Kind)
        {
            case ReplyKind.Sealed:
                Fail(new SegmentSealedException(Segment));
                break;
            case ReplyKind.SegmentMissing:
                Fail(new SegmentNotFoundException(Segment));
                break;
            case ReplyKind.WrongHost:
                _resolver.Invalidate(Segment);
                break;
            case ReplyKind.InvalidEventNumber:
            case ReplyKind.AuthFailed:
            case ReplyKind.Error:
            case ReplyKind.Unsupported:
                Fail(new SegmentStoreErrorException($"'{Segment}': the store refused the writer's appends ({reply.Type})"));
                break;
        }
    }
}
