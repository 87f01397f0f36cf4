namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>An offset condition failed: a conditional append whose expected offset is not the segment length (wire: <c>ConditionalCheckFailed</c>), or a truncation or read beyond the segment length.</summary>
public sealed class BadOffsetException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public BadOffsetException(string segmentName, long expectedOffset, long actualOffset)
        : base(segmentName, $"Segment '{segmentName}': expected offset {expectedOffset}, actual {actualOffset}.")
    {
        ExpectedOffset = expectedOffset;
        ActualOffset = actualOffset;
    }

    /// <summary>The offset the request expected (or asked for).</summary>
    public long ExpectedOffset { get; }

    /// <summary>The segment length at validation.</summary>
    public long ActualOffset { get; }
}
