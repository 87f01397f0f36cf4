namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>The segment does not exist (or was deleted). Wire: <c>NoSuchSegment</c>.</summary>
public sealed class StreamSegmentNotExistsException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public StreamSegmentNotExistsException(string segmentName)
        : base(segmentName, $"Segment '{segmentName}' does not exist.")
    {
    }
}
