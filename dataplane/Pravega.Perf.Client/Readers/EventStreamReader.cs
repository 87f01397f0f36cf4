using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.State;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Controller.Contracts.V1;
using Segment = Pravega.Perf.Client.Streams.Segment;

namespace Pravega.Perf.Client.Readers;

/// <summary>
/// A member of a reader group (Pravega's <c>EventStreamReader</c>): reads events from the segments it owns, in order
/// per segment, so per routing key. Ownership is agreed through the group's state (<see cref="GroupStateRules"/>):
/// every <see cref="ReaderGroupConfig.GroupRefreshTime"/> the reader takes its share of unassigned segments or hands
/// back its excess, records where it is, reports segments read to their end (their successors then join the group,
/// after all their predecessors), and meets checkpoints. Between refreshes reading touches no shared state.
/// </summary>
/// <remarks>
/// Not for concurrent use: one <see cref="ReadNextEventAsync"/> at a time (as Pravega's). Errors: a group that was
/// deleted is <see cref="ReaderGroupNotFoundException"/>; a reader declared offline by someone else,
/// <see cref="ReaderNotInReaderGroupException"/>; a store or controller out of reach after the client's retries,
/// <see cref="SegmentStoreUnavailableException"/> / <see cref="ControllerUnavailableException"/>: the reader can be
/// called again, it resumes where it was. <see cref="DisposeAsync"/> takes it offline at its exact position, so the
/// segments it owned are picked up by others without loss or duplicates.
/// </remarks>
public sealed class EventStreamReader<T> : IAsyncDisposable
{
    private readonly ClientContext _context;
    private readonly string _group;
    private readonly StateSynchronizer<GroupState> _state;
    private readonly ISerializer<T> _serializer;
    private readonly Dictionary<string, SegmentInput> _inputs = new(StringComparer.Ordinal);
    private SegmentInput[] _order = [];
    private Segment[] _orderSegments = [];
    private int _next;
    private long _generation = -1;
    private string? _checkpointToPass;
    private long _nextSync;
    private long _lastForcedSync;
    private int _busy;
    private bool _closed;

    private EventStreamReader(ClientContext context, string group, string readerId, StateSynchronizer<GroupState> state, ISerializer<T> serializer)
    {
        _context = context;
        _group = group;
        ReaderId = readerId;
        _state = state;
        _serializer = serializer;
    }

    public string ReaderId { get; }

    private readonly Dictionary<ScopedStream, WatermarkTracker> _watermarks = [];

