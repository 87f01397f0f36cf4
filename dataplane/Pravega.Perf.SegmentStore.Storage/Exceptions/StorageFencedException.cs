namespace Pravega.Perf.SegmentStore.Storage.Exceptions;

/// <summary>
/// A container with a higher epoch owns the segment: this (stale) owner must stop writing it. Nothing the failed call
/// would have changed is visible.
/// </summary>
public sealed class StorageFencedException : StorageException
{
    /// <summary>Creates the error.</summary>
    public StorageFencedException(string segmentName, long epoch, long ownerEpoch)
        : base(segmentName, $"Segment '{segmentName}' is owned by epoch {ownerEpoch}; epoch {epoch} is fenced out.")
    {
        Epoch = epoch;
        OwnerEpoch = ownerEpoch;
    }

    /// <summary>The epoch of the owner that was fenced out.</summary>
    public long Epoch { get; }

    /// <summary>The epoch that owns the segment now.</summary>
    public long OwnerEpoch { get; }
}
