using Microsoft.Extensions.Logging;
using Pravega.Perf.SegmentStore.Metadata;
using Pravega.Perf.SegmentStore.Operations;
using Pravega.Perf.SegmentStore.Storage;
using Pravega.Perf.SegmentStore.StorageWriter;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    private readonly Func<long, IChunkedSegmentStorage>? _storageFactory;
    private readonly ILogger _logger;
    private readonly StorageCounters _counters = new();

    /// <summary>Committed operations not yet applied in Tier-2, in WAL order; committed lock.</summary>
    private readonly Queue<StorageOperation> _storageQueue = new();

    /// <summary>Segments that may have unflushed bytes; committed lock.</summary>
    private readonly List<SegmentMetadata> _dirty = [];

    /// <summary>This container's Tier-2, opened with its epoch; null when Tier-2 is off.</summary>
    private IChunkedSegmentStorage? _storage;

    /// <summary>Set (under the committed lock) when a commit gave the storage writer something to do now.</summary>
    private int _storageWorkArrived;

    /// <summary>Non-checkpoint frames written since the last checkpoint (writer thread writes, storage writer reads).</summary>
    private int _framesSinceCheckpoint;

    /// <summary>True when the container writes to Tier-2.</summary>
    public bool HasStorage => _storageFactory is not null;

    /// <summary>What the storage writer did (for tests, diagnostics and hosts).</summary>
    public StorageWriterStatistics StorageStatistics
    {
        get
        {
            long unflushed = 0;
            long pending;
            lock (_committedLock)
            {
                foreach (var segment in _dirty)
                {
                    unflushed += segment.Removed ? 0 : Math.Max(0, segment.Committed.Length - segment.StorageLength);
                }
                pending = _storageQueue.Count;
            }
            return _counters.Snapshot(Id, unflushed, pending);
        }
    }

    /// <summary>The Tier-2 name of a committed segment (for tests and diagnostics).</summary>
    public string StorageNameOf(string segmentName)
    {
        lock (_committedLock)
        {
            return CommittedSegment(segmentName).StorageName;
        }
    }

    /// <summary>The storage length of a committed segment (for tests and diagnostics).</summary>
    public long StorageLengthOf(string segmentName)
    {
        lock (_committedLock)
        {
            return CommittedSegment(segmentName).StorageLength;
        }
    }

    /// <summary>Opens Tier-2 with the container's new epoch (fencing older owners out of every segment) and repairs what
    /// a crash left there, before the log is replayed (replaying a merge may read the source's bytes back).</summary>
    private void OpenStorage()
    {
        if (_storageFactory is null)
        {
            return;
        }
        _storage = _storageFactory(Epoch);
        var report = Await(_storage.ReconcileAsync());
        var repairs = report.ChunksTrimmed + report.OrphanChunksDeleted + report.TempFilesDeleted + report.ConcatsCompleted
            + report.ConcatsRolledBack + report.DeletesCompleted + report.CompressionLeftoversDeleted + report.MissingChunks.Count;
        if (repairs > 0)
        {
            _counters.Tier2Repairs = report.ToString();
            StorageWriterLog.Tier2Repaired(_logger, Id, report.ToString());
        }
    }

    private void CloseStorage()
    {
        if (_storage is not null)
        {
            // Read-aheads run on the thread pool; let them finish before the storage goes away (they are short).
            SpinWait.SpinUntil(() => Volatile.Read(ref _readAheadsInFlight) == 0, TimeSpan.FromSeconds(10));
            _storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        _storageWake.Dispose();
        _storageStop.Dispose();
    }

    /// <summary>Queues a committed operation for Tier-2; under the committed lock (also during recovery).</summary>
    private void EnqueueStorage(OperationType type, SegmentMetadata segment, SegmentMetadata? source, long offset, long length)
    {
        if (_storage is null)
        {
            return;
        }
        _storageQueue.Enqueue(new StorageOperation(type, segment, source, offset, length, _applyAddress));
        segment.PendingStorageOperations++;
        if (source is not null)
        {
            source.PendingStorageOperations++;
        }
        Volatile.Write(ref _storageWorkArrived, 1);
    }

    /// <summary>A commit added bytes to the segment; under the committed lock.</summary>
    private void MarkUnflushed(SegmentMetadata segment)
    {
        if (_storage is null)
        {
            return;
        }
        if (!segment.InDirtyList)
        {
            segment.InDirtyList = true;
            segment.DirtySinceMs = NowMs();
            _dirty.Add(segment);
        }
        if (_options.StorageFlushAgeMs == 0 || segment.Committed.Length - segment.StorageLength >= _options.StorageFlushThresholdBytes)
        {
            Volatile.Write(ref _storageWorkArrived, 1);
        }
    }

    /// <summary>Where the segment's bytes must still be in the WAL from: everything not yet in Tier-2 (truncated bytes
    /// too: Tier-2 is written contiguously); without Tier-2, everything not truncated.</summary>
    private long WalFloor(SegmentMetadata segment) =>
        _storage is null ? segment.Committed.StartOffset : segment.StorageLength;

    /// <summary>Where the segment's bytes must still be cached or readable from: not truncated, or not yet in Tier-2.</summary>
    private long CacheFloor(SegmentMetadata segment) =>
        _storage is null ? segment.Committed.StartOffset : Math.Min(segment.Committed.StartOffset, segment.StorageLength);

    /// <summary>After the storage length rose: release WAL extents and cache blocks it no longer needs; committed lock.</summary>
    private void ApplyStorageFloors(SegmentMetadata segment)
    {
        segment.WalExtents.TruncateBefore(WalFloor(segment));
        segment.ReadIndex.SetEvictableBelow(segment.StorageLength);
        segment.ReadIndex.TruncateBefore(CacheFloor(segment));
    }

    /// <summary>The reason a full cache gives the appender: with Tier-2, how much is waiting for it and why.</summary>
    private string CacheFullReason()
    {
        if (_storage is null)
        {
            return "cache (no Tier-2: the cache holds every live byte)";
        }
        var statistics = StorageStatistics;
        var reason = $"cache: {statistics.UnflushedBytes} bytes of container {Id} are not yet in Tier-2";
        return statistics.LastError is { } error ? reason + ", whose last write failed: " + error : reason;
    }

    /// <summary>Runs a Tier-2 call to completion on this thread: the file-system storage completes synchronously, and
    /// the storage writer and recovery are threads of their own.</summary>
    private static T Await<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static void Await(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }
}
