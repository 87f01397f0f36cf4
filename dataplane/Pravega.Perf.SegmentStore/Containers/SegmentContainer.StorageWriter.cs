using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Metadata;
using Pravega.Perf.SegmentStore.StorageWriter;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    private readonly ManualResetEventSlim _storageWake = new(false);
    private readonly CancellationTokenSource _storageStop = new();
    private readonly List<(SegmentMetadata Segment, long End)> _flushScratch = [];
    private readonly List<TaskCompletionSource> _flushWaiters = [];
    private Thread? _storageThread;
    private byte[]? _flushBuffer;
    private int _urgentFlush;

    private void StartStorageWriter()
    {
        if (_storage is null)
        {
            return;
        }
        _cache.Pressure += OnCachePressure;
        _storageThread = new Thread(StorageWriterLoop) { IsBackground = true, Name = $"storage-writer-{Id}" };
        _storageThread.Start();
    }

    /// <summary>Stops the storage writer after its current Tier-2 call. Nothing is lost: whatever it did not flush is
    /// in the WAL, and the next start flushes it.</summary>
    private void StopStorageWriter()
    {
        if (_storageThread is null)
        {
            return;
        }
        _cache.Pressure -= OnCachePressure;
        _storageStop.Cancel();
        _storageWake.Set();
        _storageThread.Join();
        _storageThread = null;
        CompleteFlushWaiters(new Contracts.Exceptions.SegmentStoreShutdownException(string.Empty));
    }

    /// <summary>
    /// Flushes everything committed so far to Tier-2 now, whatever the thresholds say (Pravega's admin FlushToStorage),
    /// and completes once nothing is left unflushed; fails with the storage writer's error if a pass fails.
    /// </summary>
    public Task FlushToStorageAsync()
    {
        if (_storage is null)
        {
            throw new InvalidOperationException($"Container {Id} has no Tier-2.");
        }
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_flushWaiters)
        {
            _flushWaiters.Add(waiter);
        }
        OnCachePressure();
        return waiter.Task;
    }

    /// <summary>After a pass: release the flush waiters when nothing is left, or fail them with the pass's error.</summary>
    private void CompleteFlushWaiters(Exception? error)
    {
        lock (_flushWaiters)
        {
            if (_flushWaiters.Count == 0)
            {
                return;
            }
        }
        if (error is null)
        {
            var statistics = StorageStatistics;
            if (statistics.UnflushedBytes > 0 || statistics.PendingOperations > 0)
            {
                Volatile.Write(ref _urgentFlush, 1);
                _storageWake.Set();
                return;
            }
        }
        TaskCompletionSource[] waiters;
        lock (_flushWaiters)
        {
            waiters = [.. _flushWaiters];
            _flushWaiters.Clear();
        }
        foreach (var waiter in waiters)
        {
            if (error is null)
            {
                waiter.TrySetResult();
            }
            else
            {
                waiter.TrySetException(error);
            }
        }
    }

    /// <summary>The cache found nothing to evict: flush everything now, whatever the thresholds say.</summary>
    private void OnCachePressure()
    {
        Volatile.Write(ref _urgentFlush, 1);
        _storageWake.Set();
    }

    /// <summary>Wakes the storage writer after a commit that queued an operation or made a flush due (commit thread).</summary>
    private void WakeStorageWriterIfWorkArrived()
    {
        if (_storage is not null && Interlocked.Exchange(ref _storageWorkArrived, 0) != 0)
        {
            _storageWake.Set();
        }
    }

    private void StorageWriterLoop()
    {
        var failing = false;
        while (!_storageStop.IsCancellationRequested)
        {
            _storageWake.Wait(NextStorageWaitMs());
            _storageWake.Reset();
            if (_storageStop.IsCancellationRequested)
            {
                break;
            }
            try
            {
                RunStorageIteration();
                // The error is cleared before the flush waiters are released: a caller whose flush succeeded must
                // never still see the old failure in the statistics.
                if (failing)
                {
                    failing = false;
                    Volatile.Write(ref _counters.LastError, null);
                    StorageWriterLog.FlushRecovered(_logger, Id);
                }
                CompleteFlushWaiters(null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_storageStop.IsCancellationRequested)
                {
                    break;
                }
                // Tier-2 is down, full or read-only: nothing is lost (every byte and operation is still in the WAL and
                // the cache), the WAL is just not truncated meanwhile. Back-pressure follows once the cache or the WAL
                // fills up, with this error in the CacheFullException's reason.
                failing = true;
                Interlocked.Increment(ref _counters.Failures);
                Volatile.Write(ref _counters.LastError, $"{e.GetType().Name}: {e.Message}");
                StorageWriterLog.FlushFailed(_logger, Id, e.Message, _options.StorageRetryDelayMs, e);
                CompleteFlushWaiters(e);
                _storageStop.Token.WaitHandle.WaitOne(_options.StorageRetryDelayMs);
            }
        }
    }

    /// <summary>How long the storage writer may sleep: not at all with operations queued or a flush due, else until the
    /// oldest unflushed byte comes of age (at most a second, which also bounds how late a segment that holds the WAL back
    /// is noticed).</summary>
    private int NextStorageWaitMs()
    {
        const int MaxWaitMs = 1000;
        var now = NowMs();
        lock (_committedLock)
        {
            if (_storageQueue.Count > 0 || Volatile.Read(ref _urgentFlush) != 0)
            {
                return 0;
            }
            var wait = (long)MaxWaitMs;
            foreach (var segment in _dirty)
            {
                if (segment.Removed || segment.PendingStorageOperations > 0 || !segment.StorageCreated
                    || segment.StorageLength >= segment.Committed.Length)
                {
                    continue;
                }
                if (segment.Committed.Length - segment.StorageLength >= _options.StorageFlushThresholdBytes || HoldsWalBack(segment))
                {
                    return 0;
                }
                wait = Math.Min(wait, segment.DirtySinceMs + _options.StorageFlushAgeMs - now);
            }
            return (int)Math.Clamp(wait, 0, MaxWaitMs);
        }
    }

    /// <summary>
    /// One pass: apply the queued operations in WAL order (each flushes what it needs first), then flush the segments
    /// that are due, then let the WAL truncation move forward. A failure leaves the failed operation at the head of the
    /// queue (and skips the flushes, which must not overtake it); the next pass retries it.
    /// </summary>
    private void RunStorageIteration()
    {
        var progress = false;
        int budget;
        lock (_committedLock)
        {
            budget = _storageQueue.Count;
        }
        for (var i = 0; i < budget && !_storageStop.IsCancellationRequested; i++)
        {
            StorageOperation operation;
            lock (_committedLock)
            {
                operation = _storageQueue.Peek();
            }
            ApplyStorageOperation(operation);
            lock (_committedLock)
            {
                _storageQueue.Dequeue();
                operation.Segment.PendingStorageOperations--;
                if (operation.Source is not null)
                {
                    operation.Source.PendingStorageOperations--;
                }
            }
            Interlocked.Increment(ref _counters.OperationsApplied);
            progress = true;
        }
        progress |= FlushDueSegments();
        if (progress)
        {
            _cache.Evictor.AdvanceGeneration();
            RequestLogTruncation();
            RequestStorageCheckpoint();
        }
    }

    /// <summary>A checkpoint records the new storage lengths, so the log can be cut at it (only if the log moved since
    /// the last one: an idle container writes no checkpoints).</summary>
    private void RequestStorageCheckpoint()
    {
        if (Volatile.Read(ref _framesSinceCheckpoint) == 0)
        {
            return;
        }
        lock (_lock)
        {
            if (!_stopping)
            {
                _checkpointDue = true;
                WakeWriter();
            }
        }
    }

    private bool FlushDueSegments()
    {
        var now = NowMs();
        var urgent = Interlocked.Exchange(ref _urgentFlush, 0) != 0;
        _flushScratch.Clear();
        lock (_committedLock)
        {
            for (var i = _dirty.Count - 1; i >= 0; i--)
            {
                var segment = _dirty[i];
                if (segment.Removed || segment.StorageLength >= segment.Committed.Length)
                {
                    segment.InDirtyList = false;
                    _dirty[i] = _dirty[^1];
                    _dirty.RemoveAt(_dirty.Count - 1);
                    continue;
                }
                // A queued operation on the segment flushes what it needs itself; a flush now could overtake it.
                if (segment.PendingStorageOperations > 0 || !segment.StorageCreated)
                {
                    continue;
                }
                if (urgent || segment.Committed.Length - segment.StorageLength >= _options.StorageFlushThresholdBytes
                    || now - segment.DirtySinceMs >= _options.StorageFlushAgeMs || HoldsWalBack(segment))
                {
                    _flushScratch.Add((segment, segment.Committed.Length));
                }
            }
        }
        var flushed = false;
        foreach (var (segment, end) in _flushScratch)
        {
            flushed |= FlushSegment(segment, end);
        }
        _flushScratch.Clear();
        return flushed;
    }

    /// <summary>
    /// True if the segment's oldest unflushed byte is in a frame <see cref="SegmentStoreOptions.StorageFlushWalLagBytes"/>
    /// or more behind the newest committed one: it keeps the log from being truncated there, so it is flushed now
    /// rather than when it reaches the size or age threshold (<see cref="Metadata.WalExtents.MinAddress"/> is cached, so
    /// asking per dirty segment on every pass stays cheap). Committed lock.
    /// </summary>
    private bool HoldsWalBack(SegmentMetadata segment)
    {
        var lag = _options.StorageFlushWalLagBytes;
        return lag > 0 && _applyAddress - segment.WalExtents.MinAddress >= lag;
    }

    /// <summary>
    /// Writes the segment's cached bytes from its storage length up to <paramref name="end"/> to Tier-2, in writes of at
    /// most <c>StorageMaxFlushBytes</c>. A Tier-2 that already holds some of them (a crash after its write, before the
    /// checkpoint that records it) answers with a bad offset: reconcile and go on from its length.
    /// </summary>
    private bool FlushSegment(SegmentMetadata segment, long end)
    {
        var flushed = false;
        var buffer = _flushBuffer ??= GC.AllocateUninitializedArray<byte>(Math.Max(_options.StorageMaxFlushBytes, _cache.BlockSize));
        while (true)
        {
            long start;
            lock (_committedLock)
            {
                if (segment.Removed)
                {
                    return flushed;
                }
                start = segment.StorageLength;
            }
            if (start >= end)
            {
                return flushed;
            }
            var n = (int)Math.Min(end - start, _options.StorageMaxFlushBytes);
            var read = segment.ReadIndex.ReadCached(start, buffer.AsSpan(0, n));
            if (read < 0)
            {
                return flushed; // deleted or merged away meanwhile: its queued operation takes over
            }
            if (read < n)
            {
                throw new InvalidOperationException(
                    $"Container {Id}: unflushed bytes of '{segment.Name}' at {start + read} are not in the cache.");
            }
            try
            {
                Await(_storage!.WriteAsync(segment.StorageName, start, buffer.AsMemory(0, n)));
            }
            catch (BadOffsetException)
            {
                ReconcileLength(segment);
                continue;
            }
            Interlocked.Add(ref _counters.FlushedBytes, n);
            Interlocked.Increment(ref _counters.Flushes);
            AdvanceStorageLength(segment, start + n);
            flushed = true;
        }
    }

    /// <summary>Tier-2 durably holds the segment up to <paramref name="storageLength"/>.</summary>
    private void AdvanceStorageLength(SegmentMetadata segment, long storageLength)
    {
        lock (_committedLock)
        {
            if (storageLength <= segment.StorageLength)
            {
                return;
            }
            segment.StorageLength = storageLength;
            ApplyStorageFloors(segment);
            if (segment.InDirtyList && segment.StorageLength < segment.Committed.Length)
            {
                // The age of what is left is not tracked per byte; count it from now.
                segment.DirtySinceMs = NowMs();
            }
        }
    }
}
