using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Client.Batch;

/// <summary>
/// The bytes of one segment that lie between two stream cuts (Pravega's <c>SegmentRange</c>): events from
/// <see cref="StartOffset"/> (inclusive) to <see cref="EndOffset"/> (exclusive). Ranges of different segments are
/// independent and can be read in parallel, by different processes.
/// </summary>
public sealed record SegmentRange(Segment Segment, long StartOffset, long EndOffset)
{
    /// <summary>Bytes in the range (event headers included).</summary>
    public long Length => EndOffset - StartOffset;
}
