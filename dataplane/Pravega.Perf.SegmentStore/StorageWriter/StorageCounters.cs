namespace Pravega.Perf.SegmentStore.StorageWriter;

/// <summary>What one container's storage writer and Tier-2 reads did so far (updated with interlocked adds).</summary>
internal sealed class StorageCounters
{
    public long FlushedBytes;
    public long Flushes;
    public long OperationsApplied;
    public long ReconciledSegments;
    public long ReconciledBytesSkipped;
    public long Tier2Reads;
    public long Tier2ReadBytes;
    public long ReadAheads;
    public long Failures;
    public string? LastError;
    public string? Tier2Repairs;

    public StorageWriterStatistics Snapshot(int containerId, long unflushedBytes, long pendingOperations) => new(
        containerId,
        Interlocked.Read(ref FlushedBytes),
        Interlocked.Read(ref Flushes),
        Interlocked.Read(ref OperationsApplied),
        Interlocked.Read(ref ReconciledSegments),
        Interlocked.Read(ref ReconciledBytesSkipped),
        Interlocked.Read(ref Tier2Reads),
        Interlocked.Read(ref Tier2ReadBytes),
        Interlocked.Read(ref ReadAheads),
        Interlocked.Read(ref Failures),
        unflushedBytes,
        pendingOperations,
        Volatile.Read(ref LastError),
        Volatile.Read(ref Tier2Repairs));
}
