using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Segments;
using Pravega.Perf.Controller.Streams;
using Pravega.Perf.Controller.Watermarks;

namespace Pravega.Perf.Controller.Transactions;

/// <summary>
/// A commit with a time (Pravega's <c>commit(timestamp)</c>) is the writer's time mark: once the transaction is merged,
/// the writer's position is the stream's current segments at their lengths, which lie after every event of it
/// (Pravega composes the same position from the merge offsets).
/// </summary>
internal static class CommitTimeMarks
{
    public static async Task NoteAsync(WatermarkService watermarks, StreamService streams, IStreamSegmentStore segments, string scope, string stream,
        TransactionRecord record, CancellationToken cancellationToken)
    {
        // long.MinValue is what a writer sends for "no time" (as Pravega's client does); 0 and below never make a mark.
        if (string.IsNullOrEmpty(record.WriterId) || record.CommitTimestamp <= 0)
        {
            return;
        }
        var view = await streams.GetStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return;
        }
        var position = new Dictionary<long, long>();
        foreach (var segment in view.ActiveSegments)
        {
            var info = await segments.GetSegmentInfoAsync(StreamService.SegmentName(scope, stream, segment.SegmentId), cancellationToken).ConfigureAwait(false);
            position[segment.SegmentId] = info?.Length ?? 0;
        }
        await watermarks.NoteTimeAsync(scope, stream, record.WriterId, record.CommitTimestamp, position, cancellationToken).ConfigureAwait(false);
    }
}
