using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Retention;
using Pravega.Perf.Controller.Segments;

namespace Pravega.Perf.Controller.Streams;

/// <summary>
/// A StreamCut for a wall-clock time (issue 13; Pravega has no such call): the segments of the epoch alive at that time,
/// each at the offset of its first event appended at or after it (<see cref="SegmentTimeIndex"/>). Every segment of an
/// earlier epoch stopped receiving data before that epoch ended, and every later segment began after it, so reading
/// from the cut yields every event written at or after the time (and, within the indexer's lag, a few just before).
/// </summary>
public sealed class StreamCutAtTime(StreamService streams, SegmentTimeIndex index)
{
    /// <summary>
    /// The cut for <paramref name="timeMillis"/> (Unix ms). A time before the stream's head (data truncated away)
    /// answers the head; a time after the last append answers the tail.
    /// </summary>
    public async Task<OperationResult<IReadOnlyDictionary<long, long>>> GetAsync(string scope, string stream, long timeMillis, CancellationToken cancellationToken)
    {
        if (timeMillis < 0)
        {
            return OperationResult<IReadOnlyDictionary<long, long>>.Fail(OperationStatus.InvalidArgument, "timestamp must be >= 0 (Unix milliseconds)");
        }
        if (await streams.GetStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false) is not { } view)
        {
            return OperationResult<IReadOnlyDictionary<long, long>>.Fail(OperationStatus.StreamNotFound, $"stream '{scope}/{stream}' does not exist");
        }
        var head = StreamService.SegmentsAtHead(view).ToDictionary(kv => kv.Key.SegmentId, kv => kv.Value);
        var cut = new Dictionary<long, long>();
        foreach (var segment in EpochAt(view, timeMillis).Segments)
        {
            var offset = await index.OffsetAtAsync(StreamService.SegmentName(scope, stream, segment.SegmentId), timeMillis, cancellationToken)
                .ConfigureAwait(false);
            if (offset is null)
            {
                // Deleted by a truncation: the time lies before the head there.
                return OperationResult<IReadOnlyDictionary<long, long>>.Ok(head);
            }
            cut[segment.SegmentId] = offset.Value;
        }
        // A cut partly before the head cannot be read from; the head itself holds everything after the time.
        return OperationResult<IReadOnlyDictionary<long, long>>.Ok(
            StreamCutMath.Compare(view, cut, head) == CutOrder.EqualOrAfter ? cut : head);
    }

    /// <summary>The last epoch created at or before the time (epoch 0 for earlier times).</summary>
    private static EpochRecord EpochAt(StreamView view, long timeMillis)
    {
        var epoch = view.Epochs[0];
        for (var e = 1; e <= view.Head.CurrentEpoch && view.Epochs[e].CreationTime <= timeMillis; e++)
        {
            epoch = view.Epochs[e];
        }
        return epoch;
    }
}
