namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>The store (or the segment's container) is shutting down or stopped; the request was not carried out, or its outcome is unknown.</summary>
public sealed class SegmentStoreShutdownException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public SegmentStoreShutdownException(string segmentName)
        : base(segmentName, "The segment store is shutting down.")
    {
    }
}
