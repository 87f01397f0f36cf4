using Pravega.Perf.Common;

namespace Pravega.Perf.Client.Segments;

/// <summary>
/// Appends events to one segment with exactly-once delivery (Pravega's <c>SegmentOutputStreamImpl</c>, reference
/// §2.4): a random writer id, event numbers counting up from 1, every event kept until the store acknowledges it.
/// Events written while a block is on its way gather in the next <see cref="AppendBatch"/>, which leaves as one
/// <c>APPEND_BLOCK</c> sized to it (batches adapt to the load: one event when writes are sparse, up to
/// <see cref="MaxBatchBytes"/> under load). Every event of a batch completes with the batch. When the connection
/// breaks the writer reconnects, sets up again, drops what <c>AppendSetup</c> says the store has and sends the rest
/// with their original event numbers, so nothing is lost or stored twice. Writers share their connections: blocks
/// travel over an <see cref="AppendConnectionPool"/>'s one connection per segment store (see
/// <see cref="AppendConnection"/>), each writer in its own session there.
/// </summary>
/// <remarks>
/// <para>Allocation: an event costs a copy into the batch's pooled buffer; the batch's completion, shared by its
/// events, is the only allocation, so a busy writer allocates nothing per event.</para>
/// <para>Errors: a sealed segment fails every unacknowledged and later event with <see cref="SegmentSealedException"/>
/// (unless a seal handler takes the unacknowledged batches over, as <c>EventStreamWriter</c> does to move them to the
/// successors); a missing segment with <see cref="SegmentNotFoundException"/>; a store unreachable for
/// <see cref="SegmentStoreClientOptions.MaxAttempts"/> attempts with <see cref="SegmentStoreUnavailableException"/>.
/// After any of these the writer takes no more events. Unacknowledged bytes are bounded by <c>maxInflightBytes</c>:
/// writes wait for room (back-pressure), in call order.</para>
/// </remarks>
public sealed partial class SegmentWriter : IAsyncDisposable
{
    /// <summary>Largest batch: Pravega's client caps a block near 512 KiB (<c>MAX_BATCH_SIZE</c>).</summary>
    public const int MaxBatchBytes = 512 * 1024;

    /// <summary>Blocks sent and not yet acknowledged before the open batch waits to grow (see the send loop).</summary>
    private const int MaxBlocksInFlight = 4;

    private readonly ISegmentEndpointResolver _resolver;
    private readonly SegmentStoreClientOptions _options;
    private readonly long _maxInflightBytes;
    private readonly Action<SegmentWriter, IReadOnlyList<AppendBatch>, Exception>? _onSealed;
    private readonly Lock _lock = new();

    /// <summary>Closed batches in event-number order: sent and waiting for their ack, then not yet sent.</summary>
    private readonly Queue<AppendBatch> _unacknowledged = new();

    /// <summary>Admits writes that had to wait for room, first come first served.</summary>
    private readonly SemaphoreSlim _admission = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sessionLoop;
    private readonly AppendConnectionPool _connections;
    private readonly bool _ownsConnections;
    private AppendBatch? _open;
    private int _waitingWriters;
    private int _disposed;
    private long _nextEventNumber;
    private long _lastObservedWriteOffset = -1;
    private int _lastBatchBytes = 4096;
    private int _lastBatchUnits = 16;
    private long _bytes;
    private readonly Lock _ackLock = new();
    private readonly List<AppendBatch> _acknowledged = [];
    private TaskCompletionSource? _room;
    private Exception? _failure;

    /// <summary>A writer with a connection of its own (to share connections, pass a pool).</summary>
    public SegmentWriter(string segment, ISegmentEndpointResolver resolver, SegmentStoreClientOptions? options = null, long maxInflightBytes = 16L << 20)
        : this(segment, resolver, options, maxInflightBytes, connections: null, onSealed: null)
    {
    }

    /// <summary>A writer whose blocks travel over <paramref name="connections"/> (null: a connection of its own);
    /// dispose the writer before the pool.</summary>
    public SegmentWriter(string segment, ISegmentEndpointResolver resolver, AppendConnectionPool? connections,
        SegmentStoreClientOptions? options = null, long maxInflightBytes = 16L << 20)
        : this(segment, resolver, options, maxInflightBytes, connections, onSealed: null)
    {
    }

