using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Client.Writers;

public sealed partial class EventStreamWriter<T>
{
    /// <summary>Starts the drain of the waiting writes unless it runs (under the lock).</summary>
    private void EnsureDrainLocked()
    {
        if (!_draining)
        {
            _draining = true;
            _drain = Task.Run(DrainAsync);
        }
    }

    /// <summary>
    /// Hands the waiting writes to their segment writers in call order: waits for room when a writer has none, and for
    /// the re-routing of a sealed segment before anything else moves.
    /// </summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_waiting.First is not { } node)
                {
                    _draining = false;
                    return;
                }
                var next = node.Value;
                if (_closed is { } closed)
                {
                    FailWaitingLocked(closed);
                    _draining = false;
                    return;
                }
                if (next.CancellationToken.IsCancellationRequested)
                {
                    _waiting.RemoveFirst();
                    next.Fail(new OperationCanceledException(next.CancellationToken));
                    continue;
                }
                if (_rerouting > 0)
                {
                    wait = _rerouted.Task;
                }
                else
                {
                    var route = RouteOf(next.Hash);
                    AppendOutcome outcome;
                    Task durable;
                    try
                    {
                        outcome = route.Writer.TryAppend(next.Data, next.Events, next.Framed, next.Hash, force: false, out durable);
                    }
                    catch (Exception e) when (e is SegmentStoreClientException or ObjectDisposedException)
                    {
                        _waiting.RemoveFirst();
                        next.Fail(e);
                        continue;
                    }
                    switch (outcome)
                    {
                        case AppendOutcome.Appended:
                            _waiting.RemoveFirst();
                            next.CompleteWith(durable);
                            continue;
                        case AppendOutcome.NoRoom:
                            wait = route.Writer.WaitForRoomAsync(next.CancellationToken);
                            break;
                        default:
                            // Sealed, and its hand-over has not reached us yet: it will raise _rerouting.
                            wait = Task.Delay(1);
                            break;
                    }
                }
            }
            try
            {
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The head's token: dropped at the top of the loop.
            }
        }
    }

    /// <summary>
    /// A segment writer found its segment sealed (or gone): it hands over its unacknowledged batches, which move, unit by
    /// unit and in order, to the successors, ahead of every write still waiting.
    /// </summary>
    private void OnSealed(SegmentWriter writer, IReadOnlyList<AppendBatch> batches, Exception reason)
    {
        lock (_lock)
        {
            _rerouting++;
        }
        _ = RerouteAsync(writer, batches, reason);
    }

    private async Task RerouteAsync(SegmentWriter writer, IReadOnlyList<AppendBatch> batches, Exception reason)
    {
        Route? sealedRoute;
        lock (_lock)
        {
            sealedRoute = _routes.FirstOrDefault(r => r.Writer == writer);
        }
        SuccessorResponse? successors = null;
        Exception? failure = null;
        if (sealedRoute is not null)
        {
            try
            {
                var segment = new SegmentId { StreamInfo = ProtoConvert.Info(_stream), SegmentId_ = sealedRoute.SegmentId };
                successors = await _controller.CallAsync((c, o) => c.getSegmentsImmediatelyFollowingAsync(segment, o), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }
        TaskCompletionSource rerouted;
        lock (_lock)
        {
            if (sealedRoute is not null && failure is null)
            {
                _routes.Remove(sealedRoute);
                _retired.Add(writer);
                if (successors!.Segments.Count == 0)
                {
                    failure = new InvalidOperationException($"stream '{_stream}' is sealed");
                    _closed ??= failure;
                }
                else
                {
                    foreach (var successor in successors.Segments.Select(s => s.Segment))
                    {
                        if (_routes.All(r => r.SegmentId != successor.SegmentId.SegmentId_))
                        {
                            _routes.Add(NewRoute(successor.SegmentId.SegmentId_, successor.MaxKey));
                        }
                    }
                    _routes.Sort((a, b) => a.High.CompareTo(b.High));
                }
            }
            failure ??= sealedRoute is null ? reason : null;
            MoveLocked(batches, failure);
            if (--_rerouting == 0)
            {
                (rerouted, _rerouted) = (_rerouted, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }
            else
            {
                rerouted = new TaskCompletionSource();
            }
            if (_waiting.Count > 0)
            {
                EnsureDrainLocked();
            }
        }
        rerouted.TrySetResult();
    }

    /// <summary>Each unit of the sealed segment's batches to the writer of its key's new segment (or, in the rare case
    /// that one is sealed already, to the head of the queue); each batch completes when all its units did.</summary>
    private void MoveLocked(IReadOnlyList<AppendBatch> batches, Exception? failure)
    {
        var requeue = new List<PendingWrite>();
        foreach (var batch in batches)
        {
            if (failure is not null)
            {
                batch.Fail(failure);
                batch.Release();
                continue;
            }
            var moved = new List<Task>();
            foreach (var (data, events, hash) in batch.Units())
            {
                var route = RouteOf(hash);
                Task durable;
                AppendOutcome outcome;
                try
                {
                    outcome = route.Writer.TryAppend(data.Span, events, framed: true, hash, force: true, out durable);
                }
                catch (Exception e) when (e is SegmentStoreClientException or ObjectDisposedException)
                {
                    outcome = AppendOutcome.Appended;
                    durable = Task.FromException(e);
                }
                if (outcome != AppendOutcome.Appended)
                {
                    var pending = new PendingWrite(data.ToArray(), events, framed: true, hash, CancellationToken.None);
                    requeue.Add(pending);
                    durable = pending.Task;
                }
                moved.Add(durable);
            }
            batch.CompleteWith(Task.WhenAll(moved));
            batch.Release();
        }
        for (var i = requeue.Count - 1; i >= 0; i--)
        {
            _waiting.AddFirst(requeue[i]);
        }
    }

    private void FailWaitingLocked(Exception failure)
    {
        foreach (var pending in _waiting)
        {
            pending.Fail(failure);
        }
        _waiting.Clear();
    }
}
