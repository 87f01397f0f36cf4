using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Common.Hashing;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Client.Writers;

/// <summary>
/// Writes events to a stream (Pravega's <c>EventStreamWriter</c>): the routing key is hashed as Pravega hashes it, so a
/// key lands in the same segment as from a Java writer, and events of one key are stored in write order. Each segment
/// has its own exactly-once <see cref="SegmentWriter"/>; <see cref="WriteEventAsync"/> completes when the event is
/// durable. When a scale seals a segment, the events it had not acknowledged are sent on, in their order, to its
/// successors (asked of the controller), so nothing is lost and per-key order holds across the scale.
/// </summary>
/// <remarks>
/// Errors: a sealed stream (no successors) fails the pending events with <see cref="InvalidOperationException"/>; a
/// segment store unreachable through the retry budget with <see cref="SegmentStoreUnavailableException"/>. Events of
/// 8 MiB and more are refused (<see cref="ArgumentException"/>). Not yet: <c>noteTime</c>, transactions, atomic batches.
/// </remarks>
public sealed class EventStreamWriter<T> : IAsyncDisposable
{
    /// <summary>Pravega's <c>Serializer.MAX_EVENT_SIZE</c>.</summary>
    public const int MaxEventSize = 8 * 1024 * 1024;

    private readonly ScopedStream _stream;
    private readonly ISerializer<T> _serializer;
    private readonly ControllerClient _controller;
    private readonly ClientConfig _config;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Route> _routes = [];
    private readonly HashSet<Task> _tracking = [];

    /// <summary>Writers of sealed segments, closed with the writer.</summary>
    private readonly List<SegmentWriter> _retired = [];

    private EventStreamWriter(ScopedStream stream, ISerializer<T> serializer, ControllerClient controller, ClientConfig config)
    {
        _stream = stream;
        _serializer = serializer;
        _controller = controller;
        _config = config;
    }

    /// <summary>A writer on <paramref name="stream"/>, routed over its current segments.</summary>
    public static async Task<EventStreamWriter<T>> CreateAsync(ClientConfig config, ScopedStream stream, ISerializer<T> serializer,
        CancellationToken cancellationToken = default)
    {
        var controller = new ControllerClient(config);
        var writer = new EventStreamWriter<T>(stream, serializer, controller, config);
        var info = ProtoConvert.Info(stream);
        var current = await controller.CallAsync((c, o) => c.getCurrentSegmentsAsync(info, o), cancellationToken).ConfigureAwait(false);
        if (current.SegmentRanges_.Count == 0)
        {
            controller.Dispose();
            throw new InvalidOperationException($"stream '{stream}' is sealed");
        }
        foreach (var range in current.SegmentRanges_)
        {
            writer._routes.Add(writer.NewRoute(range));
        }
        writer._routes.Sort((a, b) => a.High.CompareTo(b.High));
        return writer;
    }

    /// <summary>Writes one event under <paramref name="routingKey"/> (null: a random segment); completes when it is durable.</summary>
    public Task WriteEventAsync(string? routingKey, T value, CancellationToken cancellationToken = default)
    {
        var bytes = _serializer.Serialize(value);
        if (bytes.Length >= MaxEventSize)
        {
            throw new ArgumentException($"an event of {bytes.Length} bytes exceeds the {MaxEventSize}-byte limit", nameof(value));
        }
        var hash = routingKey is null ? Random.Shared.NextDouble() : RoutingKeyHash.Hash(routingKey);
        return WriteAsync(new PendingEvent(hash, bytes.ToArray()), cancellationToken);
    }

