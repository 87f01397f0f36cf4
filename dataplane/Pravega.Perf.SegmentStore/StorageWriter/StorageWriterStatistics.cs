namespace Pravega.Perf.SegmentStore.StorageWriter;

/// <summary>A snapshot of one container's Tier-2 activity.</summary>
/// <param name="ContainerId">The container.</param>
/// <param name="FlushedBytes">Bytes written to Tier-2 by the storage writer.</param>
/// <param name="Flushes">Tier-2 writes.</param>
/// <param name="OperationsApplied">Creates, seals, truncates, merges and deletes applied in Tier-2.</param>
/// <param name="ReconciledSegments">Times a segment was found longer in Tier-2 than recorded (a crash after a Tier-2
/// write but before the checkpoint that records it) and its storage length was moved up.</param>
/// <param name="ReconciledBytesSkipped">Bytes those reconciliations found already in Tier-2 (never written twice).</param>
/// <param name="Tier2Reads">Reads of evicted data served from Tier-2 (read-ahead included).</param>
/// <param name="Tier2ReadBytes">Bytes those reads fetched.</param>
/// <param name="ReadAheads">Background read-aheads started for sequential readers.</param>
/// <param name="Failures">Failed storage writer iterations (retried after a pause).</param>
/// <param name="UnflushedBytes">Committed bytes not yet in Tier-2.</param>
/// <param name="PendingOperations">Storage operations not yet applied in Tier-2.</param>
/// <param name="LastError">The last Tier-2 failure, or null once an iteration succeeded after it.</param>
/// <param name="Tier2Repairs">What Tier-2 reconciliation repaired at container start, or null when nothing.</param>
public sealed record StorageWriterStatistics(int ContainerId, long FlushedBytes, long Flushes, long OperationsApplied,
    long ReconciledSegments, long ReconciledBytesSkipped, long Tier2Reads, long Tier2ReadBytes, long ReadAheads,
    long Failures, long UnflushedBytes, long PendingOperations, string? LastError, string? Tier2Repairs);
