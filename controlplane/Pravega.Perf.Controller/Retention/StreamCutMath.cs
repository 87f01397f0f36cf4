using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Streams;

namespace Pravega.Perf.Controller.Retention;

/// <summary>
/// Order, lower bound and size of StreamCuts of one stream, from its epochs (<see cref="StreamView"/>). Two positions on
/// the same key compare by offset when they are in the same segment, and by epoch otherwise: a segment whose last epoch
/// precedes another's creation holds only older data.
/// </summary>
public static class StreamCutMath
{
    /// <summary>Where <paramref name="a"/> lies relative to <paramref name="b"/> (offset -1 = the end of the segment).</summary>
    public static CutOrder Compare(StreamView view, IReadOnlyDictionary<long, long> a, IReadOnlyDictionary<long, long> b)
    {
        bool before = false, after = false;
        foreach (var (idA, offsetA) in a)
        {
            var segmentA = view.FindSegment(idA)!;
            foreach (var (idB, offsetB) in b)
            {
                var segmentB = view.FindSegment(idB)!;
                if (!segmentA.Range.Overlaps(segmentB.Range))
                {
                    continue;
                }
                var order = ComparePositions(view, segmentA, offsetA, segmentB, offsetB);
                before |= order < 0;
                after |= order > 0;
            }
        }
        return !before ? CutOrder.EqualOrAfter : after ? CutOrder.Overlaps : CutOrder.Before;
    }

    /// <summary>Whether <paramref name="a"/> is at or after <paramref name="b"/> everywhere and differs from it somewhere.</summary>
    public static bool IsStrictlyAfter(StreamView view, IReadOnlyDictionary<long, long> a, IReadOnlyDictionary<long, long> b) =>
        Compare(view, a, b) == CutOrder.EqualOrAfter && Compare(view, b, a) != CutOrder.EqualOrAfter;

    /// <summary>
    /// The latest cut that no subscriber has not acknowledged: per key, the earliest of the subscribers' positions.
    /// When those positions do not form a cut (subscribers in different epochs on neighbouring keys), the latest of
    /// <paramref name="fallbacks"/> that every subscriber cut is at or after; null when there is none either.
    /// </summary>
    public static IReadOnlyDictionary<long, long>? LowerBound(StreamView view, IReadOnlyList<IReadOnlyDictionary<long, long>> cuts,
        IEnumerable<IReadOnlyDictionary<long, long>> fallbacks)
    {
        if (cuts.Count == 0)
        {
            return null;
        }
        var bounds = cuts.SelectMany(c => c.Keys).Select(id => view.FindSegment(id)!).SelectMany(s => new[] { s.KeyStart, s.KeyEnd })
            .Distinct().Order().ToList();
        var chosen = new Dictionary<long, long>();
        for (var i = 0; i + 1 < bounds.Count; i++)
        {
            var key = (bounds[i] + bounds[i + 1]) / 2;
            (SegmentRecord Segment, long Offset)? earliest = null;
            foreach (var cut in cuts)
            {
                var (id, offset) = cut.First(kv => view.FindSegment(kv.Key)!.Range is var r && r.Low <= key && key < r.High);
                var segment = view.FindSegment(id)!;
                if (earliest is null || ComparePositions(view, segment, offset, earliest.Value.Segment, earliest.Value.Offset) < 0)
                {
                    earliest = (segment, offset);
                }
            }
            chosen[earliest!.Value.Segment.SegmentId] = earliest.Value.Offset;
        }
        if (view.IsValidCut(chosen))
        {
            return chosen;
        }
        return fallbacks.LastOrDefault(f => cuts.All(c => Compare(view, c, f) == CutOrder.EqualOrAfter));
    }

    /// <summary>
    /// Bytes written to the stream before the cut since its creation: the cut's offsets plus the whole length of every
    /// segment before it. <paramref name="lengths"/> holds the length of every segment the stream ever had.
    /// </summary>
    public static long SizeOf(StreamView view, IReadOnlyDictionary<long, long> cut, IReadOnlyDictionary<long, long> lengths)
    {
        long size = 0;
        foreach (var (id, offset) in cut)
        {
            size += offset >= 0 ? offset : lengths.GetValueOrDefault(id);
        }
        foreach (var segment in StreamService.SegmentsBefore(view, cut))
        {
            size += lengths.GetValueOrDefault(segment.SegmentId);
        }
        return size;
    }

    /// <summary>Negative when (a, offsetA) holds older data than (b, offsetB) on the keys they share, positive when newer.</summary>
    private static int ComparePositions(StreamView view, SegmentRecord a, long offsetA, SegmentRecord b, long offsetB)
    {
        if (a.SegmentId == b.SegmentId)
        {
            return EndIsMax(offsetA).CompareTo(EndIsMax(offsetB));
        }
        if (view.LastEpochOf(a) < b.CreationEpoch)
        {
            return -1;
        }
        return view.LastEpochOf(b) < a.CreationEpoch ? 1 : 0;
    }

    private static long EndIsMax(long offset) => offset < 0 ? long.MaxValue : offset;
}