    /// <summary>Waits until every event written so far is durable.</summary>
    public async Task FlushAsync()
    {
        Task[] tracking;
        lock (_tracking)
        {
            tracking = [.. _tracking];
        }
        await Task.WhenAll(tracking).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SegmentStoreClientException or InvalidOperationException)
        {
            // Reported to the writers of those events.
        }
        foreach (var writer in _routes.Select(r => r.Writer).Concat(_retired))
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
        _controller.Dispose();
        _gate.Dispose();
    }

    private async Task WriteAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendAsync(pending).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
        await pending.Done.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Hands the event to the segment writer of its key's range (under the gate, so a segment gets events in call
    /// order). A segment found sealed on the way is replaced by its successors first.
    /// </summary>
    private async Task SendAsync(PendingEvent pending)
    {
        while (true)
        {
            var route = RouteOf(pending.Hash);
            Task acknowledged;
            try
            {
                acknowledged = await route.Writer.AppendAsync(pending.Data).ConfigureAwait(false);
            }
            catch (SegmentSealedException)
            {
                if (!await RerouteLockedAsync(route).ConfigureAwait(false))
                {
                    pending.Done.TrySetException(new InvalidOperationException($"stream '{_stream}' is sealed"));
                    return;
                }
                continue;
            }
            route.Pending.Add(pending);
            var attempt = ++pending.Attempt;
            pending.Acknowledged = acknowledged;
            var task = Track(route, pending, attempt, acknowledged);
            lock (_tracking)
            {
                _tracking.Add(task);
            }
            _ = task.ContinueWith(t =>
            {
                lock (_tracking)
                {
                    _tracking.Remove(t);
                }
            }, TaskScheduler.Default);
            return;
        }
    }

    private async Task Track(Route route, PendingEvent pending, int attempt, Task write)
    {
        try
        {
            await write.ConfigureAwait(false);
            pending.Done.TrySetResult();
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                route.Pending.Remove(pending);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (SegmentSealedException)
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                await RerouteLockedAsync(route).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception e) when (pending.Attempt == attempt)
        {
            pending.Done.TrySetException(e);
        }
    }

    /// <summary>
    /// Under the gate: replaces a sealed segment by its successors and sends its unacknowledged events there, in order
    /// (once per segment). False when the stream is sealed (no successors): the segment's events then fail.
    /// </summary>
    private async Task<bool> RerouteLockedAsync(Route sealedRoute)
    {
        if (sealedRoute.Replaced)
        {
            return _routes.Count > 0;
        }
        sealedRoute.Replaced = true;
        var segment = new SegmentId { StreamInfo = ProtoConvert.Info(_stream), SegmentId_ = sealedRoute.SegmentId };
        SuccessorResponse successors;
        try
        {
            successors = await _controller.CallAsync((c, o) => c.getSegmentsImmediatelyFollowingAsync(segment, o), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            FailAll(sealedRoute, e);
            return false;
        }
        _routes.Remove(sealedRoute);
        _retired.Add(sealedRoute.Writer);
        if (successors.Segments.Count == 0)
        {
            FailAll(sealedRoute, new InvalidOperationException($"stream '{_stream}' is sealed"));
            return false;
        }
        foreach (var successor in successors.Segments.Select(s => s.Segment))
        {
            if (_routes.All(r => r.SegmentId != successor.SegmentId.SegmentId_))
            {
                _routes.Add(NewRoute(successor));
            }
        }
        _routes.Sort((a, b) => a.High.CompareTo(b.High));
        // Acknowledged events are done even if their continuation has not run yet: only the rest move on.
        var moving = sealedRoute.Pending.Where(p => !p.Acknowledged.IsCompletedSuccessfully).ToList();
        sealedRoute.Pending.Clear();
        foreach (var pending in moving)
        {
            await SendAsync(pending).ConfigureAwait(false);
        }
        return true;
    }

    private static void FailAll(Route route, Exception failure)
    {
        foreach (var pending in route.Pending)
        {
            pending.Done.TrySetException(failure);
        }
        route.Pending.Clear();
    }

    /// <summary>Pravega's lookup: the first segment whose upper bound is at or above the hash.</summary>
    private Route RouteOf(double hash)
    {
        foreach (var route in _routes)
        {
            if (hash <= route.High)
            {
                return route;
            }
        }
        return _routes[^1];
    }

    private Route NewRoute(SegmentRange range)
    {
        var segment = new Segment(_stream, range.SegmentId.SegmentId_);
        return new Route(range.SegmentId.SegmentId_, range.MaxKey, new SegmentWriter(segment.QualifiedName, _controller, _config.SegmentStore));
    }

    private sealed class Route(long segmentId, double high, SegmentWriter writer)
    {
        public long SegmentId { get; } = segmentId;

        public double High { get; } = high;

        public SegmentWriter Writer { get; } = writer;

        /// <summary>Events sent to this segment and not yet acknowledged, in the order they were sent.</summary>
        public List<PendingEvent> Pending { get; } = [];

        public bool Replaced { get; set; }
    }

    private sealed class PendingEvent(double hash, byte[] data)
    {
        public double Hash { get; } = hash;

        public byte[] Data { get; } = data;

        public int Attempt { get; set; }

        /// <summary>The current attempt's acknowledgement (completed the moment the ack arrives).</summary>
        public Task Acknowledged { get; set; } = Task.CompletedTask;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
