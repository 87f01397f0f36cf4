namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>A read asked for bytes below the segment's start offset. Wire: <c>SegmentIsTruncated</c>.</summary>
public sealed class StreamSegmentTruncatedException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public StreamSegmentTruncatedException(string segmentName, long startOffset, long requestedOffset)
        : base(segmentName, $"Segment '{segmentName}' starts at {startOffset}; offset {requestedOffset} is truncated.")
    {
        StartOffset = startOffset;
        RequestedOffset = requestedOffset;
    }

    /// <summary>The current start offset (the head) of the segment.</summary>
    public long StartOffset { get; }

    /// <summary>The offset that was asked for.</summary>
    public long RequestedOffset { get; }
}
