namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>The segment was merged into another one and no longer exists on its own.</summary>
public sealed class StreamSegmentMergedException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public StreamSegmentMergedException(string segmentName)
        : base(segmentName, $"Segment '{segmentName}' was merged.")
    {
    }
}
