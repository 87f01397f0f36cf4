namespace Pravega.Perf.Controller.Model;

/// <summary>
/// One epoch of a stream: the segments active in it (a consistent set: disjoint, covering [0, 1)). Epoch records are
/// written once and never change, so a controller caches them forever. <see cref="ReferenceEpoch"/> is the epoch this
/// one duplicates (itself unless a rolling transaction made it: reference §1.13).
/// </summary>
public sealed record EpochRecord(int Epoch, int ReferenceEpoch, IReadOnlyList<SegmentRecord> Segments, long CreationTime)
{
    /// <summary>The segment of this epoch with the id, or null.</summary>
    public SegmentRecord? Find(long segmentId)
    {
        foreach (var segment in Segments)
        {
            if (segment.SegmentId == segmentId)
            {
                return segment;
            }
        }
        return null;
    }
}
