namespace Pravega.Perf.Client.Watermarks;

/// <summary>
/// A segment and the key range it owns, as a watermark's StreamCut names it (Pravega's
/// <c>io.pravega.shared.watermarks.SegmentWithRange</c>): readers compare their positions with a watermark per
/// overlapping range, so the range travels with the id.
/// </summary>
public readonly record struct SegmentWithRange(long SegmentId, double RangeLow, double RangeHigh)
{
    /// <summary>Whether the two share keys.</summary>
    public bool Overlaps(SegmentWithRange other) => other.RangeLow < RangeHigh && other.RangeHigh > RangeLow;
}