    /// <summary>A writer whose unacknowledged batches, when the segment turns out sealed or missing, go to
    /// <paramref name="onSealed"/> instead of failing (called once, outside the writer's lock; it owns the batches then).</summary>
    internal SegmentWriter(string segment, ISegmentEndpointResolver resolver, SegmentStoreClientOptions? options, long maxInflightBytes,
        AppendConnectionPool? connections, Action<SegmentWriter, IReadOnlyList<AppendBatch>, Exception>? onSealed)
    {
        Segment = segment;
        _resolver = resolver;
        _options = options ?? new SegmentStoreClientOptions();
        _maxInflightBytes = maxInflightBytes;
        _onSealed = onSealed;
        _ownsConnections = connections is null;
        _connections = connections ?? new AppendConnectionPool(_options);
        _sessionLoop = Task.Run(SessionLoopAsync);
    }

    public string Segment { get; }

    /// <summary>The segment's length in the store's last acknowledgement (-1 before the first): where this writer's
    /// events end, as far as it knows (Pravega's <c>lastObservedWriteOffset</c>, the writer's position for watermarks).</summary>
    public long LastObservedWriteOffset => Interlocked.Read(ref _lastObservedWriteOffset);

    /// <summary>This writer's id on the wire (the store keeps its last event number per id).</summary>
    public Uuid WriterId { get; } = Uuid.NewRandom();

