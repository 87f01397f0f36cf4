using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Metadata;
using Pravega.Perf.SegmentStore.Operations;
using Pravega.Perf.SegmentStore.StorageWriter;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    /// <summary>
    /// Applies one queued operation in Tier-2. Every case is idempotent, because after a crash the operations logged
    /// after the recovery checkpoint are replayed and queued again whether or not Tier-2 had already applied them.
    /// </summary>
    private void ApplyStorageOperation(in StorageOperation operation)
    {
        var storage = _storage!;
        var segment = operation.Segment;
        switch (operation.Type)
        {
            case OperationType.Create:
                if (IsRemoved(segment))
                {
                    // Already deleted or merged away: it needs no Tier-2 object (its merge copies its bytes into the
                    // target instead). Creating it anyway could resurrect a source that Tier-2 already concatenated.
                    break;
                }
                try
                {
                    Await(storage.CreateAsync(segment.StorageName));
                }
                catch (StreamSegmentExistsException)
                {
                    ReconcileLength(segment); // created before a crash
                }
                lock (_committedLock)
                {
                    segment.StorageCreated = true;
                }
                break;
            case OperationType.Seal:
                // A segment merged away is sealed in Tier-2 by its merge, after its last bytes went there.
                if (!IsRemoved(segment))
                {
                    FlushSegment(segment, operation.Offset);
                    Await(storage.SealAsync(segment.StorageName));
                }
                break;
            case OperationType.Truncate:
                if (!IsRemoved(segment))
                {
                    // Tier-2 is written contiguously: the bytes up to the cut go there first, then the cut drops them.
                    FlushSegment(segment, operation.Offset);
                    Await(storage.TruncateAsync(segment.StorageName, operation.Offset));
                }
                break;
            case OperationType.Delete:
                DeleteFromStorage(segment);
                break;
            case OperationType.Merge:
                ApplyMergeInStorage(operation);
                break;
            default:
                throw new InvalidOperationException($"Container {Id}: {operation.Type} is not a storage operation.");
        }
    }

    /// <summary>
    /// Merge: the target's bytes up to the merge offset go to Tier-2, then the source's remaining bytes (from the
    /// target's cache, where the merge copied them), then the source is sealed and concatenated onto the target (Tier-2
    /// relinks its chunks: no copy). A source with no Tier-2 object is copied into the target instead.
    /// </summary>
    private void ApplyMergeInStorage(in StorageOperation operation)
    {
        var storage = _storage!;
        var target = operation.Segment;
        var source = operation.Source!;
        var targetOffset = operation.Offset;
        var sourceLength = operation.Length;
        if (IsRemoved(target))
        {
            // The target is gone too (deleted, or merged on: its own merge writes its bytes, the source's included,
            // from its new owner's cache). The source's Tier-2 copy has no further use.
            DeleteFromStorage(source);
            return;
        }
        if (!Await(storage.ExistsAsync(source.StorageName)))
        {
            // Either concatenated before a crash (the target holds the bytes: concat is atomic, so the target is then
            // at least at the end), or the source never reached Tier-2 (merged before its create was applied): then
            // its bytes go to the target directly, from the target's cache where the merge put them.
            ReconcileLength(target);
            FlushSegment(target, targetOffset + sourceLength);
            return;
        }
        FlushSegment(target, targetOffset);
        var info = Await(storage.GetInfoAsync(source.StorageName));
        var buffer = _flushBuffer ??= GC.AllocateUninitializedArray<byte>(Math.Max(_options.StorageMaxFlushBytes, _cache.BlockSize));
        for (var position = info.Length; position < sourceLength;)
        {
            var n = (int)Math.Min(sourceLength - position, _options.StorageMaxFlushBytes);
            if (target.ReadIndex.ReadCached(targetOffset + position, buffer.AsSpan(0, n)) != n)
            {
                throw new InvalidOperationException(
                    $"Container {Id}: bytes of merge source '{source.Name}' at {position} are not in the cache of '{target.Name}'.");
            }
            Await(storage.WriteAsync(source.StorageName, position, buffer.AsMemory(0, n)));
            Interlocked.Add(ref _counters.FlushedBytes, n);
            Interlocked.Increment(ref _counters.Flushes);
            position += n;
        }
        if (!info.IsSealed)
        {
            Await(storage.SealAsync(source.StorageName));
        }
        Await(storage.ConcatAsync(target.StorageName, targetOffset, source.StorageName));
        AdvanceStorageLength(target, targetOffset + sourceLength);
    }

    private void DeleteFromStorage(SegmentMetadata segment)
    {
        try
        {
            Await(_storage!.DeleteAsync(segment.StorageName));
        }
        catch (StreamSegmentNotExistsException)
        {
            // Deleted before a crash, or concatenated away.
        }
    }

    /// <summary>
    /// Makes the segment's storage length what Tier-2 really holds. Tier-2 longer than recorded means a crash hit after
    /// a Tier-2 write and before the checkpoint that would have recorded it: those bytes are skipped, never written twice.
    /// Tier-2 shorter than recorded (or longer than the log ever committed) is data loss and stops the writer.
    /// </summary>
    private void ReconcileLength(SegmentMetadata segment)
    {
        var info = Await(_storage!.GetInfoAsync(segment.StorageName));
        long recorded;
        long committed;
        lock (_committedLock)
        {
            recorded = segment.StorageLength;
            committed = segment.Committed.Length;
        }
        if (info.Length < recorded || info.Length > committed)
        {
            throw new InvalidDataException(
                $"Container {Id}: Tier-2 holds {info.Length} bytes of '{segment.Name}', but {recorded} were flushed and {committed} committed.");
        }
        if (info.Length > recorded)
        {
            Interlocked.Increment(ref _counters.ReconciledSegments);
            Interlocked.Add(ref _counters.ReconciledBytesSkipped, info.Length - recorded);
            StorageWriterLog.Reconciled(_logger, Id, segment.Name, recorded, info.Length, info.Length - recorded);
            AdvanceStorageLength(segment, info.Length);
        }
        lock (_committedLock)
        {
            segment.StorageCreated = true;
        }
    }

    /// <summary>
    /// After recovery, before anything runs: every segment is reconciled with Tier-2 now (one whose create is not queued
    /// again must exist there: the log is only cut past applied operations), so no flush starts from a stale length.
    /// </summary>
    private void ReconcileWithStorage()
    {
        if (_storage is null)
        {
            return;
        }
        HashSet<SegmentMetadata> creating;
        List<SegmentMetadata> segments;
        lock (_committedLock)
        {
            creating = [.. _storageQueue.Where(o => o.Type == OperationType.Create).Select(o => o.Segment)];
            segments = [.. _committedByName.Values];
        }
        foreach (var segment in segments)
        {
            try
            {
                // Also when its create is queued again: a Tier-2 object under its (incarnation-unique) name is its own.
                ReconcileLength(segment);
            }
            catch (StreamSegmentNotExistsException) when (creating.Contains(segment))
            {
                // Its queued create makes it.
            }
            catch (StreamSegmentNotExistsException) when (StorageLengthOf(segment) == 0)
            {
                // Logged before Tier-2 was enabled for this data directory: nothing is in Tier-2 yet.
                Await(_storage.CreateAsync(segment.StorageName));
                lock (_committedLock)
                {
                    segment.StorageCreated = true;
                }
            }
        }
        lock (_committedLock)
        {
            foreach (var segment in segments.Where(s => !s.Removed))
            {
                // Replayed appends below a storage length learnt mid-replay added WAL extents and blocks it covers.
                ApplyStorageFloors(segment);
                if (segment.Committed.Length > segment.StorageLength)
                {
                    MarkUnflushed(segment);
                }
            }
        }
    }

    /// <summary>
    /// Recovery ran out of cache: the log replays bytes that Tier-2 may already hold (flushed after the checkpoint that
    /// recovery started from). Asks Tier-2 for the real length of every segment replayed so far (Tier-2 names are unique
    /// per segment incarnation, so the answer is never another segment's), which makes those bytes evictable; true if
    /// any storage length rose. Under the committed lock, during recovery.
    /// </summary>
    private bool ReconcileForRecoveryRoom()
    {
        if (_storage is null || _recoveryById is null)
        {
            return false;
        }
        var raised = false;
        foreach (var segment in _recoveryById.Values)
        {
            long length;
            try
            {
                length = Await(_storage.GetInfoAsync(segment.StorageName)).Length;
            }
            catch (StreamSegmentNotExistsException)
            {
                continue; // its create is replayed too and will make it
            }
            if (length > segment.StorageLength)
            {
                Interlocked.Increment(ref _counters.ReconciledSegments);
                Interlocked.Add(ref _counters.ReconciledBytesSkipped, length - segment.StorageLength);
                StorageWriterLog.Reconciled(_logger, Id, segment.Name, segment.StorageLength, length, length - segment.StorageLength);
                // May pass the length replayed so far: the rest of the replay brings the segment up to it.
                segment.StorageLength = length;
                ApplyStorageFloors(segment);
                raised = true;
            }
        }
        return raised;
    }

    private bool IsRemoved(SegmentMetadata segment)
    {
        lock (_committedLock)
        {
            return segment.Removed;
        }
    }

    private long StorageLengthOf(SegmentMetadata segment)
    {
        lock (_committedLock)
        {
            return segment.StorageLength;
        }
    }
}
