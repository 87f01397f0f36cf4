namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    /// <summary>Guards the truncation state below: the commit thread and the storage writer both move it.</summary>
    private readonly Lock _truncationLock = new();

    /// <summary>Addresses of committed frames that start with a metadata checkpoint, oldest first.</summary>
    private readonly Queue<long> _checkpointAddresses = new();

    /// <summary>Where the writer should truncate the log before its next write (0 = nothing to do).</summary>
    private long _truncationRequest;

    private long _truncatedTo;

    private void AddCheckpointAddress(long address)
    {
        lock (_truncationLock)
        {
            _checkpointAddresses.Enqueue(address);
        }
    }

    /// <summary>
    /// After a checkpoint commits, and after the storage writer made progress: the log may be cut at the newest
    /// checkpoint that is older than every frame still needed, i.e. every frame holding a byte that is neither dead
    /// (deleted, merged away, truncated) nor in Tier-2 (<see cref="Metadata.WalExtents"/> from each segment's WAL floor)
    /// and every frame holding an operation not yet applied in Tier-2 (the storage queue's head). Recovery then starts
    /// at that checkpoint, whose snapshot (storage lengths included) plus Tier-2 holds everything before it.
    /// </summary>
    private void RequestLogTruncation()
    {
        lock (_truncationLock)
        {
            long oldestLive;
            lock (_committedLock)
            {
                oldestLive = long.MaxValue;
                foreach (var segment in _committedByName.Values)
                {
                    oldestLive = Math.Min(oldestLive, segment.WalExtents.MinAddress);
                }
                if (_storageQueue.TryPeek(out var head))
                {
                    oldestLive = Math.Min(oldestLive, head.Address);
                }
            }
            var candidate = 0L;
            while (_checkpointAddresses.TryPeek(out var address) && address <= oldestLive)
            {
                candidate = address;
                _checkpointAddresses.Dequeue();
            }
            if (candidate > 0)
            {
                // Keep the chosen checkpoint as a candidate again: it is still the log's head.
                var rest = _checkpointAddresses.ToArray();
                _checkpointAddresses.Clear();
                _checkpointAddresses.Enqueue(candidate);
                foreach (var address in rest)
                {
                    _checkpointAddresses.Enqueue(address);
                }
            }
            if (candidate > _truncatedTo)
            {
                _truncatedTo = candidate;
                Interlocked.Exchange(ref _truncationRequest, candidate);
            }
        }
    }

    /// <summary>The device is single-threaded, so the writer thread performs truncations between writes.</summary>
    private void TruncateLogIfRequested()
    {
        var address = Interlocked.Exchange(ref _truncationRequest, 0);
        if (address > 0)
        {
            try
            {
                _device.TruncateBefore(address);
            }
            catch (IOException)
            {
                // Truncation only reclaims space; the log stays correct without it and the next checkpoint retries.
                lock (_truncationLock)
                {
                    _truncatedTo = 0;
                }
            }
        }
    }

    /// <summary>How far the log has been truncated (for tests and diagnostics).</summary>
    public long TruncatedTo => Volatile.Read(ref _truncatedTo);
}