    /// <summary>
    /// Where the group stands in <paramref name="stream"/>'s event time, from the watermarks the controller writes for
    /// it (Pravega's <c>getCurrentTimeWindow</c>): the lower bound becomes known once the group's positions (as of its
    /// last shared-state refresh) are past a watermark in every segment, and never goes back.
    /// </summary>
    public async Task<TimeWindow> GetCurrentTimeWindowAsync(ScopedStream stream, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var state = _state.State ?? throw new InvalidOperationException("the reader has no group state yet");
        WatermarkTracker? tracker;
        lock (_watermarks)
        {
            if (!_watermarks.TryGetValue(stream, out tracker))
            {
                _watermarks[stream] = tracker = new WatermarkTracker(_context.Segments, stream);
            }
        }
        return await tracker.WindowAsync(state, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<EventStreamReader<T>> CreateAsync(ClientContext context, string scope, string group, string readerId,
        ISerializer<T> serializer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(readerId);
        var state = ReaderGroup.OpenState(context, scope, group);
        try
        {
            await ReaderGroup.GuardAsync(group, () => state.UpdateStateAsync(s => GroupStateRules.AddReader(s, readerId), cancellationToken)).ConfigureAwait(false);
        }
        catch
        {
            state.Dispose();
            throw;
        }
        return new EventStreamReader<T>(context, group, readerId, state, serializer);
    }

    /// <summary>
    /// The next event of the segments this reader owns, waiting up to <paramref name="timeout"/> for one. Also returns,
    /// in place of an event, a checkpoint (<see cref="EventRead{T}.IsCheckpoint"/>; the reader passes it on the next
    /// call) or the end of everything the group reads (<see cref="EventRead{T}.IsReadCompleted"/>); neither within the
    /// timeout: an <see cref="EventRead{T}"/> without an event.
    /// </summary>
    public async Task<EventRead<T>> ReadNextEventAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("ReadNextEventAsync is already running on this reader");
        }
        try
        {
            return await ReadCoreAsync(Environment.TickCount64 + (long)timeout.TotalMilliseconds, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private async Task<EventRead<T>> ReadCoreAsync(long deadline, CancellationToken cancellationToken)
    {
        if (_checkpointToPass is { } passing)
        {
            var positions = Positions();
            await UpdateAsync(s => GroupStateRules.PassCheckpoint(s, _generation, ReaderId, passing, positions), cancellationToken).ConfigureAwait(false);
            _checkpointToPass = null;
        }
        while (true)
        {
            var now = Environment.TickCount64;
            if (now >= _nextSync || (_order.Any(i => i.IsFinished) && now - _lastForcedSync >= 20))
            {
                _lastForcedSync = now;
                if (await SyncAsync(cancellationToken).ConfigureAwait(false) is { } checkpoint)
                {
                    _checkpointToPass = checkpoint;
                    return new EventRead<T>(default, false, CurrentPosition(), null, checkpoint, false);
                }
            }
            if (TryReadEvent(out var read))
            {
                return read;
            }
            if (_order.Length == 0 && _state.State is { } state && GroupStateRules.IsReadCompleted(state))
            {
                return new EventRead<T>(default, false, CurrentPosition(), null, null, isReadCompleted: true);
            }
            now = Environment.TickCount64;
            var wait = Math.Min(deadline, _nextSync) - now;
            if (_order.Any(i => i.IsFinished))
            {
                wait = Math.Min(wait, 20); // report the finished segment soon: its successors wait for it
            }
            if (now >= deadline)
            {
                return new EventRead<T>(default, false, CurrentPosition(), null, null, false);
            }
            var reads = _order.Select(i => i.Outstanding).OfType<Task>().ToList();
            if (wait > 0 && !_order.Any(i => i.Outstanding is { IsCompleted: true }))
            {
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                reads.Add(Task.Delay(TimeSpan.FromMilliseconds(wait), delay.Token));
                await Task.WhenAny(reads).ConfigureAwait(false);
                delay.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Round-robin over owned segments, starting after the one that gave the last event.</summary>
    private bool TryReadEvent(out EventRead<T> read)
    {
        for (var i = 0; i < _order.Length; i++)
        {
            var index = (_next + i) % _order.Length;
            var input = _order[index];
            input.Fill();
            if (input.TryTakeEvent(out var payload, out var pointer))
            {
                _next = index + 1;
                var value = _serializer.Deserialize(payload);
                read = new EventRead<T>(value, true, CurrentPosition(), pointer, null, false);
                return true;
            }
        }
        read = null!;
        return false;
    }

    /// <summary>
    /// One look at the group state: follow a reset, meet a checkpoint (returned for the caller when it is not silent),
    /// complete finished segments, rebalance, record positions, and open or close inputs to match what the state says
    /// this reader owns.
    /// </summary>
    private async Task<string?> SyncAsync(CancellationToken cancellationToken)
    {
        await ReaderGroup.GuardAsync(_group, () => _state.FetchUpdatesAsync(cancellationToken)).ConfigureAwait(false);
        Reconcile();
        while (GroupStateRules.PendingCheckpoint(_state.State!, ReaderId) is { } checkpoint)
        {
            if (!checkpoint.Silent)
            {
                return checkpoint.Name;
            }
            var positions = Positions();
            await UpdateAsync(s => GroupStateRules.PassCheckpoint(s, _generation, ReaderId, checkpoint.Name, positions), cancellationToken).ConfigureAwait(false);
        }
        foreach (var finished in _order.Where(i => i.IsFinished).ToList())
        {
            var successors = _state.State!.EndOffsets.ContainsKey(finished.Name)
                ? new Dictionary<string, IReadOnlyList<string>>()
                : await SuccessorsAsync(finished.Segment, cancellationToken).ConfigureAwait(false);
            await UpdateAsync(s => GroupStateRules.CompleteSegment(s, _generation, ReaderId, finished.Name, successors), cancellationToken).ConfigureAwait(false);
        }
        var current = Positions();
        await UpdateAsync(s => GroupStateRules.Rebalance(s, _generation, ReaderId, current)
            ?? GroupStateRules.RecordPositions(s, _generation, ReaderId, current), cancellationToken).ConfigureAwait(false);
        _nextSync = Environment.TickCount64 + Math.Max(1, _state.State!.Settings.RefreshMillis);
        return null;
    }

    private async Task UpdateAsync(Func<GroupState, GroupState?> update, CancellationToken cancellationToken)
    {
        await ReaderGroup.GuardAsync(_group, () => _state.UpdateStateAsync(update, cancellationToken)).ConfigureAwait(false);
        Reconcile();
    }

    /// <summary>Makes the open inputs match the segments the state gives this reader (all of them dropped on a reset).</summary>
    private void Reconcile()
    {
        var state = _state.State!;
        if (state.Generation != _generation)
        {
            foreach (var input in _inputs.Values)
            {
                input.Dispose();
            }
            _inputs.Clear();
            _checkpointToPass = null;
            _generation = state.Generation;
        }
        if (!state.Readers.TryGetValue(ReaderId, out var owned))
        {
            throw new ReaderNotInReaderGroupException(ReaderId);
        }
        var changed = false;
        foreach (var gone in _inputs.Keys.Where(k => !owned.ContainsKey(k)).ToList())
        {
            _inputs.Remove(gone, out var input);
            input!.Dispose();
            changed = true;
        }
        foreach (var (segment, offset) in owned)
        {
            if (!_inputs.ContainsKey(segment))
            {
                _inputs[segment] = new SegmentInput(_context.Segments, segment, offset, state.EndOffsets.TryGetValue(segment, out var end) ? end : null);
                changed = true;
            }
        }
        if (changed)
        {
            _order = [.. _inputs.Values];
            _orderSegments = [.. _order.Select(i => i.Segment)];
            _next = 0;
        }
    }

    private async Task<Dictionary<string, IReadOnlyList<string>>> SuccessorsAsync(Segment segment, CancellationToken cancellationToken)
    {
        var id = new SegmentId { StreamInfo = ProtoConvert.Info(segment.Stream), SegmentId_ = segment.SegmentId };
        var response = await _context.Controller.CallAsync((c, o) => c.getSegmentsImmediatelyFollowingAsync(id, o), cancellationToken).ConfigureAwait(false);
        return response.Segments.ToDictionary(
            e => new Segment(segment.Stream, e.Segment.SegmentId.SegmentId_).QualifiedName,
            e => (IReadOnlyList<string>)e.Value.Select(p => new Segment(segment.Stream, p).QualifiedName).ToList(),
            StringComparer.Ordinal);
    }

    private Dictionary<string, long> Positions() => _order.ToDictionary(i => i.Name, i => i.Offset, StringComparer.Ordinal);

    private Position CurrentPosition()
    {
        var offsets = new long[_order.Length];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = _order[i].Offset;
        }
        return new Position(_orderSegments, offsets);
    }

    /// <summary>Takes the reader offline at its exact position (its segments go back to the group from there).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        try
        {
            var positions = Positions();
            await _state.UpdateStateAsync(s => GroupStateRules.RemoveReader(s, ReaderId, positions)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SegmentStoreClientException or InvalidOperationException)
        {
            // The group is gone or out of reach: its members declare this reader offline (ReaderOfflineAsync).
        }
        foreach (var input in _inputs.Values)
        {
            input.Dispose();
        }
        _state.Dispose();
    }
}
