namespace Pravega.Perf.Client.Watermarks;

/// <summary>
/// One record of a stream's mark stream (Pravega's <c>io.pravega.shared.watermarks.Watermark</c>): every event
/// written before <see cref="StreamCut"/> has a time at most <see cref="UpperTimeBound"/>, and every event after it a
/// time at least <see cref="LowerTimeBound"/> (reference §1.14).
/// </summary>
public sealed record Watermark(long LowerTimeBound, long UpperTimeBound, IReadOnlyDictionary<SegmentWithRange, long> StreamCut);
