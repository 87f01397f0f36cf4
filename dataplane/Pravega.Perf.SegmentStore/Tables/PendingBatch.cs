namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>
/// An update or removal batch whose append was accepted but may not be durable yet. Batches of one table are applied
/// to its index strictly in append order (<see cref="TableSegment.Pending"/>), whatever order their acknowledgements'
/// continuations run in; <see cref="Applied"/> completes once this one is in the index.
/// </summary>
internal sealed class PendingBatch
{
    public PendingBatch(long sequence, long newLength, BatchChange[] changes)
    {
        Sequence = sequence;
        NewLength = newLength;
        Changes = changes;
    }

    public long Sequence { get; }

    /// <summary>The segment length once this batch is appended.</summary>
    public long NewLength { get; }

    public BatchChange[] Changes { get; }

    /// <summary>Durable (set under the index lock).</summary>
    public bool Done { get; set; }

    public TaskCompletionSource Applied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
