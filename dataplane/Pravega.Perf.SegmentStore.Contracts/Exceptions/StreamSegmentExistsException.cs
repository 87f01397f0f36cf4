namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>A segment with that name already exists. Wire: <c>SegmentAlreadyExists</c>.</summary>
public sealed class StreamSegmentExistsException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public StreamSegmentExistsException(string segmentName)
        : base(segmentName, $"Segment '{segmentName}' already exists.")
    {
    }
}
