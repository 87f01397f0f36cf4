using System.Buffers;
using System.Net;
using System.Threading.Channels;
using Pravega.Perf.Common;
using Pravega.Perf.Transport;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Replies;

namespace Pravega.Perf.Client.Segments;

/// <summary>
/// Appends events to one segment with exactly-once delivery (Pravega's <c>SegmentOutputStreamImpl</c>, reference
/// §2.4): a random writer id, event numbers counting up from 1, every event kept until the store acknowledges it.
/// <see cref="WriteAsync"/> completes when the event is durable. Events that arrive while a block is being sent travel
/// together in the next <c>APPEND_BLOCK</c>, sized to them exactly (no padding). When the connection breaks the writer
/// reconnects, sets up again, drops what <c>AppendSetup</c> says the store has and sends the rest with their original
/// numbers, so nothing is lost or stored twice.
/// </summary>
/// <remarks>
/// Errors: a sealed segment fails every unacknowledged and later event with <see cref="SegmentSealedException"/> (the
/// caller re-routes them to the successors, in order); a missing segment with <see cref="SegmentNotFoundException"/>;
/// a store unreachable for <see cref="SegmentStoreClientOptions.MaxAttempts"/> attempts with
/// <see cref="SegmentStoreUnavailableException"/>. After any of these the writer takes no more events. Unacknowledged
/// bytes are bounded by <c>maxInflightBytes</c>: <see cref="WriteAsync"/> waits for room (back-pressure).
/// </remarks>
public sealed class SegmentWriter : IAsyncDisposable
{
    private readonly ISegmentEndpointResolver _resolver;
    private readonly SegmentStoreClientOptions _options;
    private readonly long _maxInflightBytes;
    private readonly Channel<PendingEvent> _queue = Channel.CreateUnbounded<PendingEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();

    /// <summary>Admits writes one at a time, first come first served (async waiters of a SemaphoreSlim are released in
    /// order), so events waiting for room keep the order of the calls.</summary>
    private readonly SemaphoreSlim _admission = new(1, 1);
    private readonly Queue<PendingEvent> _inflight = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sendLoop;
    private readonly NextBlockSize _blockSize = new();
    private long _nextEventNumber;
    private long _inflightBytes;
    private long _lastSent;
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _failure;

    public SegmentWriter(string segment, ISegmentEndpointResolver resolver, SegmentStoreClientOptions? options = null, long maxInflightBytes = 16L << 20)
    {
        Segment = segment;
        _resolver = resolver;
        _options = options ?? new SegmentStoreClientOptions();
        _maxInflightBytes = maxInflightBytes;
        _sendLoop = Task.Run(SendLoopAsync);
    }

    public string Segment { get; }

    /// <summary>This writer's id on the wire (the store keeps its last event number per id).</summary>
    public Uuid WriterId { get; } = Uuid.NewRandom();

