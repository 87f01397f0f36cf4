using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Streams;

public sealed partial class StreamService
{
    /// <summary>
    /// Where reading the stream from its beginning starts: the truncation cut, or epoch 0's segments at offset 0
    /// (Pravega's <c>getSegments</c>, which answers the head whatever the timestamp).
    /// </summary>
    public static IReadOnlyDictionary<SegmentRecord, long> SegmentsAtHead(StreamView view)
    {
        if (view.Head.Truncation is { } truncation)
        {
            return truncation.Cut.ToDictionary(kv => view.FindSegment(kv.Key)!, kv => kv.Value);
        }
        return view.Epochs[0].Segments.ToDictionary(s => s, _ => 0L);
    }

    /// <summary>
    /// Every segment with data between two cuts (an empty cut = the head, or the tail): those of the cuts and every
    /// segment that lived in between for the keys it owns (Pravega's <c>getSegmentsBetween</c>, used by the batch client).
    /// </summary>
    public static IReadOnlyList<SegmentRecord> SegmentsBetween(StreamView view, IReadOnlyDictionary<long, long> from, IReadOnlyDictionary<long, long> to)
    {
        var start = (from.Count == 0 ? SegmentsAtHead(view).Keys : from.Keys.Select(id => view.FindSegment(id)!)).ToList();
        var end = to.Count == 0 ? view.CurrentEpoch.Segments.ToList() : to.Keys.Select(id => view.FindSegment(id)!).ToList();
        return view.Epochs.SelectMany(e => e.Segments).DistinctBy(s => s.SegmentId)
            .Where(s => start.Any(f => f.Range.Overlaps(s.Range) && f.CreationEpoch <= view.LastEpochOf(s)))
            .Where(s => end.Any(t => t.Range.Overlaps(s.Range) && s.CreationEpoch <= view.LastEpochOf(t)))
            .OrderBy(s => s.SegmentId)
            .ToList();
    }
}
