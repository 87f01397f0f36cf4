namespace Pravega.Perf.Controller.Model;

/// <summary>
/// A scale that has been accepted but not finished: the segments it seals, the ranges of the segments it creates (in
/// order, numbered from <see cref="FirstNewSegmentNumber"/>) and the epoch it leads to. Written into the stream's head
/// record before any segment store is touched, so a restarted controller finishes the same scale.
/// </summary>
public sealed record EpochTransition(
    int NewEpoch,
    IReadOnlyList<long> SegmentsToSeal,
    IReadOnlyList<KeyRange> NewRanges,
    int FirstNewSegmentNumber,
    long ScaleTimestamp)
{
    /// <summary>The ids of the segments this scale creates, in the order of <see cref="NewRanges"/>.</summary>
    public IEnumerable<long> NewSegmentIds()
    {
        for (var i = 0; i < NewRanges.Count; i++)
        {
            yield return ((long)NewEpoch << 32) | (uint)(FirstNewSegmentNumber + i);
        }
    }

    /// <summary>Same scale request (a repeat of it is idempotent).</summary>
    public bool SameRequest(IReadOnlyCollection<long> segmentsToSeal, IReadOnlyList<KeyRange> newRanges) =>
        new HashSet<long>(SegmentsToSeal).SetEquals(segmentsToSeal) && NewRanges.SequenceEqual(newRanges);
}
