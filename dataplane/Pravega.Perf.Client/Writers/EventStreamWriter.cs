using System.Buffers;
using System.Buffers.Binary;
using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Common.Hashing;

namespace Pravega.Perf.Client.Writers;

/// <summary>
/// Writes events to a stream (Pravega's <c>EventStreamWriter</c>): the routing key is hashed as Pravega hashes it, so a
/// key lands in the same segment as from a Java writer, and events of one key are stored in write order. Each segment
/// has its own exactly-once <see cref="SegmentWriter"/>; <see cref="WriteEventAsync"/> completes when the event is
/// durable. When a scale seals a segment, the events it had not acknowledged are sent on, in their order, to its
/// successors (asked of the controller), so nothing is lost and per-key order holds across the scale.
/// </summary>
/// <remarks>
/// <para>Speed: an event goes straight into its segment writer's open batch (copied once, no allocation with an
/// <see cref="IBufferSerializer{T}"/> such as <see cref="Utf8StringSerializer"/>); the task returned is shared by the
/// events of that batch. Writes take a slower, queued path, in call order, only while a segment writer is out of
/// room (back-pressure: at most <see cref="MaxInflightBytesPerSegment"/> unacknowledged bytes per segment) or a
/// sealed segment is being replaced.</para>
/// <para>Error contract: a sealed stream (no successors) fails pending and later events with
/// <see cref="InvalidOperationException"/>; a segment store unreachable through the retry budget with
/// <see cref="SegmentStoreUnavailableException"/> (the writer is then unusable, as Pravega's); an event over
/// <see cref="MaxEventSize"/> (or an atomic batch over twice that) is <see cref="ArgumentException"/> at the call; a
/// missing stream, <see cref="InvalidOperationException"/> from <see cref="CreateAsync"/>; a
/// write after <see cref="DisposeAsync"/>, <see cref="ObjectDisposedException"/>. A cancelled token only stops the
/// wait of a write that is queued for room; an event that was taken is written. Transactions: <see cref="Transactions.TransactionalEventStreamWriter{T}"/>.
/// Not yet: events over 8 MiB (Pravega's large events).</para>
/// </remarks>
public sealed partial class EventStreamWriter<T> : IAsyncDisposable
{
    /// <summary>Pravega's <c>Serializer.MAX_EVENT_SIZE</c>.</summary>
    public const int MaxEventSize = 8 * 1024 * 1024;

    /// <summary>Unacknowledged bytes per segment before writes wait.</summary>
    public const long MaxInflightBytesPerSegment = 16L << 20;

    private readonly ScopedStream _stream;
    private readonly ISerializer<T> _serializer;
    private readonly IBufferSerializer<T>? _bufferSerializer;
    private readonly ControllerClient _controller;
    private readonly ClientConfig _config;