    /// <summary>Appends one event (<paramref name="payload"/> is framed as an event); completes when it is durable.</summary>
    public Task WriteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        switch (TryAppend(payload.Span, 1, framed: false, 0, force: false, out var durable))
        {
            case AppendOutcome.Appended:
                return durable;
            default:
                return WriteSlowAsync(payload, cancellationToken);
        }
    }

    private async Task WriteSlowAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        await (await AppendAsync(payload, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>
    /// Takes the event in (waiting for room: back-pressure) and returns the task of its acknowledgement, which is
    /// completed the moment the ack arrives, before any continuation runs.
    /// </summary>
    public ValueTask<Task> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        AppendUnitAsync(payload, framed: false, cancellationToken);

    /// <summary>
    /// Like <see cref="AppendAsync"/>, but stores <paramref name="data"/> exactly as given, with no event header (byte
    /// streams, Pravega's <c>PendingEvent.withoutHeader</c>). It is one unit of the writer's exactly-once numbering;
    /// keep it at most <see cref="MaxBatchBytes"/> so a block stays within the batch limit.
    /// </summary>
    public ValueTask<Task> AppendRawAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        AppendUnitAsync(data, framed: true, cancellationToken);

    private async ValueTask<Task> AppendUnitAsync(ReadOnlyMemory<byte> data, bool framed, CancellationToken cancellationToken)
    {
        if (TryAppend(data.Span, 1, framed, 0, force: false, out var durable) == AppendOutcome.Appended)
        {
            return durable;
        }
        Interlocked.Increment(ref _waitingWriters);
        try
        {
            await _admission.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var outcome = TryAppend(data.Span, 1, framed, 0, force: false, out durable, admitted: true);
                    if (outcome == AppendOutcome.Appended)
                    {
                        return durable;
                    }
                    await WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _admission.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waitingWriters);
        }
    }

    /// <summary>
    /// The allocation-free path: adds <paramref name="data"/> (a payload, or bytes in stored form holding
    /// <paramref name="events"/> events when <paramref name="framed"/>) as one unit to the open batch, unless the
    /// writer is out of room (<see cref="AppendOutcome.NoRoom"/>: wait with <see cref="WaitForRoomAsync"/>; with
    /// <paramref name="force"/> the bound is ignored) or closed (<see cref="AppendOutcome.Closed"/>). A failed writer
    /// throws its failure unless a seal handler took its events.
    /// </summary>
    internal AppendOutcome TryAppend(ReadOnlySpan<byte> data, int events, bool framed, double hash, bool force, out Task durable, bool admitted = false)
    {
        var size = framed ? data.Length : data.Length + 8;
        lock (_lock)
        {
            durable = Task.CompletedTask;
            if (_failure is { } failure)
            {
                if (_onSealed is not null && failure is SegmentSealedException or SegmentNotFoundException)
                {
                    return AppendOutcome.Closed;
                }
                throw failure;
            }
            if (!force && ((!admitted && Volatile.Read(ref _waitingWriters) > 0) || (_bytes > 0 && _bytes + size > _maxInflightBytes)))
            {
                return AppendOutcome.NoRoom;
            }
            if (_open is null || (_open.Length > 0 && _open.Length + size > MaxBatchBytes))
            {
                CloseOpenBatchLocked();
                _open = new AppendBatch(Math.Min(Math.Max(size, _lastBatchBytes), MaxBatchBytes), _lastBatchUnits);
            }
            if (framed)
            {
                _open.AddFramed(data, events, hash);
            }
            else
            {
                _open.AddEvent(data, hash);
            }
            _bytes += size;
            durable = _open.Completion;
        }
        WakeSender();
        return AppendOutcome.Appended;
    }

    /// <summary>Completes when acknowledgements made room (or the writer failed).</summary>
    internal Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_failure is not null || _bytes == 0)
            {
                return Task.CompletedTask;
            }
            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _room.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits until every event written so far is acknowledged (or failed).</summary>
    public async Task FlushAsync()
    {
        Task? last;
        lock (_lock)
        {
            CloseOpenBatchLocked();
            last = _unacknowledged.Count > 0 ? _unacknowledged.Last().Completion : null;
        }
        WakeSender();
        if (last is not null)
        {
            try
            {
                await last.ConfigureAwait(false);
            }
            catch (Exception e) when (e is SegmentStoreClientException or InvalidOperationException)
            {
                // Reported to the writers of those events.
            }
        }
    }

    /// <summary>Flushes, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await FlushAsync().ConfigureAwait(false);
        Fail(new ObjectDisposedException(nameof(SegmentWriter)));
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _sessionLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        if (_ownsConnections)
        {
            await _connections.DisposeAsync().ConfigureAwait(false);
        }
        _stop.Dispose();
        _admission.Dispose();
    }

    /// <summary>Moves the open batch to the send queue with its event numbers (under the lock).</summary>
    private void CloseOpenBatchLocked()
    {
        if (_open is { EventCount: > 0 } open)
        {
            _lastBatchBytes = Math.Max(4096, open.Length);
            _lastBatchUnits = open.UnitCount;
            _nextEventNumber += open.EventCount;
            open.LastEventNumber = _nextEventNumber;
            _unacknowledged.Enqueue(open);
            _open = null;
        }
    }

    /// <summary>Tells the current session's connection that this writer has something to send.</summary>
    private void WakeSender()
    {
        if (Volatile.Read(ref _session) is { } session)
        {
            session.Connection.RequestSend(session);
        }
    }

    /// <summary>Completes every batch up to <paramref name="eventNumber"/> and frees its room. Acks arrive from one
    /// receive loop at a time, but a set-up on a new connection may overlap a late ack on the old one: the scratch
    /// list has a lock of its own (never contended in steady state).</summary>
    private void Acknowledge(long eventNumber)
    {
        lock (_ackLock)
        {
            AcknowledgeLocked(eventNumber);
        }
        WakeSender(); // fewer blocks in flight: the open batch may go
    }

    private void AcknowledgeLocked(long eventNumber)
    {
        var done = _acknowledged;
        TaskCompletionSource? room = null;
        lock (_lock)
        {
            while (_unacknowledged.TryPeek(out var head) && head.LastEventNumber <= eventNumber)
            {
                _unacknowledged.Dequeue();
                _bytes -= head.Length;
                done.Add(head);
            }
            if (done.Count > 0)
            {
                (room, _room) = (_room, null);
            }
        }
        foreach (var batch in done)
        {
            batch.Succeed();
            batch.Release();
        }
        done.Clear();
        room?.TrySetResult();
    }

    /// <summary>Fails every unacknowledged event and refuses later ones (or hands them to the seal handler).</summary>
    private void Fail(Exception failure)
    {
        List<AppendBatch> pending;
        TaskCompletionSource? room;
        lock (_lock)
        {
            if (_failure is not null)
            {
                return;
            }
            _failure = failure;
            CloseOpenBatchLocked();
            pending = [.. _unacknowledged];
            _unacknowledged.Clear();
            _bytes = 0;
            (room, _room) = (_room, null);
        }
        if (_onSealed is not null && failure is SegmentSealedException or SegmentNotFoundException)
        {
            _onSealed(this, pending, failure);
        }
        else
        {
            foreach (var batch in pending)
            {
                batch.Fail(failure);
            }
        }
        room?.TrySetResult();
        // The session loop sees the failure and ends the writer's session.
        Volatile.Read(ref _session)?.End();
    }
}

/// <summary>What <see cref="SegmentWriter.TryAppend"/> did.</summary>
internal enum AppendOutcome
{
    Appended,
    NoRoom,
    Closed,
}
