using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Controller.Model;

/// <summary>
/// A stream segment as the controller records it: its 64-bit id (<c>creation epoch &lt;&lt; 32 | number</c>,
/// reference §1.5), when it was created and the key range it owns for its whole life.
/// </summary>
public sealed record SegmentRecord(long SegmentId, long CreationTime, double KeyStart, double KeyEnd)
{
    /// <summary>The segment number (unique within the stream).</summary>
    public int Number => NameUtils.GetSegmentNumber(SegmentId);

    /// <summary>The epoch that created it.</summary>
    public int CreationEpoch => NameUtils.GetEpoch(SegmentId);

    /// <summary>The key range it owns.</summary>
    public KeyRange Range => new(KeyStart, KeyEnd);
}