    /// <summary>Appends one event (<paramref name="payload"/> is framed as an event); completes when it is durable.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var durable = await AppendAsync(payload, cancellationToken).ConfigureAwait(false);
        await durable.ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the event in (waiting for room: back-pressure) and returns the task of its acknowledgement. That task is
    /// completed the moment the ack arrives, before any continuation runs, so a caller can tell which events were
    /// acknowledged when a later one fails.
    /// </summary>
    public async Task<Task> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var pending = new PendingEvent(payload.ToArray());
        await _admission.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                Task room;
                lock (_lock)
                {
                    if (_failure is { } failure)
                    {
                        throw failure;
                    }
                    if (_inflightBytes == 0 || _inflightBytes + pending.Data.Length <= _maxInflightBytes)
                    {
                        pending.EventNumber = ++_nextEventNumber;
                        _inflightBytes += pending.Data.Length;
                        _inflight.Enqueue(pending);
                        _queue.Writer.TryWrite(pending);
                        break;
                    }
                    room = _room.Task;
                }
                await room.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _admission.Release();
        }
        return pending.Completion.Task;
    }

    /// <summary>Waits until every event written so far is acknowledged (or failed).</summary>
    public async Task FlushAsync()
    {
        PendingEvent[] all;
        lock (_lock)
        {
            all = [.. _inflight];
        }
        foreach (var pending in all)
        {
            try
            {
                await pending.Completion.Task.ConfigureAwait(false);
            }
            catch (SegmentStoreClientException)
            {
                // Reported to the writer of that event.
            }
        }
    }

    /// <summary>Flushes, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        Fail(new ObjectDisposedException(nameof(SegmentWriter)));
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _sendLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _admission.Dispose();
    }

    /// <summary>Connects and sets up, sends what is unacknowledged, then sends new events in batches; starts over on a broken connection.</summary>
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
                (connection, var blocks) = await ConnectAsync(endPoint).ConfigureAwait(false);
                attempts = 0;
                backoff = _options.InitialBackoff;
                await PumpAsync(connection, blocks).ConfigureAwait(false);
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

    /// <summary>Hello and SETUP_APPEND; acknowledges what the store already has and rewinds sending to the first event it lacks.</summary>
    private async Task<(ITransportConnection Connection, AppendBlockWriter Blocks)> ConnectAsync(EndPoint endPoint)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        deadline.CancelAfter(_options.ConnectTimeout);
        var connection = await SocketConnection.ConnectAsync(endPoint, null, deadline.Token).ConfigureAwait(false);
        try
        {
            // The block writer registers the writer from its SETUP_APPEND: every append of this connection goes through it.
            var blocks = new AppendBlockWriter(connection.Output, _blockSize);
            blocks.WriteCommand(new Hello(WireProtocol.WireVersion, WireProtocol.OldestCompatibleVersion));
            blocks.WriteCommand(new SetupAppend(1, WriterId, Segment, _options.DelegationToken));
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
                        Acknowledge(Math.Max(0, setup.LastEventNumber));
                        lock (_lock)
                        {
                            _lastSent = Math.Max(0, setup.LastEventNumber);
                        }
                        return (connection, blocks);
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
    private async Task PumpAsync(ITransportConnection connection, AppendBlockWriter blocks)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, connection.ConnectionClosed);
        var receiving = ReceiveAsync(connection, linked);
        var batch = new List<PendingEvent>();
        try
        {
            // Resend what the store lacks, in order, then take new events as they come.
            lock (_lock)
            {
                batch.AddRange(_inflight.Where(p => p.EventNumber > _lastSent));
            }
            while (true)
            {
                if (batch.Count > 0)
                {
                    await SendAsync(connection, blocks, batch, linked.Token).ConfigureAwait(false);
                    batch.Clear();
                }
                if (!await _queue.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                {
                    return;
                }
                while (batch.Count < AppendBlockWriter.MaxQueuedEvents && _queue.Reader.TryRead(out var next))
                {
                    if (next.EventNumber > Volatile.Read(ref _lastSent))
                    {
                        batch.Add(next);
                    }
                }
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

    private async Task SendAsync(ITransportConnection connection, AppendBlockWriter blocks, List<PendingEvent> batch, CancellationToken cancellationToken)
    {
        // One block sized to the batch exactly: no padding on the wire.
        _blockSize.Size = batch.Count == 1 ? 0 : (int)Math.Min(batch.Sum(p => (long)p.Data.Length + 8), 8 << 20);
        foreach (var pending in batch)
        {
            blocks.Append(WriterId, pending.EventNumber, pending.Data);
        }
        blocks.CloseOpenBlock();
        var flushed = await connection.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flushed.IsCompleted)
        {
            throw new ConnectionLostException("the segment store closed the connection");
        }
        lock (_lock)
        {
            _lastSent = Math.Max(_lastSent, batch[^1].EventNumber);
        }
    }

    private async Task ReceiveAsync(ITransportConnection connection, CancellationTokenSource linked)
    {
        try
        {
            while (true)
            {
                var reply = await ReadReplyAsync(connection, linked.Token).ConfigureAwait(false);
                switch (reply.Command)
                {
                    case DataAppended appended when appended.WriterId == WriterId:
                        Acknowledge(appended.EventNumber);
                        break;
                    case AppendSetup or KeepAlive or Hello:
                        break;
                    default:
                        HandleError(reply);
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

    /// <summary>Completes every event up to <paramref name="eventNumber"/> and frees its room.</summary>
    private void Acknowledge(long eventNumber)
    {
        List<PendingEvent>? done = null;
        TaskCompletionSource? room = null;
        lock (_lock)
        {
            while (_inflight.TryPeek(out var head) && head.EventNumber <= eventNumber)
            {
                _inflight.Dequeue();
                _inflightBytes -= head.Data.Length;
                (done ??= []).Add(head);
            }
            if (done is not null)
            {
                room = _room;
                _room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        done?.ForEach(p => p.Completion.TrySetResult());
        room?.TrySetResult();
    }

    /// <summary>Fails every unacknowledged event and refuses later ones.</summary>
    private void Fail(Exception failure)
    {
        PendingEvent[] pending;
        TaskCompletionSource room;
        lock (_lock)
        {
            if (_failure is not null)
            {
                return;
            }
            _failure = failure;
            pending = [.. _inflight];
            _inflight.Clear();
            _inflightBytes = 0;
            room = _room;
        }
        _queue.Writer.TryComplete();
        foreach (var p in pending)
        {
            p.Completion.TrySetException(failure);
        }
        room.TrySetResult();
    }

    private sealed class PendingEvent(byte[] data)
    {
        public byte[] Data { get; } = data;

        public long EventNumber { get; set; }

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The block size of the next batch, set by the send loop just before it appends the batch.</summary>
    private sealed class NextBlockSize : IAppendBlockSizeSource
    {
        public int Size { get; set; }

        public int GetAppendBlockSize() => Size;
    }
}