    /// <summary>The segment writers' connections: one per segment store, shared by all of this writer's segments.</summary>
    private readonly AppendConnectionPool _connections;
    private readonly Lock _lock = new();
    private readonly List<Route> _routes = [];
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);

    /// <summary>Writers of sealed segments, closed with the writer.</summary>
    private readonly List<SegmentWriter> _retired = [];

    /// <summary>Writes that could not take the fast path, in call order (re-routed units of a sealed segment go first).</summary>
    private readonly LinkedList<PendingWrite> _waiting = new();
    private Task _drain = Task.CompletedTask;
    private bool _draining;
    private int _rerouting;
    private TaskCompletionSource _rerouted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _closed;
    private int _disposed;

    private EventStreamWriter(ScopedStream stream, ISerializer<T> serializer, ControllerClient controller, ClientConfig config)
    {
        _stream = stream;
        _serializer = serializer;
        _bufferSerializer = serializer as IBufferSerializer<T>;
        _controller = controller;
        _config = config;
        _connections = new AppendConnectionPool(config.SegmentStore);
    }

    /// <summary>A writer on <paramref name="stream"/>, routed over its current segments.</summary>
    public static async Task<EventStreamWriter<T>> CreateAsync(ClientConfig config, ScopedStream stream, ISerializer<T> serializer,
        CancellationToken cancellationToken = default)
    {
        var controller = new ControllerClient(config);
        var writer = new EventStreamWriter<T>(stream, serializer, controller, config);
        Controller.Contracts.V1.SegmentRanges current;
        try
        {
            current = await controller.CallAsync((c, o) => c.getCurrentSegmentsAsync(ProtoConvert.Info(stream), o), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            controller.Dispose();
            if (e is ControllerFailureException { InnerException: Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.NotFound } })
            {
                throw new InvalidOperationException($"stream '{stream}' does not exist", e);
            }
            throw;
        }
        if (current.SegmentRanges_.Count == 0)
        {
            controller.Dispose();
            throw new InvalidOperationException($"stream '{stream}' is sealed or does not exist");
        }
        foreach (var range in current.SegmentRanges_)
        {
            writer._routes.Add(writer.NewRoute(range.SegmentId.SegmentId_, range.MaxKey));
        }
        writer._routes.Sort((a, b) => a.High.CompareTo(b.High));
        return writer;
    }

    /// <summary>Writes one event under <paramref name="routingKey"/> (null: a random segment); completes when it is durable.</summary>
    public Task WriteEventAsync(string? routingKey, T value, CancellationToken cancellationToken = default)
    {
        var hash = routingKey is null ? Random.Shared.NextDouble() : RoutingKeyHash.Hash(routingKey);
        lock (_lock)
        {
            ReadOnlySpan<byte> payload;
            byte[]? array = null;
            if (_bufferSerializer is not null)
            {
                _scratch.ResetWrittenCount();
                _bufferSerializer.Serialize(value, _scratch);
                payload = _scratch.WrittenSpan;
            }
            else
            {
                var memory = _serializer.Serialize(value);
                payload = memory.Span;
                array = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment)
                    && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : null;
            }
            if (payload.Length > MaxEventSize)
            {
                throw new ArgumentException($"an event of {payload.Length} bytes exceeds the {MaxEventSize}-byte limit", nameof(value));
            }
            return AppendLocked(payload, array, 1, framed: false, hash, cancellationToken);
        }
    }

    /// <summary>
    /// Writes <paramref name="values"/> under one routing key as one atomic unit (Pravega's <c>writeEvents</c>): they
    /// are stored together in one append, in order, or not at all. At most 2 × <see cref="MaxEventSize"/> in all.
    /// </summary>
    public Task WriteEventsAsync(string routingKey, IEnumerable<T> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(routingKey);
        var framed = new ArrayBufferWriter<byte>();
        var count = 0;
        foreach (var value in values)
        {
            var header = framed.GetSpan(8);
            framed.Advance(8);
            var before = framed.WrittenCount;
            if (_bufferSerializer is not null)
            {
                _bufferSerializer.Serialize(value, framed);
            }
            else
            {
                framed.Write(_serializer.Serialize(value).Span);
            }
            var length = framed.WrittenCount - before;
            if (length > MaxEventSize)
            {
                throw new ArgumentException($"an event of {length} bytes exceeds the {MaxEventSize}-byte limit", nameof(values));
            }
            var written = System.Runtime.InteropServices.MemoryMarshal.AsMemory(framed.WrittenMemory).Span;
            BinaryPrimitives.WriteInt32BigEndian(written[(before - 8)..], 0);
            BinaryPrimitives.WriteInt32BigEndian(written[(before - 4)..], length);
            count++;
        }
        if (count == 0)
        {
            return Task.CompletedTask;
        }
        if (framed.WrittenCount > 2 * MaxEventSize)
        {
            throw new ArgumentException($"a batch of {framed.WrittenCount} bytes exceeds the {2 * MaxEventSize}-byte limit", nameof(values));
        }
        var hash = RoutingKeyHash.Hash(routingKey);
        lock (_lock)
        {
            return AppendLocked(framed.WrittenSpan, null, count, framed: true, hash, cancellationToken);
        }
    }

    /// <summary>The fast path into the segment writer, or the queue when that cannot take it now.</summary>
    private Task AppendLocked(ReadOnlySpan<byte> data, byte[]? array, int events, bool framed, double hash, CancellationToken cancellationToken)
    {
        if (_closed is { } closed)
        {
            return Task.FromException(closed);
        }
        if (_waiting.Count == 0 && _rerouting == 0)
        {
            var route = RouteOf(hash);
            try
            {
                if (route.Writer.TryAppend(data, events, framed, hash, force: false, out var durable) == AppendOutcome.Appended)
                {
                    return durable;
                }
            }
            catch (Exception e) when (e is SegmentStoreClientException or ObjectDisposedException)
            {
                return Task.FromException(e);
            }
        }
        var pending = new PendingWrite(array ?? data.ToArray(), events, framed, hash, cancellationToken);
        _waiting.AddLast(pending);
        EnsureDrainLocked();
        return pending.Task;
    }

    /// <summary>Waits until every event written so far is durable (or failed).</summary>
    public async Task FlushAsync()
    {
        while (true)
        {
            Task drain;
            Task rerouted;
            List<SegmentWriter> writers;
            lock (_lock)
            {
                if (_waiting.Count == 0 && _rerouting == 0 && !_draining)
                {
                    writers = [.. _routes.Select(r => r.Writer), .. _retired];
                    drain = Task.CompletedTask;
                    rerouted = Task.CompletedTask;
                }
                else
                {
                    writers = [];
                    drain = _drain;
                    rerouted = _rerouting > 0 ? _rerouted.Task : Task.CompletedTask;
                }
            }
            if (writers.Count > 0 || (drain.IsCompleted && rerouted.IsCompleted))
            {
                foreach (var writer in writers)
                {
                    await writer.FlushAsync().ConfigureAwait(false);
                }
                lock (_lock)
                {
                    if (_waiting.Count == 0 && _rerouting == 0 && !_draining)
                    {
                        return;
                    }
                }
                continue;
            }
            await Task.WhenAll(drain, rerouted).ConfigureAwait(false);
        }
    }

    /// <summary>Flushes, then closes every segment writer; later writes fail with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await FlushAsync().ConfigureAwait(false);
        List<SegmentWriter> writers;
        lock (_lock)
        {
            _closed ??= new ObjectDisposedException(nameof(EventStreamWriter<T>));
            writers = [.. _routes.Select(r => r.Writer), .. _retired];
        }
        foreach (var writer in writers)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
        await _connections.DisposeAsync().ConfigureAwait(false);
        _controller.Dispose();
    }

    /// <summary>Pravega's lookup: the first segment whose upper bound is at or above the hash.</summary>
    private Route RouteOf(double hash)
    {
        var routes = _routes;
        for (var i = 0; i < routes.Count; i++)
        {
            if (hash <= routes[i].High)
            {
                return routes[i];
            }
        }
        return routes[^1];
    }

    private Route NewRoute(long segmentId, double high)
    {
        var segment = new Segment(_stream, segmentId);
        return new Route(segmentId, high, new SegmentWriter(segment.QualifiedName, _controller, _config.SegmentStore, MaxInflightBytesPerSegment, _connections, OnSealed));
    }

    private sealed class Route(long segmentId, double high, SegmentWriter writer)
    {
        public long SegmentId { get; } = segmentId;

        public double High { get; } = high;

        public SegmentWriter Writer { get; } = writer;
    }

    /// <summary>A write that waits in the queue: its own copy of the data and its own completion.</summary>
    private sealed class PendingWrite(byte[] data, int events, bool framed, double hash, CancellationToken cancellationToken)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public byte[] Data { get; } = data;

        public int Events { get; } = events;

        public bool Framed { get; } = framed;

        public double Hash { get; } = hash;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public Task Task => _done.Task;

        public void Fail(Exception failure) => _done.TrySetException(failure);

        public void CompleteWith(Task durable) =>
            durable.ContinueWith(static (t, state) =>
            {
                var done = (TaskCompletionSource)state!;
                if (t.IsCompletedSuccessfully)
                {
                    done.TrySetResult();
                }
                else
                {
                    done.TrySetException(t.Exception?.InnerException ?? new OperationCanceledException());
                }
            }, _done, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
