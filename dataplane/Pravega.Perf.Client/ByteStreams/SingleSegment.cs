using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Client.ByteStreams;

/// <summary>
/// The one segment behind a byte stream and the questions both ends ask the store about it. A byte stream is a plain
/// byte sequence, so it cannot be spread over several segments: Pravega's <c>ByteStreamClientImpl</c> refuses any
/// other stream too.
/// </summary>
internal sealed class SingleSegment(Segment segment, SegmentStoreClient segments)
{
    public Segment Segment { get; } = segment;

    public string Name { get; } = segment.QualifiedName;

    public SegmentStoreClient Segments { get; } = segments;

    /// <summary>
    /// The stream's current segment, which must be its only one: a stream of several segments (or none: sealed, or
    /// missing) is <see cref="InvalidOperationException"/>.
    /// </summary>
    public static async Task<SingleSegment> ResolveAsync(ClientContext context, ScopedStream stream, CancellationToken cancellationToken)
    {
        var info = Control.ProtoConvert.Info(stream);
        var current = await context.Controller.CallAsync((c, o) => c.getCurrentSegmentsAsync(info, o), cancellationToken).ConfigureAwait(false);
        if (current.SegmentRanges_.Count != 1)
        {
            throw new InvalidOperationException(
                $"a byte stream needs a stream of exactly one segment; '{stream}' has {current.SegmentRanges_.Count} (create it with ScalingPolicy.Fixed(1))");
        }
        return new SingleSegment(new Segment(stream, current.SegmentRanges_[0].SegmentId.SegmentId_), context.Segments);
    }

    /// <summary>The first offset still stored (everything before it was truncated).</summary>
    public async Task<long> FetchHeadOffsetAsync(CancellationToken cancellationToken) =>
        (await Segments.GetSegmentInfoAsync(Name, cancellationToken).ConfigureAwait(false)).StartOffset;

    /// <summary>The offset the next written byte will get: the segment's length.</summary>
    public async Task<long> FetchTailOffsetAsync(CancellationToken cancellationToken) =>
        (await Segments.GetSegmentInfoAsync(Name, cancellationToken).ConfigureAwait(false)).WriteOffset;
}
