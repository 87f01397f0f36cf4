namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    /// <summary>Addresses of committed frames that start with a metadata checkpoint, oldest first (commit thread).</summary>
    private readonly Queue<long> _checkpointAddresses = new();

    /// <summary>Where the writer should truncate the log before its next write (0 = nothing to do).</summary>
    private long _truncationRequest;

    private long _truncatedTo;

    /// <summary>
    /// After a checkpoint commits: the log may be cut at the newest checkpoint that is older than every frame still
    /// holding a live byte (bytes of deleted, merged-away or truncated ranges are dead). Recovery then starts at that
    /// checkpoint, so replay stays bounded for workloads that truncate or delete; with Tier-2 the storage writer will
    /// move that bound forward for everything it has flushed. Commit thread.
    /// </summary>
    private void RequestLogTruncation()
    {
        long oldestLive;
        lock (_committedLock)
        {
            oldestLive = long.MaxValue;
            foreach (var segment in _committedByName.Values)
            {
                oldestLive = Math.Min(oldestLive, segment.WalExtents.MinAddress);
            }
        }
        var candidate = 0L;
        while (_checkpointAddresses.TryPeek(out var address) && address <= oldestLive)
        {
            candidate = address;
            _checkpointAddresses.Dequeue();
        }
        if (candidate > _truncatedTo)
        {
            // Keep the chosen checkpoint as a candidate again: it is still the log's head.
            var rest = _checkpointAddresses.ToArray();
            _checkpointAddresses.Clear();
            _checkpointAddresses.Enqueue(candidate);
            foreach (var address in rest)
            {
                _checkpointAddresses.Enqueue(address);
            }
            _truncatedTo = candidate;
            Interlocked.Exchange(ref _truncationRequest, candidate);
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
                _truncatedTo = 0;
            }
        }
    }

    /// <summary>How far the log has been truncated (for tests and diagnostics).</summary>
    public long TruncatedTo => Volatile.Read(ref _truncatedTo);
}
