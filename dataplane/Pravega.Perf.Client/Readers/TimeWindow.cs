namespace Pravega.Perf.Client.Readers;

/// <summary>
/// Where a reader group is in event time (Pravega's <c>TimeWindow</c>): every event still to be read has a time of at
/// least <see cref="Lower"/> (null: not known yet, near the head), and the group has not read past events with a time
/// above <see cref="Upper"/> (null: at the tail, no watermark ahead).
/// </summary>
public readonly record struct TimeWindow(long? Lower, long? Upper);
